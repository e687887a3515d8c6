/* returned.h — work a supervisor returned to its author: a trainee's notes
 * (drafts again, to correct and sign once more) and plan changes (the
 * newest version of the plan, returned), with the supervisor's comment.
 * Only persons the author may still reach through their teams. */
#ifndef WAYPOINT_RETURNED_H
#define WAYPOINT_RETURNED_H

#include "../../core/arena.h"
#include "../../store/db.h"

#include <stdint.h>

struct returned_work {
	const char *kind; /* "note" or "plan" */
	int64_t id;       /* the contact's id, or the plan version's number */
	int64_t person_id;
	const char *person_name, *on, *supervisor_name, *comment;
};

/* returned_to lists the author's returned work, oldest first (at most
 * 50); DB_DONE. */
enum db_status returned_to(struct db *db, struct arena *a, int64_t author,
                           struct returned_work **out, int *count);

#endif
