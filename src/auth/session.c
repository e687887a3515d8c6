/* session.c — see session.h. */
#include "session.h"
#include "users.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum db_status session_create(struct db *db, int64_t user_id, const char *stage,
                              char token[SECRET_TOKEN_SIZE],
                              char csrf[SECRET_TOKEN_SIZE])
{
	char hash[SECRET_HASH_SIZE];
	secret_token(token);
	secret_token(csrf);
	secret_hash(token, hash);
	int64_t now = (int64_t)time(NULL);
	struct db_stmt *st = db_prepare(
	    db, "INSERT INTO sessions (token_hash, user_id, csrf_token, stage,"
	        " created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, csrf);
	db_bind_text(st, 4, stage);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, now);
	enum db_status s = db_step(st);
	db_done(st);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status session_end(struct db *db, const char *hash)
{
	struct db_stmt *st =
	    db_prepare(db, "DELETE FROM sessions WHERE token_hash = ?");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, hash);
	enum db_status s = db_step(st);
	db_done(st);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status session_end_user_in_tx(struct db *db, int64_t user_id)
{
	struct db_stmt *st =
	    db_prepare(db, "DELETE FROM sessions WHERE user_id = ?");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, user_id);
	enum db_status s = db_step(st);
	db_done(st);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status session_end_user(struct db *db, int64_t user_id)
{
	return session_end_user_in_tx(db, user_id); /* one statement: atomic */
}

enum db_status session_touch(struct db *db, const char *hash, int64_t now)
{
	struct db_stmt *st = db_prepare(
	    db, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, now);
	db_bind_text(st, 2, hash);
	enum db_status s = db_step(st);
	db_done(st);
	return s == DB_DONE ? DB_OK : s;
}

enum session_state session_check(struct db *db, struct arena *a,
                                 const char *token, int64_t now,
                                 int64_t idle_seconds, int64_t absolute_seconds,
                                 struct session *out, enum db_status *status)
{
	*status = DB_OK;
	if (!token || strlen(token) != SECRET_TOKEN_SIZE - 1)
		return SESSION_NONE;
	secret_hash(token, out->hash);
	struct db_stmt *st = db_prepare(
	    db, "SELECT s.user_id, s.csrf_token, s.stage, s.created_at,"
	        " s.last_seen_at, u.role, u.name, u.email, u.disabled"
	        " FROM sessions s JOIN users u ON u.id = s.user_id"
	        " WHERE s.token_hash = ?");
	if (!st) {
		*status = db_last_status(db);
		return SESSION_NONE;
	}
	db_bind_text(st, 1, out->hash);
	enum db_status s = db_step(st);
	bool disabled = false;
	if (s == DB_ROW) {
		out->user_id = db_column_int(st, 0);
		out->csrf = arena_strdup(a, db_column_text(st, 1));
		out->stage = arena_strdup(a, db_column_text(st, 2));
		out->created_at = db_column_int(st, 3);
		out->last_seen_at = db_column_int(st, 4);
		out->role = role_parse(db_column_text(st, 5));
		out->name = arena_strdup(a, db_column_text(st, 6));
		out->email = arena_strdup(a, db_column_text(st, 7));
		disabled = db_column_int(st, 8) != 0;
	}
	db_done(st);
	if (s == DB_DONE)
		return SESSION_NONE;
	if (s != DB_ROW) {
		*status = s;
		return SESSION_NONE;
	}
	bool expired = now - out->last_seen_at >= idle_seconds ||
	               now - out->created_at >= absolute_seconds;
	if (disabled || expired || !role_is_staff(out->role)) {
		*status = session_end(db, out->hash);
		return expired ? SESSION_EXPIRED : SESSION_NONE;
	}
	/* Written at most once a minute (or a fifteenth of the idle time), so
	 * that most requests only read. */
	int64_t every = idle_seconds / 15 < 60 ? idle_seconds / 15 : 60;
	if (now - out->last_seen_at >= every) {
		*status = session_touch(db, out->hash, now);
		out->last_seen_at = now;
	}
	return SESSION_VALID;
}
