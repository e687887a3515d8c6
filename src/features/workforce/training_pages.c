/* training_pages.c — trainings attended (training.h) on the staff record:
 * its "Trainings" section, the page that lists them with the form that
 * records one (/staff/{id}/trainings), and the same in the API.  Reading
 * them is a read of the staff record, audited. */
#include "../../handlers.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../programs/program_zone.h"
#include "staff_record.h"
#include "training.h"

#include <stdio.h>
#include <string.h>

#define ERR(f) field_error_for(e, f)

/* Who may record a training for staff member id: they themself, and
 * managers and admins. */
static bool records_for(const struct req *r, int64_t id)
{
	return (r->has_session && r->session.user_id == id) ||
	       permission_granted(r->role, PERM_WORKFORCE);
}

static const char *kind_label(const char *code)
{
	return choice_label(training_kinds, training_kind_count, code);
}

/* The trainings of u and their totals, audited as a read of the staff
 * record; false after answering (or, with quiet, without answering). */
struct trainings_read {
	struct training *list;
	int n;
	int64_t year, all;
	char since[11];
};

static bool trainings_read(struct req *r, int64_t id, struct trainings_read *t,
                           bool quiet)
{
	snprintf(t->since, sizeof t->since, "%.4s-01-01", request_today(r));
	if (trainings_of(r->db, &r->arena, id, &t->list, &t->n) != DB_DONE ||
	    training_totals(r->db, id, t->since, &t->year, &t->all) !=
	        DB_DONE) {
		if (!quiet)
			reply_db_failure(r);
		return false;
	}
	if (!req_audit(r, &(struct audit_entry){
	                      "read", "staff_trainings",
	                      arena_sprintf(&r->arena, "%lld", (long long)id),
	                      0, "success",
	                      arena_sprintf(&r->arena, "%d listed", t->n)})) {
		if (!quiet)
			reply_audit_unavailable(r, NULL);
		return false;
	}
	return true;
}

static void totals_line(struct req *r, const struct trainings_read *t)
{
	html_printf(page_html(r),
	            "<p id=\"training-totals\">%s hours this year (since %s), "
	            "%s hours in all.</p>\n",
	            training_hours(&r->arena, t->year), t->since,
	            training_hours(&r->arena, t->all));
}

