/* service_pages.c — the reports' index (GET /reports) and the service
 * report as a page, a CSV and JSON, with the same figures in each
 * (service_report.h).  Persons are never named in a service report; each
 * view and export is audited (entity 'report') with its scope. */
#include "../../core/buf.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/chart.h"
#include "../../web/csv.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../programs/program.h"
#include "../teams/team.h"
#include "service_report.h"

#include <string.h>

/* The reports, one row each: where, what it is called, what it shows. */
static const struct {
	const char *href, *name, *shows;
} report_links[] = {
    {"/reports/services", "Services",
     "Contacts, persons served, minutes, billable units and Peer Desk "
     "drop-ins, by program, team, staff member, service code, kind of "
     "contact, place, month or week."},
    {"/reports/outcomes", "Outcomes",
     "Goals set and achieved by life domain, BARC-10 change, recovery "
     "stage transitions, follow-ups completed on time."},
};

/* GET /reports */
void reports_page(struct req *r)
{
	struct html *b = page_html(r);
	page_begin(r, "Reports", "reports");
	html_raw(b, "<h1>Reports</h1>\n<table class=\"usa-table "
	            "usa-table--borderless\"><caption>Reports for your "
	            "programs and teams</caption><thead><tr><th "
	            "scope=\"col\">Report</th><th scope=\"col\">What it "
	            "shows</th></tr></thead><tbody>");
	for (size_t i = 0; i < sizeof report_links / sizeof report_links[0];
	     i++)
		html_printf(b,
		            "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th>"
		            "<td>%s</td></tr>",
		            report_links[i].href, report_links[i].name,
		            report_links[i].shows);
	html_raw(b, "</tbody></table>\n");
	page_end(r);
	reply_html(r, 200);
}

/* What a request asks: the scope, the grouping and the toggle; or the
 * field at fault and the status to answer with. */
struct ask {
	struct report_scope scope;
	enum service_by by;
	bool share;
	struct field_error e;
	int status;
};

static int read_ask(struct req *r, struct ask *q)
{
	*q = (struct ask){.status = 200};
	if (report_scope_read(r, &q->scope, &q->e, &q->status))
		return -1;
	int by = service_by_read(req_query(r, "by"));
	if (by < 0) {
		q->status = 400;
		return field_fail(
		    &q->e, "by",
		    "Group by: program, team, staff, service_code, "
		    "kind, place, month or week.");
	}
	q->by = (enum service_by)by;
	const char *share = req_query(r, "share");
	if (share && *share && strcmp(share, "1") && strcmp(share, "0")) {
		q->status = 400;
		return field_fail(&q->e, "share",
		                  "For sharing outside the program: 1 or 0.");
	}
	q->share = share && !strcmp(share, "1");
	return 0;
}

/* The audit entry's words: the scope, never a person. */
static const char *ask_detail(struct req *r, const struct ask *q)
{
	return arena_sprintf(&r->arena, "services by %s, %s%s",
	                     service_by_choices[q->by].code,
	                     report_scope_query(r, &q->scope),
	                     q->share ? ", for sharing" : ", internal");
}

static bool audited(struct req *r, const char *action, const struct ask *q)
{
	if (req_audit(r, &(struct audit_entry){action, "report", "services", 0,
	                                       "success", ask_detail(r, q)}))
		return true;
	reply_audit_unavailable(r, NULL);
	return false;
}

/* A cell as the page shows it: the figure, or "<11". */
static const char *shown(struct req *r, const struct service_report *rep,
                         const struct service_row *row, int f)
{
	if (row->suppressed[f])
		return arena_sprintf(&r->arena, "<%d", rep->threshold);
	return arena_sprintf(&r->arena, "%lld", (long long)row->value[f]);
}

static void row_cells(struct req *r, const struct service_report *rep,
                      const struct service_row *row)
{
	struct html *b = page_html(r);
	html_printf(b, "<tr><th scope=\"row\">%s</th>", row->label);
	for (int f = 0; f < FIG_COUNT; f++)
		html_printf(
		    b, "<td class=\"text-right\" data-figure=\"%s\">%s</td>",
		    service_figure_names[f], shown(r, rep, row, f));
	html_raw(b, "</tr>");
}

