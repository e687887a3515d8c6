/* person_edit_pages.c — correcting a person's details: the page
 * (/persons/{id}/details) and the reading of a correction from a form or
 * a JSON body (PATCH /api/v1/persons/{id}, persons_api.c).  ROUTE_PERSON:
 * the router checks the team, and commits the change with its audit
 * entries. */
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../programs/program_zone.h"
#include "person_edit.h"

#include <string.h>

enum answer person_edit_refuse_break_glass(struct req *r)
{
	if (!r->break_glass)
		return GO_ON;
	reply_error(r, 403, "forbidden",
	            "Emergency access lets you read this record, not correct "
	            "it or move the person: ask their team.",
	            NULL);
	return ANSWERED;
}

enum person_corrected person_correct_checked(struct req *r,
                                             const struct person *before,
                                             const struct person *after,
                                             const char **changed,
                                             struct field_error *e)
{
	static const char taken[] =
	    "Another person already has this record number.";
	*changed = "";
	if (person_edit_refuse_break_glass(r) == ANSWERED)
		return PERSON_CORRECTION_ANSWERED;
	if (person_validate(&r->arena, after, zone_of_request(r), e))
		return PERSON_CORRECTION_REFUSED;
	enum db_status s = DB_DONE;
	if (strcmp(before->record_number, after->record_number))
		s = person_record_number_taken(r->db, after->record_number,
		                               before->id);
	if (s == DB_DONE)
		s = person_correct(r->db, &r->arena, before, after,
		                   r->session.user_id, changed);
	if (s == DB_ROW || s == DB_CONSTRAINT) {
		*e = (struct field_error){.field = "record_number",
		                          .message = taken};
		return PERSON_CORRECTION_REFUSED;
	}
	if (s != DB_OK) {
		reply_db_failure(r);
		return PERSON_CORRECTION_ANSWERED;
	}
	/* the fields' names, never their values */
	if (**changed &&
	    !req_audit(
	        r, &(struct audit_entry){
	               "update", "person",
	               arena_sprintf(&r->arena, "%lld", (long long)before->id),
	               before->id, "success",
	               arena_sprintf(&r->arena, "corrected: %s", *changed)})) {
		reply_audit_unavailable(r, NULL);
		return PERSON_CORRECTION_ANSWERED;
	}
	return PERSON_CORRECTED;
}

enum answer person_correction_from_json(struct req *r,
                                        const struct person *before,
                                        struct person *after)
{
	static const struct {
		const char *name, *message;
	} elsewhere[] = {
	    {"team_id", "A person moves to another team by a transfer: "
	                "POST /api/v1/persons/{id}/transfer."},
	    {"recovery_stage", "The recovery stage is recorded on its own, "
	                       "with its history, not corrected."},
	};
	for (size_t i = 0; i < sizeof elsewhere / sizeof elsewhere[0]; i++)
		if (json_object_get(r->json, elsewhere[i].name)) {
			reply_error(r, 400, "invalid", elsewhere[i].message,
			            elsewhere[i].name);
			return ANSWERED;
		}
	int n;
	const struct field *f = person_correctable_fields(&r->arena, &n);
	struct person in;
	memset(&in, 0, sizeof in);
	if (fields_from_json(r, f, n, NULL, &in) == ANSWERED)
		return ANSWERED;
	/* only the fields given; null clears one, as "" does */
	*after = *before;
	for (int i = 0; i < n; i++)
		if (json_object_get(r->json, f[i].name))
			person_field_copy(&f[i], after, &in);
	return GO_ON;
}

/* The form's words beside a field, where it has some. */
static const char *hint(const char *name)
{
	if (!strcmp(name, "preferred_name"))
		return "What they like to be called.";
	if (!strcmp(name, "date_of_birth"))
		return "For example 1990-04-17.";
	if (!strcmp(name, "payer_member_id"))
		return "The id their payer (such as Medicaid) knows them by, "
		       "for billing; empty if none.";
	if (!strcmp(name, "address"))
		return "Where they live or get mail, if they want us to have "
		       "it.";
	return NULL;
}

