/* demo_directory.h — the demo's community resource directory (issue 23). */
#ifndef WAYPOINT_DEMO_DIRECTORY_H
#define WAYPOINT_DEMO_DIRECTORY_H

#include "../../store/db.h"

/* demo_directory adds seven fictional organizations (half with a partner
 * contact) and 31 services across the main categories (recovery community
 * centre, mutual-help meetings, housing, food, employment, benefits,
 * crisis) around the Harbor demo program, with hours, coordinates,
 * languages, costs and categories (Waypoint's own taxonomy), inside the
 * caller's transaction.  0, or -1 on a database error. */
int demo_directory(struct db *db);

#endif