/* The list; remove: with a remove button each (managers). */
static void trainings_list(struct req *r, int64_t id,
                           const struct trainings_read *t, bool remove)
{
	struct html *b = page_html(r);
	if (!t->n) {
		html_raw(b, "<p>No training recorded yet.</p>\n");
		return;
	}
	html_raw(b, "<ul class=\"usa-list usa-list--unstyled\" "
	            "id=\"trainings\">");
	for (int i = 0; i < t->n; i++) {
		const struct training *x = &t->list[i];
		html_printf(b,
		            "<li class=\"padding-y-1 border-bottom-1px "
		            "border-base-lighter\"><strong>%s</strong> (%s)<br>"
		            "<span class=\"text-base-dark\">%s, %s hours%s%s"
		            "</span>",
		            x->name, kind_label(x->kind), x->attended_on,
		            training_hours(&r->arena, x->minutes),
		            *x->provider ? ", by " : "", x->provider);
		if (remove) {
			html_printf(b,
			            "<form method=\"post\" "
			            "action=\"/staff/%lld/trainings/%lld/"
			            "remove\">",
			            (long long)id, (long long)x->id);
			form_csrf(r);
			html_printf(b,
			            "<button class=\"usa-button "
			            "usa-button--unstyled\" type=\"submit\" "
			            "aria-label=\"Remove %s of %s\">Remove"
			            "</button></form>",
			            x->name, x->attended_on);
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>\n");
}

/* The "Trainings" section of the staff record. */
void training_staff_section(struct req *r, const struct user *u)
{
	struct html *b = page_html(r);
	struct trainings_read t;
	if (!trainings_read(r, u->id, &t, true)) {
		html_raw(b, "<p>The trainings could not be read just now.</p>");
		return;
	}
	totals_line(r, &t);
	trainings_list(r, u->id, &t, false);
	html_printf(b,
	            "<p><a class=\"usa-link\" href=\"/staff/%lld/trainings\">%s"
	            "</a></p>",
	            (long long)u->id,
	            records_for(r, u->id) ? "Record a training"
	                                  : "All trainings");
}

static void training_form(struct req *r, int64_t id,
                          const struct field_error *e, const struct training *d)
{
	struct html *b = page_html(r);
	html_raw(b, "<h2 id=\"record-heading\">Record a training</h2>\n");
	if (e)
		form_error_summary(b, e,
		                   fields_label(training_fields,
		                                training_field_count,
		                                e->field));
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/staff/%lld/trainings\">",
	            (long long)id);
	form_csrf(r);
	form_required_note(b);
	form_text(b,
	          &(struct form_field){"name", "Training", d ? d->name : NULL,
	                               "New Employee Orientation, CPR "
	                               "refresher, …",
	                               ERR("name"), "off", true});
	form_select(b,
	            &(struct form_field){"kind", "Kind", d ? d->kind : NULL,
	                                 NULL, ERR("kind"), NULL, true},
	            training_kinds, training_kind_count);
	form_input(b,
	           &(struct form_field){"attended_on", "Date attended",
	                                d ? d->attended_on : NULL, NULL,
	                                ERR("attended_on"), "off", true},
	           "date");
	form_text(b,
	          &(struct form_field){"hours", "Hours", d ? d->hours_in : NULL,
	                               "Such as 1.5; or give minutes "
	                               "below instead.",
	                               ERR("hours"), "off", false});
	form_text(b, &(struct form_field){"minutes", "Minutes",
	                                  d ? d->minutes_in : NULL,
	                                  "Only when not given in hours.",
	                                  ERR("minutes"), "off", false});
	form_text(b, &(struct form_field){"provider", "Provider",
	                                  d ? d->provider : NULL, NULL,
	                                  ERR("provider"), "off", false});
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Record the "
	            "training</button></form>\n");
}

static void trainings_view(struct req *r, const struct user *u, int status,
                           const struct field_error *e,
                           const struct training *d)
{
	struct trainings_read t;
	if (!trainings_read(r, u->id, &t, false))
		return;
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, arena_sprintf(&r->arena, "Trainings of %s", u->name),
	           NULL);
	html_printf(b,
	            "<p><a class=\"usa-link\" href=\"/staff/%lld\">%s</a></p>"
	            "<h1>Trainings</h1>\n",
	            (long long)u->id, u->name);
	totals_line(r, &t);
	trainings_list(r, u->id, &t,
	               permission_granted(r->role, PERM_WORKFORCE));
	if (records_for(r, u->id))
		training_form(r, u->id, e, d);
	page_end(r);
	reply_html(r, status);
}

/* GET /staff/{id}/trainings */
void staff_trainings_page(struct req *r)
{
	struct user u;
	if (staff_record_access(r, req_id(r, "id"), false, &u))
		trainings_view(r, &u, 200, NULL, NULL);
}

/* The staff member a training is recorded for: self, or anyone for
 * managers; false after answering (404). */
static bool record_access(struct req *r, struct user *u)
{
	int64_t id = req_id(r, "id");
	bool self = r->has_session && r->session.user_id == id;
	return staff_record_access(r, id, !self, u);
}

/* Records d for u, answering a database failure; the id, or 0 when the
 * staff member was not one to record for (answered 404), or -1. */
static int64_t record_for(struct req *r, const struct user *u,
                          struct training *d)
{
	d->user_id = u->id;
	struct actor who = req_actor(r);
	int64_t id = training_record(r->db, &who, d);
	if (id < 0)
		reply_db_failure(r);
	else if (!id)
		reply_error(r, 404, "not_found",
		            "There is no such staff record.", NULL);
	return id;
}

/* POST /staff/{id}/trainings */
void staff_trainings_submit(struct req *r)
{
	struct user u;
	struct training d = {0};
	struct field_error e;
	if (!record_access(r, &u))
		return;
	fields_from_form(r, training_fields, training_field_count, &d);
	if (training_validate(&r->arena, &d, zone_of_request(r), &e)) {
		trainings_view(r, &u, 400, &e, &d);
		return;
	}
	if (record_for(r, &u, &d) > 0)
		reply_redirect(r,
		               arena_sprintf(&r->arena, "/staff/%lld/trainings",
		                             (long long)u.id));
}

