/* audit_key.h — the keys that seal the audit log, kept outside the database.
 *
 * Whoever can write the database could rewrite an unkeyed hash chain and
 * its head to match.  So each entry's hash is a MAC (keyed BLAKE2b-256)
 * under a key that lives in a file the database never holds, and the
 * chain's head is signed (Ed25519, audit_checkpoint.h) and kept outside it
 * too.  The key file is text, one key a line, oldest first:
 *
 *     # comment
 *     1 2026-12-05T12:00:00Z <64 hex digits: 32 random bytes>
 *
 * From each key's 32 bytes come its MAC key and its signing key pair
 * (libsodium's key derivation, two subkeys).  A rotation adds a line;
 * lines are never removed, since older entries are checked with the key
 * they were sealed with.  The file must be readable by its owner only. */
#ifndef WAYPOINT_AUDIT_KEY_H
#define WAYPOINT_AUDIT_KEY_H

#include <stdbool.h>
#include <stddef.h>

enum { AUDIT_KEYS_MAX = 64, AUDIT_MAC_SIZE = 32 };

struct audit_key {
	int id; /* 1, 2, 3… */
	unsigned char mac[AUDIT_MAC_SIZE];
	unsigned char sign_pk[32], sign_sk[64];
};

/* audit_key_path writes where the key file is: path when given (the
 * --audit-key option), else beside an SQLite database file ("x.db" →
 * "x-audit.key").  Returns -1 for a PostgreSQL URL without a path. */
int audit_key_path(const char *path, const char *db_url, char *out,
                   size_t outlen);

/* audit_checkpoint_path: the checkpoint file, one a database: given, else
 * beside an SQLite database file ("x.db" → "x-audit.checkpoints"), else
 * beside the key file ("k.key" → "k.checkpoints"). */
void audit_checkpoint_path(const char *given, const char *db_url,
                           const char *key_path, char *out, size_t outlen);

/* audit_keys_load reads the key file into this process's key ring.
 * Returns 0, or -1 with the reason in err (missing, unreadable, readable
 * by others, malformed).  The ring remembers path for audit_key_get. */
int audit_keys_load(const char *path, char *err, size_t errlen);

/* audit_keys_create makes the key file with one key when it does not
 * exist (*created true), atomically: a file another process made at the
 * same time is kept.  Then loads it.  Returns 0, or -1 with err. */
int audit_keys_create(const char *path, bool *created, char *err,
                      size_t errlen);

/* audit_keys_add appends a new key to the file (written whole to a
 * temporary file and renamed over it) and loads it; *id is its number. */
int audit_keys_add(const char *path, int *id, char *err, size_t errlen);

/* audit_key_get: key id from the ring, reading the file again when it is
 * not there yet (another process rotated).  NULL when the file lacks it. */
const struct audit_key *audit_key_get(int id);

/* audit_key_newest: the highest-numbered key in the ring; NULL if none. */
const struct audit_key *audit_key_newest(void);

/* audit_keys_forget empties the ring (tests). */
void audit_keys_forget(void);

#endif
