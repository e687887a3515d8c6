/* contacts_api.c — contacts and progress notes in the JSON API.  Routes are
 * under a person (ROUTE_PERSON: the router checks the team and audits each
 * access; changes commit together with their audit entry). */
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/json.h"
#include "../cosign/cosign.h"
#include "../programs/program_zone.h"
#include "../referrals/referral_pages.h"
#include "contact.h"

#include <string.h>

enum { GOALS_MAX = 20 };

/* Read by their own code below, beside the table's fields. */
static const char *const own_fields[] = {"miles", "goals", "sign", "referrals",
                                         NULL};

/* The body's fields into c (text fields absent → ""), and whether to sign
 * it; a wrong type or an unknown field is answered with 400. */
static enum answer contact_from_json(struct req *r, struct contact *c,
                                     bool *sign)
{
	if (fields_from_json(r, contact_fields, contact_field_count, own_fields,
	                     c) == ANSWERED)
		return ANSWERED;
	json_t *miles = json_object_get(r->json, "miles");
	if (miles && !json_is_null(miles)) {
		if (!json_is_number(miles) || json_number_value(miles) < 0 ||
		    json_number_value(miles) > 1000) {
			reply_error(r, 400, "invalid",
			            "miles must be a number from 0 to 1000.",
			            "miles");
			return ANSWERED;
		}
		c->miles_tenths = (int)(json_number_value(miles) * 10 + 0.5);
	}
	json_t *goals = json_object_get(r->json, "goals"), *g;
	int numbers[GOALS_MAX], n = 0;
	size_t i;
	if (goals && !json_is_array(goals)) {
		reply_error(r, 400, "invalid",
		            "goals must be a list of plan goal numbers.",
		            "goals");
		return ANSWERED;
	}
	json_array_foreach(goals, i, g)
	{
		if (!json_is_integer(g) || n >= GOALS_MAX) {
			reply_error(r, 400, "invalid",
			            "goals must be a list of plan goal numbers "
			            "(at most 20).",
			            "goals");
			return ANSWERED;
		}
		numbers[n++] = (int)json_integer_value(g);
	}
	struct field_error e;
	if (contact_goal_words(r->db, &r->arena, c->person_id, numbers, n,
	                       &c->goals, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return ANSWERED;
	}
	json_t *s = json_object_get(r->json, "sign");
	if (s && !json_is_boolean(s)) {
		reply_error(r, 400, "invalid", "sign must be true or false.",
		            "sign");
		return ANSWERED;
	}
	*sign = json_is_true(s);
	return GO_ON;
}

/* The goals column holds a JSON list of the goals' words, as
 * contact_goal_words wrote it.  It is read back and each goal written with
 * json_text, never pasted: a column changed outside the program (the
 * content hash then says so) must not put raw text into the answer.  A
 * column that is not a list is shown as one goal's words. */
static void goals_json(struct buf *b, const char *stored)
{
	json_t *list = json_loads(stored, JSON_DECODE_ANY, NULL);
	json_raw(b, "[");
	if (!json_is_array(list)) {
		json_text(b, stored);
	} else {
		size_t i;
		json_t *goal;
		json_array_foreach(list, i, goal)
		{
			if (i)
				json_raw(b, ",");
			json_text(b, json_is_string(goal)
			                 ? json_string_value(goal)
			                 : "");
		}
	}
	json_raw(b, "]");
	json_decref(list);
}

/* The contact's members, the object left open for the caller's own. */
static void contact_json(struct buf *b, const struct contact *c)
{
	json_object_begin(b);
	json_field_int(b, "id", c->id);
	json_field(b, "person_id"); /* null: a drop-in names no one */
	if (c->person_id)
		json_int(b, c->person_id);
	else
		json_raw(b, "null");
	json_raw(b, ",");
	fields_json(b, contact_fields, contact_field_count, c);
	json_field(b, "goals");
	goals_json(b, c->goals);
	json_field(b, "miles");
	buf_printf(b, "%d.%d", c->miles_tenths / 10, c->miles_tenths % 10);
	json_field_text(b, "integrity", c->hash_ok ? "ok" : "altered");
}

/* What a contact bills, and why not: members of an open object. */
static void bill_json(struct req *r, struct buf *b, const struct contact *c,
                      const struct contact_bill *bill)
{
	enum { REASONS_MAX = 16 };
	const char *codes[REASONS_MAX], *words[REASONS_MAX];
	int n =
	    contact_bill_reasons(&r->arena, c, bill, codes, words, REASONS_MAX);
	json_field_bool(b, "billable", !bill->why_not);
	json_field_text(b, "service_code", bill->code);
	json_field_int(b, "units", bill->units);
	json_field_int(b, "minutes", bill->minutes > 0 ? bill->minutes : 0);
	json_field(b, "reasons");
	json_raw(b, "[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		json_field_text(b, "code", codes[i]);
		json_field_text(b, "message", words[i]);
		json_object_end(b);
	}
	json_raw(b, "]");
}

static void contact_list_json(struct buf *b, const void *item)
{
	contact_json(b, item);
	json_object_end(b);
}

/* GET /api/v1/persons/{id}/contacts?limit=&cursor= — newest first */
void contacts_api_list(struct req *r)
{
	int limit;
	int64_t after;
	struct contact *list;
	int n;
	if (api_page(r, &limit, &after))
		return;
	if (contact_list(r->db, &r->arena, r->person_id, r->session.user_id,
	                 limit + 1, after, &list, &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct buf *b = &r->out;
	buf_reset(b);
	json_raw(b, "{\"items\":[");
	for (int i = 0; i < n && i < limit; i++) {
		if (i)
			json_raw(b, ",");
		contact_list_json(b, &list[i]);
	}
	api_list_end(r, n > limit, n > limit ? list[limit - 1].id : 0);
}

/* Signs the author's draft id, answering any refusal. */
static enum answer sign_draft(struct req *r, int64_t id)
{
	struct field_error e;
	enum db_status s = contact_sign(
	    r->db, &r->arena, r->person_id, id, r->session.user_id,
	    r->session.role == ROLE_PEER_TRAINEE, zone_of_request(r), &e);
	if (s == DB_OK)
		return GO_ON;
	if (s == DB_CONSTRAINT && e.field)
		reply_error(r, 400, "invalid", e.message, e.field);
	else if (s == DB_DONE || s == DB_ROW)
		reply_error(r, 409, "signed",
		            "This note is signed and cannot change; add an "
		            "addendum to correct it.",
		            NULL);
	else
		reply_db_failure(r);
	return ANSWERED;
}

/* Reads and checks the body into c (answering 400 when it is refused). */
static enum answer read_contact(struct req *r, struct contact *c, bool *sign)
{
	struct field_error e;
	if (contact_from_json(r, c, sign) == ANSWERED)
		return ANSWERED;
	if (contact_validate(&r->arena, c, zone_of_request(r), *sign, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return ANSWERED;
	}
	return GO_ON;
}

/* POST /api/v1/persons/{id}/contacts {…, sign?} → 201 {id}.  An API
 * token's note is a draft of the token's owner, for a person to sign. */
void contacts_api_create(struct req *r)
{
	struct contact c = {.person_id = r->person_id,
	                    .staff_id = req_user_id(r)};
	bool sign;
	if (read_contact(r, &c, &sign) == ANSWERED)
		return;
	if (sign && r->api_token_id) {
		reply_error(r, 403, "draft_only",
		            "A note sent with an API token is saved as a draft "
		            "for its owner to sign; send it without sign.",
		            "sign");
		return;
	}
	int64_t refs[REFERRAL_LINKS_MAX];
	int nrefs;
	bool given;
	if (referral_ids_from_json(r, refs, &nrefs, &given) == ANSWERED)
		return;
	if (contact_save_draft(r->db, &c) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	if (given &&
	    referral_link_contact(r, c.id, refs, nrefs, NULL, NULL) == ANSWERED)
		return;
	if (sign && sign_draft(r, c.id) == ANSWERED)
		return;
	api_reply_id(r, 201, c.id);
}

/* PUT /api/v1/persons/{id}/contacts/{cid} — the author's draft; a signed
 * note answers 409. */
void contact_api_update(struct req *r)
{
	struct contact c = {.id = req_id(r, "cid"),
	                    .person_id = r->person_id,
	                    .staff_id = r->session.user_id};
	bool sign;
	int64_t refs[REFERRAL_LINKS_MAX];
	int nrefs;
	bool given;
	if (read_contact(r, &c, &sign) == ANSWERED ||
	    referral_ids_from_json(r, refs, &nrefs, &given) == ANSWERED)
		return;
	enum db_status s = contact_save_draft(r->db, &c);
	if (s == DB_DONE) {
		reply_error(r, 409, "signed",
		            "Only the author's unsigned draft can change; a "
		            "signed note takes an addendum.",
		            NULL);
		return;
	}
	if (s != DB_OK) {
		reply_db_failure(r);
		return;
	}
	if (given &&
	    referral_link_contact(r, c.id, refs, nrefs, NULL, NULL) == ANSWERED)
		return;
	if (sign && sign_draft(r, c.id) == ANSWERED)
		return;
	r->status = 204;
}

/* POST /api/v1/persons/{id}/contacts/{cid}/sign → 204 */
void contact_api_sign(struct req *r)
{
	if (sign_draft(r, req_id(r, "cid")) == GO_ON)
		r->status = 204;
}

/* GET /api/v1/persons/{id}/contacts/{cid} — with addenda and billing */
void contact_api_get(struct req *r)
{
	struct contact c;
	int64_t id = req_id(r, "cid");
	struct addendum *list;
	int n;
	struct contact_bill bill;
	enum db_status s = contact_get(r->db, &r->arena, r->person_id, id, &c);
	if (s == DB_ROW && strcmp(c.state, "signed") &&
	    c.staff_id != r->session.user_id)
		s = DB_DONE; /* a draft is its author's until signed */
	if (s == DB_DONE) {
		reply_error(r, 404, "not_found", "There is no such contact.",
		            NULL);
		return;
	}
	if (s != DB_ROW ||
	    contact_addenda(r->db, &r->arena, id, &list, &n) != DB_DONE ||
	    contact_bill(r->db, &r->arena, &c, NULL, 0, &bill) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	struct buf *b = &r->out;
	buf_reset(b);
	contact_json(b, &c);
	bill_json(r, b, &c, &bill);
	referral_links_json(r, b, c.id);
	json_field(b, "addenda");
	json_raw(b, "[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		fields_json(b, addendum_fields, addendum_field_count, &list[i]);
		json_object_end(b);
	}
	json_raw(b, "]");
	json_object_end(b);
	reply_json_written(r, 200);
}

/* POST /api/v1/persons/{id}/contacts/preview {the body of a new contact}
 * → 200: what the note would bill if it were signed now, the same
 * decision as the signed note's (contact_bill_from); the note form asks
 * while the peer types.  Nothing is saved (ROUTE_ASK: audited as a
 * read); a field that would be refused is refused the same way, 400
 * naming it. */
void contacts_api_preview(struct req *r)
{
	struct contact c = {.person_id = r->person_id,
	                    .staff_id = r->session.user_id};
	struct contact_bill bill;
	struct field_error e;
	bool sign;
	if (contact_from_json(r, &c, &sign) == ANSWERED)
		return;
	if (contact_validate(&r->arena, &c, zone_of_request(r), false, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	if (contact_preview(r->db, &r->arena, &c, &bill) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	bill_json(r, b, &c, &bill);
	bool cosign = r->session.role == ROLE_PEER_TRAINEE;
	json_field_bool(b, "cosign_needed", cosign);
	json_field_text(b, "summary",
	                contact_bill_text(&r->arena, &c, &bill, cosign));
	json_object_end(b);
	reply_json_written(r, 200);
}

/* POST /api/v1/persons/{id}/contacts/{cid}/addenda {reason, text} → 201 */
void contact_api_addendum(struct req *r)
{
	struct addendum d = {0};
	struct field_error e;
	int64_t added;
	if (fields_from_json(r, addendum_fields, addendum_field_count, NULL,
	                     &d) == ANSWERED)
		return;
	if (fields_validate(&r->arena, addendum_fields, addendum_field_count,
	                    &d, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	enum db_status s =
	    contact_add_addendum(r->db, r->person_id, req_id(r, "cid"),
	                         r->session.user_id, d.reason, d.body, &added);
	if (s == DB_DONE)
		reply_error(r, 409, "not_signed",
		            "Only a signed note takes an addendum; a draft is "
		            "simply edited.",
		            NULL);
	else if (s != DB_OK)
		reply_db_failure(r);
	else
		api_reply_id(r, 201, added);
}

/* POST /api/v1/persons/{id}/contacts/{cid}/cosign {decision, comment} */
void contact_api_cosign(struct req *r)
{
	struct cosign_decision d = {0};
	if (cosign_decision_from_json(r, &d) == ANSWERED)
		return;
	enum db_status s =
	    contact_cosign(r->db, r->person_id, req_id(r, "cid"),
	                   r->session.user_id, d.approve, d.comment);
	if (s == DB_OK)
		r->status = 204;
	else if (s == DB_DONE)
		reply_error(r, 409, "not_pending",
		            "That note is not waiting for a co-signature.",
		            NULL);
	else
		reply_db_failure(r);
}
