/* training.h — trainings a staff member attended (issue 27, point 6): New
 * Employee Orientation, WRAP facilitator, CPR and first aid, ethics, …,
 * with the date and how long (kept in minutes).  Program managers and
 * admins record them for anyone, a staff member for themself; only
 * managers and admins remove one (kept, marked removed). */
#ifndef WAYPOINT_TRAINING_H
#define WAYPOINT_TRAINING_H

#include "../../auth/audit.h"
#include "../../core/arena.h"
#include "../../core/choice.h"
#include "../../core/field_error.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdint.h>

enum {
	TRAINING_LIST_MAX = 500,
	TRAINING_MINUTES_MAX = 60000, /* 1,000 hours */
};

struct training {
	int64_t id, user_id;
	const char *name, *kind, *attended_on, *provider;
	/* as typed: hours (up to 2 decimals) or minutes, one of them */
	const char *hours_in, *minutes_in;
	int64_t minutes; /* what is kept */
	const char *recorded_by, *created_at;
};

extern const struct choice training_kinds[];
extern const int training_kind_count;

/* The form's and the API's fields: name, kind, attended_on, hours or
 * minutes, provider. */
extern const struct field training_fields[];
extern const int training_field_count;

/* training_validate checks t against its table (attended_on not after
 * today in zone) and reads hours_in or minutes_in into t->minutes: 0, or
 * -1 with *e naming the field. */
int training_validate(struct arena *a, struct training *t, const char *zone,
                      struct field_error *e);

/* training_hours writes minutes as hours with at most 2 decimals ("1.5",
 * "2", "0.67") into arena a. */
const char *training_hours(struct arena *a, int64_t minutes);

/* training_record_attendance records that staff member user_id attended
 * the training `name` of kind (a code of training_kinds) on date
 * (YYYY-MM-DD) for minutes, recorded by actor, with its audit entry: in
 * the caller's transaction when one is open (a group series of kind
 * "training for staff" recording each attendee with its own change), else
 * in one of its own.  The groups feature calls it once both exist; the
 * trainings API records through it too.  It checks what the database
 * would: the user is an active staff member, the kind is known, the date
 * has its shape, 1 <= minutes <= TRAINING_MINUTES_MAX, the name is 1 to
 * 200 characters.  Returns the new training's id, 0 when refused, -1 on a
 * database failure (the caller's transaction is then to be rolled back). */
int64_t training_record_attendance(struct db *db, const struct actor *actor,
                                   int64_t user_id, const char *name,
                                   const char *kind, const char *date,
                                   int64_t minutes);

/* training_record: training_record_attendance for t (validated), with its
 * provider. */
int64_t training_record(struct db *db, const struct actor *actor,
                        const struct training *t);

/* trainings_of: user_id's trainings not removed, newest first. */
enum db_status trainings_of(struct db *db, struct arena *a, int64_t user_id,
                            struct training **out, int *n);

/* training_totals: user_id's minutes of training since `since`
 * (YYYY-MM-DD, this year's first day) and in all. */
enum db_status training_totals(struct db *db, int64_t user_id,
                               const char *since, int64_t *year, int64_t *all);

/* training_remove marks training id of user_id removed, audited:
 * DB_OK, DB_DONE when there is no such training (or it is removed
 * already), or the error. */
enum db_status training_remove(struct db *db, const struct actor *who,
                               int64_t user_id, int64_t id);

#endif
