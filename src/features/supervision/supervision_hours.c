/* supervision_hours.c — see supervision_hours.h. */
#include "supervision_hours.h"

#include "../../core/text.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../programs/program_zone.h"

#include <stdio.h>
#include <string.h>

enum { TOTALS_MAX = 200 };

const char *supervision_hours_text(struct arena *a, int64_t minutes)
{
	int64_t tenths = (minutes * 10 + 30) / 60;
	return arena_sprintf(a, "%lld.%lld", (long long)(tenths / 10),
	                     (long long)(tenths % 10));
}

int supervision_period_read(struct req *r, struct supervision_period *p,
                            struct field_error *e)
{
	*p = (struct supervision_period){0};
	snprintf(p->today, sizeof p->today, "%s", request_today(r));
	snprintf(p->month_from, sizeof p->month_from, "%.8s01", p->today);
	/* a year back, and the day after (29 February: from 1 March) */
	char back[LOCAL_DATE_SIZE];
	int y = 2000;
	sscanf(p->today, "%4d", &y);
	snprintf(back, sizeof back, "%04u%s", (unsigned)(y - 1) % 10000u,
	         strcmp(p->today + 4, "-02-29") ? p->today + 4 : "-02-28");
	local_add_days(back, 1, p->year_from);
	const char *from = req_query(r, "from"), *to = req_query(r, "to");
	p->chosen = (from && *from) || (to && *to);
	if (from && *from && !text_is_date(from))
		return field_fail(e, "from",
		                  "From: a date, such as 2026-01-31.");
	if (to && *to && !text_is_date(to))
		return field_fail(e, "to", "To: a date, such as 2026-12-31.");
	snprintf(p->from, sizeof p->from, "%s",
	         from && *from ? from : p->year_from);
	snprintf(p->to, sizeof p->to, "%s", to && *to ? to : p->today);
	if (strcmp(p->from, p->to) > 0)
		return field_fail(e, "to", "To: on or after the From date.");
	return 0;
}

static const struct db_col total_cols[] = {
    DB_COL_INT(struct supervision_total, user_id),
    DB_COL_TEXT(struct supervision_total, name),
    DB_COL_INT(struct supervision_total, month),
    DB_COL_INT(struct supervision_total, year),
    DB_COL_INT(struct supervision_total, period)};

enum db_status supervision_totals(struct db *db, struct arena *a,
                                  int64_t supervisor_id, int64_t supervisee_id,
                                  const struct supervision_period *p,
                                  struct supervision_total **out, int *n)
{
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT u.id, u.name, COALESCE(SUM(CASE WHEN s.held_on"
	             " >= ? AND s.held_on <= ? THEN s.minutes END), 0),"
	             " COALESCE(SUM(CASE WHEN s.held_on >= ? AND s.held_on"
	             " <= ? THEN s.minutes END), 0), COALESCE(SUM(CASE WHEN"
	             " s.held_on >= ? AND s.held_on <= ? THEN s.minutes END),"
	             " 0) FROM users u LEFT JOIN supervision_sessions s ON"
	             " s.supervisee_id = u.id WHERE (u.id = ? OR (? = 0 AND"
	             " u.role IN ('peer_trainee', 'peer_specialist') AND"
	             " u.id IN (SELECT b.user_id FROM team_members t JOIN"
	             " team_members b ON b.team_id = t.team_id WHERE"
	             " t.user_id = ?))) GROUP BY u.id, u.name ORDER BY"
	             " u.name, u.id LIMIT 200",
	             DB_TEXT(p->month_from), DB_TEXT(p->today),
	             DB_TEXT(p->year_from), DB_TEXT(p->today), DB_TEXT(p->from),
	             DB_TEXT(p->to), DB_INT(supervisee_id),
	             DB_INT(supervisee_id), DB_INT(supervisor_id)),
	    a, DB_COLS(total_cols), sizeof **out, TOTALS_MAX, (void **)out, n);
}

void supervision_totals_table(struct req *r, const struct supervision_total *t,
                              int n, const struct supervision_period *p,
                              bool name_links)
{
	struct html *b = page_html(r);
	html_raw(b,
	         "<div class=\"waypoint-table-wrap\"><table class=\"usa-table "
	         "usa-table--stacked\"><caption>Supervised hours, for "
	         "certification</caption><thead><tr><th "
	         "scope=\"col\">Supervisee</th><th scope=\"col\">This "
	         "month</th><th scope=\"col\">Last 12 months</th>");
	if (p->chosen)
		html_printf(b, "<th scope=\"col\">%s to %s</th>", p->from,
		            p->to);
	html_raw(b, "</tr></thead><tbody>");
	const char *period =
	    arena_sprintf(&r->arena, "%s to %s", p->from, p->to);
	for (int i = 0; i < n; i++) {
		html_raw(b, "<tr><th scope=\"row\" data-label=\"Supervisee\">");
		if (name_links)
			html_printf(b,
			            "<a class=\"usa-link\" href=\"/staff/%lld/"
			            "supervision\">%s</a>",
			            (long long)t[i].user_id, t[i].name);
		else
			html_printf(b, "%s", t[i].name);
		html_printf(b,
		            "</th><td data-label=\"This month\">%s h</td><td "
		            "data-label=\"Last 12 months\">%s h</td>",
		            supervision_hours_text(&r->arena, t[i].month),
		            supervision_hours_text(&r->arena, t[i].year));
		if (p->chosen)
			html_printf(
			    b, "<td data-label=\"%s\">%s h</td>", period,
			    supervision_hours_text(&r->arena, t[i].period));
		html_raw(b, "</tr>");
	}
	html_raw(b, "</tbody></table></div>");
}
