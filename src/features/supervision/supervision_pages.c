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
#include "supervision_hours.h"

#include <stdio.h>

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

/* The group's supervisees: a checkbox each (ids unique per person). */
static void group_boxes(struct req *r, const struct choice *people, int n,
                        const struct supervision_who *w, const char *error)
{
	struct html *b = page_html(r);
	html_printf(b,
	            "<div class=\"usa-form-group%s\"><fieldset "
	            "class=\"usa-fieldset\" id=\"supervisee_ids\"%s><legend "
	            "class=\"usa-legend\">Supervisees (a group session: two or "
	            "more)</legend>",
	            error ? " usa-form-group--error" : "",
	            error ? " aria-describedby=\"supervisee_ids-error\"" : "");
	if (error)
		html_printf(b,
		            "<span class=\"usa-error-message\" "
		            "id=\"supervisee_ids-error\">%s</span>",
		            error);
	for (int i = 0; i < n; i++) {
		bool on = false;
		for (int j = 0; w && j < w->n; j++)
			on |= !strcmp(arena_sprintf(&r->arena, "%lld",
			                            (long long)w->ids[j]),
			              people[i].code);
		html_printf(
		    b,
		    "<div class=\"usa-checkbox\"><input "
		    "class=\"usa-checkbox__input\" type=\"checkbox\" "
		    "id=\"supervisee_ids-%s\" name=\"supervisee_ids\" "
		    "value=\"%s\"%s><label class=\"usa-checkbox__label\" "
		    "for=\"supervisee_ids-%s\">%s</label></div>",
		    people[i].code, people[i].code, on ? " checked" : "",
		    people[i].code, people[i].label);
	}
	html_raw(b, "</fieldset></div>");
}

static void session_form(struct req *r, const struct field_error *e,
                         const struct supervision_session *d,
                         const struct supervision_who *w)
{
	struct html *b = page_html(r);
	struct choice *people;
	int n = 0;
	supervisees(r->db, &r->arena, r->session.user_id, &people, &n);
#define ERR(f) field_error_for(e, f)
#define REQ(f)                                                                 \
	fields_required(supervision_session_fields,                            \
	                supervision_session_field_count, f)
	html_raw(b, "<h2>Log a supervision session</h2>\n");
	if (e)
		form_error_summary(
		    b, e,
		    !strcmp(e->field, "supervisee_ids")
		        ? "Supervisees"
		        : fields_label(supervision_session_fields,
		                       supervision_session_field_count,
		                       e->field));
	html_raw(b, "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/supervision/sessions\">");
	form_csrf(r);
	form_required_note(b);
	form_radios(b,
	            &(struct form_field){"kind", "Kind",
	                                 d && *d->kind ? d->kind : "individual",
	                                 NULL, ERR("kind"), NULL, true},
	            supervision_kinds, supervision_kind_count);
	form_select(b,
	            &(struct form_field){
	                "supervisee_id", "Supervisee (an individual session)",
	                d && d->supervisee_id && strcmp(d->kind, "group")
	                    ? arena_sprintf(&r->arena, "%lld",
	                                    (long long)d->supervisee_id)
	                    : NULL,
	                NULL, ERR("supervisee_id"), NULL, false},
	            people, n);
	group_boxes(r, people, n, w, ERR("supervisee_ids"));
	form_input(b,
	           &(struct form_field){"held_on", "Date",
	                                d ? d->held_on : NULL, NULL,
	                                ERR("held_on"), "off", REQ("held_on")},
	           "date");
	form_input(b,
	           &(struct form_field){
	               "minutes", "Duration in minutes",
	               d && d->minutes ? arena_sprintf(&r->arena, "%lld",
	                                               (long long)d->minutes)
	                               : NULL,
	               "From 1 to 600.", ERR("minutes"), "off", REQ("minutes")},
	           "number");
	form_textarea(
	    b, &(struct form_field){"topics", "Topics", d ? d->topics : NULL,
	                            NULL, ERR("topics"), NULL, REQ("topics")});
	form_textarea(b, &(struct form_field){"notes", "Notes",
	                                      d ? d->notes : NULL, NULL,
	                                      ERR("notes"), NULL, false});
	form_textarea(b, &(struct form_field){"actions", "Follow-up actions",
	                                      d ? d->actions : NULL, NULL,
	                                      ERR("actions"), NULL, false});
#undef ERR
#undef REQ
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
		html_printf(b, "<li>%s, %s%s, %lld minutes: %s%s</li>",
		            list[i].held_on, list[i].supervisee_name,
		            list[i].group_id ? " (group)" : "",
		            (long long)list[i].minutes, list[i].topics,
		            *list[i].acknowledged_at ? " (acknowledged)" : "");
	}
	html_raw(b, "</ul>\n");
}

