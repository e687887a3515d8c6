/* tokens_pages.c — API tokens for integrations: created by an admin,
 * read-only or read-write, for the programs or for the persons' records of
 * one team or one program, shown once, stored as a hash, revocable, and
 * every change audited. */
#include "../../auth/secret.h"
#include "../../core/choice.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../account/account.h"
#include "../programs/program_zone.h"
#include "../programs/program.h"
#include "../teams/team.h"
#include "tokens.h"

#include <string.h>

static const struct choice access_choices[] = {
    {"read", "Read only"},
    {"read_write", "Read and write"},
};
static const int access_choice_count =
    sizeof access_choices / sizeof access_choices[0];

static const struct choice scope_choices[] = {
    {"programs", "Programs: their settings, no person's record"},
    {"team", "The persons' records of one team"},
    {"program", "The persons' records of one program (all its teams)"},
};
static const int scope_choice_count =
    sizeof scope_choices / sizeof scope_choices[0];

/* A new token as the form names it. */
static const struct field token_fields[] = {
    FIELD_LINE_AT(struct api_token, name, "name", "What the token is for",
                  FIELD_REQUIRED, 120,
                  .message = "Say what the token is for (at most 120 "
                             "characters)."),
    FIELD_CHOICE_AT(struct api_token, access, "access", "Access",
                    FIELD_REQUIRED, access_choices, &access_choice_count),
    FIELD_CHOICE_AT(struct api_token, scope, "scope", "Reaches", 0,
                    scope_choices, &scope_choice_count),
    FIELD_ID_AT(struct api_token, team_id, "team_id", "Team", 0),
    FIELD_ID_AT(struct api_token, program_id, "program_id", "Program", 0),
};

static const char *label(const char *name)
{
	return fields_label(FIELDS(token_fields), name);
}

/* The rules the table cannot say: the scope names its one team or
 * program, and only that.  0, or -1 with *e naming the field. */
static int scope_check(struct api_token *t, struct field_error *e)
{
	if (!*t->scope)
		t->scope = "programs"; /* as tokens were before scopes */
	bool team = !strcmp(t->scope, "team"),
	     program = !strcmp(t->scope, "program");
	*e = (struct field_error){.field = NULL, .message = NULL};
	if (team && !t->team_id)
		*e = (struct field_error){
		    .field = "team_id",
		    .message =
		        "Choose the team whose persons the token reads."};
	else if (program && !t->program_id)
		*e = (struct field_error){
		    .field = "program_id",
		    .message = "Choose the program whose persons the "
		               "token reads."};
	else if (!team && t->team_id)
		*e = (struct field_error){
		    .field = "team_id",
		    .message = "Choose a team only for a team's persons: leave "
		               "it empty for this scope."};
	else if (!program && t->program_id)
		*e = (struct field_error){
		    .field = "program_id",
		    .message = "Choose a program only for a program's "
		               "persons: leave it empty for this "
		               "scope."};
	return e->field ? -1 : 0;
}

/* What a token reaches, as people read it. */
static const char *reaches(struct req *r, const struct api_token *t)
{
	if (!strcmp(t->scope, "team"))
		return arena_sprintf(&r->arena, "Persons of team %s (%s)",
		                     t->team_name, t->program_name);
	if (!strcmp(t->scope, "program"))
		return arena_sprintf(&r->arena,
		                     "Persons of program %s (all its teams)",
		                     t->program_name);
	return "Programs";
}

/* Its access: on a persons scope, writing is adding contact drafts. */
static const char *access_words(const struct api_token *t)
{
	if (strcmp(t->scope, "programs") && !strcmp(t->access, "read_write"))
		return "Read, and add contact notes as drafts";
	return choice_label(access_choices, access_choice_count, t->access);
}

