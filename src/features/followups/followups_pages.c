/* followups_pages.c — follow-up after discharge as pages: the teams'
 * worklist (/followups), a person's follow-ups, and one follow-up with its
 * attempts and the forms that record the next attempt, the outcome, or
 * re-engagement. */
#include "../../handlers.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../programs/program_zone.h"
#include "followup.h"
#include "followup_pages.h"

#include <string.h>

#define ERR(f) field_error_for(e, f)

static const char *outcome_label(const char *code)
{
	return choice_label(followup_outcomes, followup_outcome_count, code);
}

/* "Due 2026-12-11 (30 days after discharge)", with "overdue" when it is. */
static void due_line(struct html *b, const struct followup *f,
                     const char *today)
{
	html_printf(b, "Due %s (%d days after the discharge of %s)", f->due_on,
	            f->days_after, f->discharged_on);
	if (followup_is_overdue(f, today))
		html_raw(b, " <span class=\"usa-tag bg-secondary-dark\">"
		            "Overdue</span>");
	else if (!strcmp(f->state, "open") && !strcmp(f->due_on, today))
		html_raw(b, " <span class=\"usa-tag\">Due today</span>");
}

enum answer followup_of_request(struct req *r, struct followup *f)
{
	switch (
	    followup_get(r->db, &r->arena, r->person_id, req_id(r, "fid"), f)) {
	case DB_ROW:
		return GO_ON;
	case DB_DONE:
		reply_error(r, 404, "not_found", "There is no such follow-up.",
		            NULL);
		return ANSWERED;
	default:
		reply_db_failure(r);
		return ANSWERED;
	}
}

/* The worklist names persons, so it is audited: one entry for the list
 * (who saw it, how many), not one per person; opening a person or a
 * follow-up is a read of that record (docs/security.md). */
static bool audit_list(struct req *r, const char *what, int64_t count)
{
	return req_audit(
	    r, &(struct audit_entry){
	           "list", what, "", 0, "success",
	           arena_sprintf(&r->arena, "%lld listed", (long long)count)});
}

