/* progress_competencies.c — /workforce/competencies: the competencies the
 * program requires of every trainee before promotion, kept by managers
 * and administrators (PERM_WORKFORCE).  A retired one is no longer
 * required; the completions recorded for it stay. */
#include "../../handlers.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "progress_view.h"

static void competencies_view(struct req *r, int status,
                              const struct field_error *e,
                              const struct competency_input *typed)
{
	struct competency *list;
	int n;
	if (competency_list(r->db, &r->arena, &list, &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Required competencies", NULL);
	html_raw(b, "<h1>Required competencies</h1><p>What every trainee "
	            "completes, signed off by a supervisor, before they may be "
	            "promoted to peer specialist.</p>");
	if (e)
		form_error_summary(b, e,
		                   fields_label(competency_input_fields,
		                                competency_input_field_count,
		                                e->field));
	if (!n)
		html_raw(b, "<p>None yet: trainees become eligible on time and "
		            "hours alone.</p>");
	else
		html_raw(b, "<ul class=\"usa-list usa-list--unstyled\">");
	for (int i = 0; i < n; i++) {
		const struct competency *c = &list[i];
		html_printf(b,
		            "<li class=\"padding-y-1 border-bottom-1px "
		            "border-base-lighter\">%s",
		            c->name);
		if (*c->retired_at) {
			html_printf(b,
			            " <span class=\"text-base-dark\">(retired "
			            "%s)</span></li>",
			            c->retired_at);
			continue;
		}
		html_printf(b,
		            "<form method=\"post\" "
		            "action=\"/workforce/competencies/%lld/retire\">",
		            (long long)c->id);
		form_csrf(r);
		html_printf(b,
		            "<button class=\"usa-button usa-button--unstyled\" "
		            "type=\"submit\">Retire %s</button></form></li>",
		            c->name);
	}
	if (n)
		html_raw(b, "</ul>");
	html_raw(b, "<h2>Add a competency</h2><form class=\"usa-form\" "
	            "method=\"post\" action=\"/workforce/competencies\">");
	form_csrf(r);
	form_required_note(b);
	form_text(b, &(struct form_field){
	                 "name", "Name", typed ? typed->name : NULL, NULL,
	                 field_error_for(e, "name"), "off", true});
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Add the "
	            "competency</button></form>");
	page_end(r);
	reply_html(r, status);
}

/* GET /workforce/competencies */
void competencies_page(struct req *r)
{
	competencies_view(r, 200, NULL, NULL);
}

/* POST /workforce/competencies {name} */
void competencies_submit(struct req *r)
{
	struct competency_input in = {0};
	struct field_error e;
	int64_t id;
	fields_from_form(r, competency_input_fields,
	                 competency_input_field_count, &in);
	if (fields_validate(&r->arena, competency_input_fields,
	                    competency_input_field_count, &in, &e)) {
		competencies_view(r, 400, &e, &in);
		return;
	}
	struct actor who = req_actor(r);
	enum db_status s = competency_create(r->db, &who, in.name, &id);
	if (s == DB_CONSTRAINT) {
		e = (struct field_error){
		    .field = "name",
		    .message = "Name: the program lists a competency of that "
		               "name already."};
		competencies_view(r, 409, &e, &in);
	} else if (s != DB_OK) {
		reply_db_failure(r);
	} else {
		reply_redirect(r, "/workforce/competencies");
	}
}

/* POST /workforce/competencies/{id}/retire */
void competencies_retire_submit(struct req *r)
{
	struct actor who = req_actor(r);
	enum db_status s = competency_retire(r->db, &who, req_id(r, "id"));
	if (s == DB_DONE)
		reply_error(r, 404, "not_found",
		            "There is no such competency, or it is retired "
		            "already.",
		            NULL);
	else if (s != DB_OK)
		reply_db_failure(r);
	else
		reply_redirect(r, "/workforce/competencies");
}
