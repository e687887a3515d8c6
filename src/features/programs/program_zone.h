/* program_zone.h — which time zone a request's dates and times are in.
 *
 * Every "today", every date a form starts with and every time shown is
 * local to a program (core/local_time.h): a person's record is in the zone
 * of the program their team belongs to; a program's own pages (the Peer
 * Desk, billing) in that program's; pages that span programs (notices,
 * supervision, incidents, tokens) in the zone of the user's first team's
 * program, and for someone on no team, the first program's.
 *
 * Each returns the zone's IANA name in arena a, or "UTC" when there is
 * none to find (no such record, no program yet, a database failure, which
 * the page's own reads report). */
#ifndef WAYPOINT_PROGRAM_ZONE_H
#define WAYPOINT_PROGRAM_ZONE_H

#include "../../core/arena.h"
#include "../../core/local_time.h"
#include "../../http/req.h"
#include "../../store/db.h"

#include <stdint.h>

const char *zone_of_program(struct db *db, struct arena *a, int64_t program_id);
const char *zone_of_team(struct db *db, struct arena *a, int64_t team_id);
const char *zone_of_person(struct db *db, struct arena *a, int64_t person_id);
const char *zone_of_user(struct db *db, struct arena *a, int64_t user_id);

/* zone_of_request: the person's (ROUTE_PERSON routes), else the user's. */
const char *zone_of_request(struct req *r);

/* request_today: today's date in zone_of_request, in request memory. */
const char *request_today(struct req *r);

/* zone_today: today's date in zone tz, in arena a. */
const char *zone_today(struct arena *a, const char *tz);

/* zone_stamp_text: a stored UTC stamp as text in zone tz, "2026-12-04
 * 22:30 EST" (html_stamp for markup); anything else as it is. */
const char *zone_stamp_text(struct arena *a, const char *tz, const char *utc);

#endif
