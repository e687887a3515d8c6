/* transfer_pages.c — moving a person to another team: the rules that need
 * the request, the page (/persons/{id}/transfer), the API
 * (POST /api/v1/persons/{id}/transfer) and the supervisor's list of
 * transfers into their teams.  ROUTE_PERSON: the router checks that the
 * requester is on the person's team now, and commits the transfer with its
 * audit entries. */
#include "../../core/clock.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../teams/team.h"
#include "person.h"
#include "../programs/program_zone.h"
#include "person_edit.h"
#include "transfer.h"

#include <string.h>
#include <time.h>

/* Supervisors, program managers and administrators may move a person to
 * any team; others only to a team they are on. */
static bool moves_anywhere(const struct req *r)
{
	return r->role == ROLE_SUPERVISOR || r->role == ROLE_PROGRAM_MANAGER ||
	       r->role == ROLE_ADMIN;
}

enum transfer_done transfer_checked(struct req *r, struct transfer *t,
                                    int64_t *id, struct field_error *e)
{
	struct person p;
	const char *team, *program;
	if (person_edit_refuse_break_glass(r) == ANSWERED)
		return TRANSFER_ANSWERED;
	if (fields_validate_in(&r->arena, transfer_fields, transfer_field_count,
	                       t, zone_of_request(r), e))
		return TRANSFER_REFUSED;
	t->person_id = r->person_id;
	if (person_get_for_change(r->db, &r->arena, r->person_id, &p) !=
	    DB_ROW) {
		reply_db_failure(r);
		return TRANSFER_ANSWERED;
	}
	if (t->to_team_id == p.team_id) {
		*e = (struct field_error){.field = "to_team_id",
		                          .message =
		                              "They are on this team already."};
		return TRANSFER_REFUSED;
	}
	enum db_status s = transfer_team_names(r->db, &r->arena, t->to_team_id,
	                                       &team, &program);
	if (s == DB_DONE) {
		*e = (struct field_error){.field = "to_team_id",
		                          .message = "There is no such team."};
		return TRANSFER_REFUSED;
	}
	if (s == DB_ROW && !moves_anywhere(r)) {
		s = team_is_member(r->db, t->to_team_id, r->session.user_id);
		if (s == DB_DONE) {
			*e = (struct field_error){
			    .field = "to_team_id",
			    .message = "You can move a person only to a team "
			               "you are on; "
			               "a supervisor, program manager or "
			               "administrator "
			               "can move them to any team."};
			return TRANSFER_REFUSED;
		}
	}
	if (s == DB_ROW)
		s = transfer_record(r->db, t, p.team_id, r->session.user_id,
		                    id);
	if (s == DB_DONE) { /* moved by someone else meanwhile */
		reply_error(r, 409, "conflict",
		            "Someone else moved this person just now. Nothing "
		            "was changed.",
		            NULL);
		return TRANSFER_ANSWERED;
	}
	if (s != DB_OK) {
		reply_db_failure(r);
		return TRANSFER_ANSWERED;
	}
	/* the teams' numbers, never the reason */
	if (!req_audit(r, &(struct audit_entry){
	                      "create", "transfer",
	                      arena_sprintf(&r->arena, "%lld", (long long)*id),
	                      r->person_id, "success",
	                      arena_sprintf(&r->arena, "team %lld to team %lld",
	                                    (long long)p.team_id,
	                                    (long long)t->to_team_id)})) {
		reply_audit_unavailable(r, NULL);
		return TRANSFER_ANSWERED;
	}
	return TRANSFERRED;
}

/* The teams offered: those the requester may move the person to, without
 * the person's own, after a first empty choice. */
static enum answer team_choices(struct req *r, int64_t current,
                                struct choice **out, int *n)
{
	struct team *teams;
	int nteams;
	if (team_list(r->db, &r->arena, r->session.user_id, !moves_anywhere(r),
	              &teams, &nteams) != DB_DONE) {
		reply_db_failure(r);
		return ANSWERED;
	}
	*out = arena_alloc(&r->arena, (size_t)(nteams + 1) * sizeof **out);
	(*out)[0] = (struct choice){"", "- Choose a team -"};
	*n = 1;
	for (int i = 0; i < nteams; i++)
		if (teams[i].id != current)
			(*out)[(*n)++] = (struct choice){
			    arena_sprintf(&r->arena, "%lld",
			                  (long long)teams[i].id),
			    arena_sprintf(&r->arena, "%s (%s)", teams[i].name,
			                  teams[i].program_name)};
	return GO_ON;
}

