/* The config table: defaults, environment twins, flags, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"

static void defaults_are_secure(void **state)
{
	(void)state;
	struct config c;
	char err[128];
	unsetenv("WAYPOINT_LISTEN");
	unsetenv("WAYPOINT_MAX_BODY");
	assert_int_equal(config_defaults(&c, err, sizeof err), 0);
	assert_string_equal(c.listen, "127.0.0.1:8080"); /* loopback only */
	assert_int_equal(c.max_body, 1048576);
	assert_string_equal(c.db_url, "./waypoint.db");
	assert_false(c.demo);
	assert_null(c.tls_cert);
}

static void environment_then_flags(void **state)
{
	(void)state;
	struct config c;
	char err[128];
	setenv("WAYPOINT_LISTEN", "0.0.0.0:9000", 1);
	setenv("WAYPOINT_THREADS", "8", 1);
	assert_int_equal(config_defaults(&c, err, sizeof err), 0);
	assert_string_equal(c.listen, "0.0.0.0:9000");
	assert_int_equal(c.threads, 8);
	char *argv[] = {"serve", "--threads=2", "--demo", "--db", "x.db"};
	const char *words[2];
	int n;
	assert_int_equal(
	    config_parse_args(&c, 5, argv, words, 2, &n, err, sizeof err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(words[0], "serve");
	assert_int_equal(c.threads, 2); /* the flag wins over the environment */
	assert_true(c.demo);
	assert_string_equal(c.db_url, "x.db");
	unsetenv("WAYPOINT_LISTEN");
	unsetenv("WAYPOINT_THREADS");
}

static void errors_name_the_option(void **state)
{
	(void)state;
	struct config c;
	char err[128];
	const char *words[2];
	int n;
	config_defaults(&c, err, sizeof err);
	char *unknown[] = {"--colour", "red"};
	assert_int_equal(
	    config_parse_args(&c, 2, unknown, words, 2, &n, err, sizeof err),
	    -1);
	assert_non_null(strstr(err, "--colour"));
	char *range[] = {"--threads", "257"};
	assert_int_equal(
	    config_parse_args(&c, 2, range, words, 2, &n, err, sizeof err), -1);
	assert_non_null(strstr(err, "threads"));
	char *junk[] = {"--max-body=12kb"};
	assert_int_equal(
	    config_parse_args(&c, 1, junk, words, 2, &n, err, sizeof err), -1);
	assert_non_null(strstr(err, "max-body"));
	char *missing[] = {"--db"};
	assert_int_equal(
	    config_parse_args(&c, 1, missing, words, 2, &n, err, sizeof err),
	    -1);
	assert_non_null(strstr(err, "needs a value"));
	setenv("WAYPOINT_DEMO", "maybe", 1);
	assert_int_equal(config_defaults(&c, err, sizeof err), -1);
	assert_non_null(strstr(err, "demo"));
	unsetenv("WAYPOINT_DEMO");
}

static void every_option_has_env_twin_and_help(void **state)
{
	(void)state;
	for (size_t i = 0; i < config_option_count; i++) {
		const struct config_option *o = &config_options[i];
		assert_non_null(o->help);
		assert_int_equal(strncmp(o->env, "WAYPOINT_", 9), 0);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(o->flag,
			                        config_options[j].flag);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(defaults_are_secure),
	    cmocka_unit_test(environment_then_flags),
	    cmocka_unit_test(errors_name_the_option),
	    cmocka_unit_test(every_option_has_env_twin_and_help),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
