/* credential_pages.c — a staff member's credentials as pages
 * (/staff/{id}/credentials) and their section of the staff record; the
 * kinds and the settings are credential_kind_pages.c. */
#include "../../auth/permissions.h"
#include "../../core/text.h"
#include "../../handlers.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../programs/program_zone.h"
#include "credential.h"
#include "credential_pages.h"
#include "staff_record.h"

#include <stdlib.h>
#include <string.h>

bool credential_audit(struct req *r, const char *action, const char *type,
                      int64_t id, const char *detail)
{
	if (req_audit(r, &(struct audit_entry){
	                     action, type,
	                     arena_sprintf(&r->arena, "%lld", (long long)id), 0,
	                     "success", detail ? detail : ""}))
		return true;
	reply_audit_unavailable(r, NULL);
	return false;
}

enum db_status credential_commit(struct req *r, enum db_status s,
                                 const char *action, const char *type,
                                 int64_t id, const char *detail)
{
	struct actor who = req_actor(r);
	return audit_commit(r->db, s, &who,
	                    &(struct audit_entry){
	                        action, type,
	                        arena_sprintf(&r->arena, "%lld", (long long)id),
	                        0, "success", detail ? detail : ""});
}

/* ---- kinds -------------------------------------------------------------- */

/* The state of each credential and the required kinds missing, for the
 * record's section and the credentials page. */
static void credentials_table(struct req *r, const struct user *u,
                              const struct credential *list, int n, bool keep)
{
	struct html *b = page_html(r);
	struct workforce_settings set;
	workforce_settings_get(r->db, &r->arena, &set);
	int warn = warn_days_max(set.credential_warn_days);
	const char *today = request_today(r);
	const char **missing;
	int nmissing = 0;
	credential_kinds_missing(r->db, &r->arena, u->id, u->role, &missing,
	                         &nmissing);
	if (nmissing) {
		html_raw(b,
		         "<div class=\"usa-alert usa-alert--warning "
		         "usa-alert--slim\"><div class=\"usa-alert__body\"><p "
		         "class=\"usa-alert__text\">Missing, required for "
		         "the role: ");
		for (int i = 0; i < nmissing; i++)
			html_printf(b, "%s%s", i ? ", " : "", missing[i]);
		html_raw(b, ".</p></div></div>\n");
	}
	if (!n) {
		html_raw(b, "<p>No credential recorded.</p>\n");
		return;
	}
	html_raw(b, "<table class=\"usa-table usa-table--stacked\"><caption>"
	            "Credentials</caption><thead><tr><th scope=\"col\">Kind"
	            "</th><th scope=\"col\">Number</th><th scope=\"col\">"
	            "Issued by</th><th scope=\"col\">Issued on</th><th "
	            "scope=\"col\">Status</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const struct credential *c = &list[i];
		int days;
		enum credential_state st =
		    credential_state_on(c, today, warn, &days);
		html_raw(b, "<tr><th scope=\"row\" data-label=\"Kind\">");
		if (keep)
			html_printf(b,
			            "<a class=\"usa-link\" href=\"/staff/%lld/"
			            "credentials/%lld\">%s</a>",
			            (long long)u->id, (long long)c->id,
			            c->kind_name);
		else
			html_printf(b, "%s", c->kind_name);
		html_printf(
		    b,
		    "</th><td data-label=\"Number\">%s</td><td "
		    "data-label=\"Issued by\">%s</td><td "
		    "data-label=\"Issued on\">%s</td><td "
		    "data-label=\"Status\" data-state=\"%s\">%s%s%s</td>"
		    "</tr>",
		    c->number, c->issuer, c->issued_on,
		    credential_state_name(st),
		    st == CRED_EXPIRED || st == CRED_EXPIRING ? "<strong>" : "",
		    credential_state_text(&r->arena, c, st, days),
		    st == CRED_EXPIRED || st == CRED_EXPIRING ? "</strong>"
		                                              : "");
	}
	html_raw(b, "</tbody></table>\n");
}

void credentials_section(struct req *r, const struct user *u)
{
	struct credential *list;
	int n;
	struct html *b = page_html(r);
	if (credentials_of(r->db, &r->arena, u->id, &list, &n) != DB_DONE ||
	    !req_audit(r,
	               &(struct audit_entry){
	                   "read", "staff_credential",
	                   arena_sprintf(&r->arena, "%lld", (long long)u->id),
	                   0, "success", "staff record"})) {
		html_raw(b, "<p>The credentials could not be read.</p>");
		return;
	}
	credentials_table(r, u, list, n, false);
	html_printf(b,
	            "<p><a class=\"usa-link\" href=\"/staff/%lld/credentials\">"
	            "%s</a></p>",
	            (long long)u->id,
	            permission_granted(r->role, PERM_WORKFORCE)
	                ? "Add or change credentials"
	                : "All credentials");
}

