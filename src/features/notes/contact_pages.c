/* contact_pages.c — recording a contact and its note on a phone: one form
 * (kind, when, where, the plan goals it served, and the note with gentle
 * prompts for what billing needs) that saves a draft to the server every
 * few seconds (assets/note-autosave.js) and is signed from the same
 * screen, after one confirmation (signing is final).  Its Billing panel
 * says whether the note will be billable, and why not, before it is
 * signed (assets/note-billing.js keeps it current as the peer types).  An
 * unfinished draft comes back the next time, even after the session
 * ended. */
#include "../../core/clock.h"
#include "../../core/text.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../plans/plan.h"
#include "../programs/program_zone.h"
#include "../referrals/referral_pages.h"
#include "contact.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum { FORM_GOALS_MAX = 20 };

/* The plan's goals as checkboxes named goal (value: the goal's number);
 * checked when the draft already names that goal's words. */
static void goal_boxes(struct req *r, const char *chosen,
                       const struct field_error *e)
{
	struct html *b = page_html(r);
	struct plan_version v = {0};
	enum db_status s = plan_get(r->db, &r->arena, r->person_id, 0, &v);
	json_t *goals =
	    s == DB_ROW ? json_object_get(v.document, "goals") : NULL;
	json_t *picked = json_loads(chosen ? chosen : "[]", 0, NULL);
	bool bad = field_error_for(e, "goals") != NULL;
	if (bad)
		html_raw(b, "<div class=\"usa-form-group "
		            "usa-form-group--error\">");
	else
		html_raw(b, "<div class=\"usa-form-group\">");
	html_raw(b, "<fieldset class=\"usa-fieldset\" id=\"goals\"><legend "
	            "class=\"usa-legend\">Which plan goal it served</legend>");
	if (bad) {
		html_printf(b,
		            "<span class=\"usa-error-message\" "
		            "role=\"alert\">%s</span>",
		            e->message);
	}
	size_t i, n = json_array_size(goals);
	for (i = 0; i < n && i < FORM_GOALS_MAX; i++) {
		const char *words = json_string_value(
		    json_object_get(json_array_get(goals, i), "words"));
		bool on = false;
		size_t j;
		json_t *p;
		json_array_foreach(picked, j, p)
		{
			const char *w = json_string_value(p);
			on |= words && w && !strcmp(words, w);
		}
		html_printf(b,
		            "<div class=\"usa-checkbox\"><input "
		            "class=\"usa-checkbox__input\" type=\"checkbox\" "
		            "name=\"goal\" id=\"goal-%d\" value=\"%d\"",
		            (int)i + 1, (int)i + 1);
		if (on)
			html_raw(b, " checked");
		html_printf(b,
		            "><label class=\"usa-checkbox__label\" "
		            "for=\"goal-%d\">%s</label></div>",
		            (int)i + 1, words ? words : "");
	}
	if (!n)
		html_raw(b,
		         "<p>No plan goals yet: a contact can be billed only "
		         "when it serves a goal of the person's plan.</p>");
	html_raw(b, "</fieldset></div>\n");
	json_decref(picked);
	json_decref(v.document);
}

/* The fields whose error leaves the billing panel nothing to go on. */
static bool billing_field(const char *field)
{
	static const char *const names[] = {"kind", "starts_at", "ends_at",
	                                    "location", "goals"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(field, names[i]))
			return true;
	return false;
}

/* What the note would bill if signed now, in words: the preview's answer
 * (contact_preview), which note-billing.js asks for again as the peer
 * types. */
static const char *billing_text(struct req *r, const struct contact *c,
                                const struct field_error *e)
{
	struct contact_bill bill;
	if (e && billing_field(e->field))
		return arena_sprintf(
		    &r->arena,
		    "Correct %s above to see whether this note is billable.",
		    fields_label(contact_fields, contact_field_count,
		                 e->field));
	if (contact_preview(r->db, &r->arena, c, &bill) != DB_OK)
		return "Whether this note is billable cannot be said just "
		       "now; signing will still work.";
	return contact_bill_text(&r->arena, c, &bill,
	                         r->session.role == ROLE_PEER_TRAINEE);
}

/* The panel that says it, beside the fields billing reads; polite, so a
 * screen reader hears the change once the peer stops typing. */
