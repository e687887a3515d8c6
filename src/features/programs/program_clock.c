/* program_clock.c — dates in a program's time zone, for the rounding
 * rule's effective date (see program.h).
 *
 * The C library converts to a named zone only through the TZ variable,
 * which is the process's: each conversion sets it and runs under one lock.
 * Nothing else in Waypoint reads local time (everything else is UTC), so
 * the variable is free for this.  When the local-time work of issue 20
 * brings its own zone functions, these give way to them. */
#include "../../core/clock.h"
#include "../../core/text.h"
#include "program.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t zone_lock = PTHREAD_MUTEX_INITIALIZER;

static void use_zone(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
}

static time_t stamp_time(const char *stamp)
{
	struct tm tm = {0};
	if (!stamp ||
	    sscanf(stamp, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
	           &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return (time_t)-1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

int program_local_date(const char *tz, const char *stamp,
                       char out[PROGRAM_DATE_SIZE])
{
	time_t t = stamp ? stamp_time(stamp) : time(NULL);
	if (t == (time_t)-1)
		return -1;
	struct tm tm;
	pthread_mutex_lock(&zone_lock);
	use_zone(tz);
	bool ok = localtime_r(&t, &tm) != NULL;
	pthread_mutex_unlock(&zone_lock);
	return ok && strftime(out, PROGRAM_DATE_SIZE, "%Y-%m-%d", &tm) == 10
	           ? 0
	           : -1;
}

int program_day_start(const char *tz, const char *date,
                      char out[CLOCK_STAMP_SIZE])
{
	if (!text_is_date(date))
		return -1;
	struct tm want = {.tm_isdst = -1};
	sscanf(date, "%4d-%2d-%2d", &want.tm_year, &want.tm_mon, &want.tm_mday);
	want.tm_year -= 1900;
	want.tm_mon -= 1;
	struct tm tm = want, local;
	pthread_mutex_lock(&zone_lock);
	use_zone(tz);
	time_t t = mktime(&tm);
	/* Where a zone skips midnight (a change of offset at 00:00), the day
	 * begins at the first moment that is on it. */
	for (int i = 0; t != (time_t)-1 && i < 48; i++, t += 1800) {
		localtime_r(&t, &local);
		if (local.tm_year > want.tm_year ||
		    (local.tm_year == want.tm_year &&
		     (local.tm_mon > want.tm_mon ||
		      (local.tm_mon == want.tm_mon &&
		       local.tm_mday >= want.tm_mday))))
			break;
	}
	/* back to the first second of the day (a half-hour step overshoots
	 * only where the day began between steps) */
	while (t != (time_t)-1) {
		time_t before = t - 60;
		localtime_r(&before, &local);
		if (local.tm_mday != want.tm_mday)
			break;
		t = before;
	}
	pthread_mutex_unlock(&zone_lock);
	if (t == (time_t)-1)
		return -1;
	struct tm utc;
	strftime(out, CLOCK_STAMP_SIZE, "%Y-%m-%dT%H:%M:%SZ",
	         gmtime_r(&t, &utc));
	return 0;
}

void program_next_day(const char *date, char out[PROGRAM_DATE_SIZE])
{
	struct tm tm = {.tm_hour = 12};
	sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm) + 86400;
	strftime(out, PROGRAM_DATE_SIZE, "%Y-%m-%d", gmtime_r(&t, &tm));
}
