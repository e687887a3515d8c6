/* db_files.h — for unit tests that make SQLite files of their own. */
#ifndef WAYPOINT_TEST_DB_FILES_H
#define WAYPOINT_TEST_DB_FILES_H

#include "auth/audit.h"
#include "auth/audit_key.h"
#include "auth/secret.h"
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
	/* and its audit key, which this process forgets too */
	audit_key_path(NULL, path, p, sizeof p);
	unlink(p);
	audit_checkpoint_path(NULL, path, "", p, sizeof p);
	unlink(p);
	audit_keys_forget();
}

/* Opens the database at path with its schema brought up to date and its
 * audit log sealed with a key file beside it, as `waypoint init` leaves
 * it; NULL if any of it fails. */
static inline struct db *open_migrated_db(const char *path)
{
	char err[512], key[4096];
	int applied;
	bool created;
	struct db *db = db_open(path, err, sizeof err);
	audit_key_path(NULL, path, key, sizeof key);
	if (db && (secret_init() || migrate_apply(db, &applied) != DB_OK ||
	           audit_keys_create(key, &created, err, sizeof err) ||
	           audit_seal(db, err, sizeof err) < 0)) {
		db_close(db);
		db = NULL;
	}
	return db;
}

#endif
