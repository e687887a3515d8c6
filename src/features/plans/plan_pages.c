/* plan_pages.c — the recovery plan as pages: the plan with its agreement,
 * versions and the forms that change it (the goals first, each form
 * folded behind a control, so that on a phone the page reads as a plan),
 * and two versions side by side (ROUTE_PERSON: the router checks the team
 * and audits).  What the forms post to is in plan_edits.c. */
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
#include "plan_view.h"

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

/* The fault back->e names when it is field (else NULL). */
static const char *fault(const struct plan_form_back *back, const char *field)
{
	return back ? field_error_for(back->e, field) : NULL;
}

/* A field of a form under a goal: its id holds the goal's number
 * ("words-2"), so that each goal's forms have ids of their own. */
struct goal_field {
	const char *id, *name, *label, *value, *error;
};

static void goal_field_open(struct html *b, const struct goal_field *f)
{
	html_printf(
	    b,
	    "<div class=\"usa-form-group%s\"><label class=\"usa-label%s\" "
	    "for=\"%s\">%s</label>",
	    f->error ? " usa-form-group--error" : "",
	    f->error ? " usa-label--error" : "", f->id, f->label);
	if (f->error)
		html_printf(b,
		            "<span class=\"usa-error-message\" id=\"%s-error\" "
		            "role=\"alert\">%s</span>",
		            f->id, f->error);
}

static void goal_input(struct html *b, const struct goal_field *f)
{
	goal_field_open(b, f);
	html_printf(b,
	            "<input class=\"usa-input%s\" name=\"%s\" id=\"%s\" "
	            "value=\"%s\"",
	            f->error ? " usa-input--error" : "", f->name, f->id,
	            f->value ? f->value : "");
	if (f->error)
		html_printf(
		    b, " aria-describedby=\"%s-error\" aria-invalid=\"true\"",
		    f->id);
	html_raw(b, "></div>");
}

static void goal_textarea(struct html *b, const struct goal_field *f)
{
	goal_field_open(b, f);
	html_printf(b,
	            "<textarea class=\"usa-textarea%s\" rows=\"3\" name=\"%s\" "
	            "id=\"%s\"",
	            f->error ? " usa-input--error" : "", f->name, f->id);
	if (f->error)
		html_printf(
		    b, " aria-describedby=\"%s-error\" aria-invalid=\"true\"",
		    f->id);
	html_printf(b, ">%s</textarea></div>", f->value ? f->value : "");
}

/* Radio buttons named name, their ids NAME-G-CODE. */
static void goal_radios(struct req *r, size_t g, const struct goal_field *f,
                        const struct choice *choices, int count)
{
	struct html *b = page_html(r);
	html_printf(b,
	            "<fieldset class=\"usa-fieldset\" id=\"%s\"><legend "
	            "class=\"usa-legend\">%s</legend>",
	            f->id, f->label);
	if (f->error)
		html_printf(
		    b,
		    "<span class=\"usa-error-message\" role=\"alert\">%s"
		    "</span>",
		    f->error);
	for (int k = 0; k < count; k++) {
		const char *rid = arena_sprintf(&r->arena, "%s-%zu-%s", f->name,
		                                g, choices[k].code);
		html_printf(b,
		            "<div class=\"usa-radio\"><input "
		            "class=\"usa-radio__input\" type=\"radio\" "
		            "name=\"%s\" id=\"%s\" value=\"%s\"%s><label "
		            "class=\"usa-radio__label\" for=\"%s\">%s</label>"
		            "</div>",
		            f->name, rid, choices[k].code,
		            f->value && !strcmp(f->value, choices[k].code)
		                ? " checked"
		                : "",
		            rid, choices[k].label);
	}
	html_raw(b, "</fieldset>");
}

/* <form> posting to /persons/{id}/plan/goals/{g}/{action}, under a
 * heading. */
static void goal_form_begin(struct req *r, size_t g, const char *heading,
                            const char *action)
{
	struct html *b = page_html(r);
	html_printf(b,
	            "<h3 class=\"font-sans-sm margin-top-3\">%s</h3><form "
	            "class=\"usa-form\" method=\"post\" action=\"/persons/"
	            "%lld/plan/goals/%zu/%s\">",
	            heading, (long long)r->person_id, g, action);
	form_csrf(r);
}

/* Goal g's (1-based) steps marked done, status, progress, new steps and
 * wording, folded behind one control: the plan reads as a plan, and each
 * goal opens to what can be done with it.  back: the wording form came
 * back refused, to be shown open as it was sent. */
