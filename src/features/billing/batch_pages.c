/* batch_pages.c — billing batches for program managers (batch.h): the
 * form on the billing page, the list, a batch's page, its CSV (streamed:
 * http/stream.h) and the same as JSON; a program's billing settings.
 * Making a batch is audited (create) with it, in its transaction; each
 * download is audited (export) before its first byte; a batch's page and
 * API answer name the persons it left out, so each is audited (read). */
#include "../../core/text.h"
#include "../../core/local_time.h"
#include "../../handlers.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../http/stream.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../programs/program.h"
#include "../programs/program_zone.h"
#include "batch_pages.h"

#include <stdlib.h>
#include <string.h>

/* Lines read for each chunk of a download. */
enum { CSV_CHUNK = 500, LIST_MAX = 100 };

static const char *id_text(struct req *r, int64_t id)
{
	return arena_sprintf(&r->arena, "%lld", (long long)id);
}

/* ---- the form on the billing page ------------------------------------ */

void batch_form(struct req *r, const struct choice *programs, int n,
                const struct batch_request *q, const struct field_error *e)
{
	struct html *b = page_html(r);
	char from[LOCAL_DATE_SIZE], to[LOCAL_DATE_SIZE];
	local_month_before(request_today(r), from, to);
	const char *program =
	    q && q->program_id ? id_text(r, q->program_id) : NULL;
	html_raw(b,
	         "<h2 id=\"batches\">Send a batch</h2>\n<p>A batch is what "
	         "goes to the payer: every billable service of the program "
	         "in the period that no earlier batch sent, one claims-ready "
	         "line each, kept as sent. Under 42 CFR Part 2 a person goes "
	         "only under a release covering payment to the payer. <a "
	         "class=\"usa-link\" href=\"/billing/batches\">Batches sent"
	         "</a></p>\n<form class=\"usa-form\" method=\"post\" "
	         "action=\"/billing/batches\">");
	form_csrf(r);
	form_required_note(b);
	form_select(b,
	            &(struct form_field){
	                "batch_program", "Program", program, NULL,
	                field_error_for(e, "batch_program"), NULL, true},
	            programs, n);
	form_input(
	    b,
	    &(struct form_field){"batch_from", "From", q ? q->from : from,
	                         "The first day, like 2026-11-01.",
	                         field_error_for(e, "batch_from"), "off", true},
	    "date");
	form_input(b,
	           &(struct form_field){"batch_to", "To", q ? q->to : to,
	                                "The last day, included; at most 366 "
	                                "days.",
	                                field_error_for(e, "batch_to"), "off",
	                                true},
	           "date");
	form_checkbox(b, "batch_reexport",
	              "Send again the services earlier batches sent",
	              q && q->reexport);
	form_textarea(b, &(struct form_field){
	                     "batch_reason", "Reason for sending again",
	                     q ? q->reason : NULL,
	                     "Needed to send again, such as the payer's "
	                     "request to resubmit.",
	                     field_error_for(e, "batch_reason"), NULL, false});
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Make the "
	            "batch</button></form>\n");
}

/* ---- reading a request ------------------------------------------------ */

struct audit_cls {
	struct req *r;
};

static bool audit_created(void *cls, int64_t id, const struct batch *b)
{
	struct req *r = ((struct audit_cls *)cls)->r;
	return req_audit(
	    r, &(struct audit_entry){
	           "create", "billing_batch", id_text(r, id), 0, "success",
	           arena_sprintf(
	               &r->arena,
	               "program %lld, %s to %s, %lld lines, %lld units, %lld "
	               "left out%s%s",
	               (long long)b->program_id, b->from_on, b->to_on,
	               (long long)b->line_count, (long long)b->units,
	               (long long)b->left_out, b->reexport ? ", again: " : "",
	               b->reexport ? b->reason : "")});
}

/* Makes the batch; *status and *e say why not (404 program, 409 nothing
 * or taken meanwhile); 0 answered nothing yet, -1 answered (a failure). */
