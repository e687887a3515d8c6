/* users_pages.c — staff administration pages: list, invite, one person's
 * account with its actions (role, disable/enable, reset, sign out). */
#include "../../http/api.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../account/account.h"
#include "users_admin.h"

#include <string.h>

static const char *label(const char *name)
{
	return fields_label(staff_fields, staff_field_count, name);
}

/* GET /users */
void users_page(struct req *r)
{
	struct user *list;
	int count, limit;
	if (users_admin_list_page(r, &list, &count, &limit) == ANSWERED)
		return;
	struct html *b = page_html(r);
	page_begin(r, "Staff", "users");
	html_raw(
	    b,
	    "<h1>Staff</h1>\n<p><a class=\"usa-button\" href=\"/users/new\">"
	    "Invite a staff member</a> <a class=\"usa-button "
	    "usa-button--outline\" "
	    "href=\"/api-tokens\">API tokens</a></p>\n"
	    "<div class=\"waypoint-table-wrap\"><table class=\"usa-table "
	    "usa-table--stacked\"><caption>Staff accounts</caption><thead><tr>"
	    "<th scope=\"col\">Name</th><th scope=\"col\">Role</th>"
	    "<th scope=\"col\">Status</th></tr></thead><tbody>\n");
	for (int i = 0; i < count && i < limit; i++) {
		const struct user *u = &list[i];
		html_printf(
		    b,
		    "<tr><th scope=\"row\" data-label=\"Name\"><a "
		    "class=\"usa-link\" "
		    "href=\"/users/%lld\">%s</a><br>%s</th><td "
		    "data-label=\"Role\">%s</td><td data-label=\"Status\">",
		    (long long)u->id, u->name, u->email, role_label(u->role));
		if (u->disabled)
			html_raw(b, "Disabled");
		else if (!u->password_hash)
			html_raw(b, "Invited");
		else
			html_raw(b, "Active");
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody></table></div>\n");
	if (count > limit) {
		html_printf(b,
		            "<p><a class=\"usa-link\" "
		            "href=\"/users?cursor=%lld\">Next page</a></p>\n",
		            (long long)list[limit - 1].id);
	}
	page_end(r);
	reply_html(r, 200);
}

/* The invitation form, labelled as staff_fields names its errors. */
static void new_form(struct req *r)
{
	struct html *b = page_html(r);
	page_begin(r, "Invite a staff member", "users");
	html_raw(b, "<h1>Invite a staff member</h1>\n<form class=\"usa-form "
	            "usa-form--large\" method=\"post\" action=\"/users\">");
	form_csrf(r);
	form_required_note(b);
	form_text(
	    b, &(struct form_field){
	           "name", label("name"), NULL, NULL, NULL, "off",
	           fields_required(staff_fields, staff_field_count, "name")});
	form_text(
	    b, &(struct form_field){
	           "email", label("email"), NULL, NULL, NULL, "off",
	           fields_required(staff_fields, staff_field_count, "email")});
	form_radios(
	    b,
	    &(struct form_field){
	        "role", label("role"), "peer_specialist", NULL, NULL, NULL,
	        fields_required(staff_fields, staff_field_count, "role")},
	    staff_roles, staff_role_count);
	html_raw(
	    b,
	    "<button class=\"usa-button\" type=\"submit\">Create account and "
	    "sign-in link</button></form>\n");
	page_end(r);
}

/* GET /users/new */
void user_new_page(struct req *r)
{
	new_form(r);
	reply_html(r, 200);
}

static void link_notice(struct html *b, const char *link)
{
	html_printf(
	    b,
	    "<div class=\"usa-alert usa-alert--success\" role=\"status\"><div "
	    "class=\"usa-alert__body\"><p class=\"usa-alert__text\">Give this "
	    "one-time sign-in link to the person (it is shown only now and "
	    "works for 7 days): <code "
	    "id=\"invite-link\">%s</code></p></div></div>\n",
	    link);
}

static void user_detail(struct req *r, const struct user *u, const char *link)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, u->name, "users");
	html_printf(b, "<h1>%s</h1>\n", u->name);
	if (link)
		link_notice(b, link);
	html_printf(b, "<p>%s · %s", u->email, role_label(u->role));
	if (u->disabled)
		html_raw(b, " · <strong>Disabled</strong>");
	if (u->totp_enabled)
		html_raw(b, " · two-step sign-in on");
	html_printf(b,
	            "</p>\n<form class=\"usa-form\" method=\"post\" "
	            "action=\"/users/%lld\">",
	            (long long)u->id);
	form_csrf(r);
	form_required_note(b);
	form_radios(
	    b,
	    &(struct form_field){
	        "role", label("role"), role_name(u->role), NULL, NULL, NULL,
	        fields_required(staff_fields, staff_field_count, "role")},
	    staff_roles, staff_role_count);
	html_printf(b,
	            "<button class=\"usa-button\" type=\"submit\" "
	            "name=\"action\" value=\"role\">Change "
	            "role</button></form>\n<h2>Access</h2>\n<form "
	            "method=\"post\" action=\"/users/%lld\">",
	            (long long)u->id);
	form_csrf(r);
	if (u->disabled)
		html_raw(b, "<button class=\"usa-button\" name=\"action\" "
		            "value=\"enable\">Enable account</button>");
	else
		html_raw(b,
		         "<button class=\"usa-button usa-button--secondary\" "
		         "name=\"action\" value=\"disable\">Disable "
		         "account</button>");
	html_raw(
	    b,
	    "<button class=\"usa-button usa-button--outline\" name=\"action\" "
	    "value=\"reset\">New sign-in link</button>"
	    "<button class=\"usa-button usa-button--outline\" name=\"action\" "
	    "value=\"signout\">Sign out everywhere</button></form>\n");
	page_end(r);
	reply_html(r, 200);
}

