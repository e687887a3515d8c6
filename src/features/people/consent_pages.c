/* consent_pages.c — a person's consents and releases (ROUTE_PERSON: the
 * router checks the team and audits every access). */
#include "../../core/choice.h"
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "consent.h"
#include "signature_form.h"

#include <string.h>

static const struct choice consent_kinds[] = {
    {"release", "Release of information (42 CFR Part 2)"},
    {"services", "Consent to receive peer support services"},
};

static void consent_from_form(struct req *r, struct consent *c)
{
	memset(c, 0, sizeof *c);
	c->person_id = r->person_id;
	c->kind = req_form_text(r, "kind");
	c->discloser = req_form_text(r, "discloser");
	c->information = req_form_text(r, "information");
	c->recipient = req_form_text(r, "recipient");
	c->purpose = req_form_text(r, "purpose");
	c->revocation = req_form_text(r, "revocation");
	c->expires_on = req_form_text(r, "expires_on");
	c->expiry_event = req_form_text(r, "expiry_event");
	c->signer_name = req_form_text(r, "signer_name");
	c->signed_on = req_form_text(r, "signed_on");
	c->signature_method = req_form_text(r, "signature_method");
	c->signature_path = req_form_text(r, "signature_path");
}

static void consents_view(struct req *r, int status,
                          const struct consent *draft,
                          const struct field_error *e)
{
	struct consent *list;
	int count;
	if (consent_list(r->db, &r->arena, r->person_id, &list, &count) !=
	    DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Consents and releases", "persons");
	html_raw(b, "<h1>Consents and releases</h1>\n<p><a class=\"usa-link\" "
	            "href=\"/persons/");
	html_printf(b, "%lld", (long long)r->person_id);
	html_raw(b, "\">Back to the person</a></p>\n<ul class=\"usa-list "
	            "usa-list--unstyled\">");
	for (int i = 0; i < count; i++) {
		const struct consent *c = &list[i];
		html_raw(b, "<li class=\"padding-y-1 border-bottom-1px "
		            "border-base-lighter\">"
		            "<strong>");
		html_text(b, choice_label(consent_kinds, 2, c->kind));
		html_raw(b, "</strong>");
		if (!strcmp(c->kind, "release")) {
			html_raw(b, ": to ");
			html_text(b, c->recipient);
			html_raw(b, " for ");
			html_text(b, c->purpose);
		}
		html_raw(b, "<br>Signed by ");
		html_text(b, c->signer_name);
		html_raw(b, " on ");
		html_text(b, c->signed_on);
		if (!strcmp(c->signature_method, "drawn"))
			signature_image(b, c->signer_name, c->signature_path);
		else
			html_raw(b, " (typed name)");
		if (*c->expires_on) {
			html_raw(b, "; expires ");
			html_text(b, c->expires_on);
		}
		if (*c->expiry_event) {
			html_raw(b, "; ends when ");
			html_text(b, c->expiry_event);
		}
		if (c->in_force) {
			html_raw(b, "<br><span class=\"usa-tag bg-green\">In "
			            "force</span> "
			            "<form class=\"display-inline\" "
			            "method=\"post\" action=\"/persons/");
			html_printf(b, "%lld/consents/%lld/revoke\">",
			            (long long)r->person_id, (long long)c->id);
			form_csrf(r);
			html_raw(
			    b,
			    "<button class=\"usa-button usa-button--unstyled\" "
			    "type=\"submit\">Record "
			    "revocation</button></form>");
		} else {
			html_raw(b, "<br><span class=\"usa-tag\">");
			if (*c->revoked_at)
				html_raw(b, "Revoked");
			else
				html_raw(b, "Expired");
			html_raw(b, "</span>");
		}
		html_raw(b, "</li>\n");
	}
	if (count == 0)
		html_raw(b, "<li>None recorded yet.</li>");
	html_raw(b, "</ul>\n<h2>Record a consent or release</h2>\n");
	if (e)
		form_error_summary(b, e->field, e->field, e->message);
	html_raw(b, "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/persons/");
	html_printf(b, "%lld", (long long)r->person_id);
	html_raw(b, "/consents\">");
	form_csrf(r);
#define V(f)   (draft ? draft->f : NULL)
#define ERR(f) (e && !strcmp(e->field, f) ? e->message : NULL)
	form_radios(b,
	            &(struct form_field){"kind", "Kind",
	                                 draft ? draft->kind : "release", NULL,
	                                 ERR("kind"), NULL},
	            consent_kinds, 2);
	form_text(b, &(struct form_field){
	                 "discloser", "Who may disclose", V(discloser),
	                 "For example: Harbor Peer Recovery Center.",
	                 ERR("discloser"), "off"});
	form_textarea(b, &(struct form_field){"information", "What information",
	                                      V(information), NULL,
	                                      ERR("information"), NULL});
	form_text(b,
	          &(struct form_field){"recipient", "Recipient", V(recipient),
	                               NULL, ERR("recipient"), "off"});
	form_text(b, &(struct form_field){"purpose", "Purpose", V(purpose),
	                                  NULL, ERR("purpose"), "off"});
	form_textarea(b, &(struct form_field){
	                     "revocation", "Right to revoke, and how",
	                     V(revocation)
	                         ? V(revocation)
	                         : "You may revoke this release at any "
	                           "time, in writing or by telling your "
	                           "peer specialist, except for what was "
	                           "already disclosed.",
	                     NULL, ERR("revocation"), NULL});
	form_text(b, &(struct form_field){
	                 "expires_on", "Expires on", V(expires_on),
	                 "A date like 2027-06-30, or an event below.",
	                 ERR("expires_on"), "off"});
	form_text(b, &(struct form_field){
	                 "expiry_event", "Or ends when", V(expiry_event),
	                 "For example: discharge from the program.",
	                 ERR("expiry_event"), "off"});
	form_text(b, &(struct form_field){
	                 "signer_name", "Signed by (typed name)",
	                 V(signer_name), NULL, ERR("signer_name"), "off"});
	form_text(b, &(struct form_field){
	                 "signed_on", "Date signed", V(signed_on),
	                 "A date like 2026-11-22.", ERR("signed_on"), "off"});
	signature_fields(r, draft ? draft->signature_method : NULL,
	                 draft ? draft->signature_path : NULL, e);
#undef V
#undef ERR
	html_raw(b, "<button class=\"usa-button\" "
	            "type=\"submit\">Save</button></form>\n");
	signature_scripts(r);
	page_end(r);
	reply_html(r, status);
}

/* GET /persons/{id}/consents */
void consents_page(struct req *r)
{
	consents_view(r, 200, NULL, NULL);
}

/* POST /persons/{id}/consents */
void consent_create_page(struct req *r)
{
	struct consent c;
	struct field_error e;
	int64_t id;
	consent_from_form(r, &c);
	if (consent_validate(&c, &e)) {
		consents_view(r, 400, &c, &e);
		return;
	}
	if (consent_create(r->db, &c, r->session.user_id, &id) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	reply_redirect(r, arena_sprintf(&r->arena, "/persons/%lld/consents",
	                                (long long)r->person_id));
}

/* Revokes {cid}: answers 404 itself when there is none in force. */
static int revoke(struct req *r)
{
	enum db_status s = consent_revoke(r->db, r->person_id, req_id(r, "cid"),
	                                  r->session.user_id);
	if (s == DB_OK)
		return 0;
	if (s == DB_DONE)
		reply_error(r, 404, "not_found",
		            "There is no such consent in force.", NULL);
	else
		reply_db_failure(r);
	return -1;
}

/* POST /persons/{id}/consents/{cid}/revoke */
void consent_revoke_page(struct req *r)
{
	if (revoke(r) == 0)
		reply_redirect(r, arena_sprintf(&r->arena,
		                                "/persons/%lld/consents",
		                                (long long)r->person_id));
}

/* POST /api/v1/persons/{id}/consents/{cid}/revoke → 204 */
void consent_api_revoke(struct req *r)
{
	if (revoke(r) == 0)
		r->status = 204;
}

static void consent_json(struct buf *b, const void *item)
{
	const struct consent *c = item;
	json_object_begin(b);
	json_field_int(b, "id", c->id);
	json_field_text(b, "kind", c->kind);
	json_field_text(b, "discloser", c->discloser);
	json_field_text(b, "information", c->information);
	json_field_text(b, "recipient", c->recipient);
	json_field_text(b, "purpose", c->purpose);
	json_field_text(b, "revocation", c->revocation);
	json_field_text(b, "expiry_event", c->expiry_event);
	json_field_text(b, "signer_name", c->signer_name);
	json_field_text(b, "signed_on", c->signed_on);
	json_field_text(b, "created_at", c->created_at);
	json_field_text(b, "signature_method", c->signature_method);
	json_field_text(b, "signature_path", c->signature_path);
	json_field_text_or_null(b, "expires_on", c->expires_on);
	json_field_text_or_null(b, "revoked_at", c->revoked_at);
	json_field_bool(b, "in_force", c->in_force);
	json_object_end(b);
}

/* GET /api/v1/persons/{id}/consents */
void consents_api_list(struct req *r)
{
	struct consent *list;
	int count;
	if (consent_list(r->db, &r->arena, r->person_id, &list, &count) !=
	    DB_DONE) {
		reply_db_failure(r);
		return;
	}
	api_list_whole(r, list, sizeof *list, count, consent_json);
}

/* POST /api/v1/persons/{id}/consents → 201; 400 naming the missing element */
void consents_api_create(struct req *r)
{
	static const char *const fields[] = {
	    "kind",        "discloser",  "information",      "recipient",
	    "purpose",     "revocation", "expires_on",       "expiry_event",
	    "signer_name", "signed_on",  "signature_method", "signature_path",
	    NULL};
	struct consent c;
	memset(&c, 0, sizeof c);
	c.person_id = r->person_id;
	const char **texts[] = {
	    &c.kind,       &c.discloser,        &c.information,
	    &c.recipient,  &c.purpose,          &c.revocation,
	    &c.expires_on, &c.expiry_event,     &c.signer_name,
	    &c.signed_on,  &c.signature_method, &c.signature_path};
	if (api_known_fields(r, fields))
		return;
	for (int i = 0; i < 12; i++)
		if (api_string(r, r->json, fields[i], texts[i]))
			return;
	if (!c.signature_method) /* the typed name alone, unless told */
		c.signature_method = "typed";
	struct field_error e;
	int64_t id;
	if (consent_validate(&c, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	if (consent_create(r->db, &c, r->session.user_id, &id) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	api_reply_id(r, 201, id);
}
