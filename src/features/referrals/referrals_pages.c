/* referrals_pages.c — referrals as pages: a person's referrals, making
 * one (a service found by name in the directory, or a name typed by
 * hand), one referral with its history, the contact notes that name it
 * and the form that records the next step; the team's open referrals
 * (/referrals, overdue first); the overview's section. */
#include "../../handlers.h"
#include "../../http/auth_request.h"
#include "../../core/local_time.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../programs/program_zone.h"
#include "referral.h"
#include "referral_pages.h"

#include <stdlib.h>
#include <string.h>

#define ERR(f) field_error_for(e, f)

enum answer referral_of_request(struct req *r, struct referral *out)
{
	switch (referral_get(r->db, &r->arena, r->person_id, req_id(r, "rid"),
	                     out)) {
	case DB_ROW:
		referral_mark_overdue(out, request_today(r));
		return GO_ON;
	case DB_DONE:
		reply_error(r, 404, "not_found", "There is no such referral.",
		            NULL);
		return ANSWERED;
	default:
		reply_db_failure(r);
		return ANSWERED;
	}
}

/* "Referred · follow up by 2026-12-01" with an Overdue tag when it is. */
static void state_line(struct html *b, const struct referral *f)
{
	html_printf(b, "%s", referral_status_label(f->status));
	if (referral_is_open(f->status))
		html_printf(b, " · follow up by %s", f->follow_up_on);
	else if (*f->reason)
		html_printf(b, ": %s", f->reason);
	if (f->overdue)
		html_raw(b, " <span class=\"usa-tag bg-secondary-dark\">"
		            "Overdue</span>");
}

static void referral_item(struct html *b, const struct referral *f,
                          bool with_person)
{
	html_printf(b,
	            "<li class=\"padding-y-1 border-bottom-1px "
	            "border-base-lighter\"><a class=\"usa-link\" "
	            "href=\"/persons/%lld/referrals/%lld\">%s</a>",
	            (long long)f->person_id, (long long)f->id,
	            with_person ? f->person_name : f->to_name);
	if (with_person)
		html_printf(b, ", to %s", f->to_name);
	html_raw(b, "<br>");
	state_line(b, f);
	html_raw(b, "</li>");
}

