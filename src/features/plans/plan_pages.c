/* plan_pages.c — the recovery plan as pages: the plan with its agreement,
 * versions and the forms that change it, and two versions side by side
 * (ROUTE_PERSON: the router checks the team and audits).  What the forms
 * post to is in plan_edits.c. */
#include "../../core/clock.h"
#include "../../core/text.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../people/signature_form.h"
#include "../programs/program_zone.h"
#include "plan.h"

#include <string.h>

static const char *text_of(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static void goal_html(struct html *b, json_t *g, bool changed)
{
	html_printf(b,
	            "<li class=\"padding-y-1 border-bottom-1px "
	            "border-base-lighter\"><strong>%s</strong>",
	            text_of(g, "words"));
	if (changed)
		html_raw(b, " <span class=\"usa-tag bg-accent-warm-dark\">"
		            "Differs</span>");
	html_printf(
	    b, "<br>%s · %s",
	    choice_label(plan_domains, plan_domain_count, text_of(g, "domain")),
	    choice_label(plan_statuses, plan_status_count,
	                 text_of(g, "status")));
	if (*text_of(g, "target_date")) {
		html_printf(b, " · by %s", text_of(g, "target_date"));
	}
	if (*text_of(g, "why")) {
		html_printf(b, "<br>Why it matters: %s", text_of(g, "why"));
	}
	size_t i;
	json_t *x;
	json_t *steps = json_object_get(g, "steps");
	if (json_array_size(steps)) {
		html_raw(b, "<ul>");
		json_array_foreach(steps, i, x)
		{
			html_printf(b, "<li>%s (%s", text_of(x, "what"),
			            text_of(x, "who"));
			if (*text_of(x, "by")) {
				html_printf(b, ", by %s", text_of(x, "by"));
			}
			html_raw(b, ")");
			if (json_is_true(json_object_get(x, "done")))
				html_raw(b, " — done");
			html_raw(b, "</li>");
		}
		html_raw(b, "</ul>");
	}
	json_array_foreach(json_object_get(g, "progress"), i, x)
	{
		html_printf(b, "<br>%s: %s", text_of(x, "on"),
		            text_of(x, "note"));
	}
}

/* Is there an equal object in list?  (A goal unchanged between versions.) */
static bool in_list(json_t *list, json_t *item)
{
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x) if (json_equal(x, item)) return true;
	return false;
}

static void sides_html(struct html *b, const char *title, json_t *list,
                       json_t *other)
{
	if (!json_array_size(list))
		return;
	html_printf(b, "<h3>%s</h3><ul class=\"usa-list\">", title);
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x)
	{
		html_printf(b, "<li>%s (%s)", text_of(x, "text"),
		            text_of(x, "kind"));
		if (*text_of(x, "strategy")) {
			html_printf(b, ": %s", text_of(x, "strategy"));
		}
		if (other && !in_list(other, x))
			html_raw(b,
			         " <span class=\"usa-tag bg-accent-warm-dark\">"
			         "Differs</span>");
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>");
}

/* A version's plan; with other, what differs from other is marked. */
static void plan_html(struct html *b, json_t *doc, json_t *other)
{
	json_t *goals = json_object_get(doc, "goals");
	json_t *their = other ? json_object_get(other, "goals") : NULL;
	html_raw(b, "<h3>Goals</h3><ul class=\"usa-list usa-list--unstyled\">");
	size_t i;
	json_t *g;
	json_array_foreach(goals, i, g)
	{
		goal_html(b, g, other && !in_list(their, g));
		html_raw(b, "</li>");
	}
	if (!json_array_size(goals))
		html_raw(b, "<li>No goals yet.</li>");
	html_raw(b, "</ul>");
	sides_html(b, "Strengths", json_object_get(doc, "strengths"),
	           other ? json_object_get(other, "strengths") : NULL);
	sides_html(b, "Barriers", json_object_get(doc, "barriers"),
	           other ? json_object_get(other, "barriers") : NULL);
}

/* A form field's label, as its table has it (errors use the same). */
#define LABEL(kind, name) fields_label(PLAN_FIELDS(kind), (name))

static void labelled_input(struct html *b, const char *id, const char *name,
                           const char *label, const char *value)
{
	html_printf(b,
	            "<label class=\"usa-label\" for=\"%s\">%s</label><input "
	            "class=\"usa-input\" name=\"%s\" id=\"%s\" value=\"%s\">",
	            id, label, name, id, value);
}

