/* db.h — the storage interface every feature uses.
 *
 * One `struct db` is one connection; the server lends one to each request
 * (db_pool_take).  SQL is written once, with `?` placeholders, in the
 * dialect SQLite and PostgreSQL share; each driver owns the differences
 * (placeholder syntax, identity columns, how a write transaction begins).
 *
 * SQL text must be a string literal: db_prepare() and db_exec() are macros
 * that only compile with one, so user data can only ever reach SQL as a
 * bound parameter.  Statements are prepared once per connection and cached. */
#ifndef WAYPOINT_DB_H
#define WAYPOINT_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Results.  The error values tell the HTTP layer what to answer:
 * DB_CONSTRAINT → 409, DB_UNAVAILABLE (disk full, I/O error, connection
 * lost, locked too long) → 503, DB_ERROR (a bug) → 500. */
enum db_status {
	DB_OK = 0,
	DB_ROW,
	DB_DONE,
	DB_CONSTRAINT,
	DB_UNAVAILABLE,
	DB_ERROR,
};

enum db_kind { DB_SQLITE, DB_POSTGRES };

struct db;
struct db_stmt;

/* db_open connects to url: "postgres://…" / "postgresql://…" select
 * PostgreSQL, anything else is a SQLite file path.  Returns NULL with a
 * message in err on failure.  The caller owns the result (db_close). */
struct db *db_open(const char *url, char *err, size_t errlen);
void db_close(struct db *db);
enum db_kind db_kind(const struct db *db);

/* How the database file's commits met the disk in this process: commits
 * made durable, and the fsyncs that did it (fewer when commits shared
 * one).  False where the driver does not count (PostgreSQL). */
struct db_commit_counts {
	uint64_t commits, durable, fsyncs;
};
bool db_commit_counts(struct db *db, struct db_commit_counts *out);

/* db_errmsg is the last error's text, for logs and the command line; it may
 * contain SQL but never bound values. */
const char *db_errmsg(const struct db *db);

/* db_background starts (or stops) what a database needs done beside the
 * requests while a server runs: for SQLite, checkpoints of its log. */
void db_background(const char *url, bool start);

/* The server's connections (db_pool.c).  db_pool_size sets how many may be
 * open at once (8 unless told; -1 if out of memory).  db_pool_take lends
 * one to url, opening it if none is idle and the pool is not full, and
 * waits otherwise; NULL and err when it cannot be opened.  db_pool_give
 * takes it back (NULL is ignored), ending its snapshot and rolling back a
 * transaction left open.  db_pool_close closes the idle ones. */
int db_pool_size(int max);
/* How many connections a server should have per CPU core by default. */
int db_connections_per_core(const char *url);
struct db *db_pool_take(const char *url, char *err, size_t errlen);
void db_pool_give(struct db *db);
void db_pool_close(void);

#define db_prepare(db, sql) db_prepare_literal((db), "" sql "")
#define db_exec(db, sql)    db_exec_literal((db), "" sql "")

/* db_prepare_literal returns the cached statement for sql (owned by the
 * connection), or NULL on error (see db_errmsg, db_last_status).  Always
 * pair with db_done(). */
struct db_stmt *db_prepare_literal(struct db *db, const char *sql);
enum db_status db_last_status(const struct db *db);

/* Parameters count from 1.  Text is copied; NULL text binds SQL NULL. */
void db_bind_text(struct db_stmt *st, int idx, const char *text);
void db_bind_int(struct db_stmt *st, int idx, int64_t value);
void db_bind_null(struct db_stmt *st, int idx);

/* db_step runs the statement or moves to its next row: DB_ROW while rows
 * come, DB_DONE at the end, an error status otherwise. */
enum db_status db_step(struct db_stmt *st);

/* Columns count from 0.  Text stays valid until the next db_step/db_done;
 * NULL reads as "" (text) or 0 (int) — test with db_column_null. */
const char *db_column_text(struct db_stmt *st, int col);
int64_t db_column_int(struct db_stmt *st, int col);
bool db_column_null(struct db_stmt *st, int col);

/* db_done resets the statement and clears its bindings for the next use. */
void db_done(struct db_stmt *st);

/* db_exec_literal runs SQL without parameters or rows (transactions). */
enum db_status db_exec_literal(struct db *db, const char *sql);

/* A write transaction.  SQLite takes the write lock at BEGIN so that two
 * writers never deadlock on upgrade; the commit returns only when durable
 * (WAL + synchronous=FULL, PostgreSQL synchronous_commit=on).  They nest:
 * inside another transaction, begin and commit only count, and a rollback
 * makes the outermost commit roll back (and fail) too. */
enum db_status db_begin(struct db *db);
enum db_status db_commit(struct db *db);
void db_rollback(struct db *db);
bool db_in_transaction(const struct db *db);

/* A request's reads in one snapshot: the same state throughout, and on
 * SQLite one lock and one look at the log instead of one per statement
 * (each look after another connection's commit empties the page cache).
 * A no-op where the driver gains nothing (PostgreSQL: two more round
 * trips).  A write ends the snapshot first: db_begin does, and so does a
 * statement that writes on its own; so does audit_record before it waits
 * for the audit writer.  db_read_end may be called when none is open. */
void db_read_begin(struct db *db);
void db_read_end(struct db *db);

/* db_exec_schema runs a migration script: several statements, with the
 * dialect tokens of migrations.h replaced.  Only store/migrate.c calls it. */
enum db_status db_exec_schema(struct db *db, const char *script);

/* db_ping answers whether the database responds (for /healthz). */
enum db_status db_ping(struct db *db);

#endif
