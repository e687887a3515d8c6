/* account_pages.c — a person's own account: change password, accept an
 * invitation (set the first password), set up two-step sign-in. */
#include "../../auth/invite.h"
#include "../../auth/password.h"
#include "../../auth/signin.h"
#include "../../auth/totp.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "account.h"

#include <string.h>
#include <time.h>

/* A password change, and the first password an invitation sets: both read
 * as typed (a space is part of a password).  Strength is password_problem's
 * rule, beyond what a table says. */
struct password_change {
	const char *current_password, *new_password;
};
static const struct field password_fields[] = {
    FIELD_LINE_AT(struct password_change, current_password, "current_password",
                  "Current password", FIELD_REQUIRED | FIELD_AS_TYPED, 0),
    FIELD_LINE_AT(struct password_change, new_password, "new_password",
                  "New password", FIELD_REQUIRED | FIELD_AS_TYPED, 0),
};
static const struct field invite_fields[] = {
    FIELD_LINE_AT(struct password_change, new_password, "new_password",
                  "New password", FIELD_REQUIRED | FIELD_AS_TYPED, 0),
};

/* The two-step set-up: the code the app shows, and the secret the page
 * gave the app (a hidden field). */
struct two_step_code {
	const char *code, *secret;
};
static const struct field two_step_fields[] = {
    FIELD_LINE_AT(struct two_step_code, code, "code", "6-digit code", 0, 0),
    FIELD_LINE_AT(struct two_step_code, secret, "secret", "Set-up key", 0, 0),
};

static void alert(struct html *b, const char *kind, const char *text)
{
	if (!strcmp(kind, "error"))
		html_raw(b, "<div class=\"usa-alert usa-alert--error\" "
		            "role=\"alert\">");
	else
		html_raw(b, "<div class=\"usa-alert usa-alert--success\" "
		            "role=\"status\">");
	html_printf(b,
	            "<div class=\"usa-alert__body\"><p "
	            "class=\"usa-alert__text\">%s</p></div></div>\n",
	            text);
}

static void password_input(struct html *b, const struct field *f,
                           const char *autocomplete, const char *error)
{
	const char *name = f->name, *label = f->label;
	html_printf(b, "<label class=\"usa-label\" for=\"%s\">%s</label>", name,
	            label);
	if (error) {
		html_printf(b,
		            "<span class=\"usa-error-message\" id=\"%s-error\" "
		            "role=\"alert\">%s</span>",
		            name, error);
	}
	html_printf(b,
	            "<input class=\"usa-input\" type=\"password\" id=\"%s\" "
	            "name=\"%s\" autocomplete=\"%s\"",
	            name, name, autocomplete);
	if (error) {
		html_printf(
		    b, " aria-invalid=\"true\" aria-describedby=\"%s-error\"",
		    name);
	}
	html_raw(b, " required>");
}

static void password_form(struct req *r, int status, const char *current_error,
                          const char *new_error, const char *done)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Change your password", NULL);
	html_raw(b, "<h1>Change your password</h1>\n");
	if (done)
		alert(b, "success", done);
	html_raw(b, "<form class=\"usa-form\" method=\"post\" "
	            "action=\"/account/password\">");
	form_csrf(r);
	password_input(b, &password_fields[0], "current-password",
	               current_error);
	password_input(b, &password_fields[1], "new-password", new_error);
	html_raw(b,
	         "<p class=\"usa-hint\">At least 8 characters. A few unrelated "
	         "words make a strong password that is easy to remember.</p>"
	         "<button class=\"usa-button\" type=\"submit\">Change password"
	         "</button></form>\n<p><a class=\"usa-link\" "
	         "href=\"/account/two-step\">"
	         "Two-step sign-in</a></p>\n");
	page_end(r);
	reply_html(r, status);
}

/* GET /account/password */
void password_page(struct req *r)
{
	password_form(r, 200, NULL, NULL, NULL);
}

/* Hashes and saves a new password, ending the user's sessions but
 * keep_session (a token hash, or NULL); answers on failure. */
static enum answer save_password(struct req *r, const struct actor *who,
                                 int64_t user_id, const char *password,
                                 const char *keep_session)
{
	char hash[PASSWORD_HASH_SIZE];
	if (password_hash(password, hash)) {
		reply_error(r, 503, "busy", "Too busy right now; try again.",
		            NULL);
		return ANSWERED;
	}
	if (user_change_password(r->db, who, user_id, hash, keep_session) !=
	    DB_OK) {
		reply_db_failure(r);
		return ANSWERED;
	}
	return GO_ON;
}

/* What checking a password change found: *e names the field refused. */
enum change_check { CHANGE_GOOD, CHANGE_REFUSED, CHANGE_BUSY };