/* <form> posting to /persons/{id}/plan/goals/{g}/{action}. */
static void goal_form_begin(struct req *r, size_t g, const char *action)
{
	html_raw(page_html(r), "<form class=\"usa-form\" method=\"post\" "
	                       "action=\"/persons/");
	html_printf(page_html(r), "%lld/plan/goals/%zu/",
	            (long long)r->person_id, g);
	html_attr(page_html(r), action);
	html_raw(page_html(r), "\">");
	form_csrf(r);
}

/* The action forms under goal g (1-based): progress, a step, steps done. */
static void goal_actions(struct req *r, size_t g, json_t *goal,
                         const char *today)
{
	struct html *b = page_html(r);
	long long id = (long long)r->person_id;
	size_t i;
	json_t *step;
	json_array_foreach(json_object_get(goal, "steps"), i, step)
	{
		if (json_is_true(json_object_get(step, "done")))
			continue;
		html_printf(
		    b,
		    "<form class=\"margin-y-1\" method=\"post\" "
		    "action=\"/persons/%lld/plan/goals/%zu/steps/%zu/done\">",
		    id, g, i + 1);
		form_csrf(r);
		html_printf(b,
		            "<button class=\"usa-button usa-button--outline\" "
		            "type=\"submit\">Mark done: %s</button></form>",
		            text_of(step, "what"));
	}
	goal_form_begin(r, g, "status");
	form_radios(
	    b,
	    &(struct form_field){arena_sprintf(&r->arena, "status-%zu", g),
	                         LABEL(goal, "status"), text_of(goal, "status"),
	                         NULL, NULL, NULL, false},
	    plan_statuses, plan_status_count);
	html_raw(b, "<button class=\"usa-button usa-button--outline\" "
	            "type=\"submit\">Record the "
	            "status</button></form><details><summary>Record progress "
	            "or add a step</summary>");
	goal_form_begin(r, g, "progress");
	labelled_input(b, arena_sprintf(&r->arena, "on-%zu", g), "on",
	               LABEL(progress, "on"), today);
	const char *note = arena_sprintf(&r->arena, "note-%zu", g);
	html_printf(b,
	            "<label class=\"usa-label\" for=\"%s\">%s</label><textarea "
	            "class=\"usa-textarea\" name=\"note\" "
	            "id=\"%s\"></textarea><button class=\"usa-button\" "
	            "type=\"submit\">Record progress</button></form>",
	            note, LABEL(progress, "note"), note);
	goal_form_begin(r, g, "steps");
	labelled_input(b, arena_sprintf(&r->arena, "what-%zu", g), "what",
	               LABEL(step, "what"), "");
	html_printf(b,
	            "<fieldset class=\"usa-fieldset\"><legend "
	            "class=\"usa-legend\">%s</legend>",
	            LABEL(step, "who"));
	for (int k = 0; k < plan_step_owner_count; k++) {
		const char *rid = arena_sprintf(&r->arena, "who-%zu-%s", g,
		                                plan_step_owners[k].code);
		html_printf(b,
		            "<div class=\"usa-radio\"><input "
		            "class=\"usa-radio__input\" type=\"radio\" "
		            "name=\"who\" id=\"%s\" value=\"%s\"",
		            rid, plan_step_owners[k].code);
		if (k == 0)
			html_raw(b, " checked");
		html_printf(b,
		            "><label class=\"usa-radio__label\" "
		            "for=\"%s\">%s</label></div>",
		            rid, plan_step_owners[k].label);
	}
	html_raw(b, "</fieldset>");
	labelled_input(b, arena_sprintf(&r->arena, "by-%zu", g), "by",
	               LABEL(step, "by"), "");
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Add "
	            "the step</button></form></details>");
}

/* Adds a strength or a barrier, with a strategy. */
static void side_form(struct req *r)
{
	struct html *b = page_html(r);
	html_printf(b,
	            "<details><summary>Add a strength or a "
	            "barrier</summary><form class=\"usa-form\" method=\"post\" "
	            "action=\"/persons/%lld/plan/sides\">",
	            (long long)r->person_id);
	form_csrf(r);
	form_radios(b,
	            &(struct form_field){"list", LABEL(side_list, "list"),
	                                 "strengths", NULL, NULL, NULL, false},
	            plan_side_lists, plan_side_list_count);
	form_radios(b,
	            &(struct form_field){"kind", LABEL(side, "kind"),
	                                 "internal", NULL, NULL, NULL, false},
	            plan_side_kinds, plan_side_kind_count);
	labelled_input(b, "side-text", "text", LABEL(side, "text"), "");
	labelled_input(b, "side-strategy", "strategy", LABEL(side, "strategy"),
	               "");
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Add"
	            "</button></form></details>");
}

