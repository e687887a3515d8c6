/* users_api.c — /api/v1/users: staff accounts for administrators. */
#include "../../http/api.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/json.h"
#include "users_admin.h"

/* A change to an account: either member may be left out, and then stays
 * as it is (so presence, not the value read, says what changes). */
static const struct field change_fields[] = {
    FIELD_CHOICE_AT(struct staff_account, role, "role", "Role", 0, staff_roles,
                    &staff_role_count),
    FIELD_FLAG_AT(struct staff_account, disabled, "disabled", "Disabled"),
};

static void user_json(struct buf *b, const struct user *u)
{
	struct staff_account a = staff_account_of(u);
	json_object_begin(b);
	fields_json(b, staff_fields, staff_field_count, &a);
	json_object_end(b);
}

static void reply_user(struct req *r, int status, const struct user *u,
                       const char *link)
{
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	json_field(b, "user");
	user_json(b, u);
	if (link)
		json_field_text(b, "invite_path", link);
	json_object_end(b);
	reply_json_written(r, status);
}

/* GET /api/v1/users?limit=&cursor= */
void users_api_list(struct req *r)
{
	struct user *list;
	int count, limit;
	if (users_admin_list_page(r, &list, &count, &limit) == ANSWERED)
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
	struct staff_account a = {0};
	const char *link;
	struct user u;
	if (fields_from_json(r, staff_fields, staff_field_count, NULL, &a) ==
	        ANSWERED ||
	    users_admin_invite(r, &a, &link) == ANSWERED)
		return;
	if (user_get(r->db, &r->arena, a.id, &u) != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	reply_user(r, 201, &u, link);
}

/* GET /api/v1/users/{id} */
void users_api_get(struct req *r)
{
	struct user u;
	if (users_admin_load(r, &u) == ANSWERED)
		return;
	reply_user(r, 200, &u, NULL);
}

static bool present(struct req *r, const char *name)
{
	json_t *v = json_object_get(r->json, name);
	return v && !json_is_null(v);
}

/* PATCH /api/v1/users/{id} {role?, disabled?} */
void users_api_update(struct req *r)
{
	struct user u;
	struct staff_account c = {0};
	if (users_admin_load(r, &u) == ANSWERED ||
	    fields_from_json(r, FIELDS(change_fields), NULL, &c) == ANSWERED)
		return;
	enum access_change access = !present(r, "disabled") ? ACCESS_KEEP
	                            : c.disabled            ? ACCESS_DISABLE
	                                                    : ACCESS_ENABLE;
	if (users_admin_change(r, &u, present(r, "role") ? c.role : NULL,
	                       access) == ANSWERED ||
	    users_admin_load(r, &u) == ANSWERED)
		return;
	reply_user(r, 200, &u, NULL);
}

/* POST /api/v1/users/{id}/invite → a new one-time sign-in link (reset). */
void users_api_invite(struct req *r)
{
	struct user u;
	const char *link;
	if (users_admin_load(r, &u) == ANSWERED ||
	    users_admin_reset(r, &u, &link) == ANSWERED)
		return;
	reply_user(r, 200, &u, link);
}

/* DELETE /api/v1/users/{id}/sessions → 204, signed out everywhere. */
void users_api_end_sessions(struct req *r)
{
	struct user u;
	if (users_admin_load(r, &u) == ANSWERED ||
	    users_admin_end_sessions(r, &u) == ANSWERED)
		return;
	r->status = 204;
}
