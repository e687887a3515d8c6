/* credential_kind_pages.c — the credential kinds the program keeps
 * (/workforce/credential-kinds) and the workforce settings
 * (/workforce/settings). */
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

/* The form's checkbox of each of credential_roles, in its order. */
static const char *const role_fields[] = {
    "role_peer_trainee", "role_peer_specialist", "role_supervisor",
    "role_program_manager", "role_admin"};

static void kind_from_form(struct req *r, struct credential_kind *k)
{
	fields_from_form(r, credential_kind_fields, credential_kind_field_count,
	                 k);
	k->roles = 0;
	for (int i = 0; i < credential_role_count; i++) {
		const char *v = req_form(r, role_fields[i]);
		if (v && (!strcmp(v, "1") || !strcmp(v, "on")))
			k->roles |= 1u << credential_roles[i];
	}
}

static void kind_form(struct req *r, const char *action,
                      const struct credential_kind *k,
                      const struct field_error *e, const char *button)
{
	struct html *b = page_html(r);
	if (e)
		form_error_summary(b, e,
		                   fields_label(credential_kind_fields,
		                                credential_kind_field_count,
		                                e->field));
	html_printf(b,
	            "<form class=\"usa-form\" method=\"post\" action=\"%s\">",
	            action);
	form_csrf(r);
	form_required_note(b);
	form_text(b, &(struct form_field){"name", "Name", k ? k->name : NULL,
	                                  "Like CPS certification or CPR and "
	                                  "first aid.",
	                                  field_error_for(e, "name"), "off",
	                                  true});
	html_raw(b, "<fieldset class=\"usa-fieldset\"><legend "
	            "class=\"usa-legend\">Roles that must hold it</legend>");
	for (int i = 0; i < credential_role_count; i++) {
		enum role role = credential_roles[i];
		form_checkbox(b, role_fields[i], role_label(role),
		              k && (k->roles & (1u << role)));
	}
	html_raw(b, "</fieldset>");
	form_checkbox(b, "billing_required",
	              "Billing needs it: a note by a staff member of those "
	              "roles without a current one is flagged in the billing "
	              "export",
	              k && k->billing_required);
	html_printf(b,
	            "<button class=\"usa-button\" type=\"submit\">%s</button>"
	            "</form>\n",
	            button);
}

static const char *roles_text(struct arena *a, unsigned roles)
{
	const char *text = NULL;
	for (int i = 0; i < credential_role_count; i++)
		if (roles & (1u << credential_roles[i]))
			text =
			    text
			        ? arena_sprintf(a, "%s, %s", text,
			                        role_label(credential_roles[i]))
			        : role_label(credential_roles[i]);
	return text ? text : "None";
}

