/* backup_schedule.h — the server's own backups (serve --backup-dir): one
 * every --backup-every seconds, named by the time it was taken
 * (waypoint-20261205T183000Z.backup), each authenticated again after it is
 * written, the oldest removed past --backup-keep files or --backup-max-age
 * days.  A thread of its own, with its own database connection: requests
 * go on while it runs. */
#ifndef WAYPOINT_BACKUP_SCHEDULE_H
#define WAYPOINT_BACKUP_SCHEDULE_H

#include "core/config.h"

/* backup_schedule_start: 0 when cfg names no --backup-dir, or when the
 * folder and key are ready and the thread runs; 1 after saying why. */
int backup_schedule_start(const struct config *cfg);

/* backup_schedule_stop lets a backup in progress end, then stops. */
void backup_schedule_stop(void);

#endif
