/* followups_api.c — follow-up after discharge in the JSON API: the teams'
 * due list, a person's follow-ups with their attempts, and recording an
 * attempt or an outcome (re-engagement: enrollment_changes.c). */
#include "../../handlers.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/json.h"
#include "../programs/program_zone.h"
#include "followup.h"
#include "followup_pages.h"

static void followup_json(struct buf *b, const void *item)
{
	json_object_begin(b);
	fields_json(b, followup_fields, followup_field_count, item);
	const struct followup *f = item;
	json_field_int(b, "days_after", f->days_after);
	json_field_int(b, "attempts", f->attempts);
	json_object_end(b);
}

/* ?through=: a date; today in the user's zone when absent. */
struct through {
	const char *through;
};
static const struct field through_fields[] = {
    FIELD_DATE_AT(struct through, through, "through", "Due through", 0),
};

/* GET /api/v1/followups[?through=YYYY-MM-DD]: the open follow-ups of the
 * user's teams due by then, oldest first (at most 200). */
void followups_api_due(struct req *r)
{
	struct through t = {req_query(r, "through")};
	struct field_error e;
	if (!t.through || !*t.through)
		t.through = request_today(r);
	else if (fields_validate(&r->arena, FIELDS(through_fields), &t, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	struct followup *list;
	int n;
	if (followups_due(r->db, &r->arena, req_user_id(r), t.through, "", 0,
	                  FOLLOWUP_LIST_MAX, &list, &n, NULL) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	if (n && !req_audit(r, &(struct audit_entry){
	                           "list", "followups_due", "", 0, "success",
	                           arena_sprintf(&r->arena, "%d listed", n)})) {
		reply_audit_unavailable(r, NULL);
		return;
	}
	api_list_whole(r, list, sizeof *list, n, followup_json);
}

/* GET /api/v1/persons/{id}/followups */
void person_followups_api(struct req *r)
{
	struct followup *list;
	int n;
	if (followups_of_person(r->db, &r->arena, r->person_id, &list, &n) !=
	    DB_DONE) {
		reply_db_failure(r);
		return;
	}
	api_list_whole(r, list, sizeof *list, n, followup_json);
}

/* GET /api/v1/persons/{id}/followups/{fid}: with "attempts" */
void followup_api_get(struct req *r)
{
	struct followup f;
	struct followup_attempt *list;
	int n;
	if (followup_of_request(r, &f) == ANSWERED)
		return;
	if (followup_attempts_of(r->db, &r->arena, f.id, &list, &n) !=
	    DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct buf *b = &r->out;
	json_object_begin(b);
	fields_json(b, followup_fields, followup_field_count, &f);
	json_field_int(b, "days_after", f.days_after);
	json_field(b, "attempts");
	buf_putc(b, '[');
	for (int i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		json_object_begin(b);
		fields_json(b, followup_attempt_fields,
		            followup_attempt_field_count, &list[i]);
		json_object_end(b);
	}
	buf_putc(b, ']');
	json_object_end(b);
	reply_json_written(r, 200);
}

static void change_error(struct req *r, enum followup_change c,
                         const struct field_error *e)
{
	if (c == FOLLOWUP_FAILED)
		reply_db_failure(r);
	else if (c == FOLLOWUP_CLOSED)
		reply_error(r, 409, "closed", e->message, e->field);
	else
		reply_error(r, 400, "invalid", e->message, e->field);
}

/* POST /api/v1/persons/{id}/followups/{fid}/attempts → 201 {id} */
void followup_api_attempt(struct req *r)
{
	struct followup f;
	struct followup_attempt at = {0};
	if (fields_from_json(r, followup_attempt_fields,
	                     followup_attempt_field_count, NULL,
	                     &at) == ANSWERED ||
	    followup_of_request(r, &f) == ANSWERED)
		return;
	struct field_error e;
	int64_t id;
	enum followup_change c =
	    followup_attempt_add(r->db, &r->arena, &f, &at, zone_of_request(r),
	                         req_user_id(r), &id, &e);
	if (c == FOLLOWUP_CHANGED)
		api_reply_id(r, 201, id);
	else
		change_error(r, c, &e);
}

/* POST /api/v1/persons/{id}/followups/{fid}/outcome → 204 */
void followup_api_outcome(struct req *r)
{
	struct followup f;
	struct followup_close c = {0};
	if (fields_from_json(r, followup_close_fields,
	                     followup_close_field_count, NULL,
	                     &c) == ANSWERED ||
	    followup_of_request(r, &f) == ANSWERED)
		return;
	struct field_error e;
	enum followup_change ch = followup_close(
	    r->db, &r->arena, &f, &c, zone_of_request(r), req_user_id(r), &e);
	if (ch == FOLLOWUP_CHANGED)
		r->status = 204;
	else
		change_error(r, ch, &e);
}
