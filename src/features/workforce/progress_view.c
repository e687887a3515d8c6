/* progress_view.c — see progress_view.h: loading a trainee's progression
 * and the checks every change passes, shared by the pages and the API. */
#include "progress_view.h"

#include "../../auth/permissions.h"
#include "../../core/buf.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../programs/program_zone.h"

#include <string.h>

const struct field progress_start_fields[] = {
    FIELD_DATE_AT(struct progress_start, started_on, "started_on", "Start date",
                  FIELD_REQUIRED | FIELD_NOT_FUTURE),
};
const int progress_start_field_count =
    sizeof progress_start_fields / sizeof progress_start_fields[0];

const struct field progress_completion_fields[] = {
    FIELD_ID_AT(struct progress_completion, competency_id, "competency_id",
                "Competency", FIELD_REQUIRED,
                .message = "Competency: choose one of the required "
                           "competencies."),
    FIELD_DATE_AT(struct progress_completion, completed_on, "completed_on",
                  "Completed on", FIELD_REQUIRED | FIELD_NOT_FUTURE),
};
const int progress_completion_field_count =
    sizeof progress_completion_fields / sizeof progress_completion_fields[0];

const struct field progress_promotion_fields[] = {
    FIELD_FLAG_AT(struct progress_promotion, override, "override",
                  "Promote before eligibility"),
    FIELD_TEXT_AT(struct progress_promotion, reason, "reason",
                  "Reason for promoting before eligibility", 0,
                  PROMOTE_REASON_MAX),
};
const int progress_promotion_field_count =
    sizeof progress_promotion_fields / sizeof progress_promotion_fields[0];

const struct field competency_input_fields[] = {
    FIELD_LINE_AT(struct competency_input, name, "name", "Name", FIELD_REQUIRED,
                  COMPETENCY_NAME_MAX),
};
const int competency_input_field_count =
    sizeof competency_input_fields / sizeof competency_input_fields[0];

bool progress_may_set_start(const struct req *r)
{
	return permission_granted(r->role, PERM_COSIGN) ||
	       permission_granted(r->role, PERM_WORKFORCE);
}

enum db_status progress_view_load(struct req *r, const struct user *u,
                                  struct progress_view *v)
{
	*v = (struct progress_view){.today = request_today(r),
	                            .trainee = u->role == ROLE_PEER_TRAINEE};
	struct progress_settings set;
	enum db_status s = progress_settings_get(r->db, &set);
	if (s == DB_DONE)
		s = trainee_status_get(r->db, &r->arena, u->id, &v->t);
	if (s == DB_ROW)
		s = trainee_competency_list(r->db, &r->arena, u->id, &v->list,
		                            &v->n);
	if (s != DB_DONE)
		return s == DB_ROW ? DB_ERROR : s;
	progress_evaluate(&v->t, &set, v->today);
	struct buf names = {0};
	for (int i = 0; i < v->n; i++)
		if (!*v->list[i].completed_on)
			buf_printf(&names, "%s%s", names.len ? ", " : "",
			           v->list[i].name);
	v->missing =
	    progress_missing(&r->arena, &v->t, names.len ? names.data : "",
	                     v->today, &v->nmissing);
	buf_free(&names);
	return DB_DONE;
}

const char *progress_missing_text(struct arena *a,
                                  const struct progress_view *v)
{
	if (!v->nmissing)
		return "";
	struct buf b = {0};
	for (int i = 0; i < v->nmissing; i++)
		buf_printf(&b, "%s%s", i ? "; " : "", v->missing[i]);
	buf_puts(&b, ".");
	const char *out = arena_strdup(a, b.data);
	buf_free(&b);
	/* a sentence begins with a capital */
	char *first = (char *)out;
	if (first[0] >= 'a' && first[0] <= 'z')
		first[0] = (char)(first[0] - 'a' + 'A');
	return out;
}

static const struct field_error not_trainee = {
    .field = "role",
    .message = "Role: this staff member is not a trainee (promoted "
               "already, or never one)."};

static enum progress_outcome failed(struct req *r)
{
	reply_db_failure(r);
	return PROGRESS_ANSWERED;
}

enum progress_outcome progress_start_save(struct req *r, const struct user *u,
                                          const struct progress_start *in,
                                          struct field_error *e)
{
	if (fields_validate_in(&r->arena, progress_start_fields,
	                       progress_start_field_count, in,
	                       zone_of_request(r), e))
		return PROGRESS_INVALID;
	if (u->role != ROLE_PEER_TRAINEE) {
		*e = not_trainee;
		return PROGRESS_CONFLICT;
	}
	struct actor who = req_actor(r);
	enum db_status s =
	    trainee_start_set(r->db, &who, u->id, in->started_on);
	if (s == DB_DONE) {
		*e = not_trainee;
		return PROGRESS_CONFLICT;
	}
	return s == DB_OK ? PROGRESS_DONE : failed(r);
}

enum progress_outcome
progress_completion_save(struct req *r, const struct user *u,
                         const struct progress_completion *in,
                         struct field_error *e)
{
	if (fields_validate_in(&r->arena, progress_completion_fields,
	                       progress_completion_field_count, in,
	                       zone_of_request(r), e))
		return PROGRESS_INVALID;
	if (u->role != ROLE_PEER_TRAINEE) {
		*e = not_trainee;
		return PROGRESS_CONFLICT;
	}
	struct actor who = req_actor(r);
	enum db_status s = trainee_competency_complete(
	    r->db, &who, u->id, in->competency_id, in->completed_on);
	if (s == DB_DONE) {
		*e = (struct field_error){
		    .field = "competency_id",
		    .message = "Competency: there is no such required "
		               "competency (retired, or never on the list)."};
		return PROGRESS_INVALID;
	}
	if (s == DB_CONSTRAINT) {
		*e = (struct field_error){
		    .field = "competency_id",
		    .message = "Competency: its completion is recorded "
		               "already; withdraw it first to change it."};
		return PROGRESS_CONFLICT;
	}
	return s == DB_OK ? PROGRESS_DONE : failed(r);
}

enum progress_outcome progress_promote(struct req *r, const struct user *u,
                                       const struct progress_promotion *in,
                                       struct field_error *e)
{
	if (fields_validate(&r->arena, progress_promotion_fields,
	                    progress_promotion_field_count, in, e))
		return PROGRESS_INVALID;
	if (in->override && !*in->reason) {
		field_fail(e, "reason",
		           "Reason: say why they are promoted before they are "
		           "eligible.");
		return PROGRESS_INVALID;
	}
	if (u->role != ROLE_PEER_TRAINEE) {
		*e = not_trainee;
		return PROGRESS_CONFLICT;
	}
	struct progress_view v;
	if (progress_view_load(r, u, &v) != DB_DONE)
		return failed(r);
	if (!v.t.eligible && !in->override) {
		*e = (struct field_error){
		    .field = "override",
		    .message = arena_sprintf(
		        &r->arena,
		        "Not eligible yet: %s To promote them anyway, tick "
		        "“Promote before eligibility” and give the reason.",
		        progress_missing_text(&r->arena, &v))};
		return PROGRESS_CONFLICT;
	}
	struct actor who = req_actor(r);
	/* an override is recorded only when it was needed */
	enum db_status s =
	    trainee_promote(r->db, &who, u->id, r->session.user_id, v.today,
	                    v.t.started_on, v.t.eligible ? NULL : in->reason);
	if (s == DB_DONE) {
		*e = not_trainee;
		return PROGRESS_CONFLICT;
	}
	return s == DB_OK ? PROGRESS_DONE : failed(r);
}
