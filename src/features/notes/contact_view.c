/* contact_view.c — one contact and its note as a page: the note as signed
 * (with a warning if its content no longer matches its hash), addenda
 * below it, billing, and the forms to add an addendum or — for a
 * supervisor — to co-sign or return a trainee's note.  Also the recent
 * contacts on the person's overview. */
#include "../../core/text.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../cosign/cosign.h"
#include "../programs/program_zone.h"
#include "contact.h"
#include "contact_view.h"

#include <jansson.h>
#include <string.h>

static const struct choice cosign_states[] = {
    {"none", ""},
    {"pending", "Waiting for a supervisor's co-signature"},
    {"cosigned", "Co-signed"},
    {"returned", "Returned by the supervisor"},
};

static const char *kind_label(const char *code)
{
	const struct contact_kind *k = contact_kind_find(code);
	return k ? k->label : code;
}

static void row(struct html *b, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	html_printf(b, "<dt>%s</dt><dd>%s</dd>", label, value);
}

static void goals_row(struct html *b, const char *goals)
{
	json_t *list = json_loads(goals, 0, NULL), *g;
	size_t i;
	if (json_array_size(list)) {
		html_raw(b, "<dt>Plan goals it served</dt>");
		json_array_foreach(list, i, g)
		{
			html_printf(b, "<dd>%s</dd>", json_string_value(g));
		}
	}
	json_decref(list);
}

/* The contact named in the path: a draft only to its author. */
static enum answer load(struct req *r, struct contact *c)
{
	enum db_status s =
	    contact_get(r->db, &r->arena, r->person_id, req_id(r, "cid"), c);
	if (s == DB_ROW && strcmp(c->state, "signed") &&
	    c->staff_id != r->session.user_id)
		s = DB_DONE; /* a draft is its author's */
	if (s == DB_DONE)
		reply_error(r, 404, "not_found", "There is no such contact.",
		            NULL);
	else if (s != DB_ROW)
		reply_db_failure(r);
	return s == DB_ROW ? GO_ON : ANSWERED;
}

static void action_form(struct req *r, const struct contact *c,
                        const char *path, const char *title)
{
	struct html *b = page_html(r);
	html_printf(b,
	            "<h2>%s</h2><form class=\"usa-form\" method=\"post\" "
	            "action=\"/persons/%lld/contacts/%lld/%s\">",
	            title, (long long)r->person_id, (long long)c->id, path);
	form_csrf(r);
}

/* The label of a field of the addendum or co-signature form. */
static const char *error_label(const char *field)
{
	return strcmp(field, "reason") && strcmp(field, "text")
	           ? fields_label(cosign_decision_fields,
	                          cosign_decision_field_count, field)
	           : fields_label(addendum_fields, addendum_field_count, field);
}

