/* The server's background checkpointer (SQLite): a reader on the log
 * cannot make it hold writers back, and once that reader is done the long
 * write-ahead log starts over. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/db.h"

/* sqlite_checkpoint.c restarts the log once it has this many pages */
enum { LONG_LOG_PAGES = 8192 };

static char path[64];

static void remove_files(void)
{
	char p[80];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/waypoint-ckpt-%d.db", (int)getpid());
	remove_files();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_files();
	return 0;
}

static struct db *open_db(void)
{
	char err[256];
	struct db *db = db_open(path, err, sizeof err);
	assert_non_null(db);
	return db;
}

/* As the server does: the checkpointer starts before the connections open,
 * which then leave checkpoints to it. */
static struct db *start_server_like(void)
{
	struct db *db = open_db();
	assert_int_equal(db_exec(db, "CREATE TABLE pages (b BLOB)"), DB_OK);
	db_close(db);
	db_background(path, true);
	return open_db();
}

/* One transaction of rows a page each: grows the log by about that many
 * pages. */
static enum db_status write_pages(struct db *db, int pages)
{
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	struct db_stmt *st =
	    db_prepare(db, "INSERT INTO pages (b) VALUES (randomblob(4000))");
	for (int i = 0; st && i < pages; i++) {
		if ((s = db_step(st)) != DB_DONE) {
			db_done(st);
			db_rollback(db);
			return s;
		}
		db_done(st);
	}
	return st ? db_commit(db) : db_last_status(db);
}

/* The pages in the log now (copying what it can to the database file;
 * with a reader on the log, that does not start it over). */
static int64_t log_pages(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "PRAGMA wal_checkpoint(PASSIVE)");
	assert_non_null(st);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t pages = db_column_int(st, 1);
	db_done(st);
	return pages;
}

/* Small commits for up to three seconds (15 checkpointer ticks) until the
 * log has started over.  Returns its length then, or -1. */
static int64_t write_until_log_starts_over(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO pages (b) VALUES (1)");
	for (int i = 0; i < 300; i++) {
		assert_int_equal(db_step(st), DB_DONE);
		db_done(st);
		int64_t n = log_pages(db);
		if (n < LONG_LOG_PAGES / 2)
			return n;
		struct timespec pause = {0, 10 * 1000000L};
		nanosleep(&pause, NULL);
	}
	return -1;
}

/* A reader keeps the long log from starting over: each checkpointer tick
 * copies it all, then tries a RESTART, holding the writer turn while it
 * waits for the reader.  It must give up and let writers on; once the
 * reader is done, the log starts over. */
static void reader_does_not_stop_writers(void **state)
{
	(void)state;
	struct db *db = start_server_like();
	assert_int_equal(write_pages(db, LONG_LOG_PAGES + 100), DB_OK);
	struct db *reader = open_db();
	assert_int_equal(db_exec(reader, "BEGIN"), DB_OK);
	struct db_stmt *st = db_prepare(reader, "SELECT count(*) FROM pages");
	assert_int_equal(db_step(st), DB_ROW);
	int64_t seen = db_column_int(st, 0);
	db_done(st);

	struct timespec second = {1, 0}; /* five ticks, five refused RESTARTs */
	nanosleep(&second, NULL);
	assert_int_equal(write_pages(db, 1), DB_OK);
	assert_true(log_pages(db) >= LONG_LOG_PAGES);
	st = db_prepare(reader, "SELECT count(*) FROM pages");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_column_int(st, 0), seen); /* still its snapshot */
	db_done(st);
	assert_int_equal(db_exec(reader, "COMMIT"), DB_OK);

	assert_true(write_until_log_starts_over(db) >= 0);
	db_background(path, false);
	db_close(reader);
	db_close(db);
}

int main(void)
{
	alarm(120); /* a checkpointer that never lets writers on fails */
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(reader_does_not_stop_writers, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
