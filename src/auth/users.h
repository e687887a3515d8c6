/* users.h — staff accounts.  Every change here writes its audit entry in
 * the same transaction (the auth layer audits, not each handler). */
#ifndef WAYPOINT_USERS_H
#define WAYPOINT_USERS_H

#include "../core/arena.h"
#include "audit.h"
#include "permissions.h"

#include <stdbool.h>
#include <stdint.h>

enum { USER_NAME_MAX = 120, USER_EMAIL_MAX = 254 };

struct user {
	int64_t id;
	const char *email, *name;
	enum role role;
	bool disabled;
	const char *password_hash; /* NULL: no password yet (invited) */
	const char *totp_secret;   /* base32; NULL when never enrolled */
	bool totp_enabled;
	const char *created_at;
};

/* user_email_normal lower-cases and trims an e-mail address into arena
 * memory; NULL when it does not look like one (name@domain). */
const char *user_email_normal(struct arena *a, const char *email);

/* Lookups: DB_ROW found, DB_DONE not found, else an error. */
enum db_status user_get(struct db *db, struct arena *a, int64_t id,
                        struct user *out);
enum db_status user_by_email(struct db *db, struct arena *a, const char *email,
                             struct user *out);
/* user_list: up to limit users with id > after, by id; DB_DONE when read. */
enum db_status user_list(struct db *db, struct arena *a, int64_t after,
                         int limit, struct user **out, int *count);

/* user_create adds an account (password_hash may be NULL: invited).
 * DB_CONSTRAINT when the e-mail is taken. */
enum db_status user_create(struct db *db, const struct actor *who,
                           const char *email, const char *name, enum role role,
                           const char *password_hash, int64_t *id);

/* Changes, each audited; disabling also ends the user's sessions. */
enum db_status user_set_role(struct db *db, const struct actor *who, int64_t id,
                             enum role role);
enum db_status user_set_disabled(struct db *db, const struct actor *who,
                                 int64_t id, bool disabled);
enum db_status user_set_password(struct db *db, const struct actor *who,
                                 int64_t id, const char *password_hash);
/* user_change_password is a person's new password (their own change, or
 * an invitation or reset link): it also ends every other session of
 * theirs, in the same transaction — all but keep_session (a token hash),
 * or all when that is NULL.  user_set_password only stores a hash (a
 * rehash at sign-in). */
enum db_status user_change_password(struct db *db, const struct actor *who,
                                    int64_t id, const char *password_hash,
                                    const char *keep_session);
enum db_status user_set_totp(struct db *db, const struct actor *who, int64_t id,
                             const char *secret, bool enabled);

/* user_count_admins counts enabled admins (the last one cannot go). */
enum db_status user_count_admins(struct db *db, int64_t *count);

#endif
