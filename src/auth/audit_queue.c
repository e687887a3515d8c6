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
 * cannot hold the write lock for long. */
enum { BATCH_MAX = 256 };

static struct {
	pthread_mutex_t lock;
	pthread_cond_t work; /* entries are waiting, or stop */
	struct pending *head, **tail;
	bool running, stopping;
	pthread_t thread;
	const char *url;
	struct db *db;
} q = {.lock = PTHREAD_MUTEX_INITIALIZER,
       .work = PTHREAD_COND_INITIALIZER,
       .tail = &q.head};

/* Appends a batch in one transaction.  If one entry fails, the batch is
 * rolled back and every entry gets its own transaction, so that one bad
 * entry cannot take the others down with it. */
static void write_batch(struct pending *batch)
{
	char err[256];
	if (!q.db && !(q.db = db_open(q.url, err, sizeof err))) {
		fprintf(stderr, "waypoint: audit writer: %s\n", err);
		for (struct pending *p = batch; p; p = p->next)
			p->status = DB_UNAVAILABLE;
		return;
	}
	enum db_status s = db_begin(q.db);
	for (struct pending *p = batch; s == DB_OK && p; p = p->next)
		s = audit_append(q.db, p->who, p->entry);
	if (s == DB_OK && (s = db_commit(q.db)) == DB_OK) {
		for (struct pending *p = batch; p; p = p->next)
			p->status = DB_OK;
		return;
	}
	db_rollback(q.db);
	for (struct pending *p = batch; p; p = p->next)
		p->status = audit_record_now(q.db, p->who, p->entry);
	if (s == DB_UNAVAILABLE) { /* open afresh next time */
		db_close(q.db);
		q.db = NULL;
	}
}

static void *writer(void *unused)
{
	(void)unused;
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
		pthread_mutex_unlock(&q.lock);

		write_batch(batch);

		pthread_mutex_lock(&q.lock);
		for (struct pending *p = batch, *next; p; p = next) {
			next = p->next; /* p may be gone once done is set */
			p->done = true;
			pthread_cond_signal(&p->committed);
		}
	}
	pthread_mutex_unlock(&q.lock);
	db_close(q.db);
	q.db = NULL;
	return NULL;
}

int audit_queue_start(const char *url)
{
	pthread_mutex_lock(&q.lock);
	q.url = url;
	q.stopping = false;
	q.running = pthread_create(&q.thread, NULL, writer, NULL) == 0;
	int rc = q.running ? 0 : -1;
	pthread_mutex_unlock(&q.lock);
	return rc;
}

void audit_queue_stop(void)
{
	pthread_mutex_lock(&q.lock);
	bool was = q.running;
	q.stopping = true;
	pthread_cond_signal(&q.work);
	pthread_mutex_unlock(&q.lock);
	if (was)
		pthread_join(q.thread, NULL);
	pthread_mutex_lock(&q.lock);
	q.running = false;
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
	pthread_cond_signal(&q.work);
	while (!me.done)
		pthread_cond_wait(&me.committed, &q.lock);
	pthread_mutex_unlock(&q.lock);
	pthread_cond_destroy(&me.committed);
	*status = me.status;
	return true;
}
