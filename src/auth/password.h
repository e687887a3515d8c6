/* password.h — staff passwords: Argon2id hashing (libsodium) and quality
 * checks (libpwquality with the cracklib dictionary).
 *
 * Hashing takes tens of megabytes and tens of milliseconds on purpose; at
 * most PASSWORD_MAX_CONCURRENT run at once, so that a storm of sign-ins
 * queues instead of exhausting memory. */
#ifndef WAYPOINT_PASSWORD_H
#define WAYPOINT_PASSWORD_H

#include <sodium.h>
#include <stdbool.h>

enum {
	PASSWORD_MIN = 8,    /* characters */
	PASSWORD_MAX = 1024, /* bytes: long passphrases welcome */
	PASSWORD_HASH_SIZE = crypto_pwhash_STRBYTES,
	PASSWORD_MAX_CONCURRENT = 4,
};

enum password_result { PASSWORD_MATCH, PASSWORD_MISMATCH, PASSWORD_BUSY };

/* password_hash writes the encoded Argon2id string for password.  Returns
 * 0, or -1 when the hashing queue stayed full for too long (busy). */
int password_hash(const char *password, char out[PASSWORD_HASH_SIZE]);

/* password_verify checks password against an encoded hash.  A NULL stored
 * hash (unknown user, or no password yet) is checked against a dummy hash
 * so that the answer takes the same time.  *rehash is set when the stored
 * hash uses other parameters than today's. */
enum password_result password_verify(const char *stored, const char *password,
                                     bool *rehash);

/* password_problem returns NULL when password is acceptable for a user with
 * this e-mail and name, or a sentence saying what is wrong (static). */
const char *password_problem(const char *password, const char *email,
                             const char *name);

#endif
