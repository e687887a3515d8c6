/* Must not compile: a format string that is not a literal. */
#pragma GCC diagnostic error "-Wformat-nonliteral"
#pragma GCC diagnostic error "-Wformat-security"
#include "web/html.h"
void page(struct buf *b, const char *fmt);
void page(struct buf *b, const char *fmt)
{
	html_printf(b, fmt);
}
