/* every.c — see every.h. */
#include "every.h"

#include <signal.h>

#include <time.h>

/* Waits on wake for ms, with the lock held. */
static void wait_ms(struct every *e, int ms)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += ms % 1000 * 1000000L;
	until.tv_sec += until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	pthread_cond_timedwait(&e->wake, &e->lock, &until);
}

static void *loop(void *arg)
{
	struct every *e = arg;
	pthread_mutex_lock(&e->lock);
	while (!e->stopping) {
		wait_ms(e, e->ms);
		if (e->stopping)
			break;
		pthread_mutex_unlock(&e->lock);
		e->task(e->arg);
		pthread_mutex_lock(&e->lock);
	}
	pthread_mutex_unlock(&e->lock);
	return NULL;
}

bool every_sleep(struct every *e, int ms)
{
	pthread_mutex_lock(&e->lock);
	if (!e->stopping)
		wait_ms(e, ms);
	bool go_on = !e->stopping;
	pthread_mutex_unlock(&e->lock);
	return go_on;
}

int every_start(struct every *e, int ms, void (*task)(void *), void *arg)
{
	pthread_mutex_lock(&e->lock);
	e->ms = ms;
	e->task = task;
	e->arg = arg;
	e->stopping = false;
	/* The thread takes no signals: the server's main thread waits for
	 * SIGTERM with sigwait, which needs every other thread to block it,
	 * whenever this one was started. */
	sigset_t all, was;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &was);
	e->running = pthread_create(&e->thread, NULL, loop, e) == 0;
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	int rc = e->running ? 0 : -1;
	pthread_mutex_unlock(&e->lock);
	return rc;
}

void every_stop(struct every *e)
{
	pthread_mutex_lock(&e->lock);
	bool was = e->running;
	e->stopping = true;
	pthread_cond_signal(&e->wake);
	pthread_mutex_unlock(&e->lock);
	if (was)
		pthread_join(e->thread, NULL);
	e->running = false;
}
