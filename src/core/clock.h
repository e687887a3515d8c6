/* clock.h — time as Waypoint stores it: UTC, ISO 8601, second precision. */
#ifndef WAYPOINT_CLOCK_H
#define WAYPOINT_CLOCK_H

enum { CLOCK_STAMP_SIZE = 21 }; /* "2026-11-22T12:00:00Z" and NUL */

/* clock_now_utc writes the current UTC time into out. */
void clock_now_utc(char out[CLOCK_STAMP_SIZE]);

#endif
