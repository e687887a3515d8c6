/* cli_resources.c — `waypoint resources reindex`: rebuilds the
 * directory's search index from the hsds_* tables, for rows written
 * behind Waypoint's back (tests, a hand-made SQL load). */
#include "cli_resources.h"
#include "features/resources/resource_index.h"

#include <stdio.h>

int cmd_resources_reindex(struct config *cfg)
{
	char err[512];
	struct db *db = db_open(cfg->db_url, err, sizeof err);
	if (!db) {
		fprintf(stderr, "waypoint: cannot open database: %s\n", err);
		return 1;
	}
	enum db_status s = resource_index_all(db);
	if (s != DB_OK)
		fprintf(stderr, "waypoint: resources reindex: %s\n",
		        db_errmsg(db));
	else {
		int64_t n = 0;
		db_one_int(db, "SELECT COUNT(*) FROM resource_entries", &n);
		printf("resources reindex: %lld entries\n", (long long)n);
	}
	db_close(db);
	return s != DB_OK;
}
