/* throttle.c — see throttle.h. */
#include "throttle.h"

#include <stdio.h>
#include <string.h>

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
_Static_assert((int)RULE_COUNT == (int)THROTTLE_KEYS,
               "a ticket holds every key");
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
static enum db_status blocked_for(struct db *db, char keys[RULE_COUNT][600],
                                  int64_t now, int64_t *wait)
{
	int64_t until = 0;
	enum db_status s = db_one_int(
	    db,
	    "SELECT MAX(blocked_until) FROM signin_throttle"
	    " WHERE throttle_key IN (?, ?, ?)",
	    &until, DB_TEXT(keys[0]), DB_TEXT(keys[1]), DB_TEXT(keys[2]));
	if (s != DB_ROW && s != DB_DONE)
		return s;
	*wait = until - now > 1 ? until - now : 1;
	return DB_OK;
}

enum db_status throttle_reserve(struct db *db, const char *email,
                                const char *client, int64_t now, int64_t *wait,
                                struct throttle_ticket *t)
{
	*wait = 0;
	memset(t, 0, sizeof *t);
	char keys[RULE_COUNT][600];
	for (int i = 0; i < RULE_COUNT; i++)
		key_for(i, email, client, keys[i], sizeof keys[i]);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	for (int i = 0; i < RULE_COUNT; i++) {
		/* One statement counts the attempt unless the key blocks: the
		 * row stays locked (PostgreSQL) or the database (SQLite) until
		 * the commit, so the next attempt sees this one's count and
		 * the block it sets. */
		struct db_stmt *st = db_query(
		    db,
		    "INSERT INTO signin_throttle (throttle_key, failures,"
		    " blocked_until, updated_at) VALUES (?, 1, 0, ?)"
		    " ON CONFLICT (throttle_key) DO UPDATE SET failures ="
		    "  CASE WHEN signin_throttle.updated_at < ? THEN 1"
		    "  ELSE signin_throttle.failures + 1 END,"
		    "  updated_at = excluded.updated_at"
		    " WHERE signin_throttle.blocked_until <= ?"
		    " RETURNING failures, blocked_until",
		    DB_TEXT(keys[i]), DB_INT(now), DB_INT(now - FORGET_AFTER),
		    DB_INT(now));
		bool counted = db_row(st);
		int64_t failures = counted ? db_column_int(st, 0) : 0;
		t->found[i] = counted ? db_column_int(st, 1) : 0;
		s = db_end(db, st);
		if (s != DB_DONE)
			goto fail;
		if (!counted) {          /* blocked: nothing counted, */
			db_rollback(db); /* nor the keys counted before it */
			memset(t, 0, sizeof *t);
			return blocked_for(db, keys, now, wait);
		}
		int64_t block = wait_after(&rules[i], failures);
		if (block == 0)
			continue;
		t->set[i] = now + block;
		s = db_run(db,
		           "UPDATE signin_throttle SET blocked_until = ?"
		           " WHERE throttle_key = ?",
		           DB_INT(t->set[i]), DB_TEXT(keys[i]));
		if (s != DB_OK)
			goto fail;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	memset(t, 0, sizeof *t);
	return s == DB_OK || s == DB_ROW || s == DB_DONE ? DB_ERROR : s;
}

/* Takes one reserved attempt back from a key, and the block it set with
 * it, unless a later one replaced it: as if it had never been made. */
static enum db_status take_back(struct db *db, const char *key, int64_t set,
                                int64_t found)
{
	return db_run(db,
	              "UPDATE signin_throttle SET failures = failures - 1,"
	              " blocked_until = CASE WHEN ? <> 0 AND blocked_until = ?"
	              "  THEN ? ELSE blocked_until END"
	              " WHERE throttle_key = ? AND failures > 0",
	              DB_INT(set), DB_INT(set), DB_INT(found), DB_TEXT(key));
}

enum db_status throttle_release(struct db *db, const char *email,
                                const char *client,
                                const struct throttle_ticket *t)
{
	enum db_status s = DB_OK;
	for (int i = 0; i < RULE_COUNT && s == DB_OK; i++) {
		char key[600];
		key_for(i, email, client, key, sizeof key);
		s = take_back(db, key, t->set[i], t->found[i]);
	}
	return s;
}

enum db_status throttle_clear(struct db *db, const char *email,
                              const char *client,
                              const struct throttle_ticket *t)
{
	char pair[600], addr[600], acct[600];
	key_for(PAIR, email, client, pair, sizeof pair);
	key_for(ADDR, email, client, addr, sizeof addr);
	key_for(ACCT, email, client, acct, sizeof acct);
	enum db_status s = db_run(
	    db, "DELETE FROM signin_throttle WHERE throttle_key IN (?, ?)",
	    DB_TEXT(pair), DB_TEXT(acct));
	return s == DB_OK ? take_back(db, addr, t->set[ADDR], t->found[ADDR])
	                  : s;
}
