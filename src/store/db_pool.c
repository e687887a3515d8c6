/* db_pool.c — the server's database connections, lent one request at a
 * time.
 *
 * Each HTTP connection has its own thread (server.c), so that a request
 * waiting for the disk never holds up another connection's.  Connections
 * to the database are fewer: a request takes one when it starts and gives
 * it back when its answer is ready, before the answer is sent, and waits
 * when all are lent.  A connection keeps its prepared statements from one
 * request to the next.  Nothing about a connection is tied to a thread:
 * a request's transaction, snapshot and commit begin and end on its own
 * thread within the request. */
#include "db.h"

#include <pthread.h>
#include <stdlib.h>

static struct {
	pthread_mutex_t lock;
	pthread_cond_t given_back;
	struct db **idle;
	int idle_count, open, max;
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER,
          .given_back = PTHREAD_COND_INITIALIZER,
          .max = 8};

int db_pool_size(int max)
{
	pthread_mutex_lock(&pool.lock);
	if (max < pool.idle_count)
		max = pool.idle_count;
	struct db **idle = realloc(pool.idle, (size_t)max * sizeof *idle);
	if (idle) {
		pool.idle = idle;
		pool.max = max;
	}
	pthread_mutex_unlock(&pool.lock);
	return idle ? 0 : -1;
}

struct db *db_pool_take(const char *url, char *err, size_t errlen)
{
	pthread_mutex_lock(&pool.lock);
	while (!pool.idle_count && pool.open >= pool.max)
		pthread_cond_wait(&pool.given_back, &pool.lock);
	if (pool.idle_count) {
		struct db *db = pool.idle[--pool.idle_count];
		pthread_mutex_unlock(&pool.lock);
		return db;
	}
	pool.open++; /* counted now, opened outside the lock */
	pthread_mutex_unlock(&pool.lock);
	struct db *db = db_open(url, err, errlen);
	if (!db) {
		pthread_mutex_lock(&pool.lock);
		pool.open--;
		pthread_cond_signal(&pool.given_back);
		pthread_mutex_unlock(&pool.lock);
	}
	return db;
}

void db_pool_give(struct db *db)
{
	if (!db)
		return;
	db_read_end(db);
	if (db_in_transaction(db)) /* dispatch rolls back; never commit here */
		db_rollback(db);
	pthread_mutex_lock(&pool.lock);
	if (!pool.idle)
		pool.idle = malloc((size_t)pool.max * sizeof *pool.idle);
	if (pool.idle && pool.idle_count < pool.max) {
		pool.idle[pool.idle_count++] = db;
		db = NULL;
	} else {
		pool.open--;
	}
	pthread_cond_signal(&pool.given_back);
	pthread_mutex_unlock(&pool.lock);
	db_close(db); /* only when the pool had no room for it */
}

void db_pool_close(void)
{
	pthread_mutex_lock(&pool.lock);
	while (pool.idle_count) {
		db_close(pool.idle[--pool.idle_count]);
		pool.open--;
	}
	pthread_mutex_unlock(&pool.lock);
}

void db_pool_counts(int *open, int *idle, int *max)
{
	pthread_mutex_lock(&pool.lock);
	*open = pool.open;
	*idle = pool.idle_count;
	*max = pool.max;
	pthread_mutex_unlock(&pool.lock);
}
