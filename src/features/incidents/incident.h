/* incident.h — incident reports: when and where, who was involved, what
 * happened, what was done, who was told.  draft → submitted → under review
 * → closed.  Only the author, supervisors and program managers may read
 * one (anyone else is told there is none); only the author changes a
 * draft; submitting it leaves a notice for every supervisor. */
#ifndef WAYPOINT_INCIDENT_H
#define WAYPOINT_INCIDENT_H

#include "../../auth/permissions.h"
#include "../../core/arena.h"
#include "../../core/choice.h"
#include "../../core/field_error.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdbool.h>
#include <stdint.h>

extern const struct choice incident_states[];
extern const int incident_state_count;

struct incident {
	int64_t id, author_id;
	const char *author_name, *occurred_at, *location, *people_involved;
	const char *what_happened, *actions_taken, *notified, *state;
	const char *review_note, *created_at, *updated_at, *submitted_at;
};

/* The report's field table, in its JSON's order; and a reviewer's step,
 * the state it moves to and an optional note. */
extern const struct field incident_fields[];
extern const int incident_field_count;
struct incident_step {
	const char *state, *note;
};
extern const struct field incident_step_fields[];
extern const int incident_step_field_count;

/* incident_reviewer: supervisors and program managers read every
 * submitted report and move it on. */
bool incident_reviewer(enum role role);

/* incident_validate: a draft needs only a valid time if one is given
 * (local to zone, the reporter's program's: not later than now there, and
 * one the clocks did not skip) and each field within its limits;
 * submitting needs every field.  0, or -1 with *e (the sentence in a). */
int incident_validate(struct arena *a, const struct incident *x,
                      const char *zone, bool submitting, struct field_error *e);

enum db_status incident_create(struct db *db, const struct incident *x,
                               int64_t *id);

/* incident_update changes the author's draft; DB_DONE when it is not one. */
enum db_status incident_update(struct db *db, const struct incident *x);

/* incident_get: DB_ROW only when viewer may read it (author, or a
 * reviewer once submitted); DB_DONE otherwise. */
enum db_status incident_get(struct db *db, struct arena *a, int64_t id,
                            int64_t viewer, enum role role,
                            struct incident *out);

/* incident_list: those viewer may read, newest first (at most 200). */
enum db_status incident_list(struct db *db, struct arena *a, int64_t viewer,
                             enum role role, struct incident **out, int *count);

/* incident_move: the author submits a draft (notices go to supervisors);
 * a reviewer moves submitted → under_review → closed.  DB_DONE when that
 * step is not open to this viewer. */
enum db_status incident_move(struct db *db, int64_t id, int64_t viewer,
                             enum role role, const char *to, const char *note);

#endif
