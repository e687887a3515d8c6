/* health.c — GET /healthz: 200 when the database answers, 503 otherwise.
 * For load balancers and monitors; needs no session and shows no data. */
#include "../store/db.h"
#include "../handlers.h"
#include "response.h"

#include <stdio.h>

void health_check(struct req *r)
{
	char err[256];
	struct db *db = db_pool_take(r->cfg->db_url, err, sizeof err);
	bool ok = db && db_ping(db) == DB_OK;
	db_pool_give(db);
	if (!ok)
		req_add_header(r, "Retry-After", "5");
	reply_json(r, ok ? 200 : 503,
	           json_pack("{s:s}", "status", ok ? "ok" : "unavailable"));
}
