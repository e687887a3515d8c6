/* enrollment_changes.c — admitting and discharging, as pages and in the
 * API, with what follows from each: a discharge makes the follow-ups its
 * program's schedule calls for; an admission ends the person's open
 * follow-ups and lifts a decline of contact.  Re-engagement is an
 * admission from a follow-up.  Every route here is ROUTE_PERSON, so each
 * change runs in one transaction with its audit entry (dispatch.c). */
#include "../../handlers.h"
#include "../../http/api.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../people/enrollment.h"
#include "../programs/program.h"
#include "../programs/program_zone.h"
#include "followup.h"
#include "followup_pages.h"
#include "followup_schedule.h"

#include <string.h>

static const struct field_error already_enrolled = {
    .field = "program_id",
    .message = "They are enrolled in this program already: record "
               "the discharge first to enroll them again."};

/* What admit did: admitted (*id set); refused with *e (answer 400);
 * refused because they are enrolled already (409); or answered. */
enum admitted { ADMITTED, ADMIT_REFUSED, ALREADY_ENROLLED, ADMIT_ANSWERED };

/* Checks and stores an admission, and ends open follow-ups. */
static enum admitted admit(struct req *r, const struct enrollment *en,
                           int64_t *id, struct field_error *e)
{
	if (enrollment_validate_admission(&r->arena, en, zone_of_request(r), e))
		return ADMIT_REFUSED;
	struct program prog;
	enum db_status s = program_get(r->db, &r->arena, en->program_id, &prog);
	if (s == DB_DONE) {
		*e = (struct field_error){.field = "program_id",
		                          .message =
		                              "There is no such program."};
		return ADMIT_REFUSED;
	}
	if (s == DB_ROW)
		s = enrollment_admit(r->db, en, r->session.user_id, id);
	if (s == DB_CONSTRAINT) {
		*e = already_enrolled;
		return ALREADY_ENROLLED;
	}
	if (s == DB_OK)
		s = followups_end_open(r->db, en->person_id, r->session.user_id,
		                       "They enrolled again.");
	if (s == DB_OK)
		s = person_activity_refresh(r->db, en->person_id);
	if (s != DB_OK) {
		reply_db_failure(r);
		return ADMIT_ANSWERED;
	}
	return ADMITTED;
}

static void back_to_enrollments(struct req *r)
{
	reply_redirect(r, arena_sprintf(&r->arena, "/persons/%lld/enrollments",
	                                (long long)r->person_id));
}

/* POST /persons/{id}/enrollments */
void enrollment_admit_page(struct req *r)
{
	struct enrollment en = {.person_id = r->person_id};
	struct field_error e;
	int64_t id;
	fields_from_form(r, admission_fields, admission_field_count, &en);
	switch (admit(r, &en, &id, &e)) {
	case ADMITTED:
		back_to_enrollments(r);
		return;
	case ADMIT_REFUSED:
		enrollments_view(r, 400, &en, &e);
		return;
	case ALREADY_ENROLLED:
		enrollments_view(r, 409, &en, &e);
		return;
	case ADMIT_ANSWERED:
		return;
	}
}

/* POST /api/v1/persons/{id}/enrollments → 201 {id}; 409 when enrolled */
void enrollments_api_admit(struct req *r)
{
	struct enrollment en = {.person_id = r->person_id};
	if (fields_from_json(r, admission_fields, admission_field_count, NULL,
	                     &en) == ANSWERED)
		return;
	struct field_error e;
	int64_t id;
	switch (admit(r, &en, &id, &e)) {
	case ADMITTED:
		api_reply_id(r, 201, id);
		return;
	case ADMIT_REFUSED:
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	case ALREADY_ENROLLED:
		reply_error(r, 409, "already_enrolled", e.message, e.field);
		return;
	case ADMIT_ANSWERED:
		return;
	}
}

/* The follow-ups the discharge of enrollment d calls for. */
static enum db_status schedule_followups(struct req *r,
                                         const struct enrollment *d)
{
	int64_t program_id;
	enum db_status s =
	    db_one_int(r->db, "SELECT program_id FROM enrollments WHERE id = ?",
	               &program_id, DB_INT(d->id));
	if (s != DB_ROW)
		return s == DB_DONE ? DB_ERROR : s;
	struct followup_schedule sched;
	if ((s = followup_schedule_get(r->db, program_id, &sched)) != DB_ROW)
		return s;
	const struct followup_days *days =
	    followup_days_for(&sched, d->discharge_reason);
	int made;
	return followups_create_after(r->db, d->person_id, d->id,
	                              d->discharged_on, days->day, days->n,
	                              &made);
}

/* Checks and records a discharge of {eid} and its follow-ups; a refusal
 * is answered by on_error (the page or the API). */
