/* users_admin.h — the rules of staff administration, shared by the pages
 * and the API: each answers the request itself on failure and returns
 * ANSWERED. */
#ifndef WAYPOINT_USERS_ADMIN_H
#define WAYPOINT_USERS_ADMIN_H

#include "../../auth/users.h"
#include "../../http/req.h"
#include "../../web/fields.h"

#include <stdbool.h>

/* A staff account as the invite form, the API and its answers name it:
 * the role by its code, the password and two-step secret only as whether
 * they are set. */
struct staff_account {
	int64_t id;
	const char *email, *name, *role;
	bool disabled, has_password, two_step;
	const char *created_at;
};

/* The roles an account may have, by code, as the forms offer them. */
extern const struct choice staff_roles[];
extern const int staff_role_count;

/* The account's fields in the API's order; an invitation reads e-mail,
 * name and role. */
extern const struct field staff_fields[];
extern const int staff_field_count;

/* staff_account_of is u as staff_fields writes it. */
struct staff_account staff_account_of(const struct user *u);

/* users_admin_invite validates a (read through staff_fields), creates the
 * account without a password, sets a->id and returns the one-time link
 * path ("/invite/TOKEN") through *link. */
enum answer users_admin_invite(struct req *r, struct staff_account *a,
                               const char **link);

/* users_admin_load reads the {id} user into *u (404 when none). */
enum answer users_admin_load(struct req *r, struct user *u);

/* What a change does to whether the account may sign in. */
enum access_change { ACCESS_KEEP, ACCESS_ENABLE, ACCESS_DISABLE };

/* users_admin_change applies a role change (role: a code, checked here;
 * NULL leaves the role) and/or enables or disables the account; the last
 * enabled admin cannot be demoted or disabled. */
enum answer users_admin_change(struct req *r, const struct user *u,
                               const char *role, enum access_change access);

/* users_admin_reset makes a new one-time link (password reset). */
enum answer users_admin_reset(struct req *r, const struct user *u,
                              const char **link);

/* users_admin_end_sessions signs the user out everywhere. */
enum answer users_admin_end_sessions(struct req *r, const struct user *u);

/* users_admin_list_page reads ?limit=&cursor= and fetches up to limit + 1
 * accounts (the extra one says another page follows); answers a 400 or a
 * database failure itself. */
enum answer users_admin_list_page(struct req *r, struct user **list, int *count,
                                  int *limit);

#endif