static void report_table(struct req *r, const struct service_report *rep)
{
	struct html *b = page_html(r);
	html_printf(
	    b,
	    "<div class=\"usa-table-container--scrollable\" "
	    "tabindex=\"0\"><table class=\"usa-table usa-table--striped "
	    "usa-table--compact\" id=\"services-table\"><caption>"
	    "Services by %s</caption><thead><tr><th scope=\"col\">%s"
	    "</th>",
	    service_by_choices[rep->by].label,
	    service_by_choices[rep->by].label);
	for (int f = 0; f < FIG_COUNT; f++)
		html_printf(b, "<th scope=\"col\" class=\"text-right\">%s</th>",
		            service_figure_headings[f]);
	html_raw(b, "</tr></thead><tbody>");
	for (int i = 0; i < rep->n; i++)
		row_cells(r, rep, &rep->rows[i]);
	if (!rep->n)
		html_printf(b,
		            "<tr><td colspan=\"%d\">Nothing counted in this "
		            "period.</td></tr>",
		            FIG_COUNT + 1);
	html_raw(b, "</tbody><tfoot>");
	row_cells(r, rep, &rep->total);
	html_raw(b, "</tfoot></table></div>\n<p class=\"usa-hint\">Persons "
	            "served counts each person once in a row, and once in the "
	            "total, which is therefore not the sum of the rows. Peer "
	            "Desk drop-ins are counted apart from the contacts.</p>\n");
}

static void services_chart(struct req *r, const struct service_report *m)
{
	struct chart_bar *bars =
	    arena_alloc(&r->arena, (size_t)(m->n + 1) * sizeof *bars);
	for (int i = 0; i < m->n; i++)
		bars[i] = (struct chart_bar){
		    m->rows[i].label, m->rows[i].value[FIG_CONTACTS],
		    m->rows[i].suppressed[FIG_CONTACTS]
		        ? shown(r, m, &m->rows[i], FIG_CONTACTS)
		        : NULL};
	chart_bars(page_html(r),
	           &(struct chart){"services-per-month", "Services per month",
	                           "Month", "Contacts", bars, m->n});
}

/* The programs (every one) and teams (a supervisor's own) as choices,
 * "" first: all of them. */
static bool filter_choices(struct req *r, struct choice **programs, int *np,
                           struct choice **teams, int *nt)
{
	struct program *pl;
	struct team *tl;
	int n;
	enum db_status s = program_list(r->db, &r->arena, 0, 200, &pl, &n);
	if (s != DB_OK && s != DB_DONE)
		return false;
	*programs = arena_alloc(&r->arena, (size_t)(n + 1) * sizeof **programs);
	(*programs)[0] = (struct choice){"", "All programs"};
	for (int i = 0; i < n; i++)
		(*programs)[i + 1] = (struct choice){
		    arena_sprintf(&r->arena, "%lld", (long long)pl[i].id),
		    pl[i].name};
	*np = n + 1;
	s = team_list(r->db, &r->arena, r->session.user_id,
	              r->role == ROLE_SUPERVISOR, &tl, &n);
	if (s != DB_OK && s != DB_DONE)
		return false;
	*teams = arena_alloc(&r->arena, (size_t)(n + 1) * sizeof **teams);
	(*teams)[0] = (struct choice){"", "All teams"};
	for (int i = 0; i < n; i++)
		(*teams)[i + 1] = (struct choice){
		    arena_sprintf(&r->arena, "%lld", (long long)tl[i].id),
		    tl[i].name};
	*nt = n + 1;
	return true;
}

static const char *typed(struct req *r, const char *name, const char * or)
{
	const char *v = req_query(r, name);
	return v ? v : or ;
}

