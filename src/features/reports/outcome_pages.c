/* outcome_pages.c — the outcome report (outcome.h) as a page with its
 * charts, a CSV and JSON: GET /reports/outcomes, /reports/outcomes.csv,
 * /api/v1/reports/outcomes.  Each view and export is audited (entity
 * "report", id "outcomes"); ?share=1 suppresses small cells. */
#include "../../core/choice.h"
#include "../../handlers.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/chart.h"
#include "../../web/csv.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../../core/local_time.h"
#include "../people/person.h"
#include "../programs/program_zone.h"
#include "../plans/plan.h"
#include "outcome.h"

#include <string.h>

static bool shared(struct req *r)
{
	const char *v = req_query(r, "share");
	return v && !strcmp(v, "1");
}

static const char *query_or_empty(struct req *r, const char *name)
{
	const char *v = req_query(r, name);
	return v ? v : "";
}

/* Choices from a query of (id, name) rows, "any" first. */
static struct choice *choices_of(struct req *r, struct db_stmt *st,
                                 const char *any, int *n)
{
	struct choice *c = NULL;
	int room = 0;
	*n = 0;
	*ARENA_NEXT(&r->arena, c, *n, room) = (struct choice){"", any};
	while (*n < 500 && db_row(st))
		*ARENA_NEXT(&r->arena, c, *n, room) = (struct choice){
		    arena_sprintf(&r->arena, "%lld",
		                  (long long)db_column_int(st, 0)),
		    db_column_dup(st, &r->arena, 1)};
	return db_end(r->db, st) == DB_DONE ? c : NULL;
}

/* The period and filters, as typed; a supervisor chooses among their own
 * teams and the staff on them. */
static bool scope_form(struct req *r, const struct field_error *e)
{
	struct html *b = page_html(r);
	int64_t member = r->role == ROLE_SUPERVISOR ? r->session.user_id : 0;
	int np, nt, ns;
	struct choice *programs = choices_of(
	    r,
	    db_query(r->db,
	             "SELECT g.id, g.name FROM programs g WHERE ? = 0 OR g.id"
	             " IN (SELECT t.program_id FROM teams t JOIN team_members"
	             " tm ON tm.team_id = t.id WHERE tm.user_id = ?) ORDER BY"
	             " g.name, g.id",
	             DB_INT(member), DB_INT(member)),
	    "Every program", &np);
	struct choice *teams =
	    programs
	        ? choices_of(
	              r,
	              db_query(r->db,
	                       "SELECT t.id, t.name FROM teams t WHERE ? = 0 "
	                       "OR t.id IN"
	                       " (SELECT tm.team_id FROM team_members tm WHERE"
	                       " tm.user_id = ?) ORDER BY t.name, t.id",
	                       DB_INT(member), DB_INT(member)),
	              "Every team", &nt)
	        : NULL;
	struct choice *staff =
	    teams
	        ? choices_of(
	              r,
	              db_query(
	                  r->db,
	                  "SELECT DISTINCT u.id, u.name FROM users u JOIN"
	                  " team_members tm ON tm.user_id = u.id WHERE ? = 0 OR"
	                  " tm.team_id IN (SELECT m.team_id FROM team_members m"
	                  " WHERE m.user_id = ?) ORDER BY u.name, u.id",
	                  DB_INT(member), DB_INT(member)),
	              "Every staff member", &ns)
	        : NULL;
	if (!staff) {
		reply_db_failure(r);
		return false;
	}
	if (e)
		form_error_summary(b, e, NULL);
	html_raw(b, "<form class=\"usa-form\" method=\"get\" "
	            "action=\"/reports/outcomes\">");
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	if (!e && (!from || !*from) && (!to || !*to)) {
		char *f = arena_alloc(&r->arena, LOCAL_DATE_SIZE);
		char *t = arena_alloc(&r->arena, LOCAL_DATE_SIZE);
		local_month_before(request_today(r), f, t);
		from = f, to = t;
	}
	form_input(b,
	           &(struct form_field){
	               "from", "From", from, "The first day, like 2026-11-01.",
	               field_error_for(e, "from"), "off", false},
	           "date");
	form_input(b,
	           &(struct form_field){"to", "To", to,
	                                "The last day, included.",
	                                field_error_for(e, "to"), "off", false},
	           "date");
	form_select(b,
	            &(struct form_field){
	                "program", "Program", query_or_empty(r, "program"),
	                NULL, field_error_for(e, "program"), NULL, false},
	            programs, np);
	form_select(
	    b,
	    &(struct form_field){"team", "Team", query_or_empty(r, "team"),
	                         NULL, field_error_for(e, "team"), NULL, false},
	    teams, nt);
	form_select(b,
	            &(struct form_field){"staff", "Persons served by",
	                                 query_or_empty(r, "staff"), NULL,
	                                 field_error_for(e, "staff"), NULL,
	                                 false},
	            staff, ns);
	form_checkbox(b, "share",
	              "For sharing outside the program: hide small counts",
	              shared(r));
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Show the "
	            "report</button></form>\n");
	return true;
}