static void kinds_view(struct req *r, int status, const struct field_error *e,
                       const struct credential_kind *typed)
{
	struct credential_kind *list;
	int n;
	if (credential_kinds_list(r->db, &r->arena, &list, &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Credential kinds", NULL);
	html_raw(b, "<h1>Credential kinds</h1>\n<p>The credentials the "
	            "program recognises, which roles must hold each, and "
	            "whether a note bills without it.</p>\n");
	if (!n) {
		html_raw(b, "<p>No kind of credential yet.</p>\n");
	} else {
		html_raw(b,
		         "<table class=\"usa-table usa-table--stacked\">"
		         "<caption>Kinds of credential</caption><thead><tr>"
		         "<th scope=\"col\">Name</th><th scope=\"col\">Roles "
		         "that must hold it</th><th scope=\"col\">Billing "
		         "needs it</th></tr></thead><tbody>");
		for (int i = 0; i < n; i++)
			html_printf(
			    b,
			    "<tr><th scope=\"row\" data-label=\"Name\">"
			    "<a class=\"usa-link\" href=\"/workforce/"
			    "credential-kinds/%lld\">%s</a></th><td "
			    "data-label=\"Roles\">%s</td><td "
			    "data-label=\"Billing needs it\">%s</td></tr>",
			    (long long)list[i].id, list[i].name,
			    roles_text(&r->arena, list[i].roles),
			    list[i].billing_required ? "Yes" : "No");
		html_raw(b, "</tbody></table>\n");
	}
	html_raw(b, "<h2>Add a kind</h2>\n");
	kind_form(r, "/workforce/credential-kinds", typed, e, "Add the kind");
	html_raw(b, "<p><a class=\"usa-link\" href=\"/workforce/settings\">"
	            "Workforce settings</a> (when to warn before a credential "
	            "expires)</p>\n");
	page_end(r);
	reply_html(r, status);
}

/* GET /workforce/credential-kinds */
void credential_kinds_page(struct req *r)
{
	kinds_view(r, 200, NULL, NULL);
}

/* POST /workforce/credential-kinds */
void credential_kinds_submit(struct req *r)
{
	struct credential_kind k = {0};
	struct field_error e;
	kind_from_form(r, &k);
	if (credential_kind_validate(r->db, &r->arena, &k, 0, &e)) {
		kinds_view(r, 400, &e, &k);
		return;
	}
	int64_t id = 0;
	enum db_status s = db_begin(r->db);
	if (s == DB_OK)
		s = credential_kind_save(r->db, &k, &id);
	s = credential_commit(r, s, "create", "credential_kind", id, k.name);
	if (s != DB_OK)
		reply_db_failure(r);
	else
		reply_redirect(r, "/workforce/credential-kinds");
}

static void kind_edit_view(struct req *r, int status, int64_t id,
                           const struct credential_kind *k,
                           const struct field_error *e)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Edit a credential kind", NULL);
	html_printf(
	    b,
	    "<p><a class=\"usa-link\" href=\"/workforce/"
	    "credential-kinds\">Credential kinds</a></p>\n<h1>%s</h1>\n",
	    k->name);
	kind_form(r,
	          arena_sprintf(&r->arena, "/workforce/credential-kinds/%lld",
	                        (long long)id),
	          k, e, "Save the kind");
	page_end(r);
	reply_html(r, status);
}

static bool load_kind(struct req *r, int64_t id, struct credential_kind *k)
{
	enum db_status s = credential_kind_get(r->db, &r->arena, id, k);
	if (s == DB_ROW)
		return true;
	if (s == DB_DONE)
		reply_error(r, 404, "not_found",
		            "There is no such kind of credential.", NULL);
	else
		reply_db_failure(r);
	return false;
}

/* GET /workforce/credential-kinds/{id} */
void credential_kind_page(struct req *r)
{
	struct credential_kind k;
	int64_t id = req_id(r, "id");
	if (load_kind(r, id, &k))
		kind_edit_view(r, 200, id, &k, NULL);
}

/* POST /workforce/credential-kinds/{id} */
void credential_kind_submit(struct req *r)
{
	struct credential_kind old, k = {0};
	struct field_error e;
	int64_t id = req_id(r, "id");
	if (!load_kind(r, id, &old))
		return;
	kind_from_form(r, &k);
	if (credential_kind_validate(r->db, &r->arena, &k, id, &e)) {
		kind_edit_view(r, 400, id, &k, &e);
		return;
	}
	enum db_status s = db_begin(r->db);
	if (s == DB_OK)
		s = credential_kind_save(r->db, &k, &id);
	s = credential_commit(r, s, "update", "credential_kind", id, k.name);
	if (s != DB_OK)
		reply_db_failure(r);
	else
		reply_redirect(r, "/workforce/credential-kinds");
}

/* ---- settings ----------------------------------------------------------- */

/* A whole number typed in a form: -1 when it is not one. */
static int64_t form_number(struct req *r, const char *name)
{
	const char *v = req_form_text(r, name);
	if (!*v || strlen(v) > 6)
		return -1;
	for (const char *p = v; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	return atoll(v);
}

static const char *num(struct req *r, int64_t v)
{
	return v < 0 ? "" : arena_sprintf(&r->arena, "%lld", (long long)v);
}

static void settings_view(struct req *r, int status,
                          const struct workforce_settings *typed,
                          const struct field_error *e, bool saved)
{
	struct workforce_settings now;
	if (!typed) {
		if (workforce_settings_get(r->db, &r->arena, &now) != DB_OK) {
			reply_db_failure(r);
			return;
		}
		typed = &now;
	}
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Workforce settings", NULL);
	html_raw(b, "<h1>Workforce settings</h1>\n");
	if (saved)
		html_raw(b,
		         "<div class=\"usa-alert usa-alert--success "
		         "usa-alert--slim\" role=\"status\"><div "
		         "class=\"usa-alert__body\"><p "
		         "class=\"usa-alert__text\">Saved.</p></div></div>\n");
	if (e)
		form_error_summary(b, e, NULL);
	html_raw(b, "<form class=\"usa-form\" method=\"post\" "
	            "action=\"/workforce/settings\">");
	form_csrf(r);
	form_required_note(b);
	form_text(
	    b, &(struct form_field){
	           "credential_warn_days", "Warn before a credential expires",
	           typed->credential_warn_days,
	           "Days before the expiry date, separated by commas: "
	           "60,30 warns 60 and again 30 days before.",
	           field_error_for(e, "credential_warn_days"), "off", true});
	form_input(b,
	           &(struct form_field){"trainee_months", "Months as a trainee",
	                                num(r, typed->trainee_months),
	                                "Supervised work before a trainee may "
	                                "be promoted (0 to 60).",
	                                field_error_for(e, "trainee_months"),
	                                "off", true},
	           "number");
	form_input(b,
	           &(struct form_field){
	               "trainee_hours", "Supervised hours as a trainee",
	               num(r, typed->trainee_hours), "0: no minimum of hours.",
	               field_error_for(e, "trainee_hours"), "off", true},
	           "number");
	form_input(b,
	           &(struct form_field){"policy_ack_days",
	                                "Days between policy acknowledgements",
	                                num(r, typed->policy_ack_days),
	                                "365: each staff member acknowledges "
	                                "the current policies yearly.",
	                                field_error_for(e, "policy_ack_days"),
	                                "off", true},
	           "number");
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Save the "
	            "settings</button></form>\n<p><a class=\"usa-link\" "
	            "href=\"/workforce/credential-kinds\">Credential "
	            "kinds</a></p>\n");
	page_end(r);
	reply_html(r, status);
}

/* GET /workforce/settings */
void workforce_settings_page(struct req *r)
{
	const char *saved = req_query(r, "saved");
	settings_view(r, 200, NULL, NULL, saved && !strcmp(saved, "1"));
}

/* POST /workforce/settings */
void workforce_settings_submit(struct req *r)
{
	struct workforce_settings s = {
	    .credential_warn_days = req_form_text(r, "credential_warn_days"),
	    .trainee_months = form_number(r, "trainee_months"),
	    .trainee_hours = form_number(r, "trainee_hours"),
	    .policy_ack_days = form_number(r, "policy_ack_days")};
	struct field_error e;
	const char *typed_days = s.credential_warn_days;
	if (workforce_settings_validate(&r->arena, &s, &e)) {
		s.credential_warn_days = typed_days;
		settings_view(r, 400, &s, &e, false);
		return;
	}
	enum db_status st = db_begin(r->db);
	if (st == DB_OK)
		st = workforce_settings_put(r->db, &s);
	st = credential_commit(r, st, "update", "workforce_settings", 1,
	                       s.credential_warn_days);
	if (st != DB_OK)
		reply_db_failure(r);
	else
		reply_redirect(r, "/workforce/settings?saved=1");
}

/* ---- a staff member's credentials --------------------------------------- */
