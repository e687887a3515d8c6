/* enrollment.c — see enrollment.h. */
#include "enrollment.h"
#include "../../core/clock.h"
#include "../../core/text.h"

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

static bool not_future(const char *date)
{
	char today[CLOCK_STAMP_SIZE];
	clock_now_utc(today);
	return strncmp(date, today, 10) <= 0;
}

int enrollment_validate_admission(const struct enrollment *en,
                                  struct field_error *e)
{
	if (en->program_id <= 0)
		return field_fail(e, "program_id", "Choose the program.");
	if (!text_is_date(en->admitted_on) || !not_future(en->admitted_on))
		return field_fail(e, "admitted_on",
		                  "Admission date must be a date like "
		                  "2026-11-02, not in the future.");
	if (!en->admission_reason || !*en->admission_reason ||
	    utf8_length(en->admission_reason) > 500)
		return field_fail(e, "admission_reason",
		                  "Say why they are joining, for example who "
		                  "referred them (at most 500 characters).");
	return 0;
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

int enrollment_discharge(struct db *db, struct arena *a,
                         const struct enrollment *d, struct field_error *e)
{
	if (!text_is_date(d->discharged_on) || !not_future(d->discharged_on))
		return -field_fail(e, "discharged_on",
		                   "Discharge date must be a date like "
		                   "2026-11-20, not in the future.");
	if (!d->discharge_reason ||
	    !choice_known(discharge_reasons, discharge_reason_count,
	                  d->discharge_reason))
		return -field_fail(e, "discharge_reason",
		                   "Choose why the stay ended.");
	if (!d->discharge_note || utf8_length(d->discharge_note) > 1000)
		return -field_fail(e, "discharge_note",
		                   "The note must be at most 1000 characters.");
	if (!strcmp(d->discharge_reason, "other") && !*d->discharge_note)
		return -field_fail(e, "discharge_note",
		                   "Say why in the note when the reason is "
		                   "other.");
	/* the admission date of the open enrollment; none open: 2 */
	const char *admitted_on = NULL;
	enum db_status s =
	    db_one_text(db, a,
	                "SELECT admitted_on FROM enrollments WHERE id = ? AND"
	                " person_id = ? AND discharged_on IS NULL",
	                &admitted_on, DB_INT(d->id), DB_INT(d->person_id));
	if (s == DB_DONE)
		return 2;
	if (s != DB_ROW)
		return -1;
	if (strcmp(d->discharged_on, admitted_on) < 0)
		return -field_fail(e, "discharged_on",
		                   "Discharge date cannot be before the "
		                   "admission date.");
	return db_run(
	           db,
	           "UPDATE enrollments SET discharged_on = ?, discharge_reason "
	           "="
	           " ?, discharge_note = ? WHERE id = ? AND person_id = ? AND"
	           " discharged_on IS NULL",
	           DB_TEXT(d->discharged_on), DB_TEXT(d->discharge_reason),
	           DB_TEXT(d->discharge_note), DB_INT(d->id),
	           DB_INT(d->person_id)) == DB_OK
	           ? 0
	           : -1;
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
