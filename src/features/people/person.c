/* person.c — persons: rules and storage (see person.h). */
#include "person.h"
#include "person_row.h"
#include "../../core/clock.h"
#include "../../core/text.h"

#include <string.h>

const struct choice recovery_stages[] = {
    {"pre_recovery_engagement", "Pre-recovery engagement"},
    {"recovery_initiation", "Recovery initiation"},
    {"stabilization", "Stabilization"},
    {"sustained_recovery_maintenance", "Sustained recovery maintenance"},
};
const int recovery_stage_count =
    sizeof recovery_stages / sizeof recovery_stages[0];

/* A person as the add form and the API name them, in the form's order
 * (the first fault found is the first the form shows).  The API writes
 * its answer in an order of its own (persons_api.c). */
const struct field person_fields[] = {
    FIELD_LINE_AT(struct person, legal_name, "legal_name", "Legal name",
                  FIELD_REQUIRED, 200),
    FIELD_LINE_AT(struct person, preferred_name, "preferred_name",
                  "Preferred name", 0, 200),
    FIELD_LINE_AT(struct person, pronouns, "pronouns", "Pronouns", 0, 40),
    FIELD_DATE_AT(struct person, date_of_birth, "date_of_birth",
                  "Date of birth", FIELD_REQUIRED | FIELD_NOT_FUTURE),
    FIELD_LINE_AT(struct person, record_number, "record_number",
                  "Record number", FIELD_REQUIRED, 40),
    FIELD_LINE_AT(struct person, payer_member_id, "payer_member_id",
                  "Payer member ID", 0, 40),
    FIELD_LINE_AT(struct person, phone, "phone", "Phone", 0, 40),
    FIELD_EMAIL_AT(struct person, email, "email", "E-mail", 0, 254),
    FIELD_TEXT_AT(struct person, address, "address", "Address", 0, 300),
    FIELD_FLAG_AT(struct person, voicemail_ok, "voicemail_ok",
                  "Voicemail is OK"),
    FIELD_FLAG_AT(struct person, texts_ok, "texts_ok", "Texts are OK"),
    FIELD_FLAG_AT(struct person, email_ok, "email_ok", "E-mail is OK"),
    FIELD_LINE_AT(struct person, preferred_language, "preferred_language",
                  "Preferred language", 0, 60),
    FIELD_FLAG_AT(struct person, interpreter_needed, "interpreter_needed",
                  "Needs an interpreter"),
    FIELD_FLAG_AT(struct person, asl, "asl", "Uses American Sign Language"),
    FIELD_CHOICE_AT(struct person, recovery_stage, "recovery_stage",
                    "Recovery stage", FIELD_REQUIRED, recovery_stages,
                    &recovery_stage_count),
    FIELD_ID_AT(struct person, team_id, "team_id", "Team", FIELD_REQUIRED,
                .message = "Choose the person's team."),
};
const int person_field_count = sizeof person_fields / sizeof person_fields[0];

int person_validate(struct arena *a, const struct person *p, const char *zone,
                    struct field_error *e)
{
	return fields_validate_in(a, person_fields, person_field_count, p, zone,
	                          e);
}

static enum db_status add_stage(struct db *db, int64_t id, const char *stage,
                                int64_t user_id, const char *now)
{
	return db_run(db,
	              "INSERT INTO recovery_stages (person_id, stage, "
	              "changed_at, changed_by)"
	              " VALUES (?, ?, ?, ?)",
	              DB_INT(id), DB_TEXT(stage), DB_TEXT(now),
	              DB_INT(user_id));
}

enum db_status person_create(struct db *db, const struct person *p,
                             int64_t user_id, int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	struct arena a;
	arena_init(&a);
	char *names =
	    arena_sprintf(&a, "%s %s", p->legal_name, p->preferred_name);
	const char *search = text_fold(&a, names);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		goto out;
	s = db_run_returning_id(
	    db,
	    "INSERT INTO persons (record_number, legal_name, preferred_name,"
	    " pronouns, date_of_birth, phone, email, voicemail_ok, texts_ok,"
	    " email_ok, preferred_language, interpreter_needed, asl, team_id,"
	    " recovery_stage, search_name, created_at, updated_at, address,"
	    " payer_member_id)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?)"
	    " RETURNING id",
	    id, DB_TEXT(p->record_number), DB_TEXT(p->legal_name),
	    DB_TEXT(p->preferred_name), DB_TEXT(p->pronouns),
	    DB_TEXT(p->date_of_birth), DB_TEXT(p->phone), DB_TEXT(p->email),
	    DB_BOOL(p->voicemail_ok), DB_BOOL(p->texts_ok),
	    DB_BOOL(p->email_ok), DB_TEXT(p->preferred_language),
	    DB_BOOL(p->interpreter_needed), DB_BOOL(p->asl), DB_INT(p->team_id),
	    DB_TEXT(p->recovery_stage), DB_TEXT(search), DB_TEXT(now),
	    DB_TEXT(now), DB_TEXT(p->address ? p->address : ""),
	    DB_TEXT(p->payer_member_id ? p->payer_member_id : ""));
	if (s == DB_OK)
		s = add_stage(db, *id, p->recovery_stage, user_id, now);
	if (s != DB_OK) {
		db_rollback(db);
		goto out;
	}
	s = db_commit(db);
out:
	arena_free(&a);
	return s;
}

