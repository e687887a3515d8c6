/* disclosure_pages.c — a person's accounting of disclosures (HIPAA
 * 164.528, 42 CFR Part 2), printable, and entering a disclosure made
 * outside Waypoint ("record sent under a release").  ROUTE_PERSON: the
 * router lets in only the person's team (or break-the-glass) and audits
 * every access; the accounting needs PERM_DISCLOSURES, entering one
 * PERM_PERSONS (anyone on the team who sent it). */
#include "../../auth/permissions.h"
#include "../../core/choice.h"
#include "../../handlers.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../programs/program_zone.h"
#include "disclosure.h"

#include <stdio.h>
#include <string.h>

static const struct choice purposes[] = {
    {"treatment", "Treatment"},
    {"payment", "Payment"},
    {"operations", "Health care operations"},
    {"other", "Another purpose"},
};
static const int purpose_count = sizeof purposes / sizeof purposes[0];

static const struct choice channels[] = {
    {"fhir_export", "FHIR export to an integration"},
    {"api_token", "Read by an integration's API token"},
    {"billing_batch", "Billing batch to a payer"},
    {"referral", "Referral"},
    {"release", "Sent under a release (entered by staff)"},
};
static const int channel_count = sizeof channels / sizeof channels[0];

/* A disclosure entered by hand, as the form and the API name it. */
struct entry {
	const char *disclosed_on, *recipient, *what, *purpose;
	int64_t consent_id;
};

static const struct field entry_fields[] = {
    FIELD_DATE_AT(struct entry, disclosed_on, "disclosed_on", "Date disclosed",
                  FIELD_REQUIRED | FIELD_NOT_FUTURE),
    FIELD_LINE_AT(struct entry, recipient, "recipient", "Recipient",
                  FIELD_REQUIRED, DISCLOSURE_RECIPIENT_MAX),
    FIELD_TEXT_AT(struct entry, what, "what", "What was disclosed",
                  FIELD_REQUIRED, DISCLOSURE_WHAT_MAX),
    FIELD_CHOICE_AT(struct entry, purpose, "purpose", "Purpose", FIELD_REQUIRED,
                    purposes, &purpose_count),
    FIELD_ID_AT(struct entry, consent_id, "consent_id", "Release relied on", 0),
};
static const int entry_field_count =
    sizeof entry_fields / sizeof entry_fields[0];

static const char *label(const char *field)
{
	return fields_label(entry_fields, entry_field_count, field);
}

/* The person's releases, for the form's choice: "12" → "Consent 12: to
 * Harbor Clinic, signed 2026-01-05 (revoked)". */
static int releases(struct req *r, struct choice **out)
{
	struct db_stmt *st = db_query(
	    r->db,
	    "SELECT id, recipient, signed_on, COALESCE(expires_on, ''),"
	    " CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, purposes"
	    " FROM consents WHERE person_id = ? AND kind = 'release'"
	    " ORDER BY id DESC LIMIT 100",
	    DB_INT(r->person_id));
	int n = 0, room = 0;
	*out = NULL;
	struct choice *none = ARENA_NEXT(&r->arena, *out, n, room);
	none->code = "";
	none->label = "None (a program not under 42 CFR Part 2)";
	while (db_row(st)) {
		struct choice *c = ARENA_NEXT(&r->arena, *out, n, room);
		const char *expires = db_column_text(st, 3);
		c->code = arena_sprintf(&r->arena, "%lld",
		                        (long long)db_column_int(st, 0));
		c->label = arena_sprintf(
		    &r->arena, "Consent %s: to %s, signed %s%s%s%s", c->code,
		    db_column_text(st, 1), db_column_text(st, 2),
		    *expires ? ", expires " : "", expires,
		    db_column_int(st, 4) ? " (revoked)" : "");
	}
	db_end(r->db, st);
	return n;
}

static void entry_form(struct req *r, int status, const struct entry *draft,
                       const struct field_error *e)
{
	struct choice *list;
	int n = releases(r, &list);
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Record a disclosure", "persons");
	html_printf(b,
	            "<h1>Record a disclosure made outside Waypoint</h1>\n"
	            "<p>For a record sent under a release (by mail, fax or "
	            "hand): it joins the person's accounting of disclosures."
	            "</p>\n<p><a class=\"usa-link\" href=\"/persons/%lld\">"
	            "Back to the person</a></p>\n",
	            (long long)r->person_id);
	if (e)
		form_error_summary(b, e, label(e->field));
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/persons/%lld/disclosures\">",
	            (long long)r->person_id);
	form_csrf(r);
	form_required_note(b);
