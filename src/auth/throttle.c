/* throttle.c — see throttle.h. */
#include "throttle.h"

#include <stdio.h>

enum { FORGET_AFTER = 24 * 3600 }; /* failures older than a day are forgotten */

struct rule {
	const char *prefix;
	int free_failures;
	int64_t cap_seconds;
};

static const struct rule rules[] = {
    {"pair", 5, 900},  /* this account from this address */
    {"addr", 20, 900}, /* this address, any account */
    {"acct", 10, 30},  /* this account, any address: slows, never locks */
};
enum { RULE_COUNT = sizeof rules / sizeof rules[0] };

static void key_for(const struct rule *r, const char *email, const char *client,
                    char *out, size_t n)
{
	if (r->prefix[0] == 'p')
		snprintf(out, n, "pair:%s|%s", email, client);
	else if (r->prefix[0] == 'a' && r->prefix[1] == 'd')
		snprintf(out, n, "addr:%s", client);
	else
		snprintf(out, n, "acct:%s", email);
}

int64_t throttle_wait(struct db *db, const char *email, const char *client,
                      int64_t now)
{
	int64_t wait = 0;
	for (int i = 0; i < RULE_COUNT; i++) {
		char key[600];
		key_for(&rules[i], email, client, key, sizeof key);
		int64_t until = 0;
		enum db_status s =
		    db_one_int(db,
		               "SELECT blocked_until FROM"
		               " signin_throttle WHERE throttle_key = ?",
		               &until, DB_TEXT(key));
		if (s != DB_ROW && s != DB_DONE)
			return -1;
		if (s == DB_ROW && until - now > wait)
			wait = until - now;
	}
	return wait;
}

enum db_status throttle_fail(struct db *db, const char *email,
                             const char *client, int64_t now)
{
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	for (int i = 0; i < RULE_COUNT; i++) {
		char key[600];
		key_for(&rules[i], email, client, key, sizeof key);
		int64_t failures = 0;
		s = db_one_int(
		    db,
		    "INSERT INTO signin_throttle (throttle_key, failures,"
		    " blocked_until, updated_at) VALUES (?, 1, 0, ?)"
		    " ON CONFLICT (throttle_key) DO UPDATE SET failures ="
		    "  CASE WHEN signin_throttle.updated_at < ? THEN 1"
		    "  ELSE signin_throttle.failures + 1 END,"
		    "  updated_at = excluded.updated_at"
		    " RETURNING failures",
		    &failures, DB_TEXT(key), DB_INT(now),
		    DB_INT(now - FORGET_AFTER));
		if (s != DB_ROW)
			goto fail;
		int64_t over = failures - rules[i].free_failures;
		if (over <= 0)
			continue;
		/* 2, 4, 8… seconds: times are whole seconds, so the first
		 * wait must be 2 to be felt at all */
		int64_t wait =
		    over >= 20 ? rules[i].cap_seconds : (int64_t)1 << over;
		if (wait > rules[i].cap_seconds)
			wait = rules[i].cap_seconds;
		s = db_run(db,
		           "UPDATE signin_throttle SET blocked_until = ?"
		           " WHERE throttle_key = ?",
		           DB_INT(now + wait), DB_TEXT(key));
		if (s != DB_OK)
			goto fail;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return s == DB_DONE ? DB_ERROR : s;
}

enum db_status throttle_clear(struct db *db, const char *email,
                              const char *client)
{
	char pair[600], acct[600];
	key_for(&rules[0], email, client, pair, sizeof pair);
	key_for(&rules[2], email, client, acct, sizeof acct);
	return db_run(
	    db, "DELETE FROM signin_throttle WHERE throttle_key IN (?, ?)",
	    DB_TEXT(pair), DB_TEXT(acct));
}
