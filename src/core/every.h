/* every.h — a thread that does one task every so many milliseconds until
 * it is stopped: the SQLite checkpointer, the audit log's person index. */
#ifndef WAYPOINT_EVERY_H
#define WAYPOINT_EVERY_H

#include <pthread.h>
#include <stdbool.h>

struct every {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stopping, running;
	pthread_t thread;
	int ms;
	void (*task)(void *arg);
	void *arg;
};
#define EVERY_INIT                                                             \
	{                                                                      \
		.lock = PTHREAD_MUTEX_INITIALIZER,                             \
		.wake = PTHREAD_COND_INITIALIZER                               \
	}

/* every_start runs task(arg) on a thread of its own, ms after it starts and
 * ms after each run ends.  Returns 0, or -1 if no thread could start. */
int every_start(struct every *e, int ms, void (*task)(void *), void *arg);

/* every_sleep pauses a run for ms; false (at once) when every_stop has
 * been called, so that a long run can end early. */
bool every_sleep(struct every *e, int ms);

/* every_stop wakes the thread, lets a run in progress end and joins it;
 * no run starts after.  Harmless when it is not running. */
void every_stop(struct every *e);

#endif
