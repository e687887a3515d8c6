/* users.c — see users.h. */
#include "users.h"
#include "../core/clock.h"
#include "../core/text.h"
#include "session.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define USER_COLUMNS                                                           \
	"SELECT id, email, name, role, disabled, password_hash, totp_secret,"  \
	" totp_enabled, created_at FROM users"

static void read_user(struct db_stmt *st, struct arena *a, struct user *u)
{
	u->id = db_column_int(st, 0);
	u->email = db_column_dup(st, a, 1);
	u->name = db_column_dup(st, a, 2);
	u->role = role_parse(db_column_text(st, 3));
	u->disabled = db_column_bool(st, 4);
	u->password_hash =
	    db_column_null(st, 5) ? NULL : db_column_dup(st, a, 5);
	u->totp_secret = db_column_null(st, 6) ? NULL : db_column_dup(st, a, 6);
	u->totp_enabled = db_column_bool(st, 7);
	u->created_at = db_column_dup(st, a, 8);
}

const char *user_email_normal(struct arena *a, const char *email)
{
	if (!email)
		return NULL;
	char *e = text_trim(arena_strdup(a, email));
	for (char *p = e; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	const char *at = strchr(e, '@');
	size_t n = strlen(e);
	if (!at || at == e || !at[1] || strchr(at + 1, '@') ||
	    n > USER_EMAIL_MAX || strpbrk(e, " \t\r\n<>\",;") ||
	    !strchr(at + 1, '.'))
		return NULL;
	return e;
}

/* Reads the one row of st (from db_query) into out: DB_ROW, DB_DONE when
 * there is none, or the error. */
static enum db_status one_user(struct db *db, struct db_stmt *st,
                               struct arena *a, struct user *out)
{
	bool found = db_row(st);
	if (found)
		read_user(st, a, out);
	enum db_status s = db_end(db, st);
	return s == DB_DONE && found ? DB_ROW : s;
}

enum db_status user_get(struct db *db, struct arena *a, int64_t id,
                        struct user *out)
{
	return one_user(
	    db, db_query(db, USER_COLUMNS " WHERE id = ?", DB_INT(id)), a, out);
}

enum db_status user_by_email(struct db *db, struct arena *a, const char *email,
                             struct user *out)
{
	return one_user(
	    db, db_query(db, USER_COLUMNS " WHERE email = ?", DB_TEXT(email)),
	    a, out);
}

enum db_status user_list(struct db *db, struct arena *a, int64_t after,
                         int limit, struct user **out, int *count)
{
	struct db_stmt *st =
	    db_query(db, USER_COLUMNS " WHERE id > ? ORDER BY id LIMIT ?",
	             DB_INT(after), DB_INT(limit));
	*out = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof **out);
	*count = 0;
	while (*count < limit && db_row(st))
		read_user(st, a, &(*out)[(*count)++]);
	return db_end(db, st);
}

/* Ends a change to user id in the transaction the caller began (see
 * audit_commit). */
static enum db_status audited_commit(struct db *db, enum db_status s,
                                     const struct actor *who, int64_t id,
                                     const char *action, const char *detail)
{
	char entity[24];
	snprintf(entity, sizeof entity, "%lld", (long long)id);
	return audit_commit(db, s, who,
	                    &(struct audit_entry){action, "user", entity, 0,
	                                          "success", detail});
}

enum db_status user_create(struct db *db, const struct actor *who,
                           const char *email, const char *name, enum role role,
                           const char *password_hash, int64_t *id)
{
	char now[CLOCK_STAMP_SIZE], detail[64];
	clock_now_utc(now);
	snprintf(detail, sizeof detail, "role=%s", role_name(role));
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	s = db_run_returning_id(
	    db,
	    "INSERT INTO users (email, name, role, password_hash, created_at,"
	    " updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
	    id, DB_TEXT(email), DB_TEXT(name), DB_TEXT(role_name(role)),
	    DB_TEXT(password_hash), DB_TEXT(now), DB_TEXT(now));
	return audited_commit(db, s, who, s == DB_OK ? *id : 0, "create",
	                      detail);
}

enum db_status user_set_role(struct db *db, const struct actor *who, int64_t id,
                             enum role role)
{
	char now[CLOCK_STAMP_SIZE], detail[64];
	clock_now_utc(now);
	snprintf(detail, sizeof detail, "role=%s", role_name(role));
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	s = db_run(db, "UPDATE users SET role = ?, updated_at = ? WHERE id = ?",
	           DB_TEXT(role_name(role)), DB_TEXT(now), DB_INT(id));
	return audited_commit(db, s, who, id, "update", detail);
}

enum db_status user_set_disabled(struct db *db, const struct actor *who,
                                 int64_t id, bool disabled)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	/* Disabling ends every session at once, in the same transaction. */
	if (disabled)
		s = session_end_user_in_tx(db, id);
	if (s == DB_OK)
		s = db_run(db,
		           "UPDATE users SET disabled = ?, updated_at = ?"
		           " WHERE id = ?",
		           DB_BOOL(disabled), DB_TEXT(now), DB_INT(id));
	return audited_commit(db, s, who, id, "update",
	                      disabled ? "disabled" : "enabled");
}

enum db_status user_set_password(struct db *db, const struct actor *who,
                                 int64_t id, const char *password_hash)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	s = db_run(
	    db,
	    "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
	    DB_TEXT(password_hash), DB_TEXT(now), DB_INT(id));
	return audited_commit(db, s, who, id, "update", "password set");
}

enum db_status user_change_password(struct db *db, const struct actor *who,
                                    int64_t id, const char *password_hash,
                                    const char *keep_session)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	s = db_run(
	    db,
	    "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
	    DB_TEXT(password_hash), DB_TEXT(now), DB_INT(id));
	/* whoever else holds a session of theirs (a stolen cookie, a
	 * forgotten shared computer) is signed out with the old password */
	if (s == DB_OK && keep_session)
		s = db_run(db,
		           "DELETE FROM sessions WHERE user_id = ?"
		           " AND token_hash <> ?",
		           DB_INT(id), DB_TEXT(keep_session));
	else if (s == DB_OK)
		s = session_end_user_in_tx(db, id);
	return audited_commit(db, s, who, id, "update",
	                      "password changed; other sessions ended");
}

enum db_status user_set_totp(struct db *db, const struct actor *who, int64_t id,
                             const char *secret, bool enabled)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	s = db_run(db,
	           "UPDATE users SET totp_secret = ?, totp_enabled = ?,"
	           " updated_at = ? WHERE id = ?",
	           DB_TEXT(secret), DB_BOOL(enabled), DB_TEXT(now), DB_INT(id));
	return audited_commit(db, s, who, id, "update",
	                      enabled ? "two-step sign-in on"
	                              : "two-step sign-in off");
}

enum db_status user_count_admins(struct db *db, int64_t *count)
{
	enum db_status s = db_one_int(db,
	                              "SELECT COUNT(*) FROM users"
	                              " WHERE role = 'admin' AND disabled = 0",
	                              count);
	return s == DB_ROW ? DB_OK : s;
}
