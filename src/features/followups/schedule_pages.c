/* schedule_pages.c — a program's follow-up schedule and its "no contact
 * in N days" setting: the page program managers edit, and the API
 * (GET and PUT /api/v1/programs/{id}/followup-schedule). */
#include "../../handlers.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../people/enrollment.h"
#include "../programs/program.h"
#include "followup_schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERR(f) field_error_for(e, f)

/* The form's and the API's name for entry i of by_reason. */
static const char *days_field(struct arena *a, int i)
{
	return i ? arena_sprintf(a, "days_%s", discharge_reasons[i - 1].code)
	         : "days_default";
}

static const char *days_label(struct arena *a, int i)
{
	return i ? arena_sprintf(a, "After \"%s\"",
	                         discharge_reasons[i - 1].label)
	         : "Days after any discharge";
}

/* Reads "no_contact_days" text into s: 0, or -1 with a fault added. */
static int no_contact_parse(struct arena *a, const char *text,
                            struct followup_schedule *s, struct field_error *e)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (!*text || *end || v < 1 || v > NO_CONTACT_DAYS_MAX) {
		field_error_add(
		    e, "no_contact_days", "No contact in",
		    arena_sprintf(a,
		                  "No contact in: a whole number of "
		                  "days from 1 to %d.",
		                  NO_CONTACT_DAYS_MAX));
		return -1;
	}
	s->no_contact_days = (int)v;
	return 0;
}

/* Reads one list of days into entry i: every fault is added to *e. */
static void days_parse(struct arena *a, const char *text, int i,
                       struct followup_schedule *s, struct field_error *e)
{
	struct field_error one;
	const char *field = days_field(a, i), *label = days_label(a, i);
	if (followup_days_parse(a, text, field, label, &s->by_reason[i], &one))
		field_error_add(e, field, label, one.message);
	else if (i == 0 && !s->by_reason[0].set)
		field_error_add(e, field, label,
		                arena_sprintf(a,
		                              "%s is required: days such as "
		                              "7, 30, 90, or \"none\".",
		                              label));
}

static enum answer program_of_request(struct req *r, struct program *p)
{
	enum db_status s = program_get(r->db, &r->arena, req_id(r, "id"), p);
	if (s == DB_ROW)
		return GO_ON;
	if (s == DB_DONE)
		reply_error(r, 404, "not_found", "There is no such program.",
		            NULL);
	else
		reply_db_failure(r);
	return ANSWERED;
}

/* Saves s with its audit entry: GO_ON, or ANSWERED. */
static enum answer save(struct req *r, const struct program *p,
                        const struct followup_schedule *s)
{
	enum db_status st = db_begin(r->db);
	if (st == DB_OK)
		st = followup_schedule_save(r->db, p->id, s);
	if (st != DB_OK) {
		db_rollback(r->db);
		reply_db_failure(r);
		return ANSWERED;
	}
	if ((st = db_commit(r->db)) != DB_OK) {
		reply_db_failure(r);
		return ANSWERED;
	}
	req_audit(r, &(struct audit_entry){"update", "followup_schedule", "",
	                                   p->id, "success", p->name});
	return GO_ON;
}

static void schedule_view(struct req *r, int status, const struct program *p,
                          const struct followup_schedule *s,
                          const char *const *typed, const struct field_error *e)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Follow-up schedule", "programs");
	html_printf(b,
	            "<h1>Follow-up and worklists: %s</h1>\n<p><a "
	            "class=\"usa-link\" href=\"/programs/%lld\">Back to the "
	            "program</a></p>\n",
	            p->name, (long long)p->id);
	if (e)
		form_error_summary(b, e, e->label);
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/programs/%lld/followups\">",
	            (long long)p->id);
	form_csrf(r);
	form_required_note(b);
	char days[8];
	snprintf(days, sizeof days, "%d", s->no_contact_days);
	form_input(b,
	           &(struct form_field){"no_contact_days", "No contact in",
	                                typed ? typed[0] : days,
	                                "Days: an enrolled person without a "
	                                "contact for this long shows on their "
	                                "team's Today page.",
	                                ERR("no_contact_days"), "off", true},
	           "text");
	html_raw(b, "<fieldset class=\"usa-fieldset\"><legend "
	            "class=\"usa-legend\">Follow-up after discharge</legend>"
	            "<p class=\"usa-hint\">Days after the discharge, such as "
	            "7, 30, 90; \"none\" for no follow-up. A reason left empty "
	            "follows the first line.</p>");
	for (int i = 0; i <= discharge_reason_count; i++) {
		const char *field = days_field(&r->arena, i);
		form_input(
		    b,
		    &(struct form_field){
		        field, days_label(&r->arena, i),
		        typed ? typed[i + 1]
		              : followup_days_text(&r->arena, &s->by_reason[i]),
		        NULL, ERR(field), "off", i == 0},
		    "text");
	}
	html_raw(b, "</fieldset><button class=\"usa-button\" type=\"submit\">"
	            "Save</button></form>\n");
	page_end(r);
	reply_html(r, status);
}

