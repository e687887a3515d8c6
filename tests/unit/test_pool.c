/* The server's database connections (db_pool.c): lent one request at a
 * time, reused, never more open than the pool's size, and given back
 * clean (no transaction, no old snapshot). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db_files.h"
#include "store/db.h"

static char path[64];

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/waypoint-pool-%d.db", (int)getpid());
	remove_db_files(path);
	char err[256];
	struct db *db = db_open(path, err, sizeof err);
	assert_non_null(db);
	assert_int_equal(db_exec(db, "CREATE TABLE t (v INTEGER)"), DB_OK);
	db_close(db);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	db_pool_close();
	remove_db_files(path);
	return 0;
}

static struct db *take(void)
{
	char err[256];
	struct db *db = db_pool_take(path, err, sizeof err);
	assert_non_null(db);
	return db;
}

static int64_t rows(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*) FROM t");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_column_int(st, 0);
	db_done(st);
	return n;
}

static void a_connection_given_back_is_lent_again(void **state)
{
	(void)state;
	assert_int_equal(db_pool_size(4), 0);
	struct db *a = take(), *b = take();
	assert_ptr_not_equal(a, b);
	db_pool_give(b);
	assert_ptr_equal(take(), b); /* with its prepared statements */
	db_pool_give(b);
	db_pool_give(a);
	db_pool_give(NULL); /* a request that had none */
}

static struct {
	atomic_bool lent;
	struct db *db;
} waiter;

static void *take_in_thread(void *unused)
{
	(void)unused;
	waiter.db = take();
	atomic_store(&waiter.lent, true);
	return NULL;
}

static void a_full_pool_waits_for_one_back(void **state)
{
	(void)state;
	assert_int_equal(db_pool_size(2), 0);
	struct db *a = take(), *b = take();
	atomic_store(&waiter.lent, false);
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, take_in_thread, NULL), 0);
	struct timespec pause = {0, 100 * 1000000L};
	nanosleep(&pause, NULL);
	assert_false(atomic_load(&waiter.lent)); /* no third connection */
	db_pool_give(a);
	pthread_join(t, NULL);
	assert_true(atomic_load(&waiter.lent));
	assert_ptr_equal(waiter.db, a);
	db_pool_give(waiter.db);
	db_pool_give(b);
}

static void a_connection_comes_back_clean(void **state)
{
	(void)state;
	assert_int_equal(db_pool_size(1), 0);
	struct db *db = take();
	assert_int_equal(db_begin(db), DB_OK);
	assert_int_equal(db_exec(db, "INSERT INTO t VALUES (1)"), DB_OK);
	db_pool_give(db); /* a request that left its transaction open */
	db = take();
	assert_false(db_in_transaction(db));
	assert_int_equal(rows(db), 0);

	db_read_begin(db); /* a read request's snapshot… */
	assert_int_equal(rows(db), 0);
	char err[256];
	struct db *other = db_open(path, err, sizeof err);
	assert_non_null(other);
	assert_int_equal(db_exec(other, "INSERT INTO t VALUES (2)"), DB_OK);
	db_close(other);
	assert_int_equal(rows(db), 0);
	db_pool_give(db); /* …ends with the request */
	db = take();
	assert_int_equal(rows(db), 1);
	db_pool_give(db);
}

static void a_failed_open_takes_no_place(void **state)
{
	(void)state;
	assert_int_equal(db_pool_size(1), 0);
	char err[256] = "";
	assert_null(db_pool_take("/nonexistent-dir/x.db", err, sizeof err));
	assert_true(err[0] != '\0');
	db_pool_give(take()); /* would wait for ever if it had */
}

/* A PostgreSQL connection is a server process, and the server's default
 * max_connections is 100: fewer of those than of SQLite's. */
static void postgres_gets_fewer_connections(void **state)
{
	(void)state;
	int sqlite = db_connections_per_core("./waypoint.db");
	int postgres = db_connections_per_core("postgres://h/db");
	assert_int_equal(db_connections_per_core("postgresql://h/db"),
	                 postgres);
	assert_true(postgres > 0 && postgres < sqlite);
	assert_true(postgres * 24 < 100);
}

int main(void)
{
	alarm(60); /* a pool that never lends again fails */
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        a_connection_given_back_is_lent_again, setup, teardown),
	    cmocka_unit_test_setup_teardown(a_full_pool_waits_for_one_back,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(a_connection_comes_back_clean,
	                                    setup, teardown),
	    cmocka_unit_test_setup_teardown(a_failed_open_takes_no_place, setup,
	                                    teardown),
	    cmocka_unit_test(postgres_gets_fewer_connections),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
