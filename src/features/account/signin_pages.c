/* signin_pages.c — the sign-in page, the two-step code page and sign-out. */
#include "../../auth/signin.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "account.h"

#include <string.h>

const char *account_next(struct req *r)
{
	const char *next = req_form(r, "next");
	if (!next)
		next = req_query(r, "next");
	/* Only a path on this site: never "//elsewhere" or "https://…". */
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strpbrk(next, "\r\n"))
		return "/";
	return next;
}

/* The sign-in form: read, never validated, so that any mistake gets the
 * one answer of a failed sign-in (and counts towards throttling). */
static const struct field signin_fields[] = {
    FIELD_EMAIL_AT(struct signin_form, email, "email", "E-mail address", 0, 0),
    FIELD_LINE_AT(struct signin_form, password, "password", "Password",
                  FIELD_AS_TYPED, 0),
};

/* The code page; a wrong code is a failed sign-in too. */
static const struct field code_fields[] = {
    FIELD_LINE_AT(struct signin_form, totp, "code", "Code", 0, 0),
};

static void hidden_next(struct html *b, const char *next)
{
	html_printf(b, "<input type=\"hidden\" name=\"next\" value=\"%s\">",
	            next);
}

static void signin_form(struct req *r, int status, const char *email,
                        const char *problem)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Sign in", NULL);
	html_raw(b,
	         "<div class=\"grid-row\"><div class=\"grid-col-12 "
	         "tablet:grid-col-8 desktop:grid-col-6\">\n<h1>Sign in</h1>\n");
	if (req_query(r, "expired"))
		html_raw(
		    b,
		    "<div class=\"usa-alert usa-alert--info usa-alert--slim\">"
		    "<div class=\"usa-alert__body\"><p "
		    "class=\"usa-alert__text\">"
		    "You were signed out after a time without activity, to "
		    "keep records safe. Please sign in "
		    "again.</p></div></div>\n");
	if (problem) {
		html_printf(b,
		            "<div class=\"usa-alert usa-alert--error\" "
		            "role=\"alert\"><div class=\"usa-alert__body\"><p "
		            "class=\"usa-alert__text\">%s</p></div></div>\n",
		            problem);
	}
	html_raw(
	    b, "<form class=\"usa-form\" method=\"post\" action=\"/signin\">");
	form_csrf(r); /* a half-finished sign-in has a session */
	hidden_next(b, account_next(r));
	form_text(b, &(struct form_field){
	                 "email", fields_label(FIELDS(signin_fields), "email"),
	                 email, NULL, NULL, "username", false});
	html_raw(b,
	         "<label class=\"usa-label\" for=\"password\">Password</label>"
	         "<input class=\"usa-input\" id=\"password\" name=\"password\" "
	         "type=\"password\" autocomplete=\"current-password\" required>"
	         "<button class=\"usa-button margin-top-3\" type=\"submit\">"
	         "Sign in</button></form>\n"
	         "<p class=\"margin-top-3\">Forgot your password? Ask your "
	         "program's administrator for a new sign-in link.</p>\n"
	         "</div></div>\n");
	page_end(r);
	reply_html(r, status);
}

/* GET /signin */
void signin_page(struct req *r)
{
	if (r->role != ROLE_ANONYMOUS && r->has_session) {
		reply_redirect(r, account_next(r));
		return;
	}
	signin_form(r, 200, NULL, NULL);
}

/* Answers a sign-in outcome on the pages: redirect onward, or the form
 * again with one message that never says which part was wrong. */
