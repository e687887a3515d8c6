/* migrate.c — applies the embedded migrations (see migrations.h). */
#include "migrations.h"

#include <stdbool.h>

#include <stdio.h>
#include <time.h>

int migrate_check_order(const struct migration *list, int count, int first)
{
	for (int i = 0; i < count; i++)
		if (list[i].version != first + i)
			return i;
	return -1;
}

int migration_count(void)
{
	return migrations_first_count + migrations_later_count;
}

const struct migration *migration_at(int i)
{
	return i < migrations_first_count
	           ? &migrations_first[i]
	           : &migrations_later[i - migrations_first_count];
}

int migrate_latest(void)
{
	return migration_count();
}

static enum db_status create_version_table(struct db *db)
{
	return db_exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	                   " version INTEGER PRIMARY KEY,"
	                   " name TEXT NOT NULL,"
	                   " applied_at TEXT NOT NULL)");
}

/* Whether the version table exists, asked without creating it: a server
 * whose PostgreSQL role may not create tables (app_role.h) reads it too. */
static enum db_status has_version_table(struct db *db, bool *has)
{
	struct db_stmt *st =
	    db_kind(db) == DB_POSTGRES
	        ? db_prepare(db, "SELECT COUNT(*) FROM pg_tables WHERE"
	                         " tablename = 'schema_migrations' AND"
	                         " schemaname = current_schema()")
	        : db_prepare(db, "SELECT COUNT(*) FROM sqlite_master WHERE"
	                         " type = 'table' AND"
	                         " name = 'schema_migrations'");
	if (!st)
		return db_last_status(db);
	enum db_status s = db_step(st);
	*has = s == DB_ROW && db_column_int(st, 0) > 0;
	db_done(st);
	return s == DB_ROW ? DB_OK : s;
}

enum db_status migrate_current(struct db *db, int *version)
{
	*version = 0;
	bool has;
	enum db_status s = has_version_table(db, &has);
	if (s != DB_OK || !has)
		return s;
	struct db_stmt *st = db_prepare(
	    db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
	if (!st)
		return db_last_status(db);
	s = db_step(st);
	if (s == DB_ROW) {
		*version = (int)db_column_int(st, 0);
		s = DB_OK;
	}
	db_done(st);
	return s;
}

enum db_status migrate_apply(struct db *db, int *applied)
{
	*applied = 0;
	enum db_status s = create_version_table(db);
	if (s != DB_OK)
		return s;
	/* The write transaction (SQLite BEGIN IMMEDIATE, PostgreSQL with the
	 * table locked) makes two `init` runs at once apply each step once. */
	if ((s = db_begin(db)) != DB_OK)
		return s;
	if (db_kind(db) == DB_POSTGRES &&
	    (s = db_exec(db,
	                 "LOCK TABLE schema_migrations IN EXCLUSIVE MODE")) !=
	        DB_OK)
		goto fail;
	int current;
	if ((s = migrate_current(db, &current)) != DB_OK)
		goto fail;
	char now[32];
	time_t t = time(NULL);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	for (int i = current; i < migration_count(); i++) {
		const struct migration *m = migration_at(i);
		const char *dialect = db_kind(db) == DB_POSTGRES
		                          ? m->postgres_sql
		                          : m->sqlite_sql;
		if ((m->sql && (s = db_exec_schema(db, m->sql)) != DB_OK) ||
		    (dialect && (s = db_exec_schema(db, dialect)) != DB_OK))
			goto fail;
		struct db_stmt *st = db_prepare(
		    db,
		    "INSERT INTO schema_migrations (version, name, applied_at)"
		    " VALUES (?, ?, ?)");
		if (!st) {
			s = db_last_status(db);
			goto fail;
		}
		db_bind_int(st, 1, m->version);
		db_bind_text(st, 2, m->name);
		db_bind_text(st, 3, now);
		s = db_step(st);
		db_done(st);
		if (s != DB_DONE)
			goto fail;
		(*applied)++;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	*applied = 0;
	return s;
}
