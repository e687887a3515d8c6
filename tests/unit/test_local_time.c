/* Local time in a program's zone: midnight, and the nights the clocks
 * change in 2026 (March 8 forward, November 1 back) in New York, Chicago
 * and Los Angeles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/local_time.h"
#include "web/fields.h"

static const char *const NY = "America/New_York",
                         *const CHI = "America/Chicago",
                         *const LA = "America/Los_Angeles";

/* The local reading of a stored stamp, "2026-11-01 01:30 EDT". */
static const char *shown(const char *tz, const char *utc)
{
	static char text[64];
	struct local_stamp s;
	assert_true(local_from_utc(tz, utc, &s));
	snprintf(text, sizeof text, "%s %s %s", s.date, s.time, s.zone);
	return text;
}

static const char *stored(const char *tz, const char *date, const char *time)
{
	static char out[CLOCK_STAMP_SIZE];
	assert_int_equal(local_to_utc(tz, date, time, out), LOCAL_OK);
	return out;
}

static void midnight(void **state)
{
	(void)state;
	/* 03:30 UTC on Dec 5 is still Dec 4 in all three zones */
	assert_string_equal(shown(NY, "2026-12-05T03:30:00Z"),
	                    "2026-12-04 22:30 EST");
	assert_string_equal(shown(CHI, "2026-12-05T03:30:00Z"),
	                    "2026-12-04 21:30 CST");
	assert_string_equal(shown(LA, "2026-12-05T03:30:00Z"),
	                    "2026-12-04 19:30 PST");
	/* 05:00 UTC is Dec 5 in New York only */
	assert_string_equal(shown(NY, "2026-12-05T05:00:00Z"),
	                    "2026-12-05 00:00 EST");
	assert_string_equal(shown(CHI, "2026-12-05T05:59:59Z"),
	                    "2026-12-04 23:59 CST");
	assert_string_equal(shown(CHI, "2026-12-05T06:00:00Z"),
	                    "2026-12-05 00:00 CST");
	assert_string_equal(shown("UTC", "2026-12-05T03:30:00Z"),
	                    "2026-12-05 03:30 UTC");
	/* back again */
	assert_string_equal(stored(NY, "2026-12-04", "22:30"),
	                    "2026-12-05T03:30:00Z");
	assert_string_equal(stored(LA, "2026-12-04", "23:59"),
	                    "2026-12-05T07:59:00Z");
	assert_string_equal(stored(NY, "2026-12-05", "00:00"),
	                    "2026-12-05T05:00:00Z");
}

/* A note at 23:30 local on the night the clocks change is dated that day,
 * though it is the next day in UTC. */
static void late_on_a_dst_night(void **state)
{
	(void)state;
	/* March 7, the evening before spring forward (still standard time) */
	assert_string_equal(stored(NY, "2026-03-07", "23:30"),
	                    "2026-03-08T04:30:00Z");
	assert_string_equal(shown(NY, "2026-03-08T04:30:00Z"),
	                    "2026-03-07 23:30 EST");
	/* March 8, the evening after: daylight time */
	assert_string_equal(stored(NY, "2026-03-08", "23:30"),
	                    "2026-03-09T03:30:00Z");
	assert_string_equal(shown(NY, "2026-03-09T03:30:00Z"),
	                    "2026-03-08 23:30 EDT");
	assert_string_equal(stored(CHI, "2026-03-08", "23:30"),
	                    "2026-03-09T04:30:00Z");
	assert_string_equal(shown(CHI, "2026-03-09T04:30:00Z"),
	                    "2026-03-08 23:30 CDT");
	assert_string_equal(stored(LA, "2026-03-08", "23:30"),
	                    "2026-03-09T06:30:00Z");
	assert_string_equal(shown(LA, "2026-03-09T06:30:00Z"),
	                    "2026-03-08 23:30 PDT");
	/* November 1, the evening after fall back: standard time again */
	assert_string_equal(stored(NY, "2026-11-01", "23:30"),
	                    "2026-11-02T04:30:00Z");
	assert_string_equal(shown(NY, "2026-11-02T04:30:00Z"),
	                    "2026-11-01 23:30 EST");
	assert_string_equal(stored(CHI, "2026-10-31", "23:30"),
	                    "2026-11-01T04:30:00Z");
	assert_string_equal(shown(CHI, "2026-11-01T04:30:00Z"),
	                    "2026-10-31 23:30 CDT");
	assert_string_equal(stored(LA, "2026-11-01", "23:30"),
	                    "2026-11-02T07:30:00Z");
	assert_string_equal(shown(LA, "2026-11-02T07:30:00Z"),
	                    "2026-11-01 23:30 PST");
}

/* 01:30 on November 1 happens twice: shown with the zone each time, and a
 * typed 01:30 is the first. */
