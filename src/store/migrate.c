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

/* Step m's statements and its row in schema_migrations.  An empty string
 * is no statement, as NULL is (a step kept in its own file names its
 * dialects' arrays even when one holds nothing). */
static enum db_status apply_step(struct db *db, const struct migration *m,
                                 const char *now)
{
	const char *dialect =
	    db_kind(db) == DB_POSTGRES ? m->postgres_sql : m->sqlite_sql;
	enum db_status s;
	if ((m->sql && *m->sql && (s = db_exec_schema(db, m->sql)) != DB_OK) ||
	    (dialect && *dialect && (s = db_exec_schema(db, dialect)) != DB_OK))
		return s;
	struct db_stmt *st =
	    db_prepare(db, "INSERT INTO schema_migrations (version, name,"
	                   " applied_at) VALUES (?, ?, ?)");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, m->version);
	db_bind_text(st, 2, m->name);
	db_bind_text(st, 3, now);
	s = db_step(st);
	db_done(st);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status migrate_apply_to(struct db *db, int target,
                                struct migrate_report *report)
{
	*report = (struct migrate_report){.from = -1};
	if (target < 0 || target > migrate_latest())
		return DB_ERROR;
	enum db_status s = create_version_table(db);
	if (s != DB_OK)
		return s;
	/* One transaction for all the steps: the write lock (SQLite BEGIN
	 * IMMEDIATE, PostgreSQL with the table locked) makes two `init` runs
	 * at once apply each step once, and a step that fails takes the
	 * steps before it back with it (DDL is transactional on both), so
	 * the database stays at the version the binary before served. */
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
	report->from = current;
	char now[32];
	time_t t = time(NULL);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
	for (int i = current; i < target; i++) {
		if ((s = apply_step(db, migration_at(i), now)) != DB_OK) {
			report->failed = migration_at(i)->version;
			goto fail;
		}
		report->applied++;
	}
	if ((s = db_commit(db)) != DB_OK)
		report->applied = 0;
	return s;
fail:
	db_rollback(db);
	report->applied = 0;
	return s;
}

enum db_status migrate_apply(struct db *db, int *applied)
{
	struct migrate_report report;
	enum db_status s = migrate_apply_to(db, migrate_latest(), &report);
	*applied = report.applied;
	return s;
}
