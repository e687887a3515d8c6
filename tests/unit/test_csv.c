/* The CSV writer: quoting, and the guard against spreadsheet formulas. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "web/csv.h"

/* One field written alone, as the writer puts it in a row. */
static char *field(const char *s)
{
	struct buf b = {0};
	csv_text(&b, s);
	return buf_release(&b, NULL);
}

static void expect_field(const char *in, const char *out)
{
	char *got = field(in);
	assert_string_equal(got, out);
	free(got);
}

static void formula_starts_are_neutralised(void **state)
{
	(void)state;
	expect_field("=HYPERLINK(\"http://x\")",
	             "\"'=HYPERLINK(\"\"http://x\"\")\"");
	expect_field("+1+1", "\"'+1+1\"");
	expect_field("-2+3", "\"'-2+3\"");
	expect_field("@SUM(A1)", "\"'@SUM(A1)\"");
	expect_field("\t=1", "\"'\t=1\"");
	expect_field("\r=1", "\"'\r=1\"");
}

static void plain_text_is_kept(void **state)
{
	(void)state;
	expect_field("Ana Ruiz", "\"Ana Ruiz\"");
	expect_field("a=b", "\"a=b\""); /* only the first character counts */
	expect_field(" =1", "\" =1\""); /* a space is not a formula */
	expect_field("", "\"\"");
	expect_field(NULL, "\"\"");
	expect_field("H0038-HQ", "\"H0038-HQ\"");
}

static void separators_stay_inside_the_field(void **state)
{
	(void)state;
	expect_field("Ruiz, Ana", "\"Ruiz, Ana\"");
	expect_field("say \"hi\"", "\"say \"\"hi\"\"\"");
	expect_field("\"", "\"\"\"\"");
	expect_field("two\r\nlines", "\"two\r\nlines\"");
}

static void rows_are_separated(void **state)
{
	(void)state;
	struct buf b = {0};
	csv_header(&b, "a,b,c");
	csv_text(&b, "x");
	csv_int(&b, -5);
	csv_text(&b, "line\n");
	csv_row_end(&b);
	csv_int(&b, 7);
	csv_text(&b, "y");
	csv_int(&b, 0);
	csv_row_end(&b);
	assert_string_equal(b.data,
	                    "a,b,c\r\n\"x\",-5,\"line\n\"\r\n7,\"y\",0\r\n");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(formula_starts_are_neutralised),
	    cmocka_unit_test(plain_text_is_kept),
	    cmocka_unit_test(separators_stay_inside_the_field),
	    cmocka_unit_test(rows_are_separated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
