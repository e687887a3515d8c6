/* enrollment_pages.c — a person's enrollments in programs, as a page and
 * in the API (ROUTE_PERSON: the router checks the team, and audits each
 * access and change in the change's own transaction). */
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../programs/program.h"
#include "../programs/program_zone.h"
#include "enrollment.h"

#include <string.h>

#define ERR(f) field_error_for(e, f)

/* The label the form shows for a field of an admission or a discharge. */
static const char *label(const char *field)
{
	const char *l =
	    fields_label(admission_fields, admission_field_count, field);
	return l != field ? l
	                  : fields_label(discharge_fields,
	                                 discharge_field_count, field);
}

/* The programs one can enrol in, as choices (id as text → name). */
static int program_choices(struct req *r, struct choice **out, int *count)
{
	struct program *list;
	int n;
	if (program_list(r->db, &r->arena, 0, 100, &list, &n) != DB_DONE)
		return -1;
	*out = arena_alloc(&r->arena, (size_t)(n ? n : 1) * sizeof **out);
	for (int i = 0; i < n; i++)
		(*out)[i] = (struct choice){
		    arena_sprintf(&r->arena, "%lld", (long long)list[i].id),
		    list[i].name};
	*count = n;
	return 0;
}

static void discharge_form(struct req *r, const struct enrollment *en,
                           const struct enrollment *d,
                           const struct field_error *e)
{
	struct html *b = page_html(r);
	html_raw(b, "<details class=\"margin-top-1\"");
	if (d)
		html_raw(b, " open");
	html_printf(b,
	            "><summary>Record a discharge from %s</summary><form "
	            "class=\"usa-form\" method=\"post\" "
	            "action=\"/persons/%lld/enrollments/%lld/discharge\">",
	            en->program_name, (long long)r->person_id,
	            (long long)en->id);
	form_csrf(r);
	form_text(b, &(struct form_field){
	                 "discharged_on", label("discharged_on"),
	                 d ? d->discharged_on : NULL, "A date like 2026-11-20.",
	                 ERR("discharged_on"), "off", false});
	form_radios(b,
	            &(struct form_field){"discharge_reason",
	                                 label("discharge_reason"),
	                                 d ? d->discharge_reason : NULL, NULL,
	                                 ERR("discharge_reason"), NULL, false},
	            discharge_reasons, discharge_reason_count);
	form_textarea(
	    b, &(struct form_field){"discharge_note", label("discharge_note"),
	                            d ? d->discharge_note : NULL,
	                            "Where they are going, who they can call.",
	                            ERR("discharge_note"), NULL, false});
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Record "
	            "discharge</button></form></details>");
}

static void enrollment_item(struct req *r, const struct enrollment *en,
                            const struct enrollment *d,
                            const struct field_error *e)
{
	struct html *b = page_html(r);
	html_printf(
	    b,
	    "<li class=\"padding-y-1 border-bottom-1px "
	    "border-base-lighter\"><strong>%s</strong><br>Admitted %s: %s",
	    en->program_name, en->admitted_on, en->admission_reason);
	if (*en->discharged_on) {
		html_printf(b, "<br>Discharged %s: %s", en->discharged_on,
		            choice_label(discharge_reasons,
		                         discharge_reason_count,
		                         en->discharge_reason));
		if (*en->discharge_note) {
			html_printf(b, " — %s", en->discharge_note);
		}
	} else {
		html_raw(b, "<br><span class=\"usa-tag bg-green\">Enrolled"
		            "</span>");
		discharge_form(r, en, d && d->id == en->id ? d : NULL,
		               d && d->id == en->id ? e : NULL);
	}
	html_raw(b, "</li>\n");
}

static void admission_form(struct req *r, const struct choice *programs,
                           int nprograms, const struct enrollment *admit,
                           const struct field_error *e)
{
	struct html *b = page_html(r);
	form_radios(b,
	            &(struct form_field){
	                "program_id", label("program_id"),
	                admit && admit->program_id
	                    ? arena_sprintf(&r->arena, "%lld",
	                                    (long long)admit->program_id)
	                    : NULL,
	                NULL, ERR("program_id"), NULL, false},
	            programs, nprograms);
	form_text(b, &(struct form_field){"admitted_on", label("admitted_on"),
	                                  admit ? admit->admitted_on : NULL,
	                                  "A date like 2026-11-02.",
	                                  ERR("admitted_on"), "off", false});
	form_textarea(b, &(struct form_field){
	                     "admission_reason", label("admission_reason"),
	                     admit ? admit->admission_reason : NULL,
	                     "For example: referred by the inpatient unit at "
	                     "discharge.",
	                     ERR("admission_reason"), NULL, false});
}

