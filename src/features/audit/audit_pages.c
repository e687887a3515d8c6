/* audit_pages.c — the audit log for administrators: a filtered page, the
 * same as CSV (an export, itself audited), and /api/v1/audit. */
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/csv.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "audit_query.h"

#include <string.h>

static void filter_input(struct html *b, const char *name, const char *label,
                         const char *type, const char *value)
{
	html_printf(b,
	            "<div class=\"grid-col-12 tablet:grid-col-4\"><label "
	            "class=\"usa-label\" for=\"f-%s\">%s</label><input "
	            "class=\"usa-input\" id=\"f-%s\" name=\"%s\" type=\"%s\" "
	            "value=\"%s\"></div>",
	            name, label, name, name, type, value ? value : "");
}

/* The filter's query string, to carry into "next page" and CSV links. */
static void filter_query(struct req *r, struct buf *b)
{
	static const char *const names[] = {"from",   "to",     "user",
	                                    "person", "action", NULL};
	for (const char *const *n = names; *n; n++) {
		const char *v = req_query(r, *n);
		if (!v || !*v)
			continue;
		buf_puts(b, *n);
		buf_putc(b, '=');
		url_arg(b, v);
		buf_putc(b, '&');
	}
}

/* GET /audit */
void audit_page(struct req *r)
{
	struct audit_filter f;
	struct audit_row *rows;
	int count;
	if (audit_filter_read(r, &f, 200))
		return;
	f.limit++; /* one more says another page follows */
	if (audit_query(r, &f, &rows, &count) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	f.limit--;
	struct html *b = page_html(r);
	struct buf q = {0};
	filter_query(r, &q);
	page_begin(r, "Audit log", "audit");
	html_raw(b,
	         "<h1>Audit log</h1>\n<form class=\"usa-form usa-form--large "
	         "maxw-full\" method=\"get\" action=\"/audit\"><div "
	         "class=\"grid-row "
	         "grid-gap\">");
	filter_input(b, "from", "From (date)", "date", req_query(r, "from"));
	filter_input(b, "to", "To (date)", "date", req_query(r, "to"));
	filter_input(b, "user", "Staff member number", "text",
	             req_query(r, "user"));
	filter_input(b, "person", "Person record number", "text",
	             req_query(r, "person"));
	filter_input(b, "action", "Action (signin, read, update…)", "text",
	             req_query(r, "action"));
	html_printf(
	    b,
	    "</div><button class=\"usa-button margin-top-2\" "
	    "type=\"submit\">Filter</button> <a class=\"usa-button "
	    "usa-button--outline margin-top-2\" "
	    "href=\"/audit.csv?%s\">Download CSV</a></form>\n<div "
	    "class=\"waypoint-table-wrap\"><table class=\"usa-table "
	    "usa-table--stacked usa-table--compact\"><caption>Entries, newest "
	    "first</caption><thead><tr><th scope=\"col\">#</th><th "
	    "scope=\"col\">Time (UTC)</th><th scope=\"col\">Who</th><th "
	    "scope=\"col\">Action</th><th scope=\"col\">Record</th><th "
	    "scope=\"col\">Outcome</th><th "
	    "scope=\"col\">From</th></tr></thead><tbody>\n",
	    q.data ? q.data : "");
	for (int i = 0; i < count && i < f.limit; i++) {
		const struct audit_row *x = &rows[i];
		html_printf(
		    b,
		    "<tr><td data-label=\"#\">%lld</td><td "
		    "data-label=\"Time\">%s</td><td data-label=\"Who\">",
		    (long long)x->id, x->at);
		if (x->user_id)
			html_printf(b, "%lld ", (long long)x->user_id);
		html_printf(b,
		            "%s</td><td data-label=\"Action\">%s</td><td "
		            "data-label=\"Record\">%s %s",
		            x->role, x->action, x->entity_type, x->entity_id);
		if (x->person_id)
			html_printf(b, " (person %lld)",
			            (long long)x->person_id);
		html_printf(b, "</td><td data-label=\"Outcome\">%s",
		            x->outcome);
		if (*x->detail) {
			html_printf(b, ": %s", x->detail);
		}
		html_printf(b, "</td><td data-label=\"From\">%s</td></tr>\n",
		            x->client);
	}
	html_raw(b, "</tbody></table></div>\n");
	if (count > f.limit) {
		html_printf(
		    b,
		    "<p><a class=\"usa-link\" "
		    "href=\"/audit?%scursor=%lld\">Older entries</a></p>\n",
		    q.data ? q.data : "", (long long)rows[f.limit - 1].id);
	}
	buf_free(&q);
	page_end(r);
	reply_html(r, 200);
}

/* GET /audit.csv — up to 100,000 entries of the filter. */
void audit_csv(struct req *r)
{
	struct audit_filter f;
	struct audit_row *rows;
	int count;
	if (audit_filter_read(r, &f, 100000))
		return;
	if (!req_query(r, "limit"))
		f.limit = 100000;
	if (audit_query(r, &f, &rows, &count) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct buf *b = &r->out;
	csv_header(b, "id,at,user_id,role,action,entity_type,entity_id,"
	              "person_id,client,outcome,detail");
	for (int i = 0; i < count; i++) {
		const struct audit_row *x = &rows[i];
		csv_int(b, x->id);
		csv_text(b, x->at);
		csv_int(b, x->user_id);
		csv_text(b, x->role);
		csv_text(b, x->action);
		csv_text(b, x->entity_type);
		csv_text(b, x->entity_id);
		csv_int(b, x->person_id);
		csv_text(b, x->client);
		csv_text(b, x->outcome);
		csv_text(b, x->detail);
		csv_row_end(b);
	}
	req_audit(r, &(struct audit_entry){
	                 "export", "audit_log", "", 0, "success",
	                 arena_sprintf(&r->arena, "%d entries", count)});
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
	req_add_header(r, "Content-Disposition",
	               "attachment; filename=\"audit.csv\"");
}

/* GET /api/v1/audit?from=&to=&user=&person=&action=&limit=&cursor= */
void audit_api_list(struct req *r)
{
	struct audit_filter f;
	struct audit_row *rows;
	int count;
	if (audit_filter_read(r, &f, 200))
		return;
	f.limit++;
	if (audit_query(r, &f, &rows, &count) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	f.limit--;
	struct buf *b = &r->out;
	json_raw(b, "{\"items\":[");
	for (int i = 0; i < count && i < f.limit; i++) {
		const struct audit_row *x = &rows[i];
		if (i)
			json_raw(b, ",");
		json_raw(b, "{\"id\":");
		json_int(b, x->id);
		json_raw(b, ",\"at\":");
		json_text(b, x->at);
		json_raw(b, ",\"user_id\":");
		json_int(b, x->user_id);
		json_raw(b, ",\"role\":");
		json_text(b, x->role);
		json_raw(b, ",\"action\":");
		json_text(b, x->action);
		json_raw(b, ",\"entity_type\":");
		json_text(b, x->entity_type);
		json_raw(b, ",\"entity_id\":");
		json_text(b, x->entity_id);
		json_raw(b, ",\"person_id\":");
		json_int(b, x->person_id);
		json_raw(b, ",\"client\":");
		json_text(b, x->client);
		json_raw(b, ",\"outcome\":");
		json_text(b, x->outcome);
		json_raw(b, ",\"detail\":");
		json_text(b, x->detail);
		json_raw(b, "}");
	}
	api_list_end(r, count > f.limit,
	             count > f.limit ? rows[f.limit - 1].id : 0);
}
