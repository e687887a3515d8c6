/* overview_pages.c — a person's overview (built for a phone, crisis lines
 * one tap away) and the one-page summary for team meetings.  This folder
 * is the one place that composes features: the person and their program,
 * contacts, consents, plans and assessments, supports, enrollments.  No
 * feature includes it.  Access and audit are the router's (ROUTE_PERSON). */
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../followups/followup_pages.h"
#include "../notes/contact_view.h"
#include "../people/consent.h"
#include "../people/enrollment.h"
#include "../people/person.h"
#include "../people/person_merge.h"
#include "../people/support.h"
#include "../programs/program.h"
#include "../programs/program_zone.h"
#include "../referrals/referral_pages.h"
#include "../wellness/barc10.h"

#include <string.h>

/* Links to the person's plans and assessments, with the latest BARC-10. */
static void plans_overview(struct req *r, const char *wellness_label)
{
	struct html *b = page_html(r);
	int total;
	const char *taken_on;
	html_printf(
	    b,
	    "<h2>Plans and assessments</h2>\n<ul class=\"usa-list\"><li><a "
	    "class=\"usa-link\" href=\"/persons/%lld/plan\">Recovery "
	    "plan</a></li><li><a class=\"usa-link\" "
	    "href=\"/persons/%lld/wellness-plan\">%s</a></li><li><a "
	    "class=\"usa-link\" href=\"/persons/%lld/barc10\">Recovery capital "
	    "(BARC-10)</a>",
	    (long long)r->person_id, (long long)r->person_id, wellness_label,
	    (long long)r->person_id);
	if (barc10_latest(r->db, &r->arena, r->person_id, &total, &taken_on) ==
	    DB_ROW) {
		html_printf(b, ": %d of 60 on %s", total, taken_on);
	}
	html_raw(b, "</li></ul>\n");
}

static void row(struct html *b, const char *label, const char *value)
{
	html_printf(b,
	            "<dt class=\"text-bold\">%s</dt><dd class=\"margin-left-0 "
	            "margin-bottom-1\">%s</dd>",
	            label, value && *value ? value : "—");
}

/* Where a person needs an interpreter or signs, a link to the staff who
 * speak their language (issue 27: languages, so a need can be matched). */
static void speakers_link(struct html *b, const char *language)
{
	html_raw(b, "<dd class=\"margin-left-0 margin-bottom-1\"><a "
	            "class=\"usa-link\" href=\"/workforce/languages?language=");
	html_url_arg(b, language);
	html_printf(b, "\">Staff who speak %s</a></dd>", language);
}

static void interpreter_rows(struct html *b, const struct person *p)
{
	bool spoken = p->interpreter_needed && p->preferred_language &&
	              *p->preferred_language;
	if (!spoken && !p->asl)
		return;
	html_raw(b, "<dt class=\"text-bold\">Who can interpret</dt>");
	if (spoken)
		speakers_link(b, p->preferred_language);
	if (p->asl)
		speakers_link(b, "ASL");
}

/* Reads the route's person and their program (for the crisis lines);
 * answers and returns -1 on a database failure. */
static int load_with_program(struct req *r, struct person *p,
                             struct program *prog)
{
	enum db_status s = person_get(r->db, &r->arena, r->person_id, p);
	if (s == DB_ROW)
		s = program_get(r->db, &r->arena, p->program_id, prog);
	if (s == DB_ROW)
		return 0;
	reply_db_failure(r);
	return -1;
}

