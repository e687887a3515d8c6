/* tokens.c — API tokens in the database (see tokens.h). */
#include "tokens.h"
#include "../../core/clock.h"

#include <stdio.h>

static const struct db_col token_cols[] = {
    DB_COL_INT(struct api_token, id),
    DB_COL_TEXT(struct api_token, name),
    DB_COL_TEXT(struct api_token, access),
    DB_COL_TEXT(struct api_token, created_at),
    DB_COL_TEXT(struct api_token, revoked_at),
};

enum db_status api_token_list(struct db *db, struct arena *a,
                              struct api_token **out, int *count)
{
	return db_read_list(
	    db,
	    db_query(db, "SELECT id, name, access, created_at,"
	                 " COALESCE(revoked_at, '')"
	                 " FROM api_tokens ORDER BY id DESC LIMIT 200"),
	    a, DB_COLS(token_cols), sizeof **out, API_TOKEN_LIST_MAX,
	    (void **)out, count);
}

enum db_status api_token_create(struct db *db, const struct actor *who,
                                const char *name, const char *access,
                                const char *hash, int64_t *id)
{
	char now[CLOCK_STAMP_SIZE], entity[24];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	*id = 0;
	s = db_run_returning_id(
	    db,
	    "INSERT INTO api_tokens (name, token_hash, access, created_by,"
	    " created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
	    id, DB_TEXT(name), DB_TEXT(hash), DB_TEXT(access),
	    DB_INT(who->user_id), DB_TEXT(now));
	snprintf(entity, sizeof entity, "%lld", (long long)*id);
	return audit_commit(db, s, who,
	                    &(struct audit_entry){"create", "api_token", entity,
	                                          0, "success", access});
}

enum db_status api_token_revoke(struct db *db, const struct actor *who,
                                int64_t id)
{
	char now[CLOCK_STAMP_SIZE], entity[24];
	clock_now_utc(now);
	snprintf(entity, sizeof entity, "%lld", (long long)id);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	int64_t revoked;
	s = db_one_int(db,
	               "UPDATE api_tokens SET revoked_at = ? WHERE id = ?"
	               " AND revoked_at IS NULL RETURNING id",
	               &revoked, DB_TEXT(now), DB_INT(id));
	if (s == DB_DONE) {
		db_rollback(db);
		return DB_DONE;
	}
	return audit_commit(db, s == DB_ROW ? DB_OK : s, who,
	                    &(struct audit_entry){"delete", "api_token", entity,
	                                          0, "success", "revoked"});
}
