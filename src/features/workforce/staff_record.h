/* staff_record.h — a staff member's record (issue 27): what the program
 * keeps of them beside their account.  They read their own; program
 * managers and admins keep everyone's (PERM_WORKFORCE); supervisors read
 * everyone's, for the supervision they give (PERM_COSIGN).  Anyone else is
 * told there is no such record (404), as for a person of another team. */
#ifndef WAYPOINT_STAFF_RECORD_H
#define WAYPOINT_STAFF_RECORD_H

#include "../../auth/users.h"
#include "../../http/req.h"

#include <stdbool.h>

/* staff_record_access: the staff member {id} of the request, loaded into
 * *u, when the requester may read their record (and, with keep, change
 * it: PERM_WORKFORCE only).  false after answering (404, or a database
 * failure). */
bool staff_record_access(struct req *r, int64_t id, bool keep, struct user *u);

/* A section of the record page: its heading, and what it writes of the
 * staff member u (links to where it is kept). */
struct staff_record_section {
	const char *heading;
	void (*write)(struct req *r, const struct user *u);
};

#endif
