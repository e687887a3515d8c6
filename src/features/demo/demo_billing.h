/* demo_billing.h — the demo's billing settings, a billing batch and an
 * entry in the accounting of disclosures (issue 26). */
#ifndef WAYPOINT_DEMO_BILLING_H
#define WAYPOINT_DEMO_BILLING_H

#include "../../store/db.h"

#include <stdint.h>

/* After the demo's notes: program_id's billing settings and its persons'
 * member ids, November 2026's batch made by manager, and one disclosure
 * entered by hand.  0, or -1 on a database error. */
int demo_billing(struct db *db, int64_t program_id, int64_t manager);

#endif
