/* plan_edits.c — what the recovery plan's page forms post: each change
 * to the newest version is checked and saved as the next version (a
 * trainee's waits for co-signature); the person's signature of a version.
 * ROUTE_PERSON: the router checks the team and commits each change with
 * its audit entry. */
#include "../../core/text.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "plan.h"

#include <string.h>

static void back_to_plan(struct req *r)
{
	reply_redirect(r, arena_sprintf(&r->arena, "/persons/%lld/plan",
	                                (long long)r->person_id));
}

/* POST /persons/{id}/plan/goals — a new version with one more goal */
void plan_goal_submit(struct req *r)
{
	struct plan_version cur;
	enum db_status s = plan_get(r->db, &r->arena, r->person_id, 0, &cur);
	if (s != DB_ROW && s != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	json_t *doc = s == DB_ROW && cur.document
	                  ? cur.document
	                  : json_pack("{s:[]}", "goals");
	if (!json_object_get(doc, "goals"))
		json_object_set_new(doc, "goals", json_array());
	const char *words = req_form_text(r, "words");
	json_array_append_new(
	    json_object_get(doc, "goals"),
	    json_pack("{s:s, s:s, s:s, s:s, s:s, s:[], s:[]}", "words", words,
	              "domain", req_form_text(r, "domain"), "why",
	              req_form_text(r, "why"), "target_date",
	              req_form_text(r, "target_date"), "status", "active",
	              "steps", "progress"));
	const char *leadership = req_form_text(r, "leadership");
	const char *author = req_form_text(r, "author_kind");
	struct field_error e = {NULL, NULL};
	int version;
	if (plan_validate(doc, &r->arena, &e) == 0) {
		if (!choice_known(plan_leaderships, plan_leadership_count,
		                  leadership))
			e = (struct field_error){"leadership",
			                         "Say who leads the plan."};
		else if (strcmp(author, "staff") && strcmp(author, "person"))
			e = (struct field_error){"author_kind",
			                         "Say who wrote it."};
	}
	if (e.field) {
		/* the new goal is the last: name its field as on the form */
		const char *dot = strrchr(e.field, '.');
		reply_error(r, 400, "invalid", e.message,
		            dot ? dot + 1 : e.field);
	} else if (plan_save(
	               r->db, r->person_id, doc, leadership, author,
	               r->session.user_id, r->session.role == ROLE_PEER_TRAINEE,
	               arena_sprintf(&r->arena, "Added a goal: %.60s", words),
	               &version) != DB_OK) {
		reply_db_failure(r);
	} else {
		reply_redirect(r, arena_sprintf(&r->arena, "/persons/%lld/plan",
		                                (long long)r->person_id));
	}
	json_decref(doc);
}

/* POST /persons/{id}/plan/versions/{n}/sign — drawn, or the typed name */
void plan_sign_submit(struct req *r)
{
	int64_t n;
	const char *name = req_form_text(r, "signer_name");
	const char *on = req_form_text(r, "signed_on");
	const char *method = req_form_text(r, "signature_method");
	const char *path = req_form_text(r, "signature_path");
	struct field_error e;
	if ((n = req_id(r, "n")) > 1000000) {
		reply_error(r, 404, "not_found", "There is no such version.",
		            NULL);
		return;
	}
	if (plan_sign_validate(name, on, *method ? method : "typed", path,
	                       &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	enum db_status s = plan_sign(r->db, r->person_id, (int)n, name, on,
	                             *method ? method : "typed", path);
	if (s == DB_OK)
		back_to_plan(r);
	else if (s == DB_DONE)
		reply_error(
		    r, 409, "not_signable",
		    "That version is signed already, or does not exist.", NULL);
	else
		reply_db_failure(r);
}

/* A change made on the page to the newest version: checked, saved as the
 * next version with summary, and back to the plan. */
static void save_change(struct req *r, const struct plan_version *cur,
                        json_t *doc, const char *summary)
{
	struct field_error e;
	int version;
	const char *author = req_form_text(r, "author_kind");
	if (plan_validate(doc, &r->arena, &e)) {
		const char *dot = strrchr(e.field, '.');
		reply_error(r, 400, "invalid", e.message,
		            dot ? dot + 1 : e.field);
	} else if (plan_save(r->db, r->person_id, doc, cur->leadership,
	                     strcmp(author, "person") ? "staff" : "person",
	                     r->session.user_id,
	                     r->session.role == ROLE_PEER_TRAINEE, summary,
	                     &version) != DB_OK) {
		reply_db_failure(r);
	} else {
		back_to_plan(r);
	}
}

/* The newest version and the goal named by the route's {g} (1-based);
 * answers 404 itself when there is none. */
static json_t *route_goal(struct req *r, struct plan_version *cur)
{
	int64_t g;
	enum db_status s = plan_get(r->db, &r->arena, r->person_id, 0, cur);
	if (s != DB_ROW && s != DB_DONE) {
		reply_db_failure(r);
		return NULL;
	}
	json_t *goal =
	    s == DB_ROW && (g = req_id(r, "g")) > 0
	        ? json_array_get(json_object_get(cur->document, "goals"),
	                         (size_t)g - 1)
	        : NULL;
	if (!goal) {
		if (s == DB_ROW)
			json_decref(cur->document);
		reply_error(r, 404, "not_found", "There is no such goal.",
		            NULL);
	}
	return goal;
}

static json_t *list_of(json_t *goal, const char *key)
{
	json_t *list = json_object_get(goal, key);
	if (!json_is_array(list)) {
		list = json_array();
		json_object_set_new(goal, key, list);
	}
	return list;
}

/* POST /persons/{id}/plan/goals/{g}/progress {on, note} */
void plan_progress_submit(struct req *r)
{
	struct plan_version cur;
	json_t *goal = route_goal(r, &cur);
	if (!goal)
		return;
	json_array_append_new(list_of(goal, "progress"),
	                      json_pack("{s:s, s:s}", "on",
	                                req_form_text(r, "on"), "note",
	                                req_form_text(r, "note")));
	save_change(
	    r, &cur, cur.document,
	    arena_sprintf(&r->arena, "Progress on: %.60s",
	                  json_string_value(json_object_get(goal, "words"))));
	json_decref(cur.document);
}

/* POST /persons/{id}/plan/goals/{g}/steps {what, who, by} */
void plan_step_submit(struct req *r)
{
	struct plan_version cur;
	json_t *goal = route_goal(r, &cur);
	if (!goal)
		return;
	json_array_append_new(list_of(goal, "steps"),
	                      json_pack("{s:s, s:s, s:s, s:b}", "what",
	                                req_form_text(r, "what"), "who",
	                                req_form_text(r, "who"), "by",
	                                req_form_text(r, "by"), "done", 0));
	save_change(r, &cur, cur.document,
	            arena_sprintf(&r->arena, "A step: %.60s",
	                          req_form_text(r, "what")));
	json_decref(cur.document);
}

/* POST /persons/{id}/plan/goals/{g}/steps/{s}/done */
void plan_step_done_submit(struct req *r)
{
	struct plan_version cur;
	json_t *goal = route_goal(r, &cur);
	if (!goal)
		return;
	json_t *step =
	    json_array_get(list_of(goal, "steps"), (size_t)req_id(r, "s") - 1);
	if (!step) {
		reply_error(r, 404, "not_found", "There is no such step.",
		            NULL);
	} else {
		json_object_set_new(step, "done", json_true());
		save_change(r, &cur, cur.document,
		            arena_sprintf(&r->arena, "Done: %.60s",
		                          json_string_value(
		                              json_object_get(step, "what"))));
	}
	json_decref(cur.document);
}

/* POST /persons/{id}/plan/goals/{g}/status {status-g} */
void plan_status_submit(struct req *r)
{
	struct plan_version cur;
	json_t *goal = route_goal(r, &cur);
	if (!goal)
		return;
	const char *status =
	    req_form_text(r, arena_sprintf(&r->arena, "status-%lld",
	                                   (long long)req_id(r, "g")));
	json_object_set_new(goal, "status", json_string(status));
	save_change(
	    r, &cur, cur.document,
	    arena_sprintf(&r->arena, "Status %s: %.60s", status,
	                  json_string_value(json_object_get(goal, "words"))));
	json_decref(cur.document);
}

/* POST /persons/{id}/plan/sides {list, kind, text, strategy} */
void plan_side_submit(struct req *r)
{
	struct plan_version cur;
	enum db_status s = plan_get(r->db, &r->arena, r->person_id, 0, &cur);
	if (s != DB_ROW) {
		if (s == DB_DONE)
			reply_error(r, 409, "no_plan",
			            "Start the plan with a goal first.", NULL);
		else
			reply_db_failure(r);
		return;
	}
	const char *list = req_form_text(r, "list");
	if (strcmp(list, "strengths") && strcmp(list, "barriers")) {
		reply_error(r, 400, "invalid",
		            "Which: choose a strength or a barrier.", "list");
	} else {
		json_t *items = json_object_get(cur.document, list);
		if (!json_is_array(items)) {
			items = json_array();
			json_object_set_new(cur.document, list, items);
		}
		json_array_append_new(
		    items, json_pack("{s:s, s:s, s:s}", "kind",
		                     req_form_text(r, "kind"), "text",
		                     req_form_text(r, "text"), "strategy",
		                     req_form_text(r, "strategy")));
		save_change(r, &cur, cur.document,
		            arena_sprintf(&r->arena, "%s: %.60s",
		                          strcmp(list, "strengths")
		                              ? "A barrier"
		                              : "A strength",
		                          req_form_text(r, "text")));
	}
	json_decref(cur.document);
}
