/* signin.h — signing in with a password and, where set up or required, a
 * two-step code.  One implementation for the page and the API. */
#ifndef WAYPOINT_SIGNIN_H
#define WAYPOINT_SIGNIN_H

#include "audit.h"
#include "secret.h"
#include "session.h"
#include "users.h"

enum signin_result {
	SIGNIN_OK,         /* session started (token, csrf) */
	SIGNIN_NEED_CODE,  /* password right; a two-step code is needed */
	SIGNIN_NEED_ENROL, /* password right; the role requires two-step sign-in
	                    */
	SIGNIN_FAILED,     /* wrong e-mail, password or code: one message */
	SIGNIN_THROTTLED,  /* too many failures: wait */
	SIGNIN_BUSY,       /* too many sign-ins at once: try again */
	SIGNIN_ERROR,      /* the database failed */
};

struct signin {
	enum signin_result result;
	int64_t wait_seconds; /* SIGNIN_THROTTLED */
	struct user user;
	char token[SECRET_TOKEN_SIZE], csrf[SECRET_TOKEN_SIZE];
	enum db_status db_status; /* SIGNIN_ERROR */
};

/* signin_password checks e-mail and password (and code, when given and
 * two-step is on) and starts a session at the right stage.  Every outcome
 * is audited; the same work is done for unknown and known e-mails. */
void signin_password(struct db *db, struct arena *a, const char *client,
                     const char *email, const char *password, const char *code,
                     struct signin *out);

/* signin_code completes a session at stage two_step with a TOTP or recovery
 * code: a new session (new token) replaces the pending one. */
void signin_code(struct db *db, struct arena *a, const char *client,
                 const struct session *pending, const char *code,
                 struct signin *out);

/* signin_role_needs_two_step: admins and program managers must use it. */
bool signin_role_needs_two_step(enum role role);

#endif
