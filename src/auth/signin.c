/* signin.c — see signin.h. */
#include "signin.h"
#include "password.h"
#include "session.h"
#include "throttle.h"
#include "totp.h"
#include "../core/clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

bool signin_role_needs_two_step(enum role role)
{
	return role == ROLE_ADMIN || role == ROLE_PROGRAM_MANAGER;
}

/* Admins and program managers always; anyone else when a program they work
 * in (through a team) requires it. */
static bool needs_two_step(struct db *db, const struct user *u)
{
	if (signin_role_needs_two_step(u->role))
		return true;
	int64_t one;
	/* an error counts as a yes: when unsure, ask for more */
	return db_one_int(db,
	                  "SELECT 1 FROM team_members m"
	                  " JOIN teams t ON t.id = m.team_id"
	                  " JOIN programs p ON p.id = t.program_id"
	                  " WHERE m.user_id = ? AND p.require_two_step = 1"
	                  " LIMIT 1",
	                  &one, DB_INT(u->id)) != DB_DONE;
}

static void audit_signin(struct db *db, const char *client, int64_t user_id,
                         const char *outcome, const char *detail)
{
	struct actor who = {user_id, "anonymous", client};
	char entity[24] = "";
	if (user_id)
		snprintf(entity, sizeof entity, "%lld", (long long)user_id);
	if (audit_record(db, &who,
	                 &(struct audit_entry){"signin", "session", entity, 0,
	                                       outcome, detail}) != DB_OK)
		fprintf(stderr, "waypoint: audit: %s\n", db_errmsg(db));
}

/* A code is a TOTP code (6 digits) of a step later than the last one
 * accepted, or an unused recovery code: DB_OK when good, DB_CONSTRAINT
 * when not (*why says how), or the database's error. */
static enum db_status code_check(struct db *db, const struct user *u,
                                 const char *code, const char **why)
{
	*why = "wrong two-step code";
	if (!code || !*code)
		return DB_CONSTRAINT;
	if (strlen(code) != 6)
		return recovery_code_use(db, u->id, code);
	int64_t step = totp_step(u->totp_secret, code, (int64_t)time(NULL));
	if (step < 0)
		return DB_CONSTRAINT;
	enum db_status s = totp_claim_step(db, u->id, step);
	if (s == DB_CONSTRAINT)
		*why = "two-step code already used";
	return s;
}

static void start(struct db *db, const char *client, struct signin *out,
                  const char *stage, enum signin_result result)
{
	enum db_status s =
	    session_create(db, out->user.id, stage, out->token, out->csrf);
	if (s != DB_OK) {
		out->result = SIGNIN_ERROR;
		out->db_status = s;
		return;
	}
	out->result = result;
	audit_signin(db, client, out->user.id, "success",
	             result == SIGNIN_OK ? "signed in"
	                                 : "password accepted; "
	                                   "two-step pending");
}

/* The attempt was counted when reserved: a failure is only audited. */
static void fail(struct db *db, const char *client, int64_t user_id,
                 const char *why, struct signin *out)
{
	audit_signin(db, client, user_id, "failure", why);
	out->result = SIGNIN_FAILED;
}

/* The database failed after the attempt was reserved: it is taken back. */
static void failed_db(struct db *db, const char *email, const char *client,
                      const struct throttle_ticket *t, enum db_status s,
                      struct signin *out)
{
	throttle_release(db, email, client, t);
	out->result = SIGNIN_ERROR;
	out->db_status = s == DB_DONE || s == DB_ROW ? DB_ERROR : s;
}

/* Reserves the attempt (throttle.h): false when refused or on an error,
 * out then saying which. */
static bool reserve(struct db *db, const char *email, const char *client,
                    struct throttle_ticket *t, struct signin *out)
{
	int64_t wait = 0;
	enum db_status s =
	    throttle_reserve(db, email, client, (int64_t)clock_now(), &wait, t);
	if (s != DB_OK) {
		out->result = SIGNIN_ERROR;
		out->db_status = s;
		return false;
	}
	if (wait > 0) {
		out->result = SIGNIN_THROTTLED;
		out->wait_seconds = wait;
		audit_signin(db, client, 0, "denied", "throttled");
		return false;
	}
	return true;
}

