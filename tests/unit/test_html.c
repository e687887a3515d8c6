/* The escaping writers: every dangerous character, in every context. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "web/html.h"
#include "web/html_buf.h" /* a page is a buffer seen as html */
#include "web/json.h"

#include <jansson.h>

static void text_escapes_markup(void **state)
{
	(void)state;
	struct buf b = {0};
	html_text(html_of(&b), "<script>alert('x')</script> & \"q\"");
	assert_string_equal(b.data,
	                    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script"
	                    "&gt; &amp; &quot;q&quot;");
	assert_int_equal(
	    b.len, html_escape_len("<script>alert('x')</script> & \"q\""));
	buf_free(&b);
}

static void text_keeps_plain_and_utf8(void **state)
{
	(void)state;
	struct buf b = {0};
	html_text(html_of(&b), "José Núñez — 988");
	assert_string_equal(b.data, "José Núñez — 988");
	html_text(html_of(&b), NULL); /* nothing, no crash */
	html_text(html_of(&b), "");
	assert_string_equal(b.data, "José Núñez — 988");
	buf_free(&b);
}

static void attribute_cannot_break_out(void **state)
{
	(void)state;
	struct buf b = {0};
	html_raw(html_of(&b), "<input value=\"");
	html_attr(html_of(&b), "\" onfocus=\"alert(1)");
	html_raw(html_of(&b), "\">");
	assert_string_equal(b.data,
	                    "<input value=\"&quot; onfocus=&quot;alert(1)\">");
	buf_free(&b);
}

static void stamp_reads_as_people_write_it(void **state)
{
	(void)state;
	struct buf b = {0};
	html_stamp(html_of(&b), "2026-11-23T04:40:01Z", "UTC");
	assert_string_equal(b.data, "<time datetime=\"2026-11-23T04:40:01Z\">"
	                            "2026-11-23 04:40 UTC</time>");
	buf_free(&b);
}

/* In the program's zone, with the zone's letters: the hour that happens
 * twice on the night clocks go back reads two ways. */
static void stamp_reads_in_local_time(void **state)
{
	(void)state;
	struct buf b = {0};
	html_stamp(html_of(&b), "2026-11-01T05:30:00Z", "America/New_York");
	html_raw(html_of(&b), "|");
	html_stamp(html_of(&b), "2026-11-01T06:30:00Z", "America/New_York");
	html_raw(html_of(&b), "|");
	html_stamp(html_of(&b), "2026-12-05T03:30:00Z", "America/Chicago");
	assert_string_equal(b.data, "<time datetime=\"2026-11-01T05:30:00Z\">"
	                            "2026-11-01 01:30 EDT</time>|"
	                            "<time datetime=\"2026-11-01T06:30:00Z\">"
	                            "2026-11-01 01:30 EST</time>|"
	                            "<time datetime=\"2026-12-05T03:30:00Z\">"
	                            "2026-12-04 21:30 CST</time>");
	buf_free(&b);
}

/* Anything not exactly a stored UTC time is text, escaped: a wrong shape,
 * a local time without its Z, markup, a stamp cut short or run on. */
static void stamp_of_another_shape_is_escaped_text(void **state)
{
	(void)state;
	const char *odd[] = {"2026-11-23T04:40",
	                     "2026-11-23T04:40:01",
	                     "2026-11-23T04:40:01Z!",
	                     "2026-11-23 04:40:01Z",
	                     "<b>2026-11-23</b>",
	                     "2026-11-2",
	                     "",
	                     "20x6-11-23T04:40:01Z",
	                     "2026-02-30T04:40:01Z"};
	for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) {
		struct buf b = {0}, text = {0};
		html_stamp(html_of(&b), odd[i], "America/New_York");
		html_text(html_of(&text), odd[i]);
		assert_string_equal(b.data ? b.data : "",
		                    text.data ? text.data : "");
		buf_free(&b);
		buf_free(&text);
	}
	struct buf b = {0};
	html_stamp(html_of(&b), NULL, "UTC"); /* nothing, no crash */
	assert_null(b.data);
}

