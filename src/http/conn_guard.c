/* conn_guard.c — see conn_guard.h. */
#include "conn_guard.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

enum stage { WAITING, RECEIVING, ANSWERING, IDLE };

/* One open connection.  The list runs oldest first: an entry moves to the
 * end when it waits again (an answer sent, a request line come), so the
 * oldest unfinished connection is the first one found. */
struct tracked {
	struct tracked *prev, *next;
	int fd;
	enum stage stage;
	int64_t since_ms; /* when its stage began (monotonic) */
	bool cut;         /* shut down already; gone at its close */
};

enum { SWEEP_MS = 250, REPORT_MS = 10000 };

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t sweeper;
	bool running;
	struct tracked *head, *tail;
	unsigned open;       /* tracked, cut or not */
	unsigned cut;        /* of those, shut down and not yet closed */
	unsigned max;        /* --max-connections: live ones at most */
	unsigned high_water; /* more live than this: shed the oldest */
	int64_t head_ms;     /* --header-timeout: waiting */
	int64_t idle_ms;     /* --idle-timeout: idle */
	/* closed since the last report, logged at most every REPORT_MS so
	 * that an attack does not flood the log */
	unsigned late, shed;
	int64_t reported_ms;
} g = {.lock = PTHREAD_MUTEX_INITIALIZER};

static int64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void unlink_entry(struct tracked *t)
{
	if (t->prev)
		t->prev->next = t->next;
	else
		g.head = t->next;
	if (t->next)
		t->next->prev = t->prev;
	else
		g.tail = t->prev;
	t->prev = t->next = NULL;
}

static void append_entry(struct tracked *t)
{
	t->prev = g.tail;
	if (g.tail)
		g.tail->next = t;
	else
		g.head = t;
	g.tail = t;
}

/* Caller holds the lock, and the connection is open (its entry is removed
 * before libmicrohttpd closes the socket), so fd is still this
 * connection's. */
static void cut(struct tracked *t)
{
	shutdown(t->fd, SHUT_RDWR);
	t->cut = true;
	g.cut++;
}

/* Waiting connections past the deadline for their head, idle ones past
 * the keep-alive limit (the latter is what libmicrohttpd's idle timeout
 * did, and is not reported).  A whole walk: at most some thousand
 * entries, four times a second. */
static void cut_late(int64_t now)
{
	for (struct tracked *t = g.head; t; t = t->next) {
		if (t->cut)
			continue;
		if (t->stage == WAITING && now - t->since_ms >= g.head_ms) {
			cut(t);
			g.late++;
		} else if (t->stage == IDLE && now - t->since_ms >= g.idle_ms) {
			cut(t);
		}
	}
}

static unsigned live(void)
{
	return g.open - g.cut;
}

/* Room for new clients: while too few places are free, the oldest
 * connection that has not completed a request, or sits idle between
 * requests, goes (one being answered never does).  keep is the one just
 * opened, which has had no chance yet, unless every other one is being
 * answered and it is one too many. */
static void shed(struct tracked *keep)
{
	for (struct tracked *t = g.head; t && live() > g.high_water;
	     t = t->next)
		if (!t->cut && t != keep && t->stage != ANSWERING) {
			cut(t);
			g.shed++;
		}
	if (keep && live() > g.max) {
		cut(keep);
		g.shed++;
	}
}

static void report(int64_t now)
{
	if ((!g.late && !g.shed) || now - g.reported_ms < REPORT_MS)
		return;
	fprintf(stderr,
	        "waypoint: closed %u connections that sent no complete "
	        "request headers within %lld s and %u idle or unfinished "
	        "with the connection table nearly full\n",
	        g.late, (long long)(g.head_ms / 1000), g.shed);
	g.late = g.shed = 0;
	g.reported_ms = now;
}

static void *sweep(void *unused)
{
	(void)unused;
	pthread_mutex_lock(&g.lock);
	while (g.running) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += SWEEP_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&g.wake, &g.lock, &until);
		int64_t now = now_ms();
		cut_late(now);
		shed(NULL);
		report(now);
	}
	pthread_mutex_unlock(&g.lock);
	return NULL;
}

unsigned conn_guard_table_size(unsigned max_connections)
{
	return max_connections +
	       (max_connections / 8 ? max_connections / 8 : 1);
}

int conn_guard_start(unsigned max_connections, unsigned header_timeout,
                     unsigned idle_timeout)
{
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&g.wake, &attr);
	pthread_condattr_destroy(&attr);
	unsigned reserve = max_connections / 8 ? max_connections / 8 : 1;
	g.max = max_connections;
	g.high_water = max_connections > reserve ? max_connections - reserve
	                                         : max_connections;
	g.head_ms = (int64_t)header_timeout * 1000;
	g.idle_ms = (int64_t)idle_timeout * 1000;
	g.running = true;
	int err = pthread_create(&g.sweeper, NULL, sweep, NULL);
	if (err) {
		g.running = false;
		fprintf(stderr,
		        "waypoint: cannot start the connection guard: "
		        "%s\n",
		        strerror(err));
		return -1;
	}
	return 0;
}

void conn_guard_stop(void)
{
	pthread_mutex_lock(&g.lock);
	g.running = false;
	pthread_cond_signal(&g.wake);
	pthread_mutex_unlock(&g.lock);
	pthread_join(g.sweeper, NULL);
	pthread_cond_destroy(&g.wake);
}

static void started(struct MHD_Connection *conn, void **socket_context)
{
	const union MHD_ConnectionInfo *fd =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct tracked *t = calloc(1, sizeof *t);
	if (!t || !fd) { /* untracked: bounded by the idle timeout alone */
		free(t);
		return;
	}
	t->fd = fd->connect_fd;
	t->stage = WAITING;
	pthread_mutex_lock(&g.lock);
	t->since_ms = now_ms(); /* under the lock: the list stays in order */
	append_entry(t);
	g.open++;
	shed(t);
	pthread_mutex_unlock(&g.lock);
	*socket_context = t;
}

static void closed(struct tracked *t)
{
	pthread_mutex_lock(&g.lock);
	unlink_entry(t);
	g.open--;
	if (t->cut)
		g.cut--;
	pthread_mutex_unlock(&g.lock);
	free(t);
}

void conn_guard_notify(void *cls, struct MHD_Connection *conn,
                       void **socket_context,
                       enum MHD_ConnectionNotificationCode code)
{
	(void)cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		started(conn, socket_context);
	} else if (*socket_context) {
		closed(*socket_context);
		*socket_context = NULL;
	}
}

static struct tracked *tracked_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return info ? info->socket_context : NULL;
}

/* A request line starts the head's clock only on a kept-alive (idle)
 * connection: a new connection's runs from its opening. */
static void set_stage(struct MHD_Connection *conn, enum stage stage)
{
	struct tracked *t = tracked_of(conn);
	if (!t)
		return;
	pthread_mutex_lock(&g.lock);
	if (stage != WAITING || t->stage == IDLE) {
		t->stage = stage;
		if (stage == WAITING || stage == IDLE) { /* its clock starts */
			t->since_ms = now_ms();
			unlink_entry(t);
			append_entry(t);
		}
	}
	pthread_mutex_unlock(&g.lock);
}

void conn_guard_request_line(struct MHD_Connection *conn)
{
	set_stage(conn, WAITING);
}

void conn_guard_headers_done(struct MHD_Connection *conn)
{
	set_stage(conn, RECEIVING);
}

void conn_guard_answering(struct MHD_Connection *conn)
{
	set_stage(conn, ANSWERING);
}

void conn_guard_answered(struct MHD_Connection *conn)
{
	set_stage(conn, IDLE);
}
