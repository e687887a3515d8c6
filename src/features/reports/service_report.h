/* service_report.h — the service report (issue 26, point 1): for a
 * report_scope, grouped by program, team, staff member, service code,
 * kind of contact, place, month or week: contacts, persons served
 * (unduplicated in each row and in the total, which is therefore not the
 * rows' sum), minutes, billable units (as the billing export bills them)
 * and Peer Desk drop-ins, counted apart from the contacts.
 *
 * Read from service_facts (notes/service_facts.h): signed contacts, and a
 * trainee's only once co-signed; with_unsigned adds drafts and work
 * awaiting co-signature.  With share, every cell below the small-cell
 * threshold (the highest of the programs in scope) is suppressed. */
#ifndef WAYPOINT_SERVICE_REPORT_H
#define WAYPOINT_SERVICE_REPORT_H

#include "../../core/arena.h"
#include "../../core/choice.h"
#include "../../store/db.h"
#include "report_scope.h"

#include <stdbool.h>
#include <stdint.h>

/* The ways a report groups its rows, as ?by= names them. */
enum service_by {
	BY_PROGRAM,
	BY_TEAM,
	BY_STAFF,
	BY_SERVICE_CODE,
	BY_KIND,
	BY_PLACE,
	BY_MONTH,
	BY_WEEK,
	BY_COUNT
};
extern const struct choice service_by_choices[BY_COUNT];

/* The figures of a row (and of the total), in column order. */
enum service_figure {
	FIG_CONTACTS,
	FIG_PERSONS,
	FIG_MINUTES,
	FIG_UNITS,
	FIG_DROP_INS,
	FIG_COUNT
};
extern const char *const service_figure_names[FIG_COUNT];    /* JSON, CSV */
extern const char *const service_figure_headings[FIG_COUNT]; /* the page */

struct service_row {
	const char *key;   /* "2026-11", "42", "H0038", "office" */
	const char *label; /* "November 2026", the team's name… */
	int64_t value[FIG_COUNT];
	bool suppressed[FIG_COUNT]; /* shared report: below the threshold */
};

struct service_report {
	enum service_by by;
	bool share;
	int threshold; /* the small-cell threshold in force (shared reports) */
	struct service_row *rows;
	int n;
	struct service_row total;
};

/* service_by_read: ?by= (default month); -1 for an unknown value. */
int service_by_read(const char *by);

/* service_report_run fills out for the scope.  DB_OK. */
enum db_status service_report_run(struct db *db, struct arena *a,
                                  const struct report_scope *s,
                                  enum service_by by, bool share,
                                  struct service_report *out);

#endif
