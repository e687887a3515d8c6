/* progress_view.h — what the progression pages, the API and the staff
 * record read of one trainee: their status evaluated for today, the
 * required competencies with their completions, and what is missing. */
#ifndef WAYPOINT_PROGRESS_VIEW_H
#define WAYPOINT_PROGRESS_VIEW_H

#include "../../auth/users.h"
#include "../../http/req.h"
#include "../../web/fields.h"
#include "progress.h"

struct progress_view {
	struct trainee_status t;
	struct competency *list; /* the required ones, with completions */
	int n;
	const char **missing; /* sentences; nmissing of them */
	int nmissing;
	bool trainee; /* a trainee now */
	const char *today;
};

/* progress_view_load reads u's progression for the requester's today:
 * DB_DONE, or the failure. */
enum db_status progress_view_load(struct req *r, const struct user *u,
                                  struct progress_view *v);

/* progress_missing_text: the missing sentences joined ("; "), ending in a
 * full stop; "" when nothing is missing. */
const char *progress_missing_text(struct arena *a,
                                  const struct progress_view *v);

/* The inputs of the progression forms and bodies. */
struct progress_start {
	const char *started_on;
};
struct progress_completion {
	int64_t competency_id;
	const char *completed_on;
};
struct progress_promotion {
	bool override;
	const char *reason;
};
struct competency_input {
	const char *name;
};
extern const struct field progress_start_fields[];
extern const int progress_start_field_count;
extern const struct field progress_completion_fields[];
extern const int progress_completion_field_count;
extern const struct field progress_promotion_fields[];
extern const int progress_promotion_field_count;
extern const struct field competency_input_fields[];
extern const int competency_input_field_count;

/* What a change to a trainee's progression came to, for the page and
 * the API to answer alike: done; refused with *e (400); refused because
 * of the state (409 with *e: not a trainee, recorded already, not
 * eligible); or answered (a database failure). */
enum progress_outcome {
	PROGRESS_DONE,
	PROGRESS_INVALID,
	PROGRESS_CONFLICT,
	PROGRESS_ANSWERED
};

/* The changes: the target u is loaded and the requester's right to act
 * checked by the caller. */
enum progress_outcome progress_start_save(struct req *r, const struct user *u,
                                          const struct progress_start *in,
                                          struct field_error *e);
enum progress_outcome
progress_completion_save(struct req *r, const struct user *u,
                         const struct progress_completion *in,
                         struct field_error *e);
enum progress_outcome progress_promote(struct req *r, const struct user *u,
                                       const struct progress_promotion *in,
                                       struct field_error *e);

/* progress_may_set_start: supervisors and managers (and admins) set a
 * trainee's start date; only supervisors sign competencies and promote. */
bool progress_may_set_start(const struct req *r);

#endif