/* The page type is only a view of the buffer: the writers add to it. */
static void page_writers_add_to_the_buffer(void **state)
{
	(void)state;
	struct buf b = {0};
	struct html *page = html_of(&b);
	assert_ptr_equal(html_buf(page), &b);
	html_raw(page, "<a href=\"/x?q=");
	html_url_arg(page, "a b&c");
	html_raw(page, "\">");
	html_text(page, "<b>");
	html_raw(page, "</a>");
	assert_string_equal(b.data, "<a href=\"/x?q=a%20b%26c\">&lt;b&gt;</a>");
	html_reset(page);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

/* html_printf writes every %s and %c escaped, numbers as printf does, and
 * a NULL text as nothing; the rest of the format is markup. */
static void printf_escapes_text(void **state)
{
	(void)state;
	struct buf b = {0};
	struct html *page = html_of(&b);
	const char *none = getenv("WAYPOINT_TEST_NO_SUCH_VARIABLE"); /* NULL */
	html_printf(page, "<a href=\"/p/%lld\" title=\"%s\">%s</a>%c|%%|%s",
	            (long long)42, "\" onclick=\"x", "<b>&</b>", '<', none);
	assert_string_equal(b.data,
	                    "<a href=\"/p/42\" title=\"&quot; "
	                    "onclick=&quot;x\">&lt;b&gt;&amp;&lt;/b&gt;</a>"
	                    "&lt;|%|");
	buf_reset(&b);
	html_printf(page, "%05.1f %-3d| %x %zu %.3s %ld %u", 3.14159, 7, 255,
	            (size_t)9, "<abcdef", -5L, 4u);
	assert_string_equal(b.data, "003.1 7  | ff 9 &lt;ab -5 4");
	buf_reset(&b);
	html_printf(page, "%d|%lld|%d|%lld", -5, (long long)INT64_MIN, 0,
	            (long long)INT64_MAX);
	assert_string_equal(b.data, "-5|-9223372036854775808|0|"
	                            "9223372036854775807");
	buf_free(&b);
}

static void url_arg_encodes_reserved(void **state)
{
	(void)state;
	struct buf b = {0};
	url_arg(&b, "a b&c=d/é?#\"<");
	assert_string_equal(b.data, "a%20b%26c%3Dd%2F%C3%A9%3F%23%22%3C");
	buf_free(&b);
	url_arg(&b, "Az09-._~");
	assert_string_equal(b.data, "Az09-._~");
	buf_free(&b);
}

static void printf_formats_numbers_without_truncating(void **state)
{
	(void)state;
	struct buf b = {0};
	html_printf(html_of(&b), "%d-%lld", 7, 123456789012345LL);
	assert_string_equal(b.data, "7-123456789012345");
	buf_reset(&b);
	html_printf(html_of(&b), "%0300d",
	            1); /* longer than any internal buffer */
	assert_int_equal(b.len, 300);
	buf_free(&b);
}

/* JSON text escapes what RFC 8259 requires, and jansson reads back exactly
 * what went in. */
static void json_text_round_trips(void **state)
{
	(void)state;
	const char *samples[] = {"plain",
	                         "quote \" backslash \\ slash /",
	                         "tab\tnew\nline\rcr\x01\x1f",
	                         "José — 日本 😀",
	                         "</script><b>",
	                         ""};
	for (size_t i = 0; i < sizeof samples / sizeof *samples; i++) {
		struct buf b = {0};
		json_raw(&b, "[");
		json_text(&b, samples[i]);
		json_raw(&b, ",");
		json_int(&b, -9007199254740993LL);
		json_raw(&b, "]");
		json_error_t err;
		json_t *v = json_loads(b.data, 0, &err);
		assert_non_null(v);
		assert_string_equal(json_string_value(json_array_get(v, 0)),
		                    samples[i]);
		assert_int_equal(json_integer_value(json_array_get(v, 1)),
		                 -9007199254740993LL);
		json_decref(v);
		buf_free(&b);
	}
	struct buf b = {0};
	json_text(&b, "a\x01\"");
	assert_string_equal(b.data, "\"a\\u0001\\\"\"");
	buf_reset(&b);
	json_text(&b, NULL);
	assert_string_equal(b.data, "null");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(text_escapes_markup),
	    cmocka_unit_test(text_keeps_plain_and_utf8),
	    cmocka_unit_test(attribute_cannot_break_out),
	    cmocka_unit_test(stamp_reads_in_local_time),
	    cmocka_unit_test(stamp_reads_as_people_write_it),
	    cmocka_unit_test(stamp_of_another_shape_is_escaped_text),
	    cmocka_unit_test(page_writers_add_to_the_buffer),
	    cmocka_unit_test(printf_escapes_text),
	    cmocka_unit_test(url_arg_encodes_reserved),
	    cmocka_unit_test(printf_formats_numbers_without_truncating),
	    cmocka_unit_test(json_text_round_trips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
