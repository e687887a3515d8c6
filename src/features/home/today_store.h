/* today_store.h — the Today page's statements, all in today_store.c so
 * their plans can be read in one place: each is a range of an index
 * bounded by the user's teams (or, across programs, a small partial
 * index), with a LIMIT, and each count is capped; none reads all contacts
 * or all persons, so the page does not slow down as years of history
 * accumulate.
 *
 * Lists fill today_item's id, person_id, name, on and detail (and count
 * where a count is per item); the caller adds links and flags.  Each returns DB_DONE or the failure. */
#ifndef WAYPOINT_TODAY_STORE_H
#define WAYPOINT_TODAY_STORE_H

#include "today.h"

#include <stdint.h>

enum db_status today_teams(struct db *db, struct arena *a, int64_t user_id,
                           struct today_team **out, int *n);

/* The author's unsigned drafts (not those returned: returned.h), on
 * persons of their teams, oldest first; detail is the kind's code. */
enum db_status today_drafts(struct db *db, struct arena *a, int64_t user_id,
                            int max, struct today_item **out, int *n,
                            int64_t *count);

/* One team's enrolled persons last contacted before `before` (never
 * contacted: last_contact_on ''), oldest contact first. */
enum db_status today_quiet(struct db *db, struct arena *a, int64_t team_id,
                           const char *before, int max,
                           struct today_item **out, int *n, int64_t *count);

/* Across every team: how many persons had no contact in their program's
 * number of days before today. */
enum db_status today_quiet_all(struct db *db, struct arena *a,
                               const char *today, int64_t *count);

/* The review queue of supervisor_id's teams, longest waiting first: on is
 * the stamp it has waited since, kind "note" (detail: the contact's kind)
 * or "plan" (detail: the change's summary), by: the author. */
enum db_status today_review(struct db *db, struct arena *a,
                            int64_t supervisor_id, int max,
                            struct today_item **out, int *n, int64_t *count);
enum db_status today_review_all(struct db *db, int64_t *count);

/* Incident reports submitted or under review; on: the oldest's stamp. */
enum db_status today_incidents_waiting(struct db *db, struct arena *a,
                                       int64_t *count, const char **oldest);

/* Signed notes from monday to today per peer and trainee on
 * supervisor_id's teams (count; name: the staff member's). */
enum db_status today_workload(struct db *db, struct arena *a,
                              int64_t supervisor_id, const char *monday,
                              const char *today, struct today_item **out,
                              int *n);

/* Open follow-ups due before today, on every team. */
enum db_status today_overdue_all(struct db *db, const char *today,
                                 int64_t *count);

/* Accounts whose invitation was not accepted (no password yet, not
 * disabled); detail: e-mail; count (in item.count) 1 when a link that
 * still works (expires after now, Unix seconds) is out. */
enum db_status today_invitations(struct db *db, struct arena *a, int64_t now,
                                 int max, struct today_item **out, int *n,
                                 int64_t *count);

/* Teams nobody is on; detail: the program's name. */
enum db_status today_empty_teams(struct db *db, struct arena *a, int max,
                                 struct today_item **out, int *n,
                                 int64_t *count);

/* Programs whose follow-up schedule was never saved (they run on the
 * built-in one). */
enum db_status today_unsaved_schedules(struct db *db, struct arena *a,
                                       int max, struct today_item **out,
                                       int *n, int64_t *count);

#endif
