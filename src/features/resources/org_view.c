/* org_view.c — an organization's page: what it is, its services, its
 * partner contacts and the liaison log, with the forms that add to them
 * for those who keep the directory. */
#include "org_view.h"

#include "../../auth/permissions.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "directory_view.h"

static void services(struct req *r, const struct dir_org *o, bool edit)
{
	struct html *b = page_html(r);
	html_raw(b, "<h2 id=\"services\">Services</h2>");
	struct db_stmt *st =
	    db_query(r->db,
	             "SELECT id, name, status FROM hsds_services WHERE"
	             " organization_id = ? ORDER BY name, id LIMIT 500",
	             DB_TEXT(o->id));
	int n = 0;
	while (db_row(st)) {
		if (!n++)
			html_raw(b, "<ul class=\"usa-list\">");
		html_printf(b,
		            "<li><a class=\"usa-link\" href=\"/resources/%s\">"
		            "%s</a>",
		            db_column_text(st, 0), db_column_text(st, 1));
		if (strcmp(db_column_text(st, 2), "active"))
			html_printf(b, " (%s)", db_column_text(st, 2));
		html_raw(b, "</li>");
	}
	db_end(r->db, st);
	if (n)
		html_raw(b, "</ul>");
	else
		html_raw(b, "<p>None yet.</p>");
	if (edit)
		html_printf(b,
		            "<p><a class=\"usa-button usa-button--outline\" "
		            "href=\"/resources/new?organization=%s\">Add a "
		            "service</a></p>",
		            o->id);
}

static void partners(struct req *r, const struct dir_org *o, bool edit,
                     const struct field_error *e,
                     const struct dir_partner *draft)
{
	struct html *b = page_html(r);
	struct dir_partner *list;
	int n = 0;
	dir_partners_of(r->db, &r->arena, o->id, &list, &n);
	html_raw(b, "<h2 id=\"partners\">Partner contacts</h2>");
	if (!n)
		html_raw(b, "<p>No partner contact yet.</p>");
	for (int i = 0; i < n; i++) {
		html_printf(b,
		            "<div class=\"margin-bottom-2\"><p><strong>%s"
		            "</strong>",
		            list[i].name);
		if (*list[i].title)
			html_printf(b, ", %s", list[i].title);
		if (*list[i].phone) {
			html_raw(b, "<br>");
			dir_tel_link(b, list[i].phone);
		}
		if (*list[i].email)
			html_printf(
			    b,
			    "<br><a class=\"usa-link\" href=\"mailto:%s\">"
			    "%s</a>",
			    list[i].email, list[i].email);
		if (*list[i].note)
			html_printf(b, "<br>%s", list[i].note);
		html_raw(b, "</p>");
		if (edit) {
			html_printf(b,
			            "<form method=\"post\" action=\"/resources/"
			            "organizations/%s/partners/%lld/delete\">",
			            o->id, (long long)list[i].id);
			form_csrf(r);
			html_printf(
			    b,
			    "<button class=\"usa-button usa-button--"
			    "unstyled\" type=\"submit\">Remove %s</button>"
			    "</form>",
			    list[i].name);
		}
		html_raw(b, "</div>");
	}
	if (!edit)
		return;
	html_printf(b,
	            "<details%s><summary class=\"usa-button usa-button--"
	            "outline\">Add a partner contact</summary>",
	            draft ? " open" : "");
	if (draft)
		form_error_summary(b, e,
		                   fields_label(dir_partner_fields,
		                                dir_partner_field_count,
		                                e->field));
	html_printf(b,
	            "<form class=\"usa-form\" method=\"post\" action=\"/"
	            "resources/organizations/%s/partners\">",
	            o->id);
	form_csrf(r);
	const struct field_error *pe = draft ? e : NULL;
#define F(n, id, v)                                                            \
	(&(struct form_field){                                                 \
	    id, fields_label(dir_partner_fields, dir_partner_field_count, n),  \
	    draft ? draft->v : "", NULL, field_error_for(pe, n), "off",        \
	    fields_required(dir_partner_fields, dir_partner_field_count, n)})
	form_text(b, F("name", "name", name));
	form_text(b, F("title", "title", title));
	form_text(b, F("phone", "phone", phone));
	form_text(b, F("email", "email", email));
	form_textarea(b, F("note", "note", note));
#undef F
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Add the "
	            "contact</button></form></details>");
}

