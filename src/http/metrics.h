/* metrics.h — GET /metrics in the Prometheus text format: requests by route
 * pattern and status, their latency as histograms, the database pool, the
 * audit writer's queue, the age of the audit checkpoint and of the newest
 * backup.  Counted with relaxed atomics in fixed arrays, one row per route
 * of the table: recording a request takes no lock and no memory.
 *
 * Who may read it: a client address in --metrics-from, or a scraper with
 * the token in the --metrics-token file.  Nobody, unless one is set: a
 * reverse proxy on the same machine would otherwise pass everyone through
 * as 127.0.0.1. */
#ifndef WAYPOINT_METRICS_H
#define WAYPOINT_METRICS_H

#include "req.h"

/* metrics_start sizes the counters for the route table and reads the
 * token file.  0, or -1 after saying why. */
int metrics_start(const struct config *cfg);

/* metrics_record counts one answered request (route NULL: none matched). */
void metrics_record(const struct route *route, int status, double ms);

#endif
