/* json.c — see json.h. */
#include "json.h"

#include <string.h>

void json_text(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	if (!s) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	const char *run = s;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		/* < > & as \u escapes too: a string can then sit inside an
		 * HTML page (or be sniffed as one) without closing a tag */
		if (c >= 0x20 && c != '"' && c != '\\' && c != '<' &&
		    c != '>' && c != '&')
			continue;
		buf_append(b, run, (size_t)(p - run));
		run = p + 1;
		switch (c) {
		case '"':
			buf_puts(b, "\\\"");
			break;
		case '\\':
			buf_puts(b, "\\\\");
			break;
		case '\n':
			buf_puts(b, "\\n");
			break;
		case '\r':
			buf_puts(b, "\\r");
			break;
		case '\t':
			buf_puts(b, "\\t");
			break;
		default: {
			char u[6] = {'\\', 'u',         '0',
			             '0',  hex[c >> 4], hex[c & 15]};
			buf_append(b, u, 6);
		}
		}
	}
	buf_puts(b, run);
	buf_putc(b, '"');
}

void json_int(struct buf *b, int64_t v)
{
	buf_printf(b, "%lld", (long long)v);
}

void json_bool(struct buf *b, int v)
{
	buf_puts(b, v ? "true" : "false");
}

void json_object_begin(struct buf *b)
{
	buf_putc(b, '{');
}

void json_object_end(struct buf *b)
{
	buf_putc(b, '}');
}

void json_field(struct buf *b, const char *name)
{
	if (b->len && b->data[b->len - 1] != '{')
		buf_putc(b, ',');
	json_text(b, name);
	buf_putc(b, ':');
}

void json_field_text(struct buf *b, const char *name, const char *value)
{
	json_field(b, name);
	json_text(b, value);
}

void json_field_text_or_null(struct buf *b, const char *name, const char *value)
{
	json_field_text(b, name, value && *value ? value : NULL);
}

void json_field_int(struct buf *b, const char *name, int64_t value)
{
	json_field(b, name);
	json_int(b, value);
}

void json_field_bool(struct buf *b, const char *name, int value)
{
	json_field(b, name);
	json_bool(b, value);
}
