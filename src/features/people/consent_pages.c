/* consent_pages.c — a person's consents and releases (ROUTE_PERSON: the
 * router checks the team and audits every access). */
#include "../../core/choice.h"
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "consent.h"
#include "signature_form.h"
#include "../programs/program_zone.h"

#include <string.h>

/* The label the form shows for a field. */
static const char *label(const char *field)
{
	return fields_label(consent_fields, consent_field_count, field);
}

/* The structured purposes, a checkbox each (what exports are matched
 * against: docs/reports.md). */
static void purpose_fields(struct req *r, struct html *b, int purposes,
                           const char *error)
{
	html_raw(b, "<fieldset class=\"usa-fieldset margin-top-3\" "
	            "id=\"purposes\"><legend class=\"usa-legend\">What "
	            "it covers</legend><span class=\"usa-hint\" "
	            "id=\"purposes-hint\">Tick treatment, payment and "
	            "operations for a single consent to all three (the 2024 "
	            "rule). A release that ticks none covers only another "
	            "purpose.</span>");
	if (error)
		html_printf(b,
		            "<span class=\"usa-error-message\" "
		            "id=\"purposes-error\">%s</span>",
		            error);
	for (int i = 0; i < CONSENT_PURPOSE_COUNT; i++)
		form_checkbox(b,
		              arena_sprintf(&r->arena, "purpose_%s",
		                            consent_purposes[i].name),
		              consent_purposes[i].label,
		              purposes & consent_purposes[i].bit);
	html_raw(b, "</fieldset>");
}

/* The purposes ticked on the form: purpose_treatment=1 … */
static int purposes_from_form(struct req *r)
{
	int bits = 0;
	for (int i = 0; i < CONSENT_PURPOSE_COUNT; i++) {
		const char *v =
		    req_form(r, arena_sprintf(&r->arena, "purpose_%s",
		                              consent_purposes[i].name));
		if (v && (!strcmp(v, "1") || !strcmp(v, "on")))
			bits |= consent_purposes[i].bit;
	}
	return bits;
}

