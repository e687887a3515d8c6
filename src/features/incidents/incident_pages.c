/* incident_pages.c — incident reports as pages: the list of those one may
 * read, the form (kept as a draft until submitted), and the report with
 * the review steps for supervisors and program managers. */
#include "../../core/text.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "incident.h"
#include "incident_audit.h"
#include "../programs/program_zone.h"

#include <string.h>

static void incident_form(struct req *r, const struct incident *x,
                          const struct field_error *e)
{
	struct html *b = page_html(r);
#define ERR(f) field_error_for(e, f)
	if (e)
		form_error_summary(b, e,
		                   fields_label(incident_fields,
		                                incident_field_count,
		                                e->field));
	html_raw(b, "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "data-draft action=\"/incidents");
	if (x->id)
		html_printf(b, "/%lld", (long long)x->id);
	html_raw(b, "\">");
	form_csrf(r);
	form_required_note(b);
	form_input(b,
	           &(struct form_field){
	               "occurred_at", "When it happened", x->occurred_at, NULL,
	               ERR("occurred_at"), "off",
	               fields_required(incident_fields, incident_field_count,
	                               "occurred_at")},
	           "datetime-local");
	form_text(b, &(struct form_field){"location", "Where", x->location,
	                                  NULL, ERR("location"), "off",
	                                  fields_required(incident_fields,
	                                                  incident_field_count,
	                                                  "location")});
	form_textarea(
	    b, &(struct form_field){
	           "people_involved", "People involved", x->people_involved,
	           NULL, ERR("people_involved"), NULL,
	           fields_required(incident_fields, incident_field_count,
	                           "people_involved")});
	form_textarea(b,
	              &(struct form_field){
	                  "what_happened", "What happened", x->what_happened,
	                  NULL, ERR("what_happened"), NULL,
	                  fields_required(incident_fields, incident_field_count,
	                                  "what_happened")});
	form_textarea(b,
	              &(struct form_field){
	                  "actions_taken", "Actions taken", x->actions_taken,
	                  NULL, ERR("actions_taken"), NULL,
	                  fields_required(incident_fields, incident_field_count,
	                                  "actions_taken")});
	form_textarea(b,
	              &(struct form_field){
	                  "notified", "Who was notified", x->notified, NULL,
	                  ERR("notified"), NULL,
	                  fields_required(incident_fields, incident_field_count,
	                                  "notified")});
#undef ERR
	html_raw(b, "<button class=\"usa-button\" type=\"submit\" "
	            "name=\"action\" value=\"submit\">Submit the report"
	            "</button><button class=\"usa-button usa-button--outline\" "
	            "type=\"submit\" name=\"action\" value=\"draft\">Save draft"
	            "</button></form>\n");
}

static void row(struct html *b, const char *label, const char *value)
{
	html_printf(b, "<dt>%s</dt><dd>%s</dd>", label, *value ? value : "—");
}

static void incident_view(struct req *r, int status, const struct incident *x,
                          const struct field_error *e)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Incident report", "incidents");
	if (!x->id) {
		html_raw(b, "<h1>New incident report</h1>\n<p>Only you, "
		            "supervisors and program managers can read it. It "
		            "stays a draft until you submit it.</p>\n");
		incident_form(r, x, e);
		page_end(r);
		reply_html(r, status);
		return;
	}
	html_printf(
	    b,
	    "<h1>Incident report %lld</h1>\n<p class=\"usa-intro\">%s · by "
	    "%s</p>\n",
	    (long long)x->id,
	    choice_label(incident_states, incident_state_count, x->state),
	    x->author_name);
	if (!strcmp(x->state, "draft") && x->author_id == r->session.user_id) {
		incident_form(r, x, e);
	} else {
		html_raw(b, "<dl>");
		row(b, "When it happened", x->occurred_at);
		row(b, "Where", x->location);
		row(b, "People involved", x->people_involved);
		row(b, "What happened", x->what_happened);
		row(b, "Actions taken", x->actions_taken);
		row(b, "Who was notified", x->notified);
		row(b, "Submitted",
		    zone_stamp_text(&r->arena, zone_of_request(r),
		                    x->submitted_at));
		row(b, "Review note", x->review_note);
		html_raw(b, "</dl>\n");
	}
	const char *next = !strcmp(x->state, "submitted")      ? "under_review"
	                   : !strcmp(x->state, "under_review") ? "closed"
	                                                       : NULL;
	if (next && incident_reviewer(r->role)) {
		html_printf(b,
		            "<form class=\"usa-form\" method=\"post\" "
		            "action=\"/incidents/%lld/state\">",
		            (long long)x->id);
		form_csrf(r);
		form_required_note(b);
		html_printf(
		    b, "<input type=\"hidden\" name=\"state\" value=\"%s\">",
		    next);
		form_textarea(
		    b, &(struct form_field){
		           "note", "Review note", NULL, "Optional.", NULL, NULL,
		           fields_required(incident_fields,
		                           incident_field_count, "note")});
		html_raw(b, "<button class=\"usa-button\" type=\"submit\">");
		if (!strcmp(next, "closed"))
			html_raw(b, "Close the report");
		else
			html_raw(b, "Start the review");
		html_raw(b, "</button></form>\n");
	}
	page_end(r);
	reply_html(r, status);
}

