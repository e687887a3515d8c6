/* Migrations and the SQLite driver: order, idempotence, statement cache,
 * constraint and disk-full errors, nothing half-written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db_files.h"
#include "features/programs/program.h"
#include "store/db.h"
#include "store/migrations.h"

static char path[64];
static const struct actor unit_actor = {0, "system", "unit-test"};

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/waypoint-unit-%d.db", (int)getpid());
	remove_db_files(path); /* a run that died may have left its log */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_db_files(path);
	return 0;
}

static void migration_list_is_in_order(void **state)
{
	(void)state;
	assert_int_equal(
	    migrate_check_order(migrations_first, migrations_first_count, 1),
	    -1);
	assert_int_equal(migrate_check_order(migrations_later,
	                                     migrations_later_count,
	                                     migrations_first_count + 1),
	                 -1);
	assert_int_equal(migration_at(migration_count() - 1)->version,
	                 migration_count());
	const struct migration gap[] = {{.version = 1, .name = "a"},
	                                {.version = 3, .name = "c"}};
	assert_int_equal(migrate_check_order(gap, 2, 1), 1);
	const struct migration repeat[] = {{.version = 1, .name = "a"},
	                                   {.version = 1, .name = "b"}};
	assert_int_equal(migrate_check_order(repeat, 2, 1), 1);
	const struct migration late[] = {{.version = 2, .name = "b"}};
	assert_int_equal(migrate_check_order(late, 1, 1), 0);
}

static struct db *open_migrated(void)
{
	struct db *db = open_migrated_db(path);
	assert_non_null(db);
	return db;
}

static void init_is_idempotent(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	int version, applied;
	assert_int_equal(migrate_current(db, &version), DB_OK);
	assert_int_equal(version, migrate_latest());
	assert_int_equal(migrate_apply(db, &applied), DB_OK);
	assert_int_equal(applied, 0);
	db_close(db);
}

static void statements_are_cached(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	struct db_stmt *a = db_prepare(db, "SELECT 1");
	db_done(a);
	struct db_stmt *b = db_prepare(db, "SELECT 1");
	assert_ptr_equal(a, b);
	assert_null(db_prepare(db, "SELECT FROM nowhere"));
	assert_int_equal(db_last_status(db), DB_ERROR);
	db_close(db);
}

struct row_probe {
	int64_t id;
	const char *name;
	int n;
	bool flag;
};

/* The typed statement helpers: arguments bound in order, NULL text as SQL
 * NULL, one-row reads that say found or not, lists into structs, errors
 * kept for db_end, a statement with no arguments. */
