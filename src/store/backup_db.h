/* backup_db.h — what a backup takes from a database, and gives back.
 *
 * SQLite: VACUUM INTO a file beside the backup, one consistent snapshot
 * while a server goes on writing (readers never block the writer in WAL
 * mode).  PostgreSQL: pg_dump --format=custom inside a snapshot this
 * connection exports, so the manifest's audit head is the dump's own.
 * The tools are spawned without a shell: a URL is an argument, never
 * text a shell reads. */
#ifndef WAYPOINT_BACKUP_DB_H
#define WAYPOINT_BACKUP_DB_H

#include "db.h"

#include <stddef.h>
#include <stdint.h>

/* What the manifest says of the data, and restore checks again. */
struct backup_facts {
	int schema_version;
	int64_t audit_entries, audit_seq;
	char audit_hash[160];
};

/* backup_snapshot writes a consistent copy of db (opened on url) to path
 * and fills facts from that same state.  0, or -1 with err. */
int backup_snapshot(struct db *db, const char *url, const char *path,
                    struct backup_facts *facts, char *err, size_t errlen);

/* backup_read_facts reads facts from db as it is now. */
enum db_status backup_read_facts(struct db *db, struct backup_facts *facts);

/* backup_tables counts the tables in db's schema: a restore goes only
 * into a database with none (unless forced). */
enum db_status backup_tables(struct db *db, int64_t *tables);

/* backup_in_use: whether another process has the database open — an SQLite
 * file's connections (1 when any), or PostgreSQL's other sessions on that
 * database (how many) — in *others.  A restore does not replace a
 * database a server is using. */
enum db_status backup_in_use(struct db *db, const char *url, int64_t *others);

/* backup_sqlite_check: whether the SQLite file at path opens and passes
 * PRAGMA integrity_check.  0, or -1 with err. */
int backup_sqlite_check(const char *path, char *err, size_t errlen);

/* backup_pg_restore runs pg_restore --no-owner --single-transaction of
 * file into url (with clean: dropping what the dump holds first).  0, or
 * -1 with err. */
int backup_pg_restore(const char *url, const char *file, int clean, char *err,
                      size_t errlen);

#endif