static void transfer_form(struct req *r, int status, const struct transfer *t,
                          const struct field_error *e)
{
	struct person p;
	struct choice *choices;
	int n;
	if (person_get(r->db, &r->arena, r->person_id, &p) != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	if (team_choices(r, p.team_id, &choices, &n) == ANSWERED)
		return;
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Move to another team", "persons");
	html_printf(b,
	            "<h1>Move to another team</h1>\n<p class=\"usa-intro\">%s "
	            "· on %s now</p>\n<p>From the moment you save, the team "
	            "they move to has their record and %s no longer does. "
	            "The move is kept in the record's <a class=\"usa-link\" "
	            "href=\"/persons/%lld/history\">history</a>.</p>\n",
	            person_display_name(&p), p.team_name, p.team_name,
	            (long long)p.id);
	if (e)
		form_error_summary(b, e,
		                   fields_label(transfer_fields,
		                                transfer_field_count,
		                                e->field));
	if (n == 1)
		html_raw(
		    b, "<p>There is no other team you can move them to.</p>\n");
#define ERR(f) field_error_for(e, f)
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/persons/%lld/transfer\">",
	            (long long)p.id);
	form_csrf(r);
	form_required_note(b);
	form_select(b,
	            &(struct form_field){
	                "to_team_id", "Move to team",
	                t->to_team_id ? arena_sprintf(&r->arena, "%lld",
	                                              (long long)t->to_team_id)
	                              : NULL,
	                NULL, ERR("to_team_id"), NULL,
	                fields_required(transfer_fields, transfer_field_count,
	                                "to_team_id")},
	            choices, n);
	form_input(b,
	           &(struct form_field){
	               "transferred_on", "Date of the move", t->transferred_on,
	               "Today or earlier.", ERR("transferred_on"), "off",
	               fields_required(transfer_fields, transfer_field_count,
	                               "transferred_on")},
	           "date");
	form_textarea(b, &(struct form_field){
	                     "reason", "Reason", t->reason, NULL, ERR("reason"),
	                     NULL,
	                     fields_required(transfer_fields,
	                                     transfer_field_count, "reason")});
#undef ERR
	html_printf(b,
	            "<button class=\"usa-button\" type=\"submit\">Move "
	            "them</button> <a class=\"usa-button usa-button--outline\" "
	            "href=\"/persons/%lld\">Cancel</a></form>\n",
	            (long long)p.id);
	page_end(r);
	reply_html(r, status);
}

/* GET /persons/{id}/transfer (ROUTE_PERSON) */
void transfer_page(struct req *r)
{
	if (person_edit_refuse_break_glass(r) == ANSWERED)
		return;
	transfer_form(r, 200,
	              &(struct transfer){.transferred_on = request_today(r),
	                                 .reason = ""},
	              NULL);
}

/* POST /persons/{id}/transfer (ROUTE_PERSON) */
void transfer_submit(struct req *r)
{
	struct transfer t = {0};
	struct field_error e;
	int64_t id;
	fields_from_form(r, transfer_fields, transfer_field_count, &t);
	switch (transfer_checked(r, &t, &id, &e)) {
	case TRANSFERRED:
		/* the record is the new team's now: back to it when the
		 * requester is on that team, else to their list */
		reply_redirect(r,
		               team_is_member(r->db, t.to_team_id,
		                              r->session.user_id) == DB_ROW
		                   ? arena_sprintf(&r->arena, "/persons/%lld",
		                                   (long long)r->person_id)
		                   : "/persons");
		return;
	case TRANSFER_REFUSED:
		transfer_form(r, 400, &t, &e);
		return;
	case TRANSFER_ANSWERED:
		return;
	}
}

void transfer_json(struct buf *b, const struct transfer *t)
{
	json_object_begin(b);
	json_field_int(b, "id", t->id);
	json_field_int(b, "person_id", t->person_id);
	json_field_int(b, "from_team_id", t->from_team_id);
	json_field_text(b, "from_team_name", t->from_team_name);
	json_field_text(b, "from_program_name", t->from_program_name);
	json_field_int(b, "to_team_id", t->to_team_id);
	json_field_text(b, "to_team_name", t->to_team_name);
	json_field_text(b, "to_program_name", t->to_program_name);
	json_field_text(b, "transferred_on", t->transferred_on);
	json_field_text(b, "reason", t->reason);
	json_field_int(b, "transferred_by", t->transferred_by);
	json_field_text(b, "transferred_by_name", t->transferred_by_name);
	json_field_text(b, "created_at", t->created_at);
	json_object_end(b);
}

/* POST /api/v1/persons/{id}/transfer {to_team_id, transferred_on, reason}
 * → 201 with the transfer (ROUTE_PERSON). */
void transfer_api(struct req *r)
{
	struct transfer t = {0};
	struct transfer *list;
	struct field_error e;
	int64_t id;
	int n;
	if (fields_from_json(r, transfer_fields, transfer_field_count, NULL,
	                     &t) == ANSWERED)
		return;
	switch (transfer_checked(r, &t, &id, &e)) {
	case TRANSFERRED:
		break;
	case TRANSFER_REFUSED:
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	case TRANSFER_ANSWERED:
		return;
	}
	if (transfer_list(r->db, &r->arena, r->person_id, &list, &n) !=
	        DB_DONE ||
	    n == 0 || list[0].id != id) {
		reply_db_failure(r);
		return;
	}
	buf_reset(&r->out);
	transfer_json(&r->out, &list[0]);
	reply_json_written(r, 201);
}

void transfers_in_section(struct req *r)
{
	char since[CLOCK_STAMP_SIZE];
	time_t t = time(NULL) - (time_t)TRANSFERS_IN_DAYS * 86400;
	struct tm tm;
	strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	struct transfer *list;
	int n;
	struct html *b = page_html(r);
	html_printf(b,
	            "<h2>Transferred to your teams</h2>\n<p>In the last %d "
	            "days.</p>\n",
	            TRANSFERS_IN_DAYS);
	if (transfers_into_my_teams(r->db, &r->arena, r->session.user_id, since,
	                            &list, &n) != DB_DONE) {
		html_raw(b,
		         "<p>The transfers could not be read just now.</p>\n");
		return;
	}
	if (!n) {
		html_raw(b, "<p>No one moved to your teams.</p>\n");
		return;
	}
	html_raw(b, "<ul class=\"usa-list\">");
	for (int i = 0; i < n; i++)
		html_printf(
		    b,
		    "<li><a class=\"usa-link\" href=\"/persons/%lld\">"
		    "%s</a>: from %s (%s) to %s (%s) on %s, recorded by "
		    "%s</li>",
		    (long long)list[i].person_id, list[i].person_name,
		    list[i].from_team_name, list[i].from_program_name,
		    list[i].to_team_name, list[i].to_program_name,
		    list[i].transferred_on, list[i].transferred_by_name);
	html_raw(b, "</ul>\n");
}
