/* dispatch.h — from a complete request to a queued response, in one place:
 * target parsing, limits, route lookup, permission check, body parsing,
 * database connection, handler, security headers, the log line. */
#ifndef WAYPOINT_DISPATCH_H
#define WAYPOINT_DISPATCH_H

#include "req.h"

#include <microhttpd.h>

/* dispatch_begin runs when the headers have arrived: method and target. */
void dispatch_begin(struct req *r);

/* dispatch_finish runs when the body is complete (or refused): it fills in
 * the response, through the handler or an error. */
void dispatch_finish(struct req *r);

/* dispatch_send queues the response with every header it needs. */
enum MHD_Result dispatch_send(struct req *r);

/* dispatch_log writes the request's one log line: time, method, route
 * pattern (never the path: it may carry personal data), status, duration. */
void dispatch_log(const struct req *r);

#endif