static void page_top(struct req *r)
{
	page_begin(r, "Outcomes", "/reports");
	html_raw(page_html(r), "<h1>Outcomes</h1>\n<p><a class=\"usa-link\" "
	                       "href=\"/reports\">All reports</a></p>\n");
}

/* ---- the page */

static void goals_section(struct req *r, const struct outcome_report *o)
{
	struct html *b = page_html(r);
	html_raw(b, "<h2>Recovery plan goals</h2>\n");
	struct chart_bar bars[OUTCOME_DOMAINS];
	for (int i = 0; i < OUTCOME_DOMAINS; i++)
		bars[i] = (struct chart_bar){
		    plan_domains[i].label, o->goals_achieved[i],
		    outcome_shown(o, &r->arena, o->goals_achieved[i])};
	chart_bars(b,
	           &(struct chart){"goals-achieved", "Goals achieved by domain",
	                           "Life domain", "Goals achieved", bars,
	                           o->goals_set_total || o->goals_achieved_total
	                               ? OUTCOME_DOMAINS
	                               : 0});
	html_raw(b,
	         "<table class=\"usa-table usa-table--borderless "
	         "usa-table--compact\" id=\"goals-table\"><caption>Goals set "
	         "and achieved in the period</caption><thead><tr><th "
	         "scope=\"col\">Life domain</th><th scope=\"col\" "
	         "class=\"text-right\">Set</th><th scope=\"col\" "
	         "class=\"text-right\">Achieved</th></tr></thead><tbody>");
	for (int i = 0; i < OUTCOME_DOMAINS; i++)
		html_printf(b,
		            "<tr><th scope=\"row\">%s</th><td "
		            "class=\"text-right\">%s</td><td "
		            "class=\"text-right\">%s</td></tr>",
		            plan_domains[i].label,
		            outcome_shown(o, &r->arena, o->goals_set[i]),
		            outcome_shown(o, &r->arena, o->goals_achieved[i]));
	html_printf(b,
	            "</tbody><tfoot><tr><th scope=\"row\">Every domain</th>"
	            "<td class=\"text-right\">%s</td><td "
	            "class=\"text-right\">%s</td></tr></tfoot></table>\n",
	            outcome_shown(o, &r->arena, o->goals_set_total),
	            outcome_shown(o, &r->arena, o->goals_achieved_total));
}

static const char *mean_text(struct req *r, const struct outcome_report *o)
{
	if (!o->barc_compared)
		return "none";
	if (outcome_mean_hidden(o))
		return "not shown (too few persons)";
	return arena_sprintf(&r->arena, "%+.1f",
	                     (double)o->barc_change_sum / o->barc_compared);
}

static void barc_section(struct req *r, const struct outcome_report *o)
{
	struct html *b = page_html(r);
	html_printf(
	    b,
	    "<h2>BARC-10 change</h2>\n<p>Persons assessed in the period "
	    "with two or more complete assessments, from their first "
	    "to their latest: <strong data-compared>%s</strong>; mean "
	    "change in the total (10–60): <strong data-mean>%s</strong>."
	    "</p>\n<p>Left out because an item was not answered (never "
	    "guessed): %s persons; %s assessments in the period.</p>\n",
	    outcome_shown(o, &r->arena, o->barc_compared), mean_text(r, o),
	    outcome_shown(o, &r->arena, o->barc_missing),
	    outcome_shown(o, &r->arena, o->barc_incomplete));
	struct chart_bar bars[OUTCOME_BUCKETS];
	for (int i = 0; i < OUTCOME_BUCKETS; i++)
		bars[i] = (struct chart_bar){
		    outcome_buckets[i].label, o->barc_buckets[i],
		    outcome_shown(o, &r->arena, o->barc_buckets[i])};
	chart_bars(b, &(struct chart){"barc10-change", "BARC-10 change",
	                              "Change in the total", "Persons", bars,
	                              o->barc_compared ? OUTCOME_BUCKETS : 0});
}

