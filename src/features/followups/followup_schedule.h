/* followup_schedule.h — a program's follow-up after discharge: on which
 * days after a discharge its team tries to reach the person, by the
 * reason the stay ended, and after how many days without a contact an
 * enrolled person shows on the Today page.
 *
 * A reason without days of its own uses the program's default; "none"
 * means no follow-up.  With nothing saved the default is 7, 30 and 90
 * days, and after a death there is none. */
#ifndef WAYPOINT_FOLLOWUP_SCHEDULE_H
#define WAYPOINT_FOLLOWUP_SCHEDULE_H

#include "../../core/arena.h"
#include "../../core/field_error.h"
#include "../../store/db.h"

#include <stdbool.h>
#include <stdint.h>

enum {
	FOLLOWUP_DAYS_MAX = 12,    /* days in one list */
	FOLLOWUP_DAY_LAST = 3650,  /* ten years after a discharge */
	NO_CONTACT_DAYS_MAX = 365, /* the Today page's "no contact in" */
	NO_CONTACT_DAYS_DEFAULT = 30,
	FOLLOWUP_REASONS_MAX = 16, /* discharge reasons, and the default */
};

/* One list of days after a discharge: set false for a reason that uses
 * the default; n 0 for none. */
struct followup_days {
	bool set;
	int n;
	int day[FOLLOWUP_DAYS_MAX];
};

/* by_reason[0] is the default; by_reason[i + 1] is discharge_reasons[i]. */
struct followup_schedule {
	int no_contact_days;
	struct followup_days by_reason[FOLLOWUP_REASONS_MAX];
};

/* followup_days_parse reads "7, 30, 90" (commas or spaces), "none", or ""
 * (unset: the default's) into *d, in ascending order.  Returns 0, or -1
 * with *e naming field (label in its sentence): a day that is not a whole
 * number from 1 to 3650 (negative, zero, "7.5"), one given twice, or more
 * than 12. */
int followup_days_parse(struct arena *a, const char *text, const char *field,
                        const char *label, struct followup_days *d,
                        struct field_error *e);

/* followup_days_text writes d as the form shows it: "7, 30, 90", "none",
 * or "" when unset. */
const char *followup_days_text(struct arena *a, const struct followup_days *d);

/* followup_schedule_get reads program_id's schedule, the built-in one
 * where nothing is saved: DB_ROW, DB_DONE for no such program, or the
 * error. */
enum db_status followup_schedule_get(struct db *db, int64_t program_id,
                                     struct followup_schedule *s);

/* followup_schedule_save replaces program_id's schedule (in the caller's
 * transaction). */
enum db_status followup_schedule_save(struct db *db, int64_t program_id,
                                      const struct followup_schedule *s);

/* followup_days_for: the days that follow a discharge for reason (a
 * discharge_reasons code) under s. */
const struct followup_days *followup_days_for(const struct followup_schedule *s,
                                              const char *reason);

/* followup_reason_index: 1 + the reason's place in discharge_reasons, or
 * 0 for the default ("" or unknown). */
int followup_reason_index(const char *reason);

#endif
