/* team.h — teams within programs, and who is on them.  Staff reach persons
 * through their teams: there are no individual caseloads (seed 002). */
#ifndef WAYPOINT_TEAM_H
#define WAYPOINT_TEAM_H

#include "../../core/arena.h"
#include "../../store/db.h"

#include <stdint.h>

struct team {
	int64_t id, program_id;
	const char *name, *program_name;
	int64_t members;
};

/* team_list: every team (mine_only: only user_id's), by program and name. */
enum db_status team_list(struct db *db, struct arena *a, int64_t user_id,
                         bool mine_only, struct team **out, int *count);
enum db_status team_create(struct db *db, int64_t program_id, const char *name,
                           int64_t *id);
/* team_member_set adds (or removes) user_id on team_id. */
enum db_status team_member_set(struct db *db, int64_t team_id, int64_t user_id,
                               bool member);
/* team_is_member answers whether user_id is on team_id (DB_ROW yes). */
enum db_status team_is_member(struct db *db, int64_t team_id, int64_t user_id);

#endif
