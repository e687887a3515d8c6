/* invite.c — see invite.h. */
#include "invite.h"

#include <string.h>
#include <time.h>

enum db_status invite_create(struct db *db, int64_t user_id,
                             char token[SECRET_TOKEN_SIZE])
{
	char hash[SECRET_HASH_SIZE];
	int64_t now = (int64_t)time(NULL);
	secret_token(token);
	secret_hash(token, hash);
	struct db_stmt *st =
	    db_prepare(db, "UPDATE invites SET used_at = ?"
	                   " WHERE user_id = ? AND used_at IS NULL");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, now);
	db_bind_int(st, 2, user_id);
	enum db_status s = db_step(st);
	db_done(st);
	if (s != DB_DONE)
		return s;
	st = db_prepare(db,
	                "INSERT INTO invites (token_hash, user_id, expires_at)"
	                " VALUES (?, ?, ?)");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, now + INVITE_SECONDS);
	s = db_step(st);
	db_done(st);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status invite_find(struct db *db, const char *token, int64_t *user_id)
{
	if (!token || strlen(token) != SECRET_TOKEN_SIZE - 1)
		return DB_DONE;
	char hash[SECRET_HASH_SIZE];
	secret_hash(token, hash);
	struct db_stmt *st = db_prepare(
	    db,
	    "SELECT i.user_id FROM invites i JOIN users u ON u.id = i.user_id"
	    " WHERE i.token_hash = ? AND i.used_at IS NULL AND i.expires_at > ?"
	    " AND u.disabled = 0");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, hash);
	db_bind_int(st, 2, (int64_t)time(NULL));
	enum db_status s = db_step(st);
	if (s == DB_ROW)
		*user_id = db_column_int(st, 0);
	db_done(st);
	return s;
}

enum db_status invite_use(struct db *db, const char *token)
{
	char hash[SECRET_HASH_SIZE];
	secret_hash(token, hash);
	struct db_stmt *st = db_prepare(db, "UPDATE invites SET used_at = ?"
	                                    " WHERE token_hash = ?");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, (int64_t)time(NULL));
	db_bind_text(st, 2, hash);
	enum db_status s = db_step(st);
	db_done(st);
	return s == DB_DONE ? DB_OK : s;
}
