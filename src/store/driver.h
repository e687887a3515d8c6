/* driver.h — what a database driver provides to db.c.  Private to store/. */
#ifndef WAYPOINT_DRIVER_H
#define WAYPOINT_DRIVER_H

#include "db.h"

#include <stdatomic.h>

struct db_driver {
	enum db_kind kind;
	const char *begin_sql; /* how a write transaction starts */
	/* one writer at a time in this process, waiting on a mutex rather than
	 * the database's sleep-and-retry busy handler (SQLite) */
	bool serialize_writers;
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
	void (*reset)(void *stmt);
	enum db_status (*exec)(void *conn, const char *sql, char *err,
	                       size_t errlen);
	/* optional: starts or stops a server's background work */
	void (*background)(const char *url, bool start);
};

extern const struct db_driver db_driver_sqlite;
extern const struct db_driver db_driver_postgres;

/* sqlite_checkpoint.c */
void sqlite_background(const char *url, bool start);
extern atomic_bool sqlite_checkpoints_in_background;

#endif