static void goal_update(struct req *r, size_t g, json_t *goal,
                        const char *today, const struct plan_form_back *back)
{
	struct html *b = page_html(r);
	long long id = (long long)r->person_id;
	bool wording = back && back->wording && back->goal == (int64_t)g;
	bool open = wording || (!back && req_query(r, "goal") &&
	                        !strcmp(req_query(r, "goal"),
	                                arena_sprintf(&r->arena, "%zu", g)));
	html_printf(b,
	            "<details class=\"waypoint-fold\" id=\"goal-%zu\"%s>"
	            "<summary>Update this goal<span class=\"usa-sr-only\">: "
	            "%s</span></summary>",
	            g, open ? " open" : "",
	            plan_summary_quote(&r->arena, text_of(goal, "words")));
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
	goal_form_begin(r, g, "Change the status", "status");
	form_radios(b,
	            &(struct form_field){
	                .name = arena_sprintf(&r->arena, "status-%zu", g),
	                .label = LABEL(goal, "status"),
	                .value = text_of(goal, "status")},
	            plan_statuses, plan_status_count);
	html_raw(b, "<button class=\"usa-button usa-button--outline\" "
	            "type=\"submit\">Record the status</button></form>");

	goal_form_begin(r, g, "Record progress", "progress");
	goal_input(
	    b, &(struct goal_field){arena_sprintf(&r->arena, "on-%zu", g), "on",
	                            LABEL(progress, "on"), today, NULL});
	goal_textarea(b, &(struct goal_field){
	                     arena_sprintf(&r->arena, "note-%zu", g), "note",
	                     LABEL(progress, "note"), NULL, NULL});
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Record "
	            "progress</button></form>");

	goal_form_begin(r, g, "Add a step", "steps");
	goal_input(
	    b, &(struct goal_field){arena_sprintf(&r->arena, "what-%zu", g),
	                            "what", LABEL(step, "what"), NULL, NULL});
	goal_radios(r, g,
	            &(struct goal_field){arena_sprintf(&r->arena, "who-%zu", g),
	                                 "who", LABEL(step, "who"),
	                                 plan_step_owners[0].code, NULL},
	            plan_step_owners, plan_step_owner_count);
	goal_input(b,
	           &(struct goal_field){arena_sprintf(&r->arena, "by-%zu", g),
	                                "by", LABEL(step, "by"), NULL, NULL});
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Add "
	            "the step</button></form>");

	/* a new version with the words corrected; the old one is kept */
	const struct plan_form_back *mine = wording ? back : NULL;
	goal_form_begin(r, g, "Correct the wording", "wording");
	goal_textarea(b,
	              &(struct goal_field){
	                  arena_sprintf(&r->arena, "words-%zu", g), "words",
	                  LABEL(wording, "words"),
	                  mine ? mine->wording->words : text_of(goal, "words"),
	                  fault(mine, "words")});
	goal_radios(
	    r, g,
	    &(struct goal_field){arena_sprintf(&r->arena, "author_kind-%zu", g),
	                         "author_kind", LABEL(wording, "author_kind"),
	                         mine ? mine->wording->author_kind : "person",
	                         fault(mine, "author_kind")},
	    plan_authors, plan_author_count);
	html_raw(b, "<p class=\"usa-hint\">The plan keeps the wording before "
	            "in its versions.</p><button class=\"usa-button\" "
	            "type=\"submit\">Save the new wording</button></form>"
	            "</details>");
}

/* Adds a strength or a barrier, with a strategy. */
static void side_form(struct req *r)
{
	struct html *b = page_html(r);
	html_printf(
	    b,
	    "<details class=\"waypoint-fold\"><summary>Add a strength or a "
	    "barrier</summary><form class=\"usa-form\" method=\"post\" "
	    "action=\"/persons/%lld/plan/sides\">",
	    (long long)r->person_id);
	form_csrf(r);
	form_radios(b,
	            &(struct form_field){.name = "list",
	                                 .label = LABEL(side_list, "list"),
	                                 .value = "strengths"},
	            plan_side_lists, plan_side_list_count);
	form_radios(b,
	            &(struct form_field){.name = "kind",
	                                 .label = LABEL(side, "kind"),
	                                 .value = "internal"},
	            plan_side_kinds, plan_side_kind_count);
	goal_input(b, &(struct goal_field){"side-text", "text",
	                                   LABEL(side, "text"), NULL, NULL});
	goal_input(b,
	           &(struct goal_field){"side-strategy", "strategy",
	                                LABEL(side, "strategy"), NULL, NULL});
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Add"
	            "</button></form></details>");
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

/* Behind a button-like control, open when it came back refused (filled
 * in as it was sent, the fault beside its field). */