/* The newest version's goals with their action forms, then the rest. */
static void plan_goals_editable(struct req *r, json_t *doc, const char *today)
{
	struct html *b = page_html(r);
	json_t *goals = json_object_get(doc, "goals");
	html_raw(b, "<h3>Goals</h3><ul class=\"usa-list usa-list--unstyled\">");
	size_t i;
	json_t *g;
	json_array_foreach(goals, i, g)
	{
		goal_html(b, g, false);
		goal_actions(r, i + 1, g, today);
		html_raw(b, "</li>");
	}
	if (!json_array_size(goals))
		html_raw(b, "<li>No goals yet.</li>");
	html_raw(b, "</ul>");
	sides_html(b, "Strengths", json_object_get(doc, "strengths"), NULL);
	sides_html(b, "Barriers", json_object_get(doc, "barriers"), NULL);
	side_form(r);
}

static void version_line(struct html *b, const struct plan_version *v,
                         const char *zone)
{
	html_printf(b, "Version %d — %s; written by %s", v->version,
	            choice_label(plan_leaderships, plan_leadership_count,
	                         v->leadership),
	            v->author_name);
	if (!strcmp(v->author_kind, "person"))
		html_raw(b, " with the person");
	html_raw(b, " on ");
	html_stamp(b, v->created_at, zone);
	html_printf(b, ": %s", v->summary);
	if (!strcmp(v->cosign_state, "pending"))
		html_raw(b,
		         " <span class=\"usa-tag\">Waiting for a supervisor's "
		         "co-signature</span>");
	else if (!strcmp(v->cosign_state, "returned")) {
		html_printf(b, " <span class=\"usa-tag\">Returned</span> %s",
		            v->cosign_comment);
	}
	if (*v->signed_on) {
		html_printf(
		    b, " <span class=\"usa-tag bg-green\">Signed by %s</span>",
		    v->signer_name);
	}
}

static void goal_form(struct req *r, const struct plan_version *cur)
{
	struct html *b = page_html(r);
	html_printf(
	    b,
	    "<h2>Add a goal</h2><form class=\"usa-form usa-form--large\" "
	    "method=\"post\" data-draft action=\"/persons/%lld/plan/goals\">",
	    (long long)r->person_id);
	form_csrf(r);
	form_textarea(b, &(struct form_field){"words", LABEL(goal, "words"),
	                                      NULL, NULL, NULL, NULL, false});
	form_radios(b,
	            &(struct form_field){"domain", LABEL(goal, "domain"), NULL,
	                                 NULL, NULL, NULL, false},
	            plan_domains, plan_domain_count);
	form_textarea(b, &(struct form_field){"why", LABEL(goal, "why"), NULL,
	                                      NULL, NULL, NULL, false});
	form_text(b, &(struct form_field){"target_date",
	                                  LABEL(goal, "target_date"), NULL,
	                                  "A date like 2027-03-01, if any.",
	                                  NULL, "off", false});
	form_radios(b,
	            &(struct form_field){"leadership",
	                                 LABEL(change, "leadership"),
	                                 cur ? cur->leadership : "shared", NULL,
	                                 NULL, NULL, false},
	            plan_leaderships, plan_leadership_count);
	form_radios(b,
	            &(struct form_field){"author_kind",
	                                 LABEL(change, "author_kind"), "person",
	                                 NULL, NULL, NULL, false},
	            plan_authors, plan_author_count);
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Add the goal"
	            "</button></form>\n");
}

static void sign_form(struct req *r, const struct plan_version *cur,
                      const char *today)
{
	struct html *b = page_html(r);
	html_printf(
	    b,
	    "<h2>The person agrees to version %d</h2><form class=\"usa-form\" "
	    "method=\"post\" action=\"/persons/%lld/plan/versions/%d/sign\">",
	    cur->version, (long long)r->person_id, cur->version);
	form_csrf(r);
	form_text(b, &(struct form_field){"signer_name",
	                                  LABEL(signature, "signer_name"), NULL,
	                                  NULL, NULL, "off", false});
	form_text(b, &(struct form_field){"signed_on",
	                                  LABEL(signature, "signed_on"), today,
	                                  NULL, NULL, "off", false});
	signature_fields(r, NULL, NULL, NULL);
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Record "
	            "signature</button></form>\n");
	signature_scripts(r);
}

