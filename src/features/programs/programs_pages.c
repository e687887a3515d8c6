/* programs_pages.c — the program pages: list, add form, create, details. */
#include "../../auth/permissions.h"
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "program.h"

#include <string.h>

/* GET /programs — every program, a page of 50 at a time. */
void programs_page(struct req *r)
{
	struct program *list;
	int count, limit;
	if (program_list_page(r, &list, &count, &limit))
		return;
	bool first_page = !req_query(r, "cursor");
	struct html *b = page_html(r);
	page_begin(r, "Programs", "programs");
	html_raw(b, "<h1>Programs</h1>\n<p><a class=\"usa-button\" "
	            "href=\"/programs/new\">Add a program</a></p>\n");
	if (count == 0 && first_page) {
		html_raw(b, "<p>No programs yet. Add the first one.</p>\n");
	} else {
		html_raw(
		    b, "<div class=\"waypoint-table-wrap\">"
		       "<table class=\"usa-table usa-table--stacked\">\n"
		       "<caption>Programs</caption>\n<thead><tr>"
		       "<th scope=\"col\">Name</th><th scope=\"col\">Kind</th>"
		       "<th scope=\"col\">Time zone</th>"
		       "<th scope=\"col\">Crisis "
		       "lines</th></tr></thead>\n<tbody>\n");
		for (int i = 0; i < count && i < limit; i++) {
			const struct program *p = &list[i];
			html_printf(
			    b,
			    "<tr><th scope=\"row\" data-label=\"Name\"><a "
			    "class=\"usa-link\" "
			    "href=\"/programs/%lld\">%s</a></th><td "
			    "data-label=\"Kind\">%s</td><td data-label=\"Time "
			    "zone\">%s</td><td data-label=\"Crisis lines\">",
			    (long long)p->id, p->name,
			    choice_label(program_kinds, program_kind_count,
			                 p->kind),
			    p->time_zone);
			for (int j = 0; j < p->crisis_line_count; j++) {
				if (j)
					html_raw(b, "<br>");
				html_text(b, p->crisis_lines[j].number);
			}
			html_raw(b, "</td></tr>\n");
		}
		html_raw(b, "</tbody></table></div>\n");
	}
	if (count > limit) {
		html_printf(
		    b,
		    "<p><a class=\"usa-link\" "
		    "href=\"/programs?cursor=%lld\">Next page</a></p>\n",
		    (long long)list[limit - 1].id);
	}
	page_end(r);
	reply_html(r, 200);
}

/* The label the error summary gives field: a service code's own, else
 * the program's or the edit's. */
static const char *error_label(const struct program_form_view *v)
{
	for (int i = 0; i < v->code_count; i++)
		if (!strcmp(v->codes[i].name, v->e->field))
			return v->codes[i].label;
	return program_field_label(v->e->field);
}

