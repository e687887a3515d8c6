/* persons_pages.c — persons served: the team's list and search, adding a
 * person, recording a stage change (the overview is features/overview/). Access
 * and audit are the router's (ROUTE_PERSON); the list is audited here as a
 * query. */
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../programs/program.h"
#include "../programs/program_zone.h"
#include "../teams/team.h"
#include "person.h"
#include "person_form.h"

#include <string.h>

const char *person_display_name(const struct person *p)
{
	return *p->preferred_name ? p->preferred_name : p->legal_name;
}

enum answer person_list_page(struct req *r, const char *q, struct person **list,
                             int *count, int *limit, int64_t *offset,
                             enum person_sort *sort)
{
	const char *by = req_query(r, "sort");
	if (by && !choice_known(person_sorts, person_sort_count, by)) {
		reply_error(r, 400, "bad_sort",
		            "sort must be name, newest or record.", "sort");
		return ANSWERED;
	}
	*sort = !by || !strcmp(by, "name") ? PERSON_SORT_NAME
	        : !strcmp(by, "newest")    ? PERSON_SORT_NEWEST
	                                   : PERSON_SORT_RECORD;
	/* the cursor is where the next page starts */
	if (api_page(r, limit, offset) == ANSWERED)
		return ANSWERED;
	/* an API token finds the persons of its scope, staff of their teams */
	if ((r->api_token_id
	         ? person_find_in(r->db, &r->arena, r->token_team_id,
	                          r->token_program_id, q, *sort, *offset,
	                          *limit + 1, list, count)
	         : person_find(r->db, &r->arena, r->session.user_id, q, *sort,
	                       *offset, *limit + 1, list, count)) != DB_DONE) {
		reply_db_failure(r);
		return ANSWERED;
	}
	req_audit(r, &(struct audit_entry){"query", "person", "", 0, "success",
	                                   q && *q ? "search" : "list"});
	return GO_ON;
}

/* Links to the list in each order, the current one marked. */
static void sort_links(struct html *b, const char *q, enum person_sort sort)
{
	html_raw(b, "<p>Sort by: ");
	for (int i = 0; i < person_sort_count; i++) {
		if (i)
			html_raw(b, " · ");
		html_raw(b, "<a class=\"usa-link\" href=\"/persons?q=");
		html_url_arg(b, q ? q : "");
		html_raw(b, "&amp;sort=");
		html_url_arg(b, person_sorts[i].code);
		html_raw(b, "\"");
		if (i == (int)sort)
			html_raw(b, " aria-current=\"true\"");
		html_printf(b, ">%s</a>", person_sorts[i].label);
	}
	html_raw(b, "</p>\n");
}

/* GET /persons?q=&sort=&cursor= — the persons of my teams. */
void persons_page(struct req *r)
{
	const char *q = req_query(r, "q");
	struct person *list;
	int count, limit;
	int64_t offset;
	enum person_sort sort;
	if (person_list_page(r, q, &list, &count, &limit, &offset, &sort) ==
	    ANSWERED)
		return;
	struct html *b = page_html(r);
	page_begin(r, "People", "persons");
	/* USWDS shows the button's word from 480 px up and its icon below,
	 * where the word is hidden: without the icon the button was blank on
	 * a phone. */
	html_printf(
	    b,
	    "<h1>People</h1>\n<label class=\"usa-label\" for=\"q\">Find a "
	    "person</label><form class=\"usa-search\" role=\"search\" "
	    "method=\"get\" action=\"/persons\"><input class=\"usa-input\" "
	    "id=\"q\" type=\"search\" name=\"q\" value=\"%s\"><button "
	    "class=\"usa-button\" type=\"submit\" aria-label=\"Find\"><span "
	    "class=\"usa-search__submit-text\">Find</span><img "
	    "class=\"usa-search__submit-icon\" alt=\"\" src=\"",
	    q ? q : "");
	page_asset_url(b, "uswds/img/usa-icons-bg/search--white.svg");
	html_raw(b, "\"></button></form>\n"
	            "<p><a class=\"usa-button\" href=\"/persons/new\">Add a "
	            "person</a></p>\n");
	sort_links(b, q, sort);
	if (count == 0)
		html_raw(b, "<p>No one found in your teams.</p>\n");
	else
		html_raw(b, "<ul class=\"usa-list usa-list--unstyled\">\n");
	for (int i = 0; i < count && i < limit; i++) {
		html_printf(
		    b,
		    "<li class=\"padding-y-1 border-bottom-1px "
		    "border-base-lighter\"><a class=\"usa-link text-bold\" "
		    "href=\"/persons/%lld\">%s</a> · %s · %s</li>\n",
		    (long long)list[i].id, person_display_name(&list[i]),
		    list[i].record_number, list[i].team_name);
	}
	if (count)
		html_raw(b, "</ul>\n");
	if (count > limit) {
		html_raw(b, "<p><a class=\"usa-link\" href=\"/persons?q=");
		html_url_arg(b, q ? q : "");
		html_raw(b, "&amp;sort=");
		html_url_arg(b, person_sorts[sort].code);
		html_printf(b, "&amp;cursor=%lld\">More</a></p>\n",
		            (long long)(offset + limit));
	}
	page_end(r);
	reply_html(r, 200);
}

