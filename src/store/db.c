/* db.c — the driver-independent half of db.h: dispatch, the per-connection
 * statement cache, transactions and the per-thread connection. */
#include "db.h"
#include "driver.h"
#include "../core/arena.h"
#include "../core/buf.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct db_stmt {
	struct db *db;
	const char *sql; /* the literal: its address is the cache key */
	void *impl;
	enum db_status status; /* db_row's last step, for db_end */
};

struct db {
	const struct db_driver *drv;
	void *conn;
	enum db_status last;
	char errmsg[512];
	struct db_stmt *
	    *cache; /* grows; a program has a few hundred statements */
	size_t ncache, capcache;
	int depth;    /* db_begin nesting: only the outermost is real */
	bool doomed;  /* an inner level rolled back: the outer one must too */
	bool writer;  /* holds the process's writer turn (serialize_writers) */
	bool reading; /* in db_read_begin's snapshot */
};

/* SQLite lets one writer in at a time; the others sleep and retry with
 * growing pauses (up to 100 ms), which made the slowest of a few parallel
 * writes wait most of a second (bench/notes.sh).  Waiting on a mutex
 * instead wakes the next writer the moment the last one commits.  The
 * count lets a thread that holds the turn open another connection's
 * transaction without waiting on itself. */
static pthread_mutex_t writer_turn = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local int writer_turns_held;

void db_writer_turn_lock(void)
{
	pthread_mutex_lock(&writer_turn);
}

void db_writer_turn_unlock(void)
{
	pthread_mutex_unlock(&writer_turn);
}

static void writer_take(struct db *db)
{
	if (!db->drv->serialize_writers)
		return;
	if (writer_turns_held++ == 0)
		pthread_mutex_lock(&writer_turn);
	db->writer = true;
}

static void writer_give(struct db *db)
{
	if (!db->writer)
		return;
	db->writer = false;
	if (--writer_turns_held == 0)
		pthread_mutex_unlock(&writer_turn);
}

static const struct db_driver *driver_for(const char *url)
{
	if (!strncmp(url, "postgres://", 11) ||
	    !strncmp(url, "postgresql://", 13))
		return &db_driver_postgres;
	return &db_driver_sqlite;
}

int db_connections_per_core(const char *url)
{
	return driver_for(url)->connections_per_core;
}

struct db *db_open(const char *url, char *err, size_t errlen)
{
	const struct db_driver *drv = driver_for(url);
	void *conn = drv->open(url, err, errlen);
	if (!conn)
		return NULL;
	struct db *db = xcalloc(1, sizeof *db);
	db->drv = drv;
	db->conn = conn;
	return db;
}

void db_background(const char *url, bool start)
{
	const struct db_driver *drv = driver_for(url);
	if (drv->background)
		drv->background(url, start);
}

void db_close(struct db *db)
{
	if (!db)
		return;
	writer_give(db);
	for (size_t i = 0; i < db->ncache; i++) {
		db->drv->finalize(db->cache[i]->impl);
		free(db->cache[i]);
	}
	free(db->cache);
	db->drv->close(db->conn);
	free(db);
}

enum db_kind db_kind(const struct db *db)
{
	return db->drv->kind;
}
bool db_commit_counts(struct db *db, struct db_commit_counts *out)
{
	*out = (struct db_commit_counts){0};
	return db->drv->commit_counts && db->drv->commit_counts(db->conn, out);
}

enum db_status db_durable(struct db *db)
{
	if (!db->drv->durable)
		return DB_OK;
	enum db_status s =
	    db->drv->durable(db->conn, db->errmsg, sizeof db->errmsg);
	if (s != DB_OK)
		db->last = s;
	return s;
}

const char *db_errmsg(const struct db *db)
{
	return db->errmsg;
}
enum db_status db_last_status(const struct db *db)
{
	return db->last;
}

