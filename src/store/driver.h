/* driver.h — what a database driver provides to db.c.  Private to store/. */
#ifndef WAYPOINT_DRIVER_H
#define WAYPOINT_DRIVER_H

#include "db.h"

#include <stdatomic.h>

struct db_driver {
	enum db_kind kind;
	unsigned capabilities;      /* enum db_capability bits */
	const char *begin_sql;      /* how a write transaction starts */
	const char *read_begin_sql; /* optional: db_read_begin */
	/* one writer at a time in this process, waiting on a mutex rather than
	 * the database's sleep-and-retry busy handler (SQLite) */
	bool serialize_writers;
	/* the server's connections per CPU core by default (db_pool.c) */
	int connections_per_core;
	const char *id_column; /* replaces {{ID}} in migrations */
	void *(*open)(const char *url, char *err, size_t errlen);
	void (*close)(void *conn);
	/* prepare returns a driver statement, or NULL with *status set */
	void *(*prepare)(void *conn, const char *sql, enum db_status *status,
	                 char *err, size_t errlen);
	void (*finalize)(void *stmt);
	void (*bind_text)(void *stmt, int idx, const char *text);
	void (*bind_int)(void *stmt, int idx, int64_t value);
	void (*bind_null)(void *stmt, int idx);
	enum db_status (*step)(void *stmt, char *err, size_t errlen);
	const char *(*column_text)(void *stmt, int col);
	int64_t (*column_int)(void *stmt, int col);
	bool (*column_null)(void *stmt, int col);
	/* optional: a boolean column, where reading it as text would cost a
	 * conversion (SQLite stores 1/0); otherwise db.c reads the text */
	bool (*column_bool)(void *stmt, int col);
	void (*reset)(void *stmt);
	bool (*writes)(void *stmt); /* optional, with read_begin_sql */
	enum db_status (*exec)(void *conn, const char *sql, char *err,
	                       size_t errlen);
	/* optional: makes this thread's last commit durable, when COMMIT
	 * returned before it was (group commit) */
	enum db_status (*settle)(void *conn, char *err, size_t errlen);
	/* optional: db_durable */
	enum db_status (*durable)(void *conn, char *err, size_t errlen);
	/* optional: db_commit_counts */
	bool (*commit_counts)(void *conn, struct db_commit_counts *out);
	/* whether writes would be refused (db_read_only) */
	bool (*read_only)(void *conn);
	/* optional: starts or stops a server's background work */
	void (*background)(const char *url, bool start);
};

extern const struct db_driver db_driver_sqlite;
extern const struct db_driver db_driver_postgres;

/* sqlite_commit.c */
struct sqlite3;
void sqlite_group_commit(struct sqlite3 *conn);
enum db_status sqlite_settle(void *conn, char *err, size_t errlen);
enum db_status sqlite_durable(void *conn, char *err, size_t errlen);
bool sqlite_commit_counts(void *conn, struct db_commit_counts *out);
/* Syncs the log (SQLITE_FCNTL_JOURNAL_POINTER) or the database file
 * (SQLITE_FCNTL_FILE_POINTER) through SQLite's own handle. */
int sqlite_sync_file(struct sqlite3 *conn, int which);

/* db.c: the process's writer turn (serialize_writers), for work that must
 * keep writers out without being one (a RESTART checkpoint) */
void db_writer_turn_lock(void);
void db_writer_turn_unlock(void);

/* sqlite_checkpoint.c */
void sqlite_background(const char *url, bool start);
extern atomic_bool sqlite_checkpoints_in_background;

#endif
