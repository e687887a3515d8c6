/* program_billing_form.c — a program's billing and reporting settings as
 * a page for program managers (/programs/{id}/billing): the payer the
 * batches go to, the modifier on a trainee's services, the charge per
 * unit (batch.h), and the smallest figure a report shared outside the
 * program shows (report_scope.h).  The API has the same settings
 * (program_billing_pages.c, reports_threshold_api). */
#include "../../handlers.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../programs/program.h"
#include "../reports/report_scope.h"
#include "batch.h"

#include <stdlib.h>
#include <string.h>

#define ERR(f) field_error_for(e, f)

/* What the form shows: the settings as stored, or as typed. */
struct settings_form {
	const char *payer_name, *trainee_modifier, *unit_rate, *threshold;
};

/* The route's program's name and its settings; false after answering. */
static bool load(struct req *r, struct program *p, struct program_billing *pb,
                 int64_t *threshold)
{
	enum db_status s = program_get(r->db, &r->arena, req_id(r, "id"), p);
	if (s == DB_DONE) {
		reply_error(r, 404, "not_found", "There is no such program.",
		            NULL);
		return false;
	}
	if (s != DB_ROW ||
	    program_billing_get(r->db, &r->arena, p->id, pb) != DB_OK ||
	    db_one_int(r->db,
	               "SELECT small_cell_threshold FROM programs WHERE id = ?",
	               threshold, DB_INT(p->id)) != DB_ROW) {
		reply_db_failure(r);
		return false;
	}
	return true;
}

static void view(struct req *r, int status, const struct program *p,
                 const struct settings_form *f, const struct field_error *e)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r,
	           e ? "Billing and reporting settings (check the form)"
	             : "Billing and reporting settings",
	           "programs");
	html_printf(b,
	            "<h1>Billing and reporting: %s</h1>\n<p><a "
	            "class=\"usa-link\" href=\"/programs/%lld\">Back to the "
	            "program</a></p>\n",
	            p->name, (long long)p->id);
	if (e)
		form_error_summary(b, e, e->label);
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/programs/%lld/billing\">",
	            (long long)p->id);
	form_csrf(r);
	form_required_note(b);
	form_text(b, &(struct form_field){"payer_name", "Payer", f->payer_name,
	                                  "Who the billing batches go to, "
	                                  "like Medicaid.",
	                                  ERR("payer_name"), "off", true});
	form_text(b,
	          &(struct form_field){
	              "trainee_modifier", "Modifier for a trainee's services",
	              f->trainee_modifier,
	              "Two capital letters or digits, like HM; empty for "
	              "none.",
	              ERR("trainee_modifier"), "off", false});
	form_input(b,
	           &(struct form_field){"unit_rate", "Charge per unit",
	                                f->unit_rate,
	                                "Dollars and cents, like 18.50; 0 "
	                                "when the batch carries no charge.",
	                                ERR("unit_rate"), "off", false},
	           "text");
	form_input(b,
	           &(struct form_field){"small_cell_threshold",
	                                "Smallest figure shown in shared "
	                                "reports",
	                                f->threshold,
	                                "1 to 100: a report meant for sharing "
	                                "outside the program shows smaller "
	                                "counts as \"<N\" (11 is usual in "
	                                "public health).",
	                                ERR("small_cell_threshold"), "off",
	                                true},
	           "text");
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Save"
	            "</button></form>\n");
	page_end(r);
	reply_html(r, status);
}

/* GET /programs/{id}/billing */
void program_billing_page(struct req *r)
{
	struct program p;
	struct program_billing pb;
	int64_t t;
	if (!load(r, &p, &pb, &t))
		return;
	view(r, 200, &p,
	     &(struct settings_form){
	         pb.payer_name, pb.trainee_modifier,
	         batch_money(&r->arena, pb.unit_rate_cents),
	         arena_sprintf(&r->arena, "%lld", (long long)t)},
	     NULL);
}

/* "12" → 12 when 1..100, else -1. */
static int64_t threshold_of(const char *s)
{
	char *end;
	long v = s && *s ? strtol(s, &end, 10) : -1;
	return v >= 1 && v <= 100 && !*end ? v : -1;
}

/* POST /programs/{id}/billing: every field checked; saved in one
 * transaction with its audit entries; on a fault the form as typed. */
void program_billing_submit(struct req *r)
{
	struct program p;
	struct program_billing old, pb = {0};
	int64_t t;
	if (!load(r, &p, &old, &t))
		return;
	fields_from_form(r, program_billing_fields, program_billing_field_count,
	                 &pb);
	pb.program_id = p.id;
	struct settings_form typed = {pb.payer_name, pb.trainee_modifier,
	                              req_form(r, "unit_rate"),
	                              req_form(r, "small_cell_threshold")};
	pb.unit_rate_cents = billing_cents_of(typed.unit_rate);
	t = threshold_of(typed.threshold);
	struct field_error e = {0};
	/* every fault at once: the validator's (it stops at its first), then
	 * the rate it could not read and the threshold, which it does not
	 * know */
	int64_t rate = pb.unit_rate_cents;
	if (rate < 0)
		pb.unit_rate_cents = 0;
	program_billing_validate(&r->arena, &pb, &e);
	if (rate < 0)
		field_error_add(&e, "unit_rate", "Charge per unit",
		                "Charge per unit is dollars and cents, like "
		                "18.50.");
	if (t < 0)
		field_error_add(&e, "small_cell_threshold",
		                "Smallest figure shown in shared reports",
		                "Smallest figure shown in shared reports is a "
		                "whole number from 1 to 100.");
	if (e.field) {
		view(r, 400, &p, &typed, &e);
		return;
	}
	struct actor who = req_actor(r);
	enum db_status s = db_begin(r->db);
	if (s == DB_OK)
		s = program_billing_put(r->db, &pb);
	if (s == DB_OK &&
	    !req_audit(r, &(struct audit_entry){
	                      "update", "program_billing",
	                      arena_sprintf(&r->arena, "%lld", (long long)p.id),
	                      0, "success",
	                      arena_sprintf(
	                          &r->arena, "payer %s, modifier %s, rate %s",
	                          pb.payer_name, pb.trainee_modifier,
	                          batch_money(&r->arena, pb.unit_rate_cents))}))
		s = DB_UNAVAILABLE;
	if (s == DB_OK)
		s = report_threshold_set(r->db, &r->arena, &who, p.id, t);
	if (s == DB_OK)
		s = db_commit(r->db);
	else if (db_in_transaction(r->db))
		db_rollback(r->db);
	if (s != DB_OK) {
		reply_db_failure(r);
		return;
	}
	reply_redirect(
	    r, arena_sprintf(&r->arena, "/programs/%lld", (long long)p.id));
}
