/* contacts_api.c — contacts and progress notes in the JSON API.  Routes are
 * under a person (ROUTE_PERSON: the router checks the team and audits each
 * access; changes commit together with their audit entry). */
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/json.h"
#include "../billing/billing.h"
#include "contact.h"

#include <string.h>

enum { GOALS_MAX = 20 };

static const char *const body_fields[] = {
    "kind",         "contact_on",   "starts_at", "ends_at",    "location",
    "visitor_name", "did_together", "response",  "next_steps", "team_notice",
    "miles",        "goals",        "sign",      NULL};

/* The body's fields into c (text fields absent → "").  Answers 400 and
 * returns -1 on a wrong type. */
static int contact_from_json(struct req *r, struct contact *c, bool *sign)
{
	const char **texts[] = {
	    &c->kind,       &c->contact_on,   &c->starts_at,    &c->ends_at,
	    &c->location,   &c->visitor_name, &c->did_together, &c->response,
	    &c->next_steps, &c->team_notice};
	if (api_known_fields(r, body_fields) ||
	    api_texts(r, body_fields, texts, 10))
		return -1;
	json_t *miles = json_object_get(r->json, "miles");
	if (miles && !json_is_null(miles)) {
		if (!json_is_number(miles) || json_number_value(miles) < 0 ||
		    json_number_value(miles) > 1000) {
			reply_error(r, 400, "invalid",
			            "miles must be a number from 0 to 1000.",
			            "miles");
			return -1;
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
		return -1;
	}
	json_array_foreach(goals, i, g)
	{
		if (!json_is_integer(g) || n >= GOALS_MAX) {
			reply_error(r, 400, "invalid",
			            "goals must be a list of plan goal numbers "
			            "(at most 20).",
			            "goals");
			return -1;
		}
		numbers[n++] = (int)json_integer_value(g);
	}
	struct field_error e;
	if (contact_goal_words(r->db, &r->arena, c->person_id, numbers, n,
	                       &c->goals, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return -1;
	}
	json_t *s = json_object_get(r->json, "sign");
	if (s && !json_is_boolean(s)) {
		reply_error(r, 400, "invalid", "sign must be true or false.",
		            "sign");
		return -1;
	}
	*sign = json_is_true(s);
	return 0;
}

static void contact_json(struct buf *b, const struct contact *c)
{
	json_raw(b, "{\"id\":");
	json_int(b, c->id);
	json_raw(b, ",\"person_id\":");
	if (c->person_id)
		json_int(b, c->person_id);
	else
		json_raw(b, "null");
	const char *const names[] = {
	    "kind",           "contact_on",   "starts_at",    "ends_at",
	    "location",       "visitor_name", "did_together", "response",
	    "next_steps",     "team_notice",  "state",        "cosign_state",
	    "cosign_comment", "signed_at",    "content_hash", "staff",
	    "created_at",     "updated_at"};
	const char *const values[] = {
	    c->kind,           c->contact_on, c->starts_at,
	    c->ends_at,        c->location,   c->visitor_name,
	    c->did_together,   c->response,   c->next_steps,
	    c->team_notice,    c->state,      c->cosign_state,
	    c->cosign_comment, c->signed_at,  c->content_hash,
	    c->staff_name,     c->created_at, c->updated_at};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		buf_printf(b, ",\"%s\":", names[i]);
		json_text(b, values[i]);
	}
	json_raw(b, ",\"goals\":");
	buf_puts(b, c->goals); /* stored as JSON by contact_goal_words */
	buf_printf(b, ",\"miles\":%d.%d", c->miles_tenths / 10,
	           c->miles_tenths % 10);
	json_raw(b, ",\"integrity\":");
	if (c->hash_ok)
		json_text(b, "ok");
	else
		json_text(b, "altered");
}

static void contact_list_json(struct buf *b, const void *item)
{
	contact_json(b, item);
	json_raw(b, "}");
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

static int route_contact(struct req *r, int64_t *id)
{
	*id = req_id(r, "cid");
	return 0;
}

/* Signs the author's draft id, answering any refusal. */
static int sign_draft(struct req *r, int64_t id)
{
	struct field_error e;
	enum db_status s =
	    contact_sign(r->db, &r->arena, r->person_id, id, r->session.user_id,
	                 r->session.role == ROLE_PEER_TRAINEE, &e);
	if (s == DB_OK)
		return 0;
	if (s == DB_CONSTRAINT && e.field)
		reply_error(r, 400, "invalid", e.message, e.field);
	else if (s == DB_DONE || s == DB_ROW)
		reply_error(r, 409, "signed",
		            "This note is signed and cannot change; add an "
		            "addendum to correct it.",
		            NULL);
	else
		reply_db_failure(r);
	return -1;
}

/* POST /api/v1/persons/{id}/contacts {…, sign?} → 201 {id} */
void contacts_api_create(struct req *r)
{
	struct contact c = {.person_id = r->person_id,
	                    .staff_id = r->session.user_id};
	bool sign;
	struct field_error e;
	if (contact_from_json(r, &c, &sign))
		return;
	if (contact_validate(&c, sign, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	if (contact_save_draft(r->db, &c) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	if (sign && sign_draft(r, c.id))
		return;
	api_reply_id(r, 201, c.id);
}

/* PUT /api/v1/persons/{id}/contacts/{cid} — the author's draft; a signed
 * note answers 409. */
void contact_api_update(struct req *r)
{
	struct contact c = {.person_id = r->person_id,
	                    .staff_id = r->session.user_id};
	bool sign;
	struct field_error e;
	if (route_contact(r, &c.id) || contact_from_json(r, &c, &sign))
		return;
	if (contact_validate(&c, sign, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
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
	if (sign && sign_draft(r, c.id))
		return;
	r->status = 204;
}

/* POST /api/v1/persons/{id}/contacts/{cid}/sign → 204 */
void contact_api_sign(struct req *r)
{
	int64_t id;
	if (route_contact(r, &id) || sign_draft(r, id))
		return;
	r->status = 204;
}

/* GET /api/v1/persons/{id}/contacts/{cid} — with addenda and billing */
void contact_api_get(struct req *r)
{
	struct contact c;
	int64_t id;
	struct addendum *list;
	int n, units;
	const char *code;
	if (route_contact(r, &id))
		return;
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
	    billing_of(r->db, &r->arena, &c, &code, &units) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	struct buf *b = &r->out;
	buf_reset(b);
	contact_json(b, &c);
	json_raw(b, ",\"billable\":");
	json_bool(b, units > 0);
	json_raw(b, ",\"service_code\":");
	json_text(b, code);
	json_raw(b, ",\"units\":");
	json_int(b, units);
	json_raw(b, ",\"addenda\":[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(b, ",");
		json_raw(b, "{\"id\":");
		json_int(b, list[i].id);
		json_raw(b, ",\"reason\":");
		json_text(b, list[i].reason);
		json_raw(b, ",\"text\":");
		json_text(b, list[i].body);
		json_raw(b, ",\"author\":");
		json_text(b, list[i].author_name);
		json_raw(b, ",\"created_at\":");
		json_text(b, list[i].created_at);
		json_raw(b, "}");
	}
	json_raw(b, "]}");
	reply_json_written(r, 200);
}

/* POST /api/v1/persons/{id}/contacts/{cid}/addenda {reason, text} → 201 */
void contact_api_addendum(struct req *r)
{
	static const char *const fields[] = {"reason", "text", NULL};
	const char *reason, *text;
	const char **texts[] = {&reason, &text};
	int64_t id, added;
	if (route_contact(r, &id) || api_known_fields(r, fields) ||
	    api_texts(r, fields, texts, 2))
		return;
	if (!*reason || strlen(reason) > 1000) {
		reply_error(r, 400, "invalid",
		            "Reason: say why the note is corrected (at most "
		            "1,000 characters).",
		            "reason");
		return;
	}
	if (!*text || strlen(text) > CONTACT_TEXT_MAX) {
		reply_error(r, 400, "invalid",
		            "Text: the correction (at most 10,000 characters).",
		            "text");
		return;
	}
	enum db_status s = contact_add_addendum(
	    r->db, r->person_id, id, r->session.user_id, reason, text, &added);
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
	const char *comment;
	bool approve;
	int64_t id;
	if (route_contact(r, &id) || api_cosign_decision(r, &approve, &comment))
		return;
	enum db_status s = contact_cosign(r->db, r->person_id, id,
	                                  r->session.user_id, approve, comment);
	if (s == DB_OK)
		r->status = 204;
	else if (s == DB_DONE)
		reply_error(r, 409, "not_pending",
		            "That note is not waiting for a co-signature.",
		            NULL);
	else
		reply_db_failure(r);
}