/* Where each column of PERSON_COLUMNS goes. */
static const struct db_col person_cols[] = {
    DB_COL_INT(struct person, id),
    DB_COL_INT(struct person, team_id),
    DB_COL_TEXT(struct person, record_number),
    DB_COL_TEXT(struct person, legal_name),
    DB_COL_TEXT(struct person, preferred_name),
    DB_COL_TEXT(struct person, pronouns),
    DB_COL_TEXT(struct person, date_of_birth),
    DB_COL_TEXT(struct person, phone),
    DB_COL_TEXT(struct person, email),
    DB_COL_TEXT(struct person, preferred_language),
    DB_COL_TEXT(struct person, recovery_stage),
    DB_COL_BOOL(struct person, voicemail_ok),
    DB_COL_BOOL(struct person, texts_ok),
    DB_COL_BOOL(struct person, email_ok),
    DB_COL_BOOL(struct person, interpreter_needed),
    DB_COL_BOOL(struct person, asl),
    DB_COL_TEXT(struct person, team_name),
    DB_COL_INT(struct person, program_id),
    DB_COL_TEXT(struct person, created_at),
    DB_COL_TEXT(struct person, updated_at),
    DB_COL_TEXT(struct person, address),
    DB_COL_TEXT(struct person, payer_member_id)};

void person_read_row(struct db_stmt *st, struct arena *a, struct person *p)
{
	db_read_row(st, a, DB_COLS(person_cols), p);
}

enum db_status person_get(struct db *db, struct arena *a, int64_t id,
                          struct person *out)
{
	struct db_stmt *st =
	    db_query(db, PERSON_COLUMNS " WHERE p.id = ?", DB_INT(id));
	bool found = db_row(st);
	if (found)
		person_read_row(st, a, out);
	enum db_status s = db_end(db, st);
	return s == DB_DONE && found ? DB_ROW : s;
}

enum db_status person_set_stage(struct db *db, int64_t id, const char *stage,
                                int64_t user_id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	s = db_run(db,
	           "UPDATE persons SET recovery_stage = ?,"
	           " updated_at = ? WHERE id = ?",
	           DB_TEXT(stage), DB_TEXT(now), DB_INT(id));
	if (s == DB_OK)
		s = add_stage(db, id, stage, user_id, now);
	if (s != DB_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db);
}

enum db_status person_stages(struct db *db, struct arena *a, int64_t id,
                             struct stage_change **out, int *count)
{
	static const struct db_col cols[] = {
	    DB_COL_TEXT(struct stage_change, stage),
	    DB_COL_TEXT(struct stage_change, changed_at),
	    DB_COL_TEXT(struct stage_change, changed_by)};
	struct db_stmt *st = db_query(
	    db,
	    "SELECT s.stage, s.changed_at, u.name FROM recovery_stages s"
	    " JOIN users u ON u.id = s.changed_by WHERE s.person_id = ?"
	    " ORDER BY s.id DESC LIMIT 50",
	    DB_INT(id));
	*out = NULL;
	*count = 0;
	int room = 0;
	while (*count < 50 && db_row(st))
		db_read_row(st, a, DB_COLS(cols),
		            ARENA_NEXT(a, *out, *count, room));
	return db_end(db, st);
}

enum db_status person_possible_duplicate(struct db *db, struct arena *a,
                                         const struct person *p)
{
	/* the folded legal name is the first part of search_name */
	char *folded = text_fold(a, p->legal_name);
	char *sep = strchr(folded, '\x1f');
	if (sep)
		*sep = '\0';
	int64_t one;
	return db_one_int(db,
	                  "SELECT 1 FROM persons WHERE date_of_birth = ?"
	                  " AND strpos(search_name, ?) = 1"
	                  " AND merged_into IS NULL LIMIT 1",
	                  &one, DB_TEXT(p->date_of_birth),
	                  DB_TEXT(arena_sprintf(a, "%s ", folded)));
}
