/* A trainee's eligibility (issue 27): months added as people count them,
 * the later of the period's end and the last competency, hours, and what
 * is missing said in words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"
#include "features/workforce/progress.h"

static void months_keep_the_day_or_take_the_last(void **state)
{
	(void)state;
	char out[LOCAL_DATE_SIZE];
	progress_add_months("2026-06-05", 6, out);
	assert_string_equal(out, "2026-12-05");
	progress_add_months("2026-08-31", 6, out);
	assert_string_equal(out, "2027-02-28");
	progress_add_months("2027-08-31", 6, out);
	assert_string_equal(out, "2028-02-29"); /* a leap year */
	progress_add_months("2026-12-05", -12, out);
	assert_string_equal(out, "2025-12-05");
	progress_add_months("2026-01-15", 0, out);
	assert_string_equal(out, "2026-01-15");
	progress_add_months("2026-10-31", 60, out);
	assert_string_equal(out, "2031-10-31");
}

static struct trainee_status trainee(void)
{
	return (struct trainee_status){.role = "peer_trainee",
	                               .started_on = "2026-01-10",
	                               .promoted_on = "",
	                               .last_done_on = "",
	                               .required = 2,
	                               .done = 2,
	                               .minutes = 0};
}

static void eligible_on_the_later_date(void **state)
{
	(void)state;
	struct progress_settings set = {6, 0};
	struct trainee_status t = trainee();
	t.last_done_on = "2026-05-01";
	progress_evaluate(&t, &set, "2026-07-10");
	assert_string_equal(t.eligible_on, "2026-07-10");
	assert_true(t.eligible);
	t.last_done_on = "2026-07-20";
	progress_evaluate(&t, &set, "2026-07-15");
	assert_string_equal(t.eligible_on, "2026-07-20");
	assert_false(t.eligible);
	progress_evaluate(&t, &set, "2026-07-20");
	assert_true(t.eligible);
	t.role = "peer_specialist"; /* promoted: never "eligible" again */
	progress_evaluate(&t, &set, "2026-08-01");
	assert_false(t.eligible);
}

static void missing_said_plainly(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct progress_settings set = {6, 10};
	struct trainee_status t = trainee();
	t.done = 1;
	t.minutes = 90;
	progress_evaluate(&t, &set, "2026-03-01");
	assert_false(t.eligible);
	int n;
	const char **why =
	    progress_missing(&a, &t, "WRAP overview", "2026-03-01", &n);
	assert_int_equal(n, 3);
	assert_string_equal(why[0], "1 of the 2 required competencies not "
	                            "completed: WRAP overview");
	assert_string_equal(why[1], "1.5 of the 10 supervised hours required");
	assert_string_equal(why[2], "the trainee period runs until 2026-07-10");
	t.done = 2;
	t.minutes = 600;
	progress_evaluate(&t, &set, "2026-07-10");
	progress_missing(&a, &t, "", "2026-07-10", &n);
	assert_int_equal(n, 0);
	assert_true(t.eligible);
	assert_string_equal(progress_hours(&a, 0), "0.0");
	assert_string_equal(progress_hours(&a, 110), "1.8");
	assert_string_equal(progress_hours(&a, 597), "10.0");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(months_keep_the_day_or_take_the_last),
	    cmocka_unit_test(eligible_on_the_later_date),
	    cmocka_unit_test(missing_said_plainly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
