/* Text checks: UTF-8, percent-decoding, ids. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/text.h"

static void utf8(void **state)
{
	(void)state;
	const char *good[] = {"",  "plain", "José",
	                      "—", "😀",     "\xf4\x8f\xbf\xbf"};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		assert_true(utf8_valid(good[i], strlen(good[i])));
	const char *bad[] = {
	    "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
	    "\xff",     "\xc3",         "a\x80"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_false(utf8_valid(bad[i], strlen(bad[i])));
	assert_int_equal(utf8_length("José—"), 5);
}

static void percent(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(percent_decode("a%20b+c", 7, out, true), 5);
	assert_string_equal(out, "a b c");
	assert_int_equal(percent_decode("a+b", 3, out, false), 3);
	assert_string_equal(out, "a+b");
	assert_int_equal(percent_decode("%C3%A9", 6, out, false), 2);
	assert_string_equal(out, "é");
	assert_int_equal(percent_decode("%", 1, out, false), -1);
	assert_int_equal(percent_decode("%4", 2, out, false), -1);
	assert_int_equal(percent_decode("%zz", 3, out, false), -1);
	assert_int_equal(percent_decode("%00", 3, out, false), -1);
	/* a raw NUL in a form body, found by tests/fuzz/form.c */
	assert_int_equal(percent_decode("a\0b", 3, out, false), -1);
	assert_int_equal(percent_decode("csrf_token\0x", 12, out, true), -1);
}

static void ids(void **state)
{
	(void)state;
	int64_t id = 0;
	assert_true(text_to_id("1", &id));
	assert_int_equal(id, 1);
	assert_true(text_to_id("999999999999999999", &id));
	const char *bad[] = {"",   "0",  "01",  "-1",
	                     "1a", " 1", "1e3", "1000000000000000000"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_false(text_to_id(bad[i], &id));
	assert_false(text_to_id(NULL, &id));
}

static void trim(void **state)
{
	(void)state;
	char s[] = "  \t name \r\n";
	assert_string_equal(text_trim(s), "name");
	char e[] = "   ";
	assert_string_equal(text_trim(e), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(utf8),
	    cmocka_unit_test(percent),
	    cmocka_unit_test(ids),
	    cmocka_unit_test(trim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
