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

#include <stdbool.h>
#include <stdint.h>

struct review_item {
	const char *kind; /* "note" or "plan" */
	int64_t id;       /* the contact's id, or the plan version's number */
	int64_t person_id;
	const char *person_name, *author_name, *since, *summary;
	const char *on; /* the note's date, or the day the change was made */
};

/* A session with one supervisee; a group session is one row a
 * supervisee, sharing group_id (the first row's id). */
struct supervision_session {
	int64_t id, supervisee_id;
	const char *supervisee_name, *supervisor_name, *held_on, *topics;
	int64_t minutes;
	const char *kind; /* "individual" or "group"; "" read as individual */
	int64_t group_id; /* 0: individual */
	const char *notes, *actions;
	const char *acknowledged_at; /* "" until the supervisee does */
	int64_t supervisor_id;
};

enum { SUPERVISION_GROUP_MAX = 30 };

/* The supervisees of a session being logged: one, or a group's. */
struct supervision_who {
	int64_t ids[SUPERVISION_GROUP_MAX];
	int n;
	bool listed; /* supervisee_ids was sent (a group) */
};

/* individual, group */
extern const struct choice supervision_kinds[];
extern const int supervision_kind_count;

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
 * longest a session may be, and who was supervised: one supervisee for an
 * individual session (supervisee_id), two or more different ones for a
 * group (w, supervisee_ids), never the supervisor themself.  A kind left
 * out is individual, or group when supervisee_ids was sent.  0 (s->kind
 * set), or -1 with *e (the sentence in a); zone: the supervisor's (the
 * date is not after today there). */
int supervision_validate(struct arena *a, struct supervision_session *s,
                         const struct supervision_who *w, int64_t supervisor_id,
                         const char *zone, struct field_error *e);

/* supervision_log records a session, one row a supervisee (w for a
 * group; s->supervisee_id otherwise), with its audit entry, in one
 * transaction; *id is the first row's (a group's group_id).  DB_DONE when
 * a supervisee is not an enabled peer or trainee sharing a team with the
 * supervisor (*bad: that supervisee), and nothing is written. */
struct actor;
enum db_status supervision_log(struct db *db, const struct actor *who,
                               int64_t supervisor_id,
                               const struct supervision_session *s,
                               const struct supervision_who *w, int64_t *id,
                               int64_t *bad);

/* supervision_who_from_json / _from_form read supervisee_ids (a JSON
 * array of ids; form fields of that name): 0, or -1 with *e. */
struct req;
int supervision_who_from_json(struct req *r, struct supervision_who *w,
                              struct field_error *e);
void supervision_who_from_form(struct req *r, struct supervision_who *w);

/* supervision_sessions: the newest 100 sessions the supervisor logged. */
enum db_status supervision_sessions(struct db *db, struct arena *a,
                                    int64_t supervisor_id,
                                    struct supervision_session **out,
                                    int *count);

/* The columns session_cols reads, from supervision_sessions s with the
 * supervisee e and the supervisor r. */
#define SUPERVISION_SESSION_COLUMNS                                            \
	"s.id, s.supervisee_id, e.name, r.name, s.held_on, s.minutes,"         \
	" s.topics, s.kind, COALESCE(s.group_id, 0), s.notes, s.actions,"      \
	" COALESCE(s.acknowledged_at, ''), s.supervisor_id"

enum { SUPERVISION_ENTRIES_MAX = 500 };

/* supervision_sessions_of: the supervisee's sessions held from..to
 * (dates, both included), newest first, at most 500. */
enum db_status supervision_sessions_of(struct db *db, struct arena *a,
                                       int64_t supervisee_id, const char *from,
                                       const char *to,
                                       struct supervision_session **out,
                                       int *count);

/* supervisees: peers and trainees on the supervisor's teams, for the form
 * (codes are user ids as text). */
enum db_status supervisees(struct db *db, struct arena *a,
                           int64_t supervisor_id, struct choice **out,
                           int *count);

#endif
