/* Text checks: UTF-8, percent-decoding, ids, summaries cut short. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"
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

/* Summaries: cut at a word boundary with "…", on one line, never inside a
 * character, and never longer than asked. */
static void shorten(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	/* short enough: as it was, on one line */
	assert_string_equal(text_shorten(&a, "Get my own place", 60),
	                    "Get my own place");
	assert_string_equal(text_shorten(&a, "  two\n\tlines \r\n", 60),
	                    "two lines");
	assert_string_equal(text_shorten(&a, NULL, 10), "");
	assert_string_equal(text_shorten(&a, "exactly10!", 10), "exactly10!");
	/* cut after the last word that fits, the ellipsis counted */
	assert_string_equal(text_shorten(&a, "Have my own place by spring", 20),
	                    "Have my own place…");
	assert_string_equal(text_shorten(&a, "Have my own place by spring", 18),
	                    "Have my own place…");
	assert_string_equal(text_shorten(&a, "Have my own place by spring", 17),
	                    "Have my own…");
	/* no comma, colon or dash left hanging before the ellipsis */
	assert_string_equal(text_shorten(&a, "A job, then a flat", 8),
	                    "A job…");
	assert_string_equal(text_shorten(&a, "Housing — a flat of my own", 10),
	                    "Housing…");
	/* accented and other scripts count as one character each */
	const char *es = "Conseguir mi propio apartamento en la ciudad";
	assert_string_equal(text_shorten(&a, es, 30), "Conseguir mi propio…");
	assert_string_equal(text_shorten(&a, "Él está aquí, otra vez más", 15),
	                    "Él está aquí…");
	assert_string_equal(text_shorten(&a, "日本語 を 勉強 する", 8),
	                    "日本語 を…");
	/* one long word: cut between characters, a letter kept with its
	 * combining accent, an emoji never split */
	assert_string_equal(text_shorten(&a, "abcdefghij", 5), "abcd…");
	assert_string_equal(text_shorten(&a, "cafe\xcc\x81s", 5), "caf…");
	assert_string_equal(text_shorten(&a, "😀😀😀😀😀😀", 4), "😀😀😀…");
	assert_string_equal(text_shorten(&a, "word", 1), "…");
	assert_string_equal(text_shorten(&a, "word", 0), "");
	/* whatever is cut stays valid UTF-8 and within max characters */
	const char *mixed = "Ñandú 😀 über straße ☕ naïve — 北京 café";
	for (size_t max = 0; max < 40; max++) {
		const char *t = text_shorten(&a, mixed, max);
		assert_true(utf8_valid(t, strlen(t)));
		assert_true(utf8_length(t) <= max);
	}
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(utf8),    cmocka_unit_test(percent),
	    cmocka_unit_test(ids),     cmocka_unit_test(trim),
	    cmocka_unit_test(shorten),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
