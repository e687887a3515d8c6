/* metrics.c — see metrics.h. */
#include "metrics.h"
#include "../auth/audit_checkpoint.h"
#include "../auth/audit_queue.h"
#include "../core/backup_state.h"
#include "../handlers.h"
#include "health.h"
#include "response.h"
#include "router.h"

#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The statuses Waypoint answers with; any other is counted as "other". */
static const int statuses[] = {200, 201, 204, 301, 302, 303, 304, 400,
                               401, 403, 404, 405, 409, 410, 411, 413,
                               415, 422, 429, 431, 500, 501, 503};
enum { NSTATUS = sizeof statuses / sizeof statuses[0] + 1 };

/* Upper bounds of the latency buckets, in seconds (+Inf is the count). */
static const double bounds[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                0.25,  0.5,    1,     2.5,  5,     10};
enum { NBOUND = sizeof bounds / sizeof bounds[0] };

struct route_counts {
	_Atomic unsigned long long by_status[NSTATUS];
	_Atomic unsigned long long in_bucket[NBOUND + 1]; /* last: above all */
	_Atomic unsigned long long micros;                /* sum of latency */
};

static struct route_counts *counts; /* route_count + 1: the last, no route */
static char token[128];             /* empty: no token lets anyone in */

int metrics_start(const struct config *cfg)
{
	if (!counts && !(counts = calloc(route_count + 1, sizeof *counts))) {
		fprintf(stderr, "waypoint: no memory for /metrics\n");
		return -1;
	}
	if (!cfg->metrics_token || !*cfg->metrics_token)
		return 0;
	FILE *f = fopen(cfg->metrics_token, "r");
	if (!f || !fgets(token, sizeof token, f)) {
		fprintf(stderr,
		        "waypoint: --metrics-token %s: cannot read it\n",
		        cfg->metrics_token);
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	token[strcspn(token, "\r\n")] = '\0';
	if (strlen(token) < 16) {
		fprintf(stderr,
		        "waypoint: --metrics-token %s: the token must "
		        "be at least 16 characters\n",
		        cfg->metrics_token);
		sodium_memzero(token, sizeof token);
		return -1;
	}
	return 0;
}

static int status_slot(int status)
{
	for (int i = 0; i < NSTATUS - 1; i++)
		if (statuses[i] == status)
			return i;
	return NSTATUS - 1;
}

void metrics_record(const struct route *route, int status, double ms)
{
	if (!counts)
		return;
	struct route_counts *c =
	    &counts[route ? (size_t)(route - routes) : route_count];
	int b = 0;
	while (b < NBOUND && ms / 1000 > bounds[b])
		b++;
	atomic_fetch_add_explicit(&c->by_status[status_slot(status)], 1,
	                          memory_order_relaxed);
	atomic_fetch_add_explicit(&c->in_bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&c->micros,
	                          (unsigned long long)(ms * 1000 + 0.5),
	                          memory_order_relaxed);
}

/* Whether the address is one --metrics-from lists (commas, spaces). */
static bool listed(const char *list, const char *client)
{
	size_t n = strlen(client);
	for (const char *p = list; p && *p;) {
		p += strspn(p, ", ");
		size_t len = strcspn(p, ", ");
		if (len && len == n && !strncmp(p, client, n))
			return true;
		p += len;
	}
	return false;
}

static bool token_matches(const char *authz)
{
	if (!*token || !authz || strncasecmp(authz, "Bearer ", 7))
		return false;
	const char *given = authz + 7;
	size_t n = strlen(token);
	return strlen(given) == n && sodium_memcmp(given, token, n) == 0;
}

static unsigned long long load(_Atomic unsigned long long *v)
{
	return atomic_load_explicit(v, memory_order_relaxed);
}

static void write_requests(struct buf *b)
{
	char pattern[256];
	buf_puts(b, "# HELP waypoint_requests_total Requests answered, by "
	            "route pattern and status.\n"
	            "# TYPE waypoint_requests_total counter\n");
	for (size_t i = 0; i <= route_count; i++) {
		const char *method =
		    i < route_count ? http_method_name(routes[i].method) : "-";
		const char *shown =
		    i < route_count ? route_pattern_shown(&routes[i], pattern,
		                                          sizeof pattern)
		                    : "-";
		for (int s = 0; s < NSTATUS; s++) {
			unsigned long long n = load(&counts[i].by_status[s]);
			if (!n)
				continue;
			char code[8];
			snprintf(code, sizeof code, "%d", statuses[s]);
			buf_printf(
			    b,
			    "waypoint_requests_total{method=\"%s\",route="
			    "\"%s\",status=\"%s\"} %llu\n",
			    method, shown, s < NSTATUS - 1 ? code : "other", n);
		}
	}
}

static void write_latency(struct buf *b)
{
	char pattern[256];
	buf_puts(b, "# HELP waypoint_request_duration_seconds Time from the "
	            "request line to the answer, by route pattern.\n"
	            "# TYPE waypoint_request_duration_seconds histogram\n");
	for (size_t i = 0; i <= route_count; i++) {
		unsigned long long seen = 0, all = 0;
		for (int k = 0; k <= NBOUND; k++)
			all += load(&counts[i].in_bucket[k]);
		if (!all)
			continue;
		const char *method =
		    i < route_count ? http_method_name(routes[i].method) : "-";
		const char *shown =
		    i < route_count ? route_pattern_shown(&routes[i], pattern,
		                                          sizeof pattern)
		                    : "-";
		for (int k = 0; k < NBOUND; k++) {
			seen += load(&counts[i].in_bucket[k]);
			buf_printf(
			    b,
			    "waypoint_request_duration_seconds_bucket{"
			    "method=\"%s\",route=\"%s\",le=\"%g\"} %llu\n",
			    method, shown, bounds[k], seen);
		}
		buf_printf(
		    b,
		    "waypoint_request_duration_seconds_bucket{method=\"%s"
		    "\",route=\"%s\",le=\"+Inf\"} %llu\n"
		    "waypoint_request_duration_seconds_sum{method=\"%s\","
		    "route=\"%s\"} %.6f\n"
		    "waypoint_request_duration_seconds_count{method=\"%s\","
		    "route=\"%s\"} %llu\n",
		    method, shown, all, method, shown,
		    (double)load(&counts[i].micros) / 1e6, method, shown, all);
	}
}

static void gauge(struct buf *b, const char *name, const char *help,
                  double value)
{
	buf_printf(b, "# HELP %s %s\n# TYPE %s gauge\n%s %g\n", name, help,
	           name, name, value);
}

static void write_state(struct buf *b, time_t now)
{
	int open, idle, max;
	db_pool_counts(&open, &idle, &max);
	gauge(b, "waypoint_db_connections_open",
	      "Database connections open, lent or idle.", open);
	gauge(b, "waypoint_db_connections_idle",
	      "Database connections open and waiting for a request.", idle);
	gauge(b, "waypoint_db_connections_max",
	      "The most database connections the server opens.", max);
	gauge(b, "waypoint_audit_queue_depth",
	      "Audit entries waiting for the audit writer.",
	      audit_queue_depth());
	long long kept = audit_checkpoint_kept_at();
	if (kept)
		gauge(b, "waypoint_audit_checkpoint_age_seconds",
		      "Seconds since the audit log's head was last signed.",
		      (double)(now - kept));
	struct backup_state s;
	backup_state_get(&s);
	if (s.scheduled) {
		if (s.newest)
			gauge(b, "waypoint_backup_age_seconds",
			      "Seconds since the newest verified backup.",
			      (double)(now - s.newest));
		gauge(b, "waypoint_backup_last_failed",
		      "1 when the last scheduled backup failed.",
		      s.last_failed);
		buf_printf(b,
		           "# HELP waypoint_backups_total Scheduled backups "
		           "since start, by result.\n"
		           "# TYPE waypoint_backups_total counter\n"
		           "waypoint_backups_total{result=\"written\"} %ld\n"
		           "waypoint_backups_total{result=\"failed\"} %ld\n",
		           s.written, s.failures);
	}
}

void metrics_show(struct req *r)
{
	if (!counts || (!listed(r->cfg->metrics_from, r->client) &&
	                !token_matches(req_header(r, "Authorization")))) {
		reply_error(
		    r, 403, "forbidden",
		    "Metrics are for the addresses in --metrics-from, or "
		    "a scraper with the --metrics-token.",
		    NULL);
		return;
	}
	struct buf *b = &r->out;
	write_requests(b);
	write_latency(b);
	write_state(b, time(NULL));
	struct health h;
	health_read(r->cfg, &h);
	gauge(b, "waypoint_degraded",
	      "1 when /healthz reports degraded or unavailable.",
	      h.problems > 0);
	r->status = 200;
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
}