static void liaison(struct req *r, const struct dir_org *o, bool edit,
                    const struct field_error *e,
                    const struct dir_liaison *draft)
{
	struct html *b = page_html(r);
	struct dir_liaison *list;
	int n = 0;
	dir_liaison_of(r->db, &r->arena, o->id, &list, &n);
	html_raw(b, "<h2 id=\"liaison\">Liaison log</h2>");
	if (edit) {
		html_printf(b,
		            "<details%s><summary class=\"usa-button usa-"
		            "button--outline\">Log a meeting or call</summary>",
		            draft ? " open" : "");
		if (draft)
			form_error_summary(b, e,
			                   fields_label(dir_liaison_fields,
			                                dir_liaison_field_count,
			                                e->field));
		html_printf(b,
		            "<form class=\"usa-form\" method=\"post\" "
		            "action=\"/resources/organizations/%s/liaison\">",
		            o->id);
		form_csrf(r);
		const struct field_error *le = draft ? e : NULL;
#define F(n, v, hint)                                                          \
	(&(struct form_field){                                                 \
	    n, fields_label(dir_liaison_fields, dir_liaison_field_count, n),   \
	    draft ? draft->v : "", hint, field_error_for(le, n), "off",        \
	    fields_required(dir_liaison_fields, dir_liaison_field_count, n)})
		form_input(b, F("happened_on", happened_on, NULL), "date");
		form_select(b, F("kind", kind, NULL), dir_liaison_kinds,
		            dir_liaison_kind_count);
		form_textarea(b, F("summary", summary, NULL));
		form_textarea(b, F("follow_up", follow_up,
		                   "Who does what next, and by when."));
#undef F
		html_raw(b, "<button class=\"usa-button\" type=\"submit\">Log "
		            "it</button></form></details>");
	}
	if (!n) {
		html_raw(b, "<p>Nothing logged yet.</p>");
		return;
	}
	html_raw(b, "<ol class=\"usa-list usa-list--unstyled\">");
	for (int i = 0; i < n; i++) {
		html_printf(
		    b,
		    "<li class=\"margin-bottom-2\"><strong>%s, %s</strong>"
		    " by %s<br>%s",
		    list[i].happened_on,
		    choice_label(dir_liaison_kinds, dir_liaison_kind_count,
		                 list[i].kind),
		    list[i].staff_name, list[i].summary);
		if (*list[i].follow_up)
			html_printf(b, "<br>Follow-up: %s", list[i].follow_up);
		html_raw(b, "</li>");
	}
	html_raw(b, "</ol>");
}

void org_page_show(struct req *r, const struct dir_org *o, int status,
                   const struct field_error *e,
                   const struct dir_partner *partner,
                   const struct dir_liaison *log)
{
	struct html *b = page_html(r);
	bool edit = permission_granted(r->role, PERM_DIRECTORY_EDIT);
	html_reset(b);
	page_begin(r, o->name, "resources");
	html_printf(b,
	            "<h1>%s</h1><p><a class=\"usa-link\" href=\"/resources/"
	            "organizations\">All organizations</a></p>",
	            o->name);
	if (o->recovery_friendly || o->peer_run) {
		html_raw(b, "<p>");
		if (o->recovery_friendly)
			html_raw(b, "<span class=\"usa-tag bg-green\">Recovery "
			            "friendly</span> ");
		if (o->peer_run)
			html_raw(b, "<span class=\"usa-tag bg-green\">Peer-run"
			            "</span>");
		html_raw(b, "</p>");
	}
	if (*o->description)
		html_printf(b, "<p>%s</p>", o->description);
	html_raw(b, "<dl>");
	if (*o->phone) {
		html_raw(b, "<dt>Phone</dt><dd>");
		dir_tel_link(b, o->phone);
		html_raw(b, "</dd>");
	}
	if (*o->email)
		html_printf(b,
		            "<dt>E-mail</dt><dd><a class=\"usa-link\" "
		            "href=\"mailto:%s\">%s</a></dd>",
		            o->email, o->email);
	if (*o->website)
		html_printf(b,
		            "<dt>Website</dt><dd><a class=\"usa-link\" "
		            "href=\"%s\">%s</a></dd>",
		            strncmp(o->website, "http", 4) ? "#" : o->website,
		            o->website);
	html_raw(b, "</dl>");
	if (edit)
		html_printf(
		    b,
		    "<p><a class=\"usa-button usa-button--outline\" "
		    "href=\"/resources/organizations/%s/edit\">Edit the "
		    "organization</a></p>",
		    o->id);
	services(r, o, edit);
	partners(r, o, edit, e, partner);
	liaison(r, o, edit, e, log);
	if (edit) {
		html_printf(b,
		            "<h2>Removing it</h2><details><summary>Remove the "
		            "organization and its services</summary><form "
		            "method=\"post\" action=\"/resources/organizations/"
		            "%s/delete\">",
		            o->id);
		form_csrf(r);
		html_raw(b,
		         "<p>The organization, its services, locations, "
		         "partner contacts and liaison log leave the "
		         "directory for good.</p><button class=\"usa-button "
		         "usa-button--secondary\" type=\"submit\">Yes, remove "
		         "it all</button></form></details>");
	}
	page_end(r);
	reply_html(r, status);
}