void program_form(struct req *r, const struct program_form_view *v)
{
	struct html *b = page_html(r);
	const struct program *p = v->p;
	const struct field_error *e = v->e;
	bool edit = p->id != 0;
	html_reset(b);
	page_begin(
	    r,
	    edit
	        ? (e ? "Edit the program (check the form)" : "Edit the program")
	        : (e ? "Add a program (check the form)" : "Add a program"),
	    "programs");
	if (edit)
		html_raw(b, "<h1>Edit the program</h1>\n");
	else
		html_raw(b, "<h1>Add a program</h1>\n");
	if (e)
		form_error_summary(b, e, error_label(v));
	if (edit)
		html_printf(b,
		            "<form class=\"usa-form usa-form--large\" "
		            "method=\"post\" action=\"/programs/%lld\">\n",
		            (long long)p->id);
	else
		html_raw(b, "<form class=\"usa-form usa-form--large\" "
		            "method=\"post\" action=\"/programs\">\n");
	form_csrf(r);
	form_required_note(b);
#define ERR(f) field_error_for(e, f)
	form_text(b, &(struct form_field){
	                 "name", "Name", p->name, NULL, ERR("name"), "off",
	                 fields_required(program_fields, program_field_count,
	                                 "name")});
	form_radios(
	    b,
	    &(struct form_field){
	        "kind", "Kind of program", p->kind, NULL, ERR("kind"), NULL,
	        fields_required(program_fields, program_field_count, "kind")},
	    program_kinds, program_kind_count);
	form_text(b, &(struct form_field){
	                 "time_zone", "Time zone", p->time_zone,
	                 "A time zone name, such as America/Chicago.",
	                 ERR("time_zone"), "off",
	                 fields_required(program_fields, program_field_count,
	                                 "time_zone")});
	form_radios(b,
	            &(struct form_field){
	                "unit_rounding",
	                "How minutes become 15-minute billing units",
	                p->unit_rounding, NULL, ERR("unit_rounding"), NULL,
	                fields_required(program_fields, program_field_count,
	                                "unit_rounding")},
	            unit_rounding_rules, unit_rounding_rule_count);
	if (edit)
		form_input(
		    b,
		    &(struct form_field){
		        "unit_rounding_from", "New billing units from",
		        v->rounding_from,
		        "Read only when the billing units change. Notes "
		        "signed before this date keep their units; the "
		        "date shown is the first that changes no signed "
		        "note.",
		        ERR("unit_rounding_from"), "off",
		        fields_required(program_fields, program_field_count,
		                        "unit_rounding_from")},
		    "date");
	form_textarea(b,
	              &(struct form_field){
	                  "crisis_lines", "Crisis lines", v->crisis_text,
	                  "One per line: the name, a colon, then the number. "
	                  "Left empty, 988 Suicide & Crisis Lifeline is used.",
	                  ERR("crisis_lines"), NULL,
	                  fields_required(program_fields, program_field_count,
	                                  "crisis_lines")});
	if (v->code_count) {
		html_raw(b,
		         "<fieldset class=\"usa-fieldset margin-top-3\">"
		         "<legend class=\"usa-legend\">Service codes</legend>"
		         "<p class=\"usa-hint\">The code this program bills "
		         "for each kind of contact. Left empty, the "
		         "installation's code (on the Billing page) is "
		         "used.</p>");
		for (int i = 0; i < v->code_count; i++)
			form_text(b, &(struct form_field){
			                 v->codes[i].name, v->codes[i].label,
			                 v->codes[i].value, NULL,
			                 ERR(v->codes[i].name), "off", false});
		html_raw(b, "</fieldset>\n");
	}
	form_text(b, &(struct form_field){
	                 "wellness_plan_label", "Name of the wellness plan",
	                 p->wellness_plan_label,
	                 arena_sprintf(&r->arena,
	                               "What the wellness plan is called for "
	                               "this program's persons, such as WRAP. "
	                               "Left empty: %s.",
	                               r->cfg->wellness_plan_label),
	                 ERR("wellness_plan_label"), "off",
	                 fields_required(program_fields, program_field_count,
	                                 "wellness_plan_label")});
	form_input(
	    b,
	    &(struct form_field){
	        "referral_overdue_days", "Referral overdue after",
	        p->referral_overdue_days > 0
	            ? arena_sprintf(&r->arena, "%d", p->referral_overdue_days)
	        : p->referral_overdue_days < 0
	            ? req_form_text(r, "referral_overdue_days")
	            : "14",
	        "Days without activity after which an open referral "
	        "shows as overdue (1 to 365).",
	        ERR("referral_overdue_days"), "off", false},
	    "number");
#undef ERR
	html_raw(b, "<div class=\"margin-top-3\">");
	form_checkbox(b, "require_two_step",
	              "Everyone on this program's teams signs in with a code "
	              "from their phone",
	              p->require_two_step);
	form_checkbox(b, "part2",
	              "42 CFR Part 2 applies: an export that leaves the "
	              "program includes a person only under their release",
	              p->part2);
	html_raw(b, "</div>");
	if (edit)
		html_printf(b,
		            "<button class=\"usa-button\" type=\"submit\">Save "
		            "changes</button> <a class=\"usa-button "
		            "usa-button--outline\" href=\"/programs/%lld\">"
		            "Cancel</a>\n</form>\n",
		            (long long)p->id);
	else
		html_raw(b, "<button class=\"usa-button\" type=\"submit\">Save "
		            "program</button>\n</form>\n");
	page_end(r);
}

