/* tokens.h — API tokens in the database: an integration's token is stored
 * as its hash, with its access (read or read_write); creating and revoking
 * one writes its audit entry in the same transaction. */
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
	const char *revoked_at; /* "" while the token is active */
};

/* api_token_list reads the newest API_TOKEN_LIST_MAX tokens into arena
 * memory, newest first: DB_DONE, or the error. */
enum db_status api_token_list(struct db *db, struct arena *a,
                              struct api_token **out, int *count);

/* api_token_create stores a token by its hash, created by who: DB_OK with
 * *id, or the error (nothing written). */
enum db_status api_token_create(struct db *db, const struct actor *who,
                                const char *name, const char *access,
                                const char *hash, int64_t *id);

/* api_token_revoke revokes an active token: DB_OK, DB_DONE when there is
 * no such active token, or the error (nothing written unless DB_OK). */
enum db_status api_token_revoke(struct db *db, const struct actor *who,
                                int64_t id);

#endif