static void consents_view(struct req *r, int status,
                          const struct consent *draft,
                          const struct field_error *e)
{
	struct consent *list;
	int count;
	if (consent_list(r->db, &r->arena, r->person_id, request_today(r),
	                 &list, &count) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Consents and releases", "persons");
	html_printf(b,
	            "<h1>Consents and releases</h1>\n<p><a class=\"usa-link\" "
	            "href=\"/persons/%lld\">Back to the person</a></p>\n<ul "
	            "class=\"usa-list usa-list--unstyled\">",
	            (long long)r->person_id);
	for (int i = 0; i < count; i++) {
		const struct consent *c = &list[i];
		html_printf(
		    b,
		    "<li id=\"consent-%lld\" class=\"padding-y-1 "
		    "border-bottom-1px border-base-lighter\"><strong>Consent "
		    "%lld: %s</strong>",
		    (long long)c->id, (long long)c->id,
		    choice_label(consent_kinds, consent_kind_count, c->kind));
		if (!strcmp(c->kind, "release")) {
			html_printf(b, ": to %s for %s", c->recipient,
			            c->purpose);
			html_printf(
			    b, "<br>Covers: %s",
			    consent_purposes_text(&r->arena, c->purposes));
			if (strcmp(c->recipient_class, "named"))
				html_printf(
				    b, "; names %s",
				    choice_label(consent_recipient_classes,
				                 consent_recipient_class_count,
				                 c->recipient_class));
		}
		html_printf(b, "<br>Signed by %s on %s", c->signer_name,
		            c->signed_on);
		if (!strcmp(c->signature_method, "drawn"))
			signature_image(b, c->signer_name, c->signature_path);
		else
			html_raw(b, " (typed name)");
		if (*c->expires_on) {
			html_printf(b, "; expires %s", c->expires_on);
		}
		if (*c->expiry_event) {
			html_printf(b, "; ends when %s", c->expiry_event);
		}
		if (c->in_force) {
			html_printf(
			    b,
			    "<br><span class=\"usa-tag bg-green\">In "
			    "force</span> <form class=\"display-inline\" "
			    "method=\"post\" "
			    "action=\"/persons/%lld/consents/%lld/revoke\">",
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
	html_printf(b,
	            "</ul>\n<p><a class=\"usa-link\" "
	            "href=\"/persons/%lld/disclosures/new\">Record a "
	            "disclosure made outside Waypoint (a record sent under a "
	            "release)</a></p>\n<h2>Record a consent or release</h2>\n",
	            (long long)r->person_id);
	if (e)
		form_error_summary(b, e, label(e->field));
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "data-draft action=\"/persons/%lld/consents\">",
	            (long long)r->person_id);
	form_csrf(r);
	form_required_note(b);
#define V(f)   (draft ? draft->f : NULL)
#define ERR(f) field_error_for(e, f)
	form_radios(
	    b,
	    &(struct form_field){
	        "kind", label("kind"), draft ? draft->kind : "release", NULL,
	        ERR("kind"), NULL,
	        fields_required(consent_fields, consent_field_count, "kind")},
	    consent_kinds, consent_kind_count);
	form_text(b, &(struct form_field){
	                 "discloser", label("discloser"), V(discloser),
	                 "For example: Harbor Peer Recovery Center.",
	                 ERR("discloser"), "off",
	                 fields_required(consent_fields, consent_field_count,
	                                 "discloser")});
	form_textarea(b,
	              &(struct form_field){
	                  "information", label("information"), V(information),
	                  NULL, ERR("information"), NULL,
	                  fields_required(consent_fields, consent_field_count,
	                                  "information")});
	form_text(b, &(struct form_field){
	                 "recipient", label("recipient"), V(recipient), NULL,
	                 ERR("recipient"), "off",
	                 fields_required(consent_fields, consent_field_count,
	                                 "recipient")});
	form_text(b, &(struct form_field){
	                 "purpose", label("purpose"), V(purpose), NULL,
	                 ERR("purpose"), "off",
	                 fields_required(consent_fields, consent_field_count,
	                                 "purpose")});
	purpose_fields(r, b, draft ? draft->purposes : 0, ERR("purposes"));
	form_radios(
	    b,
	    &(struct form_field){
	        "recipient_class", label("recipient_class"),
	        draft && draft->recipient_class && *draft->recipient_class
	            ? draft->recipient_class
	            : "named",
	        "Any payer, or any provider treating them, only in "
	        "a consent for treatment, payment and operations "
	        "(the 2024 rule).",
	        ERR("recipient_class"), NULL, false},
	    consent_recipient_classes, consent_recipient_class_count);
	form_textarea(
	    b, &(struct form_field){
	           "revocation", label("revocation"),
	           V(revocation) ? V(revocation)
	                         : "You may revoke this release at any "
	                           "time, in writing or by telling your "
	                           "peer specialist, except for what was "
	                           "already disclosed.",
	           NULL, ERR("revocation"), NULL,
	           fields_required(consent_fields, consent_field_count,
	                           "revocation")});
	form_text(b, &(struct form_field){
	                 "expires_on", label("expires_on"), V(expires_on),
	                 "A date like 2027-06-30, or an event below.",
	                 ERR("expires_on"), "off",
	                 fields_required(consent_fields, consent_field_count,
	                                 "expires_on")});
	form_text(b, &(struct form_field){
	                 "expiry_event", label("expiry_event"), V(expiry_event),
	                 "For example: discharge from the program.",
	                 ERR("expiry_event"), "off",
	                 fields_required(consent_fields, consent_field_count,
	                                 "expiry_event")});
	form_text(b, &(struct form_field){
	                 "signer_name", label("signer_name"), V(signer_name),
	                 NULL, ERR("signer_name"), "off",
	                 fields_required(consent_fields, consent_field_count,
	                                 "signer_name")});
	form_text(b, &(struct form_field){
	                 "signed_on", label("signed_on"), V(signed_on),
	                 "A date like 2026-11-22.", ERR("signed_on"), "off",
	                 fields_required(consent_fields, consent_field_count,
	                                 "signed_on")});
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

/* Stores the validated consent c, setting c->id; answers on failure. */
static enum answer create(struct req *r, struct consent *c)
{
	if (consent_create(r->db, c, r->session.user_id, &c->id) == DB_OK)
		return GO_ON;
	reply_db_failure(r);
	return ANSWERED;
}

/* GET /persons/{id}/consents */
void consents_page(struct req *r)
{
	consents_view(r, 200, NULL, NULL);
}

/* POST /persons/{id}/consents */
void consent_create_page(struct req *r)
{
	struct consent c = {.person_id = r->person_id};
	struct field_error e;
	fields_from_form(r, consent_fields, consent_field_count, &c);
	c.purposes = purposes_from_form(r);
	if (consent_validate(&r->arena, &c, &e))
		consents_view(r, 400, &c, &e);
	else if (create(r, &c) == GO_ON)
		reply_redirect(r, arena_sprintf(&r->arena,
		                                "/persons/%lld/consents",
		                                (long long)r->person_id));
}

/* Revokes {cid}: answers 404 itself when there is none in force. */
static enum answer revoke(struct req *r)
{
	enum db_status s = consent_revoke(r->db, r->person_id, req_id(r, "cid"),
	                                  r->session.user_id);
	if (s == DB_OK)
		return GO_ON;
	if (s == DB_DONE)
		reply_error(r, 404, "not_found",
		            "There is no such consent in force.", NULL);
	else
		reply_db_failure(r);
	return ANSWERED;
}

/* POST /persons/{id}/consents/{cid}/revoke */
void consent_revoke_page(struct req *r)
{
	if (revoke(r) == GO_ON)
		reply_redirect(r, arena_sprintf(&r->arena,
		                                "/persons/%lld/consents",
		                                (long long)r->person_id));
}

/* POST /api/v1/persons/{id}/consents/{cid}/revoke → 204 */
void consent_api_revoke(struct req *r)
{
	if (revoke(r) == GO_ON)
		r->status = 204;
}

static void consent_json(struct buf *b, const void *item)
{
	const struct consent *c = item;
	json_object_begin(b);
	fields_json(b, consent_fields, consent_field_count, c);
	json_field_text_or_null(b, "expires_on", c->expires_on);
	json_field_text_or_null(b, "revoked_at", c->revoked_at);
	json_field_bool(b, "in_force", c->in_force);
	json_field(b, "purposes");
	buf_putc(b, '[');
	bool first = true;
	for (int i = 0; i < CONSENT_PURPOSE_COUNT; i++)
		if (c->purposes & consent_purposes[i].bit) {
			if (!first)
				buf_putc(b, ',');
			json_text(b, consent_purposes[i].name);
			first = false;
		}
	buf_putc(b, ']');
	json_object_end(b);
}

/* GET /api/v1/persons/{id}/consents */
void consents_api_list(struct req *r)
{
	struct consent *list;
	int count;
	if (consent_list(r->db, &r->arena, r->person_id, request_today(r),
	                 &list, &count) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	api_list_whole(r, list, sizeof *list, count, consent_json);
}

/* "purposes": ["treatment", "payment", …], where "tpo" stands for all
 * three of treatment, payment and operations; absent or null: none. */
static enum answer purposes_from_json(struct req *r, int *bits)
{
	json_t *v = r->json ? json_object_get(r->json, "purposes") : NULL;
	*bits = 0;
	if (!v || json_is_null(v))
		return GO_ON;
	size_t i;
	json_t *item;
	if (!json_is_array(v) || json_array_size(v) > 8)
		goto bad;
	json_array_foreach(v, i, item)
	{
		const char *name = json_string_value(item);
		if (!name)
			goto bad;
		if (!strcmp(name, "tpo")) {
			*bits |= CONSENT_FOR_TPO;
			continue;
		}
		int k = 0;
		while (k < CONSENT_PURPOSE_COUNT &&
		       strcmp(name, consent_purposes[k].name))
			k++;
		if (k == CONSENT_PURPOSE_COUNT)
			goto bad;
		*bits |= consent_purposes[k].bit;
	}
	return GO_ON;
bad:
	reply_error(r, 400, "invalid",
	            "purposes must be a list of treatment, payment, "
	            "operations, other or tpo.",
	            "purposes");
	return ANSWERED;
}

/* POST /api/v1/persons/{id}/consents → 201; 400 naming the missing element */
void consents_api_create(struct req *r)
{
	static const char *const extra[] = {"purposes", NULL};
	struct consent c = {.person_id = r->person_id};
	if (fields_from_json(r, consent_fields, consent_field_count, extra,
	                     &c) == ANSWERED ||
	    purposes_from_json(r, &c.purposes) == ANSWERED)
		return;
	if (!*c.signature_method) /* the typed name alone, unless told */
		c.signature_method = "typed";
	struct field_error e;
	if (consent_validate(&r->arena, &c, &e))
		reply_error(r, 400, "invalid", e.message, e.field);
	else if (create(r, &c) == GO_ON)
		api_reply_id(r, 201, c.id);
}
