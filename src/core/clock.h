/* clock.h — time as Waypoint stores it: UTC, ISO 8601, second precision.
 *
 * For tests only: WAYPOINT_TEST_NOW=2026-12-05T03:30:00Z in the
 * environment stops the clock at that instant (every stored stamp and
 * every "today" reads it).  Sessions, sign-in throttling and invitations
 * count seconds with time(NULL) and are not affected.  A malformed value
 * stops the program as it starts. */
#ifndef WAYPOINT_CLOCK_H
#define WAYPOINT_CLOCK_H

#include <stdbool.h>
#include <time.h>

enum { CLOCK_STAMP_SIZE = 21 }; /* "2026-11-22T12:00:00Z" and NUL */

/* clock_now is the current time (WAYPOINT_TEST_NOW when set). */
time_t clock_now(void);

/* clock_now_utc writes the current UTC time into out. */
void clock_now_utc(char out[CLOCK_STAMP_SIZE]);

/* clock_parse_utc reads a stamp in the shape clock_now_utc writes;
 * false when s is not one (or names no real time: 2026-02-30). */
bool clock_parse_utc(const char *s, time_t *out);

#endif
