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
		struct db_stmt *st =
		    db_prepare(db, "SELECT blocked_until FROM signin_throttle "
		                   "WHERE throttle_key = ?");
		if (!st)
			return -1;
		db_bind_text(st, 1, key);
		enum db_status s = db_step(st);
		if (s == DB_ROW && db_column_int(st, 0) - now > wait)
			wait = db_column_int(st, 0) - now;
		db_done(st);
		if (s != DB_ROW && s != DB_DONE)
			return -1;
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
		struct db_stmt *st = db_prepare(
		    db, "INSERT INTO signin_throttle (throttle_key, failures,"
		        " blocked_until, updated_at) VALUES (?, 1, 0, ?)"
		        " ON CONFLICT (throttle_key) DO UPDATE SET failures ="
		        "  CASE WHEN signin_throttle.updated_at < ? THEN 1"
		        "  ELSE signin_throttle.failures + 1 END,"
		        "  updated_at = excluded.updated_at"
		        " RETURNING failures");
		if (!st)
			goto fail;
		db_bind_text(st, 1, key);
		db_bind_int(st, 2, now);
		db_bind_int(st, 3, now - FORGET_AFTER);
		s = db_step(st);
		int64_t failures = s == DB_ROW ? db_column_int(st, 0) : 0;
		db_done(st);
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
		st = db_prepare(db,
		                "UPDATE signin_throttle SET blocked_until = ?"
		                " WHERE throttle_key = ?");
		if (!st)
			goto fail;
		db_bind_int(st, 1, now + wait);
		db_bind_text(st, 2, key);
		s = db_step(st);
		db_done(st);
		if (s != DB_DONE)
			goto fail;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return db_last_status(db);
}

enum db_status throttle_clear(struct db *db, const char *email,
                              const char *client)
{
	char pair[600], acct[600];
	key_for(&rules[0], email, client, pair, sizeof pair);
	key_for(&rules[2], email, client, acct, sizeof acct);
	struct db_stmt *st = db_prepare(db, "DELETE FROM signin_throttle"
	                                    " WHERE throttle_key IN (?, ?)");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, pair);
	db_bind_text(st, 2, acct);
	enum db_status s = db_step(st);
	db_done(st);
	return s == DB_DONE ? DB_OK : s;
}