#define V(f)   (draft ? draft->f : NULL)
#define ERR(f) field_error_for(e, f)
#define REQ(f) fields_required(entry_fields, entry_field_count, f)
	form_text(b, &(struct form_field){
	                 "disclosed_on", label("disclosed_on"), V(disclosed_on),
	                 "A date like 2026-11-22.", ERR("disclosed_on"), "off",
	                 REQ("disclosed_on")});
	form_text(
	    b, &(struct form_field){"recipient", label("recipient"),
	                            V(recipient), "As the release names them.",
	                            ERR("recipient"), "off", REQ("recipient")});
	form_textarea(b, &(struct form_field){"what", label("what"), V(what),
	                                      "For example: the last three "
	                                      "months' notes.",
	                                      ERR("what"), NULL, REQ("what")});
	form_select(b,
	            &(struct form_field){"purpose", label("purpose"),
	                                 V(purpose), NULL, ERR("purpose"), NULL,
	                                 REQ("purpose")},
	            purposes, purpose_count);
	const char *chosen =
	    draft && draft->consent_id
	        ? arena_sprintf(&r->arena, "%lld", (long long)draft->consent_id)
	        : "";
	form_select(b,
	            &(struct form_field){
	                "consent_id", label("consent_id"), chosen,
	                "Under 42 CFR Part 2 a release in force on the date, "
	                "covering the recipient and the purpose, is required.",
	                ERR("consent_id"), NULL, false},
	            list, n);
#undef V
#undef ERR
#undef REQ
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Record the "
	            "disclosure</button></form>\n");
	page_end(r);
	reply_html(r, status);
}

/* The date the release relied on was signed, or "" (none, or not the
 * person's: disclosure_entry_check says so). */
static const char *release_signed_on(struct req *r, int64_t consent_id)
{
	const char *on = "";
	if (consent_id)
		db_one_text(r->db, &r->arena,
		            "SELECT signed_on FROM consents WHERE id = ? AND"
		            " person_id = ?",
		            &on, DB_INT(consent_id), DB_INT(r->person_id));
	return on ? on : "";
}

/* Checks and stores the entry: GO_ON, or ANSWERED with *e filled (400),
 * or the database failure answered (*e->field NULL). */
static enum answer entry_save(struct req *r, const struct entry *x,
                              struct field_error *e, bool *failed, int64_t *id)
{
	*failed = false;
	const char *zone = zone_of_person(r->db, &r->arena, r->person_id);
	if (fields_validate_in(&r->arena, entry_fields, entry_field_count, x,
	                       zone, e))
		return ANSWERED;
	const char *signed_on = release_signed_on(r, x->consent_id);
	if (*signed_on && strcmp(x->disclosed_on, signed_on) < 0) {
		field_fail(e, "disclosed_on",
		           arena_sprintf(&r->arena,
		                         "The date disclosed is before the "
		                         "release was signed (%s): it must be "
		                         "on or after it.",
		                         signed_on));
		return ANSWERED;
	}
	struct disclosure d = {
	    .person_id = r->person_id,
	    .recipient = x->recipient,
	    .what = x->what,
	    .purpose =
	        (enum disclosure_purpose)disclosure_purpose_parse(x->purpose),
	    .consent_id = x->consent_id,
	    .channel = "release",
	    .made_by = req_user_id(r),
	    .disclosed_at = x->disclosed_on,
	};
	const char *field = NULL, *why = "";
	enum db_status s = disclosure_entry_check(
	    r->db, &r->arena, &d, x->disclosed_on, &field, &why);
	if (s == DB_OK && field) {
		field_fail(e, field, why);
		return ANSWERED;
	}
	if (s == DB_OK)
		s = disclosure_record_id(r->db, &d, id);
	if (s != DB_OK) {
		*failed = true;
		reply_db_failure(r);
		return ANSWERED;
	}
	return GO_ON;
}

/* GET /persons/{id}/disclosures/new */
void disclosure_new_page(struct req *r)
{
	entry_form(r, 200, NULL, NULL);
}

/* POST /persons/{id}/disclosures */
void disclosure_create_page(struct req *r)
{
	struct entry x = {0};
	struct field_error e;
	bool failed;
	int64_t id;
	fields_from_form(r, entry_fields, entry_field_count, &x);
	if (entry_save(r, &x, &e, &failed, &id) == GO_ON)
		reply_redirect(
		    r,
		    arena_sprintf(&r->arena,
		                  permission_granted(r->role, PERM_DISCLOSURES)
		                      ? "/persons/%lld/disclosures"
		                      : "/persons/%lld",
		                  (long long)r->person_id));
	else if (!failed)
		entry_form(r, 400, &x, &e);
}

/* POST /api/v1/persons/{id}/disclosures → 201 {"id"}; 400 naming the
 * field */
void disclosures_api_create(struct req *r)
{
	struct entry x = {0};
	struct field_error e;
	bool failed;
	int64_t id;
	if (fields_from_json(r, entry_fields, entry_field_count, NULL, &x) ==
	    ANSWERED)
		return;
	if (entry_save(r, &x, &e, &failed, &id) == GO_ON)
		api_reply_id(r, 201, id);
	else if (!failed)
		reply_error(r, 400, "invalid", e.message, e.field);
}

/* When, as people read it: a date entered by hand as it is, a stamp in
 * the person's program's zone. */
