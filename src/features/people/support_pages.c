/* support_pages.c — a person's support network, as a page and in the API
 * (ROUTE_PERSON: the router checks the team, and audits each access and
 * change in the change's own transaction). */
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "support.h"

#include <string.h>

/* The label the form shows for a field. */
static const char *label(const char *field)
{
	return fields_label(support_fields, support_field_count, field);
}

static void action_button(struct req *r, const struct support *s,
                          const char *action, const char *value,
                          const char *label)
{
	struct html *b = page_html(r);
	html_printf(
	    b,
	    "<form class=\"display-inline margin-right-2\" method=\"post\" "
	    "action=\"/persons/%lld/supports/%lld/%s\">",
	    (long long)r->person_id, (long long)s->id, action);
	form_csrf(r);
	if (value) {
		html_printf(
		    b,
		    "<input type=\"hidden\" name=\"may_contact\" value=\"%s\">",
		    value);
	}
	html_printf(b,
	            "<button class=\"usa-button usa-button--unstyled\" "
	            "type=\"submit\">%s<span class=\"usa-sr-only\"> "
	            "(%s)</span></button></form>",
	            label, s->name);
}

static void support_item(struct req *r, const struct support *s)
{
	struct html *b = page_html(r);
	html_printf(b,
	            "<li class=\"padding-y-1 border-bottom-1px "
	            "border-base-lighter\"><strong>%s</strong>, %s",
	            s->name, s->relationship);
	if (*s->phone) {
		html_printf(b,
		            "<br><a class=\"usa-link\" href=\"tel:%s\">%s</a>",
		            s->phone, s->phone);
	}
	if (*s->email) {
		html_printf(b, "<br>%s", s->email);
	}
	html_raw(b, "<br>");
	if (*s->removed_at) {
		html_raw(b, "<span class=\"usa-tag\">Removed</span>");
	} else if (s->may_contact) {
		html_raw(b, "<span class=\"usa-tag bg-green\">We may contact "
		            "them</span><br>");
		action_button(r, s, "contact", "0", "Record: do not contact");
		action_button(r, s, "remove", NULL, "Remove");
	} else {
		html_raw(b, "<span class=\"usa-tag bg-secondary-dark\">Do not "
		            "contact</span><br>");
		action_button(r, s, "contact", "1", "Record: may contact");
		action_button(r, s, "remove", NULL, "Remove");
	}
	html_raw(b, "</li>\n");
}

static void supports_view(struct req *r, int status, const struct support *d,
                          const struct field_error *e)
{
	struct support *list;
	int count;
	if (support_list(r->db, &r->arena, r->person_id, &list, &count) !=
	    DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Support network", "persons");
	html_printf(
	    b,
	    "<h1>Support network</h1>\n<p>The people they count on, in their "
	    "words, and whether they let us contact them.</p><p><a "
	    "class=\"usa-link\" href=\"/persons/%lld\">Back to the "
	    "person</a></p>\n<ul class=\"usa-list usa-list--unstyled\">",
	    (long long)r->person_id);
	for (int i = 0; i < count; i++)
		support_item(r, &list[i]);
	if (count == 0)
		html_raw(b, "<li>None recorded yet.</li>");
	html_raw(b, "</ul>\n<h2>Add someone</h2>\n");
	if (e)
		form_error_summary(b, e, label(e->field));
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/persons/%lld/supports\">",
	            (long long)r->person_id);
	form_csrf(r);
	form_required_note(b);
#define V(f)   (d ? d->f : NULL)
#define ERR(f) field_error_for(e, f)
	form_text(
	    b,
	    &(struct form_field){
	        "name", label("name"), V(name), NULL, ERR("name"), "off",
	        fields_required(support_fields, support_field_count, "name")});
	form_text(b, &(struct form_field){
	                 "relationship", label("relationship"), V(relationship),
	                 "For example: sister, friend, sponsor, neighbour.",
	                 ERR("relationship"), "off",
	                 fields_required(support_fields, support_field_count,
	                                 "relationship")});
	form_text(
	    b,
	    &(struct form_field){
	        "phone", label("phone"), V(phone), NULL, ERR("phone"), "off",
	        fields_required(support_fields, support_field_count, "phone")});
	form_text(
	    b,
	    &(struct form_field){
	        "email", label("email"), V(email), NULL, ERR("email"), "off",
	        fields_required(support_fields, support_field_count, "email")});
	form_checkbox(b, "may_contact", label("may_contact"),
	              d && d->may_contact);
#undef V
#undef ERR
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Add</button>"
	            "</form>\n");
	page_end(r);
	reply_html(r, status);
}

/* Stores the validated support s, setting s->id; answers on failure. */
static enum answer add(struct req *r, struct support *s)
{
	if (support_add(r->db, s, r->session.user_id, &s->id) == DB_OK)
		return GO_ON;
	reply_db_failure(r);
	return ANSWERED;
}

static void back_to_supports(struct req *r)
{
	reply_redirect(r, arena_sprintf(&r->arena, "/persons/%lld/supports",
	                                (long long)r->person_id));
}

