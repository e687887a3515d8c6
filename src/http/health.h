/* health.h — what GET /healthz and /metrics report of the server's state:
 * the database answers, and takes writes; the disk under the database and
 * the backups has room; the scheduled backups are current. */
#ifndef WAYPOINT_HEALTH_H
#define WAYPOINT_HEALTH_H

#include "../core/config.h"

#include <stdbool.h>

enum { HEALTH_PROBLEMS_MAX = 4 };

struct health {
	bool answers;            /* the database answered */
	bool read_only;          /* …but would refuse writes */
	long long disk_free_mib; /* least free of the disks watched; -1 */
	long long backup_age;    /* seconds; -1: none, or not scheduled */
	const char *problems_said[HEALTH_PROBLEMS_MAX];
	int problems; /* none: ok */
};

/* health_read looks at each, now. */
void health_read(const struct config *cfg, struct health *h);

#endif
