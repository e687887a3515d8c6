/* auth_request.h — who is asking: the session cookie or an API token, and
 * the checks every state-changing request passes (same origin, CSRF). */
#ifndef WAYPOINT_AUTH_REQUEST_H
#define WAYPOINT_AUTH_REQUEST_H

#include "../auth/audit.h"
#include "req.h"

/* auth_identify fills r->role, r->session… from the cookie or the
 * Authorization header.  Returns 0, or -1 having answered (503). */
int auth_identify(struct req *r);

/* auth_same_origin refuses (403, answered, -1) a state-changing request
 * sent from another site: Origin or Sec-Fetch-Site say where it came from. */
int auth_same_origin(struct req *r);

/* auth_csrf checks the session's CSRF token: X-CSRF-Token header or the
 * csrf_token form field.  -1 having answered 403. */
int auth_csrf(struct req *r);

/* auth_set_session_cookie / auth_clear_session_cookie add Set-Cookie. */
void auth_set_session_cookie(struct req *r, const char *token);
void auth_clear_session_cookie(struct req *r);

/* req_actor describes the requester for the audit log.  An API token's
 * entries carry its owner's user id (api_tokens.created_by) and a role that
 * names the token: "api_token_persons_read (token 7)". */
struct actor req_actor(const struct req *r);

/* req_user_id: the user the request acts for: the session's, an API
 * token's owner, or 0. */
int64_t req_user_id(const struct req *r);

/* req_audit records an entry for this request in its own transaction and
 * says whether it is durable; failures are also logged.  Reads of a
 * person's record are refused when it fails (dispatch.c). */
bool req_audit(struct req *r, const struct audit_entry *e);

#endif