static void contact_view(struct req *r, int status, const struct contact *c,
                         const struct field_error *e)
{
	struct addendum *list;
	int n;
	struct contact_bill bill;
	if (contact_addenda(r->db, &r->arena, c->id, &list, &n) != DB_DONE ||
	    contact_bill(r->db, &r->arena, c, NULL, 0, &bill) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	const char *zone = zone_of_request(r);
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Contact", "persons");
	html_printf(b, "<h1>%s</h1>\n", kind_label(c->kind));
	if (!c->hash_ok)
		html_raw(b,
		         "<div class=\"usa-alert usa-alert--error\" "
		         "role=\"alert\"><div class=\"usa-alert__body\"><p "
		         "class=\"usa-alert__text\">This note was changed "
		         "after it was signed: what is shown is not what was "
		         "signed. Tell your administrator.</p></div></div>\n");
	if (e)
		form_error_summary(b, e, error_label(e->field));
	html_raw(b, "<p class=\"usa-intro\">");
	if (!strcmp(c->state, "signed")) {
		html_printf(b, "Signed by %s at ", c->staff_name);
		html_stamp(b, c->signed_at, zone);
	} else {
		html_printf(b,
		            "Draft, not signed. <a class=\"usa-link\" "
		            "href=\"/persons/%lld/contacts/new?draft=%lld\">Go "
		            "on writing it</a>",
		            (long long)r->person_id, (long long)c->id);
	}
	html_raw(b, "</p>\n");
	const char *billing = contact_bill_text(&r->arena, c, &bill, false);
	/* a signed note that bills nothing says so where it is seen, and why
	 * (a trainee's waiting for its co-signature is said by its status) */
	if (!strcmp(c->state, "signed") && bill.why_not & ~UNBILLED_COSIGN)
		html_printf(b,
		            "<div class=\"usa-alert usa-alert--warning "
		            "usa-alert--slim\" id=\"not-billable\"><div "
		            "class=\"usa-alert__body\"><p "
		            "class=\"usa-alert__text\">%s</p></div></div>\n",
		            billing);
	html_raw(b, "<dl>");
	row(b, "Status", choice_label(cosign_states, 4, c->cosign_state));
	row(b, "Supervisor's comment", c->cosign_comment);
	row(b, "Date", c->contact_on);
	row(b, "From", c->starts_at);
	row(b, "To", c->ends_at);
	row(b, "Where",
	    choice_label(contact_locations, contact_location_count,
	                 c->location));
	goals_row(b, c->goals);
	row(b, "What we did together", c->did_together);
	row(b, "How the person responded", c->response);
	row(b, "Next steps", c->next_steps);
	row(b, "What the team should know", c->team_notice);
	row(b, "Billing", billing);
	html_raw(b, "</dl>\n");
	if (n) {
		html_raw(b, "<h2>Addenda</h2>\n");
		for (int i = 0; i < n; i++) {
			html_printf(
			    b,
			    "<div class=\"usa-summary-box "
			    "margin-bottom-2\"><p><strong>%s</strong> — %s, ",
			    list[i].reason, list[i].author_name);
			html_stamp(b, list[i].created_at, zone);
			html_printf(b, "</p><p>%s</p></div>\n", list[i].body);
		}
	}
#define ERR(f) field_error_for(e, f)
	if (!strcmp(c->state, "signed")) {
		action_form(r, c, "addenda", "Add an addendum");
		form_text(b, &(struct form_field){
		                 "reason", "Why it is corrected", NULL, NULL,
		                 ERR("reason"), "off", false});
		form_textarea(
		    b, &(struct form_field){"text", "The correction", NULL,
		                            "The note above stays as it "
		                            "was signed.",
		                            ERR("text"), NULL, false});
		html_raw(b, "<button class=\"usa-button\" type=\"submit\">Add "
		            "the addendum</button></form>\n");
	}
	if (!strcmp(c->cosign_state, "pending") &&
	    permission_granted(r->role, PERM_COSIGN)) {
		action_form(r, c, "cosign", "Co-sign");
		form_textarea(b, &(struct form_field){
		                     "comment", "Comment for the trainee", NULL,
		                     "Needed when you return the note.",
		                     ERR("comment"), NULL, false});
		html_raw(b,
		         "<button class=\"usa-button\" type=\"submit\" "
		         "name=\"decision\" value=\"cosign\">Co-sign</button>"
		         "<button class=\"usa-button usa-button--outline\" "
		         "type=\"submit\" name=\"decision\" value=\"return\">"
		         "Return with comments</button></form>\n");
	}
#undef ERR
	html_printf(b,
	            "<p><a class=\"usa-link\" href=\"/persons/%lld\">Back to "
	            "the person</a></p>\n",
	            (long long)r->person_id);
	page_end(r);
	reply_html(r, status);
}

/* GET /persons/{id}/contacts/{cid} */
void contact_page(struct req *r)
{
	struct contact c;
	if (load(r, &c) == GO_ON)
		contact_view(r, 200, &c, NULL);
}

/* POST /persons/{id}/contacts/{cid}/addenda */
void contact_addendum_submit(struct req *r)
{
	struct contact c;
	struct addendum d = {0};
	struct field_error e;
	int64_t id;
	if (load(r, &c) == ANSWERED)
		return;
	fields_from_form(r, addendum_fields, addendum_field_count, &d);
	if (fields_validate(&r->arena, addendum_fields, addendum_field_count,
	                    &d, &e)) {
		contact_view(r, 400, &c, &e);
		return;
	}
	if (contact_add_addendum(r->db, r->person_id, c.id, r->session.user_id,
	                         d.reason, d.body, &id) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	reply_redirect(r,
	               arena_sprintf(&r->arena, "/persons/%lld/contacts/%lld",
	                             (long long)r->person_id, (long long)c.id));
}

/* POST /persons/{id}/contacts/{cid}/cosign (supervisors) */
void contact_cosign_submit(struct req *r)
{
	struct contact c;
	struct cosign_decision d = {0};
	struct field_error e;
	if (load(r, &c) == ANSWERED)
		return;
	if (cosign_decision_from_form(r, &d, &e)) {
		contact_view(r, 400, &c, &e);
		return;
	}
	enum db_status s =
	    contact_cosign(r->db, r->person_id, c.id, r->session.user_id,
	                   d.approve, d.comment);
	if (s != DB_OK && s != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	reply_redirect(r, "/supervision");
}

/* The person's five newest contacts, and the button to record one. */
void contacts_overview(struct req *r)
{
	struct html *b = page_html(r);
	struct contact *list;
	int n;
	html_printf(
	    b,
	    "<h2>Contacts</h2>\n<p><a class=\"usa-button\" "
	    "href=\"/persons/%lld/contacts/new\">Record a contact</a></p>\n",
	    (long long)r->person_id);
	if (contact_list(r->db, &r->arena, r->person_id, r->session.user_id, 5,
	                 0, &list, &n) != DB_DONE)
		return;
	html_raw(b, "<ul class=\"usa-list\">");
	for (int i = 0; i < n; i++) {
		html_printf(b,
		            "<li><a class=\"usa-link\" "
		            "href=\"/persons/%lld/contacts/%lld\">%s %s</a>",
		            (long long)r->person_id, (long long)list[i].id,
		            list[i].contact_on, kind_label(list[i].kind));
		if (strcmp(list[i].state, "signed"))
			html_raw(b, " (draft)");
		else if (!strcmp(list[i].cosign_state, "pending"))
			html_raw(b, " (waiting for co-signature)");
		html_raw(b, "</li>");
	}
	if (!n)
		html_raw(b, "<li>None yet.</li>");
	html_printf(b,
	            "</ul><p><a class=\"usa-link\" "
	            "href=\"/persons/%lld/timeline\">Timeline</a></p>\n",
	            (long long)r->person_id);
}
