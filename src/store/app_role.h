/* app_role.h — PostgreSQL: the role the server connects as, kept from
 * changing the audit log by privileges, not only by triggers.
 *
 * Triggers stop an UPDATE or DELETE on audit_log, but the tables' owner
 * can drop them.  So `waypoint init --app-role NAME`, run as the owner,
 * grants NAME what the server needs and no more: every table read and
 * written, but audit_log and audit_person only read and appended to, and
 * the schema's version only read.  The server's URL then names NAME. */
#ifndef WAYPOINT_APP_ROLE_H
#define WAYPOINT_APP_ROLE_H

#include "db.h"

/* db_grant_app_role grants role the server's privileges on db (again
 * after each upgrade: tables made since get theirs).  PostgreSQL only;
 * the role must exist and must not be the one running this. */
enum db_status db_grant_app_role(struct db *db, const char *role);

#endif