static void stage_section(struct req *r, const struct outcome_report *o)
{
	struct html *b = page_html(r);
	html_raw(b, "<h2>Recovery stage transitions</h2>\n");
	if (!o->stage_total) {
		html_raw(b, "<p>No person's recovery stage changed in this "
		            "period.</p>\n");
		return;
	}
	html_raw(b, "<table class=\"usa-table usa-table--borderless "
	            "usa-table--compact\" id=\"stage-table\"><caption>Changes "
	            "of recovery stage in the period</caption><thead><tr><th "
	            "scope=\"col\">From</th><th scope=\"col\">To</th><th "
	            "scope=\"col\" class=\"text-right\">Changes</th></tr>"
	            "</thead><tbody>");
	for (int f = 0; f < OUTCOME_STAGES; f++)
		for (int t = 0; t < OUTCOME_STAGES; t++)
			if (o->stages[f][t])
				html_printf(b,
				            "<tr><td>%s</td><td>%s</td><td "
				            "class=\"text-right\">%s</td></tr>",
				            recovery_stages[f].label,
				            recovery_stages[t].label,
				            outcome_shown(o, &r->arena,
				                          o->stages[f][t]));
	html_raw(b, "</tbody></table>\n");
}

static void followup_section(struct req *r, const struct outcome_report *o)
{
	struct html *b = page_html(r);
	const struct {
		const char *label;
		int n;
	} rows[] = {
	    {"Due in the period", o->fu_due},
	    {"Completed on time (by the day due)", o->fu_on_time},
	    {"Completed late", o->fu_late},
	    {"Not completed yet", o->fu_open},
	    {"Ended: enrolled again, or declined contact", o->fu_ended},
	};
	html_raw(b, "<h2>Follow-ups completed on time</h2>\n<table "
	            "class=\"usa-table usa-table--borderless "
	            "usa-table--compact\" id=\"followup-table\"><caption>"
	            "Follow-ups after discharge due in the period</caption>"
	            "<thead><tr><th scope=\"col\">Follow-ups</th><th "
	            "scope=\"col\" class=\"text-right\">Count</th></tr></thead>"
	            "<tbody>");
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		html_printf(b,
		            "<tr><th scope=\"row\">%s</th><td "
		            "class=\"text-right\">%s</td></tr>",
		            rows[i].label,
		            outcome_shown(o, &r->arena, rows[i].n));
	html_raw(b, "</tbody></table>\n");
}

/* The scope, for the audit entry. */
static const char *detail(struct req *r, const struct report_scope *s,
                          bool share)
{
	return arena_sprintf(&r->arena, "%s%s", report_scope_query(r, s),
	                     share ? "&share=1" : "");
}

static bool audited(struct req *r, const char *action,
                    const struct report_scope *s, bool share)
{
	if (req_audit(r, &(struct audit_entry){action, "report", "outcomes", 0,
	                                       "success", detail(r, s, share)}))
		return true;
	reply_audit_unavailable(r, NULL);
	return false;
}

/* Reads the scope and computes: 0; or -1 when answered (the error). */
static int read_and_compute(struct req *r, struct report_scope *s,
                            struct outcome_report *o, bool page)
{
	struct field_error e;
	int status;
	if (report_scope_read(r, s, &e, &status)) {
		if (status == 500) {
			reply_db_failure(r);
			return -1;
		}
		if (!page) {
			reply_error(r, status,
			            status == 404 ? "not_found" : "invalid",
			            e.message, e.field);
			return -1;
		}
		page_top(r);
		if (scope_form(r, &e)) {
			page_end(r);
			reply_html(r, status);
		}
		return -1;
	}
	if (outcome_compute(r->db, &r->arena, s, shared(r), o) != DB_OK) {
		reply_db_failure(r);
		return -1;
	}
	return 0;
}

/* GET /reports/outcomes */
void outcomes_page(struct req *r)
{
	struct report_scope s;
	struct outcome_report o;
	if (read_and_compute(r, &s, &o, true) ||
	    !audited(r, "read", &s, o.share))
		return;
	page_top(r);
	if (!scope_form(r, NULL))
		return;
	struct html *b = page_html(r);
	const char *q = detail(r, &s, o.share);
	html_printf(
	    b,
	    "<p>From %s to %s.%s <a class=\"usa-link\" "
	    "href=\"/reports/outcomes.csv?%s\">Download the CSV</a></p>\n",
	    s.from, s.to,
	    o.share ? arena_sprintf(&r->arena, " Counts under %d are hidden.",
	                            o.threshold)
	            : "",
	    q);
	goals_section(r, &o);
	barc_section(r, &o);
	stage_section(r, &o);
	followup_section(r, &o);
	outcome_referral_section(r, &o);
	page_end(r);
	reply_html(r, 200);
}

