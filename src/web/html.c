/* html.c — see html.h. */
#include "html.h"
#include "html_buf.h"
#include "../core/local_time.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Escapes the first n bytes of text (html_text's rules). */
static void text_n(struct buf *out, const char *text, size_t n)
{
	const char *run = text, *end = text + n;
	for (const char *p = text; p < end; p++) {
		const char *e = entity((unsigned char)*p);
		if (!e)
			continue;
		buf_append(out, run, (size_t)(p - run));
		buf_puts(out, e);
		run = p + 1;
	}
	buf_append(out, run, (size_t)(end - run));
}

/* One conversion that is not %s or %c: the spec (flags, width, precision,
 * length, conversion; at most 15 bytes) formatted with its argument.
 * Numbers are digits, signs and points: nothing to escape. */
static void number(struct buf *out, const char *spec, size_t len, va_list *ap)
{
	char f[16];
	memcpy(f, spec, len);
	f[len] = '\0';
	char conv = f[len - 1];
	const char *l = f + strcspn(f, "hljzt");
	/* f is one conversion cut from html_printf's literal format, which the
	 * compiler has checked against the arguments */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (strchr("fFeEgG", conv))
		buf_printf(out, f, va_arg(*ap, double));
	else if (*l == 'l' && l[1] == 'l')
		buf_printf(out, f, va_arg(*ap, long long));
	else if (*l == 'l')
		buf_printf(out, f, va_arg(*ap, long));
	else if (*l == 'z')
		buf_printf(out, f, va_arg(*ap, size_t));
	else if (*l == 'j')
		buf_printf(out, f, va_arg(*ap, intmax_t));
	else if (*l == 't')
		buf_printf(out, f, va_arg(*ap, ptrdiff_t));
	else
		buf_printf(out, f, va_arg(*ap, int));
#pragma GCC diagnostic pop
}

void html_printf(struct html *b, const char *fmt, ...)
{
	struct buf *out = html_buf(b);
	va_list ap;
	va_start(ap, fmt);
	for (const char *p = fmt;;) {
		const char *pct = strchrnul(p, '%');
		buf_append(out, p, (size_t)(pct - p));
		if (!*pct)
			break;
		const char *c = pct + 1;
		if (*c == 's') { /* the common case first: text, escaped */
			const char *text = va_arg(ap, const char *);
			if (text)
				text_n(out, text, strlen(text));
			p = c + 1;
			continue;
		}
		while (*c == '-' || *c == '+' || *c == ' ' || *c == '#' ||
		       *c == '0')
			c++;
		while (*c >= '0' && *c <= '9')
			c++;
		long precision = -1;
		if (*c == '.')
			for (precision = 0; *++c >= '0' && *c <= '9';)
				precision = precision * 10 + (*c - '0');
		while (*c == 'h' || *c == 'l' || *c == 'j' || *c == 'z' ||
		       *c == 't')
			c++;
		if (*c == '%') {
			buf_putc(out, '%');
		} else if (*c == 's') {
			const char *text = va_arg(ap, const char *);
			if (text)
				text_n(out, text,
				       precision < 0
				           ? strlen(text)
				           : strnlen(text, (size_t)precision));
		} else if (*c == 'c') {
			char ch = (char)va_arg(ap, int);
			text_n(out, &ch, 1);
		} else if (*c && strchr("diouxXfFeEgG", *c) &&
		           c - pct + 1 < 16) {
			number(out, pct, (size_t)(c - pct + 1), &ap);
		} else { /* %n, %p, %ls…: refused by codecheck; a bug here */
			abort();
		}
		p = c + 1;
	}
	va_end(ap);
}

void html_stamp(struct html *b, const char *utc, const char *zone)
{
	struct local_stamp s;
	if (!local_from_utc(zone, utc, &s)) {
		html_text(b, utc);
		return;
	}
	html_raw(b, "<time datetime=\"");
	html_attr(b, utc);
	html_raw(b, "\">");
	html_text(b, s.date);
	html_raw(b, " ");
	html_text(b, s.time);
	html_raw(b, " ");
	html_text(b, s.zone);
	html_raw(b, "</time>");
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
