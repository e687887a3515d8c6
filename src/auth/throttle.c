/* throttle.c — see throttle.h. */
#include "throttle.h"

#include <stdio.h>

enum { FORGET_AFTER = 24 * 3600 }; /* failures older than a day are forgotten */

struct rule {
	const char *prefix;
	int free_failures;
	int64_t cap_seconds;
};

/* Reserved in this order by every attempt, so that two attempts that
 * share keys lock their rows in the same order (no deadlock). */
static const struct rule rules[] = {
    {"pair", 5, 900},  /* this account from this address */
    {"addr", 20, 900}, /* this address, any account */
    {"acct", 10, 30},  /* this account, any address: slows, never locks */
};
enum { RULE_COUNT = sizeof rules / sizeof rules[0] };
enum { PAIR, ADDR, ACCT };

static void key_for(int rule, const char *email, const char *client, char *out,
                    size_t n)
{
	if (rule == PAIR)
		snprintf(out, n, "pair:%s|%s", email, client);
	else if (rule == ADDR)
		snprintf(out, n, "addr:%s", client);
	else
		snprintf(out, n, "acct:%s", email);
}

/* The wait after the nth failure: none up to the free ones, then 2, 4,
 * 8… seconds (times are whole seconds, so the first wait must be 2 to be
 * felt at all), capped. */
static int64_t wait_after(const struct rule *r, int64_t failures)
{
	int64_t over = failures - r->free_failures;
	if (over <= 0)
		return 0;
	int64_t wait = over >= 20 ? r->cap_seconds : (int64_t)1 << over;
	return wait > r->cap_seconds ? r->cap_seconds : wait;
}

/* How long the keys still block, at least 1 s (a refused attempt is
 * refused even when its block ran out a moment later). */
static int64_t blocked_for(struct db *db, char keys[RULE_COUNT][600],
                           int64_t now)
{
	int64_t until = 0;
	enum db_status s = db_one_int(
	    db,
	    "SELECT MAX(blocked_until) FROM signin_throttle"
	    " WHERE throttle_key IN (?, ?, ?)",
	    &until, DB_TEXT(keys[0]), DB_TEXT(keys[1]), DB_TEXT(keys[2]));
	if (s != DB_ROW && s != DB_DONE)
		return -1;
	return until - now > 1 ? until - now : 1;
}

int64_t throttle_reserve(struct db *db, const char *email, const char *client,
                         int64_t now)
{
	char keys[RULE_COUNT][600];
	for (int i = 0; i < RULE_COUNT; i++)
		key_for(i, email, client, keys[i], sizeof keys[i]);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return -1;
	bool blocked = false;
	for (int i = 0; i < RULE_COUNT && !blocked; i++) {
		/* One statement counts the attempt unless the key blocks: the
		 * row stays locked (PostgreSQL) or the database (SQLite) until
		 * the commit, so the next attempt sees this one's count and
		 * the block it sets. */
		int64_t failures = 0;
		s = db_one_int(
		    db,
		    "INSERT INTO signin_throttle (throttle_key, failures,"
		    " blocked_until, updated_at) VALUES (?, 1, 0, ?)"
		    " ON CONFLICT (throttle_key) DO UPDATE SET failures ="
		    "  CASE WHEN signin_throttle.updated_at < ? THEN 1"
		    "  ELSE signin_throttle.failures + 1 END,"
		    "  updated_at = excluded.updated_at"
		    " WHERE signin_throttle.blocked_until <= ?"
		    " RETURNING failures",
		    &failures, DB_TEXT(keys[i]), DB_INT(now),
		    DB_INT(now - FORGET_AFTER), DB_INT(now));
		if (s == DB_DONE) { /* blocked: nothing counted */
			blocked = true;
			break;
		}
		if (s != DB_ROW)
			goto fail;
		int64_t wait = wait_after(&rules[i], failures);
		if (wait == 0)
			continue;
		s = db_run(db,
		           "UPDATE signin_throttle SET blocked_until = ?"
		           " WHERE throttle_key = ?",
		           DB_INT(now + wait), DB_TEXT(keys[i]));
		if (s != DB_OK)
			goto fail;
	}
	if (blocked) {
		db_rollback(db); /* the keys counted before it are not */
		return blocked_for(db, keys, now);
	}
	return db_commit(db) == DB_OK ? 0 : -1;
fail:
	db_rollback(db);
	return -1;
}

enum db_status throttle_release(struct db *db, const char *email,
                                const char *client)
{
	char keys[RULE_COUNT][600];
	for (int i = 0; i < RULE_COUNT; i++)
		key_for(i, email, client, keys[i], sizeof keys[i]);
	return db_run(db,
	              "UPDATE signin_throttle SET failures = failures - 1"
	              " WHERE throttle_key IN (?, ?, ?) AND failures > 0",
	              DB_TEXT(keys[0]), DB_TEXT(keys[1]), DB_TEXT(keys[2]));
}

enum db_status throttle_clear(struct db *db, const char *email,
                              const char *client)
{
	char pair[600], addr[600], acct[600];
	key_for(PAIR, email, client, pair, sizeof pair);
	key_for(ADDR, email, client, addr, sizeof addr);
	key_for(ACCT, email, client, acct, sizeof acct);
	enum db_status s = db_run(
	    db, "DELETE FROM signin_throttle WHERE throttle_key IN (?, ?)",
	    DB_TEXT(pair), DB_TEXT(acct));
	if (s != DB_OK)
		return s;
	return db_run(db,
	              "UPDATE signin_throttle SET failures = failures - 1"
	              " WHERE throttle_key = ? AND failures > 0",
	              DB_TEXT(addr));
}
