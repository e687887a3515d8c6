/* enrollment.c — see enrollment.h. */
#include "enrollment.h"
#include "../../core/clock.h"

#include <string.h>

enum { ENROLLMENT_MAX = 100 };

/* Why a stay ended, as program managers report it. */
const struct choice discharge_reasons[] = {
    {"goals_met", "Reached their goals"},
    {"chose_to_leave", "Chose to leave"},
    {"moved", "Moved away"},
    {"transferred", "Transferred to another service"},
    {"lost_contact", "Lost contact"},
    {"hospital_or_jail", "Long stay in hospital or jail"},
    {"deceased", "Died"},
    {"other", "Other (say in the note)"},
};
const int discharge_reason_count =
    sizeof discharge_reasons / sizeof discharge_reasons[0];

/* An admission as the form and the API name it, in the API's order (the
 * discharge follows, null while enrolled: enrollment_pages.c). */
const struct field admission_fields[] = {
    FIELD_ID_AT(struct enrollment, id, "id", "Enrollment", FIELD_OUTPUT_ONLY),
    FIELD_ID_AT(struct enrollment, program_id, "program_id", "Program",
                FIELD_REQUIRED, .message = "Choose the program."),
    FIELD_LINE_AT(struct enrollment, program_name, "program_name",
                  "Program name", FIELD_OUTPUT_ONLY, 0),
    FIELD_DATE_AT(struct enrollment, admitted_on, "admitted_on",
                  "Admission date", FIELD_REQUIRED | FIELD_NOT_FUTURE),
    FIELD_TEXT_AT(struct enrollment, admission_reason, "admission_reason",
                  "Why they are joining", FIELD_REQUIRED, 500,
                  .message = "Say why they are joining, for example who "
                             "referred them (at most 500 characters)."),
};
const int admission_field_count =
    sizeof admission_fields / sizeof admission_fields[0];

/* A discharge as its form and the API name it. */
const struct field discharge_fields[] = {
    FIELD_DATE_AT(struct enrollment, discharged_on, "discharged_on",
                  "Discharge date", FIELD_REQUIRED | FIELD_NOT_FUTURE),
    FIELD_CHOICE_AT(struct enrollment, discharge_reason, "discharge_reason",
                    "Why it ended", FIELD_REQUIRED, discharge_reasons,
                    &discharge_reason_count),
    FIELD_TEXT_AT(struct enrollment, discharge_note, "discharge_note", "Note",
                  0, 1000),
};
const int discharge_field_count =
    sizeof discharge_fields / sizeof discharge_fields[0];

int enrollment_validate_admission(struct arena *a, const struct enrollment *en,
                                  const char *zone, struct field_error *e)
{
	return fields_validate_in(a, admission_fields, admission_field_count,
	                          en, zone, e);
}

enum db_status enrollment_admit(struct db *db, const struct enrollment *en,
                                int64_t user_id, int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return db_run_returning_id(
	    db,
	    "INSERT INTO enrollments (person_id, program_id, admitted_on,"
	    " admission_reason, created_at, created_by)"
	    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	    id, DB_INT(en->person_id), DB_INT(en->program_id),
	    DB_TEXT(en->admitted_on), DB_TEXT(en->admission_reason),
	    DB_TEXT(now), DB_INT(user_id));
}

enum discharged enrollment_discharge(struct db *db, struct arena *a,
                                     const struct enrollment *d,
                                     const char *zone, struct field_error *e)
{
	if (fields_validate_in(a, discharge_fields, discharge_field_count, d,
	                       zone, e))
		return DISCHARGE_REFUSED;
	if (!strcmp(d->discharge_reason, "other") && !*d->discharge_note) {
		field_fail(e, "discharge_note",
		           "Say why in the note when the reason is other.");
		return DISCHARGE_REFUSED;
	}
	/* the admission date of the open enrollment, when there is one */
	const char *admitted_on = NULL;
	enum db_status s =
	    db_one_text(db, a,
	                "SELECT admitted_on FROM enrollments WHERE id = ? AND"
	                " person_id = ? AND discharged_on IS NULL",
	                &admitted_on, DB_INT(d->id), DB_INT(d->person_id));
	if (s == DB_DONE)
		return DISCHARGE_NOT_OPEN;
	if (s != DB_ROW)
		return DISCHARGE_FAILED;
	if (strcmp(d->discharged_on, admitted_on) < 0) {
		field_fail(e, "discharged_on",
		           "Discharge date cannot be before the admission "
		           "date.");
		return DISCHARGE_REFUSED;
	}
	return db_run(db,
	              "UPDATE enrollments SET discharged_on = ?,"
	              " discharge_reason = ?, discharge_note = ? WHERE id = ?"
	              " AND person_id = ? AND discharged_on IS NULL",
	              DB_TEXT(d->discharged_on), DB_TEXT(d->discharge_reason),
	              DB_TEXT(d->discharge_note), DB_INT(d->id),
	              DB_INT(d->person_id)) == DB_OK
	           ? DISCHARGED
	           : DISCHARGE_FAILED;
}

enum db_status enrollment_list(struct db *db, struct arena *a,
                               int64_t person_id, struct enrollment **out,
                               int *count)
{
	static const struct db_col cols[] = {
	    DB_COL_INT(struct enrollment, id),
	    DB_COL_INT(struct enrollment, program_id),
	    DB_COL_TEXT(struct enrollment, program_name),
	    DB_COL_TEXT(struct enrollment, admitted_on),
	    DB_COL_TEXT(struct enrollment, admission_reason),
	    DB_COL_TEXT(struct enrollment, discharged_on),
	    DB_COL_TEXT(struct enrollment, discharge_reason),
	    DB_COL_TEXT(struct enrollment, discharge_note)};
	struct db_stmt *st = db_query(
	    db,
	    "SELECT e.id, e.program_id, p.name, e.admitted_on,"
	    " e.admission_reason, COALESCE(e.discharged_on, ''),"
	    " COALESCE(e.discharge_reason, ''), e.discharge_note"
	    " FROM enrollments e JOIN programs p ON p.id = e.program_id"
	    " WHERE e.person_id = ? ORDER BY e.admitted_on DESC, e.id DESC"
	    " LIMIT 100",
	    DB_INT(person_id));
	*out = NULL;
	*count = 0;
	int room = 0;
	while (*count < ENROLLMENT_MAX && db_row(st)) {
		struct enrollment *en = ARENA_NEXT(a, *out, *count, room);
		db_read_row(st, a, DB_COLS(cols), en);
		en->person_id = person_id;
	}
	return db_end(db, st);
}

enum db_status person_activity_refresh(struct db *db, int64_t person_id)
{
	return db_run(db,
	              "UPDATE persons SET enrolled = CASE WHEN EXISTS (SELECT 1"
	              " FROM enrollments WHERE person_id = ? AND discharged_on"
	              " IS NULL) THEN 1 ELSE 0 END, last_contact_on ="
	              " COALESCE((SELECT MAX(contact_on) FROM contacts WHERE"
	              " person_id = ? AND state = 'signed'), '') WHERE id = ?",
	              DB_INT(person_id), DB_INT(person_id), DB_INT(person_id));
}
