/* users_admin.c — see users_admin.h. */
#include "users_admin.h"
#include "../../auth/invite.h"
#include "../../auth/session.h"
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"

#include <stdio.h>
#include <string.h>

const struct choice staff_roles[] = {
    {"peer_trainee", "Peer specialist trainee"},
    {"peer_specialist", "Peer specialist"},
    {"supervisor", "Supervisor"},
    {"program_manager", "Program manager"},
    {"admin", "Administrator"},
};
const int staff_role_count = sizeof staff_roles / sizeof staff_roles[0];

/* Output-only flags: the API shows them, a body may not set them. */
#define STAFF_SHOWN_FLAG(m, label)                                             \
	FIELD_AT_(struct staff_account, m, #m, label, FIELD_FLAG,              \
	          FIELD_OUTPUT_ONLY, 0, )

const struct field staff_fields[] = {
    FIELD_ID_AT(struct staff_account, id, "id", "Number", FIELD_OUTPUT_ONLY),
    FIELD_EMAIL_AT(struct staff_account, email, "email", "E-mail address",
                   FIELD_REQUIRED, USER_EMAIL_MAX),
    FIELD_LINE_AT(struct staff_account, name, "name", "Full name",
                  FIELD_REQUIRED, USER_NAME_MAX),
    FIELD_CHOICE_AT(struct staff_account, role, "role", "Role", FIELD_REQUIRED,
                    staff_roles, &staff_role_count),
    STAFF_SHOWN_FLAG(disabled, "Disabled"),
    STAFF_SHOWN_FLAG(has_password, "Has a password"),
    STAFF_SHOWN_FLAG(two_step, "Two-step sign-in"),
    FIELD_LINE_AT(struct staff_account, created_at, "created_at", "Created",
                  FIELD_OUTPUT_ONLY, 0),
};
const int staff_field_count = sizeof staff_fields / sizeof staff_fields[0];

struct staff_account staff_account_of(const struct user *u)
{
	return (struct staff_account){
	    .id = u->id,
	    .email = u->email,
	    .name = u->name,
	    .role = role_name(u->role),
	    .disabled = u->disabled,
	    .has_password = u->password_hash != NULL,
	    .two_step = u->totp_enabled,
	    .created_at = u->created_at,
	};
}

static enum answer bad(struct req *r, const struct field_error *e)
{
	reply_error(r, 400, "invalid", e->message, e->field);
	return ANSWERED;
}

static enum answer db_fail(struct req *r)
{
	reply_db_failure(r);
	return ANSWERED;
}

static const char *make_link(struct req *r, int64_t id)
{
	char token[SECRET_TOKEN_SIZE];
	if (invite_create(r->db, id, token) != DB_OK)
		return NULL;
	return arena_sprintf(&r->arena, "/invite/%s", token);
}

/* The table's check of one field of a, by name. */
static int check_field(struct arena *ar, const char *name,
                       const struct staff_account *a, struct field_error *e)
{
	for (int i = 0; i < staff_field_count; i++)
		if (!strcmp(staff_fields[i].name, name))
			return fields_check_one(ar, &staff_fields[i], a, e);
	return 0;
}

enum answer users_admin_invite(struct req *r, struct staff_account *a,
                               const char **link)
{
	struct field_error e;
	if (fields_validate(&r->arena, staff_fields, staff_field_count, a, &e))
		return bad(r, &e);
	/* stored lower-case; the table only checks for an @ */
	const char *email = user_email_normal(&r->arena, a->email);
	if (!email)
		return bad(r,
		           &(struct field_error){
		               .field = "email",
		               .message = "E-mail address must be an address "
		                          "like name@example.org."});
	struct actor who = req_actor(r);
	enum db_status s = user_create(r->db, &who, email, a->name,
	                               role_parse(a->role), NULL, &a->id);
	if (s == DB_CONSTRAINT) {
		reply_error(
		    r, 409, "email_taken",
		    "There is already an account with this e-mail address.",
		    "email");
		return ANSWERED;
	}
	if (s != DB_OK || !(*link = make_link(r, a->id)))
		return db_fail(r);
	return GO_ON;
}

enum answer users_admin_load(struct req *r, struct user *u)
{
	int64_t id = req_id(r, "id");
	enum db_status s = user_get(r->db, &r->arena, id, u);
	if (s == DB_ROW)
		return GO_ON;
	if (s == DB_DONE)
		reply_error(r, 404, "not_found",
		            "There is no such staff member.", NULL);
	else
		reply_db_failure(r);
	return ANSWERED;
}

/* Would this change leave no enabled admin? */
static bool last_admin(struct req *r, const struct user *u, enum role role,
                       enum access_change access)
{
	if (u->role != ROLE_ADMIN || u->disabled)
		return false;
	if (role == ROLE_ADMIN && access != ACCESS_DISABLE)
		return false;
	int64_t admins = 0;
	return user_count_admins(r->db, &admins) == DB_OK && admins <= 1;
}

enum answer users_admin_change(struct req *r, const struct user *u,
                               const char *role_code, enum access_change access)
{
	struct field_error e;
	if (role_code &&
	    check_field(&r->arena, "role",
	                &(struct staff_account){.role = role_code}, &e))
		return bad(r, &e);
	enum role role = role_code ? role_parse(role_code) : u->role;
	if (last_admin(r, u, role, access)) {
		reply_error(
		    r, 409, "last_admin",
		    "This is the only administrator: make someone else an "
		    "administrator first.",
		    role_code ? "role" : "disabled");
		return ANSWERED;
	}
	struct actor who = req_actor(r);
	if (role != u->role && user_set_role(r->db, &who, u->id, role) != DB_OK)
		return db_fail(r);
	bool disable = access == ACCESS_DISABLE;
	if (access != ACCESS_KEEP && disable != u->disabled &&
	    user_set_disabled(r->db, &who, u->id, disable) != DB_OK)
		return db_fail(r);
	return GO_ON;
}

enum answer users_admin_reset(struct req *r, const struct user *u,
                              const char **link)
{
	if (!(*link = make_link(r, u->id)))
		return db_fail(r);
	char entity[24];
	snprintf(entity, sizeof entity, "%lld", (long long)u->id);
	req_audit(r, &(struct audit_entry){"update", "user", entity, 0,
	                                   "success", "sign-in link issued"});
	return GO_ON;
}

enum answer users_admin_end_sessions(struct req *r, const struct user *u)
{
	if (session_end_user(r->db, u->id) != DB_OK)
		return db_fail(r);
	char entity[24];
	snprintf(entity, sizeof entity, "%lld", (long long)u->id);
	req_audit(r, &(struct audit_entry){"delete", "session", entity, 0,
	                                   "success", "all sessions ended"});
	return GO_ON;
}

enum answer users_admin_list_page(struct req *r, struct user **list, int *count,
                                  int *limit)
{
	int64_t after;
	if (api_page(r, limit, &after) == ANSWERED)
		return ANSWERED;
	if (user_list(r->db, &r->arena, after, *limit + 1, list, count) !=
	    DB_DONE)
		return db_fail(r);
	return GO_ON;
}