static void typed_statements(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	struct arena a;
	arena_init(&a);
	assert_int_equal(db_run(db, "CREATE TABLE t (id INTEGER PRIMARY KEY,"
	                            " name TEXT, n INTEGER, flag BOOLEAN)"),
	                 DB_OK);
	int64_t id = 0;
	assert_int_equal(db_run_returning_id(db,
	                                     "INSERT INTO t (name, n, flag)"
	                                     " VALUES (?, ?, ?) RETURNING id",
	                                     &id, DB_TEXT("Ann"), DB_INT(7),
	                                     DB_BOOL(true)),
	                 DB_OK);
	assert_int_equal(id, 1);
	assert_int_equal(
	    db_run(db, "INSERT INTO t (name, n, flag) VALUES (?, ?, ?)",
	           DB_TEXT(NULL), DB_ID_OR_NULL(0), DB_BOOL(false)),
	    DB_OK);
	int64_t n = -1;
	assert_int_equal(db_one_int(db,
	                            "SELECT count(*) FROM t WHERE name IS"
	                            " NULL AND n IS NULL",
	                            &n),
	                 DB_ROW);
	assert_int_equal(n, 1);
	n = -1;
	assert_int_equal(
	    db_one_int(db, "SELECT n FROM t WHERE id = ?", &n, DB_INT(99)),
	    DB_DONE);
	assert_int_equal(n, -1); /* untouched when there is no row */
	const char *name = NULL;
	assert_int_equal(db_one_text(db, &a, "SELECT name FROM t WHERE n = ?",
	                             &name, DB_INT(7)),
	                 DB_ROW);
	assert_string_equal(name, "Ann");
	/* an UPDATE … RETURNING that matches nothing is DB_DONE, and an
	 * INSERT that returns no id is an error */
	assert_int_equal(db_one_int(db,
	                            "UPDATE t SET n = 8 WHERE id = ?"
	                            " RETURNING id",
	                            &n, DB_INT(42)),
	                 DB_DONE);
	assert_int_equal(db_run_returning_id(db,
	                                     "INSERT INTO t (name) SELECT name"
	                                     " FROM t WHERE 0 RETURNING id",
	                                     &id),
	                 DB_ERROR);
	static const struct db_col cols[] = {
	    DB_COL_INT(struct row_probe, id),
	    DB_COL_TEXT(struct row_probe, name),
	    DB_COL_INT32(struct row_probe, n),
	    DB_COL_BOOL(struct row_probe, flag)};
	struct row_probe *rows;
	int count;
	assert_int_equal(
	    db_read_list(db,
	                 db_query(db, "SELECT id, name, n, flag FROM t"
	                              " ORDER BY id"),
	                 &a, DB_COLS(cols), sizeof *rows, 10, (void **)&rows,
	                 &count),
	    DB_DONE);
	assert_int_equal(count, 2);
	assert_string_equal(rows[0].name, "Ann");
	assert_int_equal(rows[0].n, 7);
	assert_true(rows[0].flag);
	assert_string_equal(rows[1].name, ""); /* NULL reads as "" */
	assert_false(rows[1].flag);
	/* a list cut at max still ends cleanly */
	assert_int_equal(db_read_list(db,
	                              db_query(db, "SELECT id, name, n,"
	                                           " flag FROM t"),
	                              &a, DB_COLS(cols), sizeof *rows, 1,
	                              (void **)&rows, &count),
	                 DB_DONE);
	assert_int_equal(count, 1);
	/* a grown list holds what came, past its first room (8), up to max;
	 * nothing when nothing came */
	assert_int_equal(
	    db_read_list(db,
	                 db_query(db, "WITH RECURSIVE k(i) AS (SELECT 1"
	                              " UNION ALL SELECT i + 1 FROM k"
	                              " WHERE i < 20) SELECT i, 'x', i,"
	                              " 1 FROM k"),
	                 &a, DB_COLS(cols), sizeof *rows, 12, (void **)&rows,
	                 &count),
	    DB_DONE);
	assert_int_equal(count, 12);
	assert_int_equal(rows[0].n, 1);
	assert_int_equal(rows[11].n, 12);
	assert_string_equal(rows[11].name, "x");
	assert_int_equal(db_read_list(db,
	                              db_query(db, "SELECT id, name, n,"
	                                           " flag FROM t WHERE"
	                                           " id < 0"),
	                              &a, DB_COLS(cols), sizeof *rows, 10,
	                              (void **)&rows, &count),
	                 DB_DONE);
	assert_int_equal(count, 0);
	assert_non_null(rows); /* an empty list is still a list */
	/* a constraint error is kept for db_end; a bad statement is NULL */
	struct db_stmt *st = db_query(db, "INSERT INTO t (id) VALUES (1)"
	                                  " RETURNING id");
	assert_false(db_row(st));
	assert_int_equal(db_end(db, st), DB_CONSTRAINT);
	st = db_query(db, "SELECT nothing FROM nowhere");
	assert_null(st);
	assert_false(db_row(st));
	assert_int_equal(db_end(db, st), DB_ERROR);
	assert_int_equal(db_run(db, "SELECT nothing FROM nowhere"), DB_ERROR);
	assert_true(db_has(db, DB_CAP_GRAM_TABLE));
	assert_false(db_has(db, DB_CAP_CHEAP_RETURNING));
	arena_free(&a);
	db_close(db);
}

static void program_round_trip_and_conflict(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	struct program p = {.name = "Harbor",
	                    .kind = "community",
	                    .time_zone = "UTC",
	                    .unit_rounding = "eight_minute"};
	struct field_error e;
	struct arena a;
	arena_init(&a);
	assert_int_equal(program_validate(&a, &p, &e), 0);
	assert_int_equal(p.crisis_line_count, 1); /* 988 by default */
	int64_t id;
	assert_int_equal(program_create(db, &unit_actor, &p, &id), DB_OK);
	arena_init(&a);
	struct program got;
	assert_int_equal(program_get(db, &a, id, &got), DB_ROW);
	assert_string_equal(got.name, "Harbor");
	assert_string_equal(got.crisis_lines[0].number, "988");
	assert_int_equal(program_get(db, &a, id + 100, &got), DB_DONE);
	assert_int_equal(program_create(db, &unit_actor, &p, &id),
	                 DB_CONSTRAINT);
	struct program *list;
	int n;
	assert_int_equal(program_list(db, &a, 0, 10, &list, &n), DB_DONE);
	assert_int_equal(n, 1); /* the conflicting one left nothing behind */
	arena_free(&a);
	db_close(db);
}