struct db_stmt *db_prepare_literal(struct db *db, const char *sql)
{
	/* Literals have one address, so a pointer compare finds the entry;
	 * the strcmp catches a literal merged differently by the linker. */
	for (size_t i = 0; i < db->ncache; i++)
		if (db->cache[i]->sql == sql || !strcmp(db->cache[i]->sql, sql))
			return db->cache[i];
	enum db_status status = DB_ERROR;
	void *impl = db->drv->prepare(db->conn, sql, &status, db->errmsg,
	                              sizeof db->errmsg);
	if (!impl) {
		db->last = status;
		return NULL;
	}
	if (db->ncache == db->capcache) {
		db->capcache = db->capcache ? db->capcache * 2 : 32;
		db->cache =
		    xrealloc(db->cache, db->capcache * sizeof *db->cache);
	}
	struct db_stmt *st = xmalloc(sizeof *st);
	st->db = db;
	st->sql = sql;
	st->impl = impl;
	db->cache[db->ncache++] = st;
	return st;
}

void db_bind_text(struct db_stmt *st, int idx, const char *text)
{
	if (text)
		st->db->drv->bind_text(st->impl, idx, text);
	else
		st->db->drv->bind_null(st->impl, idx);
}

void db_bind_int(struct db_stmt *st, int idx, int64_t value)
{
	st->db->drv->bind_int(st->impl, idx, value);
}

void db_bind_null(struct db_stmt *st, int idx)
{
	st->db->drv->bind_null(st->impl, idx);
}

/* A statement outside a transaction commits on its own: when it is done
 * (or reset, for INSERT … RETURNING), wait until that commit is durable. */
static enum db_status settle(struct db *db, enum db_status s)
{
	if (db->depth > 0 || !db->drv->settle)
		return s;
	enum db_status d =
	    db->drv->settle(db->conn, db->errmsg, sizeof db->errmsg);
	if (d == DB_OK)
		return s;
	db->last = d;
	return d;
}

enum db_status db_step(struct db_stmt *st)
{
	if (st->db->reading && st->db->drv->writes(st->impl))
		db_read_end(st->db);
	enum db_status s =
	    st->db->drv->step(st->impl, st->db->errmsg, sizeof st->db->errmsg);
	if (s != DB_ROW && s != DB_DONE)
		st->db->last = s;
	if (s != DB_ROW)
		s = settle(st->db, s);
	return s;
}

const char *db_column_text(struct db_stmt *st, int col)
{
	return st->db->drv->column_text(st->impl, col);
}

int64_t db_column_int(struct db_stmt *st, int col)
{
	return st->db->drv->column_int(st->impl, col);
}

bool db_column_null(struct db_stmt *st, int col)
{
	return st->db->drv->column_null(st->impl, col);
}

void db_done(struct db_stmt *st)
{
	if (!st)
		return;
	st->db->drv->reset(st->impl);
	if (settle(st->db, DB_OK) != DB_OK)
		fprintf(stderr, "waypoint: %s\n", st->db->errmsg);
}

static enum db_status run(struct db *db, const char *sql)
{
	enum db_status s =
	    db->drv->exec(db->conn, sql, db->errmsg, sizeof db->errmsg);
	if (s != DB_OK)
		db->last = s;
	return s;
}

enum db_status db_exec_literal(struct db *db, const char *sql)
{
	enum db_status s = run(db, sql);
	return s == DB_OK ? settle(db, s) : s;
}

void db_read_begin(struct db *db)
{
	if (db->drv->read_begin_sql && !db->reading && db->depth == 0)
		db->reading = run(db, db->drv->read_begin_sql) == DB_OK;
}

void db_read_end(struct db *db)
{
	if (!db->reading)
		return;
	db->reading = false;
	run(db, "COMMIT"); /* nothing to commit: it ends the snapshot */
}

/* Transactions nest as in Fossil: an inner begin/commit only counts, so a
 * handler's own transaction can run inside the one the router opens to
 * commit a change together with its audit entry (dispatch.c). */
