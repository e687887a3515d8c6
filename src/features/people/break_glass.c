/* break_glass.c — emergency access to a person outside one's teams: a
 * reason is required and recorded, the access lasts 12 hours, every access
 * is audited as break-the-glass, and supervisors and admins review each
 * one (admins see a notice until they do). */
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../../core/clock.h"
#include "../../auth/person_access.h"

#include <string.h>

enum { REASON_MIN = 10, REASON_MAX = 500 };

/* What the form and the API send to open a record. */
struct glass_request {
	const char *reason;
};

static const struct field glass_fields[] = {
    FIELD_TEXT_AT(struct glass_request, reason, "reason", "Reason",
                  FIELD_REQUIRED, REASON_MAX,
                  .message = "Give a reason of 10 to 500 characters."),
};

static void reason_form(struct req *r, int status, int64_t id,
                        const char *error)
{
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Emergency access", "persons");
	html_printf(b,
	            "<h1>Emergency access</h1>\n<p>This person is not in your "
	            "teams. You may open their record in an emergency: say "
	            "why. Your reason and everything you open are recorded and "
	            "reviewed by a supervisor.</p>\n<form class=\"usa-form\" "
	            "method=\"post\" action=\"/persons/%lld/emergency\">",
	            (long long)id);
	form_csrf(r);
	html_printf(b, "<label class=\"usa-label\" for=\"reason\">%s</label>",
	            glass_fields[0].label);
	if (error) {
		html_printf(
		    b,
		    "<span class=\"usa-error-message\" id=\"reason-error\" "
		    "role=\"alert\">%s</span><textarea class=\"usa-textarea\" "
		    "id=\"reason\" name=\"reason\" "
		    "aria-describedby=\"reason-error\" "
		    "aria-invalid=\"true\"></textarea>",
		    error);
	} else {
		html_raw(b, "<textarea class=\"usa-textarea\" id=\"reason\" "
		            "name=\"reason\"></textarea>");
	}
	html_raw(b, "<button class=\"usa-button usa-button--secondary\" "
	            "type=\"submit\">Open the record</button></form>\n");
	page_end(r);
	reply_html(r, status);
}

/* Finds the {id} person for break-the-glass: 404 when there is none. */
static enum answer target(struct req *r, int64_t *id)
{
	*id = req_id(r, "id");
	enum db_status s = person_exists(r->db, *id);
	if (s == DB_ROW)
		return GO_ON;
	if (s == DB_DONE)
		reply_error(r, 404, "not_found", "There is no such person.",
		            NULL);
	else
		reply_db_failure(r);
	return ANSWERED;
}

/* The table's rule, and the shortest reason that says something. */
static int reason_validate(struct arena *a, const struct glass_request *g,
                           struct field_error *e)
{
	if (fields_validate(a, FIELDS(glass_fields), g, e))
		return -1;
	if (utf8_length(g->reason) < REASON_MIN)
		return field_fail(e, "reason", glass_fields[0].message);
	return 0;
}

/* Records the reason and audits; answers on failure. */
static enum answer open_glass(struct req *r, int64_t person,
                              const struct glass_request *g)
{
	struct field_error e;
	if (reason_validate(&r->arena, g, &e)) {
		if (r->is_api)
			reply_error(r, 400, "invalid", e.message, e.field);
		else
			reason_form(r, 400, person, e.message);
		return ANSWERED;
	}
	int64_t id;
	if (break_glass_open(r->db, r->session.user_id, person, g->reason,
	                     &id) != DB_OK) {
		reply_db_failure(r);
		return ANSWERED;
	}
	req_audit(r,
	          &(struct audit_entry){
	              "read", "person",
	              arena_sprintf(&r->arena, "%lld", (long long)person),
	              person, "success",
	              arena_sprintf(&r->arena, "break-the-glass opened (#%lld)",
	                            (long long)id)});
	return GO_ON;
}

/* GET /persons/{id}/emergency */
void break_glass_page(struct req *r)
{
	int64_t id;
	if (target(r, &id) == GO_ON)
		reason_form(r, 200, id, NULL);
}

