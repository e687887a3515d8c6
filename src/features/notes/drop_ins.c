/* drop_ins.c — the Peer Desk: drop-ins by someone not enrolled (name
 * optional, always counted), as a page and in the API.
 *
 * A drop-in is a contact with no person, signed as it is saved, counted
 * for one of the staff member's teams.  It is part of no one's record, so
 * it is never billed and a trainee's is not held for co-signature; it is
 * audited like any other change.  Team members see their teams' drop-ins;
 * program managers (who report services) see every team's. */
#include "../../core/clock.h"
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
#include "../teams/team.h"
#include "../programs/program_zone.h"
#include "contact.h"

#include <stdio.h>
#include <string.h>

enum { DROP_INS_SHOWN = 50 };

/* A drop-in as the form and the API name it, in its JSON's order: a
 * contact with no person and no kind to choose, counted for a team.  The
 * rules are the contact's (contact_validate); this table reads it and
 * writes it back. */
static const struct field drop_in_fields[] = {
    FIELD_ID_AT(struct contact, id, "id", "Drop-in", FIELD_OUTPUT_ONLY),
    FIELD_ID_AT(struct contact, team_id, "team_id", "Team", 0),
    FIELD_DATE_AT(struct contact, contact_on, "contact_on", "Date",
                  FIELD_REQUIRED | FIELD_NOT_FUTURE),
    FIELD_TIME_AT(struct contact, starts_at, "starts_at", "Start time", 0),
    FIELD_TIME_AT(struct contact, ends_at, "ends_at", "End time", 0),
    FIELD_CHOICE_AT(struct contact, location, "location", "Where", 0,
                    contact_locations, &contact_location_count),
    FIELD_LINE_AT(struct contact, visitor_name, "visitor_name", "Their name", 0,
                  200),
    FIELD_TEXT_AT(struct contact, did_together, "did_together",
                  "What we did together", 0, CONTACT_TEXT_MAX),
    FIELD_TEXT_AT(struct contact, response, "response",
                  "How the person responded", 0, CONTACT_TEXT_MAX),
    FIELD_TEXT_AT(struct contact, next_steps, "next_steps", "Next steps", 0,
                  CONTACT_TEXT_MAX),
    FIELD_TEXT_AT(struct contact, team_notice, "team_notice",
                  "What the team should know", 0, CONTACT_TEXT_MAX),
    FIELD_LINE_AT(struct contact, staff_name, "staff", "Counted by",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct contact, signed_at, "signed_at", "Signed",
                  FIELD_OUTPUT_ONLY, 0),
};

/* The team the drop-in counts for: the one named (c->team_id, which must
 * be the staff member's), or their only team.  DB_OK with c->team_id 0
 * and *e when neither. */
static enum db_status drop_in_team(struct req *r, struct contact *c,
                                   struct field_error *e)
{
	struct team *teams;
	int n;
	enum db_status s =
	    team_list(r->db, &r->arena, r->session.user_id, true, &teams, &n);
	if (s != DB_DONE)
		return s;
	int64_t named = c->team_id;
	c->team_id = 0;
	if (!named && n == 1)
		c->team_id = teams[0].id;
	for (int i = 0; named && i < n; i++)
		if (teams[i].id == named)
			c->team_id = named;
	if (!c->team_id)
		*e = (struct field_error){
		    .field = "team_id",
		    .message =
		        n ? "Team: choose one of your teams."
		          : "Team: you are on no team, so a drop-in cannot be "
		            "counted for one; ask a program manager."};
	return DB_OK;
}

/* What recording a drop-in came to. */
enum record_result {
	COUNTED, /* saved and signed */
	REFUSED, /* *e names the field at fault; nothing saved */
	FAILED,  /* the request was answered (the database, the audit) */
};

/* Saves and signs c with its audit entry, in one transaction. */
static enum record_result record(struct req *r, struct contact *c,
                                 struct field_error *e)
{
	c->kind = "peer_desk";
	c->goals = "[]";
	c->person_id = 0;
	c->staff_id = r->session.user_id;
	if (drop_in_team(r, c, e) != DB_OK) {
		reply_db_failure(r);
		return FAILED;
	}
	const char *zone = zone_of_team(r->db, &r->arena, c->team_id);
	if (!c->team_id || contact_validate(&r->arena, c, zone, true, e))
		return REFUSED;
	if (db_begin(r->db) != DB_OK) {
		reply_db_failure(r);
		return FAILED;
	}
	enum db_status s = contact_save_draft(r->db, c);
	if (s == DB_OK)
		s = contact_sign(r->db, &r->arena, 0, c->id, c->staff_id, false,
		                 zone, e);
	if (s == DB_CONSTRAINT && e->field) {
		db_rollback(r->db);
		return REFUSED;
	}
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)c->id);
	if (s == DB_OK &&
	    !req_audit(r, &(struct audit_entry){"create", "drop_in", id, 0,
	                                        "success", ""})) {
		db_rollback(r->db);
		reply_audit_unavailable(r, NULL);
		return FAILED;
	}
	if (s != DB_OK || db_commit(r->db) != DB_OK) {
		if (db_in_transaction(r->db))
			db_rollback(r->db);
		reply_db_failure(r);
		return FAILED;
	}
	return COUNTED;
}

