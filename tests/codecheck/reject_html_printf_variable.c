/* Must be rejected by tools/codecheck.c: a format that is not a literal
 * (the compiler refuses it too, in bad_html_printf.c; here the call hides
 * it behind a conditional the checker must still read). */
#include "web/html.h"
void page(struct html *b, int bold, int n);
void page(struct html *b, int bold, int n)
{
	html_printf(b, bold ? "<b>%d</b>" : "%d", n);
}
/* expect: html_printf format is not a string literal */