/* GET /programs/new */
void program_new_page(struct req *r)
{
	struct program p = {.kind = "community",
	                    .time_zone = "America/New_York",
	                    .unit_rounding = "eight_minute"};
	program_form(
	    r, &(struct program_form_view){
	           .p = &p,
	           .crisis_text = "988 Suicide & Crisis Lifeline: 988\n"});
	reply_html(r, 200);
}

/* POST /programs → 303 to the new program; 400 with the form again and the
 * field at fault named; 409 when the name is taken. */
void program_create_page(struct req *r)
{
	struct program p = {0};
	fields_from_form(r, program_fields, program_field_count, &p);
	p.referral_overdue_days = program_overdue_days_text(
	    req_form_text(r, "referral_overdue_days"));
	const char *crisis_text = req_form(r, "crisis_lines");
	struct field_error e;
	int status = 400;
	if (program_parse_crisis_lines(&r->arena, crisis_text, &p, &e) ||
	    program_validate(&r->arena, &p, &e))
		goto invalid;
	int64_t id;
	struct actor who = req_actor(r);
	enum db_status s = program_create(r->db, &who, &p, &id);
	if (s == DB_OK) {
		reply_redirect(r, arena_sprintf(&r->arena, "/programs/%lld",
		                                (long long)id));
		return;
	}
	if (s != DB_CONSTRAINT) {
		reply_db_failure(r);
		return;
	}
	e = (struct field_error){
	    .field = "name",
	    .message = "A program with this name already exists."};
	status = 409;
invalid:
	program_form(r, &(struct program_form_view){
	                    .p = &p, .crisis_text = crisis_text, .e = &e});
	reply_html(r, status);
}

