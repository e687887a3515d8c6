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
	return db_run(db,
	              "INSERT INTO notices (user_id, message, link, created_at)"
	              " SELECT id, ?, ?, ? FROM users WHERE role = ? AND"
	              " disabled = 0",
	              DB_TEXT(message), DB_TEXT(link), DB_TEXT(now),
	              DB_TEXT(role));
}

enum db_status notice_to_user(struct db *db, int64_t user_id,
                              const char *message, const char *link)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return db_run(db,
	              "INSERT INTO notices (user_id, message, link, created_at)"
	              " VALUES (?, ?, ?, ?)",
	              DB_INT(user_id), DB_TEXT(message), DB_TEXT(link),
	              DB_TEXT(now));
}

enum db_status notice_unread(struct db *db, int64_t user_id, int64_t *count)
{
	enum db_status s = db_one_int(db,
	                              "SELECT COUNT(*) FROM notices WHERE"
	                              " user_id = ? AND read_at IS NULL",
	                              count, DB_INT(user_id));
	return s == DB_ROW ? DB_OK : s;
}

static const struct db_col notice_cols[] = {
    DB_COL_INT(struct notice, id), DB_COL_TEXT(struct notice, message),
    DB_COL_TEXT(struct notice, link), DB_COL_TEXT(struct notice, created_at),
    DB_COL_INT32(struct notice, unread)};

enum db_status notice_list(struct db *db, struct arena *a, int64_t user_id,
                           struct notice **out, int *count)
{
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT id, message, link, created_at, CASE WHEN read_at"
	             " IS NULL THEN 1 ELSE 0 END FROM notices WHERE"
	             " user_id = ? ORDER BY id DESC LIMIT 50",
	             DB_INT(user_id)),
	    a, DB_COLS(notice_cols), sizeof **out, NOTICE_LIST_MAX,
	    (void **)out, count);
}

enum db_status notice_mark_read(struct db *db, int64_t user_id, int64_t through)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return db_run(db,
	              "UPDATE notices SET read_at = ? WHERE user_id = ?"
	              " AND id <= ? AND read_at IS NULL",
	              DB_TEXT(now), DB_INT(user_id), DB_INT(through));
}

const struct field notice_read_fields[] = {
    FIELD_ID_AT(struct notice_read, through, "through", "Newest notice shown",
                FIELD_REQUIRED),
};
const int notice_read_field_count =
    sizeof notice_read_fields / sizeof notice_read_fields[0];