static void billing_panel(struct req *r, const char *text)
{
	struct html *b = page_html(r);
	html_printf(b,
	            "<div class=\"usa-summary-box margin-bottom-3\" "
	            "role=\"region\" aria-labelledby=\"billing-heading\">"
	            "<div class=\"usa-summary-box__body\"><h2 "
	            "class=\"usa-summary-box__heading\" "
	            "id=\"billing-heading\">Billing</h2><p "
	            "class=\"usa-summary-box__text margin-bottom-0\" "
	            "id=\"billing-preview\" aria-live=\"polite\">%s</p></div>"
	            "</div>\n",
	            text);
}

/* Signing is final, so it is asked once more.  With JavaScript the sign
 * button opens the dialog (note-billing.js); without it the server shows
 * the form again with this box in the buttons' place (?confirm=1).
 * Either way "Yes, sign the note" sends action=sign_confirmed. */
static const char final_words[] =
    "Signing is final: a signed note cannot be changed, only corrected with "
    "an addendum.";

static void sign_buttons(struct req *r, bool confirm, const char *billing)
{
	struct html *b = page_html(r);
	html_raw(b, "<p id=\"autosave-status\" class=\"usa-hint\" "
	            "role=\"status\"></p>");
	if (confirm) {
		html_printf(
		    b,
		    "<section class=\"usa-summary-box margin-bottom-2\" "
		    "id=\"sign-confirm\" aria-labelledby=\"sign-confirm-"
		    "heading\"><div class=\"usa-summary-box__body\"><h2 "
		    "class=\"usa-summary-box__heading\" "
		    "id=\"sign-confirm-heading\">Sign this note?</h2><p>%s</p>"
		    "<p>%s</p><button class=\"usa-button\" "
		    "type=\"submit\" name=\"action\" value=\"sign_confirmed\">"
		    "Yes, sign the note</button><button class=\"usa-button "
		    "usa-button--outline\" type=\"submit\" name=\"action\" "
		    "value=\"draft\">Not yet: save the draft</button></div>"
		    "</section></form>\n",
		    final_words, billing);
		return;
	}
	html_printf(
	    b,
	    "<button class=\"usa-button\" type=\"submit\" name=\"action\" "
	    "value=\"sign\" id=\"sign-button\">Sign the note</button>"
	    "<button class=\"usa-button usa-button--outline\" "
	    "type=\"submit\" name=\"action\" value=\"draft\">Save "
	    "draft</button><dialog id=\"sign-dialog\" "
	    "class=\"waypoint-dialog\" aria-labelledby=\"sign-dialog-title\" "
	    "aria-describedby=\"sign-dialog-text\"><h2 "
	    "id=\"sign-dialog-title\">Sign this note?</h2><p "
	    "id=\"sign-dialog-text\">%s</p><p "
	    "id=\"sign-dialog-billing\">%s</p><button class=\"usa-button\" "
	    "type=\"submit\" name=\"action\" value=\"sign_confirmed\">Yes, "
	    "sign the note</button><button class=\"usa-button "
	    "usa-button--outline\" type=\"button\" id=\"sign-cancel\" "
	    "autofocus>Not yet</button></dialog></form>\n",
	    final_words, billing);
}

static void contact_form(struct req *r, int status, const struct contact *c,
                         const struct field_error *e, const char *notice,
                         bool confirm)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Record a contact", "persons");
	html_raw(b, "<h1>Record a contact</h1>\n");
	if (notice) {
		html_printf(
		    b,
		    "<div class=\"usa-alert usa-alert--info "
		    "usa-alert--slim\"><div class=\"usa-alert__body\"><p "
		    "class=\"usa-alert__text\">%s</p></div></div>\n",
		    notice);
	}
	if (e)
		form_error_summary(b, e,
		                   fields_label(contact_fields,
		                                contact_field_count, e->field));
