/* Must be rejected by tools/codecheck.c: the entry points that take SQL or
 * markup as a plain string, called outside their modules. */
#include "store/db.h"
#include "web/html.h"
void page(struct html *b, struct db *db, const char *text);
void page(struct html *b, struct db *db, const char *text)
{
	db_done(db_prepare_literal(db, text));
	db_exec_literal(db, text);
	db_exec_schema(db, text);
	html_raw_literal(b, text);
}
/* expect: db_prepare_literal called outside src/store/ */
/* expect: db_exec_literal called outside src/store/ */
/* expect: db_exec_schema called outside src/store/ */
/* expect: html_raw_literal called outside src/web/html.c */
