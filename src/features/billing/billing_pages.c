/* billing_pages.c — the billing export for program managers: a form (which
 * program, which period) and the CSV of billable units it gives, and the
 * installation's service codes per contact kind.  The CSV names persons,
 * so each one is audited as an export. */
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
#include "../../core/local_time.h"
#include "../programs/program.h"
#include "../programs/program_zone.h"
#include "batch_pages.h"
#include "billing.h"

#include <string.h>

/* The service code field of each billable kind: code-<kind>. */
static const char *code_field(struct req *r, const struct contact_kind *k)
{
	return arena_sprintf(&r->arena, "code-%s", k->code);
}

/* What the billing page shows besides the stored codes: what a manager
 * typed in either form, and why it was refused. */
struct billing_form {
	const char **typed; /* one code per contact kind, or NULL */
	const struct field_error *codes_e;
	const struct billing_period *period; /* NULL: last month */
	const struct field_error *period_e;
	const struct batch_request *batch; /* the batch form as typed */
	const struct field_error *batch_e;
};

/* The programs as choices, by id. */
static struct choice *program_choices(struct req *r, int *n)
{
	struct program *list;
	enum db_status s = program_list(r->db, &r->arena, 0, 200, &list, n);
	if (s != DB_OK && s != DB_DONE)
		return NULL;
	struct choice *programs =
	    arena_alloc(&r->arena, (size_t)(*n + 1) * sizeof *programs);
	for (int i = 0; i < *n; i++)
		programs[i] = (struct choice){
		    arena_sprintf(&r->arena, "%lld", (long long)list[i].id),
		    list[i].name};
	return programs;
}

/* The export form: the period as typed, or last month (the period a
 * manager bills most often) in their own time zone. */
static void period_form(struct req *r, const struct choice *programs, int n,
                        const struct billing_period *p,
                        const struct field_error *e)
{
	struct html *b = page_html(r);
	char from[LOCAL_DATE_SIZE], to[LOCAL_DATE_SIZE];
	local_month_before(request_today(r), from, to);
	const char *program =
	    p && p->program
	        ? arena_sprintf(&r->arena, "%lld", (long long)p->program)
	        : NULL;
	html_raw(b, "<h2>Export</h2>\n<p>Billable units per program and "
	            "period, one row per contact: signed (and co-signed when a "
	            "trainee's), of a billable kind, with start and end, "
	            "location and a plan goal. Units follow the program's "
	            "rounding rule.</p>\n<form class=\"usa-form\" "
	            "method=\"get\" action=\"/billing.csv\">");
	form_required_note(b);
	form_select(b,
	            &(struct form_field){"program", "Program", program, NULL,
	                                 field_error_for(e, "program"), NULL,
	                                 true},
	            programs, n);
	form_input(b,
	           &(struct form_field){"from", "From", p ? p->from : from,
	                                "The first day, like 2026-11-01.",
	                                field_error_for(e, "from"), "off",
	                                true},
	           "date");
	form_input(b,
	           &(struct form_field){"to", "To", p ? p->to : to,
	                                "The last day, included.",
	                                field_error_for(e, "to"), "off", true},
	           "date");
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Download "
	            "the CSV</button></form>\n");
}

/* The codes form; typed keeps what a manager typed when a code was
 * refused.  False when a stored code could not be read (answered). */
static bool codes_form(struct req *r, const char **typed,
                       const struct field_error *e)
{
	struct html *b = page_html(r);
	html_raw(b, "<h2>Service codes</h2>\n<p>The "
	            "code billed for each kind of contact (H0038, peer support "
	            "services, unless set).</p>\n<form class=\"usa-form\" "
	            "method=\"post\" action=\"/billing/codes\">");
	form_csrf(r);
	for (int i = 0; i < contact_kind_count; i++) {
		const struct contact_kind *k = &contact_kinds[i];
		if (!k->billable)
			continue;
		const char *name = code_field(r, k),
		           *code = typed ? typed[i] : NULL;
		if (!code &&
		    billing_code(r->db, &r->arena, k->code, &code) != DB_OK) {
			reply_db_failure(r);
			return false;
		}
		form_text(b, &(struct form_field){name, k->label, code, NULL,
		                                  field_error_for(e, name),
		                                  "off", false});
	}
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Save the "
	            "codes</button></form>\n");
	return true;
}

