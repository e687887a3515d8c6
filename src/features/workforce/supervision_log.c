/* supervision_log.c — see supervision_log.h: periods, totals and the
 * acknowledgement. */
#include "supervision_log.h"

#include "../../core/clock.h"
#include "../../web/html.h"
#include "../../web/layout.h"

#include <stdio.h>
#include <string.h>

enum db_status supervision_acknowledge(struct db *db, const struct actor *who,
                                       int64_t supervisee_id, int64_t sid)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	int64_t got;
	s = db_one_int(db,
	               "UPDATE supervision_sessions SET acknowledged_at = ?"
	               " WHERE id = ? AND supervisee_id = ? AND"
	               " acknowledged_at IS NULL RETURNING id",
	               &got, DB_TEXT(now), DB_INT(sid), DB_INT(supervisee_id));
	if (s == DB_DONE) {
		/* none of theirs, or acknowledged already */
		s = db_one_int(
		    db,
		    "SELECT id FROM supervision_sessions WHERE id = ?"
		    " AND supervisee_id = ?",
		    &got, DB_INT(sid), DB_INT(supervisee_id));
		db_rollback(db);
		return s == DB_ROW ? DB_CONSTRAINT : s;
	}
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)sid);
	return audit_commit(db, s == DB_ROW ? DB_OK : s, who,
	                    &(struct audit_entry){"update",
	                                          "supervision_session", key, 0,
	                                          "success", "acknowledged"});
}

void supervision_log_section(struct req *r, const struct user *u)
{
	struct html *b = page_html(r);
	struct supervision_period p;
	struct field_error e;
	struct supervision_total *t;
	int n = 0;
	/* the record's own query has no period: the defaults */
	if (supervision_period_read(r, &p, &e) ||
	    supervision_totals(r->db, &r->arena, 0, u->id, &p, &t, &n) !=
	        DB_DONE ||
	    !n) {
		html_raw(b, "<p>The supervision log could not be read.</p>");
		return;
	}
	html_printf(b,
	            "<p>Supervised: %s hours this month, %s hours in the last "
	            "12 months.</p><p><a class=\"usa-link\" "
	            "href=\"/staff/%lld/supervision\">The supervision "
	            "log</a></p>",
	            supervision_hours_text(&r->arena, t[0].month),
	            supervision_hours_text(&r->arena, t[0].year),
	            (long long)u->id);
}
