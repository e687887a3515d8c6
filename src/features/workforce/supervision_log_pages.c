/* supervision_log_pages.c — /staff/{id}/supervision: a staff member's
 * supervision log with the hours per period, read by them, supervisors,
 * managers and admins; the supervisee acknowledges each entry.  The same
 * in the API. */
#include "../../handlers.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../supervision/supervision.h"
#include "progress.h"
#include "staff_record.h"
#include "supervision_log.h"

#include <stdio.h>

/* Reads what the page and the API show, and audits the read: GO_ON, or
 * ANSWERED.  A bad period is *bad (the caller answers). */
static enum answer load(struct req *r, const struct user *u,
                        struct supervision_period *p,
                        struct supervision_total **t,
                        struct supervision_session **list, int *n,
                        struct field_error *e, bool *bad)
{
	int nt = 0;
	*bad = supervision_period_read(r, p, e) != 0;
	if (*bad) {
		/* the defaults, to show the page around the error */
		struct supervision_period d = *p;
		snprintf(d.from, sizeof d.from, "%s", d.year_from);
		snprintf(d.to, sizeof d.to, "%s", d.today);
		d.chosen = false;
		*p = d;
	}
	if (supervision_totals(r->db, &r->arena, 0, u->id, p, t, &nt) !=
	        DB_DONE ||
	    nt != 1 ||
	    supervision_sessions_of(r->db, &r->arena, u->id, p->from, p->to,
	                            list, n) != DB_DONE) {
		reply_db_failure(r);
		return ANSWERED;
	}
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)u->id);
	if (!req_audit(r, &(struct audit_entry){"read", "supervision_log", key,
	                                        0, "success", ""})) {
		reply_audit_unavailable(r, NULL);
		return ANSWERED;
	}
	return GO_ON;
}

static void entry(struct req *r, const struct user *u,
                  const struct supervision_session *x, bool self)
{
	struct html *b = page_html(r);
	html_printf(b,
	            "<li class=\"usa-summary-box margin-bottom-2\"><h3 "
	            "class=\"margin-top-0\">%s: %s session with %s, %lld "
	            "minutes</h3><p><strong>Topics:</strong> %s</p>",
	            x->held_on, x->group_id ? "Group" : "Individual",
	            x->supervisor_name, (long long)x->minutes, x->topics);
	if (*x->notes)
		html_printf(b, "<p><strong>Notes:</strong> %s</p>", x->notes);
	if (*x->actions)
		html_printf(b, "<p><strong>Follow-up actions:</strong> %s</p>",
		            x->actions);
	if (*x->acknowledged_at) {
		html_printf(b, "<p>Acknowledged %s.</p></li>",
		            x->acknowledged_at);
		return;
	}
	if (!self) {
		html_raw(b, "<p>Not acknowledged yet.</p></li>");
		return;
	}
	html_printf(b,
	            "<form method=\"post\" action=\"/staff/%lld/supervision/"
	            "%lld/acknowledge\">",
	            (long long)u->id, (long long)x->id);
	form_csrf(r);
	html_printf(b,
	            "<button class=\"usa-button\" type=\"submit\">Acknowledge "
	            "the session of %s</button></form></li>",
	            x->held_on);
}

static void log_view(struct req *r, const struct user *u)
{
	struct supervision_period p;
	struct supervision_total *t;
	struct supervision_session *list;
	int n;
	struct field_error e;
	bool bad;
	if (load(r, u, &p, &t, &list, &n, &e, &bad) == ANSWERED)
		return;
	bool self = r->has_session && r->session.user_id == u->id;
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, arena_sprintf(&r->arena, "Supervision log: %s", u->name),
	           NULL);
	html_printf(b,
	            "<h1>Supervision log: %s</h1><p><a class=\"usa-link\" "
	            "href=\"/staff/%lld\">Back to the staff record</a></p>",
	            u->name, (long long)u->id);
	if (bad)
		form_error_summary(b, &e, NULL);
	html_printf(b,
	            "<form class=\"usa-form\" method=\"get\" "
	            "action=\"/staff/%lld/supervision\"><fieldset "
	            "class=\"usa-fieldset\"><legend class=\"usa-legend\">Period"
	            "</legend>",
	            (long long)u->id);
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	form_input(b,
	           &(struct form_field){
	               "from", "From", bad ? from : p.from, NULL,
	               bad ? field_error_for(&e, "from") : NULL, "off", false},
	           "date");
	form_input(b,
	           &(struct form_field){"to", "To", bad ? to : p.to, NULL,
	                                bad ? field_error_for(&e, "to") : NULL,
	                                "off", false},
	           "date");
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Show the "
	            "period</button></fieldset></form>");
	supervision_totals_table(r, t, 1, &p, false);
	html_printf(b, "<h2>Sessions from %s to %s</h2>", p.from, p.to);
	if (!n)
		html_raw(b, "<p>No session in this period.</p>");
	else
		html_raw(b, "<ul class=\"usa-list usa-list--unstyled\">");
	for (int i = 0; i < n; i++)
		entry(r, u, &list[i], self);
	if (n)
		html_raw(b, "</ul>");
	page_end(r);
	reply_html(r, bad ? 400 : 200);
}

