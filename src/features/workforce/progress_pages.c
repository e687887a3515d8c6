/* progress_pages.c — /staff/{id}/progress: a trainee's progression, read
 * by them, their supervisors and managers; supervisors sign competencies
 * off and promote, supervisors and managers set the start date.  Also the
 * "Trainee progression" section of the staff record. */
#include "../../auth/permissions.h"
#include "../../core/choice.h"
#include "../../handlers.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "progress_pages.h"
#include "progress_view.h"
#include "staff_record.h"

#include <string.h>

/* What was typed into the form that was refused (form names which). */
struct progress_typed {
	const char *form; /* "start", "completion", "promotion"; NULL */
	struct progress_start start;
	struct progress_completion completion;
	struct progress_promotion promotion;
};

static void row(struct html *b, const char *label, const char *value)
{
	html_printf(b,
	            "<dt class=\"text-bold\">%s</dt><dd class=\"margin-left-0 "
	            "margin-bottom-1\">%s</dd>",
	            label, value && *value ? value : "—");
}

/* The promotion already made, or "" */
static const char *promoted_text(struct arena *a,
                                 const struct trainee_status *t)
{
	if (!*t->promoted_on)
		return "";
	const char *why = t->override_reason;
	size_t len = strlen(why);
	bool stop = len && strchr(".!?", why[len - 1]);
	return arena_sprintf(a, "Promoted to peer specialist on %s by %s%s%s%s",
	                     t->promoted_on, t->promoted_by_name,
	                     len ? " before eligibility: " : "", why,
	                     stop ? "" : ".");
}

/* The facts, as the record and the page show them. */
static void summary(struct req *r, const struct progress_view *v)
{
	struct html *b = page_html(r);
	const struct trainee_status *t = &v->t;
	html_raw(b, "<dl>");
	row(b, "Start date",
	    t->start_set ? t->started_on
	                 : arena_sprintf(&r->arena,
	                                 "%s (the account's creation; a "
	                                 "supervisor or manager may set it)",
	                                 t->started_on));
	row(b, "Trainee period ends", t->period_ends);
	row(b, "Supervised hours",
	    arena_sprintf(&r->arena, "%s of %lld required",
	                  progress_hours(&r->arena, t->minutes),
	                  (long long)t->hours_required));
	row(b, "Required competencies",
	    arena_sprintf(&r->arena, "%lld of %lld completed",
	                  (long long)t->done, (long long)t->required));
	row(b, "Eligible for promotion on",
	    t->competencies_done
	        ? t->eligible_on
	        : arena_sprintf(&r->arena,
	                        "%s at the earliest, once every required "
	                        "competency is completed",
	                        t->eligible_on));
	html_raw(b, "</dl>");
	if (t->eligible)
		html_raw(b,
		         "<p><strong>Eligible for promotion now.</strong></p>");
	else
		html_printf(
		    b, "<p><strong>Not eligible yet.</strong> Missing: %s</p>",
		    progress_missing_text(&r->arena, v));
}

void progress_section(struct req *r, const struct user *u)
{
	struct html *b = page_html(r);
	struct progress_view v;
	if (progress_view_load(r, u, &v) != DB_DONE) {
		html_raw(b, "<p>The progression could not be read.</p>");
		return;
	}
	if (!v.trainee) {
		const char *done = promoted_text(&r->arena, &v.t);
		html_printf(b, "<p>%s</p>", *done ? done : "Not a trainee.");
		return;
	}
	summary(r, &v);
	html_printf(b,
	            "<p><a class=\"usa-link\" href=\"/staff/%lld/progress\">"
	            "Competencies and promotion</a></p>",
	            (long long)u->id);
}

