/* db_files.h — for unit tests that make SQLite files of their own. */
#ifndef WAYPOINT_TEST_DB_FILES_H
#define WAYPOINT_TEST_DB_FILES_H

#include "store/db.h"
#include "store/migrations.h"

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

/* Opens the database at path with its schema brought up to date; NULL if
 * either fails. */
static inline struct db *open_migrated_db(const char *path)
{
	char err[256];
	int applied;
	struct db *db = db_open(path, err, sizeof err);
	if (db && migrate_apply(db, &applied) != DB_OK) {
		db_close(db);
		db = NULL;
	}
	return db;
}

#endif
