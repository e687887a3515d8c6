/* person_edit.c — corrections to a person's details and their history
 * (see person_edit.h). */
#include "person_edit.h"
#include "../../core/clock.h"
#include "../../core/text.h"

#include <string.h>

bool person_field_correctable(const struct field *f)
{
	/* the team moves by transfer; the stage has its own history */
	return strcmp(f->name, "team_id") && strcmp(f->name, "recovery_stage");
}

const struct field *person_correctable_fields(struct arena *a, int *n)
{
	struct field *out =
	    arena_alloc(a, (size_t)person_field_count * sizeof *out);
	*n = 0;
	for (int i = 0; i < person_field_count; i++)
		if (person_field_correctable(&person_fields[i]))
			out[(*n)++] = person_fields[i];
	return out;
}

/* The member a field names: every correctable field is text or a flag. */
static const char **text_at(const struct field *f, const struct person *p)
{
	return (const char **)((const char *)p + f->offset);
}

static bool *flag_at(const struct field *f, const struct person *p)
{
	return (bool *)((const char *)p + f->offset);
}

void person_field_copy(const struct field *f, struct person *dst,
                       const struct person *src)
{
	if (f->type == FIELD_FLAG)
		*flag_at(f, dst) = *flag_at(f, src);
	else
		*text_at(f, dst) = *text_at(f, src);
}

const char *person_field_value(const struct field *f, const struct person *p)
{
	if (f->type == FIELD_FLAG)
		return *flag_at(f, p) ? "true" : "false";
	const char *v = *text_at(f, p);
	return v ? v : "";
}

const char *person_search_name(struct arena *a, const struct person *p)
{
	return text_fold(
	    a, arena_sprintf(a, "%s %s", p->legal_name, p->preferred_name));
}

enum db_status person_record_number_taken(struct db *db,
                                          const char *record_number, int64_t id)
{
	int64_t one;
	return db_one_int(db,
	                  "SELECT 1 FROM persons WHERE record_number = ?"
	                  " AND id <> ?",
	                  &one, DB_TEXT(record_number), DB_INT(id));
}

enum db_status person_get_for_change(struct db *db, struct arena *a, int64_t id,
                                     struct person *out)
{
	/* a write that changes nothing takes the row's lock; it fires no
	 * person_grams trigger (those follow search_name and team_id) */
	enum db_status s = db_run(
	    db, "UPDATE persons SET updated_at = updated_at WHERE id = ?",
	    DB_INT(id));
	return s == DB_OK ? person_get(db, a, id, out) : s;
}

static enum db_status add_change(struct db *db, int64_t id, const char *field,
                                 const char *old_value, const char *new_value,
                                 int64_t user_id, const char *now)
{
	return db_run(db,
	              "INSERT INTO person_changes (person_id, field, old_value,"
	              " new_value, changed_by, changed_at)"
	              " VALUES (?, ?, ?, ?, ?, ?)",
	              DB_INT(id), DB_TEXT(field), DB_TEXT(old_value),
	              DB_TEXT(new_value), DB_INT(user_id), DB_TEXT(now));
}

static enum db_status update_person(struct db *db, struct arena *a,
                                    const struct person *p, const char *now)
{
	return db_run(
	    db,
	    "UPDATE persons SET record_number = ?, legal_name = ?,"
	    " preferred_name = ?, pronouns = ?, date_of_birth = ?, phone = ?,"
	    " email = ?, address = ?, voicemail_ok = ?, texts_ok = ?,"
	    " email_ok = ?, preferred_language = ?, interpreter_needed = ?,"
	    " asl = ?, search_name = ?, updated_at = ?, payer_member_id = ?"
	    " WHERE id = ?",
	    DB_TEXT(p->record_number), DB_TEXT(p->legal_name),
	    DB_TEXT(p->preferred_name), DB_TEXT(p->pronouns),
	    DB_TEXT(p->date_of_birth), DB_TEXT(p->phone), DB_TEXT(p->email),
	    DB_TEXT(p->address ? p->address : ""), DB_BOOL(p->voicemail_ok),
	    DB_BOOL(p->texts_ok), DB_BOOL(p->email_ok),
	    DB_TEXT(p->preferred_language), DB_BOOL(p->interpreter_needed),
	    DB_BOOL(p->asl), DB_TEXT(person_search_name(a, p)), DB_TEXT(now),
	    DB_TEXT(p->payer_member_id ? p->payer_member_id : ""),
	    DB_INT(p->id));
}

enum db_status person_correct(struct db *db, struct arena *a,
                              const struct person *before,
                              const struct person *after, int64_t user_id,
                              const char **changed)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	struct buf names = {0};
	enum db_status s = db_begin(db);
	for (int i = 0; s == DB_OK && i < person_field_count; i++) {
		const struct field *f = &person_fields[i];
		if (!person_field_correctable(f))
			continue;
		const char *old = person_field_value(f, before);
		const char *new = person_field_value(f, after);
		if (!strcmp(old, new))
			continue;
		if (names.len)
			buf_puts(&names, ", ");
		buf_puts(&names, f->name);
		s = add_change(db, before->id, f->name, old, new, user_id, now);
	}
	if (s == DB_OK && names.len)
		s = update_person(db, a, after, now);
	*changed = arena_strdup(a, names.len ? names.data : "");
	buf_free(&names);
	if (s != DB_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db);
}

enum db_status person_changes(struct db *db, struct arena *a, int64_t id,
                              struct person_change **out, int *count)
{
	static const struct db_col cols[] = {
	    DB_COL_INT(struct person_change, id),
	    DB_COL_TEXT(struct person_change, field),
	    DB_COL_TEXT(struct person_change, old_value),
	    DB_COL_TEXT(struct person_change, new_value),
	    DB_COL_INT(struct person_change, changed_by),
	    DB_COL_TEXT(struct person_change, changed_by_name),
	    DB_COL_TEXT(struct person_change, changed_at)};
	return db_read_list(
	    db,
	    db_query(
	        db,
	        "SELECT c.id, c.field, c.old_value, c.new_value,"
	        " c.changed_by, u.name, c.changed_at"
	        " FROM person_changes c JOIN users u ON u.id = c.changed_by"
	        " WHERE c.person_id = ? ORDER BY c.id DESC LIMIT ?",
	        DB_INT(id), DB_INT(PERSON_HISTORY_MAX)),
	    a, DB_COLS(cols), sizeof **out, PERSON_HISTORY_MAX, (void **)out,
	    count);
}
