/* local_time.c — see local_time.h. */
#include "local_time.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t zone_lock = PTHREAD_MUTEX_INITIALIZER;
static char zone_set[80]; /* the TZ value set last, under zone_lock */

/* TZ is in the environment from the start, so that setting it later only
 * replaces its value: glibc then never moves the environment's array
 * while another thread may be reading it (getenv takes no lock). */
__attribute__((constructor)) static void zone_start(void)
{
	setenv("TZ", ":UTC", 1);
	snprintf(zone_set, sizeof zone_set, ":UTC");
	tzset();
}

/* An IANA name: letters, digits, / _ + -, no "..", not absolute. */
static bool zone_name_ok(const char *tz)
{
	if (!tz || !*tz || tz[0] == '/' || strstr(tz, "..") || strlen(tz) > 64)
		return false;
	for (const char *p = tz; *p; p++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
		            "vwxyz0123456789/_+-",
		            *p))
			return false;
	return true;
}

/* Takes the lock and makes tz the process's zone; zone_end releases. */
static void zone_begin(const char *tz)
{
	char want[80];
	snprintf(want, sizeof want, ":%s", zone_name_ok(tz) ? tz : "UTC");
	pthread_mutex_lock(&zone_lock);
	if (strcmp(want, zone_set)) {
		setenv("TZ", want, 1);
		tzset();
		memcpy(zone_set, want, sizeof want);
	}
}

static void zone_end(void)
{
	pthread_mutex_unlock(&zone_lock);
}

/* Under the lock: the local fields of t. */
static void convert(time_t t, struct local_stamp *out)
{
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out->date, sizeof out->date, "%Y-%m-%d", &tm);
	strftime(out->time, sizeof out->time, "%H:%M", &tm);
	snprintf(out->zone, sizeof out->zone, "%s",
	         tm.tm_zone ? tm.tm_zone : "UTC");
	out->offset = (int)tm.tm_gmtoff;
}

void local_at(const char *tz, time_t t, struct local_stamp *out)
{
	zone_begin(tz);
	convert(t, out);
	zone_end();
}

void local_today(const char *tz, char out[LOCAL_DATE_SIZE])
{
	struct local_stamp s;
	local_at(tz, clock_now(), &s);
	memcpy(out, s.date, LOCAL_DATE_SIZE);
}

void local_month_before(const char *date, char from[LOCAL_DATE_SIZE],
                        char to[LOCAL_DATE_SIZE])
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
	                           31, 31, 30, 31, 30, 31};
	int y = atoi(date), m = atoi(date + 5) - 1; /* the month before */
	if (m < 1) {
		m = 12;
		y--;
	}
	if (m > 12 || y < 1 || y > 9999) /* not a date: any period will do */
		y = 2000, m = 1;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int last = days[m - 1] + (m == 2 && leap);
	snprintf(from, LOCAL_DATE_SIZE, "%04u-%02u-01", (unsigned)y % 10000u,
	         (unsigned)m % 100u);
	snprintf(to, LOCAL_DATE_SIZE, "%04u-%02u-%02u", (unsigned)y % 10000u,
	         (unsigned)m % 100u, (unsigned)last % 100u);
}

void local_add_days(const char *date, int days, char out[LOCAL_DATE_SIZE])
{
	struct tm tm = {.tm_hour = 12}; /* noon: no day is shorter than that */
	if (sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) !=
	    3)
		tm.tm_year = 2000, tm.tm_mon = 1, tm.tm_mday = 1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm) + (time_t)days * 86400;
	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999 ||
	    tm.tm_year + 1900 < 1)
		t = 0, gmtime_r(&t, &tm);
	strftime(out, LOCAL_DATE_SIZE, "%Y-%m-%d", &tm);
}

bool local_from_utc(const char *tz, const char *utc, struct local_stamp *out)
{
	time_t t;
	if (!clock_parse_utc(utc, &t))
		return false;
	local_at(tz, t, out);
	return true;
}

/* Under the lock: the offset from UTC at instant t, in seconds. */
static long offset_at(time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	return tm.tm_gmtoff;
}

enum local_status local_to_utc(const char *tz, const char *date,
                               const char *time, char out[CLOCK_STAMP_SIZE])
{
	char stamp[CLOCK_STAMP_SIZE + 8];
	time_t naive; /* the wall-clock reading as if it were UTC */
	if (!date || !time || strlen(date) != 10 || strlen(time) != 5)
		return LOCAL_MALFORMED;
	snprintf(stamp, sizeof stamp, "%sT%s:00Z", date, time);
	if (!clock_parse_utc(stamp, &naive))
		return LOCAL_MALFORMED;
	/* The instants whose local reading is naive are naive - offset for
	 * an offset in force near it: the zone's offsets a day either side
	 * (changes are months apart).  None: the clocks skipped it; two:
	 * it happened twice, and the earlier one is taken. */
	zone_begin(tz);
	long offsets[3] = {offset_at(naive - 86400), offset_at(naive),
	                   offset_at(naive + 86400)};
	bool found = false;
	time_t best = 0;
	for (int i = 0; i < 3; i++) {
		time_t t = naive - offsets[i];
		if (offset_at(t) != offsets[i] || (found && t >= best))
			continue;
		best = t;
		found = true;
	}
	zone_end();
	if (!found)
		return LOCAL_SKIPPED;
	struct tm tm;
	strftime(out, CLOCK_STAMP_SIZE, "%Y-%m-%dT%H:%M:%SZ",
	         gmtime_r(&best, &tm));
	return LOCAL_OK;
}

static time_t day_of(const char *date)
{
	struct tm tm = {0};
	if (!date || sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon,
	                    &tm.tm_mday) != 3)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return timegm(&tm);
}

int local_days_between(const char *a, const char *b)
{
	return (int)((day_of(b) - day_of(a)) / 86400);
}