static int create(struct req *r, const struct batch_request *q, int64_t *id,
                  int *status, struct field_error *e)
{
	enum db_status s =
	    batch_create(r->db, &r->arena, q, req_user_id(r), audit_created,
	                 &(struct audit_cls){r}, id);
	if (s == DB_OK)
		return 0;
	if (s == DB_DONE) {
		*status = 409;
		field_fail(e, "from",
		           "Nothing is left to bill in this period: each "
		           "service goes in one batch, and every billable "
		           "one of the period is in one already (or there is "
		           "none). To send them again, tick Send again and "
		           "give the reason.");
		return 1;
	}
	if (s == DB_CONSTRAINT) {
		*status = 409;
		field_fail(e, "from",
		           "Another batch took some of these services while "
		           "this one was made. Nothing was saved; make it "
		           "again.");
		return 1;
	}
	if (s == DB_UNAVAILABLE && !db_in_transaction(r->db))
		reply_audit_unavailable(r, NULL);
	else
		reply_db_failure(r);
	return -1;
}

/* The form's fields are batch_<field> (the billing page has another
 * form with a program, from and to): e's fields renamed so. */
static void form_names(struct req *r, struct field_error *e)
{
	if (e->field)
		e->field = arena_sprintf(&r->arena, "batch_%s", e->field);
	for (int i = 0; i < e->nmore; i++)
		e->more[i].field =
		    arena_sprintf(&r->arena, "batch_%s", e->more[i].field);
}

/* POST /billing/batches {batch_program, batch_from, batch_to,
 * batch_reexport, batch_reason} */
void batch_create_submit(struct req *r)
{
	struct batch_request q = {0};
	const char *program = req_form_text(r, "batch_program");
	if (!text_to_id(program, &q.program_id))
		q.program_id = 0;
	q.from = req_form_text(r, "batch_from");
	q.to = req_form_text(r, "batch_to");
	const char *again = req_form(r, "batch_reexport");
	q.reexport = again && (!strcmp(again, "1") || !strcmp(again, "on"));
	q.reason = req_form_text(r, "batch_reason");
	struct field_error e = {0};
	int status = 400;
	batch_request_validate(&r->arena, &q, &e);
	if (!q.program_id) {
		struct field_error first = {0};
		field_error_add(&first, "program", "Program",
		                "Choose a program.");
		for (int i = -1; e.field && i < e.nmore; i++)
			field_error_add(&first,
			                i < 0 ? e.field : e.more[i].field,
			                i < 0 ? e.label : e.more[i].label,
			                i < 0 ? e.message : e.more[i].message);
		e = first;
	} else if (!e.field) {
		enum db_status s = program_billing_known(r->db, q.program_id);
		if (s == DB_DONE) {
			status = 404;
			field_fail(&e, "program", "There is no such program.");
		} else if (s != DB_ROW) {
			reply_db_failure(r);
			return;
		}
	}
	if (!e.field) {
		int64_t id;
		int made = create(r, &q, &id, &status, &e);
		if (made < 0)
			return;
		if (!made) {
			reply_redirect(r, arena_sprintf(&r->arena,
			                                "/billing/batches/%lld",
			                                (long long)id));
			return;
		}
	}
	form_names(r, &e);
	billing_batch_refused(r, status, &q, &e);
}

/* POST /api/v1/billing/batches {program_id, from, to, reexport?, reason?}
 * → 201 with the batch; 400 naming the field; 404 naming program_id; 409
 * when nothing is left to bill (nothing_to_bill) or another batch took a
 * service meanwhile (conflict). */
