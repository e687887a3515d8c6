/* users_admin.h — the rules of staff administration, shared by the pages
 * and the API: each answers the request itself on failure and returns -1. */
#ifndef WAYPOINT_USERS_ADMIN_H
#define WAYPOINT_USERS_ADMIN_H

#include "../../auth/users.h"
#include "../../http/req.h"

/* users_admin_invite creates an account without a password and returns the
 * one-time link path ("/invite/TOKEN") through *link. */
int users_admin_invite(struct req *r, const char *email, const char *name,
                       const char *role, int64_t *id, const char **link);

/* users_admin_load reads the {id} user into *u (404 when none). */
int users_admin_load(struct req *r, struct user *u);

/* users_admin_change applies a role change and/or enable/disable; the last
 * enabled admin cannot be demoted or disabled. */
int users_admin_change(struct req *r, const struct user *u, const char *role,
                       int disabled /* -1: leave */);

/* users_admin_reset makes a new one-time link (password reset). */
int users_admin_reset(struct req *r, const struct user *u, const char **link);

/* users_admin_end_sessions signs the user out everywhere. */
int users_admin_end_sessions(struct req *r, const struct user *u);

/* users_admin_list_page reads ?limit=&cursor= and fetches up to limit + 1
 * accounts (the extra one says another page follows).  Returns 0, or -1
 * having answered (400 or a database failure). */
int users_admin_list_page(struct req *r, struct user **list, int *count,
                          int *limit);

#endif
