/* Must not compile: user text handed to html_raw. */
#include "web/html.h"
void page(struct html *b, const char *user_text);
void page(struct html *b, const char *user_text)
{
	html_raw(b, user_text);
}
