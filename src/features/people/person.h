/* person.h — a person served: who they are, how to reach them, their team
 * and recovery stage.  Reachable only through the team (access.c). */
#ifndef WAYPOINT_PERSON_H
#define WAYPOINT_PERSON_H

#include "../../core/arena.h"
#include "../../core/choice.h"
#include "../../core/field_error.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdbool.h>
#include <stdint.h>

struct person {
	int64_t id, team_id;
	const char *record_number, *legal_name, *preferred_name, *pronouns;
	const char *date_of_birth; /* YYYY-MM-DD */
	const char *phone, *email, *address, *preferred_language;
	const char *recovery_stage;
	const char
	    *payer_member_id; /* the payer's id for them, "" unless set */
	bool voicemail_ok, texts_ok, email_ok, interpreter_needed, asl;
	const char *team_name;
	int64_t program_id;
	const char *created_at, *updated_at;
};

extern const struct choice recovery_stages[];
extern const int recovery_stage_count;

/* The fields the add form and the API read (web/fields.h). */
extern const struct field person_fields[];
extern const int person_field_count;

/* person_validate checks p, kept in time zone zone (its program's: the
 * birth date is not after today there); returns 0, or -1 with *e naming
 * the field. */
int person_validate(struct arena *a, const struct person *p, const char *zone,
                    struct field_error *e);

/* person_create stores p (its stage history begins) as user_id; DB_OK. */
enum db_status person_create(struct db *db, const struct person *p,
                             int64_t user_id, int64_t *id);

/* person_get: DB_ROW found, DB_DONE none. */
enum db_status person_get(struct db *db, struct arena *a, int64_t id,
                          struct person *out);

/* How a list of persons is ordered: by name (legal name, case and accents
 * aside), newest first, or by record number. */
enum person_sort { PERSON_SORT_NAME, PERSON_SORT_NEWEST, PERSON_SORT_RECORD };
extern const struct choice person_sorts[];
extern const int person_sort_count;

/* person_find lists persons in the user's teams whose name, record number
 * or birth date matches q (NULL: all), in the given order, skipping the
 * first offset. */
enum db_status person_find(struct db *db, struct arena *a, int64_t user_id,
                           const char *q, enum person_sort sort, int64_t offset,
                           int limit, struct person **out, int *count);

/* person_find_in is person_find for an API token's scope: the persons of
 * team_id, or (team_id 0) of every team of program_id. */
enum db_status person_find_in(struct db *db, struct arena *a, int64_t team_id,
                              int64_t program_id, const char *q,
                              enum person_sort sort, int64_t offset, int limit,
                              struct person **out, int *count);

/* person_set_stage records a new recovery stage, with its history. */
enum db_status person_set_stage(struct db *db, int64_t id, const char *stage,
                                int64_t user_id);

struct stage_change {
	const char *stage, *changed_at, *changed_by;
};

/* person_stages: the stage history, newest first (at most 50). */
enum db_status person_stages(struct db *db, struct arena *a, int64_t id,
                             struct stage_change **out, int *count);

/* person_possible_duplicate: DB_ROW when another person has the same legal
 * name (accents and case aside) and birth date, in any team (merged
 * records aside). */
enum db_status person_possible_duplicate(struct db *db, struct arena *a,
                                         const struct person *p);

/* person_display_name: the preferred name, else the legal one. */
const char *person_display_name(const struct person *p);

/* What person_add did: added (*id set); refused with *e (answer 400);
 * held back with *e because the person may already exist and adding was
 * not confirmed (answer 409); or answered itself (a database failure). */
enum person_added {
	PERSON_ADDED,
	PERSON_REFUSED,
	PERSON_MAYBE_DUPLICATE,
	PERSON_ADD_ANSWERED,
};

/* person_add validates p and stores it in one of the requester's teams. */
enum person_added person_add(struct req *r, const struct person *p,
                             bool confirmed, int64_t *id,
                             struct field_error *e);

/* person_list_page reads ?sort=&limit=&cursor= (the cursor: where the next
 * page starts), finds up to limit + 1 persons of
 * the requester's teams matching q, and audits the query; ANSWERED on a
 * bad parameter (400) or a database failure. */
enum answer person_list_page(struct req *r, const char *q, struct person **list,
                             int *count, int *limit, int64_t *offset,
                             enum person_sort *sort);

#endif
