/* users_api.c — /api/v1/users: staff accounts for administrators. */
#include "../../http/api.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/json.h"
#include "users_admin.h"

static void user_json(struct buf *b, const struct user *u)
{
	json_raw(b, "{\"id\":");
	json_int(b, u->id);
	json_raw(b, ",\"email\":");
	json_text(b, u->email);
	json_raw(b, ",\"name\":");
	json_text(b, u->name);
	json_raw(b, ",\"role\":");
	json_text(b, role_name(u->role));
	json_raw(b, ",\"disabled\":");
	json_bool(b, u->disabled);
	json_raw(b, ",\"has_password\":");
	json_bool(b, u->password_hash != NULL);
	json_raw(b, ",\"two_step\":");
	json_bool(b, u->totp_enabled);
	json_raw(b, ",\"created_at\":");
	json_text(b, u->created_at);
	json_raw(b, "}");
}

static void reply_user(struct req *r, int status, const struct user *u,
                       const char *link)
{
	struct buf *b = &r->out;
	buf_reset(b);
	json_raw(b, "{\"user\":");
	user_json(b, u);
	if (link) {
		json_raw(b, ",\"invite_path\":");
		json_text(b, link);
	}
	json_raw(b, "}");
	reply_json_written(r, status);
}

/* GET /api/v1/users?limit=&cursor= */
void users_api_list(struct req *r)
{
	struct user *list;
	int count, limit;
	if (users_admin_list_page(r, &list, &count, &limit))
		return;
	struct buf *b = &r->out;
	json_raw(b, "{\"items\":[");
	for (int i = 0; i < count && i < limit; i++) {
		if (i)
			json_raw(b, ",");
		user_json(b, &list[i]);
	}
	api_list_end(r, count > limit, count > limit ? list[limit - 1].id : 0);
}

/* POST /api/v1/users {email, name, role} → 201 {user, invite_path}: the
 * one-time link to set a password, shown only now. */
void users_api_create(struct req *r)
{
	static const char *const fields[] = {"email", "name", "role", NULL};
	const char *email, *name, *role, *link;
	int64_t id;
	struct user u;
	if (api_known_fields(r, fields) ||
	    api_string(r, r->json, "email", &email) ||
	    api_string(r, r->json, "name", &name) ||
	    api_string(r, r->json, "role", &role) ||
	    users_admin_invite(r, email, name, role, &id, &link))
		return;
	if (user_get(r->db, &r->arena, id, &u) != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	reply_user(r, 201, &u, link);
}

/* GET /api/v1/users/{id} */
void users_api_get(struct req *r)
{
	struct user u;
	if (users_admin_load(r, &u))
		return;
	reply_user(r, 200, &u, NULL);
}

/* PATCH /api/v1/users/{id} {role?, disabled?} */
void users_api_update(struct req *r)
{
	static const char *const fields[] = {"role", "disabled", NULL};
	struct user u;
	const char *role;
	if (users_admin_load(r, &u) || api_known_fields(r, fields) ||
	    api_string(r, r->json, "role", &role))
		return;
	json_t *d = json_object_get(r->json, "disabled");
	if (d && !json_is_boolean(d)) {
		reply_error(r, 400, "bad_type",
		            "disabled must be true or false.", "disabled");
		return;
	}
	if (users_admin_change(r, &u, role, d ? json_is_true(d) : -1) ||
	    users_admin_load(r, &u))
		return;
	reply_user(r, 200, &u, NULL);
}

/* POST /api/v1/users/{id}/invite → a new one-time sign-in link (reset). */
void users_api_invite(struct req *r)
{
	struct user u;
	const char *link;
	if (users_admin_load(r, &u) || users_admin_reset(r, &u, &link))
		return;
	reply_user(r, 200, &u, link);
}

/* DELETE /api/v1/users/{id}/sessions → 204, signed out everywhere. */
void users_api_end_sessions(struct req *r)
{
	struct user u;
	if (users_admin_load(r, &u) || users_admin_end_sessions(r, &u))
		return;
	r->status = 204;
}