/* A full disk must answer "unavailable", keep what was saved, and leave no
 * half-written program (its crisis lines are in the same transaction). */
static void disk_full_is_unavailable_and_atomic(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	assert_int_equal(db_exec(db, "PRAGMA max_page_count = 12"), DB_OK);
	struct program p = {.kind = "community",
	                    .time_zone = "UTC",
	                    .unit_rounding = "any_part",
	                    .crisis_line_count = 10};
	char label[100];
	memset(label, 'x', sizeof label - 1);
	label[sizeof label - 1] = '\0';
	for (int i = 0; i < 10; i++)
		p.crisis_lines[i] = (struct crisis_line){label, "555-0100"};
	enum db_status s = DB_OK;
	int saved = 0;
	struct arena a;
	arena_init(&a);
	for (int i = 0; i < 1000 && s == DB_OK; i++) {
		p.name = arena_sprintf(&a, "Program %d %s", i, label);
		int64_t id;
		s = program_create(db, &unit_actor, &p, &id);
		if (s == DB_OK)
			saved++;
	}
	assert_int_equal(s, DB_UNAVAILABLE);
	assert_true(saved > 0);
	struct program *list;
	int n;
	assert_int_equal(program_list(db, &a, 0, 200, &list, &n), DB_DONE);
	assert_int_equal(n, saved); /* reads still work, nothing extra */
	for (int i = 0; i < n; i++)
		assert_int_equal(list[i].crisis_line_count, 10);
	arena_free(&a);
	db_close(db);
}

static int64_t count_programs(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(*) FROM programs");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_column_int(st, 0);
	db_done(st);
	return n;
}

static void add_program(struct db *db, const char *name)
{
	struct db_stmt *st = db_prepare(
	    db, "INSERT INTO programs (name, kind, time_zone, unit_rounding,"
	        " created_at, updated_at) VALUES (?, 'community', 'UTC',"
	        " 'any_part', '2026-01-01', '2026-01-01')");
	assert_non_null(st);
	db_bind_text(st, 1, name);
	assert_int_equal(db_step(st), DB_DONE);
	db_done(st);
}

/* Transactions nest: an inner commit only counts; an inner rollback makes
 * the outer commit fail and undo everything. */
static void transactions_nest(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	assert_false(db_in_transaction(db));
	assert_int_equal(db_begin(db), DB_OK);
	add_program(db, "Outer");
	assert_int_equal(db_begin(db), DB_OK);
	add_program(db, "Inner");
	assert_int_equal(db_commit(db), DB_OK);
	assert_true(db_in_transaction(db)); /* still the outer one */
	assert_int_equal(db_commit(db), DB_OK);
	assert_false(db_in_transaction(db));
	assert_int_equal(count_programs(db), 2);

	assert_int_equal(db_begin(db), DB_OK);
	add_program(db, "Kept?");
	assert_int_equal(db_begin(db), DB_OK);
	add_program(db, "Failed inner");
	db_rollback(db);
	assert_int_equal(db_commit(db), DB_ERROR);
	assert_false(db_in_transaction(db));
	assert_int_equal(count_programs(db), 2); /* neither was kept */
	db_close(db);
}

/* A request's reads share one snapshot (db_read_begin); a write ends it
 * first, whether in a transaction or on its own, and so is never refused
 * for a snapshot that another connection's commit has made stale. */
