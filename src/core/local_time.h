/* local_time.h — dates and times in a program's time zone.
 *
 * Waypoint stores instants in UTC (clock.h) and people read and type them
 * in the local time of the program they work in (programs.time_zone, an
 * IANA name such as America/Chicago).  "Today" is the local date there;
 * a stored stamp is shown as a local date and time with the zone's
 * abbreviation ("2026-11-01 01:30 EST"), which tells apart the hour that
 * happens twice on the night clocks go back.
 *
 * The zone rules come from the system's time zone database (TZDIR, by
 * default /usr/share/zoneinfo) through glibc, whose zone is the
 * process's TZ: every conversion takes one lock, sets TZ only when the
 * zone differs from the last one asked for, and converts.  A zone name
 * that is empty, malformed or unknown reads as UTC. */
#ifndef WAYPOINT_LOCAL_TIME_H
#define WAYPOINT_LOCAL_TIME_H

#include "clock.h"

#include <stdbool.h>
#include <time.h>

enum { LOCAL_DATE_SIZE = 11, LOCAL_ZONE_SIZE = 16 };

struct local_stamp {
	char date[LOCAL_DATE_SIZE]; /* "2026-11-01" */
	char time[6];               /* "01:30" */
	char zone[LOCAL_ZONE_SIZE]; /* "EST", "CDT", or "-03" where the
	                               zone has no letters for it */
	int offset;                 /* seconds east of UTC: -18000 */
};

/* local_at converts an instant to local time in zone tz. */
void local_at(const char *tz, time_t t, struct local_stamp *out);

/* local_today writes today's date in zone tz ("2026-12-04"). */
void local_today(const char *tz, char out[LOCAL_DATE_SIZE]);

/* local_month_before writes the first and last day of the calendar month
 * before the one date (YYYY-MM-DD) falls in: a billing period's default. */
void local_month_before(const char *date, char from[LOCAL_DATE_SIZE],
                        char to[LOCAL_DATE_SIZE]);

/* local_from_utc converts a stored stamp ("2026-12-05T03:30:00Z"); false
 * (and out untouched) when utc is not one. */
/* local_add_days: the date `days` after (or before, when negative) a date
 * YYYY-MM-DD, across month and year ends and leap days.  A malformed date
 * counts from 2000-01-01 (callers check dates first). */
void local_add_days(const char *date, int days, char out[LOCAL_DATE_SIZE]);

/* local_days_between: whole days from date a to date b (b - a); a
 * malformed date counts as 1970-01-01. */
int local_days_between(const char *a, const char *b);

bool local_from_utc(const char *tz, const char *utc, struct local_stamp *out);

enum local_status {
	LOCAL_OK,
	LOCAL_MALFORMED, /* not a date YYYY-MM-DD and a time HH:MM */
	LOCAL_SKIPPED,   /* the clocks jumped over it (02:30 on the
	                    night they go forward) */
};

/* local_to_utc reads a local date and time of day as people type them
 * and writes the instant as a stored stamp.  A time that happens twice
 * (01:30 on the night clocks go back) is the first, earlier one. */
enum local_status local_to_utc(const char *tz, const char *date,
                               const char *time, char out[CLOCK_STAMP_SIZE]);

#endif