static void report_form(struct req *r, const struct ask *q, bool failed)
{
	struct html *b = page_html(r);
	struct choice *programs, *teams;
	int np, nt;
	if (!filter_choices(r, &programs, &np, &teams, &nt)) {
		reply_db_failure(r);
		return;
	}
	const struct field_error *e = failed ? &q->e : NULL;
	html_raw(b, "<form class=\"usa-form usa-form--large\" method=\"get\" "
	            "action=\"/reports/services\">");
	form_input(b,
	           &(struct form_field){
	               "from", "From", typed(r, "from", q->scope.from),
	               "The first day, like 2026-11-01.",
	               field_error_for(e, "from"), "off", false},
	           "date");
	form_input(b,
	           &(struct form_field){"to", "To", typed(r, "to", q->scope.to),
	                                "The last day, included.",
	                                field_error_for(e, "to"), "off", false},
	           "date");
	form_select(b,
	            &(struct form_field){
	                "program", "Program", typed(r, "program", ""), NULL,
	                field_error_for(e, "program"), NULL, false},
	            programs, np);
	form_select(b,
	            &(struct form_field){"team", "Team", typed(r, "team", ""),
	                                 NULL, field_error_for(e, "team"), NULL,
	                                 false},
	            teams, nt);
	if (req_query(r, "staff") && *req_query(r, "staff"))
		html_printf(
		    b, "<input type=\"hidden\" name=\"staff\" value=\"%s\">",
		    req_query(r, "staff"));
	form_select(b,
	            &(struct form_field){"by", "Group by",
	                                 typed(r, "by", "month"), NULL,
	                                 field_error_for(e, "by"), NULL, false},
	            service_by_choices, BY_COUNT);
	form_checkbox(b, "unsigned",
	              "Include unsigned work (drafts, and notes awaiting a "
	              "supervisor's co-signature)",
	              q->scope.with_unsigned);
	form_checkbox(b, "share",
	              "For sharing outside the program (small numbers "
	              "suppressed)",
	              q->share);
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Show the "
	            "report</button></form>\n");
}

static void notice(struct html *b, const char *text)
{
	html_printf(b,
	            "<div class=\"usa-alert usa-alert--info usa-alert--slim\">"
	            "<div class=\"usa-alert__body\"><p class=\"usa-alert__text"
	            "\">%s</p></div></div>\n",
	            text);
}

/* GET /reports/services */
void reports_services_page(struct req *r)
{
	struct ask q;
	bool failed = read_ask(r, &q) != 0;
	if (failed && q.status == 500) {
		reply_db_failure(r);
		return;
	}
	struct service_report rep, months;
	if (!failed) {
		if (service_report_run(r->db, &r->arena, &q.scope, q.by,
		                       q.share, &rep) != DB_OK ||
		    (q.by != BY_MONTH &&
		     service_report_run(r->db, &r->arena, &q.scope, BY_MONTH,
		                        q.share, &months) != DB_OK)) {
			reply_db_failure(r);
			return;
		}
		if (q.by == BY_MONTH)
			months = rep;
		if (!audited(r, "query", &q))
			return;
	}
	struct html *b = page_html(r);
	page_begin(
	    r, failed ? "Service report (check the form)" : "Service report",
	    "reports");
	html_raw(b, "<p><a href=\"/reports\">Reports</a></p>\n<h1>Service "
	            "report</h1>\n");
	if (failed)
		form_error_summary(b, &q.e, NULL);
	report_form(r, &q, failed);
	if (!failed) {
		html_printf(b, "<h2>%s to %s</h2>\n", q.scope.from, q.scope.to);
		notice(b,
		       q.scope.with_unsigned
		           ? "Includes unsigned work: drafts and notes "
		             "awaiting a supervisor's co-signature. These are "
		             "not final figures."
		           : "Signed contacts only; a trainee's once a "
		             "supervisor has co-signed it.");
		notice(b, q.share
		              ? arena_sprintf(&r->arena,
		                              "For sharing outside the "
		                              "program: every figure below "
		                              "%d is shown as <%d.",
		                              rep.threshold, rep.threshold)
		              : "Internal: small numbers are shown. Choose "
		                "\"For sharing outside the program\" before "
		                "sharing it.");
		const char *query = arena_sprintf(
		    &r->arena, "%s&by=%s%s", report_scope_query(r, &q.scope),
		    service_by_choices[q.by].code, q.share ? "&share=1" : "");
		html_printf(
		    b,
		    "<p class=\"no-print\"><a class=\"usa-link\" "
		    "href=\"/reports/services.csv?%s\">Download the CSV"
		    "</a> · <a class=\"usa-link\" "
		    "href=\"/api/v1/reports/services?%s\">JSON</a></p>\n",
		    query, query);
		report_table(r, &rep);
		services_chart(r, &months);
	}
	page_end(r);
	reply_html(r, failed ? q.status : 200);
}

/* The CSV's and the API's request read, run and audited as action;
 * false after answering (400 or 404 naming the field, 500, 503). */
