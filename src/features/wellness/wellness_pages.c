/* wellness_pages.c — the wellness plan as a page (one text box per
 * section, one item per line), a print view, and in the API (ROUTE_PERSON:
 * the router checks the team and audits; the print view as a print). */
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../programs/program_zone.h"
#include "wellness_plan.h"

#include <stdlib.h>
#include <string.h>

/* A section's items as text, one per line. */
static const char *section_text(struct req *r, json_t *doc, const char *code)
{
	struct buf lines = {0};
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(doc, code), i, item)
	{
		if (i)
			buf_puts(&lines, "\n");
		buf_puts(&lines, json_string_value(item));
	}
	const char *out = arena_strdup(&r->arena, lines.data ? lines.data : "");
	buf_free(&lines);
	return out;
}

/* The form's text boxes as a document: each line that is not blank is an
 * item. */
/* The question a section's field shows, for the error summary. */
static const char *section_label(const char *code)
{
	for (int i = 0; i < wellness_section_count; i++)
		if (!strcmp(wellness_sections[i].code, code))
			return wellness_sections[i].label;
	return "The plan";
}

static json_t *doc_from_form(struct req *r)
{
	json_t *doc = json_object();
	for (int i = 0; i < wellness_section_count; i++) {
		const char *code = wellness_sections[i].code;
		char *text = (char *)req_form_text(r, code), *save = NULL;
		json_t *list = json_array();
		for (char *line = strtok_r(text, "\r\n", &save); line;
		     line = strtok_r(NULL, "\r\n", &save)) {
			line = text_trim(line);
			if (*line)
				json_array_append_new(list, json_string(line));
		}
		if (json_array_size(list))
			json_object_set_new(doc, code, list);
		else
			json_decref(list);
	}
	return doc;
}

static void wellness_view(struct req *r, int status, json_t *doc,
                          const char *updated_at, const char *updated_by,
                          const struct field_error *e)
{
	const char *label;
	if (wellness_label(r->db, &r->arena, r->person_id,
	                   r->cfg->wellness_plan_label, &label) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, label, "persons");
	html_printf(
	    b,
	    "<h1>%s</h1>\n<p>In the person's own words: one item per "
	    "line.</p><p><a class=\"usa-link\" href=\"/persons/%lld\">Back to "
	    "the person</a> · <a class=\"usa-link\" "
	    "href=\"/persons/%lld/wellness-plan/print\">Print</a></p>\n",
	    label, (long long)r->person_id, (long long)r->person_id);
	if (*updated_at) {
		html_raw(b, "<p class=\"usa-hint\">Last changed ");
		html_stamp(b, updated_at, zone_of_request(r));
		html_printf(b, " by %s.</p>\n", updated_by);
	}
	if (e)
		form_error_summary(b, e, section_label(e->field));
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "data-draft action=\"/persons/%lld/wellness-plan\">",
	            (long long)r->person_id);
	form_csrf(r);
	const char *part = "";
	for (int i = 0; i < wellness_section_count; i++) {
		const struct wellness_section *s = &wellness_sections[i];
		if (strcmp(part, s->part)) {
			html_printf(b, "<h2>%s</h2>", s->part);
			part = s->part;
		}
		form_textarea(b, &(struct form_field){
		                     s->code, s->label,
		                     section_text(r, doc, s->code), NULL,
		                     field_error_for(e, s->code), NULL, false});
	}
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Save"
	            "</button></form>\n");
	page_end(r);
	reply_html(r, status);
}

/* The person's plan; answers when it cannot be read. */
static enum answer load(struct req *r, json_t **doc, const char **at,
                        const char **by)
{
	if (wellness_get(r->db, &r->arena, r->person_id, doc, at, by) == DB_OK)
		return GO_ON;
	reply_db_failure(r);
	return ANSWERED;
}

/* GET /persons/{id}/wellness-plan */
void wellness_page(struct req *r)
{
	json_t *doc;
	const char *at, *by;
	if (load(r, &doc, &at, &by) == ANSWERED)
		return;
	wellness_view(r, 200, doc, at, by, NULL);
	json_decref(doc);
}

/* POST /persons/{id}/wellness-plan */
void wellness_submit(struct req *r)
{
	json_t *doc = doc_from_form(r);
	struct field_error e;
	if (wellness_validate(doc, &e))
		wellness_view(r, 400, doc, "", "", &e);
	else if (wellness_save(r->db, r->person_id, doc, r->session.user_id) !=
	         DB_OK)
		reply_db_failure(r);
	else
		reply_redirect(r, arena_sprintf(&r->arena,
		                                "/persons/%lld/wellness-plan",
		                                (long long)r->person_id));
	json_decref(doc);
}

/* GET /persons/{id}/wellness-plan/print — one document, large type, no
 * navigation; sections nobody filled in are left out. */
void wellness_print(struct req *r)
{
	json_t *doc;
	const char *at, *by;
	if (load(r, &doc, &at, &by) == ANSWERED)
		return;
	const char *label;
	if (wellness_label(r->db, &r->arena, r->person_id,
	                   r->cfg->wellness_plan_label, &label) != DB_OK) {
		json_decref(doc);
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	print_page_begin(r, label);
	html_printf(b, "<h1>%s</h1>", label);
	const char *part = "";
	for (int i = 0; i < wellness_section_count; i++) {
		const struct wellness_section *s = &wellness_sections[i];
		json_t *list = json_object_get(doc, s->code);
		if (!json_array_size(list))
			continue;
		if (strcmp(part, s->part)) {
			html_printf(b, "<h2>%s</h2>", s->part);
			part = s->part;
		}
		html_printf(b, "<h3>%s</h3><ul>", s->label);
		size_t j;
		json_t *item;
		json_array_foreach(list, j, item)
		{
			html_printf(b, "<li>%s</li>", json_string_value(item));
		}
		html_raw(b, "</ul>");
	}
	if (!*part)
		html_raw(b, "<p>Nothing written yet.</p>");
	json_decref(doc);
	print_page_end(r);
}

/* GET /api/v1/persons/{id}/wellness-plan → {sections, updated_at} */
void wellness_api_get(struct req *r)
{
	json_t *doc;
	const char *at, *by;
	if (load(r, &doc, &at, &by) == ANSWERED)
		return;
	reply_json(r, 200,
	           json_pack("{s:o, s:s?, s:s?}", "sections", doc, "updated_at",
	                     *at ? at : NULL, "updated_by", *by ? by : NULL));
}

/* PUT /api/v1/persons/{id}/wellness-plan {sections} → the saved plan */
void wellness_api_put(struct req *r)
{
	/* no field of its own: the sections are a document, checked whole */
	static const char *const sections[] = {"sections", NULL};
	if (fields_from_json(r, NULL, 0, sections, NULL) == ANSWERED)
		return;
	json_t *doc = json_object_get(r->json, "sections");
	struct field_error e;
	if (wellness_validate(doc, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	if (wellness_save(r->db, r->person_id, doc, r->session.user_id) !=
	    DB_OK) {
		reply_db_failure(r);
		return;
	}
	wellness_api_get(r);
}
