/* cli_backup.h — `waypoint backup`, `backup verify` and `restore`: an
 * encrypted, authenticated backup file (store/backup_box.h) of a
 * consistent snapshot (store/backup_db.h), checked before anything is
 * restored from it. */
#ifndef WAYPOINT_CLI_BACKUP_H
#define WAYPOINT_CLI_BACKUP_H

#include "core/config.h"

#include <jansson.h>

int cmd_backup(struct config *cfg);
int cmd_backup_verify(struct config *cfg);
int cmd_restore(struct config *cfg);

/* backup_write writes a backup of cfg->db_url to cfg->out, its manifest
 * (JSON text, the caller frees) in *manifest.  0, or 1 (2: no key named
 * for PostgreSQL) after saying why on stderr; a failure leaves no file. */
int backup_write(const struct config *cfg, char **manifest);

/* backup_check authenticates every chunk of cfg->in, as `backup verify`
 * does; its manifest in *manifest (json_decref it).  0, or 1 after saying
 * why. */
int backup_check(const struct config *cfg, json_t **manifest);

/* backup_key_ready loads the backup key (made beside an SQLite file when
 * missing): 0, or 1/2 after saying why. */
int backup_key_ready(const struct config *cfg);

#endif