static struct choice *kind_choices(struct req *r, int *n)
{
	struct credential_kind *kinds;
	*n = 0;
	if (credential_kinds_list(r->db, &r->arena, &kinds, n) != DB_DONE)
		return NULL;
	struct choice *c =
	    arena_alloc(&r->arena, sizeof *c * (size_t)(*n ? *n : 1));
	for (int i = 0; c && i < *n; i++)
		c[i] = (struct choice){
		    arena_sprintf(&r->arena, "%lld", (long long)kinds[i].id),
		    kinds[i].name};
	return c;
}

static void credential_form(struct req *r, const char *action,
                            const struct credential *c,
                            const struct field_error *e, const char *button)
{
	struct html *b = page_html(r);
	int nk;
	struct choice *kinds = kind_choices(r, &nk);
	if (e)
		form_error_summary(b, e,
		                   fields_label(credential_fields,
		                                credential_field_count,
		                                e->field));
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"%s\">",
	            action);
	form_csrf(r);
	form_required_note(b);
	form_select(b,
	            &(struct form_field){
	                "kind_id", "Kind",
	                c && c->kind_id ? arena_sprintf(&r->arena, "%lld",
	                                                (long long)c->kind_id)
	                                : NULL,
	                NULL, field_error_for(e, "kind_id"), NULL, true},
	            kinds, nk);
	form_text(b, &(struct form_field){
	                 "number", "Number", c ? c->number : NULL, NULL,
	                 field_error_for(e, "number"), "off", false});
	form_text(b, &(struct form_field){
	                 "issuer", "Issued by", c ? c->issuer : NULL,
	                 "The certification board, the state, "
	                 "the trainer.",
	                 field_error_for(e, "issuer"), "off", false});
	form_input(
	    b,
	    &(struct form_field){"issued_on", "Issued on",
	                         c ? c->issued_on : NULL, "Today or earlier.",
	                         field_error_for(e, "issued_on"), "off", true},
	    "date");
	form_input(b,
	           &(struct form_field){
	               "expires_on", "Expires on", c ? c->expires_on : NULL,
	               "Leave empty when it does not expire.",
	               field_error_for(e, "expires_on"), "off", false},
	           "date");
	html_printf(b,
	            "<button class=\"usa-button\" type=\"submit\">%s</button>"
	            "</form>\n",
	            button);
}