/* The team and program drop-downs: "" (none) first, then each by name. */
static enum answer scope_selects(struct req *r, struct html *b,
                                 const struct api_token *t,
                                 const struct field_error *e)
{
	struct team *teams;
	struct program *programs;
	int nteams, nprograms;
	if (team_list(r->db, &r->arena, 0, false, &teams, &nteams) != DB_DONE ||
	    program_list(r->db, &r->arena, 0, 500, &programs, &nprograms) !=
	        DB_DONE) {
		reply_db_failure(r);
		return ANSWERED;
	}
	struct choice *tc = arena_alloc(&r->arena,
	                                (size_t)(nteams + 1) * sizeof *tc),
	              *pc = arena_alloc(&r->arena,
	                                (size_t)(nprograms + 1) * sizeof *pc);
	tc[0] = pc[0] = (struct choice){"", "(none)"};
	for (int i = 0; i < nteams; i++)
		tc[i + 1] = (struct choice){
		    arena_sprintf(&r->arena, "%lld", (long long)teams[i].id),
		    arena_sprintf(&r->arena, "%s (%s)", teams[i].name,
		                  teams[i].program_name)};
	for (int i = 0; i < nprograms; i++)
		pc[i + 1] = (struct choice){
		    arena_sprintf(&r->arena, "%lld", (long long)programs[i].id),
		    programs[i].name};
	const char *field = e ? e->field : "";
	form_select(b,
	            &(struct form_field){
	                "team_id", label("team_id"),
	                arena_sprintf(&r->arena, "%lld", (long long)t->team_id),
	                "For a team's persons.",
	                !strcmp(field, "team_id") ? e->message : NULL, NULL,
	                fields_required(FIELDS(token_fields), "team_id")},
	            tc, nteams + 1);
	form_select(
	    b,
	    &(struct form_field){
	        "program_id", label("program_id"),
	        arena_sprintf(&r->arena, "%lld", (long long)t->program_id),
	        "For a program's persons.",
	        !strcmp(field, "program_id") ? e->message : NULL, NULL,
	        fields_required(FIELDS(token_fields), "program_id")},
	    pc, nprograms + 1);
	return GO_ON;
}

/* The page: the token just made (shown once), the form (with what was
 * typed and the field at fault, when e), and the tokens. */