/* GET /persons/{id} — the overview (ROUTE_PERSON: access checked). */
void person_page(struct req *r)
{
	struct person p;
	struct program prog;
	if (load_with_program(r, &p, &prog))
		return;
	struct html *b = page_html(r);
	page_begin(r, person_display_name(&p), "persons");
	if (r->break_glass)
		html_raw(
		    b,
		    "<div class=\"usa-alert usa-alert--warning "
		    "usa-alert--slim\">"
		    "<div class=\"usa-alert__body\"><p "
		    "class=\"usa-alert__text\">"
		    "Emergency access: this person is not in your teams. Your "
		    "reason is recorded and will be "
		    "reviewed.</p></div></div>\n");
	html_printf(b,
	            "<h1>%s</h1>\n<p class=\"usa-intro\">%s · %s</p>\n<section "
	            "class=\"usa-alert usa-alert--emergency usa-alert--slim\" "
	            "aria-labelledby=\"crisis-heading\" id=\"crisis\"><div "
	            "class=\"usa-alert__body\"><h2 "
	            "class=\"usa-alert__heading\" id=\"crisis-heading\">In a "
	            "crisis</h2><ul class=\"usa-list usa-list--unstyled\">",
	            person_display_name(&p),
	            choice_label(recovery_stages, recovery_stage_count,
	                         p.recovery_stage),
	            p.team_name);
	for (int i = 0; i < prog.crisis_line_count; i++) {
		html_printf(
		    b,
		    "<li><a class=\"usa-link\" href=\"tel:%s\">%s: %s</a></li>",
		    prog.crisis_lines[i].number, prog.crisis_lines[i].label,
		    prog.crisis_lines[i].number);
	}
	html_raw(b, "</ul></div></section>\n");
	contacts_overview(r);
	html_raw(b, "<h2>About</h2>\n<dl>");
	row(b, "Legal name", p.legal_name);
	row(b, "Pronouns", p.pronouns);
	row(b, "Date of birth", p.date_of_birth);
	row(b, "Record number", p.record_number);
	row(b, "Preferred language", p.preferred_language);
	row(b, "Interpreter", p.interpreter_needed ? "Needed" : "Not needed");
	row(b, "American Sign Language", p.asl ? "Yes" : "No");
	interpreter_rows(b, &p);
	html_raw(b, "</dl>\n<h2>Reaching them</h2>\n<dl>");
	row(b, "Phone", p.phone);
	row(b, "Voicemail",
	    p.voicemail_ok ? "OK to leave a message"
	                   : "Do not leave a message");
	row(b, "Texts", p.texts_ok ? "OK" : "Not OK");
	row(b, "E-mail", p.email);
	row(b, "E-mail contact", p.email_ok ? "OK" : "Not OK");
	row(b, "Address", p.address);
	html_raw(b, "</dl>\n");
	if (!r->break_glass) /* corrections and moves are the team's */
		html_printf(
		    b,
		    "<p><a class=\"usa-link\" "
		    "href=\"/persons/%lld/details\">Correct details</a> · "
		    "<a class=\"usa-link\" "
		    "href=\"/persons/%lld/transfer\">Move to another "
		    "team</a> · <a class=\"usa-link\" "
		    "href=\"/persons/%lld/history\">Record history</a>"
		    "</p>\n",
		    (long long)p.id, (long long)p.id, (long long)p.id);
	html_raw(b, "<h2>Releases in force</h2>\n<ul class=\"usa-list\">");
	struct consent *consents;
	int nconsents, shown = 0;
	if (consent_list(r->db, &r->arena, p.id,
	                 zone_today(&r->arena, prog.time_zone), &consents,
	                 &nconsents) == DB_DONE)
		for (int i = 0; i < nconsents; i++) {
			if (!consents[i].in_force ||
			    strcmp(consents[i].kind, "release"))
				continue;
			html_printf(b, "<li>To %s: %s</li>",
			            consents[i].recipient, consents[i].purpose);
			shown++;
		}
	if (!shown)
		html_raw(b, "<li>None: share nothing outside the team.</li>");
	html_printf(b,
	            "</ul>\n<p><a class=\"usa-link\" "
	            "href=\"/persons/%lld/consents\">Consents and releases</a>",
	            (long long)p.id);
	if (permission_granted(r->role, PERM_DISCLOSURES))
		html_printf(b,
		            " · <a class=\"usa-link\" "
		            "href=\"/persons/%lld/disclosures\">Accounting of "
		            "disclosures</a>",
		            (long long)p.id);
	html_raw(b, "</p>\n");
	plans_overview(
	    r, program_wellness_label(&prog, r->cfg->wellness_plan_label));
	support_overview(r);
	enrollment_overview(r);
	followup_overview(r);
	referral_overview(r);
	html_printf(b,
	            "<h2>Recovery stage</h2>\n<form class=\"usa-form\" "
	            "method=\"post\" action=\"/persons/%lld/stage\">",
	            (long long)p.id);
	form_csrf(r);
	form_radios(b,
	            &(struct form_field){"recovery_stage", "Stage now",
	                                 p.recovery_stage, NULL, NULL, NULL,
	                                 false},
	            recovery_stages, recovery_stage_count);
	html_raw(
	    b,
	    "<button class=\"usa-button\" type=\"submit\">Record stage</button>"
	    "</form>\n");
	struct stage_change *history;
	int nhistory;
	if (person_stages(r->db, &r->arena, p.id, &history, &nhistory) ==
	        DB_DONE &&
	    nhistory) {
		html_raw(
		    b,
		    "<h3>Stage history</h3><ol class=\"usa-list\" reversed>");
		for (int i = 0; i < nhistory; i++) {
			html_printf(b, "<li>%s — ",
			            choice_label(recovery_stages,
			                         recovery_stage_count,
			                         history[i].stage));
			html_stamp(b, history[i].changed_at, prog.time_zone);
			html_printf(b, ", %s</li>", history[i].changed_by);
		}
		html_raw(b, "</ol>\n");
	}
	html_printf(b,
	            "<p><a class=\"usa-button usa-button--outline\" "
	            "href=\"/persons/%lld/summary\">One-page summary for team "
	            "meetings</a></p>\n",
	            (long long)p.id);
	merge_overview(r);
	page_end(r);
	reply_html(r, 200);
}

/* GET /persons/{id}/summary — one printable page for a team meeting
 * (ROUTE_PERSON | ROUTE_PRINT: audited as a print). */
void person_summary_page(struct req *r)
{
	struct person p;
	struct program prog;
	if (load_with_program(r, &p, &prog))
		return;
	struct html *b = page_html(r);
	print_page_begin(r, arena_sprintf(&r->arena, "Summary · %s",
	                                  person_display_name(&p)));
	html_printf(
	    b, "<h1>%s</h1><p>Confidential: for the team's use only.</p><dl>",
	    person_display_name(&p));
	row(b, "Legal name", p.legal_name);
	row(b, "Pronouns", p.pronouns);
	row(b, "Record number", p.record_number);
	row(b, "Recovery stage",
	    choice_label(recovery_stages, recovery_stage_count,
	                 p.recovery_stage));
	row(b, "Team", p.team_name);
	row(b, "Preferred language", p.preferred_language);
	row(b, "Interpreter", p.interpreter_needed ? "Needed" : "Not needed");
	row(b, "Phone", p.phone);
	row(b, "Voicemail", p.voicemail_ok ? "OK" : "Do not leave a message");
	row(b, "Texts", p.texts_ok ? "OK" : "Not OK");
	html_raw(b, "</dl><h2>In a crisis</h2><ul>");
	for (int i = 0; i < prog.crisis_line_count; i++) {
		html_printf(b, "<li>%s: %s</li>", prog.crisis_lines[i].label,
		            prog.crisis_lines[i].number);
	}
	html_raw(b, "</ul>");
	print_page_end(r);
}
