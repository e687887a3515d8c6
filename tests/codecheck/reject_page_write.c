/* Must be rejected by tools/codecheck.c (checked as a file under
 * src/features/): raw writes into the page, around the escaping writers. */
#include "http/req.h"
void page(struct req *r, const char *text);
void page(struct req *r, const char *text)
{
	buf_puts(&r->out, text);
	buf_append(&r->out, text, 3);
	buf_printf(&r->out, "<p>%d</p>", 1);
}
/* expect: buf_puts(&r->out, …) writes into the page unescaped */
/* expect: buf_append(&r->out, …) writes into the page unescaped */
/* expect: buf_printf(&r->out, …) writes into the page unescaped */
