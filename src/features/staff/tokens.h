/* tokens.h — API tokens in the database: an integration's token is stored
 * as its hash, with its access (read or read_write) and its scope: the
 * programs, or the persons' records of one team or of one program's teams
 * (docs/api.md); creating and revoking one writes its audit entry in the
 * same transaction. */
#ifndef WAYPOINT_TOKENS_H
#define WAYPOINT_TOKENS_H

#include "../../auth/audit.h"
#include "../../core/arena.h"
#include "../../store/db.h"

#include <stdint.h>

enum { API_TOKEN_LIST_MAX = 200 };

struct api_token {
	int64_t id;
	const char *name, *access, *created_at;
	const char *revoked_at;      /* "" while the token is active */
	const char *scope;           /* "programs", "team" or "program" */
	int64_t team_id, program_id; /* the one the scope names, else 0 */
	/* read from the list: what the scope names, and who owns it */
	const char *team_name, *program_name, *owner_name;
};

/* api_token_list reads the newest API_TOKEN_LIST_MAX tokens into arena
 * memory, newest first: DB_DONE, or the error. */
enum db_status api_token_list(struct db *db, struct arena *a,
                              struct api_token **out, int *count);

/* api_token_scope_exists: DB_ROW when t's team (scope "team") or program
 * (scope "program") exists, DB_DONE when not, or the error; DB_ROW for the
 * programs scope, which names neither. */
enum db_status api_token_scope_exists(struct db *db, const struct api_token *t);

/* api_token_create stores t (name, access, scope and its team or program)
 * by the token's hash, created by who: DB_OK with t->id, or the error
 * (nothing written). */
enum db_status api_token_create(struct db *db, const struct actor *who,
                                struct api_token *t, const char *hash);

/* api_token_revoke revokes an active token: DB_OK, DB_DONE when there is
 * no such active token, or the error (nothing written unless DB_OK). */
enum db_status api_token_revoke(struct db *db, const struct actor *who,
                                int64_t id);

#endif
