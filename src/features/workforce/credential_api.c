/* credential_api.c — credentials in the JSON API: the kinds
 * (/api/v1/credential-kinds), the workforce settings
 * (/api/v1/workforce/settings) and a staff member's credentials
 * (/api/v1/staff/{id}/credentials). */
#include "../../handlers.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/json.h"
#include "../programs/program_zone.h"
#include "credential.h"
#include "credential_pages.h"
#include "staff_record.h"

#include <string.h>

/* ---- kinds -------------------------------------------------------------- */

static void kind_json(struct buf *b, const void *item)
{
	const struct credential_kind *k = item;
	json_object_begin(b);
	fields_json(b, credential_kind_fields, credential_kind_field_count, k);
	json_raw(b, ",\"roles\":[");
	int n = 0;
	for (int i = 0; i < credential_role_count; i++)
		if (k->roles & (1u << credential_roles[i])) {
			if (n++)
				json_raw(b, ",");
			json_text(b, role_name(credential_roles[i]));
		}
	json_raw(b, "]");
	json_object_end(b);
}

/* GET /api/v1/credential-kinds */
void credential_kinds_api(struct req *r)
{
	struct credential_kind *list;
	int n;
	if (credential_kinds_list(r->db, &r->arena, &list, &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	api_list_whole(r, list, sizeof *list, n, kind_json);
}

static const char *const roles_extra[] = {"roles", NULL};
#define ROLES_MESSAGE                                                          \
	"Roles: a list of staff roles (peer_trainee, peer_specialist, "        \
	"supervisor, program_manager, admin), each once."

/* The body of a kind: its fields and roles (an array of role names). */
static enum answer kind_from_json(struct req *r, struct credential_kind *k,
                                  struct field_error *e)
{
	if (fields_from_json(r, credential_kind_fields,
	                     credential_kind_field_count, roles_extra,
	                     k) == ANSWERED)
		return ANSWERED;
	json_t *roles = json_object_get(r->json, "roles");
	k->roles = 0;
	if (roles && !json_is_null(roles)) {
		size_t i;
		json_t *v;
		bool ok = json_is_array(roles) && json_array_size(roles) <= 10;
		json_array_foreach(roles, i, v)
		{
			enum role role = json_is_string(v)
			                     ? role_parse(json_string_value(v))
			                     : ROLE_ANONYMOUS;
			if (!ok || role == ROLE_ANONYMOUS ||
			    (k->roles & (1u << role))) {
				ok = false;
				break;
			}
			k->roles |= 1u << role;
		}
		if (!ok) {
			reply_error(r, 400, "invalid", ROLES_MESSAGE, "roles");
			return ANSWERED;
		}
	}
	if (credential_kind_validate(r->db, &r->arena, k, k->id, e)) {
		reply_error(r, 400, "invalid", e->message, e->field);
		return ANSWERED;
	}
	return GO_ON;
}

static void kind_save(struct req *r, struct credential_kind *k, int status)
{
	int64_t id = k->id;
	enum db_status s = db_begin(r->db);
	if (s == DB_OK)
		s = credential_kind_save(r->db, k, &id);
	s = credential_commit(r, s, k->id ? "update" : "create",
	                      "credential_kind", id, k->name);
	if (s != DB_OK)
		reply_db_failure(r);
	else
		api_reply_id(r, status, id);
}

/* POST /api/v1/credential-kinds {name, billing_required, roles} → 201 */
void credential_kinds_api_create(struct req *r)
{
	struct credential_kind k = {0};
	struct field_error e;
	if (kind_from_json(r, &k, &e) == GO_ON)
		kind_save(r, &k, 201);
}

/* PUT /api/v1/credential-kinds/{id} → 200 */
void credential_kind_api_update(struct req *r)
{
	struct credential_kind old, k = {0};
	struct field_error e;
	enum db_status s =
	    credential_kind_get(r->db, &r->arena, req_id(r, "id"), &old);
	if (s == DB_DONE) {
		reply_error(r, 404, "not_found",
		            "There is no such kind of credential.", NULL);
		return;
	}
	if (s != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	k.id = old.id;
	if (kind_from_json(r, &k, &e) == GO_ON)
		kind_save(r, &k, 200);
}

/* ---- settings ----------------------------------------------------------- */

static void settings_json(struct req *r, const struct workforce_settings *s)
{
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	json_field_text(b, "credential_warn_days", s->credential_warn_days);
	json_field_int(b, "trainee_months", s->trainee_months);
	json_field_int(b, "trainee_hours", s->trainee_hours);
	json_field_int(b, "policy_ack_days", s->policy_ack_days);
	json_object_end(b);
	reply_json_written(r, 200);
}

/* GET /api/v1/workforce/settings */
void workforce_settings_api(struct req *r)
{
	struct workforce_settings s;
	if (workforce_settings_get(r->db, &r->arena, &s) != DB_OK)
		reply_db_failure(r);
	else
		settings_json(r, &s);
}

/* One whole-number setting of the body, when present. */
static bool number_member(struct req *r, const char *name, int64_t *out)
{
	json_t *v = json_object_get(r->json, name);
	if (!v)
		return true;
	if (!json_is_integer(v)) {
		reply_error(r, 400, "invalid",
		            arena_sprintf(&r->arena,
		                          "%s must be a whole number.", name),
		            name);
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

/* PUT /api/v1/workforce/settings: the fields given change, the others
 * stay. */
void workforce_settings_api_put(struct req *r)
{
	static const char *const known[] = {"credential_warn_days",
	                                    "trainee_months", "trainee_hours",
	                                    "policy_ack_days", NULL};
	struct workforce_settings s;
	struct field_error e;
	if (api_known_fields(r, known) == ANSWERED)
		return;
	if (workforce_settings_get(r->db, &r->arena, &s) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	json_t *days = json_object_get(r->json, "credential_warn_days");
	if (days && !json_is_string(days)) {
		reply_error(r, 400, "invalid",
		            "credential_warn_days must be a string like "
		            "\"60,30\".",
		            "credential_warn_days");
		return;
	}
	if (days)
		s.credential_warn_days =
		    arena_strdup(&r->arena, json_string_value(days));
	if (!number_member(r, "trainee_months", &s.trainee_months) ||
	    !number_member(r, "trainee_hours", &s.trainee_hours) ||
	    !number_member(r, "policy_ack_days", &s.policy_ack_days))
		return;
	if (workforce_settings_validate(&r->arena, &s, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	enum db_status st = db_begin(r->db);
	if (st == DB_OK)
		st = workforce_settings_put(r->db, &s);
	st = credential_commit(r, st, "update", "workforce_settings", 1,
	                       s.credential_warn_days);
	if (st != DB_OK)
		reply_db_failure(r);
	else
		settings_json(r, &s);
}

/* ---- a staff member's credentials --------------------------------------- */

/* GET /api/v1/staff/{id}/credentials: each with its status today, and
 * the kinds the role requires that are missing. */
void staff_credentials_api(struct req *r)
{
	struct user u;
	if (!staff_record_access(r, req_id(r, "id"), false, &u))
		return;
	struct credential *list;
	int n, nmissing;
	const char **missing;
	struct workforce_settings set;
	if (credentials_of(r->db, &r->arena, u.id, &list, &n) != DB_DONE ||
	    credential_kinds_missing(r->db, &r->arena, u.id, u.role, &missing,
	                             &nmissing) != DB_OK ||
	    workforce_settings_get(r->db, &r->arena, &set) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	if (!credential_audit(r, "read", "staff_credential", u.id, NULL))
		return;
	int warn = warn_days_max(set.credential_warn_days);
	const char *today = request_today(r);
	struct buf *b = &r->out;
	buf_reset(b);
	json_raw(b, "{\"items\":[");
	for (int i = 0; i < n; i++) {
		int days;
		enum credential_state st =
		    credential_state_on(&list[i], today, warn, &days);
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		fields_json(b, credential_fields, credential_field_count,
		            &list[i]);
		json_field_bool(b, "billing_required",
		                list[i].billing_required);
		json_field_text(b, "status", credential_state_name(st));
		if (*list[i].expires_on && st != CRED_SUPERSEDED)
			json_field_int(b, "days_left", days);
		json_object_end(b);
	}
	json_raw(b, "],\"missing\":[");
	for (int i = 0; i < nmissing; i++) {
		if (i)
			json_raw(b, ",");
		json_text(b, missing[i]);
	}
	json_raw(b, "],\"next_cursor\":null}");
	reply_json_written(r, 200);
}

static enum answer credential_from_json(struct req *r, struct credential *c)
{
	struct field_error e;
	if (fields_from_json(r, credential_fields, credential_field_count, NULL,
	                     c) == ANSWERED)
		return ANSWERED;
	if (credential_validate(r->db, &r->arena, c, zone_of_request(r), &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return ANSWERED;
	}
	return GO_ON;
}

/* POST /api/v1/staff/{id}/credentials → 201 */
void staff_credentials_api_add(struct req *r)
{
	struct user u;
	struct credential c = {0};
	if (!staff_record_access(r, req_id(r, "id"), true, &u) ||
	    credential_from_json(r, &c) == ANSWERED)
		return;
	int64_t id = 0;
	if (credential_insert(r, &u, &c, &id) != DB_OK)
		reply_db_failure(r);
	else
		api_reply_id(r, 201, id);
}

/* PUT /api/v1/staff/{id}/credentials/{cid} → 200 */
void staff_credential_api_update(struct req *r)
{
	struct user u;
	struct credential old, c = {0};
	if (!staff_record_access(r, req_id(r, "id"), true, &u) ||
	    !credential_of_route(r, &u, &old) ||
	    credential_from_json(r, &c) == ANSWERED)
		return;
	enum db_status s = db_begin(r->db);
	if (s == DB_OK)
		s = credential_update(r->db, u.id, old.id, &c);
	s = credential_commit(r, s, "update", "staff_credential", old.id, NULL);
	if (s != DB_OK)
		reply_db_failure(r);
	else
		api_reply_id(r, 200, old.id);
}

/* DELETE /api/v1/staff/{id}/credentials/{cid} → 204 */
void staff_credential_api_remove(struct req *r)
{
	struct user u;
	struct credential c;
	if (!staff_record_access(r, req_id(r, "id"), true, &u) ||
	    !credential_of_route(r, &u, &c))
		return;
	enum db_status s = db_begin(r->db);
	if (s == DB_OK)
		s = credential_remove(r->db, u.id, c.id);
	s = credential_commit(r, s, "delete", "staff_credential", c.id, NULL);
	if (s != DB_OK) {
		reply_db_failure(r);
		return;
	}
	buf_reset(&r->out);
	r->status = 204;
}