/* POST /staff/{id}/trainings/{tid}/remove (managers) */
void staff_training_remove_submit(struct req *r)
{
	struct user u;
	if (!staff_record_access(r, req_id(r, "id"), true, &u))
		return;
	struct actor who = req_actor(r);
	enum db_status s = training_remove(r->db, &who, u.id, req_id(r, "tid"));
	if (s == DB_DONE)
		reply_error(r, 404, "not_found", "There is no such training.",
		            NULL);
	else if (s != DB_OK)
		reply_db_failure(r);
	else
		reply_redirect(r,
		               arena_sprintf(&r->arena, "/staff/%lld/trainings",
		                             (long long)u.id));
}

/* ---- the API ---- */

static void training_json(struct req *r, struct buf *b,
                          const struct training *x)
{
	json_object_begin(b);
	fields_json(b, training_fields, training_field_count, x);
	json_field_int(b, "minutes", x->minutes);
	json_field(b, "hours");
	buf_puts(b, training_hours(&r->arena, x->minutes));
	json_field_text(b, "recorded_by", x->recorded_by);
	json_field_text(b, "created_at", x->created_at);
	json_object_end(b);
}

/* GET /api/v1/staff/{id}/trainings → {"items", "minutes_this_year",
 * "minutes_total", "next_cursor": null} */
void staff_trainings_api(struct req *r)
{
	struct user u;
	struct trainings_read t;
	if (!staff_record_access(r, req_id(r, "id"), false, &u) ||
	    !trainings_read(r, u.id, &t, false))
		return;
	struct buf *b = &r->out;
	buf_reset(b);
	json_raw(b, "{\"items\":[");
	for (int i = 0; i < t.n; i++) {
		if (i)
			json_raw(b, ",");
		training_json(r, b, &t.list[i]);
	}
	json_raw(b, "]");
	json_field_int(b, "minutes_this_year", t.year);
	json_field_int(b, "minutes_total", t.all);
	json_raw(b, ",\"next_cursor\":null}");
	reply_json_written(r, 200);
}

/* JSON numbers for hours and minutes are read as the form's text. */
static void numbers_as_text(struct req *r)
{
	static const char *const names[] = {"hours", "minutes"};
	if (!r->json || !json_is_object(r->json))
		return;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		json_t *v = json_object_get(r->json, names[i]);
		char text[48];
		if (json_is_integer(v))
			snprintf(text, sizeof text, "%lld",
			         (long long)json_integer_value(v));
		else if (json_is_real(v))
			snprintf(text, sizeof text, "%.15g",
			         json_real_value(v));
		else
			continue;
		json_object_set_new(r->json, names[i], json_string(text));
	}
}

/* POST /api/v1/staff/{id}/trainings {name, kind, attended_on, hours |
 * minutes, provider} → 201 {id} */
void staff_trainings_api_add(struct req *r)
{
	struct user u;
	struct training d = {0};
	struct field_error e;
	if (!record_access(r, &u))
		return;
	numbers_as_text(r);
	if (fields_from_json(r, training_fields, training_field_count, NULL,
	                     &d) == ANSWERED)
		return;
	if (training_validate(&r->arena, &d, zone_of_request(r), &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	int64_t id = record_for(r, &u, &d);
	if (id > 0)
		api_reply_id(r, 201, id);
}

/* DELETE /api/v1/staff/{id}/trainings/{tid} (managers) → 204 */
void staff_training_api_remove(struct req *r)
{
	struct user u;
	if (!staff_record_access(r, req_id(r, "id"), true, &u))
		return;
	struct actor who = req_actor(r);
	enum db_status s = training_remove(r->db, &who, u.id, req_id(r, "tid"));
	if (s == DB_DONE)
		reply_error(r, 404, "not_found", "There is no such training.",
		            NULL);
	else if (s != DB_OK)
		reply_db_failure(r);
	else
		r->status = 204;
}
