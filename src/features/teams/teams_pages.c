/* teams_pages.c — teams for program managers and admins: the list with a
 * form to add one, and membership changes; the same through the API. */
#include "../../auth/audit.h"
#include "../../auth/users.h"
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "team.h"

#include <stdio.h>
#include <string.h>

/* GET /teams */
void teams_page(struct req *r)
{
	struct team *list;
	int count;
	if (team_list(r->db, &r->arena, 0, false, &list, &count) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	page_begin(r, "Teams", "teams");
	html_raw(
	    b, "<h1>Teams</h1>\n<table class=\"usa-table usa-table--stacked\">"
	       "<caption>Teams and their programs</caption><thead><tr>"
	       "<th scope=\"col\">Team</th><th scope=\"col\">Program</th>"
	       "<th scope=\"col\">Members</th><th scope=\"col\">Number</th>"
	       "</tr></thead><tbody>\n");
	for (int i = 0; i < count; i++) {
		html_printf(
		    b,
		    "<tr><th scope=\"row\" data-label=\"Team\">%s</th><td "
		    "data-label=\"Program\">%s</td><td "
		    "data-label=\"Members\">%lld</td><td "
		    "data-label=\"Number\">%lld</td></tr>\n",
		    list[i].name, list[i].program_name,
		    (long long)list[i].members, (long long)list[i].id);
	}
	html_raw(
	    b,
	    "</tbody></table>\n<h2>Add a team</h2>\n<form class=\"usa-form\" "
	    "method=\"post\" action=\"/teams\">");
	form_csrf(r);
	form_text(b, &(struct form_field){"name", "Team name", NULL, NULL, NULL,
	                                  "off", false});
	form_text(b, &(struct form_field){"program_id", "Program number", NULL,
	                                  NULL, NULL, "off", false});
	html_raw(
	    b, "<button class=\"usa-button\" type=\"submit\">Add team</button>"
	       "</form>\n<h2>Team members</h2>\n<form class=\"usa-form\" "
	       "method=\"post\" action=\"/teams/members\">");
	form_csrf(r);
	form_text(b, &(struct form_field){"team_id", "Team number", NULL, NULL,
	                                  NULL, "off", false});
	form_text(b, &(struct form_field){"email", "Staff member's e-mail",
	                                  NULL, NULL, NULL, "off", false});
	html_raw(b,
	         "<button class=\"usa-button\" type=\"submit\" name=\"action\" "
	         "value=\"add\">Add to team</button><button class=\"usa-button "
	         "usa-button--outline\" type=\"submit\" name=\"action\" "
	         "value=\"remove\">Remove from team</button></form>\n");
	page_end(r);
	reply_html(r, 200);
}

static void audit_team(struct req *r, const char *action, int64_t team,
                       const char *detail)
{
	req_audit(r, &(struct audit_entry){
	                 action, "team",
	                 arena_sprintf(&r->arena, "%lld", (long long)team), 0,
	                 "success", detail});
}

/* A team as forms, the API and its answers name it.  The order is the
 * API's: id, program_id, name, members. */
static const struct field team_fields[] = {
    FIELD_ID_AT(struct team, id, "id", "Team", FIELD_OUTPUT_ONLY),
    FIELD_ID_AT(struct team, program_id, "program_id", "Program number",
                FIELD_REQUIRED,
                .message = "Program must be a program's number."),
    FIELD_LINE_AT(struct team, name, "name", "Team name", FIELD_REQUIRED, 120,
                  .message = "Team name is required (at most 120 "
                             "characters)."),
    FIELD_ID_AT(struct team, members, "members", "Members", FIELD_OUTPUT_ONLY),
};

/* Creates the team t (validated here): answers on failure. */
static enum answer create(struct req *r, struct team *t)
{
	struct field_error e;
	if (fields_validate(&r->arena, FIELDS(team_fields), t, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return ANSWERED;
	}
	enum db_status s = team_create(r->db, t->program_id, t->name, &t->id);
	if (s == DB_CONSTRAINT) {
		reply_error(r, 409, "conflict",
		            "That program has no such number, or "
		            "already has a team of that name.",
		            "name");
		return ANSWERED;
	}
	if (s != DB_OK) {
		reply_db_failure(r);
		return ANSWERED;
	}
	audit_team(r, "create", t->id, t->name);
	return GO_ON;
}

/* Adds or removes a member: answers and returns -1 on failure. */
static int membership(struct req *r, const char *team, const char *email,
                      bool add)
{
	int64_t team_id;
	struct user u;
	const char *e = user_email_normal(&r->arena, email);
	if (!text_to_id(team, &team_id)) {
		reply_error(r, 400, "invalid", "Team must be a team's number.",
		            "team_id");
		return -1;
	}
	if (!e || user_by_email(r->db, &r->arena, e, &u) != DB_ROW) {
		reply_error(r, 400, "invalid",
		            "There is no staff member with that "
		            "e-mail address.",
		            "email");
		return -1;
	}
	enum db_status s = team_member_set(r->db, team_id, u.id, add);
	if (s == DB_CONSTRAINT) {
		reply_error(r, 400, "invalid",
		            "There is no team with that number.", "team_id");
		return -1;
	}
	if (s != DB_OK) {
		reply_db_failure(r);
		return -1;
	}
	audit_team(r, "update", team_id,
	           arena_sprintf(&r->arena, "%s user %lld",
	                         add ? "added" : "removed", (long long)u.id));
	return 0;
}

/* POST /teams name=&program_id= */
void team_create_page(struct req *r)
{
	struct team t = {0};
	fields_from_form(r, FIELDS(team_fields), &t);
	if (create(r, &t) == GO_ON)
		reply_redirect(r, "/teams");
}

/* POST /teams/members team_id=&email=&action=add|remove */
void team_members_page(struct req *r)
{
	const char *action = req_form(r, "action");
	if (membership(r, req_form(r, "team_id"), req_form(r, "email"),
	               !action || strcmp(action, "remove")) == 0)
		reply_redirect(r, "/teams");
}

/* GET /api/v1/teams → every team (admins, managers) */
void teams_api_list(struct req *r)
{
	struct team *list;
	int count;
	if (team_list(r->db, &r->arena, 0, false, &list, &count) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct buf *b = &r->out;
	json_raw(b, "{\"items\":[");
	for (int i = 0; i < count; i++) {
		if (i)
			json_raw(b, ",");
		json_raw(b, "{");
		fields_json(b, FIELDS(team_fields), &list[i]);
		json_raw(b, "}");
	}
	api_list_end(r, false, 0);
}

/* POST /api/v1/teams {name, program_id} → 201 {id} */
void teams_api_create(struct req *r)
{
	struct team t = {0};
	if (fields_from_json(r, FIELDS(team_fields), NULL, &t) == GO_ON &&
	    create(r, &t) == GO_ON)
		api_reply_id(r, 201, t.id);
}

/* POST /api/v1/teams/{id}/members {email, remove?} → 204 */
void teams_api_members(struct req *r)
{
	static const char *const fields[] = {"email", "remove", NULL};
	const char *email;
	if (api_known_fields(r, fields) ||
	    api_string(r, r->json, "email", &email))
		return;
	if (membership(r, req_path_text(r, "id"), email,
	               !json_is_true(json_object_get(r->json, "remove"))) == 0)
		r->status = 204;
}
