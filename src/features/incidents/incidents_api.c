/* incidents_api.c — incident reports in the JSON API.  Each read and
 * change is audited; a change commits with its audit entry. */
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/json.h"
#include "incident.h"
#include "incident_audit.h"
#include "../programs/program_zone.h"

#include <string.h>

static void incident_json(struct buf *b, const void *item)
{
	json_object_begin(b);
	fields_json(b, incident_fields, incident_field_count, item);
	json_object_end(b);
}

/* GET /api/v1/incidents — those the requester may read */
void incidents_api_list(struct req *r)
{
	struct incident *list;
	int n;
	if (incident_list(r->db, &r->arena, r->session.user_id, r->role, &list,
	                  &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	if (!incident_audit(r, "query", 0, true))
		return;
	api_list_whole(r, list, sizeof *list, n, incident_json);
}

/* The body into x, and whether to submit it, checked: answers 400 naming
 * the field when it is refused. */
static enum answer from_json(struct req *r, struct incident *x, bool *submit)
{
	static const char *const own[] = {"submit", NULL};
	if (fields_from_json(r, incident_fields, incident_field_count, own,
	                     x) == ANSWERED)
		return ANSWERED;
	json_t *s = json_object_get(r->json, "submit");
	if (s && !json_is_null(s) && !json_is_boolean(s)) {
		reply_error(r, 400, "invalid", "submit must be true or false.",
		            "submit");
		return ANSWERED;
	}
	*submit = json_is_true(s);
	struct field_error e;
	if (incident_validate(&r->arena, x, zone_of_request(r), *submit, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return ANSWERED;
	}
	return GO_ON;
}

/* POST /api/v1/incidents {…, submit?} → 201 {id} */
void incidents_api_create(struct req *r)
{
	struct incident x = {.author_id = r->session.user_id};
	bool submit;
	int64_t id;
	if (from_json(r, &x, &submit) == ANSWERED ||
	    incident_begin(r) == ANSWERED)
		return;
	enum db_status s = incident_create(r->db, &x, &id);
	if (s == DB_OK && submit)
		s = incident_move(r->db, id, r->session.user_id, r->role,
		                  "submitted", "");
	if (incident_finish(r, s, "create", id))
		api_reply_id(r, 201, id);
}

/* GET /api/v1/incidents/{id} — 404 to anyone who may not read it */
void incident_api_get(struct req *r)
{
	struct incident x;
	int64_t id = req_id(r, "id");
	enum db_status s =
	    incident_get(r->db, &r->arena, id, r->session.user_id, r->role, &x);
	if (!incident_audit(r, "read", id, s == DB_ROW))
		return;
	if (s == DB_DONE)
		reply_error(r, 404, "not_found",
		            "There is no such incident report.", NULL);
	else if (s != DB_ROW)
		reply_db_failure(r);
	else {
		buf_reset(&r->out);
		incident_json(&r->out, &x);
		reply_json_written(r, 200);
	}
}

/* PUT /api/v1/incidents/{id} — the author's draft; otherwise 409 */
void incident_api_update(struct req *r)
{
	struct incident x = {.id = req_id(r, "id"),
	                     .author_id = r->session.user_id};
	bool submit;
	if (from_json(r, &x, &submit) == ANSWERED ||
	    incident_begin(r) == ANSWERED)
		return;
	enum db_status s = incident_update(r->db, &x);
	if (s == DB_OK && submit)
		s = incident_move(r->db, x.id, r->session.user_id, r->role,
		                  "submitted", "");
	if (incident_finish(r, s, "update", x.id))
		r->status = 204;
}

/* POST /api/v1/incidents/{id}/state {state, note} → 204 */
void incident_api_move(struct req *r)
{
	struct incident_step step = {0};
	struct field_error e;
	int64_t id = req_id(r, "id");
	if (fields_from_json(r, incident_step_fields, incident_step_field_count,
	                     NULL, &step) == ANSWERED)
		return;
	if (fields_validate(&r->arena, incident_step_fields,
	                    incident_step_field_count, &step, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	if (incident_begin(r) == ANSWERED)
		return;
	enum db_status s = incident_move(r->db, id, r->session.user_id, r->role,
	                                 step.state, step.note);
	if (incident_finish(r, s, "update", id))
		r->status = 204;
}
