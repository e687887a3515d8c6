/* session_api.c — /api/v1/session: sign in, who am I, stay signed in,
 * sign out (interfaces.md). */
#include "../../auth/session.h"
#include "../../auth/signin.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/json.h"
#include "account.h"

#include <time.h>

static void session_json(struct req *r, int status, int64_t id,
                         const char *email, const char *name, enum role role,
                         const char *csrf)
{
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	json_field(b, "user");
	json_object_begin(b);
	json_field_int(b, "id", id);
	json_field_text(b, "email", email);
	json_field_text(b, "name", name);
	json_field_text(b, "role", role_name(role));
	json_object_end(b);
	json_field_text(b, "csrf_token", csrf);
	json_object_end(b);
	reply_json_written(r, status);
}

/* No rule beyond the JSON types: whatever is sent is answered as one
 * sign-in attempt (throttled, and the same answer for a wrong e-mail as
 * for a wrong password), so the table only reads.  The password is
 * trimmed here, as the API always has; the sign-in page takes it as
 * typed. */
static const struct field session_fields[] = {
    FIELD_EMAIL_AT(struct signin_form, email, "email", "E-mail address", 0, 0),
    FIELD_LINE_AT(struct signin_form, password, "password", "Password", 0, 0),
    FIELD_LINE_AT(struct signin_form, totp, "totp", "Code", 0, 0),
};

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
	struct signin_form f;
	if (fields_from_json(r, FIELDS(session_fields), NULL, &f) == ANSWERED)
		return;
	struct signin in;
	signin_password(r->db, &r->arena, r->client, f.email, f.password,
	                f.totp, &in);
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
