/* audit.h — the append-only, hash-chained audit log (HIPAA 164.312(b)).
 *
 * Each entry's hash is a MAC, keyed BLAKE2b-256 under a key kept outside
 * the database (audit_key.h), over the previous entry's hash and this
 * entry's fields, so altering, inserting or deleting an entry breaks the
 * chain from there on, and nobody without the key file can re-hash a
 * rewritten chain to match.  audit_head keeps the last sequence number and
 * hash and which key seals the log now; a signed copy of the head kept
 * outside the database (audit_checkpoint.h) finds a cut-off end.  The
 * database refuses UPDATE and DELETE on audit_log (triggers in migration
 * 2).  Entries before the log was first sealed (upgraded databases) stay
 * unkeyed; the sealing entry is keyed and so protects them too. */
#ifndef WAYPOINT_AUDIT_H
#define WAYPOINT_AUDIT_H

#include "../store/db.h"

#include <stddef.h>
#include <stdint.h>

/* Who did it: filled from the request (or "system" for the command line). */
struct actor {
	int64_t user_id; /* 0: none (anonymous, or the command line) */
	const char *role;
	const char *client; /* address, or "cli" */
};

struct audit_entry {
	const char *action; /* create read update delete query print export sign
	                       signin signout */
	const char *entity_type; /* "user", "session", "program", "person"… */
	const char *entity_id;   /* "" when none */
	int64_t person_id;       /* 0 when no person's record is involved */
	const char *outcome;     /* "success", "failure", "denied" */
	const char *detail;      /* short, never a password or token; "" */
};

/* audit_append writes one entry inside the caller's transaction, so that a
 * change and its audit entry commit together or not at all. */
enum db_status audit_append(struct db *db, const struct actor *who,
                            const struct audit_entry *e);

/* audit_commit ends a change in the transaction its caller began: s is the
 * result of the change's statements.  When DB_OK, e is appended and the
 * transaction committed; otherwise (or when the append fails) it is rolled
 * back.  Returns the first failure, or the commit's answer. */
enum db_status audit_commit(struct db *db, enum db_status s,
                            const struct actor *who,
                            const struct audit_entry *e);

/* audit_record writes one entry in a transaction of its own, and returns
 * once it is durable: through the group-commit writer while the server
 * runs (audit_queue.h), else at once on db.  Inside a transaction on db it
 * appends there instead, to commit (or not) with the change. */
enum db_status audit_record(struct db *db, const struct actor *who,
                            const struct audit_entry *e);
enum db_status audit_record_now(struct db *db, const struct actor *who,
                                const struct audit_entry *e);

struct audit_checkpoint;

/* audit_seal makes the newest key of the ring the one that seals the log:
 * when the log is sealed with an older key, or none, it writes an entry
 * (action "key", entity "audit_key" N) hashed under the new key.  First
 * it checks the newest entry against the key the log says seals it, so a
 * wrong key file is refused.  Returns 1 sealed anew, 0 already sealed
 * with it, -1 with msg. */
int audit_seal(struct db *db, char *msg, size_t msglen);

/* audit_key_check: whether the key ring holds the key that seals the log,
 * the very one (its newest entry checks out).  0, or -1 with msg: a
 * command refuses to write entries that could never be verified. */
int audit_key_check(struct db *db, char *msg, size_t msglen);

/* audit_verify walks the chain with the keys of the ring, and checks that
 * it still holds the entry checkpoint cp signed (cp may be NULL).  Returns
 * 0 when intact; 1 with the first bad entry described in msg; -1 when the
 * database could not be read. */
int audit_verify(struct db *db, const struct audit_checkpoint *cp, char *msg,
                 size_t msglen, int64_t *checked);

#endif
