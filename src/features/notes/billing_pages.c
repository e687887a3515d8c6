/* billing_pages.c — the billing export for program managers: a form (which
 * program, which period) and the CSV of billable units it gives, and the
 * installation's service codes per contact kind.  The CSV names persons,
 * so each one is audited as an export. */
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../http/handlers.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../programs/program.h"
#include "billing.h"

#include <string.h>

/* GET /billing */
void billing_page(struct req *r)
{
	struct program *list;
	int n;
	enum db_status s = program_list(r->db, &r->arena, 0, 200, &list, &n);
	if (s != DB_OK && s != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct choice *programs =
	    arena_alloc(&r->arena, (size_t)(n + 1) * sizeof *programs);
	for (int i = 0; i < n; i++)
		programs[i] = (struct choice){
		    arena_sprintf(&r->arena, "%lld", (long long)list[i].id),
		    list[i].name};
	struct buf *b = &r->out;
	page_begin(r, "Billing", "billing");
	html_raw(b, "<h1>Billing</h1>\n<p>Billable units per program and "
	            "period, one row per contact: signed (and co-signed when a "
	            "trainee's), of a billable kind, with start and end, "
	            "location and a plan goal. Units follow the program's "
	            "rounding rule.</p>\n<form class=\"usa-form\" "
	            "method=\"get\" action=\"/billing.csv\">");
	form_select(
	    b,
	    &(struct form_field){"program", "Program", NULL, NULL, NULL, NULL},
	    programs, n);
	form_input(
	    b, &(struct form_field){"from", "From", NULL, NULL, NULL, "off"},
	    "date");
	form_input(b, &(struct form_field){"to", "To", NULL, NULL, NULL, "off"},
	           "date");
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Download "
	            "the CSV</button></form>\n");
	page_end(r);
	reply_html(r, 200);
}

/* GET /billing.csv?program=&from=&to= */
void billing_csv_page(struct req *r)
{
	const char *p = req_query(r, "program"), *from = req_query(r, "from"),
	           *to = req_query(r, "to");
	int64_t program;
	int rows;
	if (!p || !text_to_id(p, &program)) {
		reply_error(r, 400, "invalid", "Choose a program.", "program");
		return;
	}
	if (!from || !text_is_date(from)) {
		reply_error(r, 400, "invalid",
		            "From must be a date like 2026-11-01.", "from");
		return;
	}
	if (!to || !text_is_date(to) || strcmp(to, from) < 0) {
		reply_error(r, 400, "invalid",
		            "To must be a date like 2026-11-30, not before "
		            "From.",
		            "to");
		return;
	}
	buf_reset(&r->out);
	if (billing_csv(r->db, program, from, to, &r->out, &rows) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	if (!req_audit(r, &(struct audit_entry){
	                      "export", "billing", p, 0, "success",
	                      arena_sprintf(&r->arena, "%s to %s, %d rows",
	                                    from, to, rows)})) {
		reply_audit_unavailable(r, NULL);
		return;
	}
	r->status = 200;
	r->content_type = "text/csv; charset=utf-8";
	req_add_header(r, "Content-Disposition",
	               "attachment; filename=\"billing.csv\"");
}

/* PUT /api/v1/billing/codes/{kind} {code} → 204 */
void billing_api_code(struct req *r)
{
	static const char *const fields[] = {"code", NULL};
	const char *code;
	const char **texts[] = {&code};
	const struct contact_kind *k = contact_kind_find(req_param(r, 0));
	if (!k || !k->billable) {
		reply_error(r, 404, "not_found",
		            "There is no such billable contact kind.", NULL);
		return;
	}
	if (api_known_fields(r, fields) || api_texts(r, fields, texts, 1))
		return;
	bool ok = *code && strlen(code) <= 12;
	for (const char *c = code; ok && *c; c++)
		ok = (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		     *c == '-';
	if (!ok) {
		reply_error(r, 400, "invalid",
		            "code: a service code like H0038 (capital letters, "
		            "digits, hyphens; at most 12).",
		            "code");
		return;
	}
	if (billing_set_code(r->db, k->code, code) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	req_audit(r, &(struct audit_entry){"update", "service_code", k->code, 0,
	                                   "success", code});
	r->status = 204;
}
