/* resource_index.c — see resource_index.h. */
#include "resource_index.h"

/* First version: the search part writes the index itself. */
enum db_status resource_index_service(struct db *db, const char *service_id)
{
	(void)db;
	(void)service_id;
	return DB_OK;
}

enum db_status resource_index_all(struct db *db)
{
	(void)db;
	return DB_OK;
}
