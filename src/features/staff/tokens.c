/* tokens.c — API tokens in the database (see tokens.h). */
#include "tokens.h"
#include "../../core/clock.h"

#include <stdio.h>
#include <string.h>

static const struct db_col token_cols[] = {
    DB_COL_INT(struct api_token, id),
    DB_COL_TEXT(struct api_token, name),
    DB_COL_TEXT(struct api_token, access),
    DB_COL_TEXT(struct api_token, created_at),
    DB_COL_TEXT(struct api_token, revoked_at),
    DB_COL_TEXT(struct api_token, scope),
    DB_COL_INT(struct api_token, team_id),
    DB_COL_INT(struct api_token, program_id),
    DB_COL_TEXT(struct api_token, team_name),
    DB_COL_TEXT(struct api_token, program_name),
    DB_COL_TEXT(struct api_token, owner_name),
};

enum db_status api_token_list(struct db *db, struct arena *a,
                              struct api_token **out, int *count)
{
	return db_read_list(
	    db,
	    db_query(db, "SELECT k.id, k.name, k.access, k.created_at,"
	                 " COALESCE(k.revoked_at, ''), k.scope,"
	                 " COALESCE(k.team_id, 0), COALESCE(k.program_id, 0),"
	                 " COALESCE(t.name, ''), COALESCE(p.name, tp.name, ''),"
	                 " COALESCE(u.name, '') FROM api_tokens k"
	                 " LEFT JOIN teams t ON t.id = k.team_id"
	                 " LEFT JOIN programs tp ON tp.id = t.program_id"
	                 " LEFT JOIN programs p ON p.id = k.program_id"
	                 " LEFT JOIN users u ON u.id = k.created_by"
	                 " ORDER BY k.id DESC LIMIT 200"),
	    a, DB_COLS(token_cols), sizeof **out, API_TOKEN_LIST_MAX,
	    (void **)out, count);
}

enum db_status api_token_scope_exists(struct db *db, const struct api_token *t)
{
	int64_t one;
	if (!strcmp(t->scope, "team"))
		return db_one_int(db, "SELECT 1 FROM teams WHERE id = ?", &one,
		                  DB_INT(t->team_id));
	if (!strcmp(t->scope, "program"))
		return db_one_int(db, "SELECT 1 FROM programs WHERE id = ?",
		                  &one, DB_INT(t->program_id));
	return DB_ROW;
}

enum db_status api_token_create(struct db *db, const struct actor *who,
                                struct api_token *t, const char *hash)
{
	char now[CLOCK_STAMP_SIZE], entity[24], detail[80];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	t->id = 0;
	s = db_run_returning_id(
	    db,
	    "INSERT INTO api_tokens (name, token_hash, access, created_by,"
	    " created_at, scope, team_id, program_id)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    &t->id, DB_TEXT(t->name), DB_TEXT(hash), DB_TEXT(t->access),
	    DB_INT(who->user_id), DB_TEXT(now), DB_TEXT(t->scope),
	    DB_ID_OR_NULL(t->team_id), DB_ID_OR_NULL(t->program_id));
	snprintf(entity, sizeof entity, "%lld", (long long)t->id);
	/* "read_write team 4": the access, and what the scope reaches */
	if (t->team_id || t->program_id)
		snprintf(detail, sizeof detail, "%s %s %lld", t->access,
		         t->scope,
		         (long long)(t->team_id ? t->team_id : t->program_id));
	else
		snprintf(detail, sizeof detail, "%s", t->access);
	return audit_commit(db, s, who,
	                    &(struct audit_entry){"create", "api_token", entity,
	                                          0, "success", detail});
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
