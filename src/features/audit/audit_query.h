/* audit_query.h — reading the audit log with filters, newest first. */
#ifndef WAYPOINT_AUDIT_QUERY_H
#define WAYPOINT_AUDIT_QUERY_H

#include "../../http/req.h"

#include <stdint.h>

struct audit_filter {
	const char *from, *to; /* YYYY-MM-DD, inclusive; NULL: open */
	int64_t user_id;       /* 0: any */
	int64_t person_id;     /* 0: any */
	const char *action;    /* NULL: any */
	int64_t before;        /* paging: entries with id < before; 0: newest */
	int limit;
};

struct audit_row {
	int64_t id, user_id, person_id;
	const char *at, *role, *action, *entity_type, *entity_id, *client,
	    *outcome, *detail;
};

/* audit_filter_read reads ?from=&to=&user=&person=&action=&cursor=&limit=.
 * Returns 0, or -1 having answered 400 naming the field. */
int audit_filter_read(struct req *r, struct audit_filter *f, int max_limit);

/* audit_query runs the filter: up to f->limit rows into *rows.  A
 * person's entries include those of the records merged into them. */
enum db_status audit_query(struct req *r, const struct audit_filter *f,
                           struct audit_row **rows, int *count);

extern const char *const audit_actions[];

#endif