#define ERR(f) field_error_for(e, f)
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" "
	            "id=\"contact-form\" method=\"post\" "
	            "action=\"/persons/%lld/contacts\" data-person=\"%lld\">",
	            (long long)r->person_id, (long long)r->person_id);
	form_csrf(r);
	form_required_note(b);
	html_raw(b, "<input type=\"hidden\" name=\"draft_id\" value=\"");
	if (c->id)
		html_printf(b, "%lld", (long long)c->id);
	html_raw(b, "\">");
	form_select(
	    b,
	    &(struct form_field){
	        "kind", "Kind of contact", c->kind, NULL, ERR("kind"), NULL,
	        fields_required(contact_fields, contact_field_count, "kind")},
	    contact_kind_choices, contact_kind_count);
	form_input(b,
	           &(struct form_field){"contact_on", "Date", c->contact_on,
	                                NULL, ERR("contact_on"), "off",
	                                fields_required(contact_fields,
	                                                contact_field_count,
	                                                "contact_on")},
	           "date");
	form_input(b,
	           &(struct form_field){"starts_at", "Start time", c->starts_at,
	                                NULL, ERR("starts_at"), "off",
	                                fields_required(contact_fields,
	                                                contact_field_count,
	                                                "starts_at")},
	           "time");
	form_input(b,
	           &(struct form_field){"ends_at", "End time", c->ends_at, NULL,
	                                ERR("ends_at"), "off",
	                                fields_required(contact_fields,
	                                                contact_field_count,
	                                                "ends_at")},
	           "time");
	form_select(b,
	            &(struct form_field){"location", "Where", c->location, NULL,
	                                 ERR("location"), NULL,
	                                 fields_required(contact_fields,
	                                                 contact_field_count,
	                                                 "location")},
	            contact_locations, contact_location_count);
	goal_boxes(r, c->goals, e);
	referral_boxes(r, c->id, r->method == HTTP_POST, e);
	const char *billing = billing_text(r, c, e);
	billing_panel(r, billing);
	form_textarea(
	    b, &(struct form_field){
	           "did_together", "What we did together", c->did_together,
	           "In plain words, as you would tell the person.",
	           ERR("did_together"), NULL,
	           fields_required(contact_fields, contact_field_count,
	                           "did_together")});
	form_textarea(b, &(struct form_field){
	                     "response", "How the person responded",
	                     c->response, NULL, ERR("response"), NULL,
	                     fields_required(contact_fields,
	                                     contact_field_count, "response")});
	form_textarea(b,
	              &(struct form_field){
	                  "next_steps", "Next steps", c->next_steps, NULL,
	                  ERR("next_steps"), NULL,
	                  fields_required(contact_fields, contact_field_count,
	                                  "next_steps")});
	form_textarea(
	    b, &(struct form_field){
	           "team_notice", "What the team should know", c->team_notice,
	           "Optional: anything you noticed that the team "
	           "should know.",
	           ERR("team_notice"), NULL,
	           fields_required(contact_fields, contact_field_count,
	                           "team_notice")});
	const char *miles =
	    c->miles_tenths
	        ? arena_sprintf(&r->arena, "%d.%d", c->miles_tenths / 10,
	                        c->miles_tenths % 10)
	        : "";
	form_input(
	    b,
	    &(struct form_field){
	        "miles", "Miles driven", miles, "Transportation only.",
	        ERR("miles"), "off",
	        fields_required(contact_fields, contact_field_count, "miles")},
	    "text");
#undef ERR
	sign_buttons(r, confirm, billing);
	page_script(r, "note-autosave.js");
	page_script(r, "note-billing.js");
	page_end(r);
	reply_html(r, status);
}

/* GET /persons/{id}/contacts/new[?draft=ID] — the newest unfinished draft
 * of this staff member for this person comes back. */
void contact_new_page(struct req *r)
{
	struct contact c = {0};
	int64_t id = 0;
	const char *notice = NULL;
	const char *want = req_query(r, "draft");
	enum db_status s;
	if (want && text_to_id(want, &id)) {
		s = contact_get(r->db, &r->arena, r->person_id, id, &c);
		if (s == DB_ROW && (strcmp(c.state, "draft") ||
		                    c.staff_id != r->session.user_id))
			s = DB_DONE;
	} else {
		s = contact_draft_find(r->db, &r->arena, r->person_id,
		                       r->session.user_id, &c);
	}
	/* ?confirm=1: the sign button was pressed without JavaScript and
	 * the draft saved; the buttons ask once more (sign_buttons) */
	bool confirm = s == DB_ROW && want && req_query(r, "confirm");
	if (confirm) {
		notice = NULL;
	} else if (s == DB_ROW && !strcmp(c.cosign_state, "returned")) {
		notice = arena_sprintf(&r->arena,
		                       "%s returned this note for correction: "
		                       "“%s” Correct it and sign it again; it "
		                       "goes back to them for co-signature.",
		                       c.cosigned_by_name, c.cosign_comment);
	} else if (s == DB_ROW) {
		notice =
		    arena_sprintf(&r->arena,
		                  "Your unfinished note, last saved %s, "
		                  "is back: go on where you left off.",
		                  zone_stamp_text(&r->arena, zone_of_request(r),
		                                  c.updated_at));
	} else if (s == DB_DONE) {
		c = (struct contact){.kind = "individual",
		                     .contact_on = request_today(r),
		                     .location = "community",
		                     .goals = "[]"};
	} else {
		reply_db_failure(r);
		return;
	}
	contact_form(r, 200, &c, NULL, notice, confirm);
}

