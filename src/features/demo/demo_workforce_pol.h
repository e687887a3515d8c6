/* demo_workforce_pol.h — demo policies and trainings (issue 27, points 5
 * and 6). */
#ifndef WAYPOINT_DEMO_WORKFORCE_POL_H
#define WAYPOINT_DEMO_WORKFORCE_POL_H

#include "../../store/db.h"

#include <stdint.h>

/* demo_workforce_pol adds a code of ethics (version 2 published this
 * month: the demo peer acknowledged version 1 only, so it is due again;
 * the trainee acknowledged version 2), a confidentiality policy, and the
 * demo staff's trainings (New Employee Orientation for everyone, WRAP
 * facilitator for the peer, CPR and first aid for the supervisor and the
 * peer).  staff[] are the demo users' ids in demo_users[] order (admin,
 * manager, supervisor, peer, trainee).  0, or -1 on a database error. */
int demo_workforce_pol(struct db *db, const int64_t *staff);

#endif