static void the_hour_that_happens_twice(void **state)
{
	(void)state;
	assert_string_equal(shown(NY, "2026-11-01T05:30:00Z"),
	                    "2026-11-01 01:30 EDT");
	assert_string_equal(shown(NY, "2026-11-01T06:30:00Z"),
	                    "2026-11-01 01:30 EST");
	assert_string_equal(shown(CHI, "2026-11-01T06:30:00Z"),
	                    "2026-11-01 01:30 CDT");
	assert_string_equal(shown(CHI, "2026-11-01T07:30:00Z"),
	                    "2026-11-01 01:30 CST");
	assert_string_equal(shown(LA, "2026-11-01T08:30:00Z"),
	                    "2026-11-01 01:30 PDT");
	assert_string_equal(shown(LA, "2026-11-01T09:30:00Z"),
	                    "2026-11-01 01:30 PST");
	assert_string_equal(stored(NY, "2026-11-01", "01:30"),
	                    "2026-11-01T05:30:00Z");
	assert_string_equal(stored(CHI, "2026-11-01", "01:30"),
	                    "2026-11-01T06:30:00Z");
	assert_string_equal(stored(LA, "2026-11-01", "01:30"),
	                    "2026-11-01T08:30:00Z");
	/* either side of the repeated hour, only one reading */
	assert_string_equal(stored(NY, "2026-11-01", "00:59"),
	                    "2026-11-01T04:59:00Z");
	assert_string_equal(stored(NY, "2026-11-01", "02:00"),
	                    "2026-11-01T07:00:00Z");
	struct local_stamp a, b;
	assert_true(local_from_utc(NY, "2026-11-01T05:30:00Z", &a));
	assert_true(local_from_utc(NY, "2026-11-01T06:30:00Z", &b));
	assert_int_equal(a.offset, -4 * 3600);
	assert_int_equal(b.offset, -5 * 3600);
}

/* 02:30 on March 8 never happens: the clocks go from 02:00 to 03:00. */
static void the_hour_that_never_happens(void **state)
{
	(void)state;
	char out[CLOCK_STAMP_SIZE] = "untouched";
	const char *zones[] = {NY, CHI, LA};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(
		    local_to_utc(zones[i], "2026-03-08", "02:30", out),
		    LOCAL_SKIPPED);
		assert_int_equal(
		    local_to_utc(zones[i], "2026-03-08", "02:00", out),
		    LOCAL_SKIPPED);
		assert_int_equal(
		    local_to_utc(zones[i], "2026-03-08", "02:59", out),
		    LOCAL_SKIPPED);
	}
	assert_string_equal(out, "untouched");
	assert_string_equal(stored(NY, "2026-03-08", "01:59"),
	                    "2026-03-08T06:59:00Z");
	assert_string_equal(stored(NY, "2026-03-08", "03:00"),
	                    "2026-03-08T07:00:00Z");
	assert_string_equal(shown(NY, "2026-03-08T07:00:00Z"),
	                    "2026-03-08 03:00 EDT");
	assert_string_equal(shown(NY, "2026-03-08T06:59:00Z"),
	                    "2026-03-08 01:59 EST");
	/* the same reading in UTC is an ordinary time */
	assert_string_equal(stored("UTC", "2026-03-08", "02:30"),
	                    "2026-03-08T02:30:00Z");
}

static void bad_input(void **state)
{
	(void)state;
	char out[CLOCK_STAMP_SIZE];
	const char *bad[][2] = {{"2026-02-30", "10:00"},
	                        {"2026-13-01", "10:00"},
	                        {"2026-1-01", "10:00"},
	                        {"2026-01-01", "24:00"},
	                        {"2026-01-01", "9:00"},
	                        {"2026-01-01", "10:60"},
	                        {"", ""},
	                        {"2026-01-01", "10:00x"}};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(local_to_utc(NY, bad[i][0], bad[i][1], out),
		                 LOCAL_MALFORMED);
	assert_int_equal(local_to_utc(NY, NULL, "10:00", out), LOCAL_MALFORMED);
	struct local_stamp s = {.date = "kept"};
	assert_false(local_from_utc(NY, "2026-12-05 03:30:00Z", &s));
	assert_false(local_from_utc(NY, "2026-12-05T03:30:00", &s));
	assert_false(local_from_utc(NY, "", &s));
	assert_false(local_from_utc(NY, NULL, &s));
	assert_string_equal(s.date, "kept");
	/* a zone name that is not one reads as UTC, never as a path */
	assert_string_equal(shown("../../etc/passwd", "2026-12-05T03:30:00Z"),
	                    "2026-12-05 03:30 UTC");
	assert_string_equal(shown("", "2026-12-05T03:30:00Z"),
	                    "2026-12-05 03:30 UTC");
	assert_string_equal(shown(NULL, "2026-12-05T03:30:00Z"),
	                    "2026-12-05 03:30 UTC");
}