static enum change_check check_change(struct req *r, const struct user *u,
                                      const struct password_change *c,
                                      struct field_error *e)
{
	if (fields_validate(&r->arena, FIELDS(password_fields), c, e))
		return CHANGE_REFUSED;
	bool rehash;
	enum password_result pr =
	    password_verify(u->password_hash, c->current_password, &rehash);
	if (pr == PASSWORD_BUSY)
		return CHANGE_BUSY;
	if (pr != PASSWORD_MATCH) {
		field_fail(e, "current_password",
		           "That is not your current password.");
		return CHANGE_REFUSED;
	}
	const char *problem =
	    password_problem(c->new_password, u->email, u->name);
	if (problem) {
		field_fail(e, "new_password", problem);
		return CHANGE_REFUSED;
	}
	return CHANGE_GOOD;
}

/* POST /account/password → 200 done; 400 naming the field at fault. */
void password_submit(struct req *r)
{
	struct password_change c;
	fields_from_form(r, FIELDS(password_fields), &c);
	struct user u;
	enum db_status s = user_get(r->db, &r->arena, r->session.user_id, &u);
	if (s != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	struct field_error e;
	switch (check_change(r, &u, &c, &e)) {
	case CHANGE_GOOD:
		break;
	case CHANGE_BUSY:
		reply_error(r, 503, "busy", "Too busy right now; try again.",
		            NULL);
		return;
	case CHANGE_REFUSED:
		if (!strcmp(e.field, "current_password"))
			password_form(r, 400, e.message, NULL, NULL);
		else
			password_form(r, 400, NULL, e.message, NULL);
		return;
	}
	struct actor who = req_actor(r);
	/* the session it was changed in stays signed in */
	if (save_password(r, &who, u.id, c.new_password, r->session.hash) ==
	    ANSWERED)
		return;
	password_form(r, 200, NULL, NULL, "Your password is changed.");
}

static void invite_form(struct req *r, int status, const struct user *u,
                        const char *error)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Set your password", NULL);
	html_printf(b,
	            "<h1>Welcome to Waypoint</h1>\n<p>Set a password for "
	            "%s.</p>\n<form class=\"usa-form\" method=\"post\" "
	            "action=\"/invite/",
	            u->email);
	html_url_arg(b, req_path_text(r, "token"));
	html_raw(b, "\">");
	form_csrf(r);
	password_input(b, &invite_fields[0], "new-password", error);
	html_raw(
	    b, "<p class=\"usa-hint\">At least 8 characters. A few unrelated "
	       "words make a strong password.</p><button class=\"usa-button\" "
	       "type=\"submit\">Set password</button></form>\n");
	page_end(r);
	reply_html(r, status);
}

/* Finds the invitation's user; answers 404 itself when there is none. */
static enum answer invite_user(struct req *r, struct user *u)
{
	int64_t id;
	enum db_status s = invite_find(r->db, req_path_text(r, "token"), &id);
	if (s == DB_ROW)
		s = user_get(r->db, &r->arena, id, u);
	if (s == DB_ROW)
		return GO_ON;
	if (s == DB_DONE)
		reply_error(
		    r, 404, "not_found",
		    "This sign-in link is not valid: it may have been used "
		    "already or be more than 7 days old. Ask your "
		    "administrator for a new one.",
		    NULL);
	else
		reply_db_failure(r);
	return ANSWERED;
}

/* GET /invite/{token} */
void invite_page(struct req *r)
{
	struct user u;
	if (invite_user(r, &u) == ANSWERED)
		return;
	invite_form(r, 200, &u, NULL);
}

/* POST /invite/{token} → 303 to sign in; 400 with the password problem. */
void invite_submit(struct req *r)
{
	struct user u;
	if (invite_user(r, &u) == ANSWERED)
		return;
	struct password_change c;
	struct field_error e;
	fields_from_form(r, FIELDS(invite_fields), &c);
	const char *problem =
	    fields_validate(&r->arena, FIELDS(invite_fields), &c, &e)
	        ? e.message
	        : password_problem(c.new_password, u.email, u.name);
	if (problem) {
		invite_form(r, 400, &u, problem);
		return;
	}
	struct actor who = {u.id, role_name(u.role), r->client};
	if (save_password(r, &who, u.id, c.new_password, NULL) == ANSWERED)
		return;
	invite_use(r->db, req_path_text(r, "token"));
	reply_redirect(r, "/signin");
}

/* Two-step set-up is for a signed-in person, or one whose role requires it
 * and who has just given their password (session stage "enrol"). */
static bool may_enrol(struct req *r)
{
	return r->has_session && (r->role != ROLE_ANONYMOUS ||
	                          !strcmp(r->session.stage, SESSION_ENROL));
}

