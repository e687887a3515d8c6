/* support.c — see support.h. */
#include "support.h"
#include "../../core/clock.h"
#include "../../core/text.h"

#include <string.h>

enum { SUPPORT_MAX = 100 };

/* A support as the form and the API name them, in the API's order: all
 * but the last are written by fields_json, then removed_at (null while
 * current) and may_contact (support_pages.c). */
const struct field support_fields[] = {
    FIELD_ID_AT(struct support, id, "id", "Support", FIELD_OUTPUT_ONLY),
    FIELD_LINE_AT(struct support, name, "name", "Name", FIELD_REQUIRED, 120),
    FIELD_LINE_AT(struct support, relationship, "relationship", "Relationship",
                  FIELD_REQUIRED, 60,
                  .message = "Relationship is required, for example "
                             "sister, friend or sponsor (at most 60 "
                             "characters)."),
    FIELD_LINE_AT(struct support, phone, "phone", "Phone", 0, 40),
    FIELD_EMAIL_AT(struct support, email, "email", "E-mail", 0, 254),
    FIELD_LINE_AT(struct support, created_at, "created_at", "Added",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_FLAG_AT(struct support, may_contact, "may_contact",
                  "They let us contact this person"),
};
const int support_field_count =
    sizeof support_fields / sizeof support_fields[0];

int support_validate(struct arena *a, const struct support *s,
                     struct field_error *e)
{
	return fields_validate(a, support_fields, support_field_count, s, e);
}

enum db_status support_add(struct db *db, const struct support *s,
                           int64_t user_id, int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return db_run_returning_id(
	    db,
	    "INSERT INTO supports (person_id, name, relationship, phone,"
	    " email, may_contact, created_at, created_by)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    id, DB_INT(s->person_id), DB_TEXT(s->name),
	    DB_TEXT(s->relationship), DB_TEXT(s->phone), DB_TEXT(s->email),
	    DB_BOOL(s->may_contact), DB_TEXT(now), DB_INT(user_id));
}

/* DB_OK when an UPDATE … RETURNING id matched, else DB_DONE or the error. */
static enum db_status matched(enum db_status s)
{
	return s == DB_ROW ? DB_OK : s;
}

enum db_status support_remove(struct db *db, int64_t person_id, int64_t id,
                              int64_t user_id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	int64_t row;
	return matched(
	    db_one_int(db,
	               "UPDATE supports SET removed_at = ?, removed_by = ?"
	               " WHERE id = ? AND person_id = ? AND removed_at IS "
	               "NULL RETURNING id",
	               &row, DB_TEXT(now), DB_INT(user_id), DB_INT(id),
	               DB_INT(person_id)));
}

enum db_status support_set_contact(struct db *db, int64_t person_id, int64_t id,
                                   bool may_contact)
{
	int64_t row;
	return matched(db_one_int(
	    db,
	    "UPDATE supports SET may_contact = ? WHERE id = ?"
	    " AND person_id = ? AND removed_at IS NULL"
	    " RETURNING id",
	    &row, DB_BOOL(may_contact), DB_INT(id), DB_INT(person_id)));
}

enum db_status support_list(struct db *db, struct arena *a, int64_t person_id,
                            struct support **out, int *count)
{
	static const struct db_col cols[] = {
	    DB_COL_INT(struct support, id),
	    DB_COL_TEXT(struct support, name),
	    DB_COL_TEXT(struct support, relationship),
	    DB_COL_TEXT(struct support, phone),
	    DB_COL_TEXT(struct support, email),
	    DB_COL_BOOL(struct support, may_contact),
	    DB_COL_TEXT(struct support, created_at),
	    DB_COL_TEXT(struct support, removed_at)};
	struct db_stmt *st =
	    db_query(db,
	             "SELECT id, name, relationship, phone, email, may_contact,"
	             " created_at, COALESCE(removed_at, '') FROM supports"
	             " WHERE person_id = ? ORDER BY removed_at IS NOT NULL, id"
	             " LIMIT 100",
	             DB_INT(person_id));
	*out = NULL;
	*count = 0;
	int room = 0;
	while (*count < SUPPORT_MAX && db_row(st)) {
		struct support *s = ARENA_NEXT(a, *out, *count, room);
		db_read_row(st, a, DB_COLS(cols), s);
		s->person_id = person_id;
	}
	return db_end(db, st);
}
