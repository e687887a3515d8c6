/* incident_audit.c — see incident_audit.h. */
#include "incident_audit.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "incident.h"

#include <stdio.h>

static bool record(struct req *r, const char *action, int64_t id,
                   const char *outcome)
{
	char entity[24] = "";
	if (id)
		snprintf(entity, sizeof entity, "%lld", (long long)id);
	return req_audit(r, &(struct audit_entry){action, "incident", entity, 0,
	                                          outcome, ""});
}

bool incident_audit(struct req *r, const char *action, int64_t id, bool ok)
{
	if (record(r, action, id, ok ? "success" : "denied"))
		return true;
	reply_audit_unavailable(r, NULL);
	return false;
}

enum answer incident_begin(struct req *r)
{
	if (db_begin(r->db) == DB_OK)
		return GO_ON;
	reply_db_failure(r);
	return ANSWERED;
}

bool incident_finish(struct req *r, enum db_status s, const char *action,
                     int64_t id)
{
	if (s == DB_OK && !record(r, action, id, "success")) {
		db_rollback(r->db);
		reply_audit_unavailable(r, NULL);
		return false;
	}
	if (s == DB_OK && db_commit(r->db) == DB_OK)
		return true;
	if (db_in_transaction(r->db))
		db_rollback(r->db);
	struct incident x;
	if (s == DB_DONE &&
	    incident_get(r->db, &r->arena, id, r->session.user_id, r->role,
	                 &x) == DB_ROW) {
		record(r, action, id, "failure");
		reply_error(r, 409, "wrong_state",
		            "This report cannot take that step now: a "
		            "submitted report no longer changes, and only "
		            "supervisors and managers review it.",
		            NULL);
	} else if (s == DB_DONE) {
		record(r, action, id, "denied");
		reply_error(r, 404, "not_found",
		            "There is no such incident report.", NULL);
	} else {
		reply_db_failure(r);
	}
	return false;
}
