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

/* db_durable makes every commit db has seen durable.  With SQLite's group
 * commit another connection's commit is visible up to one fsync before it
 * is (sqlite_commit.c): what is signed or reported outside the database,
 * such as an audit checkpoint, must not name a state a power cut can take
 * back.  PostgreSQL shows a commit only once it is durable
 * (synchronous_commit=on): nothing to do.  Returns DB_OK, or
 * DB_UNAVAILABLE with db_errmsg. */
enum db_status db_durable(struct db *db);

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
/* db_pool_counts: connections open (lent or idle), idle, and the most
 * there may be, for /metrics. */
void db_pool_counts(int *open, int *idle, int *max);

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

/* ---- Typed statements: one call per statement ------------------------
 *
 * A store function names its SQL and its typed arguments in one call, in
 * the order of the `?` placeholders (kcgi-framework's statement tables):
 *
 *	return db_run(db, "UPDATE teams SET name = ? WHERE id = ?",
 *	              DB_TEXT(name), DB_INT(id));
 *
 * The SQL must still be a literal.  The argument macros are typed: a
 * number given to DB_TEXT, or text to DB_INT, does not compile. */
enum db_arg_kind { DB_ARG_TEXT = 1, DB_ARG_INT, DB_ARG_NULL };
struct db_arg {
	enum db_arg_kind kind;
	const char *text;
	int64_t i;
};
/* text; NULL binds SQL NULL */
#define DB_TEXT(s) ((struct db_arg){DB_ARG_TEXT, (s), 0})
#define DB_INT(v)  ((struct db_arg){DB_ARG_INT, NULL, (int64_t)(v)})
#define DB_BOOL(v) ((struct db_arg){DB_ARG_INT, NULL, (v) ? 1 : 0})
#define DB_NULL    ((struct db_arg){DB_ARG_NULL, NULL, 0})
/* an id where 0 means none: binds NULL for 0 */
#define DB_ID_OR_NULL(v)                                                       \
	((struct db_arg){(v) ? DB_ARG_INT : DB_ARG_NULL, NULL, (int64_t)(v)})

/* The arguments as an array and its length; the leading unused element
 * lets a statement take none. */
#define DB_ARGS(...)                                                           \
	((const struct db_arg[]){{0}, __VA_ARGS__}) + 1,                       \
	    (int)(sizeof((const struct db_arg[]){{0}, __VA_ARGS__}) /          \
	          sizeof(struct db_arg)) -                                     \
	        1

/* db_query prepares sql and binds the arguments: the rows are read with
 * db_row and the statement ended with db_end (NULL on failure, which
 * db_row and db_end accept):
 *
 *	struct db_stmt *st = db_query(db, "SELECT id, name FROM teams");
 *	while (db_row(st))
 *		…db_column_int(st, 0)…
 *	return db_end(db, st);   // DB_DONE, or the error */
#define db_query(db, sql, ...)                                                 \
	db_query_args((db), "" sql "", DB_ARGS(__VA_ARGS__))
/* db_run runs a statement that returns no rows (or whose rows are not
 * wanted): DB_OK, or the error. */
#define db_run(db, sql, ...) db_run_args((db), "" sql "", DB_ARGS(__VA_ARGS__))
/* db_one_int reads the first column of the first row: DB_ROW with *out
 * set, DB_DONE when there is no row (*out untouched), or the error.
 * "UPDATE … RETURNING id" with it tells whether a row matched. */
#define db_one_int(db, sql, out, ...)                                          \
	db_one_int_args((db), "" sql "", (out), DB_ARGS(__VA_ARGS__))
/* db_one_text: as db_one_int, the text copied into arena a. */
#define db_one_text(db, a, sql, out, ...)                                      \
	db_one_text_args((db), (a), "" sql "", (out), DB_ARGS(__VA_ARGS__))
/* db_run_returning_id runs "INSERT … RETURNING id": DB_OK with *id set,
 * or the error (a statement that returns no row is DB_ERROR). */
#define db_run_returning_id(db, sql, id, ...)                                  \
	db_run_returning_id_args((db), "" sql "", (id), DB_ARGS(__VA_ARGS__))

