/* demo_workforce_cred.h — the demo's credentials and languages (issue 27,
 * points 1 and 2). */
#ifndef WAYPOINT_DEMO_WORKFORCE_CRED_H
#define WAYPOINT_DEMO_WORKFORCE_CRED_H

#include "../../store/db.h"

#include <stdint.h>

/* demo_workforce_cred adds the kinds of credential (CPS certification,
 * required of peer specialists and for billing; WRAP facilitator; CPR and
 * first aid; driver's licence), credentials for the demo staff (one
 * expiring this month, one expired, the rest current) and languages (the
 * peer speaks Spanish, the trainee ASL).  staff[] are the demo users' ids
 * in demo_users[] order.  0, or
 * -1 on a database error. */
int demo_workforce_cred(struct db *db, const int64_t *staff);

#endif
