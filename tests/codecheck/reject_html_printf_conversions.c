/* Must be rejected by tools/codecheck.c: the other conversions that put
 * unescaped text (or write memory) through an HTML format. */
#include <wchar.h>

#include "web/html.h"
void page(struct html *b, int letter, const wchar_t *wide, int *count);
void page(struct html *b, int letter, const wchar_t *wide, int *count)
{
	html_printf(b, "<b>%c</b>", letter);
	html_printf(b, "<i>%-8ls</i>", wide);
	html_printf(b, "<u>%d%n</u>", 1, count);
}
/* expect: html_printf format has %c */
/* expect: html_printf format has %-8ls */
/* expect: html_printf format has %n */