static void competency_table(struct req *r, const struct user *u,
                             const struct progress_view *v, bool sign)
{
	struct html *b = page_html(r);
	html_raw(b, "<h2>Required competencies</h2>");
	if (!v->n) {
		html_raw(b,
		         "<p>The program lists no required competencies.</p>");
		return;
	}
	html_raw(b,
	         "<div class=\"waypoint-table-wrap\"><table class=\"usa-table "
	         "usa-table--stacked\"><caption>Required competencies and "
	         "their completion</caption><thead><tr><th "
	         "scope=\"col\">Competency</th><th scope=\"col\">Completed "
	         "on</th><th scope=\"col\">Signed by</th></tr></thead><tbody>");
	for (int i = 0; i < v->n; i++) {
		const struct competency *c = &v->list[i];
		html_printf(b,
		            "<tr><th scope=\"row\" data-label=\"Competency\">%s"
		            "</th><td data-label=\"Completed on\">%s</td><td "
		            "data-label=\"Signed by\">%s",
		            c->name,
		            *c->completed_on ? c->completed_on : "Not yet",
		            *c->signed_by_name ? c->signed_by_name : "—");
		if (sign && v->trainee && *c->completed_on) {
			html_printf(
			    b,
			    "<form method=\"post\" action=\"/staff/%lld/"
			    "competencies/%lld/withdraw\">",
			    (long long)u->id, (long long)c->id);
			form_csrf(r);
			html_printf(
			    b,
			    "<button class=\"usa-button usa-button--unstyled\" "
			    "type=\"submit\">Withdraw the sign-off of %s"
			    "</button></form>",
			    c->name);
		}
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table></div>");
}

static const char *error_for(const struct progress_typed *d, const char *form,
                             const struct field_error *e, const char *field)
{
	return d && d->form && !strcmp(d->form, form)
	           ? field_error_for(e, field)
	           : NULL;
}

static void start_form(struct req *r, const struct user *u,
                       const struct progress_view *v,
                       const struct progress_typed *d,
                       const struct field_error *e)
{
	struct html *b = page_html(r);
	bool mine = d && d->form && !strcmp(d->form, "start");
	html_printf(
	    b,
	    "<h2>Start date</h2><form class=\"usa-form\" method=\"post\" "
	    "action=\"/staff/%lld/progress\">",
	    (long long)u->id);
	form_csrf(r);
	form_input(b,
	           &(struct form_field){
	               "started_on", "Start date",
	               mine ? d->start.started_on : v->t.started_on,
	               "The day their supervised work began.",
	               error_for(d, "start", e, "started_on"), "off", true},
	           "date");
	html_raw(b,
	         "<button class=\"usa-button\" type=\"submit\">Save the start "
	         "date</button></form>");
}

static void completion_form(struct req *r, const struct user *u,
                            const struct progress_view *v,
                            const struct progress_typed *d,
                            const struct field_error *e)
{
	struct html *b = page_html(r);
	struct choice *open =
	    arena_alloc(&r->arena, sizeof *open * (size_t)(v->n + 1));
	int n = 0;
	for (int i = 0; i < v->n; i++)
		if (!*v->list[i].completed_on)
			open[n++] = (struct choice){
			    arena_sprintf(&r->arena, "%lld",
			                  (long long)v->list[i].id),
			    v->list[i].name};
	if (!n)
		return;
	bool mine = d && d->form && !strcmp(d->form, "completion");
	html_printf(b,
	            "<h2>Sign off a competency</h2><form class=\"usa-form\" "
	            "method=\"post\" action=\"/staff/%lld/competencies\">",
	            (long long)u->id);
	form_csrf(r);
	form_select(
	    b,
	    &(struct form_field){
	        "competency_id", "Competency",
	        mine ? arena_sprintf(&r->arena, "%lld",
	                             (long long)d->completion.competency_id)
	             : NULL,
	        NULL, error_for(d, "completion", e, "competency_id"), NULL,
	        true},
	    open, n);
	form_input(b,
	           &(struct form_field){
	               "completed_on", "Completed on",
	               mine ? d->completion.completed_on : v->today, NULL,
	               error_for(d, "completion", e, "completed_on"), "off",
	               true},
	           "date");
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Sign it "
	            "off</button></form>");
}

static void promotion_form(struct req *r, const struct user *u,
                           const struct progress_view *v,
                           const struct progress_typed *d,
                           const struct field_error *e)
{
	struct html *b = page_html(r);
	bool mine = d && d->form && !strcmp(d->form, "promotion");
	html_printf(b,
	            "<h2>Promotion</h2><p>Promoting makes them a peer "
	            "specialist: the notes and plan changes they sign from "
	            "then on need no co-signature. Work they signed before "
	            "still waits for yours.</p><form class=\"usa-form\" "
	            "method=\"post\" action=\"/staff/%lld/promote\">",
	            (long long)u->id);
	form_csrf(r);
	if (!v->t.eligible) {
		const char *err = error_for(d, "promotion", e, "override");
		if (err)
			html_printf(b,
			            "<span class=\"usa-error-message\" "
			            "id=\"override-error\">%s</span>",
			            err);
		form_checkbox(b, "override", "Promote before eligibility",
		              mine && d->promotion.override);
		form_textarea(
		    b,
		    &(struct form_field){
		        "reason", "Reason for promoting before eligibility",
		        mine ? d->promotion.reason : NULL,
		        "Needed when promoting before they are eligible.",
		        error_for(d, "promotion", e, "reason"), NULL, false});
	}
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Promote to "
	            "peer specialist</button></form>");
}

