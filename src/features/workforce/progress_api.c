/* progress_api.c — a trainee's progression and the program's required
 * competencies in the API; the same rules as the pages
 * (progress_view.c). */
#include "../../auth/permissions.h"
#include "../../handlers.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/json.h"
#include "progress_view.h"
#include "staff_record.h"

#include <stdio.h>

static void progress_json(struct req *r, const struct user *u,
                          const struct progress_view *v)
{
	const struct trainee_status *t = &v->t;
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	json_field_int(b, "user_id", u->id);
	json_field_text(b, "name", u->name);
	json_field_text(b, "role", role_name(u->role));
	json_field_bool(b, "trainee", v->trainee);
	json_field_text(b, "started_on", t->started_on);
	json_field_bool(b, "start_set", t->start_set != 0);
	json_field_text(b, "period_ends_on", t->period_ends);
	json_field_int(b, "supervised_minutes", t->minutes);
	json_field(b, "supervised_hours");
	buf_puts(b, progress_hours(&r->arena, t->minutes));
	json_field_int(b, "hours_required", t->hours_required);
	json_field_int(b, "competencies_required", t->required);
	json_field_int(b, "competencies_done", t->done);
	json_field(b, "competencies");
	json_raw(b, "[");
	for (int i = 0; i < v->n; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		json_field_int(b, "id", v->list[i].id);
		json_field_text(b, "name", v->list[i].name);
		json_field_text_or_null(b, "completed_on",
		                        v->list[i].completed_on);
		json_field_text_or_null(b, "signed_by",
		                        v->list[i].signed_by_name);
		json_object_end(b);
	}
	json_raw(b, "]");
	json_field_text(b, "eligible_on", t->eligible_on);
	json_field_bool(b, "eligible", t->eligible);
	json_field(b, "missing");
	json_raw(b, "[");
	for (int i = 0; v->trainee && i < v->nmissing; i++) {
		if (i)
			json_raw(b, ",");
		json_text(b, v->missing[i]);
	}
	json_raw(b, "]");
	json_field_text_or_null(b, "promoted_on", t->promoted_on);
	json_field_text_or_null(b, "promoted_by", t->promoted_by_name);
	json_field_text_or_null(b, "override_reason", t->override_reason);
	json_object_end(b);
}

/* Answers with the progression as it stands now (status). */
static void reply_progress(struct req *r, const struct user *u, int status)
{
	struct user now;
	struct progress_view v;
	if (user_get(r->db, &r->arena, u->id, &now) != DB_ROW ||
	    progress_view_load(r, &now, &v) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	progress_json(r, &now, &v);
	reply_json_written(r, status);
}

/* GET /api/v1/staff/{id}/progress */
void progress_api_get(struct req *r)
{
	struct user u;
	if (!staff_record_access(r, req_id(r, "id"), false, &u))
		return;
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)u.id);
	if (!req_audit(r, &(struct audit_entry){"read", "trainee_progress", key,
	                                        0, "success", ""})) {
		reply_audit_unavailable(r, NULL);
		return;
	}
	reply_progress(r, &u, 200);
}

/* The outcome of a change, as the API says it. */
static void answer(struct req *r, const struct user *u, enum progress_outcome o,
                   const struct field_error *e, int status)
{
	if (o == PROGRESS_DONE)
		reply_progress(r, u, status);
	else if (o == PROGRESS_INVALID)
		reply_error(r, 400, "invalid", e->message, e->field);
	else if (o == PROGRESS_CONFLICT)
		reply_error(r, 409, "conflict", e->message, e->field);
}

static bool may_change(struct req *r, bool sign, struct user *u)
{
	if (!staff_record_access(r, req_id(r, "id"), false, u))
		return false;
	if (sign ? permission_granted(r->role, PERM_COSIGN)
	         : progress_may_set_start(r))
		return true;
	reply_error(r, 404, "not_found", "There is no such staff record.",
	            NULL);
	return false;
}