/* The form's fields into c; miles and goal numbers by their own code. */
static int contact_from_form(struct req *r, struct contact *c,
                             struct field_error *e)
{
	fields_from_form(r, contact_fields, contact_field_count, c);
	c->visitor_name = ""; /* a person's contact names the person */
	int64_t id = 0;
	const char *draft = req_form_text(r, "draft_id");
	if (*draft && !text_to_id(draft, &id))
		return field_fail(e, "draft_id", "That draft is not known.");
	c->id = id;
	const char *miles = req_form_text(r, "miles");
	char *end;
	double m = *miles ? strtod(miles, &end) : 0;
	if (*miles && (*end || m < 0 || m > 1000))
		return field_fail(e, "miles",
		                  "Miles: a number from 0 to 1000, like 12.5.");
	c->miles_tenths = (int)(m * 10 + 0.5);
	int numbers[FORM_GOALS_MAX], n = 0;
	for (size_t i = 0; i < r->form.count; i++) {
		struct kv *f = &r->form.items[i];
		int64_t g;
		if (strcmp(f->name, "goal"))
			continue;
		if (n >= FORM_GOALS_MAX || !text_to_id(f->value, &g) ||
		    g > FORM_GOALS_MAX)
			return field_fail(e, "goals",
			                  "Plan goals: choose goals from the "
			                  "person's recovery plan.");
		numbers[n++] = (int)g;
	}
	return contact_goal_words(r->db, &r->arena, r->person_id, numbers, n,
	                          &c->goals, e);
}

/* POST /persons/{id}/contacts — save the draft.  action=sign asks first
 * (it is checked as for signing, saved, and the form comes back asking:
 * ?confirm=1); action=sign_confirmed — the dialog's or that question's
 * "Yes, sign the note" — signs it. */
void contact_submit(struct req *r)
{
	struct contact c = {.person_id = r->person_id,
	                    .staff_id = r->session.user_id};
	struct field_error e;
	const char *zone = zone_of_request(r);
	const char *action = req_form_text(r, "action");
	bool sign = !strcmp(action, "sign_confirmed");
	bool ask = !strcmp(action, "sign");
	int64_t refs[REFERRAL_LINKS_MAX];
	int nrefs = 0;
	bool refused = false;
	if (contact_from_form(r, &c, &e) ||
	    contact_validate(&r->arena, &c, zone, sign || ask, &e) ||
	    referral_ids_from_form(r, refs, &nrefs, &e)) {
		if (!c.goals)
			c.goals = "[]";
		contact_form(r, 400, &c, &e, NULL, false);
		return;
	}
	int64_t typed_id = c.id; /* a refusal below undoes the save */
	enum db_status s = contact_save_draft(r->db, &c);
	if (s == DB_OK && (referral_link_contact(r, c.id, refs, nrefs, &refused,
	                                         &e) == ANSWERED ||
	                   refused)) {
		c.id = typed_id;
		if (refused)
			contact_form(r, 400, &c, &e, NULL, false);
		return;
	}
	if (s == DB_OK && sign)
		s = contact_sign(
		    r->db, &r->arena, r->person_id, c.id, r->session.user_id,
		    r->session.role == ROLE_PEER_TRAINEE, zone, &e);
	if (s == DB_DONE) {
		e = (struct field_error){
		    .field = "draft_id",
		    .message = "This note was signed already: open "
		               "it to add an addendum."};
		contact_form(r, 409, &c, &e, NULL, false);
		return;
	}
	if (s != DB_OK) {
		reply_db_failure(r);
		return;
	}
	if (sign)
		reply_redirect(
		    r, arena_sprintf(&r->arena, "/persons/%lld/contacts/%lld",
		                     (long long)r->person_id, (long long)c.id));
	else
		reply_redirect(
		    r, arena_sprintf(&r->arena,
		                     "/persons/%lld/contacts/new?draft=%lld%s",
		                     (long long)r->person_id, (long long)c.id,
		                     ask ? "&confirm=1#sign-confirm" : ""));
}
