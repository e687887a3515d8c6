/* plan_api.c — the recovery plan in the API (ROUTE_PERSON: the router
 * checks the team and audits; each change commits with its entry). */
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../people/consent.h"
#include "plan.h"

#include <string.h>

/* A version as JSON; the document only when it was read. */
static json_t *version_json(const struct plan_version *v)
{
	json_t *o =
	    json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "version",
	              v->version, "leadership", v->leadership, "author_kind",
	              v->author_kind, "author", v->author_name, "summary",
	              v->summary, "created_at", v->created_at, "cosign_state",
	              v->cosign_state, "cosign_comment", v->cosign_comment);
	json_object_set_new(
	    o, "signed",
	    *v->signed_on ? json_pack("{s:s, s:s, s:s, s:s}", "signer_name",
	                              v->signer_name, "signed_on", v->signed_on,
	                              "signature_method", v->signature_method,
	                              "signature_path", v->signature_path)
	                  : json_null());
	if (v->document)
		json_object_set(o, "document", v->document);
	return o;
}

/* The version named by the route's second parameter; 404 if none. */
static int route_version(struct req *r, int *n)
{
	int64_t v = req_id(r, "n");
	if (v > 1000000) {
		reply_error(r, 404, "not_found", "There is no such version.",
		            NULL);
		return -1;
	}
	*n = (int)v;
	return 0;
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
		reply_db_failure(r);
		return;
	}
	json_t *o = version_json(&v);
	json_decref(v.document);
	json_object_set_new(o, "agreed_version",
	                    agreed ? json_integer(agreed) : json_null());
	reply_json(r, 200, o);
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
	if (route_version(r, &n) == 0)
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
	json_t *items = json_array();
	for (int i = 0; i < count; i++)
		json_array_append_new(items, version_json(&list[i]));
	reply_json(r, 200,
	           json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

/* PUT /api/v1/persons/{id}/plan {document, leadership, author_kind,
 * summary} → 201 {version, cosign_state} */
void plan_api_put(struct req *r)
{
	static const char *const fields[] = {"leadership", "author_kind",
	                                     "summary", "document", NULL};
	const char *leadership, *author_kind, *summary;
	const char **texts[] = {&leadership, &author_kind, &summary};
	if (api_known_fields(r, fields) || api_texts(r, fields, texts, 3))
		return;
	struct field_error e;
	json_t *doc = json_object_get(r->json, "document");
	if (!choice_known(plan_leaderships, plan_leadership_count, leadership))
		e = (struct field_error){"leadership",
		                         "Say who leads the plan: "
		                         "professionally_directed, shared or "
		                         "self_directed."};
	else if (strcmp(author_kind, "staff") && strcmp(author_kind, "person"))
		e = (struct field_error){
		    "author_kind", "Say who wrote this version: staff, or "
		                   "person (the person, with staff)."};
	else if (!*summary || utf8_length(summary) > 300)
		e = (struct field_error){"summary",
		                         "Say in a line what changed (at most "
		                         "300 characters)."};
	else if (plan_validate(doc, &r->arena, &e) == 0)
		e.field = NULL;
	if (e.field) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	bool trainee = r->session.role == ROLE_PEER_TRAINEE;
	int version;
	if (plan_save(r->db, r->person_id, doc, leadership, author_kind,
	              r->session.user_id, trainee, summary,
	              &version) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	reply_json(r, 201,
	           json_pack("{s:i, s:s}", "version", version, "cosign_state",
	                     trainee ? "pending" : "none"));
}

/* POST /api/v1/persons/{id}/plan/versions/{n}/sign {signer_name,
 * signed_on, signature_method, signature_path} → 204 */
void plan_api_sign(struct req *r)
{
	static const char *const fields[] = {"signer_name", "signed_on",
	                                     "signature_method",
	                                     "signature_path", NULL};
	const char *name, *on, *method, *path;
	const char **texts[] = {&name, &on, &method, &path};
	int n;
	if (route_version(r, &n) || api_known_fields(r, fields) ||
	    api_texts(r, fields, texts, 4))
		return;
	if (!*method)
		method = "typed";
	struct field_error e;
	if (plan_sign_validate(name, on, method, path, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	enum db_status s =
	    plan_sign(r->db, r->person_id, n, name, on, method, path);
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
	const char *comment;
	bool approve;
	int n;
	if (route_version(r, &n) || api_cosign_decision(r, &approve, &comment))
		return;
	enum db_status s = plan_cosign(r->db, r->person_id, n,
	                               r->session.user_id, approve, comment);
	if (s == DB_OK)
		r->status = 204;
	else if (s == DB_DONE)
		reply_error(r, 409, "not_pending",
		            "That version is not waiting for a co-signature.",
		            NULL);
	else
		reply_db_failure(r);
}
