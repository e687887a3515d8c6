/* Must be rejected by tools/codecheck.c: text formatted into HTML with %s,
 * the call split over lines so that no one-line grep sees it, and %s in the
 * second of two concatenated literals. */
#include "web/html.h"
void page(struct html *b, const char *user_text);
void page(struct html *b, const char *user_text)
{
	html_printf(b,
	            "<p>Hello, "
	            "%s</p>",
	            user_text);
}
/* expect: html_printf format has %s */
