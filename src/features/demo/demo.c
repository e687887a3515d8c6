/* demo.c — see demo.h.  Every name says "(demo)": nobody should mistake
 * these for real records. */
#include "demo.h"
#include "../../auth/password.h"
#include "../../auth/users.h"
#include "../programs/program.h"

#include <stdio.h>

static const struct program demo_programs[] = {
    {.name = "Harbor Peer Recovery Center (demo)",
     .kind = "community",
     .time_zone = "America/New_York",
     .unit_rounding = "eight_minute",
     .crisis_lines = {{"988 Suicide & Crisis Lifeline", "988"},
                      {"Harbor mobile crisis team (fictional)", "555-0100"}},
     .crisis_line_count = 2},
    {.name = "Riverside Inpatient Peer Support (demo)",
     .kind = "inpatient",
     .time_zone = "America/Chicago",
     .unit_rounding = "whole_units",
     .crisis_lines = {{"988 Suicide & Crisis Lifeline", "988"}},
     .crisis_line_count = 1},
    {.name = "Main Street Peer Desk (demo)",
     .kind = "peer_desk",
     .time_zone = "America/Los_Angeles",
     .unit_rounding = "any_part",
     .crisis_lines = {{"988 Suicide & Crisis Lifeline", "988"}},
     .crisis_line_count = 1},
};

/* Demo staff, one per role, with passwords printed at start-up.  They are
 * known to anyone who reads this file: demo databases only. */
const struct demo_user demo_users[] = {
    {"admin@demo.waypoint.example", "Avery Admin (demo)", ROLE_ADMIN,
     "demo-admin-harbor-lantern"},
    {"manager@demo.waypoint.example", "Morgan Manager (demo)",
     ROLE_PROGRAM_MANAGER, "demo-manager-river-candle"},
    {"supervisor@demo.waypoint.example", "Sam Supervisor (demo)",
     ROLE_SUPERVISOR, "demo-supervisor-maple-bridge"},
    {"peer@demo.waypoint.example", "Pat Peer (demo)", ROLE_PEER_SPECIALIST,
     "demo-peer-meadow-compass"},
    {"trainee@demo.waypoint.example", "Taylor Trainee (demo)",
     ROLE_PEER_TRAINEE, "demo-trainee-willow-kettle"},
};
const int demo_user_count = sizeof demo_users / sizeof demo_users[0];

int demo_fill(struct db *db)
{
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(*) FROM programs");
	if (!st || db_step(st) != DB_ROW) {
		db_done(st);
		return -1;
	}
	int64_t existing = db_column_int(st, 0);
	db_done(st);
	if (existing)
		return 0;
	int added = 0;
	for (size_t i = 0; i < sizeof demo_programs / sizeof demo_programs[0];
	     i++) {
		int64_t id;
		if (program_create(db, &demo_programs[i], &id) != DB_OK)
			return -1;
		added++;
	}
	return added;
}
