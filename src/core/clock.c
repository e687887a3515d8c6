/* clock.c — see clock.h. */
#include "clock.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static time_t fixed_now;
static bool fixed;
static pthread_once_t fixed_once = PTHREAD_ONCE_INIT;

static void read_fixed_now(void)
{
	const char *v = getenv("WAYPOINT_TEST_NOW");
	if (!v || !*v)
		return;
	if (!clock_parse_utc(v, &fixed_now)) {
		fprintf(stderr,
		        "waypoint: WAYPOINT_TEST_NOW must be a UTC time like "
		        "2026-12-05T03:30:00Z\n");
		exit(2);
	}
	fixed = true;
}

/* A malformed WAYPOINT_TEST_NOW stops every command as it starts, not at
 * the first request that reads the clock. */
__attribute__((constructor)) static void check_fixed_now(void)
{
	pthread_once(&fixed_once, read_fixed_now);
}

time_t clock_now(void)
{
	pthread_once(&fixed_once, read_fixed_now);
	return fixed ? fixed_now : time(NULL);
}

void clock_now_utc(char out[CLOCK_STAMP_SIZE])
{
	time_t t = clock_now();
	struct tm tm;
	strftime(out, CLOCK_STAMP_SIZE, "%Y-%m-%dT%H:%M:%SZ",
	         gmtime_r(&t, &tm));
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

bool clock_parse_utc(const char *s, time_t *out)
{
	static const char pattern[] = "9999-99-99T99:99:99Z";
	if (!s || strlen(s) != sizeof pattern - 1)
		return false;
	for (size_t i = 0; i < sizeof pattern - 1; i++) {
		bool digit = s[i] >= '0' && s[i] <= '9';
		if (pattern[i] == '9' ? !digit : s[i] != pattern[i])
			return false;
	}
	struct tm tm = {.tm_year = digits(s, 4) - 1900,
	                .tm_mon = digits(s + 5, 2) - 1,
	                .tm_mday = digits(s + 8, 2),
	                .tm_hour = digits(s + 11, 2),
	                .tm_min = digits(s + 14, 2),
	                .tm_sec = digits(s + 17, 2)};
	if (tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 59)
		return false;
	struct tm check = tm;
	time_t t = timegm(&check);
	if (check.tm_mday != tm.tm_mday || check.tm_mon != tm.tm_mon)
		return false; /* 2026-02-30 rolled over into March */
	*out = t;
	return true;
}
