/* directory_form.c — the form that adds or edits a service: the common
 * fields a program manager fills in on a phone, in sections (about,
 * reaching it, where, hours, cost, who and what to bring, categories).
 * The rarer HSDS fields are kept as imported (docs/resources.md). */
#include "directory_form.h"

#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"

#include <string.h>

void dir_service_from_form(struct req *r, struct dir_service *s)
{
	fields_from_form(r, dir_service_fields, dir_service_field_count, s);
	s->nterms = 0;
	for (size_t i = 0; i < r->form.count && s->nterms < DIR_TERMS_MAX; i++)
		if (!strcmp(r->form.items[i].name, "taxonomy_terms") &&
		    *r->form.items[i].value)
			s->terms[s->nterms++] = r->form.items[i].value;
}

static const char *label(const char *name)
{
	return fields_label(dir_service_fields, dir_service_field_count, name);
}

/* One text input of the table's field name. */
static void line(struct html *b, const struct dir_service *s,
                 const struct field_error *e, const char *name,
                 const char *hint, const char *autocomplete)
{
	const char *v = "";
	for (int i = 0; i < dir_service_field_count; i++)
		if (!strcmp(dir_service_fields[i].name, name))
			v = *(
			    const char *const *)((const char *)s +
			                         dir_service_fields[i].offset);
	const struct form_field f = {
	    name,
	    label(name),
	    v,
	    hint,
	    field_error_for(e, name),
	    autocomplete,
	    fields_required(dir_service_fields, dir_service_field_count, name)};
	int type = 0;
	for (int i = 0; i < dir_service_field_count; i++)
		if (!strcmp(dir_service_fields[i].name, name))
			type = dir_service_fields[i].type;
	if (type == FIELD_TEXT)
		form_textarea(b, &f);
	else if (type == FIELD_TIME)
		form_input(b, &f, "time");
	else
		form_text(b, &f);
}

static void section(struct html *b, const char *title)
{
	html_printf(b, "<h2>%s</h2>\n", title);
}

static void terms(struct req *r, const struct dir_service *s,
                  const struct field_error *e)
{
	struct html *b = page_html(r);
	struct choice *list;
	int n = dir_term_choices(r->db, &r->arena, s, &list);
	html_raw(b, "<fieldset class=\"usa-fieldset\" id=\"taxonomy_terms\">"
	            "<legend class=\"usa-legend\">Categories</legend>");
	const char *err = field_error_for(e, "taxonomy_terms");
	if (err)
		html_printf(b, "<span class=\"usa-error-message\">%s</span>",
		            err);
	for (int i = 0; i < n; i++) {
		bool on = false;
		for (int j = 0; j < s->nterms; j++)
			on |= !strcmp(s->terms[j], list[i].code);
		html_printf(b,
		            "<div class=\"usa-checkbox\"><input class=\"usa-"
		            "checkbox__input\" type=\"checkbox\" "
		            "name=\"taxonomy_terms\" id=\"term-%s\" "
		            "value=\"%s\"%s><label class=\"usa-checkbox__"
		            "label\" for=\"term-%s\">%s</label></div>",
		            list[i].code, list[i].code, on ? " checked" : "",
		            list[i].code, list[i].label);
	}
	html_raw(b, "</fieldset>");
	line(b, s, e, "new_category",
	     "A category not in the list, like \"Clothing\": it is added to "
	     "the list.",
	     "off");
}