/* GET /persons/{id}/supports */
void supports_page(struct req *r)
{
	supports_view(r, 200, NULL, NULL);
}

/* POST /persons/{id}/supports */
void support_add_page(struct req *r)
{
	struct support s = {.person_id = r->person_id};
	fields_from_form(r, support_fields, support_field_count, &s);
	struct field_error e;
	if (support_validate(&r->arena, &s, &e)) {
		supports_view(r, 400, &s, &e);
		return;
	}
	if (add(r, &s) == GO_ON)
		back_to_supports(r);
}

/* Applies a remove or contact change to {sid}; answers 404 itself when the
 * person has no such current support. */
static enum answer change(struct req *r, bool remove, bool may_contact)
{
	int64_t sid = req_id(r, "sid");
	enum db_status s =
	    remove
	        ? support_remove(r->db, r->person_id, sid, r->session.user_id)
	        : support_set_contact(r->db, r->person_id, sid, may_contact);
	if (s == DB_OK)
		return GO_ON;
	if (s == DB_DONE)
		reply_error(r, 404, "not_found",
		            "There is no such current support.", NULL);
	else
		reply_db_failure(r);
	return ANSWERED;
}

/* POST /persons/{id}/supports/{sid}/remove */
void support_remove_page(struct req *r)
{
	if (change(r, true, false) == GO_ON)
		back_to_supports(r);
}

/* POST /persons/{id}/supports/{sid}/contact (may_contact=0|1) */
void support_contact_page(struct req *r)
{
	if (change(r, false, !strcmp(req_form_text(r, "may_contact"), "1")) ==
	    GO_ON)
		back_to_supports(r);
}

static void support_json(struct buf *b, const void *item)
{
	const struct support *s = item;
	json_object_begin(b);
	fields_json(b, support_fields, support_field_count - 1, s);
	json_field_text_or_null(b, "removed_at", s->removed_at);
	json_field_bool(b, "may_contact", s->may_contact);
	json_object_end(b);
}

/* GET /api/v1/persons/{id}/supports */
void supports_api_list(struct req *r)
{
	struct support *list;
	int count;
	if (support_list(r->db, &r->arena, r->person_id, &list, &count) !=
	    DB_DONE) {
		reply_db_failure(r);
		return;
	}
	api_list_whole(r, list, sizeof *list, count, support_json);
}

/* The API asks for may_contact outright: a form's unticked box means
 * no, but a client that left it out has not said. */
static enum answer may_contact_given(struct req *r)
{
	if (json_is_boolean(json_object_get(r->json, "may_contact")))
		return GO_ON;
	reply_error(r, 400, "invalid", "may_contact must be true or false.",
	            "may_contact");
	return ANSWERED;
}

/* POST /api/v1/persons/{id}/supports → 201 {id} */
void supports_api_add(struct req *r)
{
	struct support s = {.person_id = r->person_id};
	if (fields_from_json(r, support_fields, support_field_count, NULL,
	                     &s) == ANSWERED ||
	    may_contact_given(r) == ANSWERED)
		return;
	struct field_error e;
	if (support_validate(&r->arena, &s, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	if (add(r, &s) == GO_ON)
		api_reply_id(r, 201, s.id);
}

/* POST /api/v1/persons/{id}/supports/{sid}/remove → 204 */
void support_api_remove(struct req *r)
{
	if (change(r, true, false) == GO_ON)
		r->status = 204;
}

/* POST /api/v1/persons/{id}/supports/{sid}/contact {may_contact} → 204 */
void support_api_contact(struct req *r)
{
	/* may_contact alone: the table's last field */
	const struct field *may = &support_fields[support_field_count - 1];
	struct support s = {0};
	if (fields_from_json(r, may, 1, NULL, &s) == GO_ON &&
	    may_contact_given(r) == GO_ON &&
	    change(r, false, s.may_contact) == GO_ON)
		r->status = 204;
}

void support_overview(struct req *r)
{
	struct html *b = page_html(r);
	struct support *list;
	int count, shown = 0;
	html_raw(b, "<h2>Support network</h2>\n<ul class=\"usa-list\">");
	if (support_list(r->db, &r->arena, r->person_id, &list, &count) !=
	    DB_DONE) {
		count = 0;
		shown = -1; /* nothing to list, and not "none" either */
		html_raw(b, "<li>Cannot be shown just now.</li>");
	}
	for (int i = 0; i < count && !*list[i].removed_at; i++, shown++) {
		html_printf(b, "<li>%s (%s)", list[i].name,
		            list[i].relationship);
		if (list[i].may_contact && *list[i].phone) {
			html_printf(
			    b, ": <a class=\"usa-link\" href=\"tel:%s\">%s</a>",
			    list[i].phone, list[i].phone);
		} else if (!list[i].may_contact) {
			html_raw(b, ": do not contact");
		}
		html_raw(b, "</li>");
	}
	if (!shown)
		html_raw(b, "<li>No one recorded yet.</li>");
	html_printf(b,
	            "</ul>\n<p><a class=\"usa-link\" "
	            "href=\"/persons/%lld/supports\">Support network</a></p>\n",
	            (long long)r->person_id);
}