/* GET /staff/{id}/supervision?from=&to= */
void supervision_log_page(struct req *r)
{
	struct user u;
	if (staff_record_access(r, req_id(r, "id"), false, &u))
		log_view(r, &u);
}

/* The supervisee themself, or 404 (another user; no such session of
 * theirs); 409 acknowledged already.  true when recorded. */
static bool acknowledge(struct req *r)
{
	int64_t id = req_id(r, "id");
	if (!r->has_session || r->session.user_id != id) {
		reply_error(r, 404, "not_found", "There is no such session.",
		            NULL);
		return false;
	}
	struct actor who = req_actor(r);
	enum db_status s =
	    supervision_acknowledge(r->db, &who, id, req_id(r, "sid"));
	if (s == DB_DONE)
		reply_error(r, 404, "not_found", "There is no such session.",
		            NULL);
	else if (s == DB_CONSTRAINT)
		reply_error(r, 409, "conflict",
		            "You acknowledged this session already.", NULL);
	else if (s != DB_OK)
		reply_db_failure(r);
	return s == DB_OK;
}

/* POST /staff/{id}/supervision/{sid}/acknowledge */
void supervision_ack_submit(struct req *r)
{
	if (acknowledge(r))
		reply_redirect(r, arena_sprintf(&r->arena,
		                                "/staff/%lld/supervision",
		                                (long long)req_id(r, "id")));
}

/* POST /api/v1/staff/{id}/supervision/{sid}/acknowledge → 204 */
void supervision_ack_api(struct req *r)
{
	if (acknowledge(r))
		r->status = 204;
}

static void total_json(struct req *r, const char *name, const char *from,
                       const char *to, int64_t minutes)
{
	struct buf *b = &r->out;
	json_field(b, name);
	json_object_begin(b);
	json_field_text(b, "from", from);
	json_field_text(b, "to", to);
	json_field_int(b, "minutes", minutes);
	json_field(b, "hours");
	buf_puts(b, progress_hours(&r->arena, minutes));
	json_object_end(b);
}

/* GET /api/v1/staff/{id}/supervision?from=&to= → {"user_id", "totals":
 * {"this_month", "last_12_months", "period"}, "items": [sessions]}: the
 * period is from..to (default: the last 12 months) */
void supervision_log_api(struct req *r)
{
	struct user u;
	struct supervision_period p;
	struct supervision_total *t;
	struct supervision_session *list;
	int n;
	struct field_error e;
	bool bad;
	if (!staff_record_access(r, req_id(r, "id"), false, &u))
		return;
	if (supervision_period_read(r, &p, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	if (load(r, &u, &p, &t, &list, &n, &e, &bad) == ANSWERED)
		return;
	struct buf *b = &r->out;
	buf_reset(b);
	json_object_begin(b);
	json_field_int(b, "user_id", u.id);
	json_field(b, "totals");
	json_object_begin(b);
	total_json(r, "this_month", p.month_from, p.today, t[0].month);
	total_json(r, "last_12_months", p.year_from, p.today, t[0].year);
	total_json(r, "period", p.from, p.to, t[0].period);
	json_object_end(b);
	json_field(b, "items");
	json_raw(b, "[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		fields_json(b, supervision_session_fields,
		            supervision_session_field_count, &list[i]);
		json_object_end(b);
	}
	json_raw(b, "]");
	json_object_end(b);
	reply_json_written(r, 200);
}
