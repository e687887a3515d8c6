/* barc10_pages.c — BARC-10 as a page (the history as a chart, with the
 * numbers in a table too, and the form) and in the API (ROUTE_PERSON: the
 * router checks the team and audits). */
#include "../../core/clock.h"
#include "../../http/api.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../programs/program_zone.h"
#include "barc10.h"

#include <stdlib.h>
#include <string.h>

/* The x of the i-th of n points: spread evenly by order. */
static int chart_x(int i, int n)
{
	return n == 1 ? 315 : 50 + i * 530 / (n - 1);
}

/* A date under the chart, in chart units: 22 high, which reads at 12 px
 * on a 360 px phone, and DATE_WIDTH wide (2026-11-01 is 101 in the page's
 * Source Sans); DATE_GAP at least between two. */
enum { DATE_WIDTH = 104, DATE_GAP = 10 };

static void chart_date(struct html *b, int x, const char *anchor, int tx,
                       const char *date)
{
	html_printf(b,
	            "<line x1=\"%d\" x2=\"%d\" y1=\"210\" y2=\"218\" "
	            "stroke=\"#565c65\"/><text class=\"waypoint-chart-date\" "
	            "x=\"%d\" y=\"242\" font-size=\"22\" text-anchor=\"%s\" "
	            "fill=\"#565c65\">%s</text>",
	            x, x, tx, anchor, date);
}

/* The dates the assessments were taken on (the person's local dates, as
 * the table has them) along the bottom, each at its point with a tick:
 * the first and the last, held inside the chart, and between them as
 * many as have room, spread evenly. */
static void chart_dates(struct html *b, const struct barc10 *list, int n)
{
	if (n == 1) {
		chart_date(b, chart_x(0, 1), "middle", chart_x(0, 1),
		           list[0].taken_on);
		return;
	}
	int first_right = chart_x(0, n) - 10 + DATE_WIDTH;
	int last_left = chart_x(n - 1, n) + 10 - DATE_WIDTH;
	chart_date(b, chart_x(0, n), "start", chart_x(0, n) - 10,
	           list[0].taken_on);
	/* the centres between have room from lo to hi, one label a step */
	int lo = first_right + DATE_GAP + DATE_WIDTH / 2;
	int hi = last_left - DATE_GAP - DATE_WIDTH / 2;
	int between = hi < lo ? 0 : 1 + (hi - lo) / (DATE_WIDTH + DATE_GAP);
	int right = first_right, last = 0;
	for (int k = 0; k < between; k++) {
		int target = between == 1 ? (lo + hi) / 2
		                          : lo + (hi - lo) * k / (between - 1);
		int best = 0;
		for (int i = last + 1; i < n - 1; i++) {
			int x = chart_x(i, n);
			if (x - DATE_WIDTH / 2 < right + DATE_GAP ||
			    x + DATE_WIDTH / 2 > last_left - DATE_GAP)
				continue;
			if (!best ||
			    abs(x - target) < abs(chart_x(best, n) - target))
				best = i;
		}
		if (!best)
			continue;
		chart_date(b, chart_x(best, n), "middle", chart_x(best, n),
		           list[best].taken_on);
		right = chart_x(best, n) + DATE_WIDTH / 2;
		last = best;
	}
	chart_date(b, chart_x(n - 1, n), "end", chart_x(n - 1, n) + 10,
	           list[n - 1].taken_on);
}

/* The totals over time as a line; points are spread evenly by order, the
 * dates they were taken on along the bottom. */