void dir_service_form(struct req *r, int status, const struct dir_service *s,
                      const struct field_error *e)
{
	struct html *b = page_html(r);
	bool edit = s->id && *s->id;
	html_reset(b);
	page_begin(r, edit ? "Edit a service" : "Add a service", "resources");
	if (edit)
		html_printf(
		    b,
		    "<h1>Edit %s</h1>\n<p><a class=\"usa-link\" "
		    "href=\"/resources/%s\">Back to the service</a></p>",
		    s->name, s->id);
	else
		html_raw(b, "<h1>Add a service</h1>\n<p><a class=\"usa-link\" "
		            "href=\"/resources/organizations\">Back to the "
		            "organizations</a></p>");
	if (e && e->field)
		form_error_summary(b, e, label(e->field));
	if (edit)
		html_printf(b,
		            "<form class=\"usa-form usa-form--large\" "
		            "method=\"post\" action=\"/resources/%s\">",
		            s->id);
	else
		html_raw(b, "<form class=\"usa-form usa-form--large\" "
		            "method=\"post\" action=\"/resources\">");
	form_csrf(r);
	form_required_note(b);
	struct choice *orgs;
	int norgs = dir_organization_choices(r->db, &r->arena, &orgs);
	form_select(b,
	            &(struct form_field){
	                "organization_id", label("organization_id"),
	                s->organization_id,
	                "Who runs it. Add an organization "
	                "first if it is not listed.",
	                field_error_for(e, "organization_id"), NULL, true},
	            orgs, norgs);
	line(b, s, e, "name", NULL, "off");
	line(b, s, e, "alternate_name", NULL, "off");
	line(b, s, e, "description", "What it offers, in plain words.", NULL);
	form_select(b,
	            &(struct form_field){"status", label("status"), s->status,
	                                 NULL, field_error_for(e, "status"),
	                                 NULL, true},
	            dir_statuses, dir_status_count);
	form_checkbox(b, "recovery_friendly",
	              "Recovery friendly (welcoming to people in recovery)",
	              s->recovery_friendly);
	form_checkbox(b, "peer_run",
	              "Peer-run (run by people with lived "
	              "experience)",
	              s->peer_run);
	section(b, "Reaching it");
	line(b, s, e, "phone", "As people dial it, like 203-555-0142.", "off");
	line(b, s, e, "phone_description", "For example: front desk.", "off");
	line(b, s, e, "phone_2", NULL, "off");
	line(b, s, e, "phone_2_description", "For example: text line.", "off");
	line(b, s, e, "url", "Like https://example.org", "off");
	line(b, s, e, "email", NULL, "off");
	section(b, "Where");
	line(b, s, e, "location_name", "For example: Main office.", "off");
	line(b, s, e, "address_1", NULL, "off");
	line(b, s, e, "address_2", NULL, "off");
	line(b, s, e, "city", NULL, "off");
	line(b, s, e, "state_province", "Two letters, like CT.", "off");
	line(b, s, e, "postal_code", NULL, "off");
	line(b, s, e, "country", "Two letters; US when left empty.", "off");
	line(b, s, e, "latitude",
	     "For the map link and \"near here\": from a map, like 41.3083.",
	     "off");
	line(b, s, e, "longitude", "Like -72.9279.", "off");
	line(b, s, e, "transportation", "Bus lines, parking.", NULL);
	line(b, s, e, "accessibility",
	     "For example: step-free entrance, accessible restroom.", NULL);
	section(b, "Opening hours");
	html_raw(b, "<p>In the program's local time. Leave a day empty when "
	            "it is closed.</p>");
	for (int i = 0; i < DIR_DAYS; i++) {
		html_printf(b,
		            "<fieldset class=\"usa-fieldset\"><legend "
		            "class=\"usa-legend\">%s</legend>",
		            dir_day_names[i]);
		const char *stem = dir_day_field(i);
		line(b, s, e, arena_sprintf(&r->arena, "%s_opens", stem), NULL,
		     "off");
		line(b, s, e, arena_sprintf(&r->arena, "%s_closes", stem), NULL,
		     "off");
		html_raw(b, "</fieldset>");
	}
	line(b, s, e, "hours_note",
	     "For example: third Tuesday of the month; closed on holidays.",
	     "off");
	section(b, "Cost");
	form_checkbox(b, "free", label("free"), s->free);
	line(b, s, e, "cost_amount", "Leave empty when free.", "off");
	line(b, s, e, "fees_description", "For example: sliding scale.", NULL);
	section(b, "Who can use it");
	line(b, s, e, "languages", "Separate with commas: English, Spanish.",
	     "off");
	line(b, s, e, "eligibility_description", NULL, NULL);
	line(b, s, e, "minimum_age", NULL, "off");
	line(b, s, e, "maximum_age", NULL, "off");
	line(b, s, e, "required_documents", "One a line: photo ID.", NULL);
	line(b, s, e, "application_process", NULL, NULL);
	line(b, s, e, "wait_time", NULL, "off");
	line(b, s, e, "service_areas", "One a line: a town or a county.", NULL);
	section(b, "Categories");
	terms(r, s, e);
	html_printf(b,
	            "<button class=\"usa-button\" type=\"submit\">%s</button>"
	            "</form>\n",
	            edit ? "Save the service" : "Add the service");
	page_end(r);
	reply_html(r, status);
}