enum db_status db_begin(struct db *db)
{
	if (db->depth > 0) {
		db->depth++;
		return DB_OK;
	}
	db_read_end(db);
	writer_take(db);
	enum db_status s = db_exec_literal(db, db->drv->begin_sql);
	if (s == DB_OK) {
		db->depth = 1;
		db->doomed = false;
	} else {
		writer_give(db);
	}
	return s;
}

bool db_in_transaction(const struct db *db)
{
	return db->depth > 0;
}

enum db_status db_commit(struct db *db)
{
	if (db->depth > 1) {
		db->depth--;
		return DB_OK; /* the outermost commit decides */
	}
	if (db->doomed) {
		db_rollback(db);
		db->last = DB_ERROR;
		snprintf(db->errmsg, sizeof db->errmsg,
		         "an inner transaction was rolled back");
		return DB_ERROR;
	}
	db->depth = 0;
	enum db_status s = run(db, "COMMIT");
	if (s != DB_OK) {
		db_rollback(db);
		return s;
	}
	/* the next writer goes on while this one waits for the disk */
	writer_give(db);
	return settle(db, s);
}

void db_rollback(struct db *db)
{
	if (db->depth > 1) {
		db->depth--;
		db->doomed = true;
		return;
	}
	db->depth = 0;
	db->doomed = false;
	/* Keep the original error: a rollback after a failure must not hide
	 * it. */
	char keep[sizeof db->errmsg];
	enum db_status last = db->last;
	memcpy(keep, db->errmsg, sizeof keep);
	db->drv->exec(db->conn, "ROLLBACK", db->errmsg, sizeof db->errmsg);
	writer_give(db);
	memcpy(db->errmsg, keep, sizeof keep);
	db->last = last;
}

enum db_status db_exec_schema(struct db *db, const char *script)
{
	struct buf sql = {0};
	const char *token = "{{ID}}";
	for (const char *p = script; *p;) {
		const char *hit = strstr(p, token);
		if (!hit) {
			buf_puts(&sql, p);
			break;
		}
		buf_append(&sql, p, (size_t)(hit - p));
		buf_puts(&sql, db->drv->id_column);
		p = hit + strlen(token);
	}
	enum db_status s = db_exec_literal(db, sql.data ? sql.data : "");
	buf_free(&sql);
	return s;
}

enum db_status db_ping(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT 1");
	if (!st)
		return db->last;
	enum db_status s = db_step(st);
	db_done(st);
	return s == DB_ROW ? DB_OK : s;
}

bool db_read_only(struct db *db)
{
	return db->drv->read_only(db->conn);
}

struct db_stmt *db_bind_args(struct db_stmt *st, const struct db_arg *args,
                             int n)
{
	if (!st)
		return NULL;
	for (int i = 0; i < n; i++) {
		if (args[i].kind == DB_ARG_INT)
			db_bind_int(st, i + 1, args[i].i);
		else if (args[i].kind == DB_ARG_TEXT)
			db_bind_text(st, i + 1, args[i].text);
		else
			db_bind_null(st, i + 1);
	}
	st->status = DB_OK; /* ready: not stepped yet */
	return st;
}

struct db_stmt *db_query_args(struct db *db, const char *sql,
                              const struct db_arg *args, int n)
{
	return db_bind_args(db_prepare_literal(db, sql), args, n);
}

bool db_row(struct db_stmt *st)
{
	if (!st || (st->status != DB_OK && st->status != DB_ROW))
		return false;
	st->status = db_step(st);
	return st->status == DB_ROW;
}

enum db_status db_end(struct db *db, struct db_stmt *st)
{
	if (!st)
		return db->last;
	enum db_status s =
	    st->status == DB_ROW || st->status == DB_OK ? DB_DONE : st->status;
	db_done(st);
	return s;
}

