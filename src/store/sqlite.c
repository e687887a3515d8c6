/* sqlite.c — the SQLite driver: the embedded default.
 *
 * Each connection runs in WAL mode, so readers never block the writer, and
 * enforces foreign keys.  A write is acknowledged only once the log is on
 * disk (durable on power loss): sqlite_commit.c shares one fsync among the
 * commits that arrive together. */
#include "driver.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static enum db_status status_of(int rc)
{
	switch (rc & 0xff) { /* primary code; extended codes keep the class */
	case SQLITE_OK:
		return DB_OK;
	case SQLITE_ROW:
		return DB_ROW;
	case SQLITE_DONE:
		return DB_DONE;
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_NOMEM:
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_PROTOCOL:
		return DB_UNAVAILABLE;
	default:
		return DB_ERROR;
	}
}

static void set_err(sqlite3 *conn, char *err, size_t errlen)
{
	snprintf(err, errlen, "sqlite: %s",
	         conn ? sqlite3_errmsg(conn) : "error");
}

/* strpos(haystack, needle) as PostgreSQL has it: the 1-based position of
 * needle, 0 when absent, NULL when either is NULL.  Searching a name for
 * a part of it is then one query for both databases, and strstr is many
 * times faster than LIKE '%x%' with an ESCAPE clause. */
static void sql_strpos(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *hay = (const char *)sqlite3_value_text(argv[0]);
	const char *needle = (const char *)sqlite3_value_text(argv[1]);
	if (!hay || !needle) {
		sqlite3_result_null(ctx);
		return;
	}
	const char *at = strstr(hay, needle);
	sqlite3_result_int64(ctx, at ? (sqlite3_int64)(at - hay) + 1 : 0);
}

static bool in_wal_mode(sqlite3 *conn)
{
	sqlite3_stmt *st = NULL;
	bool wal = false;
	if (sqlite3_prepare_v2(conn, "PRAGMA journal_mode", -1, &st, NULL) ==
	        SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		wal = !strcmp((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	return wal;
}

static void configure_library(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static void *sq_open(const char *url, char *err, size_t errlen)
{
	/* Before the library starts: no global memory statistics, whose mutex
	 * every allocation in every thread would otherwise take. */
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, configure_library);
	sqlite3 *conn = NULL;
	int flags =
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (!strncmp(url, "sqlite://", 9))
		url += 9;
	if (sqlite3_open_v2(url, &conn, flags, NULL) != SQLITE_OK) {
		set_err(conn, err, errlen);
		sqlite3_close(conn);
		return NULL;
	}
	sqlite3_extended_result_codes(conn, 1);
	sqlite3_create_function(conn, "strpos", 2,
	                        SQLITE_UTF8 | SQLITE_DETERMINISTIC |
	                            SQLITE_INNOCUOUS,
	                        NULL, sql_strpos, NULL, NULL);
	sqlite3_busy_timeout(conn, 5000);
	static const char setup[] = "PRAGMA journal_mode=WAL;"
	                            "PRAGMA foreign_keys=ON;"
	                            /* 64 MiB of pages per connection instead
	                             * of 2: a team's persons are spread thin
	                             * over the file, and each worker keeps
	                             * its team's pages (bench/people.sh) */
	                            "PRAGMA cache_size=-65536;";
	char *msg = NULL;
	if (sqlite3_exec(conn, setup, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "sqlite: %s",
		         msg ? msg : "set-up failed");
		sqlite3_free(msg);
		sqlite3_close(conn);
		return NULL;
	}
	/* A file that cannot use a log (in memory, say) syncs each commit. */
	if (in_wal_mode(conn)) {
		sqlite3_exec(conn, "PRAGMA synchronous=NORMAL", NULL, NULL,
		             NULL);
		sqlite_group_commit(conn);
	} else {
		sqlite3_exec(conn, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	}
	if (atomic_load(&sqlite_checkpoints_in_background))
		sqlite3_wal_autocheckpoint(conn, 0);
	return conn;
}

static void sq_close(void *conn)
{
	sqlite3_close_v2(conn);
}

static void *sq_prepare(void *conn, const char *sql, enum db_status *status,
                        char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT,
	                            &st, NULL);
	if (rc != SQLITE_OK) {
		*status = status_of(rc);
		set_err(conn, err, errlen);
		return NULL;
	}
	return st;
}

static void sq_finalize(void *st)
{
	sqlite3_finalize(st);
}

static void sq_bind_text(void *st, int idx, const char *text)
{
	sqlite3_bind_text(st, idx, text, -1, SQLITE_TRANSIENT);
}

static void sq_bind_int(void *st, int idx, int64_t v)
{
	sqlite3_bind_int64(st, idx, v);
}

static void sq_bind_null(void *st, int idx)
{
	sqlite3_bind_null(st, idx);
}

static enum db_status sq_step(void *st, char *err, size_t errlen)
{
	int rc = sqlite3_step(st);
	enum db_status s = status_of(rc);
	if (s != DB_ROW && s != DB_DONE)
		set_err(sqlite3_db_handle(st), err, errlen);
	return s;
}

static const char *sq_column_text(void *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? (const char *)t : "";
}

static int64_t sq_column_int(void *st, int col)
{
	return sqlite3_column_int64(st, col);
}

/* Booleans are stored as 1 and 0 (SQLite's TRUE and FALSE are numbers). */
static bool sq_column_bool(void *st, int col)
{
	return sq_column_int(st, col) != 0;
}

static bool sq_column_null(void *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL;
}

/* A file opened read-only (its permissions, or a read-only mount). */
static bool sq_read_only(void *conn)
{
	return sqlite3_db_readonly(conn, "main") == 1;
}

static bool sq_writes(void *st)
{
	return !sqlite3_stmt_readonly(st);
}

static void sq_reset(void *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static enum db_status sq_exec(void *conn, const char *sql, char *err,
                              size_t errlen)
{
	char *msg = NULL;
	int rc = sqlite3_exec(conn, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		snprintf(err, errlen, "sqlite: %s",
		         msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	return rc == SQLITE_OK ? DB_OK : status_of(rc);
}

const struct db_driver db_driver_sqlite = {
    .kind = DB_SQLITE,
    .capabilities = DB_CAP_GRAM_TABLE,
    .begin_sql = "BEGIN IMMEDIATE",
    .read_begin_sql = "BEGIN DEFERRED",
    .serialize_writers = true,
    /* requests wait for their audit entry's fsync holding a connection,
     * and a connection costs only its page cache */
    .connections_per_core = 16,
    .id_column = "INTEGER PRIMARY KEY",
    .open = sq_open,
    .close = sq_close,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .bind_text = sq_bind_text,
    .bind_int = sq_bind_int,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .column_text = sq_column_text,
    .column_int = sq_column_int,
    .column_bool = sq_column_bool,
    .column_null = sq_column_null,
    .reset = sq_reset,
    .writes = sq_writes,
    .exec = sq_exec,
    .background = sqlite_background,
    .settle = sqlite_settle,
    .durable = sqlite_durable,
    .commit_counts = sqlite_commit_counts,
    .read_only = sq_read_only,
};
