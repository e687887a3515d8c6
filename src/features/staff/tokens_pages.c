/* tokens_pages.c — API tokens for integrations: created by an admin,
 * read-only or read-write, shown once, stored as a hash, revocable, and
 * every change audited. */
#include "../../auth/secret.h"
#include "../../core/text.h"
#include "../../core/choice.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../account/account.h"
#include "tokens.h"

#include <string.h>

static const struct choice access_choices[] = {
    {"read", "Read only"},
    {"read_write", "Read and write"},
};

static void tokens_list(struct req *r, const char *fresh, const char *error)
{
	struct api_token *tokens;
	int count;
	if (api_token_list(r->db, &r->arena, &tokens, &count) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "API tokens", "users");
	html_raw(b, "<h1>API tokens</h1>\n<p>Integrations send a token as "
	            "<code>Authorization: Bearer TOKEN</code>.</p>\n");
	if (fresh) {
		html_raw(b, "<div class=\"usa-alert usa-alert--success\" "
		            "role=\"status\">"
		            "<div class=\"usa-alert__body\"><p "
		            "class=\"usa-alert__text\">"
		            "Copy this token now; it is shown only once: <code "
		            "id=\"new-token\">");
		html_text(b, fresh);
		html_raw(b, "</code></p></div></div>\n");
	}
	html_raw(
	    b,
	    "<form class=\"usa-form\" method=\"post\" action=\"/api-tokens\">");
	form_csrf(r);
	form_text(b, &(struct form_field){"name", "What the token is for", NULL,
	                                  NULL, error, "off"});
	form_radios(
	    b,
	    &(struct form_field){"access", "Access", "read", NULL, NULL, NULL},
	    access_choices, 2);
	html_raw(
	    b,
	    "<button class=\"usa-button\" type=\"submit\">Create token</button>"
	    "</form>\n<table class=\"usa-table usa-table--stacked\"><caption>"
	    "Tokens</caption><thead><tr><th scope=\"col\">Name</th><th "
	    "scope=\"col\">Access</th><th scope=\"col\">Created</th><th "
	    "scope=\"col\">Status</th></tr></thead><tbody>\n");
	for (const struct api_token *t = tokens; t < tokens + count; t++) {
		html_raw(b, "<tr><th scope=\"row\" data-label=\"Name\">");
		html_text(b, t->name);
		html_raw(b, "</th><td data-label=\"Access\">");
		html_text(b, choice_label(access_choices, 2, t->access));
		html_raw(b, "</td><td data-label=\"Created\">");
		html_text(b, t->created_at);
		html_raw(b, "</td><td data-label=\"Status\">");
		if (*t->revoked_at) {
			html_raw(b, "Revoked ");
			html_text(b, t->revoked_at);
		} else {
			html_raw(b,
			         "<form method=\"post\" action=\"/api-tokens/");
			html_printf(b, "%lld", (long long)t->id);
			html_raw(b, "/revoke\">");
			form_csrf(r);
			html_raw(
			    b,
			    "<button class=\"usa-button usa-button--secondary "
			    "usa-button--unstyled\" type=\"submit\">Revoke "
			    "</button></form>");
		}
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody></table>\n");
	page_end(r);
	reply_html(r, error ? 400 : 200);
}

/* GET /api-tokens */
void tokens_page(struct req *r)
{
	tokens_list(r, NULL, NULL);
}

/* POST /api-tokens name=&access= → the page with the token shown once. */
void token_create_page(struct req *r)
{
	const char *name = req_form(r, "name"), *access = req_form(r, "access");
	if (!name || !*text_trim(arena_strdup(&r->arena, name)) ||
	    utf8_length(name) > 120) {
		tokens_list(
		    r, NULL,
		    "Say what the token is for (at most 120 characters).");
		return;
	}
	if (!access || !choice_known(access_choices, 2, access)) {
		reply_error(r, 400, "invalid",
		            "Access must be read or read_write.", "access");
		return;
	}
	char token[SECRET_TOKEN_SIZE], hash[SECRET_HASH_SIZE];
	secret_token(token);
	secret_hash(token, hash);
	struct actor who = req_actor(r);
	int64_t id;
	if (api_token_create(r->db, &who, name, access, hash, &id) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	tokens_list(r, token, NULL);
}

/* POST /api-tokens/{id}/revoke */
void token_revoke_page(struct req *r)
{
	struct actor who = req_actor(r);
	enum db_status s = api_token_revoke(r->db, &who, req_id(r, "id"));
	if (s == DB_DONE)
		reply_error(r, 404, "not_found",
		            "There is no such active token.", NULL);
	else if (s != DB_OK)
		reply_db_failure(r);
	else
		reply_redirect(r, "/api-tokens");
}