void signin_password(struct db *db, struct arena *a, const char *client,
                     const char *email_raw, const char *password,
                     const char *code, struct signin *out)
{
	memset(out, 0, sizeof *out);
	const char *email = user_email_normal(a, email_raw);
	const char *key = email ? email : "(malformed)";
	/* counted before the password is checked, so that attempts made at
	 * once cannot all be checked before the first is counted */
	struct throttle_ticket ticket;
	if (!reserve(db, key, client, &ticket, out))
		return;
	enum db_status s =
	    email ? user_by_email(db, a, email, &out->user) : DB_DONE;
	if (s != DB_ROW && s != DB_DONE) {
		failed_db(db, key, client, &ticket, s, out);
		return;
	}
	bool known = s == DB_ROW && !out->user.disabled;
	bool rehash = false;
	/* The hash is checked even for unknown users (against a dummy), so
	 * that the answer takes the same time either way. */
	enum password_result pr =
	    password_verify(known ? out->user.password_hash : NULL,
	                    password ? password : "", &rehash);
	if (pr == PASSWORD_BUSY) { /* not checked: not a guess */
		throttle_release(db, key, client, &ticket);
		out->result = SIGNIN_BUSY;
		return;
	}
	if (pr != PASSWORD_MATCH || !known) {
		fail(db, client, s == DB_ROW ? out->user.id : 0,
		     !known && s == DB_ROW ? "account disabled"
		                           : "wrong e-mail or password",
		     out);
		return;
	}
	if (rehash) { /* parameters changed since it was stored */
		char fresh[PASSWORD_HASH_SIZE];
		struct actor system = {out->user.id, role_name(out->user.role),
		                       client};
		if (password_hash(password, fresh) == 0)
			user_set_password(db, &system, out->user.id, fresh);
	}
	if (out->user.totp_enabled) {
		if (!code || !*code) {
			/* the password was right: the code step counts its
			 * own attempts */
			throttle_release(db, key, client, &ticket);
			start(db, client, out, SESSION_TWO_STEP,
			      SIGNIN_NEED_CODE);
			return;
		}
		const char *why;
		s = code_check(db, &out->user, code, &why);
		if (s == DB_CONSTRAINT) {
			fail(db, client, out->user.id, why, out);
			return;
		}
		if (s != DB_OK) {
			failed_db(db, key, client, &ticket, s, out);
			return;
		}
	}
	throttle_clear(db, key, client, &ticket);
	if (!out->user.totp_enabled && needs_two_step(db, &out->user)) {
		start(db, client, out, SESSION_ENROL, SIGNIN_NEED_ENROL);
		return;
	}
	start(db, client, out, SESSION_ACTIVE, SIGNIN_OK);
}

void signin_code(struct db *db, struct arena *a, const char *client,
                 const struct session *pending, const char *code,
                 struct signin *out)
{
	memset(out, 0, sizeof *out);
	struct throttle_ticket ticket;
	if (!reserve(db, pending->email, client, &ticket, out))
		return;
	enum db_status s = user_get(db, a, pending->user_id, &out->user);
	if (s != DB_ROW) {
		failed_db(db, pending->email, client, &ticket, s, out);
		return;
	}
	const char *why;
	s = code_check(db, &out->user, code, &why);
	if (s == DB_CONSTRAINT) {
		fail(db, client, out->user.id, why, out);
		return;
	}
	if (s != DB_OK) {
		failed_db(db, pending->email, client, &ticket, s, out);
		return;
	}
	throttle_clear(db, pending->email, client, &ticket);
	session_end(db, pending->hash); /* a new token at each step */
	start(db, client, out, SESSION_ACTIVE, SIGNIN_OK);
}
