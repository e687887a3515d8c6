/* plan_forms.c — the forms on the plan page, each folded behind its own
 * control (<details>) so that on a phone the page reads as a plan: what
 * can be done with a goal, a new goal, a strength or a barrier, and the
 * person's signature.  A form that came back refused is open, filled in as
 * it was sent, its fault beside the field.  What they post to is in
 * plan_edits.c; the page around them is plan_pages.c. */
#include "../../core/text.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../people/signature_form.h"
#include "plan_forms.h"

#include <string.h>

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
void plan_goal_update(struct req *r, size_t g, json_t *goal, const char *today,
                      const struct plan_form_back *back)
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
	            plan_summary_quote(&r->arena, plan_text_of(goal, "words")));
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
		            plan_text_of(step, "what"));
	}
	goal_form_begin(r, g, "Change the status", "status");
	form_radios(b,
	            &(struct form_field){
	                .name = arena_sprintf(&r->arena, "status-%zu", g),
	                .label = LABEL(goal, "status"),
	                .value = plan_text_of(goal, "status")},
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
	goal_textarea(
	    b, &(struct goal_field){arena_sprintf(&r->arena, "words-%zu", g),
	                            "words", LABEL(wording, "words"),
	                            mine ? mine->wording->words
	                                 : plan_text_of(goal, "words"),
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
void plan_side_form(struct req *r)
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

/* Behind a button-like control, open when it came back refused (filled
 * in as it was sent, the fault beside its field). */
void plan_goal_form(struct req *r, const struct plan_version *cur,
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
void plan_sign_form(struct req *r, const struct plan_version *cur,
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