/* GET /programs/{id} */
void program_page(struct req *r)
{
	int64_t id = req_id(r, "id");
	struct program p;
	struct rounding_change *history = NULL;
	int changes = 0;
	enum db_status s = program_get(r->db, &r->arena, id, &p);
	if (s == DB_DONE) {
		reply_error(r, 404, "not_found", "There is no such program.",
		            NULL);
		return;
	}
	if (s == DB_ROW)
		s = program_codes_get(r->db, &r->arena, &p);
	if (s == DB_OK)
		s = program_rounding_history(r->db, &r->arena, id, &history,
		                             &changes);
	if (s != DB_OK) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	page_begin(r, p.name, "programs");
	html_printf(
	    b,
	    "<h1>%s</h1>\n<dl class=\"usa-list usa-list--unstyled\">\n<dt "
	    "class=\"text-bold\">Kind</dt><dd class=\"margin-left-0 "
	    "margin-bottom-2\">%s</dd>\n<dt class=\"text-bold\">Time "
	    "zone</dt><dd class=\"margin-left-0 margin-bottom-2\">%s</dd>\n<dt "
	    "class=\"text-bold\">Billing units</dt><dd class=\"margin-left-0 "
	    "margin-bottom-2\">%s",
	    p.name, choice_label(program_kinds, program_kind_count, p.kind),
	    p.time_zone,
	    choice_label(unit_rounding_rules, unit_rounding_rule_count,
	                 p.unit_rounding));
	if (changes && *history[0].effective_on)
		html_printf(b, " (notes signed from %s)",
		            history[0].effective_on);
	html_raw(b, "</dd>\n<dt class=\"text-bold\">Two-step "
	            "sign-in</dt><dd class=\"margin-left-0 margin-bottom-2\">");
	if (p.require_two_step)
		html_raw(b, "Required for everyone on its teams");
	else
		html_raw(b, "Required for administrators and program managers");
	html_raw(b, "</dd>\n<dt class=\"text-bold\">42 CFR Part "
	            "2</dt><dd class=\"margin-left-0 margin-bottom-2\">");
	if (p.part2)
		html_raw(b, "Applies: exports need a release in force");
	else
		html_raw(b, "Does not apply");
	html_raw(b, "</dd>\n<dt class=\"text-bold\">Crisis lines</dt><dd "
	            "class=\"margin-left-0\"><ul class=\"usa-list\">");
	for (int i = 0; i < p.crisis_line_count; i++) {
		html_printf(
		    b,
		    "<li>%s: <a class=\"usa-link\" href=\"tel:%s\">%s</a></li>",
		    p.crisis_lines[i].label, p.crisis_lines[i].number,
		    p.crisis_lines[i].number);
	}
	html_printf(b,
	            "</ul></dd>\n<dt class=\"text-bold\">Wellness plan</dt>"
	            "<dd class=\"margin-left-0 margin-bottom-2\">%s</dd>\n"
	            "<dt class=\"text-bold\">Service codes</dt><dd "
	            "class=\"margin-left-0 margin-bottom-2\">",
	            program_wellness_label(&p, r->cfg->wellness_plan_label));
	if (!p.service_code_count)
		html_raw(b, "The installation's codes (Billing)");
	for (int i = 0; i < p.service_code_count; i++)
		html_printf(b, "%s%s: %s", i ? "<br>" : "",
		            p.service_codes[i].kind, p.service_codes[i].code);
	html_raw(b, "</dd>\n</dl>\n");
	if (permission_granted(r->role, PERM_PROGRAMS_WRITE))
		html_printf(b,
		            "<p><a class=\"usa-button\" "
		            "href=\"/programs/%lld/edit\">Edit the "
		            "program</a></p>\n",
		            (long long)id);
	html_printf(
	    b,
	    "<p><a class=\"usa-link\" href=\"/programs/%lld/followups\">"
	    "Follow-up after discharge and the Today page's settings"
	    "</a></p>\n",
	    (long long)id);
	if (permission_granted(r->role, PERM_BILLING))
		html_printf(
		    b,
		    "<p><a class=\"usa-link\" href=\"/programs/%lld/"
		    "billing\">Billing and reporting settings</a></p>\n",
		    (long long)id);
	html_raw(b, "<h2>Billing units over time</h2>\n<div "
	            "class=\"waypoint-table-wrap\"><table class=\"usa-table "
	            "usa-table--stacked\">\n<caption>Each note's units follow "
	            "the rule in force when it was signed.</caption>\n"
	            "<thead><tr><th scope=\"col\">From</th><th "
	            "scope=\"col\">Billing units</th><th scope=\"col\">"
	            "Changed by</th><th scope=\"col\">On</th></tr></thead>\n"
	            "<tbody>\n");
	for (int i = 0; i < changes; i++) {
		const struct rounding_change *c = &history[i];
		html_printf(b,
		            "<tr><td data-label=\"From\">%s</td><td "
		            "data-label=\"Billing units\">%s</td><td "
		            "data-label=\"Changed by\">%s</td><td "
		            "data-label=\"On\">",
		            *c->effective_on ? c->effective_on : "The start",
		            choice_label(unit_rounding_rules,
		                         unit_rounding_rule_count, c->rule),
		            *c->changed_by ? c->changed_by : "—");
		html_stamp(b, c->changed_at, p.time_zone);
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody></table></div>\n<p><a class=\"usa-link\" "
	            "href=\"/programs\">All programs</a></p>\n");
	page_end(r);
	reply_html(r, 200);
}