/* The label the form shows for a field, for the error summary. */
static const char *label(const char *field)
{
	return strcmp(field, "confirm_duplicate")
	           ? fields_label(person_fields, person_field_count, field)
	           : "Possible duplicate";
}

/* One text input of the person's table, with its value and error. */
static void text_input(struct html *b, const char *name, const char *value,
                       const char *hint, const struct field_error *e)
{
	form_text(
	    b,
	    &(struct form_field){
	        name, label(name), value, hint, field_error_for(e, name), "off",
	        fields_required(person_fields, person_field_count, name)});
}

static void checkbox(struct html *b, const char *name, bool on)
{
	form_checkbox(b, name, label(name), on);
}

/* The team radios: the requester's teams, by number. */
static void team_radios(struct req *r, const struct team *teams, int nteams,
                        const struct person *p, const struct field_error *e)
{
	struct choice *team_choices =
	    arena_alloc(&r->arena, (size_t)(nteams + 1) * sizeof *team_choices);
	for (int i = 0; i < nteams; i++)
		team_choices[i] = (struct choice){
		    arena_sprintf(&r->arena, "%lld", (long long)teams[i].id),
		    arena_sprintf(&r->arena, "%s (%s)", teams[i].name,
		                  teams[i].program_name)};
	/* Most peers are on one team: that one is the answer, chosen. */
	int64_t team = p->team_id ? p->team_id : nteams == 1 ? teams[0].id : 0;
	form_radios(
	    page_html(r),
	    &(struct form_field){
	        "team_id", label("team_id"),
	        team ? arena_sprintf(&r->arena, "%lld", (long long)team) : NULL,
	        NULL, field_error_for(e, "team_id"), NULL,
	        fields_required(person_fields, person_field_count, "team_id")},
	    team_choices, nteams);
}

