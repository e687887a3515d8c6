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
	enum db_status s = db_run(db,
	                          "UPDATE invites SET used_at = ?"
	                          " WHERE user_id = ? AND used_at IS NULL",
	                          DB_INT(now), DB_INT(user_id));
	if (s != DB_OK)
		return s;
	return db_run(db,
	              "INSERT INTO invites (token_hash, user_id, expires_at)"
	              " VALUES (?, ?, ?)",
	              DB_TEXT(hash), DB_INT(user_id),
	              DB_INT(now + INVITE_SECONDS));
}

enum db_status invite_find(struct db *db, const char *token, int64_t *user_id)
{
	if (!token || strlen(token) != SECRET_TOKEN_SIZE - 1)
		return DB_DONE;
	char hash[SECRET_HASH_SIZE];
	secret_hash(token, hash);
	return db_one_int(
	    db,
	    "SELECT i.user_id FROM invites i JOIN users u ON u.id = i.user_id"
	    " WHERE i.token_hash = ? AND i.used_at IS NULL AND i.expires_at > ?"
	    " AND u.disabled = 0",
	    user_id, DB_TEXT(hash), DB_INT((int64_t)time(NULL)));
}

enum db_status invite_use(struct db *db, const char *token)
{
	char hash[SECRET_HASH_SIZE];
	secret_hash(token, hash);
	return db_run(db, "UPDATE invites SET used_at = ? WHERE token_hash = ?",
	              DB_INT((int64_t)time(NULL)), DB_TEXT(hash));
}
