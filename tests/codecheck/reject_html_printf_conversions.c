/* Must be rejected by tools/codecheck.c: the conversions html_printf does
 * not take (it escapes %s and %c itself): wide text, a width read from the
 * arguments, a pointer, and %n, which writes memory. */
#include <wchar.h>

#include "web/html.h"
void page(struct html *b, int width, const wchar_t *wide, int *count);
void page(struct html *b, int width, const wchar_t *wide, int *count)
{
	html_printf(b, "<b>%*d</b>", width, 3);
	html_printf(b, "<i>%-8ls</i>", wide);
	html_printf(b, "<u>%d%n</u>", 1, count);
	html_printf(b, "<s>%p</s>", (void *)count);
}
/* expect: html_printf format has %*d */
/* expect: html_printf format has %-8ls */
/* expect: html_printf format has %n */
/* expect: html_printf format has %p */
