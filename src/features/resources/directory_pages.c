/* directory_pages.c — a service's own page (everything a person needs to
 * go: address with a map link, phone to tap, hours for each day, cost,
 * languages, who can use it, what to bring, the partner contact) and the
 * handlers that add, edit and remove a service.  Reading needs
 * PERM_DIRECTORY, keeping PERM_DIRECTORY_EDIT (src/routes.c). */
#include "../../auth/audit.h"
#include "../../auth/permissions.h"
#include "../../handlers.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "directory_form.h"
#include "directory_view.h"

#include <string.h>

enum db_status dir_commit(struct req *r, enum db_status s, const char *action,
                          const char *type, const char *id, const char *detail)
{
	struct actor who = req_actor(r);
	return audit_commit(r->db, s, &who,
	                    &(struct audit_entry){action, type, id, 0,
	                                          "success",
	                                          detail ? detail : ""});
}

/* The route's service into s: false having answered 404 or 503. */
bool dir_service_of_route(struct req *r, struct dir_service *s)
{
	enum db_status st =
	    dir_service_get(r->db, &r->arena, req_path_text(r, "uuid"), s);
	if (st == DB_ROW)
		return true;
	if (st == DB_DONE)
		reply_error(r, 404, "not_found",
		            "There is no such service in the directory.", NULL);
	else
		reply_db_failure(r);
	return false;
}

/* GET /resources/{uuid} */
void resource_page(struct req *r)
{
	struct dir_service s;
	if (!dir_service_of_route(r, &s))
		return;
	struct html *b = page_html(r);
	page_begin(r, s.name, "resources");
	dir_service_view(r, &s);
	if (permission_granted(r->role, PERM_DIRECTORY_EDIT)) {
		html_printf(b,
		            "<h2>Keeping it</h2><p><a class=\"usa-button\" "
		            "href=\"/resources/%s/edit\">Edit the service</a>"
		            "</p>",
		            s.id);
		html_printf(b,
		            "<details><summary>Remove the service</summary>"
		            "<form method=\"post\" action=\"/resources/%s/"
		            "delete\">",
		            s.id);
		form_csrf(r);
		html_raw(b, "<p>It leaves the directory for good; referrals to "
		            "it keep its name.</p><button class=\"usa-button "
		            "usa-button--secondary\" type=\"submit\">Yes, "
		            "remove it</button></form></details>");
	}
	page_end(r);
	reply_html(r, 200);
}

/* GET /resources/new[?organization=ID] */
void resource_new_page(struct req *r)
{
	struct dir_service s;
	dir_service_blank(&s);
	const char *org = req_query(r, "organization");
	s.organization_id = org ? org : "";
	dir_service_form(r, 200, &s, NULL);
}

/* GET /resources/{uuid}/edit */
void resource_edit_page(struct req *r)
{
	struct dir_service s;
	if (dir_service_of_route(r, &s))
		dir_service_form(r, 200, &s, NULL);
}

/* Saves the posted form (old: the service as stored, or NULL for a new
 * one) and goes to its page, or shows the form again. */
static void submit(struct req *r, const struct dir_service *old)
{
	struct dir_service s;
	memset(&s, 0, sizeof s);
	dir_service_from_form(r, &s);
	s.id = old ? old->id : "";
	struct field_error e;
	if (dir_service_validate(r->db, &r->arena, &s, &e)) {
		dir_service_form(r, 400, &s, &e);
		return;
	}
	enum db_status st = db_begin(r->db);
	if (st == DB_OK)
		st = dir_service_save(r->db, &r->arena, &s, old);
	st = dir_commit(r, st, old ? "update" : "create", "resource_service",
	                s.id, s.name);
	if (st != DB_OK) {
		reply_db_failure(r);
		return;
	}
	reply_redirect(r, arena_sprintf(&r->arena, "/resources/%s", s.id));
}

/* POST /resources */
void resource_create_submit(struct req *r)
{
	submit(r, NULL);
}

/* POST /resources/{uuid} */
void resource_update_submit(struct req *r)
{
	struct dir_service old;
	if (dir_service_of_route(r, &old))
		submit(r, &old);
}

/* POST /resources/{uuid}/delete */
void resource_delete_submit(struct req *r)
{
	struct dir_service s;
	if (!dir_service_of_route(r, &s))
		return;
	enum db_status st = db_begin(r->db);
	if (st == DB_OK)
		st = dir_service_remove(r->db, s.id);
	st = dir_commit(r, st, "delete", "resource_service", s.id, s.name);
	if (st != DB_OK) {
		reply_db_failure(r);
		return;
	}
	reply_redirect(r,
	               arena_sprintf(&r->arena, "/resources/organizations/%s",
	                             s.organization_id));
}