static bool run_asked(struct req *r, struct ask *q, struct service_report *rep,
                      const char *action)
{
	if (read_ask(r, q)) {
		if (q->status == 500)
			reply_db_failure(r);
		else
			reply_error(r, q->status,
			            q->status == 404 ? "not_found" : "invalid",
			            q->e.message, q->e.field);
		return false;
	}
	if (service_report_run(r->db, &r->arena, &q->scope, q->by, q->share,
	                       rep) != DB_OK) {
		reply_db_failure(r);
		return false;
	}
	return audited(r, action, q);
}

/* GET /reports/services.csv */
void reports_services_csv(struct req *r)
{
	struct ask q;
	struct service_report rep;
	if (!run_asked(r, &q, &rep, "export"))
		return;
	struct buf *out = &r->out;
	buf_reset(out);
	buf_puts(out, service_by_choices[q.by].code);
	buf_puts(out, ",label,contacts,persons_served,minutes,billable_units,"
	              "drop_ins,suppressed\r\n");
	for (int i = 0; i <= rep.n; i++) {
		const struct service_row *row =
		    i < rep.n ? &rep.rows[i] : &rep.total;
		csv_text(out, i < rep.n ? row->key : "total");
		csv_text(out, row->label);
		bool any = false;
		for (int f = 0; f < FIG_COUNT; f++) {
			if (row->suppressed[f]) {
				any = true;
				csv_text(out, NULL);
			} else
				csv_int(out, row->value[f]);
		}
		csv_text(out, any ? "true" : "false");
		csv_row_end(out);
	}
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
	req_add_header(r, "Content-Disposition",
	               "attachment; filename=\"services.csv\"");
}

static void json_row(struct buf *b, const struct service_row *row, bool total)
{
	json_object_begin(b);
	if (!total) {
		json_field_text(b, "key", row->key);
		json_field_text(b, "label", row->label);
	}
	bool any = false;
	for (int f = 0; f < FIG_COUNT; f++) {
		json_field(b, service_figure_names[f]);
		if (row->suppressed[f]) {
			any = true;
			json_raw(b, "null");
		} else
			json_int(b, row->value[f]);
	}
	json_field_bool(b, "suppressed", any);
	json_object_end(b);
}

/* GET /api/v1/reports/services */
void reports_services_api(struct req *r)
{
	struct ask q;
	struct service_report rep;
	if (!run_asked(r, &q, &rep, "query"))
		return;
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	json_field_text(b, "from", q.scope.from);
	json_field_text(b, "to", q.scope.to);
	json_field_text(b, "by", service_by_choices[q.by].code);
	json_field_bool(b, "unsigned", q.scope.with_unsigned);
	json_field_bool(b, "share", q.share);
	if (q.share)
		json_field_int(b, "small_cell_threshold", rep.threshold);
	json_field(b, "rows");
	json_raw(b, "[");
	for (int i = 0; i < rep.n; i++) {
		if (i)
			json_raw(b, ",");
		json_row(b, &rep.rows[i], false);
	}
	json_raw(b, "]");
	json_field(b, "total");
	json_row(b, &rep.total, true);
	json_object_end(b);
	reply_json_written(r, 200);
}

/* PUT /api/v1/programs/{id}/small-cell-threshold {small_cell_threshold}
 * → 204: the smallest figure a report shared outside the program shows,
 * 1 to 100 (400 naming the field); the change audited with the program's
 * in one transaction. */
void reports_threshold_api(struct req *r)
{
	json_t *v =
	    r->json ? json_object_get(r->json, "small_cell_threshold") : NULL;
	if (!v || !json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > 100) {
		reply_error(r, 400, "invalid",
		            "small_cell_threshold: a whole number from 1 to "
		            "100.",
		            "small_cell_threshold");
		return;
	}
	int64_t id = req_id(r, "id"), t = json_integer_value(v);
	if (db_begin(r->db) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	struct actor who = req_actor(r);
	enum db_status s = report_threshold_set(r->db, &r->arena, &who, id, t);
	if (s == DB_DONE) {
		db_rollback(r->db);
		reply_error(r, 404, "not_found", "There is no such program.",
		            NULL);
		return;
	}
	if (s != DB_OK || db_commit(r->db) != DB_OK) {
		db_rollback(r->db);
		reply_db_failure(r);
		return;
	}
	r->status = 204;
}
