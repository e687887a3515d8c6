/* person_edit.h — correcting a person's details after they were added:
 * every field of the add form (person_fields) except the team, which a
 * transfer changes (transfer.h), and the recovery stage, which has its own
 * history (person_set_stage).  Each changed field is kept in
 * person_changes: who, when, the value before and after. */
#ifndef WAYPOINT_PERSON_EDIT_H
#define WAYPOINT_PERSON_EDIT_H

#include "../../http/req.h"
#include "person.h"

#include <stdbool.h>
#include <stdint.h>

/* person_field_correctable: whether a field of person_fields is one a
 * correction may change. */
bool person_field_correctable(const struct field *f);

/* person_correctable_fields: the correctable fields of person_fields, in
 * the form's order, as a table of their own (arena memory). */
const struct field *person_correctable_fields(struct arena *a, int *n);

/* person_field_copy copies field f's value from src to dst. */
void person_field_copy(const struct field *f, struct person *dst,
                       const struct person *src);

/* person_field_value: field f's value as history keeps it: the text, or
 * "true"/"false" for a flag. */
const char *person_field_value(const struct field *f, const struct person *p);

/* person_search_name: what search_name holds for p (its names, folded). */
const char *person_search_name(struct arena *a, const struct person *p);

/* person_record_number_taken: DB_ROW when a person other than id has
 * record_number, DB_DONE when none does. */
enum db_status person_record_number_taken(struct db *db,
                                          const char *record_number,
                                          int64_t id);

/* person_get_for_change reads the person for a change in the caller's
 * transaction, holding their row until it ends (PostgreSQL; a SQLite
 * write transaction holds the whole database), so two corrections at
 * once each see the other's values as "before". */
enum db_status person_get_for_change(struct db *db, struct arena *a, int64_t id,
                                     struct person *out);

/* person_correct stores after over before (the same person, read in the
 * caller's transaction): one person_changes row per field that differs,
 * search_name and updated_at with them; nothing when none differs.
 * *changed names the fields changed, ", " between them ("" for none). */
enum db_status person_correct(struct db *db, struct arena *a,
                              const struct person *before,
                              const struct person *after, int64_t user_id,
                              const char **changed);

struct person_change {
	int64_t id, changed_by;
	const char *field, *old_value, *new_value, *changed_at;
	const char *changed_by_name;
};

enum { PERSON_HISTORY_MAX = 200 };

/* person_changes: the person's corrections, newest first (at most
 * PERSON_HISTORY_MAX). */
enum db_status person_changes(struct db *db, struct arena *a, int64_t id,
                              struct person_change **out, int *count);

/* What person_correct_checked did. */
enum person_corrected {
	PERSON_CORRECTED, /* saved (or nothing differed: *changed is "") */
	PERSON_CORRECTION_REFUSED,  /* *e names the field: answer 400 */
	PERSON_CORRECTION_ANSWERED, /* answered (403, database failure) */
};

/* person_correct_checked validates after, refuses a record number
 * another person has, stores the correction and audits it (action
 * "update", detail naming the fields, never their values) in the
 * router's transaction (ROUTE_PERSON).  Emergency access does not
 * extend to corrections: 403. */
enum person_corrected person_correct_checked(struct req *r,
                                             const struct person *before,
                                             const struct person *after,
                                             const char **changed,
                                             struct field_error *e);

/* person_correction_from_json reads PATCH's body: after is before with
 * the fields given (null clears one, as "" does); a field that is not
 * correctable, or of the wrong type, is refused (400, naming it). */
enum answer person_correction_from_json(struct req *r,
                                        const struct person *before,
                                        struct person *after);

/* person_edit_refuse_break_glass answers 403 (ANSWERED) when the record
 * was reached by emergency access: corrections and transfers are for the
 * person's team. */
enum answer person_edit_refuse_break_glass(struct req *r);

#endif
