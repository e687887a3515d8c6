/* Must compile: the same calls made the right way. */
#include "store/db.h"
#include "web/html.h"
void page(struct buf *b, struct db *db, const char *user_text);
void page(struct buf *b, struct db *db, const char *user_text)
{
	html_raw(b, "<p>");
	html_text(b, user_text);
	html_printf(b, "%d", 42);
	struct db_stmt *st = db_prepare(db, "SELECT ? ");
	db_bind_text(st, 1, user_text);
	db_done(st);
}