/* GET /followups: the open follow-ups of the user's teams due by today. */
void followups_page(struct req *r)
{
	const char *today = request_today(r);
	struct followup *list;
	int n;
	int64_t total;
	if (followups_due(r->db, &r->arena, r->session.user_id, today, "", 0,
	                  FOLLOWUP_LIST_MAX, &list, &n, &total) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	if (n && !audit_list(r, "followups_due", n)) {
		reply_audit_unavailable(r, NULL);
		return;
	}
	struct html *b = page_html(r);
	page_begin(r, "Follow-up", "followups");
	html_raw(b, "<h1>Follow-up after discharge</h1>\n");
	if (!n) {
		html_raw(b, "<p id=\"followups-none\">No follow-up is due for "
		            "your teams today.</p>\n");
		page_end(r);
		reply_html(r, 200);
		return;
	}
	html_printf(b,
	            "<p>%lld due or overdue for your teams, oldest first.</p>"
	            "\n<ul class=\"usa-list usa-list--unstyled\" "
	            "id=\"followups-due\">",
	            (long long)total);
	for (int i = 0; i < n; i++) {
		const struct followup *f = &list[i];
		html_printf(b,
		            "<li class=\"padding-y-1 border-bottom-1px "
		            "border-base-lighter\"><a class=\"usa-link\" "
		            "href=\"/persons/%lld/followups/%lld\">%s</a>, %s"
		            "<br>",
		            (long long)f->person_id, (long long)f->id,
		            f->person_name, f->program_name);
		due_line(b, f, today);
		if (f->attempts)
			html_printf(b, "; %d attempts so far", f->attempts);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>\n");
	if (total > n)
		html_printf(b, "<p>%lld more are not shown.</p>\n",
		            (long long)(total - n));
	page_end(r);
	reply_html(r, 200);
}

/* GET /persons/{id}/followups */
void person_followups_page(struct req *r)
{
	struct followup *list;
	int n;
	const char *declined = NULL;
	enum db_status s =
	    contact_declined_on(r->db, &r->arena, r->person_id, &declined);
	if ((s != DB_ROW && s != DB_DONE) ||
	    followups_of_person(r->db, &r->arena, r->person_id, &list, &n) !=
	        DB_DONE) {
		reply_db_failure(r);
		return;
	}
	const char *today = request_today(r);
	struct html *b = page_html(r);
	page_begin(r, "Follow-up", "persons");
	html_printf(b,
	            "<h1>Follow-up after discharge</h1>\n<p><a "
	            "class=\"usa-link\" href=\"/persons/%lld/enrollments\">"
	            "Programs, admissions and discharges</a></p>\n",
	            (long long)r->person_id);
	if (s == DB_ROW)
		html_printf(
		    b,
		    "<div class=\"usa-alert usa-alert--warning "
		    "usa-alert--slim\" id=\"declined\"><div "
		    "class=\"usa-alert__body\"><p "
		    "class=\"usa-alert__text\">Declined further contact "
		    "on %s. No follow-up is made after a discharge "
		    "until they enroll again.</p></div></div>\n",
		    declined);
	if (!n)
		html_raw(b, "<p>No follow-up: a discharge makes them, by the "
		            "program's schedule.</p>\n");
	else
		html_raw(b, "<ul class=\"usa-list usa-list--unstyled\" "
		            "id=\"followups\">");
	for (int i = 0; i < n; i++) {
		const struct followup *f = &list[i];
		html_printf(b,
		            "<li class=\"padding-y-1 border-bottom-1px "
		            "border-base-lighter\"><a class=\"usa-link\" "
		            "href=\"/persons/%lld/followups/%lld\">%s, %d days"
		            "</a><br>",
		            (long long)r->person_id, (long long)f->id,
		            f->program_name, f->days_after);
		due_line(b, f, today);
		if (*f->outcome)
			html_printf(b, "<br>%s", outcome_label(f->outcome));
		html_raw(b, "</li>");
	}
	if (n)
		html_raw(b, "</ul>\n");
	page_end(r);
	reply_html(r, 200);
}

static void attempts_list(struct req *r, const struct followup *f)
{
	struct html *b = page_html(r);
	struct followup_attempt *list;
	int n;
	if (followup_attempts_of(r->db, &r->arena, f->id, &list, &n) !=
	    DB_DONE) {
		html_raw(b, "<p>The attempts cannot be shown just now.</p>");
		return;
	}
	html_raw(b, "<h2>Attempts</h2>\n");
	if (!n) {
		html_raw(b, "<p>None yet.</p>\n");
		return;
	}
	html_raw(b, "<ol class=\"usa-list\" id=\"attempts\">");
	for (int i = 0; i < n; i++)
		html_printf(b, "<li>%s: %s — %s (%s)%s%s</li>",
		            list[i].attempted_on,
		            choice_label(followup_methods,
		                         followup_method_count, list[i].method),
		            choice_label(followup_results,
		                         followup_result_count, list[i].result),
		            list[i].staff_name, *list[i].note ? ". " : "",
		            list[i].note);
	html_raw(b, "</ol>\n");
}

/* The label a field of one of the page's forms shows. */
static const char *form_label(const char *field)
{
	static const struct {
		const struct field *f;
		const int *n;
	} tables[] = {
	    {followup_attempt_fields, &followup_attempt_field_count},
	    {followup_close_fields, &followup_close_field_count},
	    {followup_reengage_fields, &followup_reengage_field_count},
	};
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		for (int j = 0; j < *tables[i].n; j++)
			if (!strcmp(tables[i].f[j].name, field))
				return tables[i].f[j].label;
	return "This follow-up";
}

static void form_start(struct req *r, const struct followup *f,
                       const char *action, const char *heading)
{
	struct html *b = page_html(r);
	html_printf(
	    b,
	    "<h2>%s</h2>\n<form class=\"usa-form usa-form--large\" "
	    "method=\"post\" action=\"/persons/%lld/followups/%lld/%s\">",
	    heading, (long long)f->person_id, (long long)f->id, action);
	form_csrf(r);
}

static void attempt_form(struct req *r, const struct followup *f,
                         const struct followup_attempt *d,
                         const struct field_error *e)
{
	struct html *b = page_html(r);
	form_start(r, f, "attempts", "Record an attempt");
	form_input(b,
	           &(struct form_field){"attempted_on",
	                                form_label("attempted_on"),
	                                d ? d->attempted_on : request_today(r),
	                                "A date like 2026-11-20.",
	                                ERR("attempted_on"), "off", true},
	           "date");
	form_select(b,
	            &(struct form_field){"method", form_label("method"),
	                                 d ? d->method : NULL, NULL,
	                                 ERR("method"), NULL, true},
	            followup_methods, followup_method_count);
	form_radios(b,
	            &(struct form_field){"result", form_label("result"),
	                                 d ? d->result : NULL,
	                                 "\"Declined further contact\" closes "
	                                 "every follow-up of theirs.",
	                                 ERR("result"), NULL, true},
	            followup_results, followup_result_count);
	form_textarea(b, &(struct form_field){"note", form_label("note"),
	                                      d ? d->note : NULL, NULL,
	                                      ERR("note"), NULL, false});
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Record the "
	            "attempt</button></form>\n");
}

static void close_form(struct req *r, const struct followup *f,
                       const struct followup_close *d,
                       const struct field_error *e)
{
	struct html *b = page_html(r);
	form_start(r, f, "outcome", "Close with an outcome");
	form_radios(b,
	            &(struct form_field){"outcome", form_label("outcome"),
	                                 d ? d->outcome : NULL, NULL,
	                                 ERR("outcome"), NULL, true},
	            followup_outcomes, 3);
	form_textarea(
	    b, &(struct form_field){"outcome_note", form_label("outcome_note"),
	                            d ? d->note : NULL, NULL,
	                            ERR("outcome_note"), NULL, false});
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Close the "
	            "follow-up</button></form>\n");
}