static const char *when(struct req *r, const char *zone, const char *at)
{
	return strlen(at) == 10 ? at : zone_stamp_text(&r->arena, zone, at);
}

/* GET /persons/{id}/disclosures — the accounting, oldest first;
 * printable (the print stylesheet leaves out the navigation). */
void disclosures_page(struct req *r)
{
	struct disclosure_row *list;
	int n;
	bool more, part2 = false;
	if (disclosure_list(r->db, &r->arena, r->person_id, &list, &n, &more) !=
	        DB_DONE ||
	    disclosure_part2(r->db, r->person_id, &part2) != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	const char *zone = zone_of_person(r->db, &r->arena, r->person_id);
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Accounting of disclosures", "persons");
	html_printf(
	    b,
	    "<h1>Accounting of disclosures</h1>\n<p>Every time this "
	    "person's information left the program: to an integration, a "
	    "payer, or sent under a release (HIPAA 164.528%s). Staff reading "
	    "the record inside the program are not disclosures. Prepared on "
	    "%s.</p>\n",
	    part2 ? "; this program is under 42 CFR Part 2, so each needs "
	            "a release"
	          : "",
	    zone_today(&r->arena, zone));
	html_printf(b,
	            "<ul class=\"usa-list usa-list--unstyled\"><li><a "
	            "class=\"usa-link\" "
	            "href=\"/persons/%lld\">Back to the person</a></li>"
	            "<li><a class=\"usa-link\" "
	            "href=\"/persons/%lld/disclosures/new\">Record a "
	            "disclosure made outside Waypoint</a></li><li><a "
	            "class=\"usa-link\" href=\"/persons/%lld/consents\">"
	            "Consents and releases</a></li></ul>\n",
	            (long long)r->person_id, (long long)r->person_id,
	            (long long)r->person_id);
	if (n == 0) {
		html_raw(b, "<p>No disclosures are recorded.</p>\n");
		page_end(r);
		reply_html(r, 200);
		return;
	}
	html_raw(b,
	         "<div class=\"waypoint-table-wrap\"><table class=\"usa-table "
	         "usa-table--stacked\">\n<caption>Disclosures, oldest "
	         "first</caption>\n<thead><tr><th scope=\"col\">Date</th>"
	         "<th scope=\"col\">Recipient</th><th scope=\"col\">What"
	         "</th><th scope=\"col\">Purpose</th><th scope=\"col\">"
	         "Release relied on</th><th scope=\"col\">How</th></tr>"
	         "</thead>\n<tbody>\n");
	for (int i = 0; i < n; i++) {
		const struct disclosure_row *d = &list[i];
		html_printf(b,
		            "<tr><td data-label=\"Date\">%s</td><td "
		            "data-label=\"Recipient\">%s</td><td "
		            "data-label=\"What\">%s</td><td "
		            "data-label=\"Purpose\">%s</td><td "
		            "data-label=\"Release relied on\">",
		            when(r, zone, d->disclosed_at), d->recipient,
		            d->what,
		            choice_label(purposes, purpose_count, d->purpose));
		if (d->consent_id)
			html_printf(
			    b,
			    "<a class=\"usa-link\" "
			    "href=\"/persons/%lld/consents#consent-%lld\">"
			    "Consent %lld</a>",
			    (long long)r->person_id, (long long)d->consent_id,
			    (long long)d->consent_id);
		else
			html_raw(b, "None needed (not under Part 2)");
		html_printf(b, "</td><td data-label=\"How\">%s%s%s</td></tr>\n",
		            choice_label(channels, channel_count, d->channel),
		            *d->made_by ? ", by " : "", d->made_by);
	}
	html_raw(b, "</tbody></table></div>\n");
	if (more)
		html_printf(b,
		            "<p>The first %d are shown; the API lists the "
		            "same.</p>\n",
		            DISCLOSURE_LIST_MAX);
	page_end(r);
	reply_html(r, 200);
}

static void row_json(struct buf *b, const void *item)
{
	const struct disclosure_row *d = item;
	json_object_begin(b);
	json_field_int(b, "id", d->id);
	json_field_text(b, "disclosed_at", d->disclosed_at);
	json_field_text(b, "recipient", d->recipient);
	json_field_text(b, "what", d->what);
	json_field_text(b, "purpose", d->purpose);
	json_field(b, "consent_id");
	if (d->consent_id)
		json_int(b, d->consent_id);
	else
		json_raw(b, "null");
	json_field_text(b, "channel", d->channel);
	json_field_text(b, "ref", d->ref);
	json_field_text_or_null(b, "made_by", d->made_by);
	json_object_end(b);
}

/* GET /api/v1/persons/{id}/disclosures — the accounting, oldest first */
void disclosures_api_list(struct req *r)
{
	struct disclosure_row *list;
	int n;
	bool more;
	if (disclosure_list(r->db, &r->arena, r->person_id, &list, &n, &more) !=
	    DB_DONE) {
		reply_db_failure(r);
		return;
	}
	api_list_whole(r, list, sizeof *list, n, row_json);
}
