/* incident_audit.h — auditing incident reports, shared by the pages and the
 * API: every read, and every change in one transaction with its entry. */
#ifndef WAYPOINT_INCIDENT_AUDIT_H
#define WAYPOINT_INCIDENT_AUDIT_H

#include "../../http/req.h"
#include "../../store/db.h"

#include <stdbool.h>

/* incident_audit records a read or query; false (answered 503) when the
 * entry could not be written. */
bool incident_audit(struct req *r, const char *action, int64_t id, bool ok);

/* incident_begin opens the change's transaction (answers on failure). */
enum answer incident_begin(struct req *r);

/* incident_finish ends the change begun by incident_begin: with s DB_OK it
 * appends the audit entry and commits, returning true; otherwise it rolls
 * back and answers (404 for DB_DONE: not this requester's to change). */
bool incident_finish(struct req *r, enum db_status s, const char *action,
                     int64_t id);

#endif