static void reengage_form(struct req *r, const struct followup *f,
                          const struct followup_reengage *d,
                          const struct field_error *e)
{
	struct html *b = page_html(r);
	form_start(r, f, "reengage", "Enroll them again");
	html_printf(b,
	            "<p>They come back to %s in one step: the follow-up "
	            "closes as re-engaged, and their history stays.</p>",
	            f->program_name);
	form_input(b,
	           &(struct form_field){"admitted_on",
	                                form_label("admitted_on"),
	                                d ? d->admitted_on : request_today(r),
	                                "A date like 2026-11-20.",
	                                ERR("admitted_on"), "off", true},
	           "date");
	form_textarea(
	    b, &(struct form_field){
	           "admission_reason", form_label("admission_reason"),
	           d ? d->admission_reason : "Came back after follow-up.", NULL,
	           ERR("admission_reason"), NULL, true});
	html_raw(b, "<button class=\"usa-button usa-button--outline\" "
	            "type=\"submit\">Enroll them again</button></form>\n");
}

void followup_view(struct req *r, int status, const struct followup *f,
                   const struct followup_drafts *drafts,
                   const struct field_error *e)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Follow-up", "persons");
	html_printf(b,
	            "<h1>Follow-up, %d days after discharge</h1>\n<p><a "
	            "class=\"usa-link\" href=\"/persons/%lld/followups\">All "
	            "their follow-ups</a></p>\n<p>%s. ",
	            f->days_after, (long long)f->person_id, f->program_name);
	due_line(b, f, request_today(r));
	html_raw(b, "</p>\n");
	if (*f->outcome)
		html_printf(b,
		            "<p id=\"outcome\"><strong>%s</strong>%s%s</p>\n",
		            outcome_label(f->outcome),
		            *f->outcome_note ? ": " : "", f->outcome_note);
	if (e)
		form_error_summary(b, e, form_label(e->field));
	attempts_list(r, f);
	if (!strcmp(f->state, "open")) {
		form_required_note(b);
		attempt_form(r, f, drafts ? drafts->attempt : NULL, e);
		close_form(r, f, drafts ? drafts->close : NULL, e);
		reengage_form(r, f, drafts ? drafts->reengage : NULL, e);
	}
	page_end(r);
	reply_html(r, status);
}

