/* db_table.c — see db_table.h. */
#include "db_table.h"

#include "../core/arena.h"
#include "../core/buf.h"

#include <pthread.h>
#include <stdbool.h>
#include <string.h>

/* The texts made so far: a few dozen for the life of the process. */
static pthread_mutex_t made_lock = PTHREAD_MUTEX_INITIALIZER;
static char **made;
static int nmade, room;

static bool identifier(const char *s)
{
	if (!s || !*s || !((*s >= 'a' && *s <= 'z') || *s == '_'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return false;
	return true;
}

/* The kept copy of the text in b (freed), or NULL for a bad name. */
static const char *keep_text(struct buf *b, bool ok)
{
	if (!ok) {
		buf_free(b);
		return NULL;
	}
	buf_putc(b, '\0');
	const char *out = NULL;
	pthread_mutex_lock(&made_lock);
	for (int i = 0; i < nmade && !out; i++)
		if (!strcmp(made[i], b->data))
			out = made[i];
	if (!out) {
		if (nmade == room) {
			room = room ? room * 2 : 64;
			made = xrealloc(made, (size_t)room * sizeof *made);
		}
		out = made[nmade++] = xstrdup(b->data);
	}
	pthread_mutex_unlock(&made_lock);
	buf_free(b);
	return out;
}

static bool quoted(struct buf *b, const char *name)
{
	buf_printf(b, "\"%s\"", name);
	return identifier(name);
}

static struct db_stmt *prepared(struct db *db, const char *sql)
{
	return sql ? db_prepare_literal(db, sql) : NULL;
}

struct db_stmt *db_table_upsert(struct db *db, const struct db_table *t,
                                int rows)
{
	struct buf b = {0};
	bool ok = t->ncolumns > 0;
	buf_puts(&b, "INSERT INTO ");
	ok = quoted(&b, t->table) && ok;
	buf_puts(&b, " (");
	for (int i = 0; i < t->ncolumns; i++) {
		if (i)
			buf_putc(&b, ',');
		ok = quoted(&b, t->columns[i]) && ok;
	}
	buf_puts(&b, ") VALUES ");
	for (int r = 0; r < rows; r++) {
		buf_puts(&b, r ? ",(" : "(");
		for (int i = 0; i < t->ncolumns; i++)
			buf_puts(&b, i ? ",?" : "?");
		buf_putc(&b, ')');
	}
	ok = ok && rows > 0;
	buf_puts(&b, " ON CONFLICT (\"id\") DO UPDATE SET ");
	for (int i = 1; i < t->ncolumns; i++) {
		const char *c = t->columns[i];
		if (i > 1)
			buf_putc(&b, ',');
		if (t->keep_if_null & (1ull << i))
			buf_printf(
			    &b, "\"%s\" = COALESCE(excluded.\"%s\", %s.\"%s\")",
			    c, c, t->table, c);
		else
			buf_printf(&b, "\"%s\" = excluded.\"%s\"", c, c);
	}
	if (t->ncolumns == 1)
		buf_puts(&b, "\"id\" = excluded.\"id\"");
	return prepared(db, keep_text(&b, ok));
}

struct db_stmt *db_table_insert_new(struct db *db, const struct db_table *t,
                                    int rows)
{
	struct buf b = {0};
	bool ok = t->ncolumns > 0 && rows > 0;
	buf_puts(&b, "INSERT INTO ");
	ok = quoted(&b, t->table) && ok;
	buf_puts(&b, " (");
	for (int i = 0; i < t->ncolumns; i++) {
		if (i)
			buf_putc(&b, ',');
		ok = quoted(&b, t->columns[i]) && ok;
	}
	buf_puts(&b, ") VALUES ");
	for (int r = 0; r < rows; r++) {
		buf_puts(&b, r ? ",(" : "(");
		for (int i = 0; i < t->ncolumns; i++)
			buf_puts(&b, i ? ",?" : "?");
		buf_putc(&b, ')');
	}
	buf_puts(&b, " ON CONFLICT DO NOTHING");
	return prepared(db, keep_text(&b, ok));
}

struct db_stmt *db_table_select(struct db *db, const struct db_table *t)
{
	struct buf b = {0};
	bool ok = t->ncolumns > 0;
	buf_puts(&b, "SELECT ");
	for (int i = 0; i < t->ncolumns; i++) {
		if (i)
			buf_putc(&b, ',');
		ok = quoted(&b, t->columns[i]) && ok;
	}
	buf_puts(&b, " FROM ");
	ok = quoted(&b, t->table) && ok;
	buf_puts(&b, " ORDER BY \"id\"");
	return prepared(db, keep_text(&b, ok));
}

struct db_stmt *db_table_exists(struct db *db, const char *table)
{
	struct buf b = {0};
	buf_puts(&b, "SELECT 1 FROM ");
	bool ok = quoted(&b, table);
	buf_puts(&b, " WHERE \"id\" = ?");
	return prepared(db, keep_text(&b, ok));
}

struct db_stmt *db_table_any(struct db *db, const char *table)
{
	struct buf b = {0};
	buf_puts(&b, "SELECT 1 FROM ");
	bool ok = quoted(&b, table);
	buf_puts(&b, " LIMIT 1");
	return prepared(db, keep_text(&b, ok));
}

struct db_stmt *db_table_delete_unkept(struct db *db, const char *table,
                                       const char *column, const char *keep)
{
	struct buf b = {0};
	buf_puts(&b, "DELETE FROM ");
	bool ok = quoted(&b, table);
	buf_puts(&b, " WHERE ");
	ok = quoted(&b, column) && ok;
	buf_puts(&b, " IN (SELECT \"id\" FROM ");
	ok = quoted(&b, keep) && ok;
	buf_puts(&b, " WHERE kind = ?) AND \"id\" NOT IN (SELECT \"id\" FROM ");
	ok = quoted(&b, keep) && ok;
	buf_puts(&b, " WHERE kind = ?)");
	return prepared(db, keep_text(&b, ok));
}

void db_table_bulk(struct db *db, bool on)
{
	if (db_kind(db) != DB_SQLITE)
		return;
	/* and each statement's journal (an upsert keeps one, to undo
	 * itself) in memory: in a temporary file it was 3 writes a row */
	if (on)
		db_exec(db,
		        "PRAGMA cache_size=-1048576; PRAGMA temp_store=MEMORY");
	else
		db_exec(db,
		        "PRAGMA cache_size=-65536; PRAGMA temp_store=DEFAULT");
}
