/* supervision_pages.c — the supervisor's page (the review queue, oldest
 * first with its age; the supervision log) and the same in the API. */
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../cosign/cosign.h"
#include "../plans/plan.h"
#include "../notes/contact.h"
#include "../programs/program_zone.h"
#include "../people/transfer.h"
#include "supervision.h"

#include <string.h>

/* The queue shows persons' names: reading it is audited. */
static enum answer load_queue(struct req *r, struct review_item **list, int *n)
{
	if (review_queue(r->db, &r->arena, r->session.user_id, list, n) !=
	    DB_DONE) {
		reply_db_failure(r);
		return ANSWERED;
	}
	if (!req_audit(r, &(struct audit_entry){"read", "supervision_queue", "",
	                                        0, "success", ""})) {
		reply_audit_unavailable(r, NULL);
		return ANSWERED;
	}
	return GO_ON;
}

static const char *what(const struct review_item *x)
{
	if (strcmp(x->kind, "note"))
		return "Recovery plan change";
	const struct contact_kind *k = contact_kind_find(x->summary);
	return k ? k->label : "Note";
}

static void queue_table(struct req *r, const struct review_item *list, int n)
{
	struct html *b = page_html(r);
	html_raw(b, "<h2>Waiting for your co-signature</h2>\n");
	if (!n) {
		html_raw(b, "<p>Nothing is waiting.</p>\n");
		return;
	}
	html_raw(b, "<ul class=\"usa-list usa-list--unstyled\">");
	for (int i = 0; i < n; i++) {
		const struct review_item *x = &list[i];
		html_printf(b,
		            "<li class=\"usa-summary-box "
		            "margin-bottom-2\"><p><strong>%s</strong> of %s "
		            "for %s by %s — waiting %s</p>",
		            what(x), x->on, x->person_name, x->author_name,
		            review_age(&r->arena, x->since));
		if (!strcmp(x->kind, "note")) {
			html_printf(b,
			            "<p><a class=\"usa-link\" "
			            "href=\"/persons/%lld/contacts/%lld\">"
			            "Review the note</a></p>",
			            (long long)x->person_id, (long long)x->id);
		} else {
			html_printf(b,
			            "<p><a class=\"usa-link\" "
			            "href=\"/persons/%lld/plan\">Open the "
			            "plan</a> (version %lld: %s)</p><form "
			            "class=\"usa-form\" method=\"post\" "
			            "action=\"/persons/%lld/plan/versions/%lld/"
			            "cosign\">",
			            (long long)x->person_id, (long long)x->id,
			            x->summary, (long long)x->person_id,
			            (long long)x->id);
			form_csrf(r);
			html_printf(
			    b,
			    "<label class=\"usa-label\" "
			    "for=\"comment-%d\">Comment for the trainee "
			    "(needed to return it)</label><textarea "
			    "class=\"usa-textarea\" rows=\"2\" "
			    "id=\"comment-%d\" "
			    "name=\"comment\"></textarea><button "
			    "class=\"usa-button\" type=\"submit\" "
			    "name=\"decision\" "
			    "value=\"cosign\">Co-sign</button><button "
			    "class=\"usa-button usa-button--outline\" "
			    "type=\"submit\" name=\"decision\" "
			    "value=\"return\">Return</button></form>",
			    i, i);
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>\n");
}

static void session_form(struct req *r, const struct field_error *e,
                         const struct supervision_session *d)
{
	struct html *b = page_html(r);
	struct choice *people;
	int n = 0;
	supervisees(r->db, &r->arena, r->session.user_id, &people, &n);
#define ERR(f) field_error_for(e, f)
	html_raw(b, "<h2>Log a supervision session</h2>\n");
	if (e)
		form_error_summary(b, e,
		                   fields_label(supervision_session_fields,
		                                supervision_session_field_count,
		                                e->field));
	html_raw(b, "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/supervision/sessions\">");
	form_csrf(r);
	form_required_note(b);
	form_select(b,
	            &(struct form_field){
	                "supervisee_id", "Supervisee",
	                d ? arena_sprintf(&r->arena, "%lld",
	                                  (long long)d->supervisee_id)
	                  : NULL,
	                NULL, ERR("supervisee_id"), NULL,
	                fields_required(supervision_session_fields,
	                                supervision_session_field_count,
	                                "supervisee_id")},
	            people, n);
	form_input(
	    b,
	    &(struct form_field){
	        "held_on", "Date", d ? d->held_on : NULL, NULL, ERR("held_on"),
	        "off",
	        fields_required(supervision_session_fields,
	                        supervision_session_field_count, "held_on")},
	    "date");
	form_input(
	    b,
	    &(struct form_field){
	        "minutes", "Duration in minutes",
	        d && d->minutes
	            ? arena_sprintf(&r->arena, "%lld", (long long)d->minutes)
	            : NULL,
	        NULL, ERR("minutes"), "off",
	        fields_required(supervision_session_fields,
	                        supervision_session_field_count, "minutes")},
	    "number");
	form_textarea(
	    b, &(struct form_field){
	           "topics", "Topics", d ? d->topics : NULL, NULL,
	           ERR("topics"), NULL,
	           fields_required(supervision_session_fields,
	                           supervision_session_field_count, "topics")});
#undef ERR
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Log the "
	            "session</button></form>\n");
}

static void sessions_list(struct req *r)
{
	struct html *b = page_html(r);
	struct supervision_session *list;
	int n;
	if (supervision_sessions(r->db, &r->arena, r->session.user_id, &list,
	                         &n) != DB_DONE ||
	    !n)
		return;
	html_raw(b, "<h2>Sessions you logged</h2>\n<ul class=\"usa-list\">");
	for (int i = 0; i < n; i++) {
		html_printf(b, "<li>%s, %s, %lld minutes: %s</li>",
		            list[i].held_on, list[i].supervisee_name,
		            (long long)list[i].minutes, list[i].topics);
	}
	html_raw(b, "</ul>\n");
}

static void supervision_view(struct req *r, int status,
                             const struct field_error *e,
                             const struct supervision_session *d)
{
	struct review_item *list;
	int n;
	if (load_queue(r, &list, &n) == ANSWERED)
		return;
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Supervision", "supervision");
	html_raw(b, "<h1>Supervision</h1>\n<p>Trainees' signed notes and "
	            "plan changes on your teams, oldest first. A note counts, "
	            "and is billed, once you co-sign it.</p>\n");
	queue_table(r, list, n);
	transfers_in_section(r);
	session_form(r, e, d);
	sessions_list(r);
	page_end(r);
	reply_html(r, status);
}

/* GET /supervision */
void supervision_page(struct req *r)
{
	supervision_view(r, 200, NULL, NULL);
}

static const char *const not_supervisee =
    "Supervisee: a peer or trainee on one of your teams.";

/* POST /supervision/sessions */
void supervision_session_submit(struct req *r)
{
	struct supervision_session d = {0};
	struct field_error e;
	int64_t id;
	fields_from_form(r, supervision_session_fields,
	                 supervision_session_field_count, &d);
	if (supervision_validate(&r->arena, &d, zone_of_request(r), &e)) {
		supervision_view(r, 400, &e, &d);
		return;
	}
	enum db_status s = supervision_log(r->db, r->session.user_id, &d, &id);
	if (s == DB_DONE) {
		e = (struct field_error){.field = "supervisee_id",
		                         .message = not_supervisee};
		supervision_view(r, 400, &e, &d);
	} else if (s != DB_OK) {
		reply_db_failure(r);
	} else {
		reply_redirect(r, "/supervision");
	}
}

/* POST /persons/{id}/plan/versions/{n}/cosign — from the queue */
void plan_cosign_submit(struct req *r)
{
	struct cosign_decision d = {0};
	struct field_error e;
	int64_t n = req_id(r, "n");
	if (n > 1000000) {
		reply_error(r, 404, "not_found", "There is no such version.",
		            NULL);
		return;
	}
	if (cosign_decision_from_form(r, &d, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	enum db_status s =
	    plan_cosign(r->db, r->person_id, (int)n, r->session.user_id,
	                d.approve, d.comment);
	if (s == DB_OK || s == DB_DONE)
		reply_redirect(r, "/supervision");
	else
		reply_db_failure(r);
}

/* GET /api/v1/supervision/queue — oldest first */
void supervision_api_queue(struct req *r)
{
	struct review_item *list;
	int n;
	if (load_queue(r, &list, &n) == ANSWERED)
		return;
	struct buf *b = &r->out;
	buf_reset(b);
	json_raw(b, "{\"items\":[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(b, ",");
		json_raw(b, "{\"kind\":");
		json_text(b, list[i].kind);
		json_raw(b, ",\"id\":");
		json_int(b, list[i].id);
		json_raw(b, ",\"person_id\":");
		json_int(b, list[i].person_id);
		json_raw(b, ",\"person\":");
		json_text(b, list[i].person_name);
		json_raw(b, ",\"author\":");
		json_text(b, list[i].author_name);
		json_raw(b, ",\"since\":");
		json_text(b, list[i].since);
		json_raw(b, ",\"age\":");
		json_text(b, review_age(&r->arena, list[i].since));
		json_raw(b, ",\"summary\":");
		json_text(b, list[i].summary);
		json_raw(b, ",\"on\":");
		json_text(b, list[i].on);
		json_raw(b, "}");
	}
	json_raw(b, "],\"next_cursor\":null}");
	reply_json_written(r, 200);
}

static void session_json(struct buf *b, const void *item)
{
	json_object_begin(b);
	fields_json(b, supervision_session_fields,
	            supervision_session_field_count, item);
	json_object_end(b);
}

/* GET /api/v1/supervision/sessions — the newest the supervisor logged */
void supervision_api_sessions(struct req *r)
{
	struct supervision_session *list;
	int n;
	if (supervision_sessions(r->db, &r->arena, r->session.user_id, &list,
	                         &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	api_list_whole(r, list, sizeof *list, n, session_json);
}

/* POST /api/v1/supervision/sessions {supervisee_id, held_on, minutes,
 * topics} → 201 */
void supervision_api_log(struct req *r)
{
	struct supervision_session d = {0};
	struct field_error e;
	int64_t id;
	if (fields_from_json(r, supervision_session_fields,
	                     supervision_session_field_count, NULL,
	                     &d) == ANSWERED)
		return;
	if (supervision_validate(&r->arena, &d, zone_of_request(r), &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	enum db_status s = supervision_log(r->db, r->session.user_id, &d, &id);
	if (s == DB_DONE)
		reply_error(r, 400, "invalid", not_supervisee, "supervisee_id");
	else if (s != DB_OK)
		reply_db_failure(r);
	else
		api_reply_id(r, 201, id);
}
