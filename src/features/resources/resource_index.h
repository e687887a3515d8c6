/* resource_index.h — keeping the directory's search index (issue 23).
 *
 * Whatever writes a service, its organization, locations, schedules,
 * languages or taxonomy terms calls resource_index_service for each
 * service it touched, in the same transaction, so that search never
 * shows a stale row; an import that touched many calls
 * resource_index_all once instead.  The search part fills these in. */
#ifndef WAYPOINT_RESOURCE_INDEX_H
#define WAYPOINT_RESOURCE_INDEX_H

#include "../../store/db.h"

/* Rewrites the index entry of one service (HSDS id), or removes it when
 * the service is gone. */
enum db_status resource_index_service(struct db *db, const char *service_id);

/* Rebuilds the whole index. */
enum db_status resource_index_all(struct db *db);

#endif
