/* audit_queue.c — see audit_queue.h. */
#include "audit_queue.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* A waiting caller's entry.  It lives on the caller's stack: the caller
 * does not return until the writer has set done.  Each caller waits on its
 * own condition, so that a commit wakes only those it concerns. */
struct pending {
	const struct actor *who;
	const struct audit_entry *entry;
	enum db_status status;
	bool done;
	pthread_cond_t committed;
	struct pending *next;
};

/* One transaction holds at most this many entries, so that a long queue
 * cannot hold the write lock for long.  Two writers, each with its own
 * connection: while one waits for the fsync that makes its batch durable,
 * the other appends and commits the next (the group commit in
 * sqlite_commit.c lets a sync run outside the write lock).  With one, the
 * writer was busy 96 % of the time at 22,000 audited reads a second on 16
 * cores (batches of 10, 420 µs each, 60 % of it the commit and its
 * sync), so reads queued behind it. */
enum { BATCH_MAX = 256, WRITERS = 2 };

static struct {
	pthread_mutex_t lock;
	pthread_cond_t work; /* entries are waiting, or stop */
	struct pending *head, **tail;
	bool running, stopping;
	int threads;
	int depth; /* entries waiting for a writer, for /metrics */
	pthread_t thread[WRITERS];
	const char *url;
} q = {.lock = PTHREAD_MUTEX_INITIALIZER,
       .work = PTHREAD_COND_INITIALIZER,
       .tail = &q.head};

/* Appends a batch in one transaction.  If one entry fails, the batch is
 * rolled back and every entry gets its own transaction, so that one bad
 * entry cannot take the others down with it. */
static void write_batch(struct db **db, struct pending *batch)
{
	char err[256];
	if (!*db && !(*db = db_open(q.url, err, sizeof err))) {
		fprintf(stderr, "waypoint: audit writer: %s\n", err);
		for (struct pending *p = batch; p; p = p->next)
			p->status = DB_UNAVAILABLE;
		return;
	}
	enum db_status s = db_begin(*db);
	for (struct pending *p = batch; s == DB_OK && p; p = p->next)
		s = audit_append(*db, p->who, p->entry);
	if (s == DB_OK && (s = db_commit(*db)) == DB_OK) {
		for (struct pending *p = batch; p; p = p->next)
			p->status = DB_OK;
		return;
	}
	db_rollback(*db);
	for (struct pending *p = batch; p; p = p->next)
		p->status = audit_record_now(*db, p->who, p->entry);
	if (s == DB_UNAVAILABLE) { /* open afresh next time */
		db_close(*db);
		*db = NULL;
	}
}

static void *writer(void *unused)
{
	(void)unused;
	struct db *db = NULL;
	pthread_mutex_lock(&q.lock);
	for (;;) {
		while (!q.head && !q.stopping)
			pthread_cond_wait(&q.work, &q.lock);
		if (!q.head)
			break;
		struct pending *batch = q.head, *last = batch;
		for (int n = 1; n < BATCH_MAX && last->next; n++)
			last = last->next;
		q.head = last->next;
		if (!q.head)
			q.tail = &q.head;
		last->next = NULL;
		for (struct pending *p = batch; p; p = p->next)
			q.depth--;
		pthread_mutex_unlock(&q.lock);

		write_batch(&db, batch);

		pthread_mutex_lock(&q.lock);
		for (struct pending *p = batch, *next; p; p = next) {
			next = p->next; /* p may be gone once done is set */
			p->done = true;
			pthread_cond_signal(&p->committed);
		}
	}
	pthread_mutex_unlock(&q.lock);
	db_close(db);
	return NULL;
}

int audit_queue_start(const char *url)
{
	pthread_mutex_lock(&q.lock);
	q.url = url;
	q.stopping = false;
	q.threads = 0;
	while (q.threads < WRITERS &&
	       pthread_create(&q.thread[q.threads], NULL, writer, NULL) == 0)
		q.threads++;
	q.running = q.threads > 0;
	int rc = q.running ? 0 : -1;
	pthread_mutex_unlock(&q.lock);
	return rc;
}

void audit_queue_stop(void)
{
	pthread_mutex_lock(&q.lock);
	int threads = q.running ? q.threads : 0;
	q.stopping = true;
	pthread_cond_broadcast(&q.work);
	pthread_mutex_unlock(&q.lock);
	for (int i = 0; i < threads; i++)
		pthread_join(q.thread[i], NULL);
	pthread_mutex_lock(&q.lock);
	q.running = false;
	q.threads = 0;
	pthread_mutex_unlock(&q.lock);
}

bool audit_queue_record(const struct actor *who, const struct audit_entry *e,
                        enum db_status *status)
{
	struct pending me = {.who = who,
	                     .entry = e,
	                     .status = DB_ERROR,
	                     .committed = PTHREAD_COND_INITIALIZER};
	pthread_mutex_lock(&q.lock);
	if (!q.running || q.stopping) {
		pthread_mutex_unlock(&q.lock);
		return false;
	}
	*q.tail = &me;
	q.tail = &me.next;
	q.depth++;
	pthread_cond_signal(&q.work);
	while (!me.done)
		pthread_cond_wait(&me.committed, &q.lock);
	pthread_mutex_unlock(&q.lock);
	pthread_cond_destroy(&me.committed);
	*status = me.status;
	return true;
}

int audit_queue_depth(void)
{
	pthread_mutex_lock(&q.lock);
	int n = q.depth;
	pthread_mutex_unlock(&q.lock);
	return n;
}