/* GET /persons/{id}/referrals */
void person_referrals_page(struct req *r)
{
	struct referral *list;
	int n;
	if (referrals_of_person(r->db, &r->arena, r->person_id, 0,
	                        REFERRAL_LIST_MAX, &list, &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	const char *today = request_today(r);
	struct html *b = page_html(r);
	page_begin(r, "Referrals", "persons");
	html_printf(b,
	            "<h1>Referrals</h1>\n<p><a class=\"usa-button\" "
	            "href=\"/persons/%lld/referrals/new\">Make a referral</a>"
	            "</p>\n",
	            (long long)r->person_id);
	if (!n)
		html_raw(b, "<p id=\"referrals-none\">No referral yet.</p>\n");
	else
		html_raw(b, "<ul class=\"usa-list usa-list--unstyled\" "
		            "id=\"referrals\">");
	for (int i = 0; i < n; i++) {
		referral_mark_overdue(&list[i], today);
		referral_item(b, &list[i], false);
	}
	if (n)
		html_raw(b, "</ul>\n");
	page_end(r);
	reply_html(r, 200);
}

/* The services a name lookup found, as radio buttons of the form. */
static void picks(struct req *r, const char *q, const char *chosen)
{
	struct html *b = page_html(r);
	struct referral_pick *list = NULL;
	int n = 0;
	if (*q && referral_picks(r->db, &r->arena, q, &list, &n) != DB_DONE)
		n = 0;
	if (!*q && !*chosen)
		return;
	html_raw(b, "<fieldset class=\"usa-fieldset\" id=\"service-picks\">"
	            "<legend class=\"usa-legend\">Service from the "
	            "directory</legend>");
	if (!n && *q)
		html_printf(b,
		            "<p>No service in the directory is called “%s”: "
		            "type the name below instead.</p>",
		            q);
	for (int i = 0; i < n; i++)
		html_printf(
		    b,
		    "<div class=\"usa-radio\"><input "
		    "class=\"usa-radio__input\" type=\"radio\" "
		    "name=\"service_id\" id=\"service-%d\" value=\"%s\"%s>"
		    "<label class=\"usa-radio__label\" "
		    "for=\"service-%d\">%s%s%s</label></div>",
		    i, list[i].id,
		    !strcmp(chosen, list[i].id) ? " checked" : "", i,
		    list[i].name, *list[i].organization ? ", " : "",
		    list[i].organization);
	html_raw(b,
	         "<div class=\"usa-radio\"><input class=\"usa-radio__input\" "
	         "type=\"radio\" name=\"service_id\" id=\"service-none\" "
	         "value=\"\"");
	if (!*chosen)
		html_raw(b, " checked");
	html_raw(b, "><label class=\"usa-radio__label\" for=\"service-none\">"
	            "None of these: the name typed below</label></div>"
	            "</fieldset>");
}

static void new_form(struct req *r, int status, const struct referral_new *d,
                     const char *q, const struct field_error *e)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Make a referral", "persons");
	html_raw(b, "<h1>Make a referral</h1>\n");
	if (e)
		form_error_summary(b, e, referral_field_label(e->field));
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" method=\"get\" "
	            "action=\"/persons/%lld/referrals/new\" role=\"search\">",
	            (long long)r->person_id);
	form_text(b, &(struct form_field){"q", "Find a service by name", q,
	                                  "Part of its name, or its "
	                                  "organization's.",
	                                  NULL, "off", false});
	html_raw(b, "<button class=\"usa-button usa-button--outline\" "
	            "type=\"submit\">Find</button></form>\n");
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/persons/%lld/referrals\" id=\"referral-form\">",
	            (long long)r->person_id);
	form_csrf(r);
	form_required_note(b);
	picks(r, q, d->service_id);
	if (ERR("service_id"))
		html_printf(
		    b,
		    "<p class=\"usa-error-message\" id=\"service_id\">%s"
		    "</p>",
		    ERR("service_id"));
	form_text(b, &(struct form_field){"to_name", "Service or organization",
	                                  d->to_name,
	                                  "When it is not in the directory.",
	                                  ERR("to_name"), "off", false});
	form_textarea(b, &(struct form_field){"need", "What it is for", d->need,
	                                      NULL, ERR("need"), NULL, false});
	form_select(b,
	            &(struct form_field){"status", "Status", d->status, NULL,
	                                 ERR("status"), NULL, true},
	            referral_statuses, referral_start_count);
	form_input(b,
	           &(struct form_field){"follow_up_on", "Follow up on",
	                                d->follow_up_on,
	                                "When someone checks how it went.",
	                                ERR("follow_up_on"), "off", true},
	           "date");
	form_checkbox(b, "sends_information",
	              "We send information about the person to them (needs "
	              "their signed release naming the organization)",
	              d->sends_information);
	if (ERR("sends_information"))
		html_printf(b,
		            "<p class=\"usa-error-message\" "
		            "id=\"sends_information-error\">%s</p>",
		            ERR("sends_information"));
	form_textarea(b, &(struct form_field){"note", "Note", d->note, NULL,
	                                      ERR("note"), NULL, false});
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Make the "
	            "referral</button></form>\n");
	page_end(r);
	reply_html(r, status);
}

/* GET /persons/{id}/referrals/new[?q=name] */
void referral_new_page(struct req *r)
{
	const char *q = req_query(r, "q");
	char *follow = arena_alloc(&r->arena, LOCAL_DATE_SIZE);
	local_add_days(request_today(r), 7, follow);
	struct referral_new d = {.service_id = "",
	                         .to_name = "",
	                         .need = "",
	                         .status = "suggested",
	                         .follow_up_on = follow,
	                         .note = ""};
	new_form(r, 200, &d, q ? q : "", NULL);
}

static int result_status(enum referral_result x)
{
	return x == REFERRAL_ENDED ? 409 : x == REFERRAL_NO_RELEASE ? 403 : 400;
}

/* POST /persons/{id}/referrals */
void referral_create_page(struct req *r)
{
	struct referral_new d = {0};
	fields_from_form(r, referral_new_fields, referral_new_field_count, &d);
	struct field_error e;
	int64_t id;
	enum referral_result x =
	    referral_create(r->db, &r->arena, r->person_id, &d,
	                    request_today(r), r->session.user_id, &id, &e);
	if (x == REFERRAL_SAVED)
		reply_redirect(
		    r, arena_sprintf(&r->arena, "/persons/%lld/referrals/%lld",
		                     (long long)r->person_id, (long long)id));
	else if (x == REFERRAL_FAILED)
		reply_db_failure(r);
	else
		new_form(r, result_status(x), &d, "", &e);
}

