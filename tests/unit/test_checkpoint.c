/* The server's background checkpointer (SQLite): a reader on the log
 * cannot make it hold writers back, once that reader is done the long
 * write-ahead log starts over, and it starts over too on a busy server,
 * where some reader always holds an older snapshot. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db_files.h"
#include "store/db.h"

/* sqlite_checkpoint.c restarts the log once it has this many pages */
enum { LONG_LOG_PAGES = 8192 };

static char path[64];

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof path, "/tmp/waypoint-ckpt-%d.db", (int)getpid());
	remove_db_files(path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_db_files(path);
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
 * with a reader on the log, that does not start it over).  While the
 * checkpointer's own checkpoint runs, SQLite answers -1 (busy) at once:
 * ask again (CI met that once, on a slow machine). */
static int64_t log_pages(struct db *db)
{
	int64_t pages = -1;
	for (int tries = 0; pages < 0 && tries < 1000; tries++) {
		struct db_stmt *st =
		    db_prepare(db, "PRAGMA wal_checkpoint(PASSIVE)");
		assert_non_null(st);
		assert_int_equal(db_step(st), DB_ROW);
		pages = db_column_int(st, 1);
		db_done(st);
		if (pages < 0) {
			struct timespec pause = {0, 1000000L};
			nanosleep(&pause, NULL);
		}
	}
	return pages;
}

/* The log's checkpoint sequence number, from its header (sqlite.org/
 * fileformat.html, "WAL File Format"): it changes each time the log
 * starts over.  Reading it, unlike asking SQLite, is no checkpoint that
 * the checkpointer's could meet. */
static uint32_t log_sequence(void)
{
	char p[80];
	snprintf(p, sizeof p, "%s-wal", path);
	FILE *f = fopen(p, "rb");
	assert_non_null(f);
	unsigned char h[16];
	assert_int_equal(fread(h, 1, sizeof h, f), sizeof h);
	fclose(f);
	return (uint32_t)h[12] << 24 | (uint32_t)h[13] << 16 |
	       (uint32_t)h[14] << 8 | h[15];
}

static int64_t ms_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 +
	       (now.tv_nsec - t->tv_nsec) / 1000000;
}

/* Small commits, pause_us apart, for up to three seconds (15 checkpointer
 * ticks) until the log has started over.  Transactions, as the server's
 * writes are: they wait for the writer turn. */
static bool write_until_log_starts_over(struct db *db, long pause_us)
{
	uint32_t before = log_sequence();
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (ms_since(&start) < 3000) {
		assert_int_equal(write_pages(db, 1), DB_OK);
		if (log_sequence() != before)
			return true;
		struct timespec pause = {0, pause_us * 1000L};
		nanosleep(&pause, NULL);
	}
	return false;
}

/* A reader keeps the long log from starting over: each checkpointer tick
 * copies what it can, then tries a RESTART, holding the writer turn while
 * it waits for the reader.  It must give up and let writers on; once the
 * reader is done, the log starts over.
 * The reader's snapshot is taken before the long write, so that the log
 * holds pages it must not see.  Taken after, it raced the checkpointer: a
 * tick that had copied the whole log first let the snapshot read the
 * database file alone, and SQLite then rightly started the log over
 * under it. */
static void reader_does_not_stop_writers(void **state)
{
	(void)state;
	struct db *db = start_server_like();
	struct db *reader = open_db();
	assert_int_equal(db_exec(reader, "BEGIN"), DB_OK);
	struct db_stmt *st = db_prepare(reader, "SELECT count(*) FROM pages");
	assert_int_equal(db_step(st), DB_ROW);
	int64_t seen = db_column_int(st, 0);
	db_done(st);
	assert_int_equal(write_pages(db, LONG_LOG_PAGES + 100), DB_OK);

	struct timespec second = {1, 0}; /* five ticks, five refused RESTARTs */
	nanosleep(&second, NULL);
	assert_int_equal(write_pages(db, 1), DB_OK);
	assert_true(log_pages(db) >= LONG_LOG_PAGES);
	st = db_prepare(reader, "SELECT count(*) FROM pages");
	assert_int_equal(db_step(st), DB_ROW);
	assert_int_equal(db_column_int(st, 0), seen); /* still its snapshot */
	db_done(st);
	assert_int_equal(db_exec(reader, "COMMIT"), DB_OK);

	assert_true(write_until_log_starts_over(db, 10000));
	db_background(path, false);
	db_close(reader);
	db_close(db);
}

/* A busy server: two connections take turns reading, each snapshot held
 * 2 ms and overlapping the next, so that at every moment some reader
 * holds a snapshot older than the last commit. */
static atomic_bool relay_stop;

static void *relay_readers(void *unused)
{
	(void)unused;
	struct db *readers[2] = {open_db(), open_db()};
	struct timespec pause = {0, 1000000L};
	for (int turn = 0; !atomic_load(&relay_stop); turn ^= 1) {
		struct db *r = readers[turn];
		db_read_begin(r);
		struct db_stmt *st =
		    db_prepare(r, "SELECT max(rowid) FROM pages");
		db_step(st);
		db_done(st);
		nanosleep(&pause, NULL);
		db_read_end(readers[turn ^ 1]);
		nanosleep(&pause, NULL);
	}
	db_read_end(readers[0]);
	db_read_end(readers[1]);
	db_close(readers[0]);
	db_close(readers[1]);
	return NULL;
}

/* Until the log was copied in full by a PASSIVE, the checkpointer never
 * tried a RESTART: with readers like these that never happened, and the
 * log grew without end. */
static void log_starts_over_under_constant_readers(void **state)
{
	(void)state;
	struct db *db = start_server_like();
	assert_int_equal(write_pages(db, LONG_LOG_PAGES + 100), DB_OK);
	atomic_store(&relay_stop, false);
	pthread_t relay;
	assert_int_equal(pthread_create(&relay, NULL, relay_readers, NULL), 0);
	bool started_over = write_until_log_starts_over(db, 100);
	atomic_store(&relay_stop, true);
	pthread_join(relay, NULL);
	assert_true(started_over);
	db_background(path, false);
	db_close(db);
}

int main(void)
{
	alarm(120); /* a checkpointer that never lets writers on fails */
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(reader_does_not_stop_writers, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(
	        log_starts_over_under_constant_readers, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
