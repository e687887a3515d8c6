/* referrals_api.c — referrals in the JSON API: a person's (paged by
 * cursor, newest first), one with its history and the contact notes that
 * name it, making one, recording the next step; and the open referrals
 * of the user's teams (GET /api/v1/referrals, paged by id, each with
 * "overdue"). */
#include "../../handlers.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/json.h"
#include "../programs/program_zone.h"
#include "referral.h"
#include "referral_pages.h"

static void referral_members(struct buf *b, const struct referral *f)
{
	fields_json(b, referral_fields, referral_field_count, f);
	json_field_int(b, "contacts", f->contacts);
}

static void referral_json(struct buf *b, const void *item)
{
	json_object_begin(b);
	referral_members(b, item);
	json_object_end(b);
}

/* Writes {"items":[…] of list[0..min(n, limit)), and the cursor. */
static void page_of(struct req *r, struct referral *list, int n, int limit,
                    const char *today)
{
	struct buf *b = &r->out;
	json_raw(b, "{\"items\":[");
	for (int i = 0; i < n && i < limit; i++) {
		if (i)
			json_raw(b, ",");
		if (today)
			referral_mark_overdue(&list[i], today);
		referral_json(b, &list[i]);
	}
	api_list_end(r, n > limit, n > limit ? list[limit - 1].id : 0);
}

/* GET /api/v1/persons/{id}/referrals?limit=&cursor= */
void person_referrals_api(struct req *r)
{
	int limit;
	int64_t after;
	struct referral *list;
	int n;
	if (api_page(r, &limit, &after) == ANSWERED)
		return;
	if (referrals_of_person(r->db, &r->arena, r->person_id, after,
	                        limit + 1, &list, &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	page_of(r, list, n, limit, request_today(r));
}

/* GET /api/v1/referrals?limit=&cursor=: the open referrals of the user's
 * teams, by id.  It names persons: one audit entry for the list. */
void referrals_api_list(struct req *r)
{
	int limit;
	int64_t after;
	struct referral *list;
	int n;
	if (api_page(r, &limit, &after) == ANSWERED)
		return;
	if (referrals_open_of_teams(r->db, &r->arena, req_user_id(r),
	                            request_today(r), after, limit + 1, &list,
	                            &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	if (n && !req_audit(r, &(struct audit_entry){
	                           "list", "referrals_open", "", 0, "success",
	                           arena_sprintf(&r->arena, "%d listed",
	                                         n < limit ? n : limit)})) {
		reply_audit_unavailable(r, NULL);
		return;
	}
	page_of(r, list, n, limit, NULL);
}

static void reply_refused(struct req *r, enum referral_result x,
                          const struct field_error *e)
{
	if (x == REFERRAL_FAILED)
		reply_db_failure(r);
	else if (x == REFERRAL_ENDED)
		reply_error(r, 409, "ended", e->message, e->field);
	else if (x == REFERRAL_NO_RELEASE)
		reply_error(r, 403, "no_release", e->message, e->field);
	else
		reply_error(r, 400, "invalid", e->message, e->field);
}

/* POST /api/v1/persons/{id}/referrals → 201 {id} */
void referrals_api_create(struct req *r)
{
	struct referral_new d = {0};
	if (fields_from_json(r, referral_new_fields, referral_new_field_count,
	                     NULL, &d) == ANSWERED)
		return;
	if (!*d.status)
		d.status = "suggested";
	struct field_error e;
	int64_t id;
	enum referral_result x =
	    referral_create(r->db, &r->arena, r->person_id, &d,
	                    request_today(r), req_user_id(r), &id, &e);
	if (x == REFERRAL_SAVED)
		api_reply_id(r, 201, id);
	else
		reply_refused(r, x, &e);
}

static void write_one(struct req *r, const struct referral *f)
{
	struct referral_event *ev;
	struct referral_contact *cs;
	int n, nc;
	if (referral_events_of(r->db, &r->arena, f->id, &ev, &n) != DB_DONE ||
	    referral_contacts_of(r->db, &r->arena, f->id, &cs, &nc) !=
	        DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	referral_members(b, f);
	json_field(b, "events");
	json_raw(b, "[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		fields_json(b, referral_event_fields,
		            referral_event_field_count, &ev[i]);
		json_object_end(b);
	}
	json_raw(b, "]");
	json_field(b, "contact_notes");
	json_raw(b, "[");
	for (int i = 0; i < nc; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		json_field_int(b, "id", cs[i].id);
		json_field_text(b, "contact_on", cs[i].contact_on);
		json_field_text(b, "kind", cs[i].kind);
		json_field_text(b, "staff_name", cs[i].staff_name);
		json_object_end(b);
	}
	json_raw(b, "]");
	json_object_end(b);
	reply_json_written(r, 200);
}

/* GET /api/v1/persons/{id}/referrals/{rid} */
void referral_api_get(struct req *r)
{
	struct referral f;
	if (referral_of_request(r, &f) == GO_ON)
		write_one(r, &f);
}

/* POST /api/v1/persons/{id}/referrals/{rid}/events {status, reason, …}
 * → 200 with the referral as it is now. */
void referral_api_event(struct req *r)
{
	struct referral f;
	struct referral_change c = {0};
	if (fields_from_json(r, referral_change_fields,
	                     referral_change_field_count, NULL,
	                     &c) == ANSWERED ||
	    referral_of_request(r, &f) == ANSWERED)
		return;
	struct field_error e;
	enum referral_result x = referral_apply(
	    r->db, &r->arena, &f, &c, request_today(r), req_user_id(r), &e);
	if (x != REFERRAL_SAVED) {
		reply_refused(r, x, &e);
		return;
	}
	if (referral_of_request(r, &f) == GO_ON)
		write_one(r, &f);
}
