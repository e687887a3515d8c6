/* totp.c — see totp.h. */
#include "totp.h"
#include "../core/buf.h"
#include "../core/url.h"
#include "secret.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static void oath_start(void)
{
	oath_init();
}

void totp_new_secret(char out[TOTP_SECRET_SIZE])
{
	pthread_once(&oath_once, oath_start);
	unsigned char raw[20];
	randombytes_buf(raw, sizeof raw);
	char *b32 = NULL;
	size_t len = 0;
	oath_base32_encode((const char *)raw, sizeof raw, &b32, &len);
	snprintf(out, TOTP_SECRET_SIZE, "%s", b32 ? b32 : "");
	free(b32);
	sodium_memzero(raw, sizeof raw);
}

static bool decode(const char *secret, char **raw, size_t *len)
{
	pthread_once(&oath_once, oath_start);
	return secret &&
	       oath_base32_decode(secret, strlen(secret), raw, len) == OATH_OK;
}

bool totp_check(const char *secret, const char *code, int64_t now)
{
	if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6)
		return false;
	char *raw = NULL;
	size_t len = 0;
	if (!decode(secret, &raw, &len))
		return false;
	int rc = oath_totp_validate(raw, len, (time_t)now, 30, 0, 1, code);
	sodium_memzero(raw, len);
	free(raw);
	return rc >= 0;
}

int64_t totp_step(const char *secret, const char *code, int64_t now)
{
	if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6 ||
	    now < 0)
		return -1;
	char *raw = NULL;
	size_t len = 0;
	if (!decode(secret, &raw, &len))
		return -1;
	int pos = 0;
	int rc =
	    oath_totp_validate2(raw, len, (time_t)now, 30, 0, 1, &pos, code);
	sodium_memzero(raw, len);
	free(raw);
	int64_t step = now / 30 + pos;
	return rc >= 0 && step >= 0 ? step : -1;
}

enum db_status totp_claim_step(struct db *db, int64_t user_id, int64_t step)
{
	int64_t id;
	enum db_status s =
	    db_one_int(db,
	               "UPDATE users SET totp_last_step = ?"
	               " WHERE id = ? AND totp_last_step < ?"
	               " RETURNING id",
	               &id, DB_INT(step), DB_INT(user_id), DB_INT(step));
	return s == DB_ROW ? DB_OK : s == DB_DONE ? DB_CONSTRAINT : s;
}

enum db_status totp_use(struct db *db, int64_t user_id, const char *secret,
                        const char *code, int64_t now)
{
	int64_t step = totp_step(secret, code, now);
	return step < 0 ? DB_CONSTRAINT : totp_claim_step(db, user_id, step);
}

int totp_code(const char *secret, int64_t when, char out[7])
{
	char *raw = NULL;
	size_t len = 0;
	if (!decode(secret, &raw, &len))
		return -1;
	int rc = oath_totp_generate(raw, len, (time_t)when, 30, 0, 6, out);
	free(raw);
	return rc == OATH_OK ? 0 : -1;
}

const char *totp_uri(struct arena *a, const char *secret, const char *email)
{
	struct buf b = {0};
	buf_puts(&b, "otpauth://totp/Waypoint:");
	url_arg(&b, email);
	buf_puts(&b, "?secret=");
	buf_puts(&b, secret);
	buf_puts(&b, "&issuer=Waypoint&digits=6&period=30");
	const char *out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

enum db_status
recovery_codes_new(struct db *db, int64_t user_id,
                   char codes[RECOVERY_CODE_COUNT][RECOVERY_CODE_SIZE])
{
	enum db_status s =
	    db_run(db, "DELETE FROM recovery_codes WHERE user_id = ?",
	           DB_INT(user_id));
	for (int i = 0; s == DB_OK && i < RECOVERY_CODE_COUNT; i++) {
		char left[6], right[6], hash[SECRET_HASH_SIZE];
		secret_code(left, 5);
		secret_code(right, 5);
		snprintf(codes[i], RECOVERY_CODE_SIZE, "%s-%s", left, right);
		secret_hash(codes[i], hash);
		s = db_run(db,
		           "INSERT INTO recovery_codes (user_id, code_hash)"
		           " VALUES (?, ?)",
		           DB_INT(user_id), DB_TEXT(hash));
	}
	return s;
}

enum db_status recovery_code_use(struct db *db, int64_t user_id,
                                 const char *code)
{
	char hash[SECRET_HASH_SIZE];
	secret_hash(code, hash);
	int64_t used;
	enum db_status s = db_one_int(
	    db,
	    "UPDATE recovery_codes SET used_at = ? WHERE user_id = ?"
	    " AND code_hash = ? AND used_at IS NULL RETURNING user_id",
	    &used, DB_INT((int64_t)time(NULL)), DB_INT(user_id), DB_TEXT(hash));
	return s == DB_ROW ? DB_OK : s == DB_DONE ? DB_CONSTRAINT : s;
}
