/* secret.h — random tokens and how they are kept.
 *
 * Session, invitation, recovery and API tokens are 256 random bits from
 * libsodium's CSPRNG, given out once as base64url text; the database keeps
 * only their BLAKE2b-256 hash, so a stolen database yields no usable token. */
#ifndef WAYPOINT_SECRET_H
#define WAYPOINT_SECRET_H

#include <stdbool.h>
#include <stddef.h>

enum {
	SECRET_TOKEN_SIZE = 44, /* 43 base64url characters and NUL */
	SECRET_HASH_SIZE = 65,  /* 64 hex digits and NUL */
};

/* secret_init starts libsodium; call once before anything else here.
 * Returns -1 when the system offers no randomness. */
int secret_init(void);

/* secret_token writes a fresh 256-bit token as text. */
void secret_token(char out[SECRET_TOKEN_SIZE]);

/* secret_hash writes the hex BLAKE2b-256 of text. */
void secret_hash(const char *text, char out[SECRET_HASH_SIZE]);

/* secret_equal compares two strings in time that does not depend on where
 * they differ (lengths may differ: that alone is not secret). */
bool secret_equal(const char *a, const char *b);

/* secret_code writes n random characters from an alphabet without look-alike
 * characters (recovery codes). */
void secret_code(char *out, size_t n);

#endif