static void field_input(struct html *b, const struct field *f,
                        const struct person *p, const struct field_error *e)
{
	const char *error = field_error_for(e, f->name);
	const struct form_field ff = {
	    f->name, f->label, person_field_value(f, p),        hint(f->name),
	    error,   "off",    (f->flags & FIELD_REQUIRED) != 0};
	if (!strcmp(f->name, "voicemail_ok"))
		html_raw(b, "<fieldset class=\"usa-fieldset\"><legend "
		            "class=\"usa-legend\">How they like to be "
		            "reached</legend>");
	if (f->type == FIELD_FLAG)
		form_checkbox(b, f->name, f->label,
		              !strcmp(person_field_value(f, p), "true"));
	else if (f->type == FIELD_TEXT)
		form_textarea(b, &ff);
	else
		form_text(b, &ff);
	if (!strcmp(f->name, "email_ok"))
		html_raw(b, "</fieldset>");
}

/* The form, filled with p (as stored, or as submitted with e). */
static void details_form(struct req *r, int status, const struct person *p,
                         const struct field_error *e)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Correct details", "persons");
	html_printf(b,
	            "<h1>Correct details</h1>\n<p class=\"usa-intro\">%s · "
	            "%s</p>\n<p>Each change is kept in the record's <a "
	            "class=\"usa-link\" href=\"/persons/%lld/history\">history"
	            "</a>: who made it, when, and the value before.</p>\n",
	            person_display_name(p), p->team_name, (long long)p->id);
	if (e)
		form_error_summary(
		    b, e,
		    fields_label(person_fields, person_field_count, e->field));
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/persons/%lld/details\">",
	            (long long)p->id);
	form_csrf(r);
	for (int i = 0; i < person_field_count; i++)
		if (person_field_correctable(&person_fields[i]))
			field_input(b, &person_fields[i], p, e);
	html_printf(b,
	            "<button class=\"usa-button\" type=\"submit\">Save "
	            "corrections</button> <a class=\"usa-button "
	            "usa-button--outline\" href=\"/persons/%lld\">Cancel</a>"
	            "</form>\n",
	            (long long)p->id);
	page_end(r);
	reply_html(r, status);
}

/* GET /persons/{id}/details (ROUTE_PERSON) */
void person_details_page(struct req *r)
{
	struct person p;
	if (person_edit_refuse_break_glass(r) == ANSWERED)
		return;
	if (person_get(r->db, &r->arena, r->person_id, &p) != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	details_form(r, 200, &p, NULL);
}

/* POST /persons/{id}/details (ROUTE_PERSON): every correctable field, as
 * the form sends them (an unticked box is false). */
void person_details_submit(struct req *r)
{
	struct person before, after, in;
	struct field_error e;
	const char *changed;
	if (person_edit_refuse_break_glass(r) == ANSWERED)
		return;
	if (person_get_for_change(r->db, &r->arena, r->person_id, &before) !=
	    DB_ROW) {
		reply_db_failure(r);
		return;
	}
	int n;
	const struct field *f = person_correctable_fields(&r->arena, &n);
	memset(&in, 0, sizeof in);
	fields_from_form(r, f, n, &in);
	after = before;
	for (int i = 0; i < n; i++)
		person_field_copy(&f[i], &after, &in);
	switch (person_correct_checked(r, &before, &after, &changed, &e)) {
	case PERSON_CORRECTED:
		reply_redirect(r, arena_sprintf(&r->arena, "/persons/%lld",
		                                (long long)r->person_id));
		return;
	case PERSON_CORRECTION_REFUSED:
		details_form(r, 400, &after, &e);
		return;
	case PERSON_CORRECTION_ANSWERED:
		return;
	}
}
