/* The periodic thread: its pause within a run, and a stop that cuts the
 * pause short. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdatomic.h>
#include <time.h>

#include "auth/audit_index.h"
#include "core/every.h"

static struct every e = EVERY_INIT;
static atomic_int runs, slept_through;

/* Each run pauses for 30 s, unless every_stop ends the pause. */
static void long_run(void *unused)
{
	(void)unused;
	atomic_fetch_add(&runs, 1);
	if (every_sleep(&e, 30000))
		atomic_fetch_add(&slept_through, 1);
}

static void stop_cuts_a_pause_short(void **state)
{
	(void)state;
	assert_int_equal(every_start(&e, 1, long_run, NULL), 0);
	while (atomic_load(&runs) == 0)
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	time_t asked = time(NULL);
	every_stop(&e); /* returns only once the run has ended */
	assert_true(time(NULL) - asked < 10); /* not the pause's 30 s */
	assert_int_equal(atomic_load(&runs), 1);
	assert_int_equal(atomic_load(&slept_through), 0);
	assert_false(every_sleep(&e, 30000)); /* stopped: no pause at all */
}

static void a_pause_ends_on_its_own(void **state)
{
	(void)state;
	struct every idle = EVERY_INIT;
	assert_true(every_sleep(&idle, 5));
}

/* A round's chunks are spread over most of a second, at most 20 ms apart;
 * a round of one chunk does not wait. */
static void index_pause(void **state)
{
	(void)state;
	assert_int_equal(audit_index_pause_ms(0), 0);
	assert_int_equal(audit_index_pause_ms(1), 0);
	assert_int_equal(audit_index_pause_ms(2), 20);
	assert_int_equal(audit_index_pause_ms(40), 20);
	assert_int_equal(audit_index_pause_ms(80), 10);
	assert_int_equal(audit_index_pause_ms(256), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(stop_cuts_a_pause_short),
	    cmocka_unit_test(a_pause_ends_on_its_own),
	    cmocka_unit_test(index_pause),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
