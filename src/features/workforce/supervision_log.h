/* supervision_log.h — the supervision log as the supervisee sees it
 * (issue 27): their sessions for a period, their hours per period
 * (supervision_hours.h), and their acknowledgement of each entry.  The
 * log itself is written from the supervisor's page (features/supervision). */
#ifndef WAYPOINT_SUPERVISION_LOG_H
#define WAYPOINT_SUPERVISION_LOG_H

#include "../../auth/audit.h"
#include "../../auth/users.h"
#include "../../core/field_error.h"
#include "../../core/local_time.h"
#include "../../http/req.h"
#include "../../store/db.h"
#include "../supervision/supervision_hours.h"

#include <stdbool.h>
#include <stdint.h>

/* supervision_acknowledge records that the supervisee read session sid,
 * with its audit entry: DB_OK; DB_DONE no such session of theirs;
 * DB_CONSTRAINT acknowledged already. */
enum db_status supervision_acknowledge(struct db *db, const struct actor *who,
                                       int64_t supervisee_id, int64_t sid);

/* The "Supervision" section of the staff record. */
void supervision_log_section(struct req *r, const struct user *u);

#endif
