/* enrollment.h — a person's stays in programs: admitted on a date for a
 * reason, discharged on a date for a reason.  Coming back later is normal
 * and is a new enrollment; a person has at most one open enrollment in a
 * program at a time. */
#ifndef WAYPOINT_ENROLLMENT_H
#define WAYPOINT_ENROLLMENT_H

#include "../../core/arena.h"
#include "../../core/choice.h"
#include "../../core/field_error.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdint.h>

struct enrollment {
	int64_t id, person_id, program_id;
	const char *program_name;
	const char *admitted_on, *admission_reason; /* YYYY-MM-DD; text */
	const char *discharged_on;                  /* "" while enrolled */
	const char *discharge_reason; /* a discharge_reasons name, or "" */
	const char *discharge_note;
};

extern const struct choice discharge_reasons[];
extern const int discharge_reason_count;

/* The fields of an admission (read by its form and the API, written by
 * the API) and of a discharge (read). */
extern const struct field admission_fields[], discharge_fields[];
extern const int admission_field_count, discharge_field_count;

/* enrollment_validate_admission names the first missing or bad field;
 * zone: the person's program's (dates are not after today there). */
int enrollment_validate_admission(struct arena *a, const struct enrollment *en,
                                  const char *zone, struct field_error *e);

/* enrollment_admit: DB_OK; DB_CONSTRAINT when the person is enrolled in the
 * program already (or there is no such program). */
enum db_status enrollment_admit(struct db *db, const struct enrollment *en,
                                int64_t user_id, int64_t *id);

/* What enrollment_discharge did: recorded it; refused it with *e (a bad
 * field, or a date before the admission); found no such open enrollment;
 * or failed in the database. */
enum discharged {
	DISCHARGED,
	DISCHARGE_REFUSED,
	DISCHARGE_NOT_OPEN,
	DISCHARGE_FAILED,
};

/* enrollment_discharge checks and records a discharge of the person's
 * open enrollment d->id (zone: as for the admission). */
enum discharged enrollment_discharge(struct db *db, struct arena *a,
                                     const struct enrollment *d,
                                     const char *zone, struct field_error *e);

/* enrollment_list: newest admission first (at most 100). */
enum db_status enrollment_list(struct db *db, struct arena *a,
                               int64_t person_id, struct enrollment **out,
                               int *count);

/* enrollments_view answers with the person's enrollments page; draft and
 * e describe a refused admission (draft->id 0) or discharge (draft->id
 * the enrollment), shown beside their fields (NULL: none). */
struct req;
void enrollments_view(struct req *r, int status, const struct enrollment *draft,
                      const struct field_error *e);

/* enrollment_json writes one enrollment as the API shows it. */
void enrollment_json(struct buf *b, const void *item);

/* person_activity_refresh sets what the Today page's "no contact in N
 * days" reads from the person's row (migration 21): persons.enrolled from
 * their open enrollments and last_contact_on from their newest signed
 * contact; after an admission, a discharge or a merge.  (Signing a note
 * moves last_contact_on forward itself: notes/contact.c.) */
enum db_status person_activity_refresh(struct db *db, int64_t person_id);

/* enrollment_overview writes the person's section of the overview page:
 * the programs they are enrolled in now. */
void enrollment_overview(struct req *r);

#endif
