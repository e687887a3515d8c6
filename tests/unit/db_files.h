/* db_files.h — for unit tests that make SQLite files of their own. */
#ifndef WAYPOINT_TEST_DB_FILES_H
#define WAYPOINT_TEST_DB_FILES_H

#include <stdio.h>
#include <unistd.h>

/* Removes the database at path with its write-ahead log and shared
 * memory files, so that no test meets an earlier one's. */
static inline void remove_db_files(const char *path)
{
	char p[4096];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

#endif