/* POST /persons/{id}/emergency reason= → 303 to the record */
void break_glass_submit(struct req *r)
{
	int64_t id;
	struct glass_request g;
	fields_from_form(r, FIELDS(glass_fields), &g);
	if (target(r, &id) == GO_ON && open_glass(r, id, &g) == GO_ON)
		reply_redirect(r, arena_sprintf(&r->arena, "/persons/%lld",
		                                (long long)id));
}

/* POST /api/v1/persons/{id}/emergency {reason} → 204 */
void break_glass_api(struct req *r)
{
	struct glass_request g;
	int64_t id;
	if (fields_from_json(r, FIELDS(glass_fields), NULL, &g) == GO_ON &&
	    target(r, &id) == GO_ON && open_glass(r, id, &g) == GO_ON)
		r->status = 204;
}

/* GET /break-glass — every emergency access, newest first, to review. */
void break_glass_review_page(struct req *r)
{
	struct db_stmt *st = db_query(
	    r->db,
	    "SELECT g.id, u.name, g.person_id, g.reason, g.opened_at,"
	    " COALESCE(g.reviewed_at, '') FROM break_glass g"
	    " JOIN users u ON u.id = g.user_id ORDER BY g.id DESC LIMIT 200");
	struct html *b = page_html(r);
	page_begin(r, "Emergency access to review", "break-glass");
	html_raw(
	    b, "<h1>Emergency access</h1>\n<table class=\"usa-table "
	       "usa-table--stacked\"><caption>Records opened outside the "
	       "staff member's teams</caption><thead><tr><th scope=\"col\">Who"
	       "</th><th scope=\"col\">Person</th><th scope=\"col\">Reason</th>"
	       "<th scope=\"col\">Review</th></tr></thead><tbody>\n");
	while (db_row(st)) {
		html_printf(
		    b,
		    "<tr><th scope=\"row\" data-label=\"Who\">%s</th><td "
		    "data-label=\"Person\">%lld</td><td "
		    "data-label=\"Reason\">%s</td><td data-label=\"Review\">",
		    db_column_text(st, 1), (long long)db_column_int(st, 2),
		    db_column_text(st, 3));
		if (*db_column_text(st, 5)) {
			html_printf(b, "Reviewed %s", db_column_text(st, 5));
		} else {
			html_printf(b,
			            "<form method=\"post\" "
			            "action=\"/break-glass/%lld/review\">",
			            (long long)db_column_int(st, 0));
			form_csrf(r);
			html_raw(
			    b,
			    "<button class=\"usa-button usa-button--outline\" "
			    "type=\"submit\">Mark reviewed</button></form>");
		}
		html_raw(b, "</td></tr>\n");
	}
	if (db_end(r->db, st) != DB_DONE) { /* the page is dropped */
		reply_db_failure(r);
		return;
	}
	html_raw(b, "</tbody></table>\n");
	page_end(r);
	reply_html(r, 200);
}

/* POST /break-glass/{id}/review */
void break_glass_review_submit(struct req *r)
{
	int64_t id = req_id(r, "id");
	char now[32];
	clock_now_utc(now);
	int64_t person = 0;
	enum db_status s = db_one_int(
	    r->db,
	    "UPDATE break_glass SET reviewed_by = ?, reviewed_at = ?"
	    " WHERE id = ? AND reviewed_at IS NULL RETURNING person_id",
	    &person, DB_INT(r->session.user_id), DB_TEXT(now), DB_INT(id));
	if (s == DB_DONE) {
		reply_error(r, 404, "not_found",
		            "There is no such entry to review.", NULL);
		return;
	}
	if (s != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	req_audit(r, &(struct audit_entry){"update", "break_glass",
	                                   req_path_text(r, "id"), person,
	                                   "success", "reviewed"});
	reply_redirect(r, "/break-glass");
}

/* The page banner for reviewers: emergency accesses nobody reviewed. */
enum db_status break_glass_banner_count(struct req *r, int64_t *n)
{
	return break_glass_unreviewed(r->db, n);
}
