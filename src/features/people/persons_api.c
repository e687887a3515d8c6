/* persons_api.c — /api/v1/persons: the persons of my teams, adding one,
 * reading one (ROUTE_PERSON: access and audit by the router). */
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/json.h"
#include "../disclosures/disclosure_gate.h"
#include "person.h"
#include "person_edit.h"
#include "person_form.h"

/* The API's order predates the field table, whose order is the form's
 * (person.c), so the members are written one by one. */
static void person_json(struct buf *b, const struct person *p)
{
	json_object_begin(b);
	json_field_int(b, "id", p->id);
	json_field_text(b, "record_number", p->record_number);
	json_field_text(b, "legal_name", p->legal_name);
	json_field_text(b, "preferred_name", p->preferred_name);
	json_field_text(b, "pronouns", p->pronouns);
	json_field_text(b, "date_of_birth", p->date_of_birth);
	json_field_text(b, "phone", p->phone);
	json_field_text(b, "email", p->email);
	json_field_text(b, "preferred_language", p->preferred_language);
	json_field_text(b, "recovery_stage", p->recovery_stage);
	json_field_text(b, "team_name", p->team_name);
	json_field_text(b, "created_at", p->created_at);
	json_field_text(b, "updated_at", p->updated_at);
	json_field_text(b, "address", p->address);
	json_field_text(b, "payer_member_id", p->payer_member_id);
	json_field_int(b, "team_id", p->team_id);
	json_field_bool(b, "voicemail_ok", p->voicemail_ok);
	json_field_bool(b, "texts_ok", p->texts_ok);
	json_field_bool(b, "email_ok", p->email_ok);
	json_field_bool(b, "interpreter_needed", p->interpreter_needed);
	json_field_bool(b, "asl", p->asl);
	json_object_end(b);
}

/* GET /api/v1/persons?q=&limit=&cursor= */
void persons_api_list(struct req *r)
{
	const char *q = req_query(r, "q");
	struct person *list;
	int count, limit;
	int64_t offset;
	enum person_sort sort;
	if (person_list_page(r, q, &list, &count, &limit, &offset, &sort) ==
	    ANSWERED)
		return;
	/* an integration's token: each person listed is a disclosure, and
	 * under 42 CFR Part 2 only those whose release covers it are listed
	 * (disclosure_gate.h); those left out are counted, with why */
	int n = count < limit ? count : limit, withheld = 0;
	int64_t *ids = arena_alloc(&r->arena, sizeof *ids * (size_t)(n + 1));
	bool *keep = arena_alloc(&r->arena, sizeof *keep * (size_t)(n + 1));
	const char *why = "";
	for (int i = 0; i < n; i++)
		ids[i] = list[i].id;
	if (!disclosure_token_list(r, ids, n, keep, &withheld, &why))
		return;
	json_raw(&r->out, "{");
	if (r->api_token_id) {
		json_field(&r->out, "withheld");
		json_object_begin(&r->out);
		json_field_int(&r->out, "count", withheld);
		json_field_text_or_null(&r->out, "reason", why);
		json_object_end(&r->out);
		json_raw(&r->out, ",");
	}
	json_raw(&r->out, "\"items\":[");
	bool first = true;
	for (int i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		if (!first)
			json_raw(&r->out, ",");
		person_json(&r->out, &list[i]);
		first = false;
	}
	api_list_end(r, count > limit, offset + limit);
}

static void reply_person(struct req *r, int status, int64_t id)
{
	struct person p;
	if (person_get(r->db, &r->arena, id, &p) != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	buf_reset(&r->out);
	person_json(&r->out, &p);
	reply_json_written(r, status);
}

/* POST /api/v1/persons → 201; 400 naming the field */
void persons_api_create(struct req *r)
{
	struct person p;
	struct field_error e;
	int64_t id;
	if (person_from_json(r, &p) == ANSWERED)
		return;
	switch (person_add(
	    r, &p, json_is_true(json_object_get(r->json, "confirm_duplicate")),
	    &id, &e)) {
	case PERSON_ADDED:
		req_add_header(r, "Location",
		               arena_sprintf(&r->arena, "/api/v1/persons/%lld",
		                             (long long)id));
		reply_person(r, 201, id);
		return;
	case PERSON_REFUSED:
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	case PERSON_MAYBE_DUPLICATE:
		reply_error(r, 409, "possible_duplicate", e.message, e.field);
		return;
	case PERSON_ADD_ANSWERED:
		return;
	}
}

/* GET /api/v1/persons/{id} (ROUTE_PERSON) */
void persons_api_get(struct req *r)
{
	reply_person(r, 200, r->person_id);
}

/* PATCH /api/v1/persons/{id} (ROUTE_PERSON): the fields given are
 * corrected, the others kept; each change goes to the record's history
 * (person_edit.h).  → 200 with the person. */
void persons_api_update(struct req *r)
{
	struct person before, after;
	struct field_error e;
	const char *changed;
	if (person_edit_refuse_break_glass(r) == ANSWERED)
		return;
	if (person_get_for_change(r->db, &r->arena, r->person_id, &before) !=
	    DB_ROW) {
		reply_db_failure(r);
		return;
	}
	if (person_correction_from_json(r, &before, &after) == ANSWERED)
		return;
	switch (person_correct_checked(r, &before, &after, &changed, &e)) {
	case PERSON_CORRECTED:
		reply_person(r, 200, r->person_id);
		return;
	case PERSON_CORRECTION_REFUSED:
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	case PERSON_CORRECTION_ANSWERED:
		return;
	}
}
