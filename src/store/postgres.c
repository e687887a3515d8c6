/* postgres.c — the PostgreSQL driver (libpq), for scale-out.
 *
 * Statements are written with `?` and rewritten here to $1, $2… .  A lost
 * connection is re-opened at the start of the next statement, but never
 * inside a transaction: a reconnect there would run the rest of the
 * transaction's statements on their own, half-writing a record.  Prepared
 * statements are re-prepared lazily after a reconnect (generation count). */
#include "driver.h"
#include "../core/arena.h"
#include "../core/buf.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* a statement's parameters: up to 64 ordinarily, more for one that writes
 * many rows at once (store/db_table.c); PostgreSQL takes 65,535 */
enum { PG_MAX_PARAMS = 8192 };

struct pg_conn {
	PGconn *conn;
	unsigned generation; /* bumped at each reconnect */
	unsigned next_name;
	bool in_tx;
};

struct pg_stmt {
	struct pg_conn *pc;
	char *sql; /* with $n placeholders */
	char name[24];
	unsigned prepared_generation; /* 0: not prepared on this connection */
	int nparams;
	char **values; /* nparams of them */
	PGresult *res;
	int row, nrows;
};

static enum db_status classify(struct pg_conn *pc, const PGresult *res)
{
	if (PQstatus(pc->conn) != CONNECTION_OK)
		return DB_UNAVAILABLE;
	const char *state =
	    res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (!state)
		return DB_UNAVAILABLE; /* no server answer at all */
	if (!strncmp(state, "23", 2))
		return DB_CONSTRAINT;
	/* 08 connection, 53 resources (disk full), 57 operator intervention,
	 * 58 system (I/O) errors, 40001/40P01 serialization and deadlock */
	if (!strncmp(state, "08", 2) || !strncmp(state, "53", 2) ||
	    !strncmp(state, "57", 2) || !strncmp(state, "58", 2) ||
	    !strncmp(state, "40", 2))
		return DB_UNAVAILABLE;
	return DB_ERROR;
}

static void set_err(struct pg_conn *pc, const PGresult *res, char *err,
                    size_t errlen)
{
	const char *m = res ? PQresultErrorMessage(res) : "";
	if (!m || !*m)
		m = PQerrorMessage(pc->conn);
	snprintf(err, errlen, "postgres: %s", m);
	size_t n = strlen(err);
	while (n && (err[n - 1] == '\n' || err[n - 1] == ' '))
		err[--n] = '\0';
}

/* Session settings each connection needs: durable commits, UTC. */
static bool pg_setup(PGconn *conn)
{
	PGresult *r = PQexec(conn, "SET synchronous_commit = on;"
	                           "SET TIME ZONE 'UTC';"
	                           "SET client_min_messages = warning");
	bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	PQclear(r);
	return ok;
}

static void *pg_open(const char *url, char *err, size_t errlen)
{
	PGconn *conn = PQconnectdb(url);
	if (PQstatus(conn) != CONNECTION_OK || !pg_setup(conn)) {
		snprintf(err, errlen, "postgres: %s", PQerrorMessage(conn));
		PQfinish(conn);
		return NULL;
	}
	struct pg_conn *pc = xcalloc(1, sizeof *pc);
	pc->conn = conn;
	pc->generation = 1;
	return pc;
}

static void pg_close(void *p)
{
	struct pg_conn *pc = p;
	PQfinish(pc->conn);
	free(pc);
}

/* Make sure the connection is usable before a statement; only outside a
 * transaction may it be re-opened. */
static bool pg_ensure(struct pg_conn *pc)
{
	if (PQstatus(pc->conn) == CONNECTION_OK)
		return true;
	if (pc->in_tx)
		return false;
	PQreset(pc->conn);
	if (PQstatus(pc->conn) != CONNECTION_OK || !pg_setup(pc->conn))
		return false;
	pc->generation++;
	return true;
}

/* `?` → `$n`, leaving quoted text and identifiers alone. */
static char *translate(const char *sql, int *nparams)
{
	struct buf b = {0};
	char quote = 0;
	int n = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
		} else if (*p == '?') {
			buf_printf(&b, "$%d", ++n);
			continue;
		}
		buf_putc(&b, *p);
	}
	*nparams = n;
	return buf_release(&b, NULL);
}

static enum db_status pg_prepare_on_server(struct pg_stmt *st, char *err,
                                           size_t errlen)
{
	PGresult *r = PQprepare(st->pc->conn, st->name, st->sql, 0, NULL);
	enum db_status s = DB_OK;
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		s = classify(st->pc, r);
		set_err(st->pc, r, err, errlen);
	} else {
		st->prepared_generation = st->pc->generation;
	}
	PQclear(r);
	return s;
}

static void *pg_prepare(void *p, const char *sql, enum db_status *status,
                        char *err, size_t errlen)
{
	struct pg_conn *pc = p;
	struct pg_stmt *st = xcalloc(1, sizeof *st);
	st->pc = pc;
	st->sql = translate(sql, &st->nparams);
	snprintf(st->name, sizeof st->name, "w%u", ++pc->next_name);
	if (st->nparams > PG_MAX_PARAMS) {
		snprintf(err, errlen, "postgres: too many parameters");
		*status = DB_ERROR;
		goto fail;
	}
	st->values = xcalloc((size_t)st->nparams + 1, sizeof *st->values);
	if (!pg_ensure(pc)) {
		set_err(pc, NULL, err, errlen);
		*status = DB_UNAVAILABLE;
		goto fail;
	}
	*status = pg_prepare_on_server(st, err, errlen);
	if (*status == DB_OK)
		return st;
fail:
	free(st->values);
	free(st->sql);
	free(st);
	return NULL;
}

