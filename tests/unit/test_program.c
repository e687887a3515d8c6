/* Program rules: validation naming the field, billing units per rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/buf.h"
#include "features/programs/program.h"

static struct program valid(void)
{
	return (struct program){.name = "Harbor",
	                        .kind = "peer_desk",
	                        .time_zone = "America/Chicago",
	                        .unit_rounding = "whole_units"};
}

static void each_bad_field_is_named(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct field_error e;
	struct {
		const char *field;
		struct program p;
	} cases[] = {
	    {"name",
	     {.kind = "community",
	      .time_zone = "UTC",
	      .unit_rounding = "any_part"}},
	    {"name",
	     {.name = "",
	      .kind = "community",
	      .time_zone = "UTC",
	      .unit_rounding = "any_part"}},
	    {"name",
	     {.name = "a\nb",
	      .kind = "community",
	      .time_zone = "UTC",
	      .unit_rounding = "any_part"}},
	    {"kind",
	     {.name = "x",
	      .kind = "clinic",
	      .time_zone = "UTC",
	      .unit_rounding = "any_part"}},
	    {"time_zone",
	     {.name = "x",
	      .kind = "community",
	      .time_zone = "Mars/Olympus",
	      .unit_rounding = "any_part"}},
	    {"time_zone",
	     {.name = "x",
	      .kind = "community",
	      .time_zone = "../../etc/passwd",
	      .unit_rounding = "any_part"}},
	    {"time_zone",
	     {.name = "x",
	      .kind = "community",
	      .time_zone = "/etc/passwd",
	      .unit_rounding = "any_part"}},
	    {"unit_rounding",
	     {.name = "x",
	      .kind = "community",
	      .time_zone = "UTC",
	      .unit_rounding = "round"}},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_int_equal(program_validate(&a, &cases[i].p, &e), -1);
		assert_string_equal(e.field, cases[i].field);
		assert_non_null(e.message);
	}
	struct program p = valid();
	char long_name[200];
	memset(long_name, 'n', 121);
	long_name[121] = '\0';
	p.name = long_name;
	assert_int_equal(program_validate(&a, &p, &e), -1);
	assert_string_equal(e.field, "name");
	long_name[120] = '\0';
	assert_int_equal(program_validate(&a, &p, &e), 0);
	arena_free(&a);
}

static void crisis_lines(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct program p = valid();
	struct field_error e;
	assert_int_equal(
	    program_parse_crisis_lines(&a,
	                               "988 Suicide & Crisis Lifeline: 988\n\n "
	                               " Warm line: (555) 010-0199 \n",
	                               &p, &e),
	    0);
	assert_int_equal(p.crisis_line_count, 2);
	assert_string_equal(p.crisis_lines[1].label, "Warm line");
	assert_string_equal(p.crisis_lines[1].number, "(555) 010-0199");
	assert_int_equal(program_validate(&a, &p, &e), 0);

	assert_int_equal(
	    program_parse_crisis_lines(&a, "no colon here", &p, &e), -1);
	assert_string_equal(e.field, "crisis_lines");
	assert_non_null(strstr(e.message, "line 1"));

	assert_int_equal(
	    program_parse_crisis_lines(&a, "Line: call me", &p, &e), 0);
	assert_int_equal(program_validate(&a, &p, &e), -1);
	assert_string_equal(e.field, "crisis_lines");

	struct buf many = {0};
	for (int i = 0; i < 11; i++)
		buf_printf(&many, "L%d: 555-01%02d\n", i, i);
	assert_int_equal(program_parse_crisis_lines(&a, many.data, &p, &e), -1);
	buf_free(&many);
	arena_free(&a);
}

static void units_by_rule(void **state)
{
	(void)state;
	static const struct {
		int minutes, eight, whole, any;
	} table[] = {
	    {0, 0, 0, 0},  {1, 0, 0, 1},  {7, 0, 0, 1},  {8, 1, 0, 1},
	    {14, 1, 0, 1}, {15, 1, 1, 1}, {16, 1, 1, 2}, {22, 1, 1, 2},
	    {23, 2, 1, 2}, {29, 2, 1, 2}, {30, 2, 2, 2}, {37, 2, 2, 3},
	    {38, 3, 2, 3}, {60, 4, 4, 4}, {61, 4, 4, 5},
	};
	for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
		assert_int_equal(
		    billing_units("eight_minute", table[i].minutes),
		    table[i].eight);
		assert_int_equal(billing_units("whole_units", table[i].minutes),
		                 table[i].whole);
		assert_int_equal(billing_units("any_part", table[i].minutes),
		                 table[i].any);
	}
	assert_int_equal(billing_units("eight_minute", -1), -1);
	assert_int_equal(billing_units("unknown", 30), -1);
}

/* The rounding rule's date in the program's zone: the first moment of a
 * day in UTC, across daylight-saving changes and a zone that skips
 * midnight; a UTC moment's local date; the next day. */
static void dates_in_the_zone(void **state)
{
	(void)state;
	static const struct {
		const char *tz, *date, *start;
	} starts[] = {
	    {"America/New_York", "2026-03-08", "2026-03-08T05:00:00Z"},
	    {"America/New_York", "2026-03-09", "2026-03-09T04:00:00Z"},
	    {"America/New_York", "2026-11-01", "2026-11-01T04:00:00Z"},
	    {"America/New_York", "2026-11-02", "2026-11-02T05:00:00Z"},
	    {"America/Chicago", "2026-12-05", "2026-12-05T06:00:00Z"},
	    {"America/Los_Angeles", "2026-07-01", "2026-07-01T07:00:00Z"},
	    {"America/Havana", "2026-03-08", "2026-03-08T05:00:00Z"},
	    {"UTC", "2026-01-01", "2026-01-01T00:00:00Z"},
	};
	char out[CLOCK_STAMP_SIZE], day[PROGRAM_DATE_SIZE];
	for (size_t i = 0; i < sizeof starts / sizeof *starts; i++) {
		assert_int_equal(
		    program_day_start(starts[i].tz, starts[i].date, out), 0);
		assert_string_equal(out, starts[i].start);
	}
	assert_int_equal(program_day_start("UTC", "2026-02-30", out), -1);
	assert_int_equal(
	    program_local_date("America/Chicago", "2026-12-05T05:30:00Z", day),
	    0);
	assert_string_equal(day, "2026-12-04");
	assert_int_equal(
	    program_local_date("America/Chicago", "2026-12-05T06:00:00Z", day),
	    0);
	assert_string_equal(day, "2026-12-05");
	assert_int_equal(program_local_date("UTC", "yesterday", day), -1);
	program_next_day("2026-12-31", day);
	assert_string_equal(day, "2027-01-01");
	program_next_day("2028-02-28", day);
	assert_string_equal(day, "2028-02-29");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(each_bad_field_is_named),
	    cmocka_unit_test(crisis_lines),
	    cmocka_unit_test(units_by_rule),
	    cmocka_unit_test(dates_in_the_zone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