static void history(struct req *r, const struct referral *f)
{
	struct html *b = page_html(r);
	struct referral_event *ev;
	struct referral_contact *cs;
	int n, nc;
	if (referral_events_of(r->db, &r->arena, f->id, &ev, &n) != DB_DONE ||
	    referral_contacts_of(r->db, &r->arena, f->id, &cs, &nc) !=
	        DB_DONE) {
		html_raw(b, "<p>The history cannot be shown just now.</p>");
		return;
	}
	html_raw(b, "<h2>History</h2>\n<ol class=\"usa-list\" id=\"history\">");
	for (int i = 0; i < n; i++) {
		html_printf(b, "<li>%.10s, %s: %s", ev[i].at, ev[i].by_name,
		            referral_status_label(ev[i].to_status));
		const struct {
			const char *label, *text;
		} parts[] = {{"Reason", ev[i].reason},
		             {"Barriers", ev[i].barrier},
		             {"What helped", ev[i].helped},
		             {"Note", ev[i].note}};
		for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
			if (*parts[k].text)
				html_printf(b, "<br>%s: %s", parts[k].label,
				            parts[k].text);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol>\n<h2>Contact notes that worked on it</h2>\n");
	if (!nc)
		html_raw(b, "<p id=\"referral-contacts-none\">None yet: a "
		            "contact note names the referrals it worked "
		            "on.</p>\n");
	else
		html_raw(b, "<ul class=\"usa-list\" id=\"referral-contacts\">");
	for (int i = 0; i < nc; i++)
		html_printf(b,
		            "<li><a class=\"usa-link\" "
		            "href=\"/persons/%lld/contacts/%lld\">%s, %s</a>"
		            "</li>",
		            (long long)f->person_id, (long long)cs[i].id,
		            cs[i].contact_on, cs[i].staff_name);
	if (nc)
		html_raw(b, "</ul>\n");
}

static void change_form(struct req *r, const struct referral *f,
                        const struct referral_change *d,
                        const struct field_error *e)
{
	struct html *b = page_html(r);
	html_printf(b,
	            "<h2>Record the next step</h2>\n<form class=\"usa-form "
	            "usa-form--large\" method=\"post\" "
	            "action=\"/persons/%lld/referrals/%lld\" "
	            "id=\"change-form\">",
	            (long long)f->person_id, (long long)f->id);
	form_csrf(r);
	form_required_note(b);
	form_select(b,
	            &(struct form_field){"status", "Status",
	                                 d ? d->status : f->status,
	                                 "It moves forward, or ends with a "
	                                 "reason.",
	                                 ERR("status"), NULL, true},
	            referral_statuses, referral_status_count);
	form_textarea(
	    b, &(struct form_field){"reason", "Reason", d ? d->reason : NULL,
	                            "Required when it ends: declined, not "
	                            "connected or closed.",
	                            ERR("reason"), NULL, false});
	form_input(b,
	           &(struct form_field){"connected_on",
	                                "Date of the first visit",
	                                d ? d->connected_on : f->connected_on,
	                                "Once they are connected.",
	                                ERR("connected_on"), "off", false},
	           "date");
	form_checkbox(b, "went_together", "We went together",
	              d ? d->went_together : f->went_together);
	form_input(b,
	           &(struct form_field){"follow_up_on", "Next follow-up on",
	                                d ? d->follow_up_on : f->follow_up_on,
	                                "Required while it is open.",
	                                ERR("follow_up_on"), "off", false},
	           "date");
	form_textarea(b, &(struct form_field){"barrier", "Barriers met",
	                                      d ? d->barrier : NULL, NULL,
	                                      ERR("barrier"), NULL, false});
	form_textarea(b, &(struct form_field){"helped", "What helped",
	                                      d ? d->helped : NULL, NULL,
	                                      ERR("helped"), NULL, false});
	form_textarea(b,
	              &(struct form_field){"note", "Note", d ? d->note : NULL,
	                                   NULL, ERR("note"), NULL, false});
	if (!f->disclosure_id) {
		form_checkbox(b, "sends_information",
		              "We send information about the person to them "
		              "(needs their signed release)",
		              d && d->sends_information);
		if (ERR("sends_information"))
			html_printf(b,
			            "<p class=\"usa-error-message\" "
			            "id=\"sends_information-error\">%s</p>",
			            ERR("sends_information"));
	}
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Save"
	            "</button></form>\n");
}

static void referral_view(struct req *r, int status, const struct referral *f,
                          const struct referral_change *d,
                          const struct field_error *e)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Referral", "persons");
	html_printf(b,
	            "<h1>Referral to %s</h1>\n<p><a class=\"usa-link\" "
	            "href=\"/persons/%lld/referrals\">All their referrals</a>"
	            "</p>\n<p id=\"referral-state\">",
	            f->to_name, (long long)f->person_id);
	state_line(b, f);
	html_raw(b, "</p>\n<dl>");
	if (*f->service_id)
		html_printf(
		    b,
		    "<dt>In the directory</dt><dd><a class=\"usa-link\" "
		    "href=\"/resources/%s\">%s</a>%s%s</dd>",
		    f->service_id, f->to_name, *f->organization ? ", " : "",
		    f->organization);
	if (*f->need)
		html_printf(b, "<dt>What it is for</dt><dd>%s</dd>", f->need);
	if (*f->connected_on)
		html_printf(b, "<dt>First visit</dt><dd>%s%s</dd>",
		            f->connected_on,
		            f->went_together ? ", we went together" : "");
	if (f->disclosure_id)
		html_printf(b,
		            "<dt>Information sent</dt><dd>Yes: <a "
		            "class=\"usa-link\" href=\"/persons/%lld/"
		            "disclosures\">in the accounting of "
		            "disclosures</a></dd>",
		            (long long)f->person_id);
	html_printf(b, "<dt>Made</dt><dd>%.10s by %s</dd></dl>\n",
	            f->created_at, f->created_by_name);
	if (e)
		form_error_summary(b, e, referral_field_label(e->field));
	if (referral_is_open(f->status))
		change_form(r, f, d, e);
	history(r, f);
	page_end(r);
	reply_html(r, status);
}