/* Hours per supervisee on the supervisor's teams, for certification. */
static void totals_section(struct req *r)
{
	struct html *b = page_html(r);
	struct supervision_period p;
	struct field_error e;
	struct supervision_total *t;
	int n = 0;
	int bad = supervision_period_read(r, &p, &e);
	html_raw(b, "<h2 id=\"hours\">Supervised hours</h2>");
	if (bad) {
		form_error_summary(b, &e, NULL);
		snprintf(p.from, sizeof p.from, "%s", p.year_from);
		snprintf(p.to, sizeof p.to, "%s", p.today);
		p.chosen = false;
	}
	html_raw(b, "<form class=\"usa-form\" method=\"get\" "
	            "action=\"/supervision\"><fieldset class=\"usa-fieldset\">"
	            "<legend class=\"usa-legend\">Period</legend>");
	form_input(b,
	           &(struct form_field){
	               "from", "From", p.chosen ? p.from : req_query(r, "from"),
	               NULL, bad ? field_error_for(&e, "from") : NULL, "off",
	               false},
	           "date");
	form_input(b,
	           &(struct form_field){
	               "to", "To", p.chosen ? p.to : req_query(r, "to"), NULL,
	               bad ? field_error_for(&e, "to") : NULL, "off", false},
	           "date");
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Show the "
	            "period</button></fieldset></form>");
	if (supervision_totals(r->db, &r->arena, r->session.user_id, 0, &p, &t,
	                       &n) != DB_DONE ||
	    !n) {
		html_raw(b, "<p>No peer or trainee is on your teams.</p>");
		return;
	}
	supervision_totals_table(r, t, n, &p, true);
}

static void supervision_view(struct req *r, int status,
                             const struct field_error *e,
                             const struct supervision_session *d,
                             const struct supervision_who *w)
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
	session_form(r, e, d, w);
	totals_section(r);
	sessions_list(r);
	page_end(r);
	reply_html(r, status);
}

/* GET /supervision?from=&to= */
void supervision_page(struct req *r)
{
	supervision_view(r, 200, NULL, NULL, NULL);
}

static const char *const not_supervisee =
    "Supervisee: an enabled peer or trainee on one of your teams.";

/* POST /supervision/sessions */
void supervision_session_submit(struct req *r)
{
	struct supervision_session d = {0};
	struct supervision_who w;
	struct field_error e;
	int64_t id, bad;
	fields_from_form(r, supervision_session_fields,
	                 supervision_session_field_count, &d);
	supervision_who_from_form(r, &w);
	/* the form sends the kind; a group's select is left at none */
	if (!strcmp(d.kind, "group"))
		d.supervisee_id = 0;
	else if (!strcmp(d.kind, "individual"))
		w = (struct supervision_who){0};
	if (supervision_validate(&r->arena, &d, &w, r->session.user_id,
	                         zone_of_request(r), &e)) {
		supervision_view(r, 400, &e, &d, &w);
		return;
	}
	struct actor who = req_actor(r);
	enum db_status s =
	    supervision_log(r->db, &who, r->session.user_id, &d, &w, &id, &bad);
	if (s == DB_DONE) {
		bool group = !strcmp(d.kind, "group");
		e = (struct field_error){.field = group ? "supervisee_ids"
		                                        : "supervisee_id",
		                         .message = not_supervisee};
		supervision_view(r, 400, &e, &d, &w);
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
	struct supervision_session x =
	    *(const struct supervision_session *)item;
	if (!*x.acknowledged_at)
		x.acknowledged_at = NULL;
	json_object_begin(b);
	fields_json(b, supervision_session_fields,
	            supervision_session_field_count, &x);
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

/* POST /api/v1/supervision/sessions {kind, supervisee_id | supervisee_ids,
 * held_on, minutes, topics, notes, actions} → 201 {"id"} (a group's:
 * {"id", "group_id", "ids"}, one row a supervisee) */
void supervision_api_log(struct req *r)
{
	static const char *const extra[] = {"supervisee_ids", NULL};
	struct supervision_session d = {0};
	struct supervision_who w;
	struct field_error e;
	int64_t id, bad;
	if (fields_from_json(r, supervision_session_fields,
	                     supervision_session_field_count, extra,
	                     &d) == ANSWERED)
		return;
	if (supervision_who_from_json(r, &w, &e) ||
	    supervision_validate(&r->arena, &d, &w, r->session.user_id,
	                         zone_of_request(r), &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	struct actor who = req_actor(r);
	enum db_status s =
	    supervision_log(r->db, &who, r->session.user_id, &d, &w, &id, &bad);
	bool group = !strcmp(d.kind, "group");
	if (s == DB_DONE) {
		reply_error(r, 400, "invalid",
		            arena_sprintf(&r->arena, "%s (not %lld)",
		                          not_supervisee, (long long)bad),
		            group ? "supervisee_ids" : "supervisee_id");
		return;
	}
	if (s != DB_OK) {
		reply_db_failure(r);
		return;
	}
	if (!group) {
		api_reply_id(r, 201, id);
		return;
	}
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	json_field_int(b, "id", id);
	json_field_int(b, "group_id", id);
	json_field(b, "ids");
	json_raw(b, "[");
	/* one row a supervisee, in the order given */
	struct db_stmt *st = db_query(r->db,
	                              "SELECT id FROM supervision_sessions"
	                              " WHERE group_id = ? ORDER BY id",
	                              DB_INT(id));
	for (int i = 0; db_row(st); i++) {
		if (i)
			json_raw(b, ",");
		json_int(b, db_column_int(st, 0));
	}
	if (db_end(r->db, st) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	json_raw(b, "]");
	json_object_end(b);
	reply_json_written(r, 201);
}
