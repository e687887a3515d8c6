/* progress.h — a trainee's road to peer specialist (issue 27, seed 001:
 * "a trainee becomes a specialist after six months of supervised work"):
 * the start date, supervised hours (the supervision log's minutes), the
 * program's required competencies and which are signed off, the date they
 * become eligible, and the promotion that ends co-signature.
 *
 * Eligible on: the later of start + trainee_months months and the day the
 * last required competency was completed (once all are); eligible when
 * that day has come, every required competency is done and the
 * supervised hours reach trainee_hours (workforce_settings). */
#ifndef WAYPOINT_PROGRESS_H
#define WAYPOINT_PROGRESS_H

#include "../../auth/audit.h"
#include "../../core/arena.h"
#include "../../core/local_time.h"
#include "../../store/db.h"

#include <stdbool.h>
#include <stdint.h>

enum { COMPETENCY_NAME_MAX = 200, PROMOTE_REASON_MAX = 1000 };

/* The settings progression reads (workforce_settings). */
struct progress_settings {
	int64_t months, hours;
};

/* One trainee (or former trainee) as stored, and what follows from it. */
struct trainee_status {
	int64_t user_id;
	const char *name, *role;
	const char *started_on; /* the account's creation date until set */
	int64_t start_set;      /* 1: a supervisor or manager set it */
	const char *promoted_on, *promoted_by_name, *override_reason; /* "" */
	int64_t minutes;          /* supervised, in all */
	int64_t required, done;   /* required competencies; done of them */
	const char *last_done_on; /* the latest completion of those; "" */
	/* computed by progress_evaluate */
	char period_ends[LOCAL_DATE_SIZE]; /* start + months */
	char eligible_on[LOCAL_DATE_SIZE];
	bool competencies_done, hours_met, period_over, eligible;
	int64_t hours_required;
};

/* A competency of the program's list, and one trainee's completion. */
struct competency {
	int64_t id;
	const char *name, *created_at, *retired_at; /* retired_at "" if not */
	const char *completed_on, *signed_by_name;  /* "" if not completed */
};

/* progress_add_months: the date months after date (YYYY-MM-DD), the day
 * kept or, past the month's end, its last day (08-31 + 6 → 02-28). */
void progress_add_months(const char *date, int64_t months,
                         char out[LOCAL_DATE_SIZE]);

/* progress_evaluate fills the computed members of t for the day today. */
void progress_evaluate(struct trainee_status *t,
                       const struct progress_settings *set, const char *today);

/* progress_missing: what still stands between t and eligibility, in plain
 * words, one sentence an item (arena memory; *n of them, 0 when none);
 * missing_names lists the required competencies not done ("" for none). */
const char **progress_missing(struct arena *a, const struct trainee_status *t,
                              const char *missing_names, const char *today,
                              int *n);

/* progress_hours writes minutes as hours with one decimal ("12.5"). */
const char *progress_hours(struct arena *a, int64_t minutes);

enum db_status progress_settings_get(struct db *db,
                                     struct progress_settings *out);

/* trainee_status_get: DB_ROW with *out (not evaluated), DB_DONE none. */
enum db_status trainee_status_get(struct db *db, struct arena *a,
                                  int64_t user_id, struct trainee_status *out);

/* trainees_of_supervisor: the enabled trainees on supervisor_id's teams
 * (at most 200, by name), not evaluated. */
enum db_status trainees_of_supervisor(struct db *db, struct arena *a,
                                      int64_t supervisor_id,
                                      struct trainee_status **out, int *n);

/* trainee_competencies: the required competencies (not retired), by name,
 * with user_id's completions. */
enum db_status trainee_competency_list(struct db *db, struct arena *a,
                                       int64_t user_id, struct competency **out,
                                       int *n);

/* The program's list, retired ones last. */
enum db_status competency_list(struct db *db, struct arena *a,
                               struct competency **out, int *n);

/* Changes, each with its audit entry in one transaction.  DB_DONE: the
 * user is not (or no longer) a trainee, or the competency is not one of
 * the required ones (competency_retire: not found or retired already);
 * DB_CONSTRAINT: recorded already, or the name is taken. */
enum db_status trainee_start_set(struct db *db, const struct actor *who,
                                 int64_t user_id, const char *started_on);
enum db_status trainee_competency_complete(struct db *db,
                                           const struct actor *who,
                                           int64_t user_id,
                                           int64_t competency_id,
                                           const char *completed_on);
enum db_status trainee_competency_withdraw(struct db *db,
                                           const struct actor *who,
                                           int64_t user_id,
                                           int64_t competency_id);
enum db_status competency_create(struct db *db, const struct actor *who,
                                 const char *name, int64_t *id);
enum db_status competency_retire(struct db *db, const struct actor *who,
                                 int64_t id);

/* trainee_promote makes the trainee a peer specialist (user_set_role,
 * audited as every role change) and records the day and who did it, with
 * the reason when promoted before eligibility (override_reason, NULL
 * otherwise), in one transaction.  DB_DONE: not a trainee (any more). */
enum db_status trainee_promote(struct db *db, const struct actor *who,
                               int64_t user_id, int64_t promoted_by,
                               const char *today, const char *default_start,
                               const char *override_reason);

#endif
