/* router.h — the route table: method, path pattern, handler, permission,
 * flags.  The table (src/routes.c) is data, checked by router_check() before
 * the server starts, so a route without a handler or a permission cannot
 * ship (Redis's command table, cgit's cmd.c). */
#ifndef WAYPOINT_ROUTER_H
#define WAYPOINT_ROUTER_H

#include "../auth/permissions.h"
#include "req.h"

#include <stdbool.h>
#include <stddef.h>

typedef void (*route_handler)(struct req *r);

enum route_flags {
	ROUTE_NO_DB = 1 << 0, /* needs no database connection (static files) */
	ROUTE_BODY = 1 << 1,  /* takes a request body (form or JSON) */
	/* the first {id} is a person: the router lets only their team (or
	 * break-the-glass) in, 404 otherwise, and audits every access */
	ROUTE_PERSON = 1 << 2,
	ROUTE_PRINT =
	    1 << 3, /* a person's record for printing: audited as print */
	/* a long form whose typing is kept as a draft (http/form_draft.h);
	 * a successful submission removes the draft */
	ROUTE_DRAFT = 1 << 4,
	/* a POST whose body is a question, not a change (the note form's
	 * billing preview): it still needs the session's CSRF token, but runs
	 * as a read, in one snapshot, and a person's record is audited as
	 * read, not update */
	ROUTE_ASK = 1 << 5,
};

/* A route that is a place in the primary navigation: its position (1 is
 * first) and its label.  Zero for the others. */
enum { ROUTE_NAV_MAX = 20 };
struct route_nav {
	int order;
	const char *label;
};

struct route {
	enum http_method method;
	const char *
	    pattern; /* "/programs/{id}"; a last segment "{*}" takes the rest */
	route_handler handler;
	enum permission permission;
	unsigned flags;
	struct route_nav nav; /* GET routes only */
};

extern const struct route routes[];
extern const size_t route_count;

enum route_match { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_WRONG_METHOD };

/* router_match finds the route for method and path.  Path parameters point
 * into arena copies.  HEAD is answered by GET routes.  On
 * ROUTE_WRONG_METHOD, *allow lists the methods the path does take. */
enum route_match router_match(const struct route *table, size_t count,
                              enum http_method method, const char *path,
                              struct arena *a, const struct route **found,
                              const char **params, int *nparams,
                              const char **allow);

/* router_check validates a table: every route has a pattern starting with
 * "/", a handler, a known permission, at most ROUTE_MAX_PARAMS parameters,
 * parameter types it knows, a navigation place only on a GET without
 * parameters and no two in one place, and no two routes share method and
 * pattern.  Returns NULL or a message
 * naming the bad route (static storage). */
const char *router_check(const struct route *table, size_t count);

/* route_pattern_shown writes the pattern as logs and `waypoint routes`
 * show it, without parameter types ("/persons/{id}" for
 * "/persons/{id:id}"), into out; returns out. */
const char *route_pattern_shown(const struct route *route, char *out,
                                size_t size);

/* http_method_name / http_method_parse convert between the enum and text. */
const char *http_method_name(enum http_method m);
enum http_method http_method_parse(const char *name);

#endif