/* Today follows the clock (WAYPOINT_TEST_NOW here) into each zone. */
static void today(void **state)
{
	(void)state;
	char d[LOCAL_DATE_SIZE];
	local_today(NY, d);
	assert_string_equal(d, "2026-12-04");
	local_today(LA, d);
	assert_string_equal(d, "2026-12-04");
	local_today("UTC", d);
	assert_string_equal(d, "2026-12-05");
	local_today("Asia/Tokyo", d);
	assert_string_equal(d, "2026-12-05");
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	assert_string_equal(now, "2026-12-05T03:30:00Z");
}

/* A "not in the future" date is compared with today where the record is:
 * at 22:30 on Dec 4 in New York, Dec 5 is tomorrow there, today in UTC. */
struct dated {
	const char *on;
};
static const struct field dated_fields[] = {
    FIELD_DATE_AT(struct dated, on, "on", "Date",
                  FIELD_REQUIRED | FIELD_NOT_FUTURE),
};

static void not_in_the_future_where_the_record_is(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct field_error e = {0};
	struct dated d = {"2026-12-04"};
	assert_int_equal(
	    fields_validate_in(&a, FIELDS(dated_fields), &d, NY, &e), 0);
	assert_int_equal(
	    fields_validate_in(&a, FIELDS(dated_fields), &d, LA, &e), 0);
	d.on = "2026-12-05";
	assert_int_equal(
	    fields_validate_in(&a, FIELDS(dated_fields), &d, NY, &e), -1);
	assert_string_equal(e.field, "on");
	assert_string_equal(e.message, "Date must not be in the future.");
	assert_int_equal(
	    fields_validate_in(&a, FIELDS(dated_fields), &d, CHI, &e), -1);
	assert_int_equal(
	    fields_validate_in(&a, FIELDS(dated_fields), &d, LA, &e), -1);
	assert_int_equal(
	    fields_validate_in(&a, FIELDS(dated_fields), &d, "Asia/Tokyo", &e),
	    0);
	/* without a zone: UTC's today */
	assert_int_equal(fields_validate(&a, FIELDS(dated_fields), &d, &e), 0);
	d.on = "2026-12-06";
	assert_int_equal(fields_validate(&a, FIELDS(dated_fields), &d, &e), -1);
	arena_free(&a);
}

/* The billing form's default period: last month, whatever today is. */
static void days_after_a_date(void **state)
{
	(void)state;
	static const struct {
		const char *date;
		int days;
		const char *want;
	} cases[] = {
	    {"2026-11-20", 7, "2026-11-27"},  {"2026-12-20", 30, "2027-01-19"},
	    {"2028-02-01", 90, "2028-05-01"}, {"2028-02-28", 1, "2028-02-29"},
	    {"2027-02-28", 1, "2027-03-01"},  {"2026-03-01", -1, "2026-02-28"},
	    {"2026-11-01", 0, "2026-11-01"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[LOCAL_DATE_SIZE];
		local_add_days(cases[i].date, cases[i].days, out);
		assert_string_equal(out, cases[i].want);
	}
}

static void the_month_before(void **state)
{
	(void)state;
	static const char *cases[][3] = {
	    {"2026-12-05", "2026-11-01", "2026-11-30"},
	    {"2026-01-31", "2025-12-01", "2025-12-31"},
	    {"2024-03-01", "2024-02-01", "2024-02-29"}, /* a leap year */
	    {"2026-03-15", "2026-02-01", "2026-02-28"},
	    {"2100-03-02", "2100-02-01", "2100-02-28"}, /* not a leap year */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char from[LOCAL_DATE_SIZE], to[LOCAL_DATE_SIZE];
		local_month_before(cases[i][0], from, to);
		assert_string_equal(from, cases[i][1]);
		assert_string_equal(to, cases[i][2]);
	}
}

int main(int argc, char **argv)
{
	(void)argc;
	/* The clock reads WAYPOINT_TEST_NOW as the program starts: run again
	 * with it set. */
	if (!getenv("WAYPOINT_TEST_NOW")) {
		setenv("WAYPOINT_TEST_NOW", "2026-12-05T03:30:00Z", 1);
		execv("/proc/self/exe", argv);
		return 1;
	}
	if (!getenv("TZDIR"))
		setenv("TZDIR", "/usr/share/zoneinfo", 1);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(midnight),
	    cmocka_unit_test(late_on_a_dst_night),
	    cmocka_unit_test(the_hour_that_happens_twice),
	    cmocka_unit_test(the_hour_that_never_happens),
	    cmocka_unit_test(bad_input),
	    cmocka_unit_test(today),
	    cmocka_unit_test(the_month_before),
	    cmocka_unit_test(days_after_a_date),
	    cmocka_unit_test(not_in_the_future_where_the_record_is),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
