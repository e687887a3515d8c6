/* program_billing_pages.c — a program's billing settings through the API
 * (batch.h: program_billing_*): what the program bills with. */
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

/* ---- a program's billing settings ------------------------------------ */

static void settings_json(struct req *r, const struct program_billing *p)
{
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	json_field_int(b, "program_id", p->program_id);
	json_field_text(b, "payer_name", p->payer_name);
	json_field_text(b, "trainee_modifier", p->trainee_modifier);
	json_field_text(b, "unit_rate",
	                batch_money(&r->arena, p->unit_rate_cents));
	json_object_end(b);
	reply_json_written(r, 200);
}

/* Reads the route's program's settings; answers 404 or the failure. */
static enum answer settings_load(struct req *r, struct program_billing *p)
{
	int64_t id = req_id(r, "id");
	enum db_status s = program_billing_known(r->db, id);
	if (s == DB_DONE) {
		reply_error(r, 404, "not_found", "There is no such program.",
		            "program_id");
		return ANSWERED;
	}
	if (s != DB_ROW ||
	    program_billing_get(r->db, &r->arena, id, p) != DB_OK) {
		reply_db_failure(r);
		return ANSWERED;
	}
	return GO_ON;
}

/* GET /api/v1/billing/programs/{id} → {program_id, payer_name,
 * trainee_modifier, unit_rate} */
void program_billing_api_get(struct req *r)
{
	struct program_billing p;
	if (settings_load(r, &p) == GO_ON)
		settings_json(r, &p);
}

/* PUT /api/v1/billing/programs/{id} {payer_name, trainee_modifier?,
 * unit_rate?} → 200 with them; 400 naming the field. */
void program_billing_api_put(struct req *r)
{
	static const char *const extra[] = {"program_id", "unit_rate", NULL};
	struct program_billing old, p = {0};
	if (settings_load(r, &old) == ANSWERED ||
	    fields_from_json(r, program_billing_fields,
	                     program_billing_field_count, extra,
	                     &p) == ANSWERED)
		return;
	const char *rate;
	if (api_string(r, r->json, "unit_rate", &rate) == ANSWERED)
		return;
	p.program_id = old.program_id;
	p.unit_rate_cents = billing_cents_of(rate);
	struct field_error e;
	if (program_billing_validate(&r->arena, &p, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	enum db_status s = db_begin(r->db);
	if (s == DB_OK)
		s = program_billing_put(r->db, &p);
	if (s == DB_OK &&
	    !req_audit(
	        r,
	        &(struct audit_entry){
	            "update", "program_billing",
	            arena_sprintf(&r->arena, "%lld", (long long)p.program_id),
	            0, "success",
	            arena_sprintf(&r->arena, "payer %s, modifier %s, rate %s",
	                          p.payer_name, p.trainee_modifier,
	                          batch_money(&r->arena, p.unit_rate_cents))}))
		s = DB_UNAVAILABLE;
	if (s == DB_OK)
		s = db_commit(r->db);
	else if (db_in_transaction(r->db))
		db_rollback(r->db);
	if (s != DB_OK) {
		reply_db_failure(r);
		return;
	}
	settings_json(r, &p);
}
