/* demo.h — clearly fictional sample data, so a newcomer can click through. */
#ifndef WAYPOINT_DEMO_H
#define WAYPOINT_DEMO_H

#include <stddef.h>
#include "../../auth/permissions.h"
#include "../../store/db.h"

struct demo_user {
	const char *email, *name;
	enum role role;
	const char *password;
};

extern const struct demo_user demo_users[];
extern const int demo_user_count;

/* demo_fill adds the demo staff and records when the database holds no
 * programs yet
 * (it never touches a database in use).  Returns how many programs it
 * added (0 when the database was not empty), or -1 on a database error. */
int demo_fill(struct db *db);

/* demo_notes adds demo person number i's contacts and notes (and, for the
 * first, a pending trainee note and an incident report); staff[] are the
 * demo users' ids in demo_users[] order.  0, or -1 on a database error. */
int demo_notes(struct db *db, int64_t person, size_t i, const int64_t *staff);

/* demo_followups adds the persons of the follow-up worklist and the Today
 * page to team (of program_id, whose zone says what today is): discharged
 * ones with follow-ups due, overdue and done, and enrolled ones not seen
 * in over a month.  0, or -1 on a database error. */
int demo_followups(struct db *db, int64_t program_id, int64_t team,
                   const char *zone, const int64_t *staff);

/* demo_referrals adds referrals in several states for the first demo
 * persons, to services of the directory found by name (call it after
 * demo_directory), typed by hand when the directory has none; staff[3],
 * the demo peer, makes them.  0, or -1 on a database error. */
int demo_referrals(struct db *db, const int64_t *staff);

#endif
