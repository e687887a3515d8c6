/* org_pages.c — the directory's organizations: the list, an
 * organization's page (its services, partner contacts and liaison log),
 * and the forms that add, edit and remove one.  Reading needs
 * PERM_DIRECTORY; keeping it PERM_DIRECTORY_EDIT. */
#include "../../auth/permissions.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "directory.h"
#include "directory_view.h"
#include "../programs/program_zone.h"
#include "org_view.h"

#include <string.h>

/* The route's organization into o: false having answered 404 or 503. */
bool dir_org_of_route(struct req *r, struct dir_org *o)
{
	enum db_status st =
	    dir_org_get(r->db, &r->arena, req_path_text(r, "uuid"), o);
	if (st == DB_ROW)
		return true;
	if (st == DB_DONE)
		reply_error(r, 404, "not_found",
		            "There is no such organization in the directory.",
		            NULL);
	else
		reply_db_failure(r);
	return false;
}

/* GET /resources/organizations */
void organizations_page(struct req *r)
{
	struct dir_org *list;
	int n;
	if (dir_org_list(r->db, &r->arena, "", "", 1000, &list, &n) !=
	    DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	page_begin(r, "Organizations in the directory", "resources");
	html_raw(b, "<h1>Organizations in the directory</h1>");
	if (permission_granted(r->role, PERM_DIRECTORY_EDIT))
		html_raw(b, "<p><a class=\"usa-button\" href=\"/resources/"
		            "organizations/new\">Add an organization</a> <a "
		            "class=\"usa-button usa-button--outline\" "
		            "href=\"/resources/new\">Add a service</a></p>");
	if (!n)
		html_raw(b, "<p>None yet.</p>");
	else
		html_raw(b, "<ul class=\"usa-list\">");
	for (int i = 0; i < n && i < 1000; i++) {
		html_printf(b,
		            "<li><a class=\"usa-link\" href=\"/resources/"
		            "organizations/%s\">%s</a>",
		            list[i].id, list[i].name);
		if (list[i].peer_run)
			html_raw(b, " <span class=\"usa-tag bg-green\">Peer-run"
			            "</span>");
		html_raw(b, "</li>");
	}
	if (n)
		html_raw(b, "</ul>");
	page_end(r);
	reply_html(r, 200);
}

static const char *org_label(const char *name)
{
	return fields_label(dir_org_fields, dir_org_field_count, name);
}

static void org_form(struct req *r, int status, const struct dir_org *o,
                     const struct field_error *e)
{
	struct html *b = page_html(r);
	bool edit = o->id && *o->id;
	html_reset(b);
	page_begin(r, edit ? "Edit an organization" : "Add an organization",
	           "resources");
	html_printf(b, "<h1>%s</h1>",
	            edit ? "Edit the organization" : "Add an organization");
	if (e && e->field)
		form_error_summary(b, e, org_label(e->field));
	if (edit)
		html_printf(b,
		            "<form class=\"usa-form usa-form--large\" "
		            "method=\"post\" action=\"/resources/"
		            "organizations/%s\">",
		            o->id);
	else
		html_raw(b, "<form class=\"usa-form usa-form--large\" "
		            "method=\"post\" action=\"/resources/"
		            "organizations\">");
	form_csrf(r);
	form_required_note(b);
#define F(n, v, hint)                                                          \
	(&(struct form_field){                                                 \
	    n, org_label(n), v, hint, field_error_for(e, n), "off",            \
	    fields_required(dir_org_fields, dir_org_field_count, n)})
	form_text(b, F("name", o->name, NULL));
	form_text(b, F("alternate_name", o->alternate_name, NULL));
	form_textarea(b, F("description", o->description, NULL));
	form_text(b, F("phone", o->phone, "Like 203-555-0100."));
	form_text(b, F("email", o->email, NULL));
	form_text(b, F("website", o->website, "Like https://example.org"));
#undef F
	form_checkbox(b, "recovery_friendly", "Recovery friendly",
	              o->recovery_friendly);
	form_checkbox(b, "peer_run", "Peer-run", o->peer_run);
	html_printf(b,
	            "<button class=\"usa-button\" type=\"submit\">%s</button>"
	            "</form>",
	            edit ? "Save the organization" : "Add the organization");
	page_end(r);
	reply_html(r, status);
}

/* GET /resources/organizations/new */
void organization_new_page(struct req *r)
{
	struct dir_org o = {"", "", "", "", "", "", "", false, false};
	org_form(r, 200, &o, NULL);
}

/* GET /resources/organizations/{uuid}/edit */
void organization_edit_page(struct req *r)
{
	struct dir_org o;
	if (dir_org_of_route(r, &o))
		org_form(r, 200, &o, NULL);
}

static void org_submit(struct req *r, const struct dir_org *old)
{
	struct dir_org o = {0};
	fields_from_form(r, dir_org_fields, dir_org_field_count, &o);
	o.id = old ? old->id : "";
	struct field_error e;
	if (fields_validate(&r->arena, dir_org_fields, dir_org_field_count, &o,
	                    &e)) {
		org_form(r, 400, &o, &e);
		return;
	}
	enum db_status st = db_begin(r->db);
	if (st == DB_OK)
		st = dir_org_save(r->db, &r->arena, &o, old);
	st = dir_commit(r, st, old ? "update" : "create",
	                "resource_organization", o.id, o.name);
	if (st != DB_OK) {
		reply_db_failure(r);
		return;
	}
	reply_redirect(
	    r, arena_sprintf(&r->arena, "/resources/organizations/%s", o.id));
}

/* POST /resources/organizations */
void organization_create_submit(struct req *r)
{
	org_submit(r, NULL);
}

/* POST /resources/organizations/{uuid} */
void organization_update_submit(struct req *r)
{
	struct dir_org old;
	if (dir_org_of_route(r, &old))
		org_submit(r, &old);
}

bool dir_org_remove_of_route(struct req *r)
{
	struct dir_org o;
	if (!dir_org_of_route(r, &o))
		return false;
	enum db_status st = db_begin(r->db);
	if (st == DB_OK)
		st = dir_org_remove(r->db, &r->arena, o.id);
	st = dir_commit(r, st, "delete", "resource_organization", o.id, o.name);
	if (st != DB_OK) {
		reply_db_failure(r);
		return false;
	}
	return true;
}

/* POST /resources/organizations/{uuid}/delete */
void organization_delete_submit(struct req *r)
{
	if (dir_org_remove_of_route(r))
		reply_redirect(r, "/resources/organizations");
}

/* GET /resources/organizations/{uuid} */
void organization_page(struct req *r)
{
	struct dir_org o;
	if (dir_org_of_route(r, &o))
		org_page_show(r, &o, 200, NULL, NULL, NULL);
}

/* POST /resources/organizations/{uuid}/partners */
void organization_partner_submit(struct req *r)
{
	struct dir_org o;
	if (!dir_org_of_route(r, &o))
		return;
	struct dir_partner p = {0};
	fields_from_form(r, dir_partner_fields, dir_partner_field_count, &p);
	p.organization_id = o.id;
	struct field_error e;
	if (fields_validate(&r->arena, dir_partner_fields,
	                    dir_partner_field_count, &p, &e)) {
		org_page_show(r, &o, 400, &e, &p, NULL);
		return;
	}
	int64_t id = 0;
	enum db_status st = db_begin(r->db);
	if (st == DB_OK)
		st = dir_partner_add(r->db, &p, &id);
	st = dir_commit(r, st, "create", "resource_partner",
	                arena_sprintf(&r->arena, "%lld", (long long)id), o.id);
	if (st != DB_OK)
		reply_db_failure(r);
	else
		reply_redirect(r, arena_sprintf(&r->arena,
		                                "/resources/organizations/%s"
		                                "#partners",
		                                o.id));
}

/* POST /resources/organizations/{uuid}/partners/{pid}/delete */
void organization_partner_delete_submit(struct req *r)
{
	struct dir_org o;
	if (!dir_org_of_route(r, &o))
		return;
	enum db_status st = db_begin(r->db);
	if (st == DB_OK)
		st = dir_partner_remove(r->db, o.id, req_id(r, "pid"));
	if (st == DB_DONE) {
		db_rollback(r->db);
		reply_error(r, 404, "not_found",
		            "The organization has no such partner contact.",
		            NULL);
		return;
	}
	st = dir_commit(
	    r, st == DB_ROW ? DB_OK : st, "delete", "resource_partner",
	    arena_sprintf(&r->arena, "%lld", (long long)req_id(r, "pid")),
	    o.id);
	if (st != DB_OK)
		reply_db_failure(r);
	else
		reply_redirect(r, arena_sprintf(&r->arena,
		                                "/resources/organizations/%s"
		                                "#partners",
		                                o.id));
}

/* POST /resources/organizations/{uuid}/liaison */
void organization_liaison_submit(struct req *r)
{
	struct dir_org o;
	if (!dir_org_of_route(r, &o))
		return;
	struct dir_liaison l = {0};
	fields_from_form(r, dir_liaison_fields, dir_liaison_field_count, &l);
	l.organization_id = o.id;
	l.staff_id = r->has_session ? r->session.user_id : r->token_owner;
	struct field_error e;
	if (fields_validate_in(&r->arena, dir_liaison_fields,
	                       dir_liaison_field_count, &l, zone_of_request(r),
	                       &e)) {
		org_page_show(r, &o, 400, &e, NULL, &l);
		return;
	}
	int64_t id = 0;
	enum db_status st = db_begin(r->db);
	if (st == DB_OK)
		st = dir_liaison_add(r->db, &l, &id);
	st = dir_commit(r, st, "create", "resource_liaison",
	                arena_sprintf(&r->arena, "%lld", (long long)id), o.id);
	if (st != DB_OK)
		reply_db_failure(r);
	else
		reply_redirect(r, arena_sprintf(&r->arena,
		                                "/resources/organizations/%s"
		                                "#liaison",
		                                o.id));
}
