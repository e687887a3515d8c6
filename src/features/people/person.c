/* person.c — persons: rules and storage (see person.h). */
#include "person.h"
#include "person_row.h"
#include "../../core/clock.h"
#include "../../core/text.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

const struct choice recovery_stages[] = {
    {"pre_recovery_engagement", "Pre-recovery engagement"},
    {"recovery_initiation", "Recovery initiation"},
    {"stabilization", "Stabilization"},
    {"sustained_recovery_maintenance", "Sustained recovery maintenance"},
};
const int recovery_stage_count =
    sizeof recovery_stages / sizeof recovery_stages[0];

/* A real calendar date, not in the future, after 1900. */
static bool birth_date_ok(const char *s)
{
	char today[CLOCK_STAMP_SIZE];
	clock_now_utc(today);
	return text_is_date(s) && strncmp(s, today, 10) <= 0;
}

int person_validate(const struct person *p, struct field_error *e)
{
	if (!p->legal_name || !*p->legal_name ||
	    !text_is_one_line(p->legal_name, 200))
		return field_fail(e, "legal_name",
		                  "Legal name is required, on one line.");
	if (!text_is_one_line(p->preferred_name, 200))
		return field_fail(e, "preferred_name",
		                  "Preferred name must be on one line.");
	if (!text_is_one_line(p->pronouns, 40))
		return field_fail(e, "pronouns",
		                  "Pronouns must be at most 40 characters.");
	if (!birth_date_ok(p->date_of_birth))
		return field_fail(e, "date_of_birth",
		                  "Date of birth must be a date like "
		                  "1990-04-17, not in the future.");
	if (!p->record_number || !*p->record_number ||
	    !text_is_one_line(p->record_number, 40))
		return field_fail(e, "record_number",
		                  "Record number is required (at most "
		                  "40 characters).");
	if (!text_is_one_line(p->phone, 40))
		return field_fail(e, "phone",
		                  "Phone must be at most 40 characters.");
	if (!text_is_one_line(p->email, 254) ||
	    (*p->email && !strchr(p->email, '@')))
		return field_fail(
		    e, "email",
		    "E-mail must be an address like name@example.org.");
	if (p->address && utf8_length(p->address) > 300)
		return field_fail(e, "address",
		                  "Address must be at most 300 characters.");
	if (!text_is_one_line(p->preferred_language, 60))
		return field_fail(e, "preferred_language",
		                  "Preferred language must be at "
		                  "most 60 characters.");
	if (!p->recovery_stage ||
	    !choice_known(recovery_stages, recovery_stage_count,
	                  p->recovery_stage))
		return field_fail(e, "recovery_stage",
		                  "Recovery stage must be one of the "
		                  "four stages.");
	if (p->team_id <= 0)
		return field_fail(e, "team_id", "Choose the person's team.");
	return 0;
}

static enum db_status add_stage(struct db *db, int64_t id, const char *stage,
                                int64_t user_id, const char *now)
{
	struct db_stmt *st =
	    db_prepare(db, "INSERT INTO recovery_stages (person_id, stage, "
	                   "changed_at, changed_by)"
	                   " VALUES (?, ?, ?, ?)");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, stage);
	db_bind_text(st, 3, now);
	db_bind_int(st, 4, user_id);
	enum db_status s = db_step(st);
	db_done(st);
	return s == DB_DONE ? DB_OK : s;
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
	struct db_stmt *st = db_prepare(
	    db,
	    "INSERT INTO persons (record_number, legal_name, preferred_name,"
	    " pronouns, date_of_birth, phone, email, voicemail_ok, texts_ok,"
	    " email_ok, preferred_language, interpreter_needed, asl, team_id,"
	    " recovery_stage, search_name, created_at, updated_at, address)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id");
	if (!st) {
		s = db_last_status(db);
		db_rollback(db);
		goto out;
	}
	const char *texts[] = {
	    p->record_number, p->legal_name, p->preferred_name, p->pronouns,
	    p->date_of_birth, p->phone,      p->email};
	for (int i = 0; i < 7; i++)
		db_bind_text(st, i + 1, texts[i]);
	db_bind_int(st, 8, p->voicemail_ok);
	db_bind_int(st, 9, p->texts_ok);
	db_bind_int(st, 10, p->email_ok);
	db_bind_text(st, 11, p->preferred_language);
	db_bind_int(st, 12, p->interpreter_needed);
	db_bind_int(st, 13, p->asl);
	db_bind_int(st, 14, p->team_id);
	db_bind_text(st, 15, p->recovery_stage);
	db_bind_text(st, 16, search);
	db_bind_text(st, 17, now);
	db_bind_text(st, 18, now);
	db_bind_text(st, 19, p->address ? p->address : "");
	s = db_step(st);
	if (s == DB_ROW)
		*id = db_column_int(st, 0);
	db_done(st);
	if (s != DB_ROW || (s = add_stage(db, *id, p->recovery_stage, user_id,
	                                  now)) != DB_OK) {
		db_rollback(db);
		s = s == DB_DONE ? DB_ERROR : s;
		goto out;
	}
	s = db_commit(db);
