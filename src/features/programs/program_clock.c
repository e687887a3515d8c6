/* program_clock.c — dates in a program's time zone, for the rounding
 * rule's effective date (see program.h), through core/local_time.h (the
 * one place that sets the process's TZ, under its lock). */
#include "../../core/clock.h"
#include "../../core/local_time.h"
#include "../../core/text.h"
#include "program.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int program_local_date(const char *tz, const char *stamp,
                       char out[PROGRAM_DATE_SIZE])
{
	struct local_stamp l;
	if (!stamp) {
		local_at(tz, clock_now(), &l);
	} else if (!local_from_utc(tz, stamp, &l)) {
		return -1;
	}
	snprintf(out, PROGRAM_DATE_SIZE, "%s", l.date);
	return 0;
}

int program_day_start(const char *tz, const char *date,
                      char out[CLOCK_STAMP_SIZE])
{
	if (!text_is_date(date))
		return -1;
	/* Where a zone skips midnight (a change of offset at 00:00, as in
	 * America/Havana), the day begins at the first hour that is on it. */
	static const char *const hours[] = {"00:00", "00:30", "01:00", "02:00"};
	for (size_t i = 0; i < sizeof hours / sizeof hours[0]; i++)
		if (local_to_utc(tz, date, hours[i], out) == LOCAL_OK)
			return 0;
	return -1;
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