static void pg_reset(void *p)
{
	struct pg_stmt *st = p;
	PQclear(st->res);
	st->res = NULL;
	st->row = st->nrows = 0;
	for (int i = 0; i < st->nparams; i++) {
		free(st->values[i]);
		st->values[i] = NULL;
	}
}

static void pg_finalize(void *p)
{
	struct pg_stmt *st = p;
	pg_reset(st);
	free(st->values);
	free(st->sql);
	free(st);
}

static void set_param(struct pg_stmt *st, int idx, char *owned)
{
	if (idx < 1 || idx > st->nparams) {
		free(owned);
		return;
	}
	free(st->values[idx - 1]);
	st->values[idx - 1] = owned;
}

static void pg_bind_text(void *p, int idx, const char *text)
{
	set_param(p, idx, xstrdup(text));
}

static void pg_bind_int(void *p, int idx, int64_t v)
{
	char tmp[24];
	snprintf(tmp, sizeof tmp, "%lld", (long long)v);
	set_param(p, idx, xstrdup(tmp));
}

static void pg_bind_null(void *p, int idx)
{
	set_param(p, idx, NULL);
}

static enum db_status pg_step(void *p, char *err, size_t errlen)
{
	struct pg_stmt *st = p;
	if (!st->res) {
		if (!pg_ensure(st->pc)) {
			set_err(st->pc, NULL, err, errlen);
			return DB_UNAVAILABLE;
		}
		if (st->prepared_generation != st->pc->generation) {
			enum db_status s =
			    pg_prepare_on_server(st, err, errlen);
			if (s != DB_OK)
				return s;
		}
		st->res = PQexecPrepared(st->pc->conn, st->name, st->nparams,
		                         (const char *const *)st->values, NULL,
		                         NULL, 0);
		ExecStatusType es = PQresultStatus(st->res);
		if (es != PGRES_TUPLES_OK && es != PGRES_COMMAND_OK) {
			enum db_status s = classify(st->pc, st->res);
			set_err(st->pc, st->res, err, errlen);
			return s;
		}
		st->nrows = es == PGRES_TUPLES_OK ? PQntuples(st->res) : 0;
		st->row = -1;
	}
	if (++st->row < st->nrows)
		return DB_ROW;
	return DB_DONE;
}

static const char *pg_column_text(void *p, int col)
{
	struct pg_stmt *st = p;
	return PQgetvalue(st->res, st->row, col);
}

static int64_t pg_column_int(void *p, int col)
{
	struct pg_stmt *st = p;
	return strtoll(PQgetvalue(st->res, st->row, col), NULL, 10);
}

static bool pg_column_null(void *p, int col)
{
	struct pg_stmt *st = p;
	return PQgetisnull(st->res, st->row, col);
}

static enum db_status pg_exec(void *p, const char *sql, char *err,
                              size_t errlen)
{
	struct pg_conn *pc = p;
	bool begin = !strncmp(sql, "BEGIN", 5);
	bool end = !strcmp(sql, "COMMIT") || !strcmp(sql, "ROLLBACK");
	if (end && PQstatus(pc->conn) != CONNECTION_OK) {
		pc->in_tx = false; /* the server already ended it */
		set_err(pc, NULL, err, errlen);
		return DB_UNAVAILABLE;
	}
	if (!pg_ensure(pc)) {
		set_err(pc, NULL, err, errlen);
		return DB_UNAVAILABLE;
	}
	PGresult *r = PQexec(pc->conn, sql);
	ExecStatusType es = PQresultStatus(r);
	enum db_status s = DB_OK;
	if (es != PGRES_COMMAND_OK && es != PGRES_TUPLES_OK) {
		s = classify(pc, r);
		set_err(pc, r, err, errlen);
	} else if (!strcmp(sql, "COMMIT") &&
	           !strcmp(PQcmdStatus(r), "ROLLBACK")) {
		/* COMMIT of a failed transaction "succeeds" as a rollback: it
		 * must not be acknowledged as a write. */
		snprintf(err, errlen, "postgres: transaction was rolled back");
		s = DB_ERROR;
	}
	PQclear(r);
	if (begin && s == DB_OK)
		pc->in_tx = true;
	if (end)
		pc->in_tx = false;
	return s;
}

/* A standby, or a database set read-only (ALTER DATABASE … SET
 * default_transaction_read_only, as when a disk fills): writes would fail. */
static bool pg_read_only(void *p)
{
	struct pg_conn *pc = p;
	if (!pg_ensure(pc))
		return false;
	PGresult *r =
	    PQexec(pc->conn, "SELECT pg_is_in_recovery() OR "
	                     "current_setting('transaction_read_only') = 'on'");
	bool ro = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
	          !strcmp(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	return ro;
}

const struct db_driver db_driver_postgres = {
    .kind = DB_POSTGRES,
    .capabilities = DB_CAP_CHEAP_RETURNING,
    .begin_sql = "BEGIN",
    /* each is a server process: on 2 cores, 32 instead of 8 made the
     * loaded name search's p99 4 times longer (83 → 357 ms); and 4 per
     * core stays under PostgreSQL's default max_connections (100) on up
     * to 24 cores */
    .connections_per_core = 4,
    .id_column = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    .open = pg_open,
    .close = pg_close,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .bind_text = pg_bind_text,
    .bind_int = pg_bind_int,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .column_text = pg_column_text,
    .column_int = pg_column_int,
    .column_null = pg_column_null,
    .reset = pg_reset,
    .exec = pg_exec,
    .read_only = pg_read_only,
};
