/* outcome.h — outcome reports (issue 26, point 2): what changed for the
 * persons a program serves, over a report's scope (report_scope.h).
 *
 * Persons are counted through their team (persons.team_id, which follows
 * a transfer): a program or team filter, and a supervisor's reach, are
 * the person's team's; a staff filter keeps the persons the staff member
 * had a signed contact with in the period.  Four measures, each defined
 * in docs/reports.md:
 *  - goals of the recovery plan set and achieved in the period, by life
 *    domain, read from the plan's versions (a goal keeps its place in the
 *    plan's list of goals from version to version);
 *  - BARC-10 change, first complete assessment → latest complete one in
 *    the period, for persons with two or more; an assessment with an item
 *    missing is never compared (nothing is imputed);
 *  - recovery stage transitions from the stage history (recovery_stages);
 *  - follow-ups due in the period, closed on time, late, or not.
 *  - referrals made in the period (issue 23), by where they stand now:
 *    connected (first visit made; those using it independently too),
 *    using it independently, not connected, declined, closed, still
 *    open, and the median days from the referral to the first visit.
 * Feedback ratings come when those exist. */
#ifndef WAYPOINT_OUTCOME_H
#define WAYPOINT_OUTCOME_H

#include "../../core/arena.h"
#include "../../store/db.h"
#include "report_scope.h"

#include <stdbool.h>
#include <stdint.h>

enum {
	OUTCOME_DOMAINS = 11, /* plan_domains, in their order */
	OUTCOME_STAGES = 4,   /* recovery_stages, in their order */
	OUTCOME_BUCKETS = 7,  /* the distribution of BARC-10 change */
};

/* The buckets of BARC-10 change (latest total − first), lowest first:
 * label, and the bounds included (INT32_MIN / INT32_MAX: open). */
struct outcome_bucket {
	const char *label;
	int min, max;
};
extern const struct outcome_bucket outcome_buckets[OUTCOME_BUCKETS];

/* A goal achieved in the period, for the CSV's detail rows. */
struct outcome_goal {
	const char *record_number, *domain, *achieved_on, *words;
};

struct outcome_report {
	int threshold; /* the smallest count shown when shared */
	bool share;    /* ?share=1: cells under the threshold suppressed */
	/* goals */
	int goals_set[OUTCOME_DOMAINS], goals_achieved[OUTCOME_DOMAINS];
	int goals_set_total, goals_achieved_total;
	struct outcome_goal *achieved; /* in the order found */
	int achieved_count, achieved_room;
	/* BARC-10 */
	int barc_compared;   /* persons with a first and a latest */
	int barc_missing;    /* persons assessed twice or more in reach, left
	                        out for want of two complete assessments */
	int barc_incomplete; /* assessments left out: an item missing */
	int64_t barc_change_sum;
	int barc_buckets[OUTCOME_BUCKETS];
	/* recovery stages: [from][to] */
	int stages[OUTCOME_STAGES][OUTCOME_STAGES];
	int stage_total;
	/* follow-ups due in the period */
	int fu_due, fu_on_time, fu_late, fu_open, fu_ended;
	/* referrals made in the period (outcome_referrals.c writes them) */
	int ref_made, ref_connected, ref_independent, ref_not_connected,
	    ref_declined, ref_closed, ref_open;
	double ref_median_days; /* referral to first visit; -1: none */
};

/* The referral figures as the page, the CSV and the JSON write them
 * (outcome_referrals.c). */
struct req;
struct buf;
void outcome_referral_section(struct req *r, const struct outcome_report *o);
void outcome_referral_csv(struct buf *b, struct arena *a,
                          const struct outcome_report *o);
void outcome_referral_json(struct buf *b, struct arena *a,
                           const struct outcome_report *o);

/* outcome_compute fills out for scope s (share: suppress small cells).
 * DB_OK, or the database's error. */
enum db_status outcome_compute(struct db *db, struct arena *a,
                               const struct report_scope *s, bool share,
                               struct outcome_report *out);

/* outcome_hidden: whether a count is suppressed (shared, and 1 to
 * threshold − 1; 0 is shown). */
bool outcome_hidden(const struct outcome_report *o, int64_t n);

/* outcome_shown: a count as a table shows it: "12", or "<11" when
 * suppressed; in arena a. */
const char *outcome_shown(const struct outcome_report *o, struct arena *a,
                          int64_t n);

/* outcome_mean_hidden: the mean change is suppressed with the count of
 * persons it averages. */
bool outcome_mean_hidden(const struct outcome_report *o);

#endif