/* POST /users → the new account's page with its one-time link. */
void user_create_page(struct req *r)
{
	struct staff_account a = {0};
	const char *link;
	r->is_api = false;
	fields_from_form(r, staff_fields, staff_field_count, &a);
	if (users_admin_invite(r, &a, &link) == ANSWERED)
		return; /* the error page names the field */
	struct user u;
	if (user_get(r->db, &r->arena, a.id, &u) != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	user_detail(r, &u, link);
	r->status = 201;
}

/* GET /users/{id} */
void user_page(struct req *r)
{
	struct user u;
	if (users_admin_load(r, &u) == ANSWERED)
		return;
	user_detail(r, &u, NULL);
}

/* Does what the pressed button (action) says to u. */
static enum answer act(struct req *r, const struct user *u, const char *action,
                       const char **link)
{
	if (!strcmp(action, "role")) {
		struct staff_account chosen = {0};
		fields_from_form(r, staff_fields, staff_field_count, &chosen);
		return users_admin_change(r, u, chosen.role, ACCESS_KEEP);
	}
	if (!strcmp(action, "disable"))
		return users_admin_change(r, u, NULL, ACCESS_DISABLE);
	if (!strcmp(action, "enable"))
		return users_admin_change(r, u, NULL, ACCESS_ENABLE);
	if (!strcmp(action, "reset"))
		return users_admin_reset(r, u, link);
	if (!strcmp(action, "signout"))
		return users_admin_end_sessions(r, u);
	reply_error(r, 400, "invalid", "Choose what to do.", "action");
	return ANSWERED;
}

/* POST /users/{id} action=role|disable|enable|reset|signout */
void user_action_submit(struct req *r)
{
	struct user u;
	const char *link = NULL;
	if (users_admin_load(r, &u) == ANSWERED ||
	    act(r, &u, req_form_text(r, "action"), &link) == ANSWERED ||
	    users_admin_load(r, &u) == ANSWERED)
		return;
	user_detail(r, &u, link);
}
