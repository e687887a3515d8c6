/* report_scope.h — what a report counts: a period, and the teams the
 * requester may see, narrowed to a program, a team or a staff member.
 *
 * Every report (services, outcomes, the billing batches) reads its query
 * string through report_scope_read, so that a backwards or too-long
 * period, an unknown program, team or staff member, and a supervisor
 * asking for another team's figures are refused the same way everywhere,
 * naming the field.  Supervisors see the teams they are on; program
 * managers and admins every team. */
#ifndef WAYPOINT_REPORT_SCOPE_H
#define WAYPOINT_REPORT_SCOPE_H

#include "../../core/field_error.h"
#include "../../http/req.h"

#include <stdbool.h>
#include <stdint.h>

/* The longest period a report covers: ten years of days. */
enum { REPORT_MAX_DAYS = 3653 };

struct report_scope {
	const char *from, *to; /* dates, inclusive, YYYY-MM-DD */
	int64_t program_id;    /* 0: every program */
	int64_t team_id;       /* 0: every team in reach */
	int64_t staff_id;      /* 0: every staff member */
	int64_t member_id; /* a supervisor's own id: only the teams they are on;
	                      0: every team (managers, admins) */
	bool with_unsigned; /* ?unsigned=1: count unsigned and not yet
	                       co-signed work too */
};

/* report_scope_read fills s from ?from=&to=&program=&team=&staff=&unsigned=
 * (from and to default to the month before today, in the program's time
 * zone).  0; or -1 with *e naming the field and *status the answer (400
 * for a malformed value, 404 for an unknown program, team or staff
 * member, or a team the supervisor is not on: never saying whether it
 * exists).  A database failure is -1 with *status 500. */
int report_scope_read(struct req *r, struct report_scope *s,
                      struct field_error *e, int *status);

/* REPORT_SCOPE_WHERE is the condition a report query puts on its rows,
 * with contact (or summary) columns aliased c (contact_on, team_id,
 * staff_id) and the team joined as t (program_id); its parameters, in
 * order, are REPORT_SCOPE_ARGS(s).  Every value is bound, never spliced. */
#define REPORT_SCOPE_WHERE                                                     \
	"c.contact_on >= ? AND c.contact_on <= ?"                              \
	" AND (? = 0 OR t.program_id = ?) AND (? = 0 OR c.team_id = ?)"        \
	" AND (? = 0 OR c.staff_id = ?) AND (? = 0 OR c.team_id IN"            \
	" (SELECT tm.team_id FROM team_members tm WHERE tm.user_id = ?))"
#define REPORT_SCOPE_ARGS(s)                                                   \
	DB_TEXT((s)->from), DB_TEXT((s)->to), DB_INT((s)->program_id),         \
	    DB_INT((s)->program_id), DB_INT((s)->team_id),                     \
	    DB_INT((s)->team_id), DB_INT((s)->staff_id),                       \
	    DB_INT((s)->staff_id), DB_INT((s)->member_id),                     \
	    DB_INT((s)->member_id)

/* report_scope_query appends the scope to a report page's links (the CSV
 * download, the JSON): "from=…&to=…[&program=…][&team=…][&staff=…]
 * [&unsigned=1]", percent-encoded, in request memory. */
const char *report_scope_query(struct req *r, const struct report_scope *s);

/* report_threshold_set: program id's small-cell threshold (1..100, the
 * caller checked) set to t and the change audited, inside the caller's
 * transaction; DB_DONE when there is no such program. */
struct actor;
enum db_status report_threshold_set(struct db *db, struct arena *a,
                                    const struct actor *who, int64_t id,
                                    int64_t t);

#endif
