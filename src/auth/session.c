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
	return db_run(db,
	              "INSERT INTO sessions (token_hash, user_id, csrf_token,"
	              " stage, created_at, last_seen_at)"
	              " VALUES (?, ?, ?, ?, ?, ?)",
	              DB_TEXT(hash), DB_INT(user_id), DB_TEXT(csrf),
	              DB_TEXT(stage), DB_INT(now), DB_INT(now));
}

enum db_status session_end(struct db *db, const char *hash)
{
	return db_run(db, "DELETE FROM sessions WHERE token_hash = ?",
	              DB_TEXT(hash));
}

enum db_status session_end_user_in_tx(struct db *db, int64_t user_id)
{
	return db_run(db, "DELETE FROM sessions WHERE user_id = ?",
	              DB_INT(user_id));
}

enum db_status session_end_user(struct db *db, int64_t user_id)
{
	return session_end_user_in_tx(db, user_id); /* one statement: atomic */
}

enum db_status session_touch(struct db *db, const char *hash, int64_t now)
{
	return db_run(
	    db, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?",
	    DB_INT(now), DB_TEXT(hash));
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
	struct db_stmt *st =
	    db_query(db,
	             "SELECT s.user_id, s.csrf_token, s.stage, s.created_at,"
	             " s.last_seen_at, u.role, u.name, u.email, u.disabled"
	             " FROM sessions s JOIN users u ON u.id = s.user_id"
	             " WHERE s.token_hash = ?",
	             DB_TEXT(out->hash));
	bool found = db_row(st), disabled = false;
	if (found) {
		out->user_id = db_column_int(st, 0);
		out->csrf = db_column_dup(st, a, 1);
		out->stage = db_column_dup(st, a, 2);
		out->created_at = db_column_int(st, 3);
		out->last_seen_at = db_column_int(st, 4);
		out->role = role_parse(db_column_text(st, 5));
		out->name = db_column_dup(st, a, 6);
		out->email = db_column_dup(st, a, 7);
		disabled = db_column_bool(st, 8);
	}
	enum db_status s = db_end(db, st);
	if (s != DB_DONE || !found) {
		*status = s == DB_DONE ? DB_OK : s;
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
