/* notices_pages.c — the staff member's in-app notices (page and API);
 * opening them marks them read. */
#include "../../http/api.h"
#include "../../handlers.h"
#include "../../http/response.h"
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

/* GET /api/v1/notices — newest first; marks them read */
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

/* The page banner: the signed-in user's unread notices. */
enum db_status notices_banner_count(struct req *r, int64_t *n)
{
	if (!r->has_session)
		return DB_DONE;
	return notice_unread(r->db, r->session.user_id, n);
}