static void goal_form(struct req *r, const struct plan_version *cur,
                      const struct plan_form_back *back)
{
	struct html *b = page_html(r);
	const struct plan_form_back *mine =
	    back && back->goal_form ? back : NULL;
	const struct plan_goal *g = mine ? mine->goal_form : NULL;
	const struct plan_change *c = mine ? mine->change : NULL;
	html_printf(
	    b,
	    "<details class=\"waypoint-add-goal margin-y-3\"%s><summary "
	    "class=\"usa-button\">Add a goal</summary><form class=\"usa-form "
	    "usa-form--large\" method=\"post\" data-draft "
	    "action=\"/persons/%lld/plan/goals\">",
	    mine ? " open" : "", (long long)r->person_id);
	form_csrf(r);
	form_required_note(b);
	form_textarea(b, &(struct form_field){.name = "words",
	                                      .label = LABEL(goal, "words"),
	                                      .value = g ? g->words : NULL,
	                                      .error = fault(mine, "words"),
	                                      .required = fields_required(
	                                          PLAN_FIELDS(goal), "words")});
	form_radios(b,
	            &(struct form_field){.name = "domain",
	                                 .label = LABEL(goal, "domain"),
	                                 .value = g ? g->domain : NULL,
	                                 .error = fault(mine, "domain"),
	                                 .required = fields_required(
	                                     PLAN_FIELDS(goal), "domain")},
	            plan_domains, plan_domain_count);
	form_textarea(b, &(struct form_field){.name = "why",
	                                      .label = LABEL(goal, "why"),
	                                      .value = g ? g->why : NULL,
	                                      .error = fault(mine, "why"),
	                                      .required = fields_required(
	                                          PLAN_FIELDS(goal), "why")});
	form_text(b, &(struct form_field){
	                 .name = "target_date",
	                 .label = LABEL(goal, "target_date"),
	                 .value = g ? g->target_date : NULL,
	                 .hint = "A date like 2027-03-01, if any.",
	                 .error = fault(mine, "target_date"),
	                 .required =
	                     fields_required(PLAN_FIELDS(goal), "target_date"),
	                 .autocomplete = "off"});
	form_radios(
	    b,
	    &(struct form_field){
	        .name = "leadership",
	        .label = LABEL(change, "leadership"),
	        .value = c     ? c->leadership
	                 : cur ? cur->leadership
	                       : "shared",
	        .error = fault(mine, "leadership"),
	        .required = fields_required(PLAN_FIELDS(change), "leadership")},
	    plan_leaderships, plan_leadership_count);
	form_radios(
	    b,
	    &(struct form_field){.name = "author_kind",
	                         .label = LABEL(change, "author_kind"),
	                         .value = c ? c->author_kind : "person",
	                         .error = fault(mine, "author_kind"),
	                         .required = fields_required(
	                             PLAN_FIELDS(change), "author_kind")},
	    plan_authors, plan_author_count);
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Add the goal"
	            "</button></form></details>\n");
}

/* The person signs the newest version: behind a control that says which
 * version waits for their signature. */
static void sign_form(struct req *r, const struct plan_version *cur,
                      const char *today)
{
	struct html *b = page_html(r);
	html_printf(
	    b,
	    "<details class=\"waypoint-fold\"><summary>The person signs "
	    "version %d</summary><form class=\"usa-form\" method=\"post\" "
	    "action=\"/persons/%lld/plan/versions/%d/sign\">",
	    cur->version, (long long)r->person_id, cur->version);
	form_csrf(r);
	form_text(b,
	          &(struct form_field){.name = "signer_name",
	                               .label = LABEL(signature, "signer_name"),
	                               .autocomplete = "off"});
	form_text(b,
	          &(struct form_field){.name = "signed_on",
	                               .label = LABEL(signature, "signed_on"),
	                               .value = today,
	                               .autocomplete = "off"});
	signature_fields(r, NULL, NULL, NULL);
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Record "
	            "signature</button></form></details>\n");
	signature_scripts(r);
}

/* Where the error summary's link goes, and the label it shows: the field
 * at fault in the form that came back. */
static void error_summary(struct req *r, const struct plan_form_back *back)
{
	struct field_error e = *back->e;
	const char *label;
	if (back->wording) {
		label = fields_label(PLAN_FIELDS(wording), e.field);
		e.field = arena_sprintf(&r->arena, "%s-%lld", e.field,
		                        (long long)back->goal);
		e.nmore = 0; /* the wording form has one field */
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
			goal_update(r, i + 1, g, today, back);
			html_raw(b, "</li>");
		}
		html_raw(b, "</ul>\n");
	} else {
		html_raw(b, "<p>No goals yet: start the plan with a goal in "
		            "their own words.</p>\n");
	}
	goal_form(r, have ? &cur : NULL, back);
	if (have) {
		html_raw(b, "<h2>Strengths and barriers</h2>");
		sides_html(b, "Strengths",
		           json_object_get(cur.document, "strengths"), NULL);
		sides_html(b, "Barriers",
		           json_object_get(cur.document, "barriers"), NULL);
		side_form(r);
		html_raw(b, "<h2>The plan now</h2><p>");
		version_line(b, &cur, zone);
		html_raw(b, "</p>\n");
		if (!*cur.signed_on)
			sign_form(r, &cur, today);
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
