/* totp.h — two-step sign-in codes (RFC 6238 TOTP, through liboath) and
 * one-time recovery codes. */
#ifndef WAYPOINT_TOTP_H
#define WAYPOINT_TOTP_H

#include "../core/arena.h"
#include "../store/db.h"

#include <stdbool.h>
#include <stdint.h>

enum {
	TOTP_SECRET_SIZE = 33, /* 160 bits as 32 base32 characters, NUL */
	RECOVERY_CODE_COUNT = 10,
	RECOVERY_CODE_SIZE = 12, /* "xxxxx-xxxxx" and NUL */
};

/* totp_new_secret writes a fresh random secret in base32. */
void totp_new_secret(char out[TOTP_SECRET_SIZE]);

/* totp_check accepts the 6-digit code for now, or for the 30-second step
 * before or after it (clock drift).  It does not remember the code: a
 * sign-in uses totp_use, which does. */
bool totp_check(const char *secret, const char *code, int64_t now);

/* totp_step finds the 30-second step (unix time / 30) whose code code is,
 * among now's and the steps before and after it: the step, or -1 when
 * the code is none of them (or malformed). */
int64_t totp_step(const char *secret, const char *code, int64_t now);

/* totp_claim_step spends a step of user_id's: DB_OK when it is later than
 * the last step accepted (which it now is), DB_CONSTRAINT when a code of
 * this step or a later one was already accepted — one statement, so of
 * two sign-ins racing with the same code only one wins. */
enum db_status totp_claim_step(struct db *db, int64_t user_id, int64_t step);

/* totp_use accepts a code of secret for user_id once: DB_OK when good and
 * not used before, DB_CONSTRAINT when wrong or already used, or the
 * database's error. */
enum db_status totp_use(struct db *db, int64_t user_id, const char *secret,
                        const char *code, int64_t now);

/* totp_code computes the code for a time (tests, and the enrol page's
 * check). Writes 6 digits. */
int totp_code(const char *secret, int64_t when, char out[7]);

/* totp_uri is the otpauth:// address an authenticator app scans. */
const char *totp_uri(struct arena *a, const char *secret, const char *email);

/* recovery_codes_new replaces a user's recovery codes with fresh ones,
 * written into codes (shown once; only hashes are kept). */
enum db_status
recovery_codes_new(struct db *db, int64_t user_id,
                   char codes[RECOVERY_CODE_COUNT][RECOVERY_CODE_SIZE]);

/* recovery_code_use spends one unused code: DB_OK when it was good. */
enum db_status recovery_code_use(struct db *db, int64_t user_id,
                                 const char *code);

#endif