static void chart(struct html *b, const struct barc10 *list, int n)
{
	if (n == 0)
		return;
	html_printf(b,
	            "<svg class=\"waypoint-chart\" viewBox=\"0 0 600 250\" "
	            "role=\"img\" aria-labelledby=\"barc-chart-title\"><title "
	            "id=\"barc-chart-title\">BARC-10 totals over time, %d on "
	            "%s to %d on %s (the table below has every number)</title>",
	            list[0].total, list[0].taken_on, list[n - 1].total,
	            list[n - 1].taken_on);
	/* the scale: 10 at the bottom (y 210), 60 at the top (y 10) */
	for (int v = 10; v <= 60; v += 10) {
		int y = 210 - (v - 10) * 4;
		html_printf(b,
		            "<line x1=\"40\" x2=\"590\" y1=\"%d\" y2=\"%d\" "
		            "stroke=\"#dfe1e2\"/><text x=\"4\" y=\"%d\" "
		            "font-size=\"20\" fill=\"#565c65\">%d</text>",
		            y, y, y + 7, v);
	}
	chart_dates(b, list, n);
	html_raw(b, "<polyline fill=\"none\" stroke=\"#005ea2\" "
	            "stroke-width=\"3\" points=\"");
	for (int i = 0; i < n; i++)
		html_printf(b, "%d,%d ", chart_x(i, n),
		            210 - (list[i].total - 10) * 4);
	html_raw(b, "\"/>");
	for (int i = 0; i < n; i++) {
		html_printf(b,
		            "<circle cx=\"%d\" cy=\"%d\" r=\"5\" "
		            "fill=\"#005ea2\"/>",
		            chart_x(i, n), 210 - (list[i].total - 10) * 4);
	}
	html_raw(b, "</svg>\n");
}

static void history_table(struct html *b, const struct barc10 *list, int n)
{
	if (n == 0) {
		html_raw(b, "<p>Not filled in yet.</p>\n");
		return;
	}
	html_raw(b,
	         "<div class=\"waypoint-table-wrap\"><table class=\"usa-table "
	         "usa-table--borderless\"><caption>BARC-10 totals (10 to "
	         "60)</caption><thead><tr><th scope=\"col\">Date</th>"
	         "<th scope=\"col\">Total</th><th scope=\"col\">Filled in "
	         "by</th></tr></thead><tbody>");
	for (int i = n - 1; i >= 0; i--) {
		html_printf(
		    b,
		    "<tr><th scope=\"row\">%s</th><td>%d</td><td>%s</td></tr>",
		    list[i].taken_on, list[i].total,
		    choice_label(barc10_fillers, barc10_filler_count,
		                 list[i].filled_by));
	}
	html_raw(b, "</tbody></table></div>\n");
}

/* A form field's label, as its table has it (errors use the same). */
#define LABEL(name) fields_label(barc10_fields, barc10_field_count, (name))

static void barc10_form(struct req *r, const struct barc10 *d,
                        const struct field_error *e)
{
	struct html *b = page_html(r);
#define ERR(f) field_error_for(e, f)
	const char *today = request_today(r);
	html_raw(b, "<h2>Fill it in</h2>\n");
	if (e)
		form_error_summary(b, e, NULL);
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/persons/%lld/barc10\">",
	            (long long)r->person_id);
	form_csrf(r);
	form_required_note(b);
	form_text(b, &(struct form_field){
	                 "taken_on", LABEL("taken_on"), d ? d->taken_on : today,
	                 "A date like 2026-11-20.", ERR("taken_on"), "off",
	                 fields_required(barc10_fields, barc10_field_count,
	                                 "taken_on")});
	form_radios(b,
	            &(struct form_field){
	                "filled_by", LABEL("filled_by"),
	                d ? d->filled_by : NULL, NULL, ERR("filled_by"), NULL,
	                fields_required(barc10_fields, barc10_field_count,
	                                "filled_by")},
	            barc10_fillers, barc10_filler_count);
	for (int i = 0; i < BARC10_ITEMS; i++) {
		const char *name = barc10_item_fields[i].name;
		const char *value =
		    d && d->answers[i]
		        ? arena_sprintf(&r->arena, "%d", d->answers[i])
		        : NULL;
		form_radios(b,
		            &(struct form_field){
		                name,
		                arena_sprintf(&r->arena, "%d. %s", i + 1,
		                              barc10_items[i]),
		                value, NULL, ERR(name), NULL,
		                fields_required(barc10_item_fields,
		                                barc10_item_field_count, name)},
		            barc10_answers, barc10_answer_count);
	}
