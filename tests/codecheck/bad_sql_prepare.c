/* Must not compile: SQL text built at run time. */
#include "store/db.h"
struct db_stmt *query(struct db *db, const char *sql);
struct db_stmt *query(struct db *db, const char *sql)
{
	return db_prepare(db, sql);
}
