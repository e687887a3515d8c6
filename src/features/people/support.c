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
	struct db_stmt *st = db_prepare(
	    db, "INSERT INTO supports (person_id, name, relationship, phone,"
	        " email, may_contact, created_at, created_by)"
	        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, s->person_id);
	db_bind_text(st, 2, s->name);
	db_bind_text(st, 3, s->relationship);
	db_bind_text(st, 4, s->phone);
	db_bind_text(st, 5, s->email);
	db_bind_int(st, 6, s->may_contact);
	db_bind_text(st, 7, now);
	db_bind_int(st, 8, user_id);
	enum db_status r = db_step(st);
	if (r == DB_ROW)
		*id = db_column_int(st, 0);
	db_done(st);
	return r == DB_ROW ? DB_OK : r;
}

enum db_status support_remove(struct db *db, int64_t person_id, int64_t id,
                              int64_t user_id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	struct db_stmt *st =
	    db_prepare(db, "UPDATE supports SET removed_at = ?, removed_by = ?"
	                   " WHERE id = ? AND person_id = ? AND removed_at IS "
	                   "NULL RETURNING id");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, now);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, id);
	db_bind_int(st, 4, person_id);
	enum db_status r = db_step(st);
	db_done(st);
	return r == DB_ROW ? DB_OK : r;
}

enum db_status support_set_contact(struct db *db, int64_t person_id, int64_t id,
                                   bool may_contact)
{
	struct db_stmt *st =
	    db_prepare(db, "UPDATE supports SET may_contact = ? WHERE id = ?"
	                   " AND person_id = ? AND removed_at IS NULL"
	                   " RETURNING id");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, may_contact);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, person_id);
	enum db_status r = db_step(st);
	db_done(st);
	return r == DB_ROW ? DB_OK : r;
}

enum db_status support_list(struct db *db, struct arena *a, int64_t person_id,
                            struct support **out, int *count)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT id, name, relationship, phone, email, may_contact,"
	        " created_at, COALESCE(removed_at, '') FROM supports"
	        " WHERE person_id = ? ORDER BY removed_at IS NOT NULL, id"
	        " LIMIT 100");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, person_id);
	*out = NULL;
	*count = 0;
	int room = 0;
	enum db_status r;
	while ((r = db_step(st)) == DB_ROW && *count < SUPPORT_MAX) {
		struct support *s = ARENA_NEXT(a, *out, *count, room);
		s->id = db_column_int(st, 0);
		s->person_id = person_id;
		const char **texts[] = {&s->name, &s->relationship, &s->phone,
		                        &s->email};
		for (int i = 0; i < 4; i++)
			*texts[i] = arena_strdup(a, db_column_text(st, 1 + i));
		s->may_contact = db_column_int(st, 5) != 0;
		s->created_at = arena_strdup(a, db_column_text(st, 6));
		s->removed_at = arena_strdup(a, db_column_text(st, 7));
	}
	db_done(st);
	return r == DB_ROW ? DB_DONE : r;
}
