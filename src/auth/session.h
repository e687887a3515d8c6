/* session.h — signed-in sessions.
 *
 * The browser holds a 256-bit token in the __Host-waypoint cookie; the
 * database holds its hash.  A session ends after idle_seconds without a
 * request, or absolute_seconds after sign-in, whichever comes first, and at
 * once when its user is disabled.  last_seen_at is written at most once a
 * minute, so checking a session is a read, not a write, on most requests. */
#ifndef WAYPOINT_SESSION_H
#define WAYPOINT_SESSION_H

#include "../core/arena.h"
#include "../store/db.h"
#include "permissions.h"
#include "secret.h"

#include <stdint.h>

#define SESSION_COOKIE   "__Host-waypoint"
#define SESSION_ACTIVE   "active"
#define SESSION_TWO_STEP "two_step" /* password given; code awaited */
#define SESSION_ENROL    "enrol"    /* must set up two-step sign-in first */

struct session {
	char hash[SECRET_HASH_SIZE];
	int64_t user_id;
	enum role role;
	const char *name, *email, *csrf, *stage;
	int64_t created_at, last_seen_at;
};

enum session_state { SESSION_NONE, SESSION_VALID, SESSION_EXPIRED };

/* session_create starts a session for user_id at stage; writes the token
 * (for the cookie, never stored) and the CSRF token. */
enum db_status session_create(struct db *db, int64_t user_id, const char *stage,
                              char token[SECRET_TOKEN_SIZE],
                              char csrf[SECRET_TOKEN_SIZE]);

/* session_check finds the session for token at time now.  Expired and
 * disabled users' sessions are removed.  *status gets the database status
 * (DB_OK when the answer can be trusted). */
enum session_state session_check(struct db *db, struct arena *a,
                                 const char *token, int64_t now,
                                 int64_t idle_seconds, int64_t absolute_seconds,
                                 struct session *out, enum db_status *status);

/* session_end removes one session (sign-out); session_end_user all of a
 * user's (an admin ending them); _in_tx inside the caller's transaction. */
enum db_status session_end(struct db *db, const char *hash);
enum db_status session_end_user(struct db *db, int64_t user_id);
enum db_status session_end_user_in_tx(struct db *db, int64_t user_id);

/* session_touch keeps an active session alive now (the "stay signed in"
 * button), whatever the once-a-minute rule. */
enum db_status session_touch(struct db *db, const char *hash, int64_t now);

#endif