/* The period asked for (?from=&to=), by default this month so far. */
static enum answer period(struct req *r, const char **from, const char **to)
{
	const char *today = request_today(r);
	*from = req_query(r, "from");
	*to = req_query(r, "to");
	if (!*from || !**from)
		*from = arena_sprintf(&r->arena, "%.8s01", today);
	if (!*to || !**to)
		*to = today;
	if (!text_is_date(*from) || !text_is_date(*to) ||
	    strcmp(*from, *to) > 0) {
		reply_error(r, 400, "invalid",
		            "from and to must be dates like 2026-11-01, from "
		            "not after to.",
		            text_is_date(*from) ? "to" : "from");
		return ANSWERED;
	}
	return GO_ON;
}

static enum db_status load(struct req *r, const char *from, const char *to,
                           int limit, struct contact **list, int *n,
                           int64_t *total)
{
	enum db_status s =
	    contact_drop_ins(r->db, &r->arena, r->session.user_id,
	                     permission_granted(r->role, PERM_BILLING), from,
	                     to, limit, list, n, total);
	if (s == DB_DONE &&
	    !req_audit(r, &(struct audit_entry){"query", "drop_in", "", 0,
	                                        "success", ""})) {
		reply_audit_unavailable(r, NULL);
		return DB_ERROR;
	}
	if (s != DB_DONE)
		reply_db_failure(r);
	return s;
}

/* POST /api/v1/drop-ins {team_id?, contact_on, …} → 201 {id} */
void drop_ins_api_create(struct req *r)
{
	struct contact c = {0};
	struct field_error e;
	if (fields_from_json(r, FIELDS(drop_in_fields), NULL, &c) == ANSWERED)
		return;
	enum record_result done = record(r, &c, &e);
	if (done == REFUSED)
		reply_error(r, 400, "invalid", e.message, e.field);
	else if (done == COUNTED)
		api_reply_id(r, 201, c.id);
}

/* GET /api/v1/drop-ins?from=&to=&limit= → {items, total} */
void drop_ins_api_list(struct req *r)
{
	const char *from, *to;
	int limit;
	int64_t after, total;
	struct contact *list;
	int n;
	if (period(r, &from, &to) == ANSWERED ||
	    api_page(r, &limit, &after) == ANSWERED ||
	    load(r, from, to, limit, &list, &n, &total) != DB_DONE)
		return;
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	json_field_text(b, "from", from);
	json_field_text(b, "to", to);
	json_field_int(b, "total", total);
	json_field(b, "items");
	json_raw(b, "[");
	for (int i = 0; i < n; i++) {
		const struct contact *c = &list[i];
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		fields_json(b, FIELDS(drop_in_fields), c);
		json_object_end(b);
	}
	json_raw(b, "]}");
	reply_json_written(r, 200);
}

