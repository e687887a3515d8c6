/* html.c — see html.h. */
#include "html.h"
#include "html_buf.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

void html_raw_literal(struct html *b, const char *markup)
{
	buf_puts(html_buf(b), markup);
}

static const char *entity(unsigned char c)
{
	switch (c) {
	case '&':
		return "&amp;";
	case '<':
		return "&lt;";
	case '>':
		return "&gt;";
	case '"':
		return "&quot;";
	case '\'':
		return "&#39;";
	default:
		return NULL;
	}
}

void html_text(struct html *b, const char *text)
{
	if (!text)
		return;
	const char *run = text;
	for (const char *p = text; *p; p++) {
		const char *e = entity((unsigned char)*p);
		if (!e)
			continue;
		buf_append(html_buf(b), run, (size_t)(p - run));
		buf_puts(html_buf(b), e);
		run = p + 1;
	}
	buf_puts(html_buf(b), run);
}

/* Attribute values are always double-quoted by our markup, and the same five
 * characters are escaped, so the attribute writer can share the text one. */
void html_attr(struct html *b, const char *value)
{
	html_text(b, value);
}

void html_reset(struct html *b)
{
	buf_reset(html_buf(b));
}

void html_url_arg(struct html *b, const char *value)
{
	url_arg(html_buf(b), value);
}

void html_printf(struct html *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(html_buf(b), fmt, ap);
	va_end(ap);
}

/* The shape clock_now_utc writes: digits where the pattern has 9. */
static bool is_utc_stamp(const char *s)
{
	static const char pattern[] = "9999-99-99T99:99:99Z";
	for (size_t i = 0; i < sizeof pattern - 1; i++) {
		bool digit = s[i] >= '0' && s[i] <= '9';
		if (pattern[i] == '9' ? !digit : s[i] != pattern[i])
			return false;
	}
	return s[sizeof pattern - 1] == '\0';
}

void html_stamp(struct html *b, const char *utc)
{
	if (!utc || !is_utc_stamp(utc)) {
		html_text(b, utc);
		return;
	}
	html_raw(b, "<time datetime=\"");
	html_attr(b, utc);
	html_raw(b, "\">");
	buf_append(html_buf(b), utc, 10); /* the date */
	buf_putc(html_buf(b), ' ');
	buf_append(html_buf(b), utc + 11, 5); /* hours and minutes */
	html_raw(b, " UTC</time>");
}

size_t html_escape_len(const char *text)
{
	size_t n = 0;
	for (const char *p = text; p && *p; p++) {
		const char *e = entity((unsigned char)*p);
		n += e ? strlen(e) : 1;
	}
	return n;
}
