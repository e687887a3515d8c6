/* followup.h — follow-up after discharge (seed 003: long-term engagement
 * by phone or e-mail after discharge; seed 001: support after discharge).
 *
 * A discharge makes one follow-up per day of its program's schedule
 * (followup_schedule.h), for the person's team — worklists are by team,
 * never by caseload (seed 002).  Each records its attempts to reach the
 * person and is closed with an outcome.  "Declined further contact" closes
 * every open follow-up of the person and stops later discharges making
 * any, until they enroll again; enrolling again ends the open ones too. */
#ifndef WAYPOINT_FOLLOWUP_H
#define WAYPOINT_FOLLOWUP_H

#include "../../core/arena.h"
#include "../../core/choice.h"
#include "../../core/field_error.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdbool.h>
#include <stdint.h>

struct followup {
	int64_t id, person_id, team_id, enrollment_id;
	const char *person_name; /* preferred name, else legal */
	const char *program_name;
	int64_t program_id;
	int days_after;
	const char *due_on;        /* YYYY-MM-DD */
	const char *discharged_on; /* the discharge it follows */
	const char *state;         /* "open" or "closed" */
	const char *outcome;       /* a followup_outcomes code; "" open */
	const char *outcome_note;
	const char *closed_at;  /* UTC stamp; "" open */
	int attempts;           /* how many were recorded */
	const char *created_at; /* UTC stamp: when the discharge made it */
};

struct followup_attempt {
	int64_t id, followup_id, staff_id;
	const char *attempted_on, *method, *result, *note;
	const char *staff_name, *created_at;
};

/* What a peer records when closing one (the outcome form and the API). */
struct followup_close {
	const char *outcome, *note;
};

/* What re-engagement records: the new enrollment's date and reason. */
struct followup_reengage {
	const char *admitted_on, *admission_reason;
};

extern const struct choice followup_methods[], followup_results[],
    followup_outcomes[];
extern const int followup_method_count, followup_result_count,
    followup_outcome_count;

extern const struct field followup_fields[], followup_attempt_fields[],
    followup_close_fields[], followup_reengage_fields[];
extern const int followup_field_count, followup_attempt_field_count,
    followup_close_field_count, followup_reengage_field_count;

enum { FOLLOWUP_LIST_MAX = 200 };

/* followups_create_after makes the follow-ups a discharge calls for: one
 * per day of days (after discharged_on), for the person's team, unless
 * the person has declined further contact.  *made: how many. */
enum db_status followups_create_after(struct db *db, int64_t person_id,
                                      int64_t enrollment_id,
                                      const char *discharged_on,
                                      const int *days, int ndays, int *made);

/* followups_end_open closes every open follow-up of the person with
 * outcome "ended" and note, and lifts a decline of contact (they enrolled
 * again). */
enum db_status followups_end_open(struct db *db, int64_t person_id,
                                  int64_t user_id, const char *note);

/* followup_get: the person's follow-up id (DB_ROW), DB_DONE when the
 * person has no such follow-up. */
enum db_status followup_get(struct db *db, struct arena *a, int64_t person_id,
                            int64_t id, struct followup *out);

/* followups_of_person: all of a person's follow-ups, soonest due first. */
enum db_status followups_of_person(struct db *db, struct arena *a,
                                   int64_t person_id, struct followup **out,
                                   int *n);

/* followups_due: the open follow-ups of user_id's teams due on or before
 * `through` (a date), oldest due first, at most max; after_due/after_id
 * page on (""/0 from the start).  *total: how many there are in all (NULL:
 * not wanted). */
enum db_status followups_due(struct db *db, struct arena *a, int64_t user_id,
                             const char *through, const char *after_due,
                             int64_t after_id, int max, struct followup **out,
                             int *n, int64_t *total);

/* followup_attempts_of: a follow-up's attempts, oldest first. */
enum db_status followup_attempts_of(struct db *db, struct arena *a,
                                    int64_t followup_id,
                                    struct followup_attempt **out, int *n);

/* What recording an attempt or an outcome did. */
enum followup_change {
	FOLLOWUP_CHANGED,
	FOLLOWUP_REFUSED, /* *e names the field */
	FOLLOWUP_CLOSED,  /* it is closed already: *e names the field */
	FOLLOWUP_FAILED,
};

/* followup_attempt_add checks and records an attempt on the person's
 * open follow-up f (zone: the person's program's, for "not in the
 * future").  A result of "declined" closes this and every open follow-up
 * of the person and records the decline. */
enum followup_change followup_attempt_add(struct db *db, struct arena *a,
                                          const struct followup *f,
                                          struct followup_attempt *at,
                                          const char *zone, int64_t user_id,
                                          int64_t *id, struct field_error *e);

/* followup_close checks and records an outcome (reached, not_reached or
 * declined) on the open follow-up f; a decline is dated today in zone. */
enum followup_change followup_close(struct db *db, struct arena *a,
                                    const struct followup *f,
                                    const struct followup_close *c,
                                    const char *zone, int64_t user_id,
                                    struct field_error *e);

/* followup_mark_reengaged closes f with outcome "re_engaged"; the new
 * enrollment, which ends the person's other open ones, is the caller's
 * (in the same transaction). */
enum db_status followup_mark_reengaged(struct db *db, const struct followup *f,
                                       int64_t user_id);

/* contact_declined_on: the date the person declined further contact
 * (DB_ROW, *on in arena a), DB_DONE when they have not. */
enum db_status contact_declined_on(struct db *db, struct arena *a,
                                   int64_t person_id, const char **on);

/* followup_is_overdue: due before today (a date). */
bool followup_is_overdue(const struct followup *f, const char *today);

#endif
