/* demo_workforce_prog.h — demo data for trainee progression and the
 * supervision log (issue 27). */
#ifndef WAYPOINT_DEMO_WORKFORCE_PROG_H
#define WAYPOINT_DEMO_WORKFORCE_PROG_H

#include "../../store/db.h"

#include <stdint.h>

/* demo_workforce_prog adds the program's required competencies, and for
 * the demo trainee (staff[] in demo_users[] order: supervisor 2, peer 3,
 * trainee 4) a start date that makes them eligible three weeks from
 * today, all competencies but one signed off, and supervision sessions
 * (one a group session with the peer; one acknowledged).  0, or -1 on a
 * database error. */
int demo_workforce_prog(struct db *db, const int64_t *staff);

#endif
