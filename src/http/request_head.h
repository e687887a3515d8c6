/* request_head.h — checks on a request's line and headers, made when the
 * headers are complete and before a byte of the body is read, for what
 * libmicrohttpd 0.9.75 lets through (issue 22): a NUL byte that silently
 * cuts the target or a header value short, differing Content-Length
 * headers, and transfer codings, which would leave the connection waiting
 * for a body that may never be counted against the limit. */
#ifndef WAYPOINT_REQUEST_HEAD_H
#define WAYPOINT_REQUEST_HEAD_H

#include "request.h"

/* request_head_check returns 0, or a status (400, 411) with e naming the
 * fault.  method and version are libmicrohttpd's own pointers, as the
 * access handler received them; r->raw_target is the target as the URI
 * callback saw it (server.c). */
int request_head_check(struct req *r, const char *method, const char *version,
                       struct parse_error *e);

#endif