/* GET /incidents */
void incidents_page(struct req *r)
{
	struct incident *list;
	int n;
	if (incident_list(r->db, &r->arena, r->session.user_id, r->role, &list,
	                  &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	if (!incident_audit(r, "query", 0, true))
		return;
	const char *zone = zone_of_request(r);
	struct html *b = page_html(r);
	page_begin(r, "Incident reports", "incidents");
	html_raw(b, "<h1>Incident reports</h1>\n<p><a class=\"usa-button\" "
	            "href=\"/incidents/new\">Report an incident</a></p>\n"
	            "<ul class=\"usa-list\">");
	for (int i = 0; i < n; i++) {
		html_printf(
		    b,
		    "<li><a class=\"usa-link\" "
		    "href=\"/incidents/%lld\">%s, %s</a> — %s</li>",
		    (long long)list[i].id,
		    *list[i].occurred_at
		        ? list[i].occurred_at
		        : zone_stamp_text(&r->arena, zone, list[i].created_at),
		    list[i].location,
		    choice_label(incident_states, incident_state_count,
		                 list[i].state));
	}
	if (!n)
		html_raw(b, "<li>None you may read.</li>");
	html_raw(b, "</ul>\n");
	page_end(r);
	reply_html(r, 200);
}

/* GET /incidents/new */
void incident_new_page(struct req *r)
{
	struct incident x = {.occurred_at = "",
	                     .location = "",
	                     .people_involved = "",
	                     .what_happened = "",
	                     .actions_taken = "",
	                     .notified = ""};
	incident_view(r, 200, &x, NULL);
}

/* The report named in the path, if the requester may read it. */
static enum answer load(struct req *r, struct incident *x)
{
	int64_t id = req_id(r, "id");
	enum db_status s =
	    incident_get(r->db, &r->arena, id, r->session.user_id, r->role, x);
	if (!incident_audit(r, "read", id, s == DB_ROW))
		return ANSWERED;
	if (s == DB_DONE)
		reply_error(r, 404, "not_found",
		            "There is no such incident report.", NULL);
	else if (s != DB_ROW)
		reply_db_failure(r);
	return s == DB_ROW ? GO_ON : ANSWERED;
}

/* GET /incidents/{id} */
void incident_page(struct req *r)
{
	struct incident x;
	if (load(r, &x) == GO_ON)
		incident_view(r, 200, &x, NULL);
}

/* POST /incidents and POST /incidents/{id}: save the draft, or submit. */
static void save(struct req *r, int64_t id)
{
	struct incident x = {0};
	fields_from_form(r, incident_fields, incident_field_count, &x);
	x.id = id;
	x.author_id = r->session.user_id;
	bool submit = !strcmp(req_form_text(r, "action"), "submit");
	struct field_error e;
	if (incident_validate(&r->arena, &x, zone_of_request(r), submit, &e)) {
		x.state = "draft";
		x.author_name = "you";
		incident_view(r, 400, &x, &e);
		return;
	}
	if (incident_begin(r) == ANSWERED)
		return;
	enum db_status s =
	    id ? incident_update(r->db, &x) : incident_create(r->db, &x, &x.id);
	if (s == DB_OK && submit)
		s = incident_move(r->db, x.id, r->session.user_id, r->role,
		                  "submitted", "");
	if (incident_finish(r, s, id ? "update" : "create", x.id))
		reply_redirect(r, arena_sprintf(&r->arena, "/incidents/%lld",
		                                (long long)x.id));
}

void incident_create_page(struct req *r)
{
	save(r, 0);
}

void incident_update_page(struct req *r)
{
	save(r, req_id(r, "id"));
}

/* POST /incidents/{id}/state {state, note} — reviewers */
void incident_state_page(struct req *r)
{
	int64_t id = req_id(r, "id");
	struct incident_step step = {0};
	struct field_error e;
	fields_from_form(r, incident_step_fields, incident_step_field_count,
	                 &step);
	if (fields_validate(&r->arena, incident_step_fields,
	                    incident_step_field_count, &step, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	if (incident_begin(r) == ANSWERED)
		return;
	enum db_status s = incident_move(r->db, id, r->session.user_id, r->role,
	                                 step.state, step.note);
	if (incident_finish(r, s, "update", id))
		reply_redirect(r, arena_sprintf(&r->arena, "/incidents/%lld",
		                                (long long)id));
}
