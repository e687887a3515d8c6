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
	struct db_stmt *st = db_prepare(
	    db, "INSERT INTO enrollments (person_id, program_id, admitted_on,"
	        " admission_reason, created_at, created_by)"
	        " VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, en->person_id);
	db_bind_int(st, 2, en->program_id);
	db_bind_text(st, 3, en->admitted_on);
	db_bind_text(st, 4, en->admission_reason);
	db_bind_text(st, 5, now);
	db_bind_int(st, 6, user_id);
	enum db_status s = db_step(st);
	if (s == DB_ROW)
		*id = db_column_int(st, 0);
	db_done(st);
	return s == DB_ROW ? DB_OK : s;
}

/* The admission date of the person's open enrollment id: DB_ROW, or
 * DB_DONE when there is none open. */
static enum db_status open_admission(struct db *db, struct arena *a,
                                     const struct enrollment *d,
                                     const char **admitted_on)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT admitted_on FROM enrollments WHERE id = ? AND"
	        " person_id = ? AND discharged_on IS NULL");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, d->id);
	db_bind_int(st, 2, d->person_id);
	enum db_status s = db_step(st);
	if (s == DB_ROW)
		*admitted_on = arena_strdup(a, db_column_text(st, 0));
	db_done(st);
	return s;
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
	const char *admitted_on = NULL;
	enum db_status s = open_admission(db, a, d, &admitted_on);
	if (s == DB_DONE)
		return 2;
	if (s != DB_ROW)
		return -1;
	if (strcmp(d->discharged_on, admitted_on) < 0)
		return -field_fail(e, "discharged_on",
		                   "Discharge date cannot be before the "
		                   "admission date.");
	struct db_stmt *st = db_prepare(
	    db, "UPDATE enrollments SET discharged_on = ?, discharge_reason ="
	        " ?, discharge_note = ? WHERE id = ? AND person_id = ? AND"
	        " discharged_on IS NULL");
	if (!st)
		return -1;
	db_bind_text(st, 1, d->discharged_on);
	db_bind_text(st, 2, d->discharge_reason);
	db_bind_text(st, 3, d->discharge_note);
	db_bind_int(st, 4, d->id);
	db_bind_int(st, 5, d->person_id);
	s = db_step(st);
	db_done(st);
	return s == DB_DONE ? 0 : -1;
}

enum db_status enrollment_list(struct db *db, struct arena *a,
                               int64_t person_id, struct enrollment **out,
                               int *count)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT e.id, e.program_id, p.name, e.admitted_on,"
	        " e.admission_reason, COALESCE(e.discharged_on, ''),"
	        " COALESCE(e.discharge_reason, ''), e.discharge_note"
	        " FROM enrollments e JOIN programs p ON p.id = e.program_id"
	        " WHERE e.person_id = ? ORDER BY e.admitted_on DESC, e.id DESC"
	        " LIMIT 100");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, person_id);
	*out = NULL;
	*count = 0;
	int room = 0;
	enum db_status s;
	while ((s = db_step(st)) == DB_ROW && *count < ENROLLMENT_MAX) {
		struct enrollment *en = ARENA_NEXT(a, *out, *count, room);
		en->id = db_column_int(st, 0);
		en->person_id = person_id;
		en->program_id = db_column_int(st, 1);
		const char **texts[] = {
		    &en->program_name,     &en->admitted_on,
		    &en->admission_reason, &en->discharged_on,
		    &en->discharge_reason, &en->discharge_note};
		for (int i = 0; i < 6; i++)
			*texts[i] = arena_strdup(a, db_column_text(st, 2 + i));
	}
	db_done(st);
	return s == DB_ROW ? DB_DONE : s;
}
