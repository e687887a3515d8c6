/* credential_pages.h — what the credential pages and API share, and the
 * staff record's sections of this part (credentials, languages). */
#ifndef WAYPOINT_CREDENTIAL_PAGES_H
#define WAYPOINT_CREDENTIAL_PAGES_H

#include "../../auth/users.h"
#include "../../http/req.h"
#include "../../store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* credential_audit records a read (or other stand-alone entry) of entity
 * type id; false having answered 503 when it could not be. */
bool credential_audit(struct req *r, const char *action, const char *type,
                      int64_t id, const char *detail);

/* credential_commit ends the change begun with db_begin (s: its result)
 * with its audit entry (audit_commit). */
enum db_status credential_commit(struct req *r, enum db_status s,
                                 const char *action, const char *type,
                                 int64_t id, const char *detail);

/* The staff record's sections (staff_record.c's table). */
void credentials_section(struct req *r, const struct user *u);
void languages_section(struct req *r, const struct user *u);

#endif