/* How many billable notes since the first of last month, every program,
 * are flagged for their author's credential (the export keeps them, with
 * the column credential_problem).  False when it could not be read
 * (answered). */
static bool credential_flags(struct req *r)
{
	char from[LOCAL_DATE_SIZE], to[LOCAL_DATE_SIZE];
	const char *today = request_today(r);
	local_month_before(today, from, to);
	int rows, flagged;
	if (billing_csv(r->db, &r->arena, 0, from, today, NULL, &rows,
	                &flagged) != DB_OK) {
		reply_db_failure(r);
		return false;
	}
	struct html *b = page_html(r);
	html_printf(b, "<h2>Credential problems</h2>\n<p data-flagged=\"%d\">",
	            flagged);
	if (!flagged)
		html_printf(b,
		            "No billable note since %s is by staff lacking a "
		            "credential billing needs.</p>\n",
		            from);
	else
		html_printf(
		    b,
		    "<strong>%d billable note%s since %s %s by staff "
		    "whose credential billing needs was missing or "
		    "expired on the day.</strong> They are in the export, "
		    "flagged in its last column (credential_problem): "
		    "check them before billing.</p>\n",
		    flagged, flagged == 1 ? "" : "s", from,
		    flagged == 1 ? "is" : "are");
	return true;
}

/* The export form and the service codes, with what was typed and why it
 * was refused (v's members may be NULL). */
static void billing_view(struct req *r, int status,
                         const struct billing_form *v)
{
	int n;
	struct choice *programs = program_choices(r, &n);
	if (!programs) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r,
	           v->codes_e || v->period_e || v->batch_e
	               ? "Billing (check the form)"
	               : "Billing",
	           "billing");
	html_raw(b, "<h1>Billing</h1>\n");
	if (v->batch_e)
		form_error_summary(b, v->batch_e, NULL);
	else if (v->period_e)
		form_error_summary(b, v->period_e, NULL);
	else if (v->codes_e)
		form_error_summary(b, v->codes_e, NULL);
	else if (req_query(r, "saved"))
		html_raw(b,
		         "<div class=\"usa-alert usa-alert--success "
		         "usa-alert--slim\" role=\"status\"><div "
		         "class=\"usa-alert__body\"><p class=\"usa-alert__text"
		         "\">Service codes saved.</p></div></div>\n");
	if (!credential_flags(r))
		return;
	batch_form(r, programs, n, v->batch, v->batch_e);
	period_form(r, programs, n, v->period, v->period_e);
	if (!codes_form(r, v->typed, v->codes_e))
		return;
	page_end(r);
	reply_html(r, status);
}

void billing_batch_refused(struct req *r, int status,
                           const struct batch_request *q,
                           const struct field_error *e)
{
	billing_view(r, status,
	             &(struct billing_form){.batch = q, .batch_e = e});
}

/* GET /billing */
void billing_page(struct req *r)
{
	billing_view(r, 200, &(struct billing_form){0});
}

/* Sets the codes of n kinds, each with its audit entry, in one
 * transaction: all of them or none. */
static enum db_status set_codes(struct req *r, const char *const *kinds,
                                const char *const *codes, int n)
{
	enum db_status s = db_begin(r->db);
	for (int i = 0; i < n && s == DB_OK; i++) {
		s = billing_set_code(r->db, kinds[i], codes[i]);
		if (s == DB_OK &&
		    !req_audit(r, &(struct audit_entry){
		                      "update", "service_code", kinds[i], 0,
		                      "success", codes[i]}))
			s = DB_UNAVAILABLE;
	}
	if (s == DB_OK)
		return db_commit(r->db);
	if (db_in_transaction(r->db))
		db_rollback(r->db);
	return s;
}