#undef ERR
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Save"
	            "</button></form>\n");
}

static void barc10_view(struct req *r, int status, const struct barc10 *d,
                        const struct field_error *e)
{
	struct barc10 *list;
	int n;
	if (barc10_list(r->db, &r->arena, r->person_id, &list, &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "BARC-10", "persons");
	html_printf(
	    b,
	    "<h1>Recovery capital (BARC-10)</h1>\n<p>Ten statements the person "
	    "rates from 1 (strongly disagree) to 6 (strongly agree). Every one "
	    "is answered; none is ever guessed.</p><p><a class=\"usa-link\" "
	    "href=\"/persons/%lld\">Back to the person</a></p>\n",
	    (long long)r->person_id);
	chart(b, list, n);
	history_table(b, list, n);
	barc10_form(r, d, e);
	page_end(r);
	reply_html(r, status);
}

/* GET /persons/{id}/barc10 */
void barc10_page(struct req *r)
{
	barc10_view(r, 200, NULL, NULL);
}

/* POST /persons/{id}/barc10 */
void barc10_submit(struct req *r)
{
	struct barc10 d = {.person_id = r->person_id};
	struct barc10_items items;
	struct field_error e;
	int64_t id;
	fields_from_form(r, barc10_fields, barc10_field_count, &d);
	fields_from_form(r, barc10_item_fields, barc10_item_field_count,
	                 &items);
	for (int i = 0; i < BARC10_ITEMS; i++)
		d.answers[i] = barc10_answer(items.item[i]);
	if (barc10_validate(&d, zone_of_request(r), &e)) {
		barc10_view(r, 400, &d, &e);
		return;
	}
	if (barc10_add(r->db, &d, r->session.user_id, &id) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	reply_redirect(r, arena_sprintf(&r->arena, "/persons/%lld/barc10",
	                                (long long)r->person_id));
}

static void barc10_json(struct buf *b, const void *item)
{
	const struct barc10 *x = item;
	json_object_begin(b);
	fields_json(b, barc10_fields, barc10_field_count, x);
	json_field(b, "answers");
	json_raw(b, "[");
	for (int i = 0; i < BARC10_ITEMS; i++) {
		if (i)
			json_raw(b, ",");
		json_int(b, x->answers[i]);
	}
	json_raw(b, "]");
	json_field_int(b, "total", x->total);
	json_field_text(b, "created_at", x->created_at);
	json_object_end(b);
}

/* GET /api/v1/persons/{id}/barc10 — oldest first */
void barc10_api_list(struct req *r)
{
	struct barc10 *list;
	int n;
	if (barc10_list(r->db, &r->arena, r->person_id, &list, &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	api_list_whole(r, list, sizeof *list, n, barc10_json);
}

/* POST /api/v1/persons/{id}/barc10 {taken_on, filled_by, answers: [10]} */
void barc10_api_add(struct req *r)
{
	static const char *const answers_list[] = {"answers", NULL};
	struct barc10 d = {.person_id = r->person_id};
	if (fields_from_json(r, barc10_fields, barc10_field_count, answers_list,
	                     &d) == ANSWERED)
		return;
	json_t *answers = json_object_get(r->json, "answers");
	if (!json_is_array(answers) ||
	    json_array_size(answers) != BARC10_ITEMS) {
		reply_error(r, 400, "invalid",
		            "answers must be a list of the 10 answers, each 1 "
		            "to 6, in order.",
		            "answers");
		return;
	}
	for (int i = 0; i < BARC10_ITEMS; i++) {
		json_t *v = json_array_get(answers, (size_t)i);
		d.answers[i] = json_is_integer(v) &&
		                       json_integer_value(v) >= 1 &&
		                       json_integer_value(v) <= 6
		                   ? (int)json_integer_value(v)
		                   : 0;
	}
	struct field_error e;
	int64_t id;
	if (barc10_validate(&d, zone_of_request(r), &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	if (barc10_add(r->db, &d, r->session.user_id, &id) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	api_reply_id(r, 201, id);
}