/* GET /programs/{id}/followups */
void followup_schedule_page(struct req *r)
{
	struct program p;
	struct followup_schedule s;
	if (program_of_request(r, &p) == ANSWERED)
		return;
	if (followup_schedule_get(r->db, p.id, &s) != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	schedule_view(r, 200, &p, &s, NULL, NULL);
}

/* POST /programs/{id}/followups: every fault listed, as typed */
void followup_schedule_submit(struct req *r)
{
	struct program p;
	if (program_of_request(r, &p) == ANSWERED)
		return;
	struct followup_schedule s = {0};
	struct field_error e = {0};
	const char *typed[FOLLOWUP_REASONS_MAX + 1];
	typed[0] = req_form(r, "no_contact_days");
	typed[0] = typed[0] ? typed[0] : "";
	no_contact_parse(&r->arena, typed[0], &s, &e);
	for (int i = 0; i <= discharge_reason_count; i++) {
		const char *v = req_form(r, days_field(&r->arena, i));
		typed[i + 1] = v ? v : "";
		days_parse(&r->arena, typed[i + 1], i, &s, &e);
	}
	if (e.field) {
		schedule_view(r, 400, &p, &s, typed, &e);
		return;
	}
	if (save(r, &p, &s) == GO_ON)
		reply_redirect(r, arena_sprintf(&r->arena,
		                                "/programs/%lld/followups",
		                                (long long)p.id));
}

static void days_json(struct buf *b, const struct followup_days *d)
{
	buf_putc(b, '[');
	for (int i = 0; i < d->n; i++) {
		if (i)
			buf_putc(b, ',');
		json_int(b, d->day[i]);
	}
	buf_putc(b, ']');
}

/* GET /api/v1/programs/{id}/followup-schedule:
 * {"no_contact_days": 30, "default_days": [7, 30, 90],
 *  "by_reason": {"deceased": []}} — reasons that follow the default are
 * left out. */
void followup_schedule_api_get(struct req *r)
{
	struct program p;
	struct followup_schedule s;
	if (program_of_request(r, &p) == ANSWERED)
		return;
	if (followup_schedule_get(r->db, p.id, &s) != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	struct buf *b = &r->out;
	json_object_begin(b);
	json_field_int(b, "no_contact_days", s.no_contact_days);
	json_field(b, "default_days");
	days_json(b, &s.by_reason[0]);
	json_field(b, "by_reason");
	json_object_begin(b);
	for (int i = 1; i <= discharge_reason_count; i++) {
		if (!s.by_reason[i].set)
			continue;
		json_field(b, discharge_reasons[i - 1].code);
		days_json(b, &s.by_reason[i]);
	}
	json_object_end(b);
	json_object_end(b);
	reply_json_written(r, 200);
}

/* A JSON array of days as the form's text, or NULL when it is not an
 * array of integers. */
static const char *days_text(struct arena *a, json_t *v)
{
	if (!json_is_array(v))
		return NULL;
	if (!json_array_size(v))
		return "none";
	char *out = arena_strdup(a, "");
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x)
	{
		if (!json_is_integer(x))
			return NULL;
		out = arena_sprintf(a, "%s%s%lld", out, i ? "," : "",
		                    (long long)json_integer_value(x));
	}
	return out;
}

/* PUT /api/v1/programs/{id}/followup-schedule → 204; the body as GET
 * answers it; a reason left out follows the default. */
void followup_schedule_api_put(struct req *r)
{
	static const char *const known[] = {"no_contact_days", "default_days",
	                                    "by_reason", NULL};
	struct program p;
	if (api_known_fields(r, known) == ANSWERED ||
	    program_of_request(r, &p) == ANSWERED)
		return;
	struct followup_schedule s = {0};
	struct field_error e = {0};
	json_t *nc = json_object_get(r->json, "no_contact_days");
	json_t *by = json_object_get(r->json, "by_reason");
	const char *dflt =
	    days_text(&r->arena, json_object_get(r->json, "default_days"));
	if (!json_is_integer(nc))
		field_error_add(
		    &e, "no_contact_days", "No contact in",
		    "no_contact_days must be a whole number of days.");
	else
		no_contact_parse(
		    &r->arena,
		    arena_sprintf(&r->arena, "%lld",
		                  (long long)json_integer_value(nc)),
		    &s, &e);
	if (!dflt)
		field_error_add(
		    &e, "default_days", "Default days",
		    "default_days must be an array of whole numbers "
		    "of days, such as [7, 30, 90].");
	else
		days_parse(&r->arena, dflt, 0, &s, &e);
	if (by && !json_is_null(by) && !json_is_object(by))
		field_error_add(&e, "by_reason", "By reason",
		                "by_reason must be an object of arrays by "
		                "discharge reason.");
	const char *reason;
	json_t *v;
	if (json_is_object(by))
		json_object_foreach(by, reason, v)
		{
			int i = followup_reason_index(reason);
			const char *text = days_text(&r->arena, v);
			if (!i || !text)
				field_error_add(
				    &e, "by_reason", "By reason",
				    arena_sprintf(
				        &r->arena,
				        "by_reason: \"%s\" must be a "
				        "discharge reason with an array "
				        "of days.",
				        reason));
			else
				days_parse(&r->arena, text, i, &s, &e);
		}
	if (e.field) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	if (save(r, &p, &s) == GO_ON)
		r->status = 204;
}