/* GET /persons/{id}/referrals/{rid} */
void referral_page(struct req *r)
{
	struct referral f;
	if (referral_of_request(r, &f) == GO_ON)
		referral_view(r, 200, &f, NULL, NULL);
}

/* POST /persons/{id}/referrals/{rid} */
void referral_change_page(struct req *r)
{
	struct referral f;
	struct referral_change c = {0};
	fields_from_form(r, referral_change_fields, referral_change_field_count,
	                 &c);
	if (referral_of_request(r, &f) == ANSWERED)
		return;
	struct field_error e;
	enum referral_result x = referral_apply(
	    r->db, &r->arena, &f, &c, request_today(r), r->session.user_id, &e);
	if (x == REFERRAL_SAVED)
		reply_redirect(
		    r, arena_sprintf(&r->arena, "/persons/%lld/referrals/%lld",
		                     (long long)f.person_id, (long long)f.id));
	else if (x == REFERRAL_FAILED)
		reply_db_failure(r);
	else
		referral_view(r, result_status(x), &f, &c, &e);
}

static int overdue_first(const void *x, const void *y)
{
	const struct referral *a = x, *b = y;
	if (a->overdue != b->overdue)
		return a->overdue ? -1 : 1;
	int c = strcmp(a->follow_up_on, b->follow_up_on);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* GET /referrals: the open referrals of the user's teams, overdue first,
 * then by follow-up date.  It names persons: one audit entry for the
 * list. */
void referrals_page(struct req *r)
{
	const char *today = request_today(r);
	struct referral *list;
	int n, overdue = 0;
	if (referrals_open_of_teams(r->db, &r->arena, r->session.user_id, today,
	                            0, REFERRAL_LIST_MAX, &list,
	                            &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	qsort(list, (size_t)n, sizeof *list, overdue_first);
	for (int i = 0; i < n; i++)
		overdue += list[i].overdue;
	if (n && !req_audit(r, &(struct audit_entry){
	                           "list", "referrals_open", "", 0, "success",
	                           arena_sprintf(&r->arena, "%d listed", n)})) {
		reply_audit_unavailable(r, NULL);
		return;
	}
	struct html *b = page_html(r);
	page_begin(r, "Referrals", "referrals");
	html_raw(b, "<h1>Open referrals</h1>\n");
	if (!n) {
		html_raw(b, "<p id=\"referrals-none\">Your teams have no open "
		            "referral.</p>\n");
	} else {
		html_printf(b,
		            "<p>%d open on your teams; %d overdue, shown "
		            "first.</p>\n<ul class=\"usa-list "
		            "usa-list--unstyled\" id=\"team-referrals\">",
		            n, overdue);
		for (int i = 0; i < n; i++)
			referral_item(b, &list[i], true);
		html_raw(b, "</ul>\n");
	}
	page_end(r);
	reply_html(r, 200);
}

void referral_overview(struct req *r)
{
	struct referral *list;
	int n, open = 0;
	if (referrals_of_person(r->db, &r->arena, r->person_id, 0,
	                        REFERRAL_LIST_MAX, &list, &n) != DB_DONE)
		n = 0;
	const char *today = request_today(r);
	struct html *b = page_html(r);
	html_raw(b, "<h2>Referrals</h2>\n");
	for (int i = 0; i < n; i++) {
		if (!referral_is_open(list[i].status))
			continue;
		referral_mark_overdue(&list[i], today);
		if (!open++)
			html_raw(b, "<ul class=\"usa-list usa-list--unstyled\" "
			            "id=\"overview-referrals\">");
		referral_item(b, &list[i], false);
	}
	if (open)
		html_raw(b, "</ul>\n");
	else
		html_raw(b, "<p>No open referral.</p>\n");
	html_printf(b,
	            "<p><a class=\"usa-link\" href=\"/persons/%lld/referrals\">"
	            "Referrals</a></p>\n",
	            (long long)r->person_id);
}