out:
	arena_free(&a);
	return s;
}

void person_read_row(struct db_stmt *st, struct arena *a, struct person *p)
{
	p->id = db_column_int(st, 0);
	p->team_id = db_column_int(st, 1);
	const char **texts[] = {
	    &p->record_number, &p->legal_name,         &p->preferred_name,
	    &p->pronouns,      &p->date_of_birth,      &p->phone,
	    &p->email,         &p->preferred_language, &p->recovery_stage};
	for (int i = 0; i < 9; i++)
		*texts[i] = arena_strdup(a, db_column_text(st, 2 + i));
	p->voicemail_ok = db_column_int(st, 11) != 0;
	p->texts_ok = db_column_int(st, 12) != 0;
	p->email_ok = db_column_int(st, 13) != 0;
	p->interpreter_needed = db_column_int(st, 14) != 0;
	p->asl = db_column_int(st, 15) != 0;
	p->team_name = arena_strdup(a, db_column_text(st, 16));
	p->program_id = db_column_int(st, 17);
	p->created_at = arena_strdup(a, db_column_text(st, 18));
	p->updated_at = arena_strdup(a, db_column_text(st, 19));
	p->address = arena_strdup(a, db_column_text(st, 20));
}

enum db_status person_get(struct db *db, struct arena *a, int64_t id,
                          struct person *out)
{
	struct db_stmt *st = db_prepare(db, PERSON_COLUMNS " WHERE p.id = ?");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, id);
	enum db_status s = db_step(st);
	if (s == DB_ROW)
		person_read_row(st, a, out);
	db_done(st);
	return s;
}

enum db_status person_set_stage(struct db *db, int64_t id, const char *stage,
                                int64_t user_id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	struct db_stmt *st =
	    db_prepare(db, "UPDATE persons SET recovery_stage = ?,"
	                   " updated_at = ? WHERE id = ?");
	if (!st) {
		s = db_last_status(db);
		goto fail;
	}
	db_bind_text(st, 1, stage);
	db_bind_text(st, 2, now);
	db_bind_int(st, 3, id);
	s = db_step(st);
	db_done(st);
	if (s != DB_DONE ||
	    (s = add_stage(db, id, stage, user_id, now)) != DB_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return s == DB_DONE ? DB_ERROR : s;
}

enum db_status person_stages(struct db *db, struct arena *a, int64_t id,
                             struct stage_change **out, int *count)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT s.stage, s.changed_at, u.name FROM recovery_stages s"
	        " JOIN users u ON u.id = s.changed_by WHERE s.person_id = ?"
	        " ORDER BY s.id DESC LIMIT 50");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, id);
	*out = NULL;
	*count = 0;
	int room = 0;
	enum db_status s;
	while ((s = db_step(st)) == DB_ROW && *count < 50) {
		struct stage_change *c = ARENA_NEXT(a, *out, *count, room);
		c->stage = arena_strdup(a, db_column_text(st, 0));
		c->changed_at = arena_strdup(a, db_column_text(st, 1));
		c->changed_by = arena_strdup(a, db_column_text(st, 2));
	}
	db_done(st);
	return s == DB_ROW ? DB_DONE : s;
}

enum db_status person_possible_duplicate(struct db *db, struct arena *a,
                                         const struct person *p)
{
	/* the folded legal name is the first part of search_name */
	char *folded = text_fold(a, p->legal_name);
	char *sep = strchr(folded, '\x1f');
	if (sep)
		*sep = '\0';
	struct db_stmt *st =
	    db_prepare(db, "SELECT 1 FROM persons WHERE date_of_birth = ?"
	                   " AND strpos(search_name, ?) = 1 LIMIT 1");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, p->date_of_birth);
	db_bind_text(st, 2, arena_sprintf(a, "%s ", folded));
	enum db_status s = db_step(st);
	db_done(st);
	return s;
}
