/* programs_pages.c — the program pages: list, add form, create, details. */
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

static const char *field_label(const char *field)
{
	return strcmp(field, "crisis_lines")
	           ? fields_label(program_fields, program_field_count, field)
	           : "Crisis lines";
}

/* The add form, with what was typed and the error when there is one. */
static void program_form(struct req *r, const struct program *p,
                         const char *crisis_text, const struct field_error *e)
{
	struct html *b = page_html(r);
	const char *err_field = e ? e->field : "";
	page_begin(r, e ? "Add a program (check the form)" : "Add a program",
	           "programs");
	html_raw(b, "<h1>Add a program</h1>\n");
	if (e)
		form_error_summary(b, e->field, field_label(e->field),
		                   e->message);
	html_raw(b, "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/programs\">\n");
	form_csrf(r);
#define ERR(f) (!strcmp(err_field, f) ? e->message : NULL)
	form_text(b, &(struct form_field){"name", "Name", p->name, NULL,
	                                  ERR("name"), "off"});
	form_radios(b,
	            &(struct form_field){"kind", "Kind of program", p->kind,
	                                 NULL, ERR("kind"), NULL},
	            program_kinds, program_kind_count);
	form_text(b, &(struct form_field){
	                 "time_zone", "Time zone", p->time_zone,
	                 "A time zone name, such as America/Chicago.",
	                 ERR("time_zone"), "off"});
	form_radios(b,
	            &(struct form_field){
	                "unit_rounding",
	                "How minutes become 15-minute billing units",
	                p->unit_rounding, NULL, ERR("unit_rounding"), NULL},
	            unit_rounding_rules, unit_rounding_rule_count);
	form_textarea(b,
	              &(struct form_field){
	                  "crisis_lines", "Crisis lines", crisis_text,
	                  "One per line: the name, a colon, then the number. "
	                  "Left empty, 988 Suicide & Crisis Lifeline is used.",
	                  ERR("crisis_lines"), NULL});
#undef ERR
	html_raw(b,
	         "<div class=\"usa-checkbox margin-top-3\"><input "
	         "class=\"usa-checkbox__input\" type=\"checkbox\" value=\"1\" "
	         "id=\"require_two_step\" name=\"require_two_step\"");
	if (p->require_two_step)
		html_raw(b, " checked");
	html_raw(b, "><label class=\"usa-checkbox__label\" "
	            "for=\"require_two_step\">Everyone on this program's teams "
	            "signs in with a code from their "
	            "phone</label></div><button class=\"usa-button\" "
	            "type=\"submit\">Save program</button>\n</form>\n");
	page_end(r);
}

/* GET /programs/new */
void program_new_page(struct req *r)
{
	struct program p = {.kind = "community",
	                    .time_zone = "America/New_York",
	                    .unit_rounding = "eight_minute"};
	program_form(r, &p, "988 Suicide & Crisis Lifeline: 988\n", NULL);
	reply_html(r, 200);
}

/* POST /programs → 303 to the new program; 400 with the form again and the
 * field at fault named; 409 when the name is taken. */
void program_create_page(struct req *r)
{
	struct program p = {0};
	fields_from_form(r, program_fields, program_field_count, &p);
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
	e = (struct field_error){"name",
	                         "A program with this name already exists."};
	status = 409;
invalid:
	program_form(r, &p, crisis_text, &e);
	reply_html(r, status);
}

/* GET /programs/{id} */
void program_page(struct req *r)
{
	int64_t id = req_id(r, "id");
	struct program p;
	enum db_status s = program_get(r->db, &r->arena, id, &p);
	if (s == DB_DONE) {
		reply_error(r, 404, "not_found", "There is no such program.",
		            NULL);
		return;
	}
	if (s != DB_ROW) {
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
	    "margin-bottom-2\">%s</dd>\n<dt class=\"text-bold\">Two-step "
	    "sign-in</dt><dd class=\"margin-left-0 margin-bottom-2\">",
	    p.name, choice_label(program_kinds, program_kind_count, p.kind),
	    p.time_zone,
	    choice_label(unit_rounding_rules, unit_rounding_rule_count,
	                 p.unit_rounding));
	if (p.require_two_step)
		html_raw(b, "Required for everyone on its teams");
	else
		html_raw(b, "Required for administrators and program managers");
	html_raw(b, "</dd>\n<dt class=\"text-bold\">Crisis lines</dt><dd "
	            "class=\"margin-left-0\"><ul class=\"usa-list\">");
	for (int i = 0; i < p.crisis_line_count; i++) {
		html_printf(
		    b,
		    "<li>%s: <a class=\"usa-link\" href=\"tel:%s\">%s</a></li>",
		    p.crisis_lines[i].label, p.crisis_lines[i].number,
		    p.crisis_lines[i].number);
	}
	html_raw(
	    b, "</ul></dd>\n</dl>\n<p><a class=\"usa-link\" href=\"/programs\">"
	       "All programs</a></p>\n");
	page_end(r);
	reply_html(r, 200);
}
