/* notice.c — see notice.h. */
#include "notice.h"
#include "../../core/clock.h"

#include <stdio.h>

enum { NOTICE_LIST_MAX = 50 };

enum db_status notice_to_role(struct db *db, const char *role,
                              const char *message, const char *link_base,
                              int64_t id)
{
	char now[CLOCK_STAMP_SIZE], link[256];
	clock_now_utc(now);
	snprintf(link, sizeof link, "%s/%lld", link_base, (long long)id);
	struct db_stmt *st = db_prepare(
	    db, "INSERT INTO notices (user_id, message, link, created_at)"
	        " SELECT id, ?, ?, ? FROM users WHERE role = ? AND"
	        " disabled = 0");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, message);
	db_bind_text(st, 2, link);
	db_bind_text(st, 3, now);
	db_bind_text(st, 4, role);
	enum db_status s = db_step(st);
	db_done(st);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status notice_unread(struct db *db, int64_t user_id, int64_t *count)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT COUNT(*) FROM notices WHERE user_id = ? AND read_at IS"
	        " NULL");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, user_id);
	enum db_status s = db_step(st);
	if (s == DB_ROW)
		*count = db_column_int(st, 0);
	db_done(st);
	return s == DB_ROW ? DB_OK : s;
}

enum db_status notice_list(struct db *db, struct arena *a, int64_t user_id,
                           struct notice **out, int *count)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT id, message, link, created_at, CASE WHEN read_at IS"
	        " NULL THEN 1 ELSE 0 END FROM"
	        " notices WHERE user_id = ? ORDER BY id DESC LIMIT 50");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, user_id);
	*out = NULL;
	*count = 0;
	int room = 0;
	enum db_status s;
	while ((s = db_step(st)) == DB_ROW && *count < NOTICE_LIST_MAX) {
		struct notice *n = ARENA_NEXT(a, *out, *count, room);
		n->id = db_column_int(st, 0);
		n->message = arena_strdup(a, db_column_text(st, 1));
		n->link = arena_strdup(a, db_column_text(st, 2));
		n->created_at = arena_strdup(a, db_column_text(st, 3));
		n->unread = (int)db_column_int(st, 4);
	}
	db_done(st);
	if (s != DB_DONE && s != DB_ROW)
		return s;
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	st = db_prepare(db, "UPDATE notices SET read_at = ? WHERE user_id = ?"
	                    " AND read_at IS NULL");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, now);
	db_bind_int(st, 2, user_id);
	s = db_step(st);
	db_done(st);
	return s;
}