/* PUT /api/v1/staff/{id}/progress {started_on} → 200 */
void progress_api_start(struct req *r)
{
	struct user u;
	struct progress_start in = {0};
	struct field_error e;
	if (!may_change(r, false, &u) ||
	    fields_from_json(r, progress_start_fields,
	                     progress_start_field_count, NULL, &in) == ANSWERED)
		return;
	answer(r, &u, progress_start_save(r, &u, &in, &e), &e, 200);
}

/* POST /api/v1/staff/{id}/competencies {competency_id, completed_on}
 * → 201 */
void progress_api_complete(struct req *r)
{
	struct user u;
	struct progress_completion in = {0};
	struct field_error e;
	if (!may_change(r, true, &u) ||
	    fields_from_json(r, progress_completion_fields,
	                     progress_completion_field_count, NULL,
	                     &in) == ANSWERED)
		return;
	answer(r, &u, progress_completion_save(r, &u, &in, &e), &e, 201);
}

/* DELETE /api/v1/staff/{id}/competencies/{cid} → 204 */
void progress_api_withdraw(struct req *r)
{
	struct user u;
	if (!may_change(r, true, &u))
		return;
	if (u.role != ROLE_PEER_TRAINEE) {
		reply_error(r, 409, "conflict",
		            "Role: this staff member is not a trainee.",
		            "role");
		return;
	}
	struct actor who = req_actor(r);
	enum db_status s =
	    trainee_competency_withdraw(r->db, &who, u.id, req_id(r, "cid"));
	if (s == DB_DONE)
		reply_error(r, 404, "not_found",
		            "That competency is not signed off.", NULL);
	else if (s != DB_OK)
		reply_db_failure(r);
	else
		r->status = 204;
}

/* POST /api/v1/staff/{id}/promote {override, reason} → 200 with the
 * progression; 409 naming role (not a trainee) or override (not
 * eligible); 400 naming reason (an override without one). */
void progress_api_promote(struct req *r)
{
	struct user u;
	struct progress_promotion in = {0};
	struct field_error e;
	if (!staff_record_access(r, req_id(r, "id"), false, &u) ||
	    fields_from_json(r, progress_promotion_fields,
	                     progress_promotion_field_count, NULL,
	                     &in) == ANSWERED)
		return;
	answer(r, &u, progress_promote(r, &u, &in, &e), &e, 200);
}

static void competency_json(struct buf *b, const void *item)
{
	const struct competency *c = item;
	json_object_begin(b);
	json_field_int(b, "id", c->id);
	json_field_text(b, "name", c->name);
	json_field_text(b, "created_at", c->created_at);
	json_field_text_or_null(b, "retired_at", c->retired_at);
	json_object_end(b);
}

/* GET /api/v1/competencies: the program's list, retired ones last */
void competencies_api_list(struct req *r)
{
	struct competency *list;
	int n;
	if (competency_list(r->db, &r->arena, &list, &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	api_list_whole(r, list, sizeof *list, n, competency_json);
}

/* POST /api/v1/competencies {name} → 201 */
void competencies_api_create(struct req *r)
{
	struct competency_input in = {0};
	struct field_error e;
	int64_t id;
	if (fields_from_json(r, competency_input_fields,
	                     competency_input_field_count, NULL,
	                     &in) == ANSWERED)
		return;
	if (fields_validate(&r->arena, competency_input_fields,
	                    competency_input_field_count, &in, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	struct actor who = req_actor(r);
	enum db_status s = competency_create(r->db, &who, in.name, &id);
	if (s == DB_CONSTRAINT)
		reply_error(r, 409, "conflict",
		            "Name: the program lists a competency of that name "
		            "already.",
		            "name");
	else if (s != DB_OK)
		reply_db_failure(r);
	else
		api_reply_id(r, 201, id);
}

/* POST /api/v1/competencies/{id}/retire → 204: no longer required (the
 * completions recorded stay) */
void competencies_api_retire(struct req *r)
{
	struct actor who = req_actor(r);
	enum db_status s = competency_retire(r->db, &who, req_id(r, "id"));
	if (s == DB_DONE)
		reply_error(r, 404, "not_found",
		            "There is no such competency, or it is retired "
		            "already.",
		            NULL);
	else if (s != DB_OK)
		reply_db_failure(r);
	else
		r->status = 204;
}