/* The page; draft and e describe a refused admission (draft->id 0) or
 * discharge (draft->id the enrollment), shown beside their fields. */
void enrollments_view(struct req *r, int status, const struct enrollment *draft,
                      const struct field_error *e)
{
	struct enrollment *list;
	struct choice *programs;
	int count, nprograms;
	if (enrollment_list(r->db, &r->arena, r->person_id, &list, &count) !=
	        DB_DONE ||
	    program_choices(r, &programs, &nprograms)) {
		reply_db_failure(r);
		return;
	}
	const struct enrollment *admit = draft && !draft->id ? draft : NULL;
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Programs", "persons");
	html_printf(b,
	            "<h1>Programs</h1>\n<p><a class=\"usa-link\" "
	            "href=\"/persons/%lld\">Back to the person</a> · <a "
	            "class=\"usa-link\" href=\"/persons/%lld/followups\">"
	            "Follow-up after discharge</a></p>\n",
	            (long long)r->person_id, (long long)r->person_id);
	if (e)
		form_error_summary(b, e, label(e->field));
	html_raw(b, "<ul class=\"usa-list usa-list--unstyled\">");
	for (int i = 0; i < count; i++)
		enrollment_item(r, &list[i], admit ? NULL : draft,
		                admit ? NULL : e);
	if (count == 0)
		html_raw(b, "<li>Not enrolled in any program yet.</li>");
	html_printf(
	    b,
	    "</ul>\n<h2>Enroll</h2>\n<form class=\"usa-form usa-form--large\" "
	    "method=\"post\" action=\"/persons/%lld/enrollments\">",
	    (long long)r->person_id);
	form_csrf(r);
	admission_form(r, programs, nprograms, admit, admit ? e : NULL);
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Enroll"
	            "</button></form>\n");
	page_end(r);
	reply_html(r, status);
}

/* GET /persons/{id}/enrollments */
void enrollments_page(struct req *r)
{
	enrollments_view(r, 200, NULL, NULL);
}

void enrollment_json(struct buf *b, const void *item)
{
	const struct enrollment *en = item;
	bool enrolled = !*en->discharged_on;
	json_object_begin(b);
	fields_json(b, admission_fields, admission_field_count, en);
	/* the discharge fields are null while enrolled */
	json_field_text(b, "discharged_on",
	                enrolled ? NULL : en->discharged_on);
	json_field_text(b, "discharge_reason",
	                enrolled ? NULL : en->discharge_reason);
	json_field_text(b, "discharge_note",
	                enrolled ? NULL : en->discharge_note);
	json_field_bool(b, "enrolled", enrolled);
	json_object_end(b);
}

/* GET /api/v1/persons/{id}/enrollments */
void enrollments_api_list(struct req *r)
{
	struct enrollment *list;
	int count;
	if (enrollment_list(r->db, &r->arena, r->person_id, &list, &count) !=
	    DB_DONE) {
		reply_db_failure(r);
		return;
	}
	api_list_whole(r, list, sizeof *list, count, enrollment_json);
}

void enrollment_overview(struct req *r)
{
	struct html *b = page_html(r);
	struct enrollment *list;
	int count, shown = 0;
	html_raw(b, "<h2>Programs</h2>\n<ul class=\"usa-list\">");
	if (enrollment_list(r->db, &r->arena, r->person_id, &list, &count) !=
	    DB_DONE) {
		count = 0;
		shown = -1; /* nothing to list, and not "none" either */
		html_raw(b, "<li>Cannot be shown just now.</li>");
	}
	for (int i = 0; i < count; i++) {
		if (*list[i].discharged_on)
			continue;
		html_printf(b, "<li>%s, since %s</li>", list[i].program_name,
		            list[i].admitted_on);
		shown++;
	}
	if (!shown)
		html_raw(b, "<li>Not enrolled now.</li>");
	html_printf(b,
	            "</ul>\n<p><a class=\"usa-link\" "
	            "href=\"/persons/%lld/enrollments\">Enrollments and "
	            "discharges</a></p>\n",
	            (long long)r->person_id);
}
