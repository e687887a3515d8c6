/* csv.c — see csv.h. */
#include "csv.h"

#include <stdbool.h>
#include <string.h>

/* The comma before a field, unless the field starts a row. */
static void separate(struct buf *b)
{
	if (b->len && b->data[b->len - 1] != '\n')
		buf_putc(b, ',');
}

/* Characters that make a spreadsheet read a cell as a formula (or, TAB and
 * CR, that some strip before looking for one). */
static bool starts_formula(const char *s)
{
	return *s && strchr("=+-@\t\r", *s);
}

void csv_text(struct buf *b, const char *s)
{
	separate(b);
	buf_putc(b, '"');
	if (!s)
		s = "";
	if (starts_formula(s))
		buf_putc(b, '\'');
	const char *run = s;
	for (const char *p = s; *p; p++) {
		if (*p != '"')
			continue;
		buf_append(b, run, (size_t)(p - run + 1));
		buf_putc(b, '"'); /* the quote doubled */
		run = p + 1;
	}
	buf_puts(b, run);
	buf_putc(b, '"');
}

void csv_int(struct buf *b, int64_t v)
{
	separate(b);
	buf_printf(b, "%lld", (long long)v);
}

void csv_row_end(struct buf *b)
{
	buf_puts(b, "\r\n");
}
