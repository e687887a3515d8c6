/* incidents_api.c — incident reports in the JSON API.  Each read and
 * change is audited; a change commits with its audit entry. */
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/json.h"
#include "incident.h"
#include "incident_audit.h"

#include <string.h>

static void incident_json(struct buf *b, const void *item)
{
	const struct incident *x = item;
	json_object_begin(b);
	json_field_int(b, "id", x->id);
	json_field_text(b, "author", x->author_name);
	json_field_text(b, "occurred_at", x->occurred_at);
	json_field_text(b, "location", x->location);
	json_field_text(b, "people_involved", x->people_involved);
	json_field_text(b, "what_happened", x->what_happened);
	json_field_text(b, "actions_taken", x->actions_taken);
	json_field_text(b, "notified", x->notified);
	json_field_text(b, "state", x->state);
	json_field_text(b, "review_note", x->review_note);
	json_field_text(b, "created_at", x->created_at);
	json_field_text(b, "updated_at", x->updated_at);
	json_field_text(b, "submitted_at", x->submitted_at);
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

static int from_json(struct req *r, struct incident *x, bool *submit)
{
	static const char *const fields[] = {
	    "occurred_at",   "location", "people_involved", "what_happened",
	    "actions_taken", "notified", "submit",          NULL};
	const char **texts[] = {&x->occurred_at,     &x->location,
	                        &x->people_involved, &x->what_happened,
	                        &x->actions_taken,   &x->notified};
	if (api_known_fields(r, fields) || api_texts(r, fields, texts, 6))
		return -1;
	json_t *s = json_object_get(r->json, "submit");
	if (s && !json_is_boolean(s)) {
		reply_error(r, 400, "invalid", "submit must be true or false.",
		            "submit");
		return -1;
	}
	*submit = json_is_true(s);
	struct field_error e;
	if (incident_validate(x, *submit, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return -1;
	}
	return 0;
}

/* POST /api/v1/incidents {…, submit?} → 201 {id} */
void incidents_api_create(struct req *r)
{
	struct incident x = {.author_id = r->session.user_id};
	bool submit;
	int64_t id;
	if (from_json(r, &x, &submit) || incident_begin(r))
		return;
	enum db_status s = incident_create(r->db, &x, &id);
	if (s == DB_OK && submit)
		s = incident_move(r->db, id, r->session.user_id, r->role,
		                  "submitted", "");
	if (incident_finish(r, s, "create", id))
		api_reply_id(r, 201, id);
}

static int route_incident(struct req *r, int64_t *id)
{
	*id = req_id(r, "id");
	return 0;
}

/* GET /api/v1/incidents/{id} — 404 to anyone who may not read it */
void incident_api_get(struct req *r)
{
	struct incident x;
	int64_t id;
	if (route_incident(r, &id))
		return;
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
	struct incident x = {.author_id = r->session.user_id};
	bool submit;
	if (route_incident(r, &x.id) || from_json(r, &x, &submit) ||
	    incident_begin(r))
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
	static const char *const fields[] = {"state", "note", NULL};
	const char *to, *note;
	const char **texts[] = {&to, &note};
	int64_t id;
	if (route_incident(r, &id) || api_known_fields(r, fields) ||
	    api_texts(r, fields, texts, 2))
		return;
	if (!choice_known(incident_states, incident_state_count, to)) {
		reply_error(r, 400, "invalid",
		            "state must be submitted, under_review or closed.",
		            "state");
		return;
	}
	if (strlen(note) > 4000) {
		reply_error(r, 400, "invalid",
		            "note: at most 4,000 characters.", "note");
		return;
	}
	if (incident_begin(r))
		return;
	enum db_status s =
	    incident_move(r->db, id, r->session.user_id, r->role, to, note);
	if (incident_finish(r, s, "update", id))
		r->status = 204;
}