static void person_form(struct req *r, int status, const struct person *p,
                        const struct field_error *e)
{
	struct team *teams;
	int nteams;
	if (team_list(r->db, &r->arena, r->session.user_id, true, &teams,
	              &nteams) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Add a person", "persons");
	html_raw(b, "<h1>Add a person</h1>\n");
	if (e)
		form_error_summary(b, e, label(e->field));
	if (nteams == 0)
		html_raw(
		    b, "<p>You are not on a team yet: ask a program manager to "
		       "add you to one.</p>\n");
	html_raw(b, "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/persons\">");
	form_csrf(r);
	form_required_note(b);
	text_input(b, "legal_name", p->legal_name, NULL, e);
	text_input(b, "preferred_name", p->preferred_name,
	           "What they like to be called.", e);
	text_input(b, "pronouns", p->pronouns, NULL, e);
	text_input(b, "date_of_birth", p->date_of_birth,
	           "For example 1990-04-17.", e);
	text_input(b, "record_number", p->record_number, NULL, e);
	text_input(b, "payer_member_id", p->payer_member_id,
	           "The id their payer (such as Medicaid) knows them by, for "
	           "billing; empty if none.",
	           e);
	text_input(b, "phone", p->phone, NULL, e);
	text_input(b, "email", p->email, NULL, e);
	form_textarea(b, &(struct form_field){
	                     "address", label("address"), p->address,
	                     "Where they live or get mail, "
	                     "if they want us to have it.",
	                     field_error_for(e, "address"), NULL,
	                     fields_required(person_fields, person_field_count,
	                                     "address")});
	html_raw(
	    b, "<fieldset class=\"usa-fieldset\"><legend class=\"usa-legend\">"
	       "How they like to be reached</legend>");
	checkbox(b, "voicemail_ok", p->voicemail_ok);
	checkbox(b, "texts_ok", p->texts_ok);
	checkbox(b, "email_ok", p->email_ok);
	html_raw(b, "</fieldset>");
	text_input(b, "preferred_language", p->preferred_language, NULL, e);
	checkbox(b, "interpreter_needed", p->interpreter_needed);
	checkbox(b, "asl", p->asl);
	form_radios(b,
	            &(struct form_field){
	                "recovery_stage", label("recovery_stage"),
	                p->recovery_stage ? p->recovery_stage
	                                  : "pre_recovery_engagement",
	                NULL, field_error_for(e, "recovery_stage"), NULL,
	                fields_required(person_fields, person_field_count,
	                                "recovery_stage")},
	            recovery_stages, recovery_stage_count);
	team_radios(r, teams, nteams, p, e);
	if (e && !strcmp(e->field, "confirm_duplicate"))
		form_checkbox(b, "confirm_duplicate",
		              "This is a different person: save anyway", false);
	html_raw(b, "<button class=\"usa-button\" "
	            "type=\"submit\">Save</button></form>\n");
	page_end(r);
	reply_html(r, status);
}

/* GET /persons/new */
void person_new_page(struct req *r)
{
	struct person p;
	memset(&p, 0, sizeof p);
	person_form(r, 200, &p, NULL);
}

/* Creates the person and their audit entry in one transaction: added,
 * refused with the record number taken (in *e), or answered. */
static enum person_added create_audited(struct req *r, const struct person *p,
                                        int64_t *id, struct field_error *e)
{
	enum db_status s = db_begin(r->db);
	if (s == DB_OK)
		s = person_create(r->db, p, r->session.user_id, id);
	if (s == DB_CONSTRAINT) {
		db_rollback(r->db);
		*e = (struct field_error){.field = "record_number",
		                          .message = "Another person already "
		                                     "has this record number."};
		return PERSON_REFUSED;
	}
	if (s == DB_OK &&
	    !req_audit(r, &(struct audit_entry){
	                      "create", "person",
	                      arena_sprintf(&r->arena, "%lld", (long long)*id),
	                      *id, "success", ""})) {
		db_rollback(r->db);
		reply_audit_unavailable(r, NULL);
		return PERSON_ADD_ANSWERED;
	}
	if (s == DB_OK && (s = db_commit(r->db)) == DB_OK)
		return PERSON_ADDED;
	if (db_in_transaction(r->db))
		db_rollback(r->db);
	reply_db_failure(r);
	return PERSON_ADD_ANSWERED;
}

enum person_added person_add(struct req *r, const struct person *p,
                             bool confirmed, int64_t *id, struct field_error *e)
{
	if (person_validate(&r->arena, p,
	                    zone_of_team(r->db, &r->arena, p->team_id), e))
		return PERSON_REFUSED;
	/* The warning names nobody: the match may be in another team. */
	enum db_status dup =
	    confirmed ? DB_DONE
	              : person_possible_duplicate(r->db, &r->arena, p);
	if (dup == DB_ROW) {
		*e = (struct field_error){
		    .field = "confirm_duplicate",
		    .message = "Someone with this name and date of birth may "
		               "already have a record. Check with your "
		               "program manager, or confirm this is a "
		               "different person."};
		return PERSON_MAYBE_DUPLICATE;
	}
	if (dup != DB_DONE) {
		reply_db_failure(r);
		return PERSON_ADD_ANSWERED;
	}
	enum db_status s =
	    team_is_member(r->db, p->team_id, r->session.user_id);
	if (s == DB_DONE) {
		*e = (struct field_error){.field = "team_id",
		                          .message =
		                              "You can add people only to "
		                              "your own teams."};
		return PERSON_REFUSED;
	}
	if (s == DB_ROW) /* the person and the audit entry, together */
		return create_audited(r, p, id, e);
	reply_db_failure(r);
	return PERSON_ADD_ANSWERED;
}

/* POST /persons */
void person_create_page(struct req *r)
{
	struct person p;
	struct field_error e;
	int64_t id;
	person_from_form(r, &p);
	switch (person_add(r, &p, req_form(r, "confirm_duplicate") != NULL, &id,
	                   &e)) {
	case PERSON_ADDED:
		reply_redirect(r, arena_sprintf(&r->arena, "/persons/%lld",
		                                (long long)id));
		return;
	case PERSON_REFUSED:
		person_form(r, 400, &p, &e);
		return;
	case PERSON_MAYBE_DUPLICATE:
		person_form(r, 409, &p, &e);
		return;
	case PERSON_ADD_ANSWERED:
		return;
	}
}

/* POST /persons/{id}/stage (ROUTE_PERSON) */
void person_stage_submit(struct req *r)
{
	const char *stage = req_form(r, "recovery_stage");
	if (!stage ||
	    !choice_known(recovery_stages, recovery_stage_count, stage)) {
		reply_error(r, 400, "invalid",
		            "Choose one of the four recovery stages.",
		            "recovery_stage");
		return;
	}
	if (person_set_stage(r->db, r->person_id, stage, r->session.user_id) !=
	    DB_OK) {
		reply_db_failure(r);
		return;
	}
	reply_redirect(r, arena_sprintf(&r->arena, "/persons/%lld",
	                                (long long)r->person_id));
}