static void tokens_list(struct req *r, const char *fresh,
                        const struct api_token *typed,
                        const struct field_error *e)
{
	struct api_token *tokens;
	int count;
	if (api_token_list(r->db, &r->arena, &tokens, &count) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	const struct api_token blank = {
	    .name = "", .access = "read", .scope = "programs"};
	const struct api_token *t = typed ? typed : &blank;
	const char *field = e ? e->field : "";
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "API tokens", "users");
	html_raw(b, "<h1>API tokens</h1>\n<p>Integrations send a token as "
	            "<code>Authorization: Bearer TOKEN</code>. A token reaches "
	            "the programs, or the persons' records of one team or one "
	            "program through the API: its persons, plans, notes and "
	            "assessments. Its reads are audited in your name and the "
	            "token's.</p>\n");
	if (fresh) {
		html_printf(b,
		            "<div class=\"usa-alert usa-alert--success\" "
		            "role=\"status\"><div class=\"usa-alert__body\"><p "
		            "class=\"usa-alert__text\">Copy this token now; it "
		            "is shown only once: <code "
		            "id=\"new-token\">%s</code></p></div></div>\n",
		            fresh);
	}
	if (e)
		form_error_summary(b, e, label(e->field));
	html_raw(
	    b,
	    "<form class=\"usa-form\" method=\"post\" action=\"/api-tokens\">");
	form_csrf(r);
	form_required_note(b);
	form_text(b, &(struct form_field){
	                 "name", label("name"), t->name, NULL,
	                 !strcmp(field, "name") ? e->message : NULL, "off",
	                 fields_required(FIELDS(token_fields), "name")});
	form_radios(b,
	            &(struct form_field){
	                "access", label("access"),
	                *t->access ? t->access : "read",
	                "On a persons' scope, writing is adding contact notes: "
	                "they are saved as your drafts, for you to sign from "
	                "the person's record (you need to be on their team).",
	                !strcmp(field, "access") ? e->message : NULL, NULL,
	                fields_required(FIELDS(token_fields), "access")},
	            access_choices, access_choice_count);
	form_radios(b,
	            &(struct form_field){
	                "scope", label("scope"),
	                *t->scope ? t->scope : "programs", NULL,
	                !strcmp(field, "scope") ? e->message : NULL, NULL,
	                fields_required(FIELDS(token_fields), "scope")},
	            scope_choices, scope_choice_count);
	if (scope_selects(r, b, t, e) == ANSWERED)
		return;
	html_raw(
	    b,
	    "<button class=\"usa-button\" type=\"submit\">Create token</button>"
	    "</form>\n<table class=\"usa-table usa-table--stacked\"><caption>"
	    "Tokens</caption><thead><tr><th scope=\"col\">Name</th><th "
	    "scope=\"col\">Reaches</th><th scope=\"col\">Access</th><th "
	    "scope=\"col\">Owner</th><th scope=\"col\">Created</th><th "
	    "scope=\"col\">Status</th></tr></thead><tbody>\n");
	const char *zone = zone_of_request(r);
	for (const struct api_token *k = tokens; k < tokens + count; k++) {
		html_printf(
		    b,
		    "<tr><th scope=\"row\" data-label=\"Name\">%s</th><td "
		    "data-label=\"Reaches\">%s</td><td "
		    "data-label=\"Access\">%s</td><td "
		    "data-label=\"Owner\">%s</td><td "
		    "data-label=\"Created\">%s</td><td data-label=\"Status\">",
		    k->name, reaches(r, k), access_words(k), k->owner_name,
		    zone_stamp_text(&r->arena, zone, k->created_at));
		if (*k->revoked_at) {
			html_printf(
			    b, "Revoked %s",
			    zone_stamp_text(&r->arena, zone, k->revoked_at));
		} else {
			html_printf(b,
			            "<form method=\"post\" "
			            "action=\"/api-tokens/%lld/revoke\">",
			            (long long)k->id);
			form_csrf(r);
			html_raw(
			    b,
			    "<button class=\"usa-button usa-button--secondary "
			    "usa-button--unstyled\" type=\"submit\">Revoke "
			    "</button></form>");
		}
		html_raw(b, "</td></tr>\n");
	}
	html_raw(b, "</tbody></table>\n");
	page_end(r);
	reply_html(r, e ? 400 : 200);
}

/* GET /api-tokens */
void tokens_page(struct req *r)
{
	tokens_list(r, NULL, NULL, NULL);
}

/* POST /api-tokens name=&access=&scope=&team_id=&program_id= → the page
 * with the token shown once; a field at fault is shown on the form, and
 * nothing is created. */
void token_create_page(struct req *r)
{
	struct api_token t = {0};
	struct field_error e;
	fields_from_form(r, FIELDS(token_fields), &t);
	if (fields_validate(&r->arena, FIELDS(token_fields), &t, &e) ||
	    scope_check(&t, &e)) {
		tokens_list(r, NULL, &t, &e);
		return;
	}
	enum db_status s = api_token_scope_exists(r->db, &t);
	if (s == DB_DONE) {
		e = !strcmp(t.scope, "team")
		        ? (struct field_error){.field = "team_id",
		                               .message =
		                                   "There is no such team."}
		        : (struct field_error){.field = "program_id",
		                               .message =
		                                   "There is no such program."};
		tokens_list(r, NULL, &t, &e);
		return;
	}
	char token[SECRET_TOKEN_SIZE], hash[SECRET_HASH_SIZE];
	secret_token(token);
	secret_hash(token, hash);
	struct actor who = req_actor(r);
	if (s != DB_ROW || api_token_create(r->db, &who, &t, hash) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	tokens_list(r, token, NULL, NULL);
}

/* POST /api-tokens/{id}/revoke */
void token_revoke_page(struct req *r)
{
	struct actor who = req_actor(r);
	enum db_status s = api_token_revoke(r->db, &who, req_id(r, "id"));
	if (s == DB_DONE)
		reply_error(r, 404, "not_found",
		            "There is no such active token.", NULL);
	else if (s != DB_OK)
		reply_db_failure(r);
	else
		reply_redirect(r, "/api-tokens");
}
