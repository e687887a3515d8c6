/* tokens_pages.c — API tokens for integrations: created by an admin,
 * read-only or read-write, shown once, stored as a hash, revocable, and
 * every change audited. */
#include "../../auth/secret.h"
#include "../../core/choice.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../account/account.h"
#include "../programs/program_zone.h"
#include "tokens.h"

#include <string.h>

static const struct choice access_choices[] = {
    {"read", "Read only"},
    {"read_write", "Read and write"},
};
static const int access_choice_count =
    sizeof access_choices / sizeof access_choices[0];

/* A new token as the form names it. */
static const struct field token_fields[] = {
    FIELD_LINE_AT(struct api_token, name, "name", "What the token is for",
                  FIELD_REQUIRED, 120,
                  .message = "Say what the token is for (at most 120 "
                             "characters)."),
    FIELD_CHOICE_AT(struct api_token, access, "access", "Access",
                    FIELD_REQUIRED, access_choices, &access_choice_count),
};

static const char *label(const char *name)
{
	return fields_label(FIELDS(token_fields), name);
}

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
		html_printf(b,
		            "<div class=\"usa-alert usa-alert--success\" "
		            "role=\"status\"><div class=\"usa-alert__body\"><p "
		            "class=\"usa-alert__text\">Copy this token now; it "
		            "is shown only once: <code "
		            "id=\"new-token\">%s</code></p></div></div>\n",
		            fresh);
	}
	html_raw(
	    b,
	    "<form class=\"usa-form\" method=\"post\" action=\"/api-tokens\">");
	form_csrf(r);
	form_text(b, &(struct form_field){"name", label("name"), NULL, NULL,
	                                  error, "off"});
	form_radios(b,
	            &(struct form_field){"access", label("access"), "read",
	                                 NULL, NULL, NULL},
	            access_choices, access_choice_count);
	html_raw(
	    b,
	    "<button class=\"usa-button\" type=\"submit\">Create token</button>"
	    "</form>\n<table class=\"usa-table usa-table--stacked\"><caption>"
	    "Tokens</caption><thead><tr><th scope=\"col\">Name</th><th "
	    "scope=\"col\">Access</th><th scope=\"col\">Created</th><th "
	    "scope=\"col\">Status</th></tr></thead><tbody>\n");
	const char *zone = zone_of_request(r);
	for (const struct api_token *t = tokens; t < tokens + count; t++) {
		html_printf(
		    b,
		    "<tr><th scope=\"row\" data-label=\"Name\">%s</th><td "
		    "data-label=\"Access\">%s</td><td "
		    "data-label=\"Created\">%s</td><td data-label=\"Status\">",
		    t->name,
		    choice_label(access_choices, access_choice_count,
		                 t->access),
		    zone_stamp_text(&r->arena, zone, t->created_at));
		if (*t->revoked_at) {
			html_printf(
			    b, "Revoked %s",
			    zone_stamp_text(&r->arena, zone, t->revoked_at));
		} else {
			html_printf(b,
			            "<form method=\"post\" "
			            "action=\"/api-tokens/%lld/revoke\">",
			            (long long)t->id);
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

/* POST /api-tokens name=&access= → the page with the token shown once;
 * a name at fault is shown on the form, a bad access on the error page. */
void token_create_page(struct req *r)
{
	struct api_token t = {0};
	struct field_error e;
	fields_from_form(r, FIELDS(token_fields), &t);
	if (fields_validate(&r->arena, FIELDS(token_fields), &t, &e)) {
		if (!strcmp(e.field, "name"))
			tokens_list(r, NULL, e.message);
		else
			reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	char token[SECRET_TOKEN_SIZE], hash[SECRET_HASH_SIZE];
	secret_token(token);
	secret_hash(token, hash);
	struct actor who = req_actor(r);
	if (api_token_create(r->db, &who, t.name, t.access, hash, &t.id) !=
	    DB_OK) {
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