/* ---- the CSV: section, measure, category, figure; and, unless shared,
 * each goal achieved (record number, date, the goal in their words) */

static void csv_figure(struct buf *b, const struct outcome_report *o,
                       struct arena *a, const char *section,
                       const char *measure, const char *category, int64_t n)
{
	csv_text(b, section);
	csv_text(b, measure);
	csv_text(b, category);
	if (outcome_hidden(o, n))
		csv_text(b, outcome_shown(o, a, n));
	else
		csv_int(b, n);
	csv_text(b, NULL);
	csv_text(b, NULL);
	csv_text(b, NULL);
	csv_row_end(b);
}

static void csv_write(struct req *r, const struct outcome_report *o)
{
	struct buf *b = &r->out;
	struct arena *a = &r->arena;
	buf_reset(b);
	csv_header(b, "section,measure,category,figure,record_number,date,"
	              "words");
	for (int i = 0; i < OUTCOME_DOMAINS; i++) {
		csv_figure(b, o, a, "goals", "set", plan_domains[i].code,
		           o->goals_set[i]);
		csv_figure(b, o, a, "goals", "achieved", plan_domains[i].code,
		           o->goals_achieved[i]);
	}
	csv_figure(b, o, a, "barc10", "persons_compared", "", o->barc_compared);
	csv_text(b, "barc10");
	csv_text(b, "mean_change");
	csv_text(b, "");
	if (!o->barc_compared)
		csv_text(b, "");
	else if (outcome_mean_hidden(o))
		csv_text(b, arena_sprintf(a, "<%d", o->threshold));
	else
		buf_printf(b, ",%.2f",
		           (double)o->barc_change_sum / o->barc_compared);
	csv_text(b, NULL);
	csv_text(b, NULL);
	csv_text(b, NULL);
	csv_row_end(b);
	csv_figure(b, o, a, "barc10", "persons_left_out_missing_item", "",
	           o->barc_missing);
	csv_figure(b, o, a, "barc10", "assessments_missing_item", "",
	           o->barc_incomplete);
	for (int i = 0; i < OUTCOME_BUCKETS; i++)
		csv_figure(b, o, a, "barc10", "change",
		           outcome_buckets[i].label, o->barc_buckets[i]);
	for (int f = 0; f < OUTCOME_STAGES; f++)
		for (int t = 0; t < OUTCOME_STAGES; t++)
			if (o->stages[f][t])
				csv_figure(b, o, a, "stage_transition",
				           recovery_stages[f].code,
				           recovery_stages[t].code,
				           o->stages[f][t]);
	const struct {
		const char *measure;
		int n;
	} fu[] = {{"due", o->fu_due},
	          {"on_time", o->fu_on_time},
	          {"late", o->fu_late},
	          {"open", o->fu_open},
	          {"ended", o->fu_ended}};
	for (size_t i = 0; i < sizeof fu / sizeof fu[0]; i++)
		csv_figure(b, o, a, "followups", fu[i].measure, "", fu[i].n);
	outcome_referral_csv(b, a, o);
	for (int i = 0; !o->share && i < o->achieved_count; i++) {
		const struct outcome_goal *g = &o->achieved[i];
		csv_text(b, "goal_achieved");
		csv_text(b, "");
		csv_text(b, g->domain);
		csv_text(b, "");
		csv_text(b, g->record_number);
		csv_text(b, g->achieved_on);
		csv_text(b, g->words);
		csv_row_end(b);
	}
}

/* GET /reports/outcomes.csv */
void outcomes_csv(struct req *r)
{
	struct report_scope s;
	struct outcome_report o;
	if (read_and_compute(r, &s, &o, true) ||
	    !audited(r, "export", &s, o.share))
		return;
	csv_write(r, &o);
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
	req_add_header(r, "Content-Disposition",
	               "attachment; filename=\"outcomes.csv\"");
}

/* ---- the API: the same figures; a figure is {"count": n} or, suppressed,
 * {"count": null, "suppressed": true} */

