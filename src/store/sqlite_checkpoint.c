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
#include "../core/every.h"

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

/* The checkpointer's own connection, opened at its first tick. */
static struct {
	struct every every;
	char path[4096];
	sqlite3 *conn;
	bool opened; /* tried: a file it cannot open is not tried again */
	int synced;
} ck = {.every = EVERY_INIT};

static void open_checkpointer(void)
{
	ck.opened = true;
	if (sqlite3_open_v2(ck.path, &ck.conn,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		fprintf(stderr, "waypoint: checkpointer: %s\n",
		        sqlite3_errmsg(ck.conn));
		sqlite3_close(ck.conn);
		ck.conn = NULL;
		return;
	}
	sqlite3_busy_handler(ck.conn, poll_readers, NULL);
	/* a connection knows the log only once it has read the file */
	sqlite3_exec(ck.conn, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
}

static void tick(void *unused)
{
	(void)unused;
	if (!ck.opened)
		open_checkpointer();
	if (ck.conn)
		checkpoint(ck.conn, &ck.synced);
}

void sqlite_background(const char *url, bool start)
{
	if (!start) {
		every_stop(&ck.every);
		sqlite3_close_v2(ck.conn); /* the last one checkpoints it all */
		ck.conn = NULL;
		atomic_store(&sqlite_checkpoints_in_background, false);
		return;
	}
	if (!strncmp(url, "sqlite://", 9))
		url += 9;
	snprintf(ck.path, sizeof ck.path, "%s", url);
	ck.opened = false;
	ck.synced = 0;
	bool running =
	    every_start(&ck.every, CHECKPOINT_EVERY_MS, tick, NULL) == 0;
	/* Without the thread, connections checkpoint as they commit. */
	atomic_store(&sqlite_checkpoints_in_background, running);
}
