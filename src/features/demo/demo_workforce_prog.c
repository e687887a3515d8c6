/* demo_workforce_prog.c — see demo_workforce_prog.h.  Every date counts
 * from today, so a demo started any day shows a trainee three weeks from
 * eligibility. */
#include "demo_workforce_prog.h"

#include "../../core/clock.h"
#include "../../core/local_time.h"
#include "../workforce/progress.h"

#include <stddef.h>

enum { SUPERVISOR = 2, PEER = 3, TRAINEE = 4 };

static const char *const demo_competencies[] = {
    "Ethics and boundaries",
    "Documentation and co-signed notes",
    "Crisis response and safety planning",
    "WRAP overview",
};
enum { COMPETENCIES = sizeof demo_competencies / sizeof demo_competencies[0] };

/* Days before today each competency was signed off; 0: not yet. */
static const int done_days_ago[COMPETENCIES] = {75, 40, 12, 0};

static const struct {
	int days_ago, minutes;
	const char *topics, *notes, *actions;
	int group; /* with the peer too */
	int acknowledged;
} demo_sessions[] = {
    {70, 60, "Starting out: the role, boundaries, self-disclosure",
     "Went through the code of ethics together.",
     "Read the documentation guide before next time.", 0, 1},
    {42, 45, "Documentation: writing notes that say what was done together",
     "Reviewed three co-signed notes.", "", 0, 0},
    {20, 90, "Group supervision: crisis response and safety planning",
     "Walked through a safety plan with both peers.",
     "Each brings one safety plan question next month.", 1, 0},
    {6, 60, "Caseload and self-care", "", "Schedule the last competency.", 0,
     0},
};

static enum db_status add_session(struct db *db, const int64_t *staff,
                                  int64_t supervisee, const char *on, int i,
                                  int64_t group, const char *now, int64_t *id)
{
	return db_one_int(
	    db,
	    "INSERT INTO supervision_sessions (supervisor_id, supervisee_id,"
	    " held_on, minutes, topics, kind, group_id, notes, actions,"
	    " acknowledged_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " ?, ?) RETURNING id",
	    id, DB_INT(staff[SUPERVISOR]), DB_INT(supervisee), DB_TEXT(on),
	    DB_INT(demo_sessions[i].minutes), DB_TEXT(demo_sessions[i].topics),
	    DB_TEXT(demo_sessions[i].group ? "group" : "individual"),
	    DB_ID_OR_NULL(group), DB_TEXT(demo_sessions[i].notes),
	    DB_TEXT(demo_sessions[i].actions),
	    DB_TEXT(demo_sessions[i].acknowledged &&
	                    supervisee == staff[TRAINEE]
	                ? now
	                : NULL),
	    DB_TEXT(now));
}

int demo_workforce_prog(struct db *db, const int64_t *staff)
{
	char now[CLOCK_STAMP_SIZE], today[LOCAL_DATE_SIZE],
	    back[LOCAL_DATE_SIZE], start[LOCAL_DATE_SIZE], on[LOCAL_DATE_SIZE];
	clock_now_utc(now);
	local_today("UTC", today);
	/* eligible when six months have passed: three weeks from today */
	progress_add_months(today, -6, back);
	local_add_days(back, 21, start);
	enum db_status s = db_begin(db);
	if (s == DB_OK)
		s = db_run(db,
		           "INSERT INTO trainee_progress (user_id, started_on,"
		           " updated_at) VALUES (?, ?, ?)",
		           DB_INT(staff[TRAINEE]), DB_TEXT(start),
		           DB_TEXT(now));
	for (int i = 0; s == DB_OK && i < COMPETENCIES; i++) {
		int64_t id;
		s = db_run_returning_id(
		    db,
		    "INSERT INTO competencies (name,"
		    " created_at) VALUES (?, ?) RETURNING id",
		    &id, DB_TEXT(demo_competencies[i]), DB_TEXT(now));
		if (s != DB_OK || !done_days_ago[i])
			continue;
		local_add_days(today, -done_days_ago[i], on);
		s = db_run(db,
		           "INSERT INTO trainee_competencies (user_id,"
		           " competency_id, completed_on, signed_by)"
		           " VALUES (?, ?, ?, ?)",
		           DB_INT(staff[TRAINEE]), DB_INT(id), DB_TEXT(on),
		           DB_INT(staff[SUPERVISOR]));
	}
	for (size_t i = 0;
	     s == DB_OK && i < sizeof demo_sessions / sizeof demo_sessions[0];
	     i++) {
		int64_t id, other;
		local_add_days(today, -demo_sessions[i].days_ago, on);
		enum db_status r = add_session(db, staff, staff[TRAINEE], on,
		                               (int)i, 0, now, &id);
		if (r == DB_ROW && demo_sessions[i].group) {
			r = db_run(
			    db,
			    "UPDATE supervision_sessions SET group_id = ?"
			    " WHERE id = ?",
			    DB_INT(id), DB_INT(id));
			if (r == DB_OK)
				r = add_session(db, staff, staff[PEER], on,
				                (int)i, id, now, &other);
		}
		s = r == DB_ROW || r == DB_OK ? DB_OK : r;
	}
	if (s != DB_OK) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) == DB_OK ? 0 : -1;
}
