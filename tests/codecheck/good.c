/* Must compile, and pass tools/codecheck.c (checked as a file under
 * src/features/): the same calls made the right way. */
#include "http/req.h"
#include "store/db.h"
#include "web/html.h"
#include "web/json.h"
#include "web/layout.h"
void page(struct req *r, struct db *db, const char *user_text);
void page(struct req *r, struct db *db, const char *user_text)
{
	struct html *b = page_html(r);
	html_raw(b, "<p>");
	html_text(b, user_text);
	html_printf(b, "%d", 42);
	/* numbers split over lines, a literal percent sign, and %s that is
	 * only text: in this comment, html_printf(b, "%s", user_text) */
	html_printf(b,
	            "<meter value=\"%d\" max=\"%lld\">"
	            "%d%%s</meter>",
	            3, (long long)10, 30);
	json_raw(&r->out, "\"html_printf(b, \\\"%s\\\")\"");
	/* text through %s and %c, written escaped, split over lines */
	html_printf(b,
	            "<a href=\"/persons/%lld\">%s</a>"
	            "<b>%c%.20s</b>",
	            (long long)7, user_text, 'x', user_text);
	struct db_stmt *st = db_prepare(db, "SELECT ? ");
	db_bind_text(st, 1, user_text);
	db_done(st);
}
