/* policy_api.c — the code of ethics and policies in the API (policy.h):
 * the list, one policy, publishing a version, who has not acknowledged
 * it, and acknowledging. */
#include "../../handlers.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../../auth/users.h"
#include "../programs/program_zone.h"
#include "policy.h"
#include "policy_request.h"

#include <stdlib.h>
#include <string.h>

#define ERR(f) field_error_for(e, f)

static void policy_json_members(struct buf *b, const struct policy *p)
{
	json_field_int(b, "id", p->id);
	json_field_text(b, "title", p->title);
	json_field_int(b, "version", p->version);
	json_field_int(b, "version_id", p->version_id);
	json_field_text(b, "published_at", p->published_at);
	json_field_text(b, "published_by", p->published_by);
	json_field_text_or_null(b, "acknowledged_at", p->my_ack_at);
	json_field_bool(b, "due", p->due);
}

/* GET /api/v1/policies: each policy with its current version and the
 * requester's acknowledgement; managers also get "outstanding". */
void policies_api_list(struct req *r)
{
	char cutoff[32];
	struct policy *list;
	int n;
	if (!policy_request_cutoff(r, cutoff))
		return;
	if (policy_list(r->db, &r->arena, req_user_id(r), cutoff, &list, &n) !=
	    DB_DONE) {
		reply_db_failure(r);
		return;
	}
	bool keeps = policy_keeper(r);
	struct buf *b = &r->out;
	buf_reset(b);
	json_raw(b, "{\"items\":[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		policy_json_members(b, &list[i]);
		if (keeps)
			json_field_int(b, "outstanding", list[i].outstanding);
		json_object_end(b);
	}
	json_raw(b, "],\"next_cursor\":null}");
	reply_json_written(r, 200);
}

static void api_change_error(struct req *r, enum policy_change c,
                             const struct field_error *e)
{
	if (c == POLICY_FAILED)
		reply_db_failure(r);
	else if (c == POLICY_CONFLICT)
		reply_error(r, 409, "conflict", e->message, e->field);
	else if (c == POLICY_NOT_FOUND)
		reply_error(r, 404, "not_found", e->message, e->field);
	else
		reply_error(r, 400, "invalid", e->message, e->field);
}

/* POST /api/v1/policies {title, body} → 201 {id, version_id} */
void policies_api_create(struct req *r)
{
	struct policy_input d = {0};
	struct field_error e;
	int64_t id;
	if (fields_from_json(r, policy_input_fields, policy_input_field_count,
	                     NULL, &d) == ANSWERED)
		return;
	struct actor who = req_actor(r);
	enum policy_change c =
	    policy_create(r->db, &r->arena, &who, &d, &id, &e);
	if (c == POLICY_DONE)
		api_reply_id(r, 201, id);
	else
		api_change_error(r, c, &e);
}

/* GET /api/v1/policies/{id}: the current version's text, the requester's
 * acknowledgement, and the versions, newest first. */
void policy_api_get(struct req *r)
{
	char cutoff[32];
	struct policy p;
	struct policy_version *list;
	int n;
	if (!policy_of_request(r, &p, cutoff))
		return;
	if (policy_versions_of(r->db, &r->arena, p.id, false, &list, &n) !=
	    DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	policy_json_members(b, &p);
	json_field_text(b, "body", p.body);
	json_field(b, "versions");
	json_raw(b, "[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		json_field_int(b, "id", list[i].id);
		json_field_int(b, "version", list[i].version);
		json_field_text(b, "published_at", list[i].published_at);
		json_field_text(b, "published_by", list[i].published_by);
		json_object_end(b);
	}
	json_raw(b, "]");
	json_object_end(b);
	reply_json_written(r, 200);
}

/* POST /api/v1/policies/{id}/versions {body} → 201 {id, version} */
void policy_api_publish(struct req *r)
{
	struct policy_version v = {0};
	struct field_error e;
	int64_t version_id, version;
	if (fields_from_json(r, policy_version_fields,
	                     policy_version_field_count, NULL, &v) == ANSWERED)
		return;
	struct actor who = req_actor(r);
	enum policy_change c =
	    policy_publish(r->db, &r->arena, &who, req_id(r, "id"), &v,
	                   &version_id, &version, &e);
	if (c != POLICY_DONE) {
		api_change_error(r, c, &e);
		return;
	}
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	json_field_int(b, "id", version_id);
	json_field_int(b, "version", version);
	json_object_end(b);
	reply_json_written(r, 201);
}

/* GET /api/v1/policies/{id}/pending: who must acknowledge the current
 * version (managers and admins). */
void policy_api_pending(struct req *r)
{
	char cutoff[32];
	struct policy p;
	struct policy_pending *list;
	int n;
	if (!policy_of_request(r, &p, cutoff) ||
	    !policy_pending_read(r, p.id, cutoff, &list, &n))
		return;
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	json_field_int(b, "version", p.version);
	json_field_int(b, "version_id", p.version_id);
	json_field(b, "items");
	json_raw(b, "[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		json_field_int(b, "user_id", list[i].user_id);
		json_field_text(b, "name", list[i].name);
		json_field_text(b, "role", list[i].role);
		if (list[i].last_version)
			json_field_int(b, "acknowledged_version",
			               list[i].last_version);
		else
			json_raw(b, ",\"acknowledged_version\":null");
		json_field_text_or_null(b, "acknowledged_at",
		                        list[i].last_ack_at);
		json_object_end(b);
	}
	json_raw(b, "],\"next_cursor\":null}");
	reply_json_written(r, 200);
}

/* POST /api/v1/policies/{id}/acknowledge {version_id} → 200
 * {policy_id, version_id, acknowledged_at, recorded} */
void policy_api_ack(struct req *r)
{
	struct policy_ack_input d = {0};
	struct field_error e;
	char cutoff[32];
	if (fields_from_json(r, policy_ack_fields, policy_ack_field_count, NULL,
	                     &d) == ANSWERED ||
	    !policy_request_cutoff(r, cutoff))
		return;
	struct actor who = req_actor(r);
	const char *at;
	bool recorded;
	enum policy_change c =
	    policy_acknowledge(r->db, &r->arena, &who, req_id(r, "id"),
	                       d.version_id, cutoff, &at, &recorded, &e);
	if (c != POLICY_DONE) {
		api_change_error(r, c, &e);
		return;
	}
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	json_field_int(b, "policy_id", req_id(r, "id"));
	json_field_int(b, "version_id", d.version_id);
	json_field_text(b, "acknowledged_at", at);
	json_field_bool(b, "recorded", recorded);
	json_object_end(b);
	reply_json_written(r, 200);
}
