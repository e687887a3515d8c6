/* invite.h — one-time links that let a person set their password: for a
 * new account, or a reset by an administrator.  Valid for 7 days, once. */
#ifndef WAYPOINT_INVITE_H
#define WAYPOINT_INVITE_H

#include "../store/db.h"
#include "secret.h"

#include <stdint.h>

enum { INVITE_SECONDS = 7 * 24 * 3600 };

/* invite_create writes a fresh token for user_id (older unused ones stop
 * working). */
enum db_status invite_create(struct db *db, int64_t user_id,
                             char token[SECRET_TOKEN_SIZE]);

/* invite_find: DB_ROW with *user_id when token is valid now, else DB_DONE. */
enum db_status invite_find(struct db *db, const char *token, int64_t *user_id);

/* invite_use marks token spent. */
enum db_status invite_use(struct db *db, const char *token);

#endif
