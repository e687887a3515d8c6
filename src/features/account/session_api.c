/* session_api.c — /api/v1/session: sign in, who am I, stay signed in,
 * sign out (interfaces.md). */
#include "../../auth/session.h"
#include "../../auth/signin.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/json.h"
#include "account.h"

#include <time.h>

static void user_json(struct buf *b, int64_t id, const char *email,
                      const char *name, enum role role)
{
	json_raw(b, "{\"id\":");
	json_int(b, id);
	json_raw(b, ",\"email\":");
	json_text(b, email);
	json_raw(b, ",\"name\":");
	json_text(b, name);
	json_raw(b, ",\"role\":");
	json_text(b, role_name(role));
	json_raw(b, "}");
}

static void session_json(struct req *r, int status, int64_t id,
                         const char *email, const char *name, enum role role,
                         const char *csrf)
{
	struct buf *b = &r->out;
	buf_reset(b);
	json_raw(b, "{\"user\":");
	user_json(b, id, email, name, role);
	json_raw(b, ",\"csrf_token\":");
	json_text(b, csrf);
	json_raw(b, "}");
	reply_json_written(r, status);
}

/* The API signs in in one call: a half-finished session is not kept. */
static void end_pending(struct req *r, const struct signin *in)
{
	char hash[SECRET_HASH_SIZE];
	secret_hash(in->token, hash);
	session_end(r->db, hash);
}

/* POST /api/v1/session {email, password[, totp]} → 200 {user, csrf_token}
 * and the session cookie; 401 wrong (one message), or a code is needed
 * (field totp); 403 two-step sign-in must be set up in the browser first;
 * 429 throttled; 503 busy or database unavailable. */
void session_api_create(struct req *r)
{
	static const char *const fields[] = {"email", "password", "totp", NULL};
	const char *email, *password, *code;
	if (api_known_fields(r, fields) ||
	    api_string(r, r->json, "email", &email) ||
	    api_string(r, r->json, "password", &password) ||
	    api_string(r, r->json, "totp", &code))
		return;
	struct signin in;
	signin_password(r->db, &r->arena, r->client, email, password, code,
	                &in);
	switch (in.result) {
	case SIGNIN_OK:
		auth_set_session_cookie(r, in.token);
		session_json(r, 200, in.user.id, in.user.email, in.user.name,
		             in.user.role, in.csrf);
		return;
	case SIGNIN_NEED_CODE:
		end_pending(r, &in);
		reply_error(r, 401, "two_step_required",
		            "Send the 6-digit code from your authenticator app "
		            "(or a recovery code) as totp.",
		            "totp");
		return;
	case SIGNIN_NEED_ENROL:
		end_pending(r, &in);
		reply_error(
		    r, 403, "two_step_enrol_required",
		    "Your role needs two-step sign-in: sign in once in the "
		    "browser to set it up.",
		    NULL);
		return;
	case SIGNIN_FAILED:
		reply_error(
		    r, 401, "signin_failed",
		    "That e-mail address and password (and code) do not "
		    "match an account.",
		    NULL);
		return;
	case SIGNIN_THROTTLED:
		req_add_header(r, "Retry-After",
		               arena_sprintf(&r->arena, "%lld",
		                             (long long)in.wait_seconds));
		reply_error(r, 429, "throttled",
		            arena_sprintf(&r->arena,
		                          "Too many tries. Wait %lld "
		                          "seconds, then try again.",
		                          (long long)in.wait_seconds),
		            NULL);
		return;
	case SIGNIN_BUSY:
		req_add_header(r, "Retry-After", "2");
		reply_error(r, 503, "busy",
		            "Too many sign-ins at once; try again.", NULL);
		return;
	case SIGNIN_ERROR:
		reply_db_failure(r);
		return;
	}
}

/* GET /api/v1/session → the signed-in user and the CSRF token. */
void session_api_get(struct req *r)
{
	session_json(r, 200, r->session.user_id, r->session.email,
	             r->session.name, r->session.role, r->session.csrf);
}

/* POST /api/v1/session/extend → 204: "stay signed in". */
void session_api_extend(struct req *r)
{
	if (session_touch(r->db, r->session.hash, (int64_t)time(NULL)) !=
	    DB_OK) {
		reply_db_failure(r);
		return;
	}
	r->status = 204;
}

/* DELETE /api/v1/session → 204, the session ended on the server. */
void session_api_delete(struct req *r)
{
	account_end_session(r);
	r->status = 204;
}
