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

static int bad(struct req *r, const char *field, const char *message)
{
	reply_error(r, 400, "invalid", message, field);
	return -1;
}

static int db_fail(struct req *r)
{
	reply_db_failure(r);
	return -1;
}

static const char *make_link(struct req *r, int64_t id)
{
	char token[SECRET_TOKEN_SIZE];
	if (invite_create(r->db, id, token) != DB_OK)
		return NULL;
	return arena_sprintf(&r->arena, "/invite/%s", token);
}

int users_admin_invite(struct req *r, const char *email_raw, const char *name,
                       const char *role_text, int64_t *id, const char **link)
{
	const char *email = user_email_normal(&r->arena, email_raw);
	if (!email)
		return bad(r, "email",
		           "E-mail must be an address like name@example.org.");
	if (!name || !*name || utf8_length(name) > USER_NAME_MAX ||
	    strpbrk(name, "\r\n\t"))
		return bad(r, "name",
		           "Name is required, at most 120 characters.");
	enum role role = role_parse(role_text);
	if (!role_is_staff(role))
		return bad(r, "role",
		           "Role must be peer_trainee, peer_specialist, "
		           "supervisor, program_manager or admin.");
	struct actor who = req_actor(r);
	enum db_status s =
	    user_create(r->db, &who, email, name, role, NULL, id);
	if (s == DB_CONSTRAINT) {
		reply_error(
		    r, 409, "email_taken",
		    "There is already an account with this e-mail address.",
		    "email");
		return -1;
	}
	if (s != DB_OK || !(*link = make_link(r, *id)))
		return db_fail(r);
	return 0;
}

int users_admin_load(struct req *r, struct user *u)
{
	int64_t id = req_id(r, "id");
	enum db_status s = user_get(r->db, &r->arena, id, u);
	if (s == DB_ROW)
		return 0;
	if (s == DB_DONE)
		reply_error(r, 404, "not_found",
		            "There is no such staff member.", NULL);
	else
		reply_db_failure(r);
	return -1;
}

/* Would this change leave no enabled admin? */
static bool last_admin(struct req *r, const struct user *u, enum role role,
                       int disabled)
{
	if (u->role != ROLE_ADMIN || u->disabled)
		return false;
	if (role == ROLE_ADMIN && disabled != 1)
		return false;
	int64_t admins = 0;
	return user_count_admins(r->db, &admins) == DB_OK && admins <= 1;
}

int users_admin_change(struct req *r, const struct user *u,
                       const char *role_text, int disabled)
{
	enum role role = role_text ? role_parse(role_text) : u->role;
	if (role_text && !role_is_staff(role))
		return bad(r, "role",
		           "Role must be peer_trainee, peer_specialist, "
		           "supervisor, program_manager or admin.");
	if (last_admin(r, u, role, disabled)) {
		reply_error(
		    r, 409, "last_admin",
		    "This is the only administrator: make someone else an "
		    "administrator first.",
		    role_text ? "role" : "disabled");
		return -1;
	}
	struct actor who = req_actor(r);
	if (role != u->role && user_set_role(r->db, &who, u->id, role) != DB_OK)
		return db_fail(r);
	if (disabled >= 0 && (disabled != 0) != u->disabled &&
	    user_set_disabled(r->db, &who, u->id, disabled != 0) != DB_OK)
		return db_fail(r);
	return 0;
}

int users_admin_reset(struct req *r, const struct user *u, const char **link)
{
	if (!(*link = make_link(r, u->id)))
		return db_fail(r);
	char entity[24];
	snprintf(entity, sizeof entity, "%lld", (long long)u->id);
	req_audit(r, &(struct audit_entry){"update", "user", entity, 0,
	                                   "success", "sign-in link issued"});
	return 0;
}

int users_admin_end_sessions(struct req *r, const struct user *u)
{
	if (session_end_user(r->db, u->id) != DB_OK)
		return db_fail(r);
	char entity[24];
	snprintf(entity, sizeof entity, "%lld", (long long)u->id);
	req_audit(r, &(struct audit_entry){"delete", "session", entity, 0,
	                                   "success", "all sessions ended"});
	return 0;
}

int users_admin_list_page(struct req *r, struct user **list, int *count,
                          int *limit)
{
	int64_t after;
	if (api_page(r, limit, &after))
		return -1;
	if (user_list(r->db, &r->arena, after, *limit + 1, list, count) !=
	    DB_DONE)
		return db_fail(r);
	return 0;
}
