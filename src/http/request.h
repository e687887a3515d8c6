/* request.h — turning what arrived into struct req fields.  Each function
 * returns 0, or an HTTP status with a message naming what was wrong. */
#ifndef WAYPOINT_REQUEST_H
#define WAYPOINT_REQUEST_H

#include "req.h"

struct parse_error {
	const char *code;    /* machine-readable, e.g. "bad_query" */
	const char *message; /* for a person: names the part at fault */
	const char *field;   /* the field at fault, or NULL */
};

/* request_parse_target splits r->target into r->path and r->query. */
int request_parse_target(struct req *r, struct parse_error *e);

/* request_parse_urlencoded adds the pairs of s[0..n) to list; where names
 * the source ("query string", "form") in messages. */
int request_parse_urlencoded(struct arena *a, struct kvlist *list,
                             const char *s, size_t n, const char *where,
                             struct parse_error *e);

/* request_parse_body reads r->body by its Content-Type: a form into
 * r->form, JSON into r->json.  API routes take JSON, pages take forms. */
int request_parse_body(struct req *r, struct parse_error *e);

#endif