static void drop_in_form(struct req *r, const struct contact *c,
                         const char *team, const struct field_error *e)
{
	struct html *b = page_html(r);
	struct team *teams;
	int n = 0;
	if (team_list(r->db, &r->arena, r->session.user_id, true, &teams, &n) !=
	    DB_DONE)
		n = 0;
#define ERR(f) field_error_for(e, f)
	if (e)
		form_error_summary(
		    b, e, fields_label(FIELDS(drop_in_fields), e->field));
	html_raw(b, "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/drop-ins\">");
	form_csrf(r);
	form_required_note(b);
	if (n > 1) {
		struct choice *choices =
		    arena_alloc(&r->arena, (size_t)n * sizeof *choices);
		for (int i = 0; i < n; i++)
			choices[i] = (struct choice){
			    arena_sprintf(&r->arena, "%lld",
			                  (long long)teams[i].id),
			    teams[i].name};
		form_select(
		    b,
		    &(struct form_field){
		        "team_id", "Team", team, NULL, ERR("team_id"), NULL,
		        fields_required(FIELDS(drop_in_fields), "team_id")},
		    choices, n);
	}
	form_text(b,
	          &(struct form_field){
	              "visitor_name", "Their name", c->visitor_name,
	              "Optional: a first name, or "
	              "nothing. Every visit is counted.",
	              ERR("visitor_name"), "off",
	              fields_required(FIELDS(drop_in_fields), "visitor_name")});
	form_input(b,
	           &(struct form_field){
	               "contact_on", "Date", c->contact_on, NULL,
	               ERR("contact_on"), "off",
	               fields_required(FIELDS(drop_in_fields), "contact_on")},
	           "date");
	form_input(b,
	           &(struct form_field){
	               "starts_at", "Start time", c->starts_at, "Optional.",
	               ERR("starts_at"), "off",
	               fields_required(FIELDS(drop_in_fields), "starts_at")},
	           "time");
	form_input(b,
	           &(struct form_field){
	               "ends_at", "End time", c->ends_at, "Optional.",
	               ERR("ends_at"), "off",
	               fields_required(FIELDS(drop_in_fields), "ends_at")},
	           "time");
	form_textarea(
	    b, &(struct form_field){
	           "did_together", "What we did together", c->did_together,
	           "A few words: coffee and a talk, "
	           "help finding a shelter bed…",
	           ERR("did_together"), NULL,
	           fields_required(FIELDS(drop_in_fields), "did_together")});
	form_textarea(
	    b, &(struct form_field){
	           "team_notice", "What the team should know", c->team_notice,
	           "Optional.", ERR("team_notice"), NULL,
	           fields_required(FIELDS(drop_in_fields), "team_notice")});
#undef ERR
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Count this "
	            "drop-in</button></form>\n");
}

static void drop_ins_view(struct req *r, int status, const struct contact *c,
                          const char *team, const struct field_error *e)
{
	const char *from, *to;
	struct contact *list;
	int n;
	int64_t total;
	if (period(r, &from, &to) == ANSWERED ||
	    load(r, from, to, DROP_INS_SHOWN, &list, &n, &total) != DB_DONE)
		return;
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Peer Desk drop-ins", "drop-ins");
	html_raw(b, "<h1>Peer Desk drop-ins</h1>\n<p>For someone who is not "
	            "enrolled. A drop-in by someone who is goes on their "
	            "page.</p>\n");
	if (!strcmp(req_query(r, "saved") ? req_query(r, "saved") : "", "1"))
		html_raw(b,
		         "<div class=\"usa-alert usa-alert--success "
		         "usa-alert--slim\" role=\"status\"><div "
		         "class=\"usa-alert__body\"><p class=\"usa-alert__text"
		         "\">Drop-in counted.</p></div></div>\n");
	drop_in_form(r, c, team, e);
	html_printf(
	    b, "<h2>From %s to %s: %lld drop-ins</h2>\n<ul class=\"usa-list\">",
	    from, to, (long long)total);
	for (int i = 0; i < n; i++) {
		html_printf(b,
		            "<li>%s · %s · %s <span class=\"text-base\">— "
		            "%s</span></li>",
		            list[i].contact_on,
		            *list[i].visitor_name ? list[i].visitor_name
		                                  : "(no name)",
		            list[i].did_together, list[i].staff_name);
	}
	if (!n)
		html_raw(b, "<li>None yet.</li>");
	html_raw(b, "</ul>\n");
	page_end(r);
	reply_html(r, status);
}

/* GET /drop-ins */
void drop_ins_page(struct req *r)
{
	struct contact c = {.contact_on = request_today(r),
	                    .starts_at = "",
	                    .ends_at = "",
	                    .visitor_name = "",
	                    .did_together = "",
	                    .team_notice = ""};
	drop_ins_view(r, 200, &c, "", NULL);
}

/* POST /drop-ins — counts it and comes back to the page, or shows the
 * form again with what was typed and the field at fault. */
void drop_ins_submit(struct req *r)
{
	struct contact c = {0};
	struct field_error e;
	fields_from_form(r, FIELDS(drop_in_fields), &c);
	/* the form asks only what a drop-in at the desk needs */
	c.location = "office";
	c.response = "";
	c.next_steps = "";
	enum record_result done = record(r, &c, &e);
	if (done == COUNTED)
		reply_redirect(r, "/drop-ins?saved=1");
	else if (done == REFUSED)
		drop_ins_view(r, 400, &c, req_form_text(r, "team_id"), &e);
}