/* POST /billing/codes — every billable kind's code, all or none saved */
void billing_codes_submit(struct req *r)
{
	size_t size = (size_t)contact_kind_count * sizeof(const char *);
	const char **typed = arena_alloc(&r->arena, size),
	           **kinds = arena_alloc(&r->arena, size),
	           **codes = arena_alloc(&r->arena, size);
	int n = 0;
	struct field_error e = {0};
	for (int i = 0; i < contact_kind_count; i++) {
		const struct contact_kind *k = &contact_kinds[i];
		typed[i] = "";
		if (!k->billable)
			continue;
		struct service_code c = {k->code, k->label,
		                         req_form_text(r, code_field(r, k))};
		typed[i] = c.code;
		kinds[n] = k->code;
		codes[n++] = c.code;
		/* every refused code is named by its own form field */
		struct field_error one;
		if (service_code_validate(&r->arena, &c, &one))
			field_error_add(&e, code_field(r, k), k->label,
			                one.message);
	}
	if (e.field) {
		billing_view(
		    r, 400,
		    &(struct billing_form){.typed = typed, .codes_e = &e});
		return;
	}
	if (set_codes(r, kinds, codes, n) == DB_OK)
		reply_redirect(r, "/billing?saved=1");
	else
		reply_db_failure(r);
}

/* GET /billing.csv?program=&from=&to= */
void billing_csv_page(struct req *r)
{
	struct billing_period p = {0};
	struct field_error e;
	int rows, flagged;
	/* a GET form: the period comes in the query */
	const char *program = req_query(r, "program");
	p.program = program && text_to_id(program, &p.program) ? p.program : 0;
	p.from = req_query(r, "from") ? req_query(r, "from") : "";
	p.to = req_query(r, "to") ? req_query(r, "to") : "";
	/* refused: the billing page again, the period as typed, every
	 * fault listed (a GET form, so nothing was saved to lose) */
	if (billing_period_validate(&r->arena, &p, &e)) {
		billing_view(
		    r, 400,
		    &(struct billing_form){.period = &p, .period_e = &e});
		return;
	}
	buf_reset(&r->out);
	if (billing_csv(r->db, &r->arena, p.program, p.from, p.to, &r->out,
	                &rows, &flagged) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	if (!req_audit(
	        r, &(struct audit_entry){
	               "export", "billing",
	               arena_sprintf(&r->arena, "%lld", (long long)p.program),
	               0, "success",
	               arena_sprintf(&r->arena,
	                             "%s to %s, %d rows, %d flagged for a "
	                             "credential",
	                             p.from, p.to, rows, flagged)})) {
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
	struct service_code c = {0};
	struct field_error e;
	const struct contact_kind *k =
	    contact_kind_find(req_path_text(r, "kind"));
	if (!k || !k->billable) {
		reply_error(r, 404, "not_found",
		            "There is no such billable contact kind.", NULL);
		return;
	}
	if (fields_from_json(r, service_code_fields, service_code_field_count,
	                     NULL, &c) == ANSWERED)
		return;
	if (service_code_validate(&r->arena, &c, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	if (set_codes(r, &k->code, &c.code, 1) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	r->status = 204;
}

/* GET /api/v1/billing/codes → {items: [{kind, label, code}]} */
void billing_api_codes(struct req *r)
{
	struct buf *b = &r->out;
	buf_reset(b);
	json_raw(b, "{\"items\":[");
	bool first = true;
	for (int i = 0; i < contact_kind_count; i++) {
		const struct contact_kind *k = &contact_kinds[i];
		const char *code;
		if (!k->billable)
			continue;
		if (billing_code(r->db, &r->arena, k->code, &code) != DB_OK) {
			reply_db_failure(r);
			return;
		}
		if (!first)
			json_raw(b, ",");
		first = false;
		json_object_begin(b);
		fields_json(b, service_code_fields, service_code_field_count,
		            &(struct service_code){k->code, k->label, code});
		json_object_end(b);
	}
	json_raw(b, "]}");
	reply_json_written(r, 200);
}