static void json_cell(struct buf *b, const struct outcome_report *o,
                      const char *name, int64_t n)
{
	json_field(b, name);
	json_object_begin(b);
	if (outcome_hidden(o, n)) {
		json_field(b, "count");
		json_raw(b, "null");
		json_field_bool(b, "suppressed", 1);
	} else {
		json_field_int(b, "count", n);
		json_field_bool(b, "suppressed", 0);
	}
	json_object_end(b);
}

static void json_id_or_null(struct buf *b, const char *name, int64_t id)
{
	json_field(b, name);
	if (id)
		json_int(b, id);
	else
		json_raw(b, "null");
}

static void json_write(struct req *r, const struct report_scope *s,
                       const struct outcome_report *o)
{
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	json_field_text(b, "from", s->from);
	json_field_text(b, "to", s->to);
	json_id_or_null(b, "program", s->program_id);
	json_id_or_null(b, "team", s->team_id);
	json_id_or_null(b, "staff", s->staff_id);
	json_field_bool(b, "share", o->share);
	json_field_int(b, "threshold", o->threshold);
	json_field(b, "goals");
	json_object_begin(b);
	json_cell(b, o, "set", o->goals_set_total);
	json_cell(b, o, "achieved", o->goals_achieved_total);
	json_field(b, "by_domain");
	json_raw(b, "[");
	for (int i = 0; i < OUTCOME_DOMAINS; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		json_field_text(b, "domain", plan_domains[i].code);
		json_field_text(b, "label", plan_domains[i].label);
		json_cell(b, o, "set", o->goals_set[i]);
		json_cell(b, o, "achieved", o->goals_achieved[i]);
		json_object_end(b);
	}
	json_raw(b, "]");
	json_object_end(b);
	json_field(b, "barc10");
	json_object_begin(b);
	json_cell(b, o, "persons_compared", o->barc_compared);
	json_field(b, "mean_change");
	if (!o->barc_compared || outcome_mean_hidden(o))
		json_raw(b, "null");
	else
		buf_printf(b, "%.4f",
		           (double)o->barc_change_sum / o->barc_compared);
	json_field_bool(b, "mean_change_suppressed", outcome_mean_hidden(o));
	json_cell(b, o, "persons_left_out_missing_item", o->barc_missing);
	json_cell(b, o, "assessments_missing_item", o->barc_incomplete);
	json_field(b, "distribution");
	json_raw(b, "[");
	for (int i = 0; i < OUTCOME_BUCKETS; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		json_field_text(b, "bucket", outcome_buckets[i].label);
		json_field(b, "min");
		if (outcome_buckets[i].min == INT32_MIN)
			json_raw(b, "null");
		else
			json_int(b, outcome_buckets[i].min);
		json_field(b, "max");
		if (outcome_buckets[i].max == INT32_MAX)
			json_raw(b, "null");
		else
			json_int(b, outcome_buckets[i].max);
		json_cell(b, o, "persons", o->barc_buckets[i]);
		json_object_end(b);
	}
	json_raw(b, "]");
	json_object_end(b);
	json_field(b, "stage_transitions");
	json_raw(b, "[");
	bool first = true;
	for (int f = 0; f < OUTCOME_STAGES; f++)
		for (int t = 0; t < OUTCOME_STAGES; t++) {
			if (!o->stages[f][t])
				continue;
			if (!first)
				json_raw(b, ",");
			first = false;
			json_object_begin(b);
			json_field_text(b, "from", recovery_stages[f].code);
			json_field_text(b, "to", recovery_stages[t].code);
			json_cell(b, o, "changes", o->stages[f][t]);
			json_object_end(b);
		}
	json_raw(b, "]");
	json_field(b, "followups");
	json_object_begin(b);
	json_cell(b, o, "due", o->fu_due);
	json_cell(b, o, "on_time", o->fu_on_time);
	json_cell(b, o, "late", o->fu_late);
	json_cell(b, o, "open", o->fu_open);
	json_cell(b, o, "ended", o->fu_ended);
	json_object_end(b);
	outcome_referral_json(b, &r->arena, o);
	json_object_end(b);
}

/* GET /api/v1/reports/outcomes */
void outcomes_api(struct req *r)
{
	struct report_scope s;
	struct outcome_report o;
	if (read_and_compute(r, &s, &o, false) ||
	    !audited(r, "read", &s, o.share))
		return;
	json_write(r, &s, &o);
	reply_json_written(r, 200);
}