static void reads_share_a_snapshot_until_a_write(void **state)
{
	(void)state;
	struct db *db = open_migrated(), *other = open_migrated();
	db_read_end(db); /* none open: nothing happens */
	db_read_begin(db);
	assert_int_equal(count_programs(db), 0);
	add_program(other, "Committed meanwhile");
	assert_int_equal(count_programs(db), 0); /* the same snapshot */
	add_program(db, "Written on its own");
	assert_int_equal(count_programs(db), 2);

	db_read_begin(db); /* the snapshot is taken by the first read */
	assert_int_equal(count_programs(db), 2);
	add_program(other, "Another");
	assert_int_equal(count_programs(db), 2);
	assert_int_equal(db_begin(db), DB_OK);
	add_program(db, "In a transaction");
	assert_int_equal(db_commit(db), DB_OK);
	assert_int_equal(count_programs(db), 4);
	db_read_end(db);
	db_close(other);
	db_close(db);
}

/* Group commit (sqlite_commit.c): every commit, in a transaction or on
 * its own, is made durable before db_commit or db_step returns, and no
 * more fsyncs are spent than commits. */
static void commits_are_durable_before_they_return(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	struct db_commit_counts before, after;
	assert_true(db_commit_counts(db, &before));
	char name[32];
	for (int i = 0; i < 10; i++) {
		assert_int_equal(db_begin(db), DB_OK);
		snprintf(name, sizeof name, "In a transaction %d", i);
		add_program(db, name);
		assert_int_equal(db_commit(db), DB_OK);
	}
	for (int i = 0; i < 5; i++) {
		snprintf(name, sizeof name, "On its own %d", i);
		add_program(db, name);
	}
	assert_true(db_commit_counts(db, &after));
	assert_int_equal(after.commits - before.commits, 15);
	assert_int_equal(after.durable, after.commits);
	assert_true(after.fsyncs - before.fsyncs <= 15);
	assert_true(after.fsyncs > before.fsyncs);
	/* a read commits nothing, so it waits for no disk */
	assert_int_equal(count_programs(db), 15);
	assert_true(db_commit_counts(db, &before));
	assert_int_equal(before.commits, after.commits);
	db_close(db);
}

enum { WRITERS = 6, WRITES_EACH = 20 };

static void *writer(void *arg)
{
	int me = (int)(intptr_t)arg;
	char err[256];
	struct db *db = db_open(path, err, sizeof err);
	if (!db)
		return "open failed";
	const char *failed = NULL;
	for (int i = 0; i < WRITES_EACH && !failed; i++) {
		struct db_stmt *st = db_prepare(
		    db, "INSERT INTO programs (name, kind, time_zone,"
		        " unit_rounding, created_at, updated_at) VALUES"
		        " (?, 'community', 'UTC', 'any_part',"
		        " '2026-01-01', '2026-01-01')");
		char name[32];
		snprintf(name, sizeof name, "Parallel %d.%d", me, i);
		if (st)
			db_bind_text(st, 1, name);
		if (db_begin(db) != DB_OK || !st || db_step(st) != DB_DONE)
			failed = db_errmsg(db);
		db_done(st);
		if (!failed && db_commit(db) != DB_OK)
			failed = "commit failed";
	}
	db_close(db);
	return (void *)failed;
}

static void parallel_writers_all_land(void **state)
{
	(void)state;
	struct db *db = open_migrated();
	struct db_commit_counts before, after;
	assert_true(db_commit_counts(db, &before));
	pthread_t t[WRITERS];
	for (int i = 0; i < WRITERS; i++)
		assert_int_equal(
		    pthread_create(&t[i], NULL, writer, (void *)(intptr_t)i),
		    0);
	for (int i = 0; i < WRITERS; i++) {
		void *failed = NULL;
		pthread_join(t[i], &failed);
		assert_null(failed);
	}
	assert_true(db_commit_counts(db, &after));
	assert_int_equal(after.commits - before.commits, WRITERS * WRITES_EACH);
	assert_int_equal(after.durable, after.commits);
	assert_true(after.fsyncs - before.fsyncs <= WRITERS * WRITES_EACH);
	assert_int_equal(count_programs(db), WRITERS * WRITES_EACH);
	db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(migration_list_is_in_order),
	    cmocka_unit_test_setup_teardown(init_is_idempotent, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(statements_are_cached, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(typed_statements, setup, teardown),
	    cmocka_unit_test_setup_teardown(program_round_trip_and_conflict,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(disk_full_is_unavailable_and_atomic,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(transactions_nest, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        reads_share_a_snapshot_until_a_write, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        commits_are_durable_before_they_return, setup, teardown),
	    cmocka_unit_test_setup_teardown(parallel_writers_all_land, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
