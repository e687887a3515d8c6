/* sqlite_checkpoint.c — write-ahead-log checkpoints off the request path.
 *
 * By default SQLite checkpoints inside the COMMIT that makes the log reach
 * 1,000 pages: that commit then copies the pages into the database file
 * and waits for its fsync, and whoever waits for that commit (a person's
 * record waits for its audit entry) waits tens of milliseconds.  While the
 * server runs, connections leave checkpoints to this thread instead, which
 * runs a PASSIVE checkpoint (it never blocks readers or the writer) every
 * CHECKPOINT_EVERY_MS.
 *
 * A busy server always has a reader on an older snapshot, so the log is
 * never started again from its beginning and grows without end (768 MB in
 * a minute of bench/people.sh), which slows every read.  So once the log
 * is long, a RESTART checkpoint copies the rest, waits for the readers of
 * the moment and restarts it.  Writers must wait for that moment too, and
 * it is kept short: the checkpointer holds the writer turn, so writers
 * sleep on a mutex that wakes them as it ends, not in SQLite's busy
 * handler, whose sleeps grow 1, 2, 5, 10 ms; the readers are polled every
 * READER_POLL_US, READER_POLL_TRIES times at most (a reader outside a
 * transaction keeps its snapshot for one statement); and what RESTART must
 * do under that lock is made small first.  A PASSIVE checkpoint that new
 * commits overtake copies pages into the database file without syncing
 * it, so the sync RESTART ends with would flush every page copied since
 * the last one: 26 ms measured, every half second.  So this thread syncs
 * the database file after every PASSIVE that copied something (a small
 * flush that competes less with the log's fsyncs than one big one), and
 * runs one more PASSIVE before RESTART.
 * Before all this, each RESTART stalled every audited read for about
 * 20 ms every half second under bench/people.sh. */
#include "driver.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

enum {
	CHECKPOINT_EVERY_MS = 200,
	LONG_LOG_PAGES = 8192,
	READER_POLL_US = 100,
	READER_POLL_TRIES = 50
};

static int poll_readers(void *unused, int tries)
{
	(void)unused;
	if (tries >= READER_POLL_TRIES)
		return 0; /* SQLITE_BUSY: try again at the next tick */
	struct timespec pause = {0, READER_POLL_US * 1000L};
	nanosleep(&pause, NULL);
	return 1;
}

static bool passive(sqlite3 *conn, int *log, int *done)
{
	return sqlite3_wal_checkpoint_v2(conn, NULL, SQLITE_CHECKPOINT_PASSIVE,
	                                 log, done) == SQLITE_OK;
}

/* synced: the pages of the log known to be in the database file on disk */
static void checkpoint(sqlite3 *conn, int *synced)
{
	int log = 0, done = 0;
	if (!passive(conn, &log, &done))
		return;
	if (done != *synced &&
	    sqlite_sync_file(conn, SQLITE_FCNTL_FILE_POINTER) == SQLITE_OK)
		*synced = done;
	if (log < LONG_LOG_PAGES)
		return;
	/* Copy what came since, then stop writers: with no commit overtaking
	 * it, RESTART copies the rest (the pages the readers of the moment
	 * held back), syncs it and starts the log over.  Waiting for a
	 * PASSIVE to copy everything first never happens on 16 cores, where
	 * some reader always holds an older snapshot: the log grew to 438 MB
	 * in a bench run. */
	passive(conn, &log, &done);
	db_writer_turn_lock();
	if (sqlite3_wal_checkpoint_v2(conn, NULL, SQLITE_CHECKPOINT_RESTART,
	                              NULL, NULL) == SQLITE_OK)
		*synced = 0;
	db_writer_turn_unlock();
}

atomic_bool sqlite_checkpoints_in_background;

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping, running;
	pthread_t thread;
	char path[4096];
} ck = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static void *checkpointer(void *unused)
{
	(void)unused;
	sqlite3 *conn = NULL;
	int synced = 0;
	if (sqlite3_open_v2(ck.path, &conn,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		fprintf(stderr, "waypoint: checkpointer: %s\n",
		        sqlite3_errmsg(conn));
		sqlite3_close(conn);
		conn = NULL;
	}
	if (conn) {
		sqlite3_busy_handler(conn, poll_readers, NULL);
		/* a connection knows the log only once it has read the file */
		sqlite3_exec(conn, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
	}
	pthread_mutex_lock(&ck.lock);
	while (!ck.stopping) {
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += CHECKPOINT_EVERY_MS * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&ck.wake, &ck.lock, &until);
		pthread_mutex_unlock(&ck.lock);
		if (conn)
			checkpoint(conn, &synced);
		pthread_mutex_lock(&ck.lock);
	}
	pthread_mutex_unlock(&ck.lock);
	sqlite3_close_v2(conn); /* the last connection checkpoints it all */
	return NULL;
}

void sqlite_background(const char *url, bool start)
{
	if (!start) {
		pthread_mutex_lock(&ck.lock);
		bool was = ck.running;
		ck.stopping = true;
		pthread_cond_signal(&ck.wake);
		pthread_mutex_unlock(&ck.lock);
		if (was)
			pthread_join(ck.thread, NULL);
		ck.running = false;
		atomic_store(&sqlite_checkpoints_in_background, false);
		return;
	}
	if (!strncmp(url, "sqlite://", 9))
		url += 9;
	snprintf(ck.path, sizeof ck.path, "%s", url);
	ck.stopping = false;
	ck.running = pthread_create(&ck.thread, NULL, checkpointer, NULL) == 0;
	/* Without the thread, connections checkpoint as they commit. */
	atomic_store(&sqlite_checkpoints_in_background, ck.running);
}
