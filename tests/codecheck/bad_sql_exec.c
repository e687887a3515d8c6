/* Must not compile: SQL text built at run time. */
#include "store/db.h"
enum db_status run(struct db *db, const char *sql);
enum db_status run(struct db *db, const char *sql)
{
	return db_exec(db, sql);
}
