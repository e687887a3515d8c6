/* account.h — helpers shared by the account pages and API. */
#ifndef WAYPOINT_ACCOUNT_H
#define WAYPOINT_ACCOUNT_H

#include "../../http/req.h"

/* What a person signs in with: the sign-in form and the session API read
 * it, each through its own field table. */
struct signin_form {
	const char *email, *password, *totp;
};

/* account_next is where to go after signing in: the form's or query's
 * "next" when it is a path on this site, else "/". */
const char *account_next(struct req *r);

/* account_end_session signs out: ends the session, clears the cookie and
 * the browser's data for the site, audits. */
void account_end_session(struct req *r);

#endif