struct db_stmt *db_query_args(struct db *db, const char *sql,
                              const struct db_arg *args, int n);
enum db_status db_run_args(struct db *db, const char *sql,
                           const struct db_arg *args, int n);
enum db_status db_one_int_args(struct db *db, const char *sql, int64_t *out,
                               const struct db_arg *args, int n);
struct arena;
enum db_status db_one_text_args(struct db *db, struct arena *a, const char *sql,
                                const char **out, const struct db_arg *args,
                                int n);
enum db_status db_run_returning_id_args(struct db *db, const char *sql,
                                        int64_t *id, const struct db_arg *args,
                                        int n);

/* db_bind_args binds an array of arguments to a statement from
 * db_prepare, for the rare statement whose number of arguments depends on
 * the way taken (the name search); db_row and db_end then read it.
 * Returns st (NULL for NULL). */
struct db_stmt *db_bind_args(struct db_stmt *st, const struct db_arg *args,
                             int n);

/* db_row steps to the next row: true while rows come; false at the end,
 * on an error (kept for db_end) or for a NULL statement. */
bool db_row(struct db_stmt *st);
/* db_end finishes a statement from db_query: DB_DONE when its rows were
 * read without error (or the reading stopped early), the error
 * otherwise, db's last error for a NULL statement. */
enum db_status db_end(struct db *db, struct db_stmt *st);

/* db_column_bool reads a boolean column the same on both databases
 * (SQLite stores 1/0, PostgreSQL answers t/f). */
bool db_column_bool(struct db_stmt *st, int col);
/* db_column_dup copies a text column into arena a ("" for NULL). */
const char *db_column_dup(struct db_stmt *st, struct arena *a, int col);

/* ---- Rows into structs ---------------------------------------------------
 * A column table says where each selected column goes, in SELECT order:
 *
 *	static const struct db_col team_cols[] = {
 *	    DB_COL_INT(struct team, id), DB_COL_TEXT(struct team, name)};
 *
 * db_read_row fills one struct; db_read_list reads up to max rows into a
 * new arena array. */
enum db_col_type {
	DB_COL_I64,
	DB_COL_I32,
	DB_COL_STR,
	DB_COL_BOOLEAN,
	DB_COL_SKIP
};
struct db_col {
	enum db_col_type type;
	size_t offset;
};
#define DB_COL_INT(T, m)                                                       \
	{                                                                      \
		DB_COL_I64, offsetof(T, m)                                     \
	}
#define DB_COL_INT32(T, m)                                                     \
	{                                                                      \
		DB_COL_I32, offsetof(T, m)                                     \
	}
#define DB_COL_TEXT(T, m)                                                      \
	{                                                                      \
		DB_COL_STR, offsetof(T, m)                                     \
	}
#define DB_COL_BOOL(T, m)                                                      \
	{                                                                      \
		DB_COL_BOOLEAN, offsetof(T, m)                                 \
	}
#define DB_COLS(cols) (cols), (int)(sizeof(cols) / sizeof((cols)[0]))

void db_read_row(struct db_stmt *st, struct arena *a, const struct db_col *cols,
                 int ncols, void *out);
/* db_read_list: steps st (from db_query) for up to max rows of size bytes
 * each into *out (arena memory that grows with the rows, zero-filled, not
 * NULL even when none came), ends it, and returns db_end's answer. */
enum db_status db_read_list(struct db *db, struct db_stmt *st, struct arena *a,
                            const struct db_col *cols, int ncols, size_t size,
                            int max, void **out, int *count);
/* What a driver does well or differently, for the few statements that
 * take another path on one database. */
enum db_capability {
	/* RETURNING rows come back without a temporary table (PostgreSQL;
	 * SQLite gathers them first, 28 % of an audit append) */
	DB_CAP_CHEAP_RETURNING = 1 << 0,
	/* names are found through the trigram table of migration 12
	 * (SQLite); PostgreSQL's pg_trgm index needs no help */
	DB_CAP_GRAM_TABLE = 1 << 1,
};
bool db_has(const struct db *db, enum db_capability cap);

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

/* db_read_only: whether the database would refuse writes (an SQLite file
 * opened read-only; a PostgreSQL standby or read-only database). */
bool db_read_only(struct db *db);

#endif
