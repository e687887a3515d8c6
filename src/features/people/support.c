/* support.c — see support.h. */
#include "support.h"
#include "../../core/clock.h"
#include "../../core/text.h"

#include <string.h>

enum { SUPPORT_MAX = 100 };

int support_validate(const struct support *s, struct field_error *e)
{
	if (!s->name || !*s->name || !text_is_one_line(s->name, 120))
		return field_fail(e, "name",
		                  "Name is required (at most 120 characters).");
	if (!s->relationship || !*s->relationship ||
	    !text_is_one_line(s->relationship, 60))
		return field_fail(
		    e, "relationship",
		    "Relationship is required, for example sister, "
		    "friend or sponsor (at most 60 characters).");
	if (!text_is_one_line(s->phone, 40))
		return field_fail(e, "phone",
		                  "Phone must be at most 40 characters.");
	if (!text_is_one_line(s->email, 254) ||
	    (*s->email && !strchr(s->email, '@')))
		return field_fail(
		    e, "email",
		    "E-mail must be an address like name@example.org.");
	return 0;
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
