/* cli_backup.h — `waypoint backup`, `backup verify` and `restore`: an
 * encrypted, authenticated backup file (store/backup_box.h) of a
 * consistent snapshot (store/backup_db.h), checked before anything is
 * restored from it. */
#ifndef WAYPOINT_CLI_BACKUP_H
#define WAYPOINT_CLI_BACKUP_H

#include "core/config.h"

int cmd_backup(struct config *cfg);
int cmd_backup_verify(struct config *cfg);
int cmd_restore(struct config *cfg);

#endif
