/* plan_edits.c — what the recovery plan's page forms post: each change
 * to the newest version is checked and saved as the next version (a
 * trainee's waits for co-signature); the person's signature of a version.
 * ROUTE_PERSON: the router checks the team and commits each change with
 * its audit entry. */
#include "../../core/text.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "plan.h"
#include "plan_view.h"

#include <string.h>

static void back_to_plan(struct req *r)
{
	reply_redirect(r, arena_sprintf(&r->arena, "/persons/%lld/plan",
	                                (long long)r->person_id));
}

/* Where a form's field is on the plan page: its id, which is the
 * field's name after prefix ("side-"), and after it the goal's number
 * for the forms under each goal ("note-2"). */
struct form_at {
	const char *prefix;
	int64_t goal; /* 0: not under a goal */
};

/* A refused form answers 400 with the sentence as a link to the field on
 * the plan page, one step from putting it right. */
static enum answer refused(struct req *r, const struct field_error *e,
                           struct form_at at)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Please check the plan", "persons");
	html_printf(b,
	            "<h1>Please check the plan</h1>\n<div class=\"usa-alert "
	            "usa-alert--error\" role=\"alert\"><div "
	            "class=\"usa-alert__body\"><p class=\"usa-alert__text\"><a "
	            "class=\"usa-link\" href=\"/persons/%lld/plan",
	            (long long)r->person_id);
	if (at.goal) /* the goal's forms are folded: open them */
		html_printf(b, "?goal=%lld#%s%s-%lld", (long long)at.goal,
		            at.prefix, e->field, (long long)at.goal);
	else
		html_printf(b, "#%s%s", at.prefix, e->field);
	html_printf(b, "\">%s</a></p></div></div>\n", e->message);
	page_end(r);
	reply_html(r, 400);
	return ANSWERED;
}

/* Checks what a form posted against its table. */
static enum answer check_form(struct req *r, const struct field *f, int n,
                              const void *obj, struct form_at at)
{
	struct field_error e;
	return fields_validate(&r->arena, f, n, obj, &e) ? refused(r, &e, at)
	                                                 : GO_ON;
}

/* A new item of the document, as its table writes it. */
static json_t *item_json(const struct field *f, int n, const void *obj)
{
	struct buf b = {0};
	json_object_begin(&b);
	fields_json(&b, f, n, obj);
	json_object_end(&b);
	json_t *item = json_loadb(b.data, b.len, 0, NULL);
	buf_free(&b);
	return item ? item : json_object();
}

static json_t *list_of(json_t *o, const char *key)
{
	json_t *list = json_object_get(o, key);
	if (!json_is_array(list)) {
		list = json_array();
		json_object_set_new(o, key, list);
	}
	return list;
}

/* Saves doc as the next version: checked whole first (the API may have
 * written what a form never would), the fault named as on the form. */
static void save(struct req *r, json_t *doc, const struct plan_change *c,
                 struct form_at at)
{
	struct field_error e;
	int version;
	if (plan_validate(doc, &r->arena, &e)) {
		const char *dot = strrchr(e.field, '.');
		if (dot)
			e.field = dot + 1;
		refused(r, &e, at);
	} else if (plan_save(r->db, r->person_id, doc, c->leadership,
	                     c->author_kind, r->session.user_id,
	                     r->session.role == ROLE_PEER_TRAINEE, c->summary,
	                     &version) != DB_OK) {
		reply_db_failure(r);
	} else {
		back_to_plan(r);
	}
}

/* POST /persons/{id}/plan/goals — a new version with one more goal; a
 * refused goal comes back as the plan page, the form open and filled in
 * as it was sent. */
