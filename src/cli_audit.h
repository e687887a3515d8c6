/* cli_audit.h — the audit log's key and checkpoints on the command line:
 * loading or creating the key file for a command, and the `audit`
 * commands (verify, checkpoint, rotate-key). */
#ifndef WAYPOINT_CLI_AUDIT_H
#define WAYPOINT_CLI_AUDIT_H

#include "core/config.h"
#include "store/db.h"

#include <stdbool.h>

/* cli_audit_keys loads the key file cfg names (or its default), creating
 * it first when create is set.  Returns 0, or 1 after one clear line on
 * stderr: no silent fallback to an unkeyed log. */
int cli_audit_keys(const struct config *cfg, bool create);

/* cli_audit_seal seals db's log with the newest key (audit_seal) and,
 * when that wrote a key change, keeps a checkpoint of it.  0, or 1 after
 * saying why. */
int cli_audit_seal(const struct config *cfg, struct db *db);

/* Where the checkpoint file is for cfg. */
void cli_checkpoint_path(const struct config *cfg, char *out, size_t outlen);

int cmd_audit_verify(struct config *cfg);
int cmd_audit_checkpoint(struct config *cfg);
int cmd_audit_rotate_key(struct config *cfg);

#endif
