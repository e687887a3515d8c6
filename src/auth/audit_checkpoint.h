/* audit_checkpoint.h — the audit chain's head, signed and kept outside the
 * database.
 *
 * A keyed chain cannot be forged without the key, but whoever can write
 * the database can still cut entries off its end and roll the head back.
 * A checkpoint is one line of text,
 *
 *     waypoint-audit-checkpoint 1 seq=N hash=H key=K at=STAMP sig=S
 *
 * S an Ed25519 signature (hex) of everything before " sig=" by key K.
 * The server writes one at start, every --checkpoint-every seconds when
 * the log has grown and on shutdown, to an append-only file and to the
 * system log; `waypoint audit checkpoint` prints one to keep elsewhere.
 * `waypoint audit verify` then checks that the chain still holds entry N
 * with hash H: a cut-off or rewritten end is found back to the newest
 * checkpoint. */
#ifndef WAYPOINT_AUDIT_CHECKPOINT_H
#define WAYPOINT_AUDIT_CHECKPOINT_H

#include "../core/clock.h"
#include "../store/db.h"
#include "secret.h"

#include <stddef.h>
#include <stdint.h>

enum { AUDIT_CHECKPOINT_LINE = 320 };

struct audit_checkpoint {
	int64_t seq;
	char hash[SECRET_HASH_SIZE];
	int key_id;
	char at[CLOCK_STAMP_SIZE];
};

/* audit_checkpoint_take reads the chain's head, makes it durable
 * (db_durable) and signs it into line.
 * Returns 0, or -1 with err (unreadable, or a chain not yet sealed). */
int audit_checkpoint_take(struct db *db, struct audit_checkpoint *cp,
                          char line[AUDIT_CHECKPOINT_LINE], char *err,
                          size_t errlen);

/* audit_checkpoint_parse reads a line and checks its signature against
 * the key ring.  Returns 0, or -1 with what is wrong in err. */
int audit_checkpoint_parse(const char *line, struct audit_checkpoint *cp,
                           char *err, size_t errlen);

/* audit_checkpoint_newest: the checkpoint with the highest seq in a file
 * of them, every line's signature checked.  Returns 1 when found, 0 when
 * the file is missing or empty, -1 with err for a bad line.  A last line
 * without its newline that does not parse is an append a crash cut short
 * before its fsync: skipped. */
int audit_checkpoint_newest(const char *path, struct audit_checkpoint *cp,
                            char *err, size_t errlen);

/* audit_checkpoint_keep appends line to the file at path (created 0600,
 * synced) and writes it to the system log; a last line left without its
 * newline by a crash is cut off first.  Returns 0, or -1 with err. */
int audit_checkpoint_keep(const char *path, const char *line, char *err,
                          size_t errlen);

/* While the server runs: a checkpoint now, every `seconds` when the log
 * has grown, and one at audit_checkpoints_stop. */
int audit_checkpoints_start(const char *db_url, const char *path, long seconds);
void audit_checkpoints_stop(void);
/* audit_checkpoint_kept_at: when the server last checkpointed the head
 * (or found it already checkpointed), seconds since 1970; 0 never. */
long long audit_checkpoint_kept_at(void);

#endif