static void two_step_form(struct req *r, int status, const struct user *u,
                          const char *secret, const char *error)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Two-step sign-in", NULL);
	html_raw(b, "<h1>Set up two-step sign-in</h1>\n");
	if (!strcmp(r->session.stage, SESSION_ENROL))
		html_raw(b,
		         "<p>Your role can see and change a lot, so signing in "
		         "takes a code from your phone as well as your "
		         "password.</p>\n");
	if (u->totp_enabled)
		alert(b, "success",
		      "Two-step sign-in is on. Setting it up again "
		      "replaces your authenticator and recovery codes.");
	html_raw(b,
	         "<ol class=\"usa-process-list\"><li "
	         "class=\"usa-process-list__item\">"
	         "<h2 class=\"usa-process-list__heading\">Scan this code</h2>"
	         "<p>Use an authenticator app on your phone.</p>");
	html_qr_code(b, totp_uri(&r->arena, secret, u->email),
	             "QR code for your authenticator app");
	html_printf(b,
	            "<p>Or type this key: <code>%s</code></p></li><li "
	            "class=\"usa-process-list__item\"><h2 "
	            "class=\"usa-process-list__heading\">Enter the code it "
	            "shows</h2><form class=\"usa-form\" method=\"post\" "
	            "action=\"/account/two-step\">",
	            secret);
	form_csrf(r);
	html_printf(b, "<input type=\"hidden\" name=\"secret\" value=\"%s\">",
	            secret);
	html_printf(b, "<input type=\"hidden\" name=\"next\" value=\"%s\">",
	            account_next(r));
	form_text(b,
	          &(struct form_field){"code", two_step_fields[0].label, NULL,
	                               NULL, error, "one-time-code", false});
	html_raw(b, "<button class=\"usa-button margin-top-2\" type=\"submit\">"
	            "Turn on two-step sign-in</button></form></li></ol>\n");
	page_end(r);
	reply_html(r, status);
}

/* GET /account/two-step — a new secret each time the page is shown.  It
 * travels in the form and is stored only when a code proves the app has it
 * (a GET changes nothing); until then an earlier secret keeps working.  A
 * client that sends a secret of its own choosing gains nothing: it is the
 * user's own authenticator, and only a code from it turns it on. */
void two_step_page(struct req *r)
{
	if (!may_enrol(r)) {
		reply_redirect(r, "/signin");
		return;
	}
	struct user u;
	if (user_get(r->db, &r->arena, r->session.user_id, &u) != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	char secret[TOTP_SECRET_SIZE];
	totp_new_secret(secret);
	two_step_form(r, 200, &u, secret, NULL);
}

/* A secret as totp_new_secret writes it: 32 base32 characters. */
static bool secret_well_formed(const char *s)
{
	size_t n = s ? strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") : 0;
	return n == TOTP_SECRET_SIZE - 1 && !s[n];
}

/* POST /account/two-step — the code proves the app has the secret: turn it
 * on, show the recovery codes once, and finish signing in if pending. */
void two_step_submit(struct req *r)
{
	if (!may_enrol(r)) {
		reply_redirect(r, "/signin");
		return;
	}
	struct user u;
	if (user_get(r->db, &r->arena, r->session.user_id, &u) != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	struct two_step_code c;
	fields_from_form(r, FIELDS(two_step_fields), &c);
	if (!secret_well_formed(c.secret)) {
		reply_error(r, 400, "invalid",
		            "The set-up key is missing or malformed: open the "
		            "set-up page again.",
		            "secret");
		return;
	}
	int64_t step = totp_step(c.secret, c.code, (int64_t)time(NULL));
	if (step < 0) {
		two_step_form(r, 400, &u, c.secret,
		              "That code is not right. Enter the newest "
		              "6-digit code from the app.");
		return;
	}
	/* the code that turns it on is spent like one that signs in */
	enum db_status claimed = totp_claim_step(r->db, u.id, step);
	if (claimed == DB_CONSTRAINT) {
		two_step_form(r, 400, &u, c.secret,
		              "That code was used already. Wait for the "
		              "next code from the app and enter it.");
		return;
	}
	if (claimed != DB_OK) {
		reply_db_failure(r);
		return;
	}
	struct actor who = req_actor(r);
	who.user_id = u.id;
	char codes[RECOVERY_CODE_COUNT][RECOVERY_CODE_SIZE];
	if (user_set_totp(r->db, &who, u.id, c.secret, true) != DB_OK ||
	    recovery_codes_new(r->db, u.id, codes) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	if (!strcmp(r->session.stage, SESSION_ENROL)) {
		/* finish signing in, with a new token */
		char token[SECRET_TOKEN_SIZE], csrf[SECRET_TOKEN_SIZE];
		session_end(r->db, r->session.hash);
		if (session_create(r->db, u.id, SESSION_ACTIVE, token, csrf) !=
		    DB_OK) {
			reply_db_failure(r);
			return;
		}
		auth_set_session_cookie(r, token);
		r->session.csrf = arena_strdup(&r->arena, csrf);
		r->session.stage = SESSION_ACTIVE;
		r->role = u.role;
	}
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Two-step sign-in is on", NULL);
	html_raw(
	    b, "<h1>Two-step sign-in is on</h1>\n<p>Keep these recovery codes "
	       "somewhere safe. Each works once, in place of a code from your "
	       "phone. They are shown only now.</p>\n<ul class=\"usa-list\" "
	       "id=\"recovery-codes\">");
	for (int i = 0; i < RECOVERY_CODE_COUNT; i++) {
		html_printf(b, "<li><code>%s</code></li>", codes[i]);
	}
	html_printf(
	    b,
	    "</ul>\n<p><a class=\"usa-button\" href=\"%s\">Continue</a></p>\n",
	    account_next(r));
	page_end(r);
	reply_html(r, 200);
}