/* GET /persons/{id}/followups/{fid} */
void followup_page(struct req *r)
{
	struct followup f;
	if (followup_of_request(r, &f) == GO_ON)
		followup_view(r, 200, &f, NULL, NULL);
}

static void back_to_followup(struct req *r, const struct followup *f)
{
	reply_redirect(
	    r, arena_sprintf(&r->arena, "/persons/%lld/followups/%lld",
	                     (long long)f->person_id, (long long)f->id));
}

static int change_status(enum followup_change c)
{
	return c == FOLLOWUP_CLOSED ? 409 : 400;
}

/* POST /persons/{id}/followups/{fid}/attempts */
void followup_attempt_page(struct req *r)
{
	struct followup f;
	struct followup_attempt at = {0};
	fields_from_form(r, followup_attempt_fields,
	                 followup_attempt_field_count, &at);
	if (followup_of_request(r, &f) == ANSWERED)
		return;
	struct field_error e;
	int64_t id;
	enum followup_change c =
	    followup_attempt_add(r->db, &r->arena, &f, &at, zone_of_request(r),
	                         r->session.user_id, &id, &e);
	if (c == FOLLOWUP_CHANGED)
		back_to_followup(r, &f);
	else if (c == FOLLOWUP_FAILED)
		reply_db_failure(r);
	else
		followup_view(r, change_status(c), &f,
		              &(struct followup_drafts){.attempt = &at}, &e);
}

/* POST /persons/{id}/followups/{fid}/outcome */
void followup_outcome_page(struct req *r)
{
	struct followup f;
	struct followup_close c = {0};
	fields_from_form(r, followup_close_fields, followup_close_field_count,
	                 &c);
	if (followup_of_request(r, &f) == ANSWERED)
		return;
	struct field_error e;
	enum followup_change ch =
	    followup_close(r->db, &r->arena, &f, &c, zone_of_request(r),
	                   r->session.user_id, &e);
	if (ch == FOLLOWUP_CHANGED)
		back_to_followup(r, &f);
	else if (ch == FOLLOWUP_FAILED)
		reply_db_failure(r);
	else
		followup_view(r, change_status(ch), &f,
		              &(struct followup_drafts){.close = &c}, &e);
}

void followup_overview(struct req *r)
{
	struct followup *list;
	int n, open = 0;
	const char *declined = NULL;
	enum db_status s =
	    contact_declined_on(r->db, &r->arena, r->person_id, &declined);
	if (followups_of_person(r->db, &r->arena, r->person_id, &list, &n) !=
	    DB_DONE)
		n = 0;
	for (int i = 0; i < n; i++)
		open += !strcmp(list[i].state, "open");
	if (!open && s != DB_ROW)
		return;
	struct html *b = page_html(r);
	const char *today = request_today(r);
	html_raw(b, "<h2>Follow-up after discharge</h2>\n");
	if (s == DB_ROW)
		html_printf(b,
		            "<p><strong>Declined further contact on %s."
		            "</strong></p>\n",
		            declined);
	if (open) {
		html_raw(b, "<ul class=\"usa-list\">");
		for (int i = 0; i < n; i++) {
			if (strcmp(list[i].state, "open"))
				continue;
			html_raw(b, "<li>");
			due_line(b, &list[i], today);
			html_raw(b, "</li>");
		}
		html_raw(b, "</ul>\n");
	}
	html_printf(b,
	            "<p><a class=\"usa-link\" href=\"/persons/%lld/followups\">"
	            "Follow-up after discharge</a></p>\n",
	            (long long)r->person_id);
}
