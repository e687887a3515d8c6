/* plan_pages.c — the recovery plan as pages: the plan with its agreement,
 * versions and the forms that change it (the goals first, each form
 * folded behind a control, so that on a phone the page reads as a plan),
 * and two versions side by side (ROUTE_PERSON: the router checks the team
 * and audits).  The forms are plan_forms.c; what they post to is in
 * plan_edits.c. */
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
#include "plan_forms.h"
#include "plan_view.h"

#include <string.h>

static void goal_html(struct html *b, json_t *g, bool changed)
{
	html_printf(b,
	            "<li class=\"padding-y-1 border-bottom-1px "
	            "border-base-lighter\"><strong>%s</strong>",
	            plan_text_of(g, "words"));
	if (changed)
		html_raw(b, " <span class=\"usa-tag bg-accent-warm-dark\">"
		            "Differs</span>");
	html_printf(b, "<br>%s · %s",
	            choice_label(plan_domains, plan_domain_count,
	                         plan_text_of(g, "domain")),
	            choice_label(plan_statuses, plan_status_count,
	                         plan_text_of(g, "status")));
	if (*plan_text_of(g, "target_date")) {
		html_printf(b, " · by %s", plan_text_of(g, "target_date"));
	}
	if (*plan_text_of(g, "why")) {
		html_printf(b, "<br>Why it matters: %s",
		            plan_text_of(g, "why"));
	}
	size_t i;
	json_t *x;
	json_t *steps = json_object_get(g, "steps");
	if (json_array_size(steps)) {
		html_raw(b, "<ul>");
		json_array_foreach(steps, i, x)
		{
			html_printf(b, "<li>%s (%s", plan_text_of(x, "what"),
			            plan_text_of(x, "who"));
			if (*plan_text_of(x, "by")) {
				html_printf(b, ", by %s",
				            plan_text_of(x, "by"));
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
		html_printf(b, "<br>%s: %s", plan_text_of(x, "on"),
		            plan_text_of(x, "note"));
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
		html_printf(b, "<li>%s (%s)", plan_text_of(x, "text"),
		            plan_text_of(x, "kind"));
		if (*plan_text_of(x, "strategy")) {
			html_printf(b, ": %s", plan_text_of(x, "strategy"));
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

/* Where the error summary's link goes, and the label it shows: the field
 * at fault in the form that came back. */
static void error_summary(struct req *r, const struct plan_form_back *back)
{
	struct field_error e = *back->e;
	const char *label;
	if (back->wording) {
		label = fields_label(PLAN_FIELDS(wording), e.field);
		/* the wording form's ids carry the goal's number */
		e.field = arena_sprintf(&r->arena, "%s-%lld", e.field,
		                        (long long)back->goal);
		for (int i = 0; i < e.nmore; i++)
			e.more[i].field =
			    arena_sprintf(&r->arena, "%s-%lld", e.more[i].field,
			                  (long long)back->goal);
	} else if (!strcmp(e.field, "goals")) {
		label = "Goals";
	} else {
		label = fields_label(PLAN_FIELDS(goal), e.field);
		if (!strcmp(label, e.field))
			label = fields_label(PLAN_FIELDS(change), e.field);
	}
	form_error_summary(page_html(r), &e, label);
}

/* The plan page: the goals first, each with its status and one control
 * that opens what can be done with it; then strengths and barriers, the
 * forms that add to the plan, its agreement and its versions, each
 * folded.  back: a form that came back refused, shown open. */
static void plan_view(struct req *r, int status,
                      const struct plan_form_back *back)
{
	struct plan_version cur, *history;
	int agreed = 0, count = 0;
	enum db_status s = plan_get(r->db, &r->arena, r->person_id, 0, &cur);
	if ((s != DB_ROW && s != DB_DONE) ||
	    plan_agreed(r->db, r->person_id, &agreed) != DB_OK ||
	    plan_history(r->db, &r->arena, r->person_id, &history, &count) !=
	        DB_DONE) {
		json_decref(s == DB_ROW ? cur.document : NULL);
		reply_db_failure(r);
		return;
	}
	bool have = s == DB_ROW;
	const char *zone = zone_of_request(r);
	const char *today = zone_today(&r->arena, zone);
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Recovery plan", "persons");
	html_printf(b,
	            "<h1>Recovery plan</h1><p><a class=\"usa-link\" "
	            "href=\"/persons/%lld\">Back to the person</a></p>\n",
	            (long long)r->person_id);
	if (back)
		error_summary(r, back);
	html_raw(b, "<p>");
	if (agreed)
		html_printf(b, "Version %d is the agreed plan.", agreed);
	else
		html_raw(b, "No version is agreed yet.");
	if (have && cur.version != agreed)
		html_printf(b, " The newest is version %d.", cur.version);
	html_raw(b, "</p>\n<h2 id=\"goals\">Goals</h2>");
	json_t *goals = have ? json_object_get(cur.document, "goals") : NULL;
	if (json_array_size(goals)) {
		html_raw(b, "<ul class=\"usa-list usa-list--unstyled\">");
		size_t i;
		json_t *g;
		json_array_foreach(goals, i, g)
		{
			goal_html(b, g, false);
			plan_goal_update(r, i + 1, g, today, back);
			html_raw(b, "</li>");
		}
		html_raw(b, "</ul>\n");
	} else {
		html_raw(b, "<p>No goals yet: start the plan with a goal in "
		            "their own words.</p>\n");
	}
	plan_goal_form(r, have ? &cur : NULL, back);
	if (have) {
		html_raw(b, "<h2>Strengths and barriers</h2>");
		sides_html(b, "Strengths",
		           json_object_get(cur.document, "strengths"), NULL);
		sides_html(b, "Barriers",
		           json_object_get(cur.document, "barriers"), NULL);
		plan_side_form(r);
		html_raw(b, "<h2>The plan now</h2><p>");
		version_line(b, &cur, zone);
		html_raw(b, "</p>\n");
		if (!*cur.signed_on)
			plan_sign_form(r, &cur, today);
	}
	if (count) {
		html_printf(b,
		            "<h2>Versions</h2><details "
		            "class=\"waypoint-fold\"><summary>Every "
		            "version "
		            "(%d), with what changed</summary><ul "
		            "class=\"usa-list\">",
		            count);
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
		html_raw(b, "</ul></details>\n");
	}
	json_decref(have ? cur.document : NULL);
	page_end(r);
	reply_html(r, status);
}

/* GET /persons/{id}/plan[?goal=G: goal G's update forms open] */
void plan_page(struct req *r)
{
	plan_view(r, 200, NULL);
}

void plan_page_again(struct req *r, const struct plan_form_back *back)
{
	plan_view(r, 400, back);
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
