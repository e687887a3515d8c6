/* Must be rejected by tools/codecheck.c: a refused conversion in a call
 * split over lines so that no one-line grep sees it, in the second of two
 * concatenated literals. */
#include "web/html.h"
void page(struct html *b, const char *user_text);
void page(struct html *b, const char *user_text)
{
	html_printf(b,
	            "<p>Hello, "
	            "%p</p>",
	            (const void *)user_text);
}
/* expect: html_printf format has %p */
