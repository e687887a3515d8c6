/* supervision.h — the supervisor's review queue (trainees' signed notes and
 * plan versions waiting for a co-signature, on the supervisor's teams,
 * oldest first) and the log of supervision sessions. */
#ifndef WAYPOINT_SUPERVISION_H
#define WAYPOINT_SUPERVISION_H

#include "../../core/arena.h"
#include "../../core/choice.h"
#include "../../core/field_error.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdint.h>

struct review_item {
	const char *kind; /* "note" or "plan" */
	int64_t id;       /* the contact's id, or the plan version's number */
	int64_t person_id;
	const char *person_name, *author_name, *since, *summary;
	const char *on; /* the note's date, or the day the change was made */
};

struct supervision_session {
	int64_t id, supervisee_id;
	const char *supervisee_name, *supervisor_name, *held_on, *topics;
	int64_t minutes;
};

/* A session as the form and the API name it, in its JSON's order. */
extern const struct field supervision_session_fields[];
extern const int supervision_session_field_count;

/* review_queue: at most 200 items waiting for supervisor_id's teams. */
enum db_status review_queue(struct db *db, struct arena *a,
                            int64_t supervisor_id, struct review_item **out,
                            int *count);

/* review_age writes how long since the stamp, as people say it
 * ("3 days", "5 hours", "less than an hour"). */
const char *review_age(struct arena *a, const char *stamp);

/* supervision_validate checks a session against its table and the
 * longest a session may be: 0, or -1 with *e (the sentence in a); zone:
 * the supervisor's (the date is not after today there). */
int supervision_validate(struct arena *a, const struct supervision_session *s,
                         const char *zone, struct field_error *e);

/* supervision_log records a session; DB_DONE when the supervisee is not a
 * peer or trainee sharing a team with the supervisor. */
enum db_status supervision_log(struct db *db, int64_t supervisor_id,
                               const struct supervision_session *s,
                               int64_t *id);

/* supervision_sessions: the newest 100 sessions the supervisor logged. */
enum db_status supervision_sessions(struct db *db, struct arena *a,
                                    int64_t supervisor_id,
                                    struct supervision_session **out,
                                    int *count);

/* supervisees: peers and trainees on the supervisor's teams, for the form
 * (codes are user ids as text). */
enum db_status supervisees(struct db *db, struct arena *a,
                           int64_t supervisor_id, struct choice **out,
                           int *count);

#endif
