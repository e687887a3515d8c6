/* plan_api.c — the recovery plan in the API (ROUTE_PERSON: the router
 * checks the team and audits; each change commits with its entry). */
#include "../../http/api.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/json.h"
#include "../cosign/cosign.h"
#include "plan.h"

#include <stdlib.h>

/* A version's members, written into an object the caller has begun and
 * ends; the document only when it was read. */
static void version_json(struct buf *b, const struct plan_version *v)
{
	json_field_int(b, "version", v->version);
	json_field_text(b, "leadership", v->leadership);
	json_field_text(b, "author_kind", v->author_kind);
	json_field_text(b, "author", v->author_name);
	json_field_text(b, "summary", v->summary);
	json_field_text(b, "created_at", v->created_at);
	json_field_text(b, "cosign_state", v->cosign_state);
	json_field_text(b, "cosign_comment", v->cosign_comment);
	json_field(b, "signed");
	if (*v->signed_on) {
		const struct plan_signature sig = {v->signer_name, v->signed_on,
		                                   v->signature_method,
		                                   v->signature_path};
		json_object_begin(b);
		fields_json(b, PLAN_FIELDS(signature), &sig);
		json_object_end(b);
	} else {
		json_raw(b, "null");
	}
	if (v->document) {
		char *doc = json_dumps(v->document, JSON_COMPACT);
		json_field(b, "document");
		/* jansson wrote it, so it is JSON already */
		buf_puts(b, doc ? doc : "{}");
		free(doc);
	}
}

/* The version named by the route's second parameter; 404 if none. */
static enum answer route_version(struct req *r, int *n)
{
	int64_t v = req_id(r, "n");
	if (v > 1000000) {
		reply_error(r, 404, "not_found", "There is no such version.",
		            NULL);
		return ANSWERED;
	}
	*n = (int)v;
	return GO_ON;
}

static void reply_version(struct req *r, int n)
{
	struct plan_version v;
	int agreed = 0;
	enum db_status s = plan_get(r->db, &r->arena, r->person_id, n, &v);
	if (s == DB_DONE) {
		if (n)
			reply_error(r, 404, "not_found",
			            "There is no such version.", NULL);
		else /* no plan yet: an empty one */
			reply_json(r, 200,
			           json_pack("{s:n, s:n, s:{}}", "version",
			                     "agreed_version", "document"));
		return;
	}
	if (s != DB_ROW || plan_agreed(r->db, r->person_id, &agreed) != DB_OK) {
		json_decref(s == DB_ROW ? v.document : NULL);
		reply_db_failure(r);
		return;
	}
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	version_json(b, &v);
	json_decref(v.document);
	json_field(b, "agreed_version");
	if (agreed)
		json_int(b, agreed);
	else
		json_raw(b, "null");
	json_object_end(b);
	reply_json_written(r, 200);
}

/* GET /api/v1/persons/{id}/plan — the newest version */
void plan_api_get(struct req *r)
{
	reply_version(r, 0);
}

/* GET /api/v1/persons/{id}/plan/versions/{n} */
void plan_api_version(struct req *r)
{
	int n;
	if (route_version(r, &n) == GO_ON)
		reply_version(r, n);
}

/* GET /api/v1/persons/{id}/plan/versions — newest first, no documents */
void plan_api_versions(struct req *r)
{
	struct plan_version *list;
	int count;
	if (plan_history(r->db, &r->arena, r->person_id, &list, &count) !=
	    DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct buf *b = &r->out;
	json_raw(b, "{\"items\":[");
	for (int i = 0; i < count; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		version_json(b, &list[i]);
		json_object_end(b);
	}
	api_list_end(r, false, 0);
}

/* PUT /api/v1/persons/{id}/plan {document, leadership, author_kind,
 * summary} → 201 {version, cosign_state} */
void plan_api_put(struct req *r)
{
	static const char *const document[] = {"document", NULL};
	struct plan_change c;
	if (fields_from_json(r, PLAN_FIELDS(change), document, &c) == ANSWERED)
		return;
	struct field_error e;
	json_t *doc = json_object_get(r->json, "document");
	if (fields_validate(&r->arena, PLAN_FIELDS(change), &c, &e) ||
	    plan_validate(doc, &r->arena, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	bool trainee = r->session.role == ROLE_PEER_TRAINEE;
	int version;
	if (plan_save(r->db, r->person_id, doc, c.leadership, c.author_kind,
	              r->session.user_id, trainee, c.summary,
	              &version) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	reply_json(r, 201,
	           json_pack("{s:i, s:s}", "version", version, "cosign_state",
	                     trainee ? "pending" : "none"));
}

/* POST /api/v1/persons/{id}/plan/goals/{g}/wording {words, author_kind}
 * → 201 {version, cosign_state}: the goal's wording corrected in a new
 * version, the one before kept */
void plan_api_wording(struct req *r)
{
	struct plan_wording w;
	if (fields_from_json(r, PLAN_FIELDS(wording), NULL, &w) == ANSWERED)
		return;
	struct field_error e;
	bool trainee = r->session.role == ROLE_PEER_TRAINEE;
	int version;
	switch (plan_reword(r->db, &r->arena, r->person_id, req_id(r, "g"), &w,
	                    r->session.user_id, trainee, &version, &e)) {
	case PLAN_REWORDED:
		reply_json(r, 201,
		           json_pack("{s:i, s:s}", "version", version,
		                     "cosign_state",
		                     trainee ? "pending" : "none"));
		break;
	case PLAN_REWORD_INVALID:
		reply_error(r, 400, "invalid", e.message, e.field);
		break;
	case PLAN_REWORD_NO_GOAL:
		reply_error(r, 404, "not_found", "There is no such goal.",
		            NULL);
		break;
	case PLAN_REWORD_FAILED:
		reply_db_failure(r);
		break;
	}
}

/* POST /api/v1/persons/{id}/plan/versions/{n}/sign {signer_name,
 * signed_on, signature_method, signature_path} → 204 */
void plan_api_sign(struct req *r)
{
	struct plan_signature sig;
	int n;
	if (route_version(r, &n) == ANSWERED ||
	    fields_from_json(r, PLAN_FIELDS(signature), NULL, &sig) == ANSWERED)
		return;
	struct field_error e;
	if (plan_sign_validate(&r->arena, &sig, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	enum db_status s =
	    plan_sign(r->db, r->person_id, n, sig.signer_name, sig.signed_on,
	              sig.signature_method, sig.signature_path);
	if (s == DB_OK)
		r->status = 204;
	else if (s == DB_DONE)
		reply_error(r, 409, "not_signable",
		            "There is no such version waiting for a signature.",
		            NULL);
	else
		reply_db_failure(r);
}

/* POST /api/v1/persons/{id}/plan/versions/{n}/cosign {decision: cosign |
 * return, comment} → 204 (supervisors) */
void plan_api_cosign(struct req *r)
{
	struct cosign_decision d = {0};
	int n;
	if (route_version(r, &n) == ANSWERED ||
	    cosign_decision_from_json(r, &d) == ANSWERED)
		return;
	enum db_status s = plan_cosign(
	    r->db, r->person_id, n, r->session.user_id, d.approve, d.comment);
	if (s == DB_OK)
		r->status = 204;
	else if (s == DB_DONE)
		reply_error(r, 409, "not_pending",
		            "That version is not waiting for a co-signature.",
		            NULL);
	else
		reply_db_failure(r);
}
