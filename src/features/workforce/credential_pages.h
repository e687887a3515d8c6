/* credential_pages.h — what the credential pages and API share, and the
 * staff record's sections of this part (credentials, languages). */
#ifndef WAYPOINT_CREDENTIAL_PAGES_H
#define WAYPOINT_CREDENTIAL_PAGES_H

#include "../../auth/users.h"
#include "../../http/req.h"
#include "../../store/db.h"
#include "credential.h"

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

/* credential_of_route reads the route's credential {cid} of staff member
 * u into c; false having answered 404 (not theirs, or none) or 503. */
bool credential_of_route(struct req *r, const struct user *u,
                         struct credential *c);

/* credential_insert adds c to u's credentials with its audit entry, in
 * one transaction: DB_OK with *id, else the failure. */
enum db_status credential_insert(struct req *r, const struct user *u,
                                 const struct credential *c, int64_t *id);

/* The staff record's sections (staff_record.c's table). */
void credentials_section(struct req *r, const struct user *u);
void languages_section(struct req *r, const struct user *u);

#endif
