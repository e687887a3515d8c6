/* form_draft.c — see form_draft.h. */
#include "form_draft.h"
#include "../core/clock.h"

enum db_status form_draft_save(struct db *db, int64_t user_id, const char *form,
                               const char *fields)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return db_run(db,
	              "INSERT INTO form_drafts (user_id, form, fields,"
	              " saved_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id,"
	              " form) DO UPDATE SET fields = excluded.fields,"
	              " saved_at = excluded.saved_at",
	              DB_INT(user_id), DB_TEXT(form), DB_TEXT(fields),
	              DB_TEXT(now));
}

enum db_status form_draft_get(struct db *db, struct arena *a, int64_t user_id,
                              const char *form, const char **fields,
                              const char **saved_at)
{
	struct db_stmt *st = db_query(db,
	                              "SELECT fields, saved_at FROM form_drafts"
	                              " WHERE user_id = ? AND form = ?",
	                              DB_INT(user_id), DB_TEXT(form));
	if (!db_row(st))
		return db_end(db, st);
	*fields = db_column_dup(st, a, 0);
	*saved_at = db_column_dup(st, a, 1);
	db_end(db, st);
	return DB_ROW;
}

enum db_status form_draft_clear(struct db *db, int64_t user_id,
                                const char *form)
{
	return db_run(db,
	              "DELETE FROM form_drafts WHERE user_id = ? AND form = ?",
	              DB_INT(user_id), DB_TEXT(form));
}