/* GET /persons/{id}/plan */
void plan_page(struct req *r)
{
	struct plan_version cur, *history;
	int agreed = 0, count = 0;
	enum db_status s = plan_get(r->db, &r->arena, r->person_id, 0, &cur);
	if ((s != DB_ROW && s != DB_DONE) ||
	    plan_agreed(r->db, r->person_id, &agreed) != DB_OK ||
	    plan_history(r->db, &r->arena, r->person_id, &history, &count) !=
	        DB_DONE) {
		reply_db_failure(r);
		return;
	}
	bool have = s == DB_ROW;
	const char *zone = zone_of_request(r);
	const char *today = zone_today(&r->arena, zone);
	struct html *b = page_html(r);
	page_begin(r, "Recovery plan", "persons");
	html_printf(b,
	            "<h1>Recovery plan</h1><p><a class=\"usa-link\" "
	            "href=\"/persons/%lld\">Back to the person</a></p>\n<p>",
	            (long long)r->person_id);
	if (agreed)
		html_printf(b, "Version %d is the agreed plan.", agreed);
	else
		html_raw(b, "No version is agreed yet.");
	html_raw(b, "</p>\n");
	if (have) {
		html_raw(b, "<h2>The plan now</h2><p>");
		version_line(b, &cur, zone);
		html_raw(b, "</p>");
		plan_goals_editable(r, cur.document, today);
		if (!*cur.signed_on)
			sign_form(r, &cur, today);
	} else {
		html_raw(b, "<p>No plan yet: start with a goal in their own "
		            "words.</p>");
	}
	goal_form(r, have ? &cur : NULL);
	if (count) {
		html_raw(b, "<h2>Versions</h2><ul class=\"usa-list\">");
		for (int i = 0; i < count; i++) {
			html_raw(b, "<li>");
			version_line(b, &history[i], zone);
			if (history[i].version > 1) {
				html_printf(b,
				            " <a class=\"usa-link\" "
				            "href=\"/persons/%lld/plan/"
				            "compare?a=%d&amp;b=%d\">Compare "
				            "with version %d</a>",
				            (long long)r->person_id,
				            history[i].version - 1,
				            history[i].version,
				            history[i].version - 1);
			}
			html_raw(b, "</li>");
		}
		html_raw(b, "</ul>\n");
	}
	json_decref(have ? cur.document : NULL);
	page_end(r);
	reply_html(r, 200);
}

static int form_version_int(struct req *r, const char *name)
{
	int64_t v;
	return text_to_id(req_query(r, name), &v) && v < 1000000 ? (int)v : 0;
}

/* GET /persons/{id}/plan/compare?a=&b= — two versions side by side */
void plan_compare_page(struct req *r)
{
	int na = form_version_int(r, "a"), nb = form_version_int(r, "b");
	struct plan_version va, vb;
	enum db_status sa =
	    na ? plan_get(r->db, &r->arena, r->person_id, na, &va) : DB_DONE;
	enum db_status sb =
	    nb ? plan_get(r->db, &r->arena, r->person_id, nb, &vb) : DB_DONE;
	if ((sa != DB_ROW && sa != DB_DONE) ||
	    (sb != DB_ROW && sb != DB_DONE)) {
		reply_db_failure(r);
	} else if (sa != DB_ROW || sb != DB_ROW) {
		reply_error(r, 404, "not_found",
		            "Choose two versions of this plan (a and b).",
		            NULL);
	} else {
		struct html *b = page_html(r);
		const char *zone = zone_of_request(r);
		page_begin(r, "Compare plan versions", "persons");
		html_printf(
		    b,
		    "<h1>Versions %d and %d side by side</h1><p><a "
		    "class=\"usa-link\" href=\"/persons/%lld/plan\">Back to "
		    "the plan</a></p><div class=\"grid-row grid-gap\"><section "
		    "class=\"tablet:grid-col-6\"><h2>",
		    na, nb, (long long)r->person_id);
		version_line(b, &va, zone);
		html_raw(b, "</h2>");
		plan_html(b, va.document, vb.document);
		html_raw(b,
		         "</section><section class=\"tablet:grid-col-6\"><h2>");
		version_line(b, &vb, zone);
		html_raw(b, "</h2>");
		plan_html(b, vb.document, va.document);
		html_raw(b, "</section></div>\n");
		page_end(r);
		reply_html(r, 200);
	}
	if (sa == DB_ROW)
		json_decref(va.document);
	if (sb == DB_ROW)
		json_decref(vb.document);
}