void batches_api_create(struct req *r)
{
	static const char *const allowed[] = {"program_id", "from",   "to",
	                                      "reexport",   "reason", NULL};
	if (!json_is_object(r->json)) {
		reply_error(r, 400, "bad_json",
		            "The body must be a JSON object.", NULL);
		return;
	}
	if (api_known_fields(r, allowed) == ANSWERED)
		return;
	struct batch_request q = {0};
	json_t *pid = json_object_get(r->json, "program_id"),
	       *again = json_object_get(r->json, "reexport");
	if (!json_is_integer(pid) || json_integer_value(pid) <= 0) {
		reply_error(
		    r, 400, "invalid",
		    "program_id must be a program's id, a whole number.",
		    "program_id");
		return;
	}
	q.program_id = json_integer_value(pid);
	if (again && !json_is_null(again) && !json_is_boolean(again)) {
		reply_error(r, 400, "bad_type",
		            "reexport must be true or false.", "reexport");
		return;
	}
	q.reexport = again && json_is_true(again);
	if (api_string(r, r->json, "from", &q.from) == ANSWERED ||
	    api_string(r, r->json, "to", &q.to) == ANSWERED ||
	    api_string(r, r->json, "reason", &q.reason) == ANSWERED)
		return;
	struct field_error e = {0};
	if (batch_request_validate(&r->arena, &q, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	enum db_status s = program_billing_known(r->db, q.program_id);
	if (s == DB_DONE) {
		reply_error(r, 404, "not_found", "There is no such program.",
		            "program_id");
		return;
	}
	if (s != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	int64_t id;
	int status;
	int made = create(r, &q, &id, &status, &e);
	if (made < 0)
		return;
	if (made) {
		reply_error(r, status,
		            strstr(e.message, "Nothing") ? "nothing_to_bill"
		                                         : "conflict",
		            e.message, NULL);
		return;
	}
	r->status = 201;
	batch_api_get_id(r, id, 201);
}

/* ---- the list --------------------------------------------------------- */

static void batch_json(struct req *r, struct buf *b, const struct batch *x)
{
	json_object_begin(b);
	json_field_int(b, "id", x->id);
	json_field_int(b, "program_id", x->program_id);
	json_field_text(b, "program", x->program_name);
	json_field_text(b, "from", x->from_on);
	json_field_text(b, "to", x->to_on);
	json_field_int(b, "created_by", x->created_by);
	json_field_text(b, "created_by_name", x->created_by_name);
	json_field_text(b, "created_at", x->created_at);
	json_field_text(b, "payer", x->payer_name);
	json_field_int(b, "line_count", x->line_count);
	json_field_int(b, "units", x->units);
	json_field_int(b, "total_cents", x->total_cents);
	json_field_text(b, "total", batch_money(&r->arena, x->total_cents));
	json_field_bool(b, "reexport", x->reexport);
	json_field(b, "reexport_of");
	json_raw(b, "[");
	if (*x->reexport_of)
		buf_puts(b, x->reexport_of); /* "3, 7": ids and ", " only */
	json_raw(b, "]");
	json_field_text(b, "reason", x->reason);
	json_field_int(b, "left_out_count", x->left_out);
	json_field_text(b, "csv",
	                arena_sprintf(&r->arena, "/billing/batches/%lld/csv",
	                              (long long)x->id));
}

/* ?program= as a filter: 0 for all; -1 having answered 400/404. */
static int program_filter(struct req *r, int64_t *program)
{
	const char *p = req_query(r, "program");
	*program = 0;
	if (!p || !*p)
		return 0;
	if (!text_to_id(p, program)) {
		reply_error(r, 400, "invalid",
		            "program must be a program's id.", "program");
		return -1;
	}
	enum db_status s = program_billing_known(r->db, *program);
	if (s == DB_DONE)
		reply_error(r, 404, "not_found", "There is no such program.",
		            "program");
	else if (s != DB_ROW)
		reply_db_failure(r);
	return s == DB_ROW ? 0 : -1;
}

/* GET /api/v1/billing/batches?program=&limit=&cursor= */
void batches_api_list(struct req *r)
{
	int limit;
	int64_t after, program;
	if (api_page(r, &limit, &after) == ANSWERED ||
	    program_filter(r, &program))
		return;
	struct batch *list;
	int n;
	if (batch_list(r->db, &r->arena, program, limit + 1, after, &list,
	               &n) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	buf_reset(&r->out);
	json_raw(&r->out, "{\"items\":[");
	for (int i = 0; i < n && i < limit; i++) {
		if (i)
			json_raw(&r->out, ",");
		batch_json(r, &r->out, &list[i]);
		json_object_end(&r->out);
	}
	api_list_end(r, n > limit, n > limit ? list[limit - 1].id : 0);
}

/* GET /billing/batches?program= */
void batches_page(struct req *r)
{
	int64_t program;
	if (program_filter(r, &program))
		return;
	struct batch *list;
	int n;
	if (batch_list(r->db, &r->arena, program, LIST_MAX, 0, &list, &n) !=
	    DB_OK) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	page_begin(r, "Billing batches", "billing");
	html_raw(b, "<h1>Billing batches</h1>\n<p><a class=\"usa-link\" "
	            "href=\"/billing#batches\">Send a batch</a></p>\n");
	if (!n) {
		html_raw(b, "<p>No batch has been sent yet.</p>\n");
	} else {
		html_raw(
		    b, "<div class=\"waypoint-table-wrap\"><table "
		       "class=\"usa-table usa-table--stacked\">\n<caption>The "
		       "newest first (the last 100)</caption>\n<thead><tr>"
		       "<th scope=\"col\">Batch</th><th scope=\"col\">Program"
		       "</th><th scope=\"col\">Period</th><th scope=\"col\">"
		       "Lines</th><th scope=\"col\">Units</th><th "
		       "scope=\"col\">Left out</th><th scope=\"col\">Made"
		       "</th></tr></thead>\n<tbody>\n");
		for (int i = 0; i < n; i++) {
			const struct batch *x = &list[i];
			html_printf(
			    b,
			    "<tr><th scope=\"row\" data-label=\"Batch\"><a "
			    "class=\"usa-link\" href=\"/billing/batches/%lld\">"
			    "Batch %lld</a>%s</th><td data-label=\"Program\">"
			    "%s</td><td data-label=\"Period\">%s to %s</td><td "
			    "data-label=\"Lines\">%lld</td><td data-label="
			    "\"Units\">%lld</td><td data-label=\"Left out\">"
			    "%lld</td><td data-label=\"Made\">%s, ",
			    (long long)x->id, (long long)x->id,
			    x->reexport ? " (sent again)" : "", x->program_name,
			    x->from_on, x->to_on, (long long)x->line_count,
			    (long long)x->units, (long long)x->left_out,
			    x->created_by_name);
			html_stamp(b, x->created_at, zone_of_request(r));
			html_raw(b, "</td></tr>\n");
		}
		html_raw(b, "</tbody></table></div>\n");
	}
	page_end(r);
	reply_html(r, 200);
}

/* ---- one batch -------------------------------------------------------- */

/* Reads the route's batch; answers 404 naming id, or the failure. */
static enum answer load(struct req *r, int64_t id, struct batch *x)
{
	enum db_status s = batch_get(r->db, &r->arena, id, x);
	if (s == DB_DONE) {
		reply_error(r, 404, "not_found", "There is no such batch.",
		            "id");
		return ANSWERED;
	}
	if (s != DB_ROW) {
		reply_db_failure(r);
		return ANSWERED;
	}
	return GO_ON;
}

/* The batch and who it left out, read and audited (it names them). */
static enum answer load_whole(struct req *r, int64_t id, struct batch *x,
                              struct batch_left_out **out, int *n)
{
	if (load(r, id, x) == ANSWERED)
		return ANSWERED;
	if (batch_left_out_list(r->db, &r->arena, id, out, n) != DB_OK) {
		reply_db_failure(r);
		return ANSWERED;
	}
	if (!req_audit(r, &(struct audit_entry){
	                      "read", "billing_batch", id_text(r, id), 0,
	                      "success",
	                      arena_sprintf(&r->arena, "%d left out", *n)})) {
		reply_audit_unavailable(r, "Nothing was shown");
		return ANSWERED;
	}
	return GO_ON;
}

void batch_api_get_id(struct req *r, int64_t id, int status)
{
	struct batch x;
	struct batch_left_out *out;
	int n;
	if (load_whole(r, id, &x, &out, &n) == ANSWERED)
		return;
	struct buf *b = &r->out;
	buf_reset(b);
	batch_json(r, b, &x);
	json_field(b, "left_out");
	json_raw(b, "[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		json_field_int(b, "person_id", out[i].person_id);
		json_field_text(b, "record_number", out[i].record_number);
		json_field_text(b, "name", out[i].name);
		json_field_int(b, "services", out[i].services);
		json_field_text(b, "reason", out[i].reason);
		json_object_end(b);
	}
	json_raw(b, "]");
	json_object_end(b);
	reply_json_written(r, status);
}

/* GET /api/v1/billing/batches/{id} */
void batch_api_get(struct req *r)
{
	batch_api_get_id(r, req_id(r, "id"), 200);
}

/* GET /billing/batches/{id} */
void batch_page(struct req *r)
{
	struct batch x;
	struct batch_left_out *out;
	int n;
	int64_t id = req_id(r, "id");
	if (load_whole(r, id, &x, &out, &n) == ANSWERED)
		return;
	struct html *b = page_html(r);
	page_begin(
	    r, arena_sprintf(&r->arena, "Billing batch %lld", (long long)id),
	    "billing");
	html_printf(b,
	            "<h1>Billing batch %lld</h1>\n<dl class=\"waypoint-facts\">"
	            "<dt>Program</dt><dd>%s</dd><dt>Period</dt><dd>%s to %s"
	            "</dd><dt>Payer</dt><dd>%s</dd><dt>Lines</dt><dd "
	            "data-lines=\"%lld\">%lld</dd><dt>Units</dt><dd>%lld</dd>"
	            "<dt>Total</dt><dd>%s</dd><dt>Made by</dt><dd>%s, ",
	            (long long)id, x.program_name, x.from_on, x.to_on,
	            x.payer_name, (long long)x.line_count,
	            (long long)x.line_count, (long long)x.units,
	            batch_money(&r->arena, x.total_cents), x.created_by_name);
	html_stamp(b, x.created_at, zone_of_request(r));
	html_raw(b, "</dd>");
	if (x.reexport)
		html_printf(
		    b, "<dt>Sent again</dt><dd>%s%s%s (reason: %s)</dd>",
		    *x.reexport_of ? "repeats batch " : "",
		    *x.reexport_of ? x.reexport_of : "",
		    *x.reexport_of ? "" : "services no batch sent", x.reason);
	html_printf(b,
	            "</dl>\n<p><a class=\"usa-button\" href=\"/billing/"
	            "batches/%lld/csv\" download>Download the CSV</a></p>\n"
	            "<p><a class=\"usa-link\" href=\"/billing/batches\">All "
	            "batches</a></p>\n",
	            (long long)id);
	html_raw(b, "<h2>Left out</h2>\n");
	if (!n) {
		html_raw(b,
		         "<p data-left-out=\"0\">Nobody was left out.</p>\n");
	} else {
		html_printf(
		    b,
		    "<p data-left-out=\"%d\">These persons' services were not "
		    "sent: the program is under 42 CFR Part 2, and no release "
		    "of theirs allowed it. Once a release covers payment to "
		    "%s, a later batch sends them.</p>\n<div class=\"waypoint-"
		    "table-wrap\"><table class=\"usa-table usa-table--stacked"
		    "\">\n<caption>Left out of batch %lld</caption>\n<thead>"
		    "<tr><th scope=\"col\">Record number</th><th scope=\"col"
		    "\">Name</th><th scope=\"col\">Services</th><th scope="
		    "\"col\">Why</th></tr></thead>\n<tbody>\n",
		    n, x.payer_name, (long long)id);
		for (int i = 0; i < n; i++)
			html_printf(
			    b,
			    "<tr><th scope=\"row\" data-label=\"Record "
			    "number\"><a class=\"usa-link\" href=\"/"
			    "persons/%lld\">%s</a></th><td data-label="
			    "\"Name\">%s</td><td data-label=\"Services\">"
			    "%lld</td><td data-label=\"Why\">%s</td></tr>"
			    "\n",
			    (long long)out[i].person_id, out[i].record_number,
			    out[i].name, (long long)out[i].services,
			    out[i].reason);
		html_raw(b, "</tbody></table></div>\n");
	}
	page_end(r);
	reply_html(r, 200);
}

/* ---- the file, streamed ---------------------------------------------- */

struct csv_source {
	int64_t id, seq;
	bool header_sent;
};

static int csv_fill(void *cls, struct db *db, struct buf *out, bool *done)
{
	struct csv_source *c = cls;
	if (!c->header_sent) {
		buf_puts(out, batch_csv_header);
		c->header_sent = true;
	}
	bool more;
	if (batch_lines_chunk(db, c->id, CSV_CHUNK, &c->seq, out, &more) !=
	    DB_OK)
		return -1;
	*done = !more;
	return 0;
}

/* GET /billing/batches/{id}/csv — the batch as sent, the same file at
 * every download; audited as an export before its first byte. */
void batch_csv_page(struct req *r)
{
	struct batch x;
	int64_t id = req_id(r, "id");
	if (load(r, id, &x) == ANSWERED)
		return;
	if (!req_audit(r, &(struct audit_entry){
	                      "export", "billing_batch", id_text(r, id), 0,
	                      "success",
	                      arena_sprintf(&r->arena, "%lld lines",
	                                    (long long)x.line_count)})) {
		reply_audit_unavailable(r, "Nothing was sent");
		return;
	}
	struct csv_source *c = xcalloc(1, sizeof *c);
	c->id = id;
	if (reply_stream(r, 200, "text/csv; charset=utf-8",
	                 &(struct stream_source){csv_fill, free, c}))
		return;
	req_add_header(r, "Content-Disposition",
	               arena_sprintf(&r->arena,
	                             "attachment; filename=\"billing-batch-"
	                             "%lld.csv\"",
	                             (long long)id));
}
