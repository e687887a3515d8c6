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
	u->email = arena_strdup(a, db_column_text(st, 1));
	u->name = arena_strdup(a, db_column_text(st, 2));
	u->role = role_parse(db_column_text(st, 3));
	u->disabled = db_column_int(st, 4) != 0;
	u->password_hash = db_column_null(st, 5)
	                       ? NULL
	                       : arena_strdup(a, db_column_text(st, 5));
	u->totp_secret = db_column_null(st, 6)
	                     ? NULL
	                     : arena_strdup(a, db_column_text(st, 6));
	u->totp_enabled = db_column_int(st, 7) != 0;
	u->created_at = arena_strdup(a, db_column_text(st, 8));
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

static enum db_status one_user(struct db_stmt *st, struct arena *a,
                               struct user *out)
{
	enum db_status s = db_step(st);
	if (s == DB_ROW)
		read_user(st, a, out);
	db_done(st);
	return s;
}

enum db_status user_get(struct db *db, struct arena *a, int64_t id,
                        struct user *out)
{
	struct db_stmt *st = db_prepare(db, USER_COLUMNS " WHERE id = ?");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, id);
	return one_user(st, a, out);
}

enum db_status user_by_email(struct db *db, struct arena *a, const char *email,
                             struct user *out)
{
	struct db_stmt *st = db_prepare(db, USER_COLUMNS " WHERE email = ?");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, email);
	return one_user(st, a, out);
}

enum db_status user_list(struct db *db, struct arena *a, int64_t after,
                         int limit, struct user **out, int *count)
{
	struct db_stmt *st =
	    db_prepare(db, USER_COLUMNS " WHERE id > ? ORDER BY id LIMIT ?");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, after);
	db_bind_int(st, 2, limit);
	*out = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof **out);
	*count = 0;
	enum db_status s;
	while ((s = db_step(st)) == DB_ROW && *count < limit)
		read_user(st, a, &(*out)[(*count)++]);
	db_done(st);
	return s == DB_ROW ? DB_DONE : s;
}

/* Runs st and its audit entry inside the caller's open transaction, then
 * commits; rolls back on any failure. */
static enum db_status audited_commit(struct db *db, struct db_stmt *st,
                                     const struct actor *who, int64_t id,
                                     const char *action, const char *detail)
{
	enum db_status s = db_step(st);
	db_done(st);
	if (s != DB_DONE && s != DB_ROW)
		goto fail;
	char entity[24];
	snprintf(entity, sizeof entity, "%lld", (long long)id);
	s = audit_append(db, who,
	                 &(struct audit_entry){action, "user", entity, 0,
	                                       "success", detail});
	if (s != DB_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return s == DB_DONE ? DB_ERROR : s;
}

/* One audited change: BEGIN, the prepared statement st (NULL when it could
 * not be prepared), its audit entry, COMMIT. */
static enum db_status audited(struct db *db, struct db_stmt *st,
                              const struct actor *who, int64_t id,
                              const char *action, const char *detail)
{
	if (!st)
		return db_last_status(db);
	enum db_status s = db_begin(db);
	if (s != DB_OK) {
		db_done(st);
		return s;
	}
	return audited_commit(db, st, who, id, action, detail);
}

enum db_status user_create(struct db *db, const struct actor *who,
                           const char *email, const char *name, enum role role,
                           const char *password_hash, int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	struct db_stmt *st = db_prepare(
	    db,
	    "INSERT INTO users (email, name, role, password_hash, created_at,"
	    " updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st) {
		db_rollback(db);
		return db_last_status(db);
	}
	db_bind_text(st, 1, email);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, role_name(role));
	db_bind_text(st, 4, password_hash);
	db_bind_text(st, 5, now);
	db_bind_text(st, 6, now);
	s = db_step(st);
	if (s == DB_ROW)
		*id = db_column_int(st, 0);
	db_done(st);
	if (s != DB_ROW) {
		db_rollback(db);
		return s == DB_DONE ? DB_ERROR : s;
	}
	char entity[24], detail[64];
	snprintf(entity, sizeof entity, "%lld", (long long)*id);
	snprintf(detail, sizeof detail, "role=%s", role_name(role));
	s = audit_append(db, who,
	                 &(struct audit_entry){"create", "user", entity, 0,
	                                       "success", detail});
	if (s != DB_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db);
}

enum db_status user_set_role(struct db *db, const struct actor *who, int64_t id,
                             enum role role)
{
	char now[CLOCK_STAMP_SIZE], detail[64];
	clock_now_utc(now);
	struct db_stmt *st = db_prepare(
	    db, "UPDATE users SET role = ?, updated_at = ? WHERE id = ?");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, role_name(role));
	db_bind_text(st, 2, now);
	db_bind_int(st, 3, id);
	snprintf(detail, sizeof detail, "role=%s", role_name(role));
	return audited(db, st, who, id, "update", detail);
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
	if (disabled && (s = session_end_user_in_tx(db, id)) != DB_OK) {
		db_rollback(db);
		return s;
	}
	struct db_stmt *st = db_prepare(
	    db, "UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?");
	if (!st) {
		db_rollback(db);
		return db_last_status(db);
	}
	db_bind_int(st, 1, disabled ? 1 : 0);
	db_bind_text(st, 2, now);
	db_bind_int(st, 3, id);
	return audited_commit(db, st, who, id, "update",
	                      disabled ? "disabled" : "enabled");
}

enum db_status user_set_password(struct db *db, const struct actor *who,
                                 int64_t id, const char *password_hash)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	struct db_stmt *st = db_prepare(
	    db,
	    "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, password_hash);
	db_bind_text(st, 2, now);
	db_bind_int(st, 3, id);
	return audited(db, st, who, id, "update", "password set");
}

enum db_status user_set_totp(struct db *db, const struct actor *who, int64_t id,
                             const char *secret, bool enabled)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	struct db_stmt *st = db_prepare(
	    db,
	    "UPDATE users SET totp_secret = ?, totp_enabled = ?, updated_at = ?"
	    " WHERE id = ?");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, secret);
	db_bind_int(st, 2, enabled ? 1 : 0);
	db_bind_text(st, 3, now);
	db_bind_int(st, 4, id);
	return audited(db, st, who, id, "update",
	               enabled ? "two-step sign-in on"
	                       : "two-step sign-in off");
}

enum db_status user_count_admins(struct db *db, int64_t *count)
{
	struct db_stmt *st =
	    db_prepare(db, "SELECT COUNT(*) FROM users"
	                   " WHERE role = 'admin' AND disabled = 0");
	if (!st)
		return db_last_status(db);
	enum db_status s = db_step(st);
	if (s == DB_ROW)
		*count = db_column_int(st, 0);
	db_done(st);
	return s == DB_ROW ? DB_OK : s;
}
