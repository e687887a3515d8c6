/* supervision_hours.h — supervised hours for certification: the periods
 * they are counted over (this month, the last 12 months, a chosen one),
 * the totals per supervisee, and how they are written. */
#ifndef WAYPOINT_SUPERVISION_HOURS_H
#define WAYPOINT_SUPERVISION_HOURS_H

#include "../../core/arena.h"
#include "../../core/field_error.h"
#include "../../core/local_time.h"
#include "../../http/req.h"
#include "../../store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* The periods the totals count: this month and the last 12 months (to
 * today), and the chosen one (from..to, both included). */
struct supervision_period {
	char today[LOCAL_DATE_SIZE], month_from[LOCAL_DATE_SIZE],
	    year_from[LOCAL_DATE_SIZE];
	char from[LOCAL_DATE_SIZE], to[LOCAL_DATE_SIZE];
	bool chosen; /* from or to was given; else from..to = the 12 months */
};

/* supervision_period_read reads ?from= and ?to= (dates, from ≤ to; either
 * may be left out: the last 12 months' start, today): 0, or -1 with *e
 * naming the field. */
int supervision_period_read(struct req *r, struct supervision_period *p,
                            struct field_error *e);

/* Minutes supervised per supervisee in each period. */
struct supervision_total {
	int64_t user_id;
	const char *name;
	int64_t month, year, period;
};

/* supervision_totals: one supervisee's (supervisee_id), or, with
 * supervisee_id 0, those of every peer and trainee on supervisor_id's
 * teams, by name (at most 200). */
enum db_status supervision_totals(struct db *db, struct arena *a,
                                  int64_t supervisor_id, int64_t supervisee_id,
                                  const struct supervision_period *p,
                                  struct supervision_total **out, int *n);

/* supervision_totals_table writes the totals as a table (hours with one
 * decimal); name_links: each name links to the supervisee's log. */
void supervision_totals_table(struct req *r, const struct supervision_total *t,
                              int n, const struct supervision_period *p,
                              bool name_links);

/* supervision_hours_text writes minutes as hours with one decimal
 * ("12.5"), in arena a. */
const char *supervision_hours_text(struct arena *a, int64_t minutes);

#endif