static void signin_answer(struct req *r, struct signin *in, const char *email)
{
	const char *next = account_next(r);
	struct buf to = {0};
	switch (in->result) {
	case SIGNIN_OK:
		auth_set_session_cookie(r, in->token);
		reply_redirect(r, next);
		return;
	case SIGNIN_NEED_CODE:
	case SIGNIN_NEED_ENROL:
		auth_set_session_cookie(r, in->token);
		buf_puts(&to, in->result == SIGNIN_NEED_CODE
		                  ? "/signin/code?next="
		                  : "/account/two-step?next=");
		url_arg(&to, next);
		reply_redirect(r, arena_strdup(&r->arena, to.data));
		buf_free(&to);
		return;
	case SIGNIN_FAILED:
		signin_form(r, 401, email,
		            "That e-mail address and password do not match an "
		            "account. Check them and try again.");
		return;
	case SIGNIN_THROTTLED:
		req_add_header(r, "Retry-After",
		               arena_sprintf(&r->arena, "%lld",
		                             (long long)in->wait_seconds));
		signin_form(r, 429, email,
		            arena_sprintf(&r->arena,
		                          "Too many tries. Wait %lld "
		                          "seconds, then try again.",
		                          (long long)in->wait_seconds));
		return;
	case SIGNIN_BUSY:
		req_add_header(r, "Retry-After", "2");
		reply_error(r, 503, "busy",
		            "Many people are signing in right now. "
		            "Please try again in a moment.",
		            NULL);
		return;
	case SIGNIN_ERROR:
		reply_db_failure(r);
		return;
	}
}

/* POST /signin */
void signin_submit(struct req *r)
{
	struct signin_form f = {0};
	struct signin in;
	fields_from_form(r, FIELDS(signin_fields), &f);
	signin_password(r->db, &r->arena, r->client, f.email, f.password, NULL,
	                &in);
	signin_answer(r, &in, f.email);
}

static bool pending(struct req *r, const char *stage)
{
	return r->has_session && !strcmp(r->session.stage, stage);
}

static void code_form(struct req *r, int status, const char *problem)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Enter your sign-in code", NULL);
	html_raw(b,
	         "<h1>Enter your sign-in code</h1>\n<p>Open your "
	         "authenticator app and enter the 6-digit code for Waypoint, "
	         "or one of your recovery codes.</p>\n");
	if (problem) {
		html_printf(b,
		            "<div class=\"usa-alert usa-alert--error\" "
		            "role=\"alert\"><div class=\"usa-alert__body\"><p "
		            "class=\"usa-alert__text\">%s</p></div></div>\n",
		            problem);
	}
	html_raw(b, "<form class=\"usa-form\" method=\"post\" "
	            "action=\"/signin/code\">");
	form_csrf(r);
	hidden_next(b, account_next(r));
	html_raw(b, "<label class=\"usa-label\" for=\"code\">Code</label>"
	            "<input class=\"usa-input usa-input--medium\" id=\"code\" "
	            "name=\"code\" autocomplete=\"one-time-code\" required>"
	            "<button class=\"usa-button margin-top-3\" type=\"submit\">"
	            "Continue</button></form>\n");
	page_end(r);
	reply_html(r, status);
}

/* GET /signin/code */
void signin_code_page(struct req *r)
{
	if (!pending(r, SESSION_TWO_STEP)) {
		reply_redirect(r, "/signin");
		return;
	}
	code_form(r, 200, NULL);
}

/* POST /signin/code */
void signin_code_submit(struct req *r)
{
	if (!pending(r, SESSION_TWO_STEP)) {
		reply_redirect(r, "/signin");
		return;
	}
	struct signin_form f = {0};
	struct signin in;
	fields_from_form(r, FIELDS(code_fields), &f);
	signin_code(r->db, &r->arena, r->client, &r->session, f.totp, &in);
	if (in.result == SIGNIN_FAILED) {
		code_form(r, 401,
		          "That code is not right. Codes change every 30 "
		          "seconds: try the newest one.");
		return;
	}
	signin_answer(r, &in, NULL);
}

/* POST /signout — ends the session on the server, clears the browser. */
void signout_submit(struct req *r)
{
	account_end_session(r);
	reply_redirect(r, "/signin");
}

void account_end_session(struct req *r)
{
	if (r->has_session) {
		session_end(r->db, r->session.hash);
		req_audit(r, &(struct audit_entry){"signout", "session", "", 0,
		                                   "success", ""});
	}
	auth_clear_session_cookie(r);
	req_add_header(r, "Clear-Site-Data",
	               "\"cache\", \"cookies\", \"storage\"");
}