static void progress_view_page(struct req *r, const struct user *u, int status,
                               const struct field_error *e,
                               const struct progress_typed *d)
{
	struct progress_view v;
	if (progress_view_load(r, u, &v) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)u->id);
	if (status == 200 &&
	    !req_audit(r, &(struct audit_entry){"read", "trainee_progress", key,
	                                        0, "success", ""})) {
		reply_audit_unavailable(r, NULL);
		return;
	}
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, arena_sprintf(&r->arena, "Progression: %s", u->name),
	           NULL);
	html_printf(b,
	            "<h1>Trainee progression: %s</h1><p><a class=\"usa-link\" "
	            "href=\"/staff/%lld\">Back to the staff record</a></p>",
	            u->name, (long long)u->id);
	if (e) {
		const struct field *table = !strcmp(d->form, "start")
		                                ? progress_start_fields
		                            : !strcmp(d->form, "completion")
		                                ? progress_completion_fields
		                                : progress_promotion_fields;
		int count = !strcmp(d->form, "start")
		                ? progress_start_field_count
		            : !strcmp(d->form, "completion")
		                ? progress_completion_field_count
		                : progress_promotion_field_count;
		form_error_summary(b, e, fields_label(table, count, e->field));
	}
	if (!v.trainee) {
		const char *done = promoted_text(&r->arena, &v.t);
		html_printf(b, "<p>%s</p>", *done ? done : "Not a trainee.");
		page_end(r);
		reply_html(r, status);
		return;
	}
	summary(r, &v);
	bool sign = permission_granted(r->role, PERM_COSIGN);
	competency_table(r, u, &v, sign);
	if (sign)
		completion_form(r, u, &v, d, e);
	if (progress_may_set_start(r))
		start_form(r, u, &v, d, e);
	if (sign)
		promotion_form(r, u, &v, d, e);
	page_end(r);
	reply_html(r, status);
}

/* GET /staff/{id}/progress */
void progress_page(struct req *r)
{
	struct user u;
	if (staff_record_access(r, req_id(r, "id"), false, &u))
		progress_view_page(r, &u, 200, NULL, NULL);
}

/* After a change: the page again (303), or the form with its error. */
static void answer(struct req *r, const struct user *u, enum progress_outcome o,
                   const struct field_error *e, const struct progress_typed *d)
{
	if (o == PROGRESS_DONE)
		reply_redirect(r,
		               arena_sprintf(&r->arena, "/staff/%lld/progress",
		                             (long long)u->id));
	else if (o != PROGRESS_ANSWERED)
		progress_view_page(r, u, o == PROGRESS_INVALID ? 400 : 409, e,
		                   d);
}

/* Supervisors and managers only; anyone else who may read the record is
 * told there is no such page, as the route's permission lets them in. */
static bool may_change(struct req *r, bool sign, struct user *u)
{
	if (!staff_record_access(r, req_id(r, "id"), false, u))
		return false;
	if (sign ? permission_granted(r->role, PERM_COSIGN)
	         : progress_may_set_start(r))
		return true;
	reply_error(r, 404, "not_found", "There is no such page.", NULL);
	return false;
}

/* POST /staff/{id}/progress {started_on} */
void progress_start_submit(struct req *r)
{
	struct user u;
	if (!may_change(r, false, &u))
		return;
	struct progress_typed d = {.form = "start"};
	struct field_error e;
	fields_from_form(r, progress_start_fields, progress_start_field_count,
	                 &d.start);
	answer(r, &u, progress_start_save(r, &u, &d.start, &e), &e, &d);
}

/* POST /staff/{id}/competencies {competency_id, completed_on} */
void progress_completion_submit(struct req *r)
{
	struct user u;
	if (!may_change(r, true, &u))
		return;
	struct progress_typed d = {.form = "completion"};
	struct field_error e;
	fields_from_form(r, progress_completion_fields,
	                 progress_completion_field_count, &d.completion);
	answer(r, &u, progress_completion_save(r, &u, &d.completion, &e), &e,
	       &d);
}

/* POST /staff/{id}/competencies/{cid}/withdraw */
void progress_withdraw_submit(struct req *r)
{
	struct user u;
	if (!may_change(r, true, &u))
		return;
	if (u.role != ROLE_PEER_TRAINEE) {
		reply_error(r, 409, "conflict",
		            "This staff member is not a trainee.", "role");
		return;
	}
	struct actor who = req_actor(r);
	enum db_status s =
	    trainee_competency_withdraw(r->db, &who, u.id, req_id(r, "cid"));
	if (s == DB_DONE)
		reply_error(r, 404, "not_found",
		            "That competency is not signed off.", NULL);
	else if (s != DB_OK)
		reply_db_failure(r);
	else
		reply_redirect(r,
		               arena_sprintf(&r->arena, "/staff/%lld/progress",
		                             (long long)u.id));
}

/* POST /staff/{id}/promote {override, reason} */
void progress_promote_submit(struct req *r)
{
	struct user u;
	if (!staff_record_access(r, req_id(r, "id"), false, &u))
		return;
	struct progress_typed d = {.form = "promotion"};
	struct field_error e;
	fields_from_form(r, progress_promotion_fields,
	                 progress_promotion_field_count, &d.promotion);
	enum progress_outcome o = progress_promote(r, &u, &d.promotion, &e);
	if (o == PROGRESS_CONFLICT && !strcmp(e.field, "role")) {
		reply_error(r, 409, "conflict", e.message, "role");
		return;
	}
	answer(r, &u, o, &e, &d);
}
