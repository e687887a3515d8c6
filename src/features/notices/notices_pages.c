/* notices_pages.c — the staff member's in-app notices (page and API).
 * Opening them changes nothing (a GET never does); "Mark as read" is a POST
 * naming the newest notice shown, so one that arrives meanwhile stays new. */
#include "../../http/api.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../programs/program_zone.h"
#include "notice.h"

/* GET /notices */
void notices_page(struct req *r)
{
	struct notice *list;
	int n;
	if (notice_list(r->db, &r->arena, r->session.user_id, &list, &n) !=
	    DB_DONE) {
		reply_db_failure(r);
		return;
	}
	const char *zone = zone_of_request(r);
	struct html *b = page_html(r);
	page_begin(r, "Notices", NULL);
	html_raw(b, "<h1>Notices</h1>\n<ul class=\"usa-list\">");
	for (int i = 0; i < n; i++) {
		html_raw(b, "<li>");
		if (list[i].unread)
			html_raw(b, "<strong>New:</strong> ");
		html_stamp(b, list[i].created_at, zone);
		html_printf(b, " <a class=\"usa-link\" href=\"%s\">%s</a></li>",
		            list[i].link, list[i].message);
	}
	if (!n)
		html_raw(b, "<li>No notices.</li>");
	html_raw(b, "</ul>\n");
	bool unread = false;
	for (int i = 0; i < n; i++)
		unread = unread || list[i].unread;
	if (unread) {
		html_raw(b, "<form method=\"post\" action=\"/notices/read\">");
		form_csrf(r);
		html_printf(b,
		            "<input type=\"hidden\" name=\"through\" "
		            "value=\"%lld\"><button class=\"usa-button\" "
		            "type=\"submit\">Mark as read</button></form>\n",
		            (long long)list[0].id);
	}
	page_end(r);
	reply_html(r, 200);
}

static void notice_json(struct buf *b, const void *item)
{
	const struct notice *x = item;
	json_raw(b, "{\"id\":");
	json_int(b, x->id);
	json_raw(b, ",\"message\":");
	json_text(b, x->message);
	json_raw(b, ",\"link\":");
	json_text(b, x->link);
	json_raw(b, ",\"created_at\":");
	json_text(b, x->created_at);
	json_raw(b, ",\"unread\":");
	json_bool(b, x->unread);
	json_raw(b, "}");
}

/* GET /api/v1/notices — newest first */
void notices_api_list(struct req *r)
{
	struct notice *list;
	int n;
	if (notice_list(r->db, &r->arena, r->session.user_id, &list, &n) !=
	    DB_DONE) {
		reply_db_failure(r);
		return;
	}
	api_list_whole(r, list, sizeof *list, n, notice_json);
}

/* POST /notices/read */
void notices_read_submit(struct req *r)
{
	struct notice_read nr = {0};
	struct field_error e;
	fields_from_form(r, notice_read_fields, notice_read_field_count, &nr);
	if (fields_validate(&r->arena, notice_read_fields,
	                    notice_read_field_count, &nr, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	if (notice_mark_read(r->db, r->session.user_id, nr.through) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	reply_redirect(r, "/notices");
}

/* POST /api/v1/notices/read {"through": id} — 204 */
void notices_api_read(struct req *r)
{
	struct notice_read nr = {0};
	struct field_error e;
	if (fields_from_json(r, notice_read_fields, notice_read_field_count,
	                     NULL, &nr) == ANSWERED)
		return;
	if (fields_validate(&r->arena, notice_read_fields,
	                    notice_read_field_count, &nr, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	if (notice_mark_read(r->db, r->session.user_id, nr.through) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	r->status = 204;
}

/* The page banner: the signed-in user's unread notices. */
enum db_status notices_banner_count(struct req *r, int64_t *n)
{
	if (!r->has_session)
		return DB_DONE;
	return notice_unread(r->db, r->session.user_id, n);
}