/* Runs a bound statement to its first row: DB_ROW, DB_DONE or the error;
 * the caller reads the row, then calls db_done. */
static enum db_status first_row(struct db *db, struct db_stmt **st,
                                const char *sql, const struct db_arg *args,
                                int n)
{
	*st = db_query_args(db, sql, args, n);
	return *st ? db_step(*st) : db->last;
}

enum db_status db_run_args(struct db *db, const char *sql,
                           const struct db_arg *args, int n)
{
	struct db_stmt *st;
	enum db_status s = first_row(db, &st, sql, args, n);
	db_done(st);
	return s == DB_ROW || s == DB_DONE ? DB_OK : s;
}

enum db_status db_one_int_args(struct db *db, const char *sql, int64_t *out,
                               const struct db_arg *args, int n)
{
	struct db_stmt *st;
	enum db_status s = first_row(db, &st, sql, args, n);
	if (s == DB_ROW)
		*out = db_column_int(st, 0);
	db_done(st);
	return s;
}

enum db_status db_one_text_args(struct db *db, struct arena *a, const char *sql,
                                const char **out, const struct db_arg *args,
                                int n)
{
	struct db_stmt *st;
	enum db_status s = first_row(db, &st, sql, args, n);
	if (s == DB_ROW)
		*out = arena_strdup(a, db_column_text(st, 0));
	db_done(st);
	return s;
}

enum db_status db_run_returning_id_args(struct db *db, const char *sql,
                                        int64_t *id, const struct db_arg *args,
                                        int n)
{
	enum db_status s = db_one_int_args(db, sql, id, args, n);
	if (s == DB_DONE) {
		db->last = DB_ERROR;
		snprintf(db->errmsg, sizeof db->errmsg,
		         "an insert returned no id");
		return DB_ERROR;
	}
	return s == DB_ROW ? DB_OK : s;
}

bool db_column_bool(struct db_stmt *st, int col)
{
	if (st->db->drv->column_bool) /* SQLite: a number, not text */
		return st->db->drv->column_bool(st->impl, col);
	const char *t = db_column_text(st, col);
	return *t == 't' || *t == 'T' || (*t >= '1' && *t <= '9');
}

const char *db_column_dup(struct db_stmt *st, struct arena *a, int col)
{
	return arena_strdup(a, db_column_text(st, col));
}

void db_read_row(struct db_stmt *st, struct arena *a, const struct db_col *cols,
                 int ncols, void *out)
{
	char *base = out;
	for (int i = 0; i < ncols; i++) {
		void *at = base + cols[i].offset;
		switch (cols[i].type) {
		case DB_COL_I64:
			*(int64_t *)at = db_column_int(st, i);
			break;
		case DB_COL_I32:
			*(int *)at = (int)db_column_int(st, i);
			break;
		case DB_COL_STR:
			*(const char **)at = db_column_dup(st, a, i);
			break;
		case DB_COL_BOOLEAN:
			*(bool *)at = db_column_bool(st, i);
			break;
		case DB_COL_SKIP:
			break;
		}
	}
}

enum db_status db_read_list(struct db *db, struct db_stmt *st, struct arena *a,
                            const struct db_col *cols, int ncols, size_t size,
                            int max, void **out, int *count)
{
	/* The array grows as rows come (arena_grow), so a list costs what it
	 * holds, not its limit. */
	char *items = NULL;
	int n = 0, room = 0;
	for (; n < max && db_row(st); n++) {
		items = arena_grow(a, items, n, &room, size);
		db_read_row(st, a, cols, ncols, items + (size_t)n * size);
	}
	/* never NULL, so that a caller may hand an empty list to memcpy or
	 * qsort */
	*out = items ? items : arena_alloc(a, size);
	*count = n;
	return db_end(db, st);
}

bool db_has(const struct db *db, enum db_capability cap)
{
	return (db->drv->capabilities & (unsigned)cap) != 0;
}
