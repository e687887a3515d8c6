/* sqlite_commit.c — group commit for SQLite.
 *
 * With synchronous=FULL every COMMIT waits for its own fsync of the log
 * while it holds SQLite's one write lock, so parallel writers queue for
 * one fsync each: the disk's fsync rate is the server's write rate.
 * Instead, connections in WAL mode run synchronous=NORMAL (a COMMIT writes
 * its frames and returns) and db.c calls sqlite_settle() after the writer
 * turn is given back and before the write is acknowledged: one fdatasync
 * of the log covers every commit written before it began, so writers that
 * commit while a sync is under way share the next one (bench/notes.sh).
 *
 * What changes: a commit is visible to other readers up to one fsync
 * before it is durable.  Nothing is acknowledged to its writer before it
 * is durable, and because the log is written in order, a write that read
 * another's change is durable only after that change is.  Checkpoints
 * still sync the log before copying it (SQLite does that in NORMAL). */
#include "driver.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One per database file: a sync of one file's log says nothing of
 * another's.  A process opens one or two files, so a list will do. */
struct sqlite_log {
	struct sqlite_log *next;
	uint64_t written; /* commits written to the log */
	uint64_t synced;  /* of those, how many an fsync has covered */
	uint64_t fsyncs;  /* how many fsyncs that took */
	bool syncing;
	char path[];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t synced = PTHREAD_COND_INITIALIZER;
static struct sqlite_log *logs;

/* set by the commit hook, taken by sqlite_settle on the same thread */
static _Thread_local struct sqlite_log *unsettled;

static int note_commit(void *log)
{
	unsettled = log;
	return 0; /* let the commit go on */
}

static struct sqlite_log *log_of(sqlite3 *conn, bool add)
{
	const char *path = sqlite3_db_filename(conn, "main");
	struct sqlite_log *log = logs;
	while (log && strcmp(log->path, path))
		log = log->next;
	if (!log && add) {
		size_t n = strlen(path) + 1;
		log = calloc(1, sizeof *log + n);
		if (!log)
			abort();
		memcpy(log->path, path, n);
		log->next = logs;
		logs = log;
	}
	return log;
}

void sqlite_group_commit(sqlite3 *conn)
{
	pthread_mutex_lock(&lock);
	struct sqlite_log *log = log_of(conn, true);
	pthread_mutex_unlock(&lock);
	sqlite3_commit_hook(conn, note_commit, log);
}

/* Every commit this connection has seen is in the log before this sync
 * begins, so the sync covers it.  A connection without group commit
 * (synchronous=FULL) sees only durable commits. */
enum db_status sqlite_durable(void *conn, char *err, size_t errlen)
{
	pthread_mutex_lock(&lock);
	bool grouped = log_of(conn, false) != NULL;
	pthread_mutex_unlock(&lock);
	int rc = grouped ? sqlite_sync_file(conn, SQLITE_FCNTL_JOURNAL_POINTER)
	                 : SQLITE_OK;
	if (rc == SQLITE_OK)
		return DB_OK;
	snprintf(err, errlen, "sqlite: the log could not be synced: %s",
	         sqlite3_errstr(rc));
	return DB_UNAVAILABLE;
}

bool sqlite_commit_counts(void *conn, struct db_commit_counts *out)
{
	pthread_mutex_lock(&lock);
	struct sqlite_log *log = log_of(conn, false);
	if (log)
		*out = (struct db_commit_counts){log->written, log->synced,
		                                 log->fsyncs};
	pthread_mutex_unlock(&lock);
	return log != NULL;
}

int sqlite_sync_file(sqlite3 *conn, int which)
{
	sqlite3_file *file = NULL;
	int rc = sqlite3_file_control(conn, "main", which, &file);
	if (rc != SQLITE_OK)
		return rc;
	if (!file || !file->pMethods)
		return SQLITE_IOERR_FSYNC; /* no such file to sync: refuse */
	return file->pMethods->xSync(file, SQLITE_SYNC_NORMAL);
}

enum db_status sqlite_settle(void *conn, char *err, size_t errlen)
{
	struct sqlite_log *log = unsettled;
	if (!log)
		return DB_OK;
	unsettled = NULL;
	pthread_mutex_lock(&lock);
	uint64_t mine = ++log->written;
	int rc = SQLITE_OK;
	while (log->synced < mine && rc == SQLITE_OK) {
		if (log->syncing) {
			pthread_cond_wait(&synced, &lock);
			continue;
		}
		log->syncing = true;
		uint64_t upto = log->written;
		pthread_mutex_unlock(&lock);
		rc = sqlite_sync_file(conn, SQLITE_FCNTL_JOURNAL_POINTER);
		pthread_mutex_lock(&lock);
		log->syncing = false;
		log->fsyncs++;
		if (rc == SQLITE_OK && upto > log->synced)
			log->synced = upto;
		pthread_cond_broadcast(&synced);
	}
	pthread_mutex_unlock(&lock);
	if (rc == SQLITE_OK)
		return DB_OK;
	snprintf(err, errlen, "sqlite: the log could not be synced: %s",
	         sqlite3_errstr(rc));
	return DB_UNAVAILABLE;
}