static void credentials_view(struct req *r, int status, const struct user *u,
                             const struct credential *typed,
                             const struct field_error *e)
{
	struct credential *list;
	int n;
	if (credentials_of(r->db, &r->arena, u->id, &list, &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	if (!credential_audit(r, "read", "staff_credential", u->id, NULL))
		return;
	bool keep = permission_granted(r->role, PERM_WORKFORCE);
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, arena_sprintf(&r->arena, "Credentials of %s", u->name),
	           NULL);
	html_printf(b,
	            "<p><a class=\"usa-link\" href=\"/staff/%lld\">%s</a></p>\n"
	            "<h1>Credentials of %s</h1>\n",
	            (long long)u->id, u->name, u->name);
	credentials_table(r, u, list, n, keep);
	if (keep) {
		html_raw(b, "<h2>Add a credential</h2>\n");
		credential_form(r,
		                arena_sprintf(&r->arena,
		                              "/staff/%lld/credentials",
		                              (long long)u->id),
		                typed, e, "Add the credential");
	}
	page_end(r);
	reply_html(r, status);
}

/* GET /staff/{id}/credentials */
void staff_credentials_page(struct req *r)
{
	struct user u;
	if (staff_record_access(r, req_id(r, "id"), false, &u))
		credentials_view(r, 200, &u, NULL, NULL);
}

/* POST /staff/{id}/credentials */
void staff_credentials_submit(struct req *r)
{
	struct user u;
	if (!staff_record_access(r, req_id(r, "id"), true, &u))
		return;
	struct credential c = {0};
	struct field_error e;
	fields_from_form(r, credential_fields, credential_field_count, &c);
	if (credential_validate(r->db, &r->arena, &c, zone_of_request(r), &e)) {
		credentials_view(r, 400, &u, &c, &e);
		return;
	}
	int64_t id = 0;
	if (credential_insert(r, &u, &c, &id) != DB_OK)
		reply_db_failure(r);
	else
		reply_redirect(r, arena_sprintf(&r->arena,
		                                "/staff/%lld/credentials",
		                                (long long)u.id));
}

bool credential_of_route(struct req *r, const struct user *u,
                         struct credential *c)
{
	enum db_status s =
	    credential_get(r->db, &r->arena, u->id, req_id(r, "cid"), c);
	if (s == DB_ROW)
		return true;
	if (s == DB_DONE)
		reply_error(r, 404, "not_found", "There is no such credential.",
		            NULL);
	else
		reply_db_failure(r);
	return false;
}

static void credential_edit_view(struct req *r, int status,
                                 const struct user *u, int64_t cid,
                                 const struct credential *c,
                                 const struct field_error *e)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Edit a credential", NULL);
	html_printf(b,
	            "<p><a class=\"usa-link\" href=\"/staff/%lld/credentials\">"
	            "Credentials of %s</a></p>\n<h1>Edit a credential</h1>\n",
	            (long long)u->id, u->name);
	const char *action =
	    arena_sprintf(&r->arena, "/staff/%lld/credentials/%lld",
	                  (long long)u->id, (long long)cid);
	credential_form(r, action, c, e, "Save the credential");
	html_printf(b,
	            "<h2>Remove</h2>\n<p>Recorded by mistake? Removing keeps "
	            "it in the audit log.</p><form method=\"post\" "
	            "action=\"%s/remove\">",
	            action);
	form_csrf(r);
	html_raw(b, "<button class=\"usa-button usa-button--secondary\" "
	            "type=\"submit\">Remove the credential</button></form>\n");
	page_end(r);
	reply_html(r, status);
}

/* GET /staff/{id}/credentials/{cid} */
void staff_credential_page(struct req *r)
{
	struct user u;
	struct credential c;
	if (!staff_record_access(r, req_id(r, "id"), true, &u) ||
	    !credential_of_route(r, &u, &c))
		return;
	if (credential_audit(r, "read", "staff_credential", c.id, NULL))
		credential_edit_view(r, 200, &u, c.id, &c, NULL);
}

/* POST /staff/{id}/credentials/{cid} */
void staff_credential_submit(struct req *r)
{
	struct user u;
	struct credential old, c = {0};
	struct field_error e;
	if (!staff_record_access(r, req_id(r, "id"), true, &u) ||
	    !credential_of_route(r, &u, &old))
		return;
	fields_from_form(r, credential_fields, credential_field_count, &c);
	if (credential_validate(r->db, &r->arena, &c, zone_of_request(r), &e)) {
		credential_edit_view(r, 400, &u, old.id, &c, &e);
		return;
	}
	enum db_status s = db_begin(r->db);
	if (s == DB_OK)
		s = credential_update(r->db, u.id, old.id, &c);
	s = credential_commit(r, s, "update", "staff_credential", old.id, NULL);
	if (s != DB_OK)
		reply_db_failure(r);
	else
		reply_redirect(r, arena_sprintf(&r->arena,
		                                "/staff/%lld/credentials",
		                                (long long)u.id));
}

/* POST /staff/{id}/credentials/{cid}/remove */
void staff_credential_remove_submit(struct req *r)
{
	struct user u;
	struct credential c;
	if (!staff_record_access(r, req_id(r, "id"), true, &u) ||
	    !credential_of_route(r, &u, &c))
		return;
	enum db_status s = db_begin(r->db);
	if (s == DB_OK)
		s = credential_remove(r->db, u.id, c.id);
	s = credential_commit(r, s, "delete", "staff_credential", c.id, NULL);
	if (s != DB_OK)
		reply_db_failure(r);
	else
		reply_redirect(r, arena_sprintf(&r->arena,
		                                "/staff/%lld/credentials",
		                                (long long)u.id));
}

enum db_status credential_insert(struct req *r, const struct user *u,
                                 const struct credential *c, int64_t *id)
{
	enum db_status s = db_begin(r->db);
	if (s == DB_OK)
		s = credential_add(r->db, u->id, c, req_user_id(r), id);
	return credential_commit(
	    r, s, "create", "staff_credential", *id,
	    arena_sprintf(&r->arena, "staff %lld", (long long)u->id));
}
