/* Must not compile: a format string that is not a literal. */
#include "web/html.h"
void page(struct html *b, const char *fmt);
void page(struct html *b, const char *fmt)
{
	html_printf(b, fmt);
}