static enum answer discharge(struct req *r, struct enrollment *d,
                             void (*on_error)(struct req *, int,
                                              const struct enrollment *,
                                              const struct field_error *))
{
	struct field_error e;
	d->person_id = r->person_id;
	d->id = req_id(r, "eid");
	switch (
	    enrollment_discharge(r->db, &r->arena, d, zone_of_request(r), &e)) {
	case DISCHARGED:
		if (person_activity_refresh(r->db, d->person_id) == DB_OK &&
		    schedule_followups(r, d) == DB_OK)
			return GO_ON;
		break;
	case DISCHARGE_REFUSED:
		on_error(r, 400, d, &e);
		return ANSWERED;
	case DISCHARGE_NOT_OPEN:
		reply_error(r, 404, "not_found",
		            "There is no such open enrollment.", NULL);
		return ANSWERED;
	case DISCHARGE_FAILED:
		break;
	}
	reply_db_failure(r);
	return ANSWERED;
}

/* POST /persons/{id}/enrollments/{eid}/discharge */
void enrollment_discharge_page(struct req *r)
{
	struct enrollment d = {0};
	fields_from_form(r, discharge_fields, discharge_field_count, &d);
	if (discharge(r, &d, enrollments_view) == GO_ON)
		back_to_enrollments(r);
}

static void discharge_api_error(struct req *r, int status,
                                const struct enrollment *d,
                                const struct field_error *e)
{
	(void)d;
	reply_error(r, status, "invalid", e->message, e->field);
}

/* POST /api/v1/persons/{id}/enrollments/{eid}/discharge → 204 */
void enrollment_api_discharge(struct req *r)
{
	struct enrollment d = {0};
	if (fields_from_json(r, discharge_fields, discharge_field_count, NULL,
	                     &d) == GO_ON &&
	    discharge(r, &d, discharge_api_error) == GO_ON)
		r->status = 204;
}

/* What reengage did, as admit. */
static enum admitted reengage(struct req *r, const struct followup *f,
                              const struct followup_reengage *g, int64_t *id,
                              struct field_error *e)
{
	if (fields_validate_in(&r->arena, followup_reengage_fields,
	                       followup_reengage_field_count, g,
	                       zone_of_request(r), e))
		return ADMIT_REFUSED;
	if (strcmp(f->state, "open")) {
		field_fail(e, "followup",
		           "This follow-up is closed already: enroll them "
		           "from their Programs page instead.");
		return ALREADY_ENROLLED;
	}
	struct enrollment en = {.person_id = f->person_id,
	                        .program_id = f->program_id,
	                        .admitted_on = g->admitted_on,
	                        .admission_reason = g->admission_reason};
	/* first, or the admission would end it with the others; a refused
	 * admission rolls both back (the route's one transaction) */
	if (followup_mark_reengaged(r->db, f, r->session.user_id) != DB_OK) {
		reply_db_failure(r);
		return ADMIT_ANSWERED;
	}
	return admit(r, &en, id, e);
}

/* POST /api/v1/persons/{id}/followups/{fid}/reengage → 201 {id} of the
 * new enrollment; 409 when enrolled already or the follow-up is closed */
void followup_api_reengage(struct req *r)
{
	struct followup f;
	struct followup_reengage g = {0};
	if (fields_from_json(r, followup_reengage_fields,
	                     followup_reengage_field_count, NULL,
	                     &g) == ANSWERED ||
	    followup_of_request(r, &f) == ANSWERED)
		return;
	struct field_error e;
	int64_t id;
	switch (reengage(r, &f, &g, &id, &e)) {
	case ADMITTED:
		api_reply_id(r, 201, id);
		return;
	case ADMIT_REFUSED:
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	case ALREADY_ENROLLED:
		reply_error(r, 409, "conflict", e.message, e.field);
		return;
	case ADMIT_ANSWERED:
		return;
	}
}

/* POST /persons/{id}/followups/{fid}/reengage: to the person's Programs
 * page on success; the follow-up page again, with the fault, if not. */
void followup_reengage_page(struct req *r)
{
	struct followup f;
	struct followup_reengage g = {0};
	fields_from_form(r, followup_reengage_fields,
	                 followup_reengage_field_count, &g);
	if (followup_of_request(r, &f) == ANSWERED)
		return;
	struct field_error e;
	int64_t id;
	enum admitted a = reengage(r, &f, &g, &id, &e);
	switch (a) {
	case ADMITTED:
		back_to_enrollments(r);
		return;
	case ADMIT_REFUSED:
	case ALREADY_ENROLLED:
		followup_view(r, a == ADMIT_REFUSED ? 400 : 409, &f,
		              &(struct followup_drafts){.reengage = &g}, &e);
		return;
	case ADMIT_ANSWERED:
		return;
	}
}