void plan_goal_submit(struct req *r)
{
	struct plan_goal g = {0};
	struct plan_change c = {0};
	fields_from_form(r, PLAN_FIELDS(goal), &g);
	fields_from_form(r, PLAN_FIELDS(change), &c);
	g.status = "active";
	c.summary = arena_sprintf(&r->arena, "Added a goal: %s",
	                          plan_summary_quote(&r->arena, g.words));
	struct field_error e;
	struct plan_form_back back = {.goal_form = &g, .change = &c, .e = &e};
	/* both tables, so that the form lists every fault at once */
	int refused = fields_validate(&r->arena, PLAN_FIELDS(goal), &g, &e);
	refused |=
	    fields_validate_also(&r->arena, PLAN_FIELDS(change), &c, NULL, &e);
	if (refused) {
		plan_page_again(r, &back);
		return;
	}
	struct plan_version cur;
	enum db_status s = plan_get(r->db, &r->arena, r->person_id, 0, &cur);
	if (s != DB_ROW && s != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	json_t *doc =
	    s == DB_ROW && cur.document ? cur.document : json_object();
	json_t *goal = item_json(PLAN_FIELDS(goal), &g);
	json_object_set_new(goal, "steps", json_array());
	json_object_set_new(goal, "progress", json_array());
	json_array_append_new(list_of(doc, "goals"), goal);
	if (plan_validate(doc, &r->arena, &e)) { /* a 51st goal */
		const char *dot = strrchr(e.field, '.');
		if (dot)
			e.field = dot + 1;
		json_decref(doc);
		plan_page_again(r, &back);
		return;
	}
	save(r, doc, &c, (struct form_at){"", 0});
	json_decref(doc);
}

/* POST /persons/{id}/plan/versions/{n}/sign — drawn, or the typed name */
void plan_sign_submit(struct req *r)
{
	int64_t n;
	struct plan_signature sig;
	fields_from_form(r, PLAN_FIELDS(signature), &sig);
	struct field_error e;
	if ((n = req_id(r, "n")) > 1000000) {
		reply_error(r, 404, "not_found", "There is no such version.",
		            NULL);
		return;
	}
	if (plan_sign_validate(&r->arena, &sig, &e)) {
		refused(r, &e, (struct form_at){"", 0});
		return;
	}
	enum db_status s =
	    plan_sign(r->db, r->person_id, (int)n, sig.signer_name,
	              sig.signed_on, sig.signature_method, sig.signature_path);
	if (s == DB_OK)
		back_to_plan(r);
	else if (s == DB_DONE)
		reply_error(
		    r, 409, "not_signable",
		    "That version is signed already, or does not exist.", NULL);
	else
		reply_db_failure(r);
}

/* A change made on the page to the newest version: saved as the next
 * version with summary, by the form's author (staff unless the person),
 * under the leadership it had. */
static void save_change(struct req *r, const struct plan_version *cur,
                        json_t *doc, const char *summary, struct form_at at)
{
	const char *author = req_form_text(r, "author_kind");
	save(r, doc,
	     &(struct plan_change){
	         cur->leadership, strcmp(author, "person") ? "staff" : "person",
	         summary},
	     at);
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

/* POST /persons/{id}/plan/goals/{g}/progress {on, note} */
void plan_progress_submit(struct req *r)
{
	struct plan_progress p = {0};
	fields_from_form(r, PLAN_FIELDS(progress), &p);
	struct plan_version cur;
	json_t *goal = route_goal(r, &cur);
	if (!goal)
		return;
	struct form_at at = {"", req_id(r, "g")};
	if (check_form(r, PLAN_FIELDS(progress), &p, at) == GO_ON) {
		json_array_append_new(list_of(goal, "progress"),
		                      item_json(PLAN_FIELDS(progress), &p));
		save_change(r, &cur, cur.document,
		            arena_sprintf(&r->arena, "Progress on: %s",
		                          plan_summary_quote(
		                              &r->arena,
		                              json_string_value(json_object_get(
		                                  goal, "words")))),
		            at);
	}
	json_decref(cur.document);
}

/* POST /persons/{id}/plan/goals/{g}/steps {what, who, by} */
void plan_step_submit(struct req *r)
{
	struct plan_step st = {0};
	fields_from_form(r, PLAN_FIELDS(step), &st);
	st.done = false; /* a new step is to do */
	struct plan_version cur;
	json_t *goal = route_goal(r, &cur);
	if (!goal)
		return;
	struct form_at at = {"", req_id(r, "g")};
	if (check_form(r, PLAN_FIELDS(step), &st, at) == GO_ON) {
		json_array_append_new(list_of(goal, "steps"),
		                      item_json(PLAN_FIELDS(step), &st));
		save_change(
		    r, &cur, cur.document,
		    arena_sprintf(&r->arena, "A step: %s",
		                  plan_summary_quote(&r->arena, st.what)),
		    at);
	}
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
		            arena_sprintf(&r->arena, "Done: %s",
		                          plan_summary_quote(
		                              &r->arena,
		                              json_string_value(json_object_get(
		                                  step, "what")))),
		            (struct form_at){"", req_id(r, "g")});
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
	save_change(r, &cur, cur.document,
	            arena_sprintf(
	                &r->arena, "Status %s: %s", status,
	                plan_summary_quote(
	                    &r->arena,
	                    json_string_value(json_object_get(goal, "words")))),
	            (struct form_at){"", req_id(r, "g")});
	json_decref(cur.document);
}

/* POST /persons/{id}/plan/sides {list, kind, text, strategy} */
void plan_side_submit(struct req *r)
{
	struct plan_side_list which;
	struct plan_side side;
	fields_from_form(r, PLAN_FIELDS(side_list), &which);
	fields_from_form(r, PLAN_FIELDS(side), &side);
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
	struct form_at at = {"side-", 0};
	if (check_form(r, PLAN_FIELDS(side_list), &which, at) == GO_ON &&
	    check_form(r, PLAN_FIELDS(side), &side, at) == GO_ON) {
		json_array_append_new(list_of(cur.document, which.list),
		                      item_json(PLAN_FIELDS(side), &side));
		save_change(r, &cur, cur.document,
		            arena_sprintf(
		                &r->arena, "%s: %s",
		                choice_label(plan_side_lists,
		                             plan_side_list_count, which.list),
		                plan_summary_quote(&r->arena, side.text)),
		            at);
	}
	json_decref(cur.document);
}

/* POST /persons/{id}/plan/goals/{g}/wording {words, author_kind} — the
 * goal's wording corrected, as a new version (the one before is kept);
 * refused, the page comes back with the goal's form open as it was sent. */
void plan_wording_submit(struct req *r)
{
	struct plan_wording w;
	fields_from_form(r, PLAN_FIELDS(wording), &w);
	struct field_error e;
	int version;
	int64_t g = req_id(r, "g");
	switch (plan_reword(
	    r->db, &r->arena, r->person_id, g, &w, r->session.user_id,
	    r->session.role == ROLE_PEER_TRAINEE, &version, &e)) {
	case PLAN_REWORDED:
		back_to_plan(r);
		break;
	case PLAN_REWORD_INVALID:
		plan_page_again(r, &(struct plan_form_back){
		                       .goal = g, .wording = &w, .e = &e});
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
