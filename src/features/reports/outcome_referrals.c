/* outcome_referrals.c — the outcome report's referral figures (issue 23)
 * as the page's table, the CSV's rows and the JSON's "referrals" object:
 * referrals made in the period by where they stand now, and the median
 * days to the first visit (suppressed with the count it is a median of
 * when the report is shared). */
#include "../../http/req.h"
#include "../../web/csv.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "outcome.h"

struct ref_row {
	const char *measure, *label;
	int n;
};

static int rows_of(const struct outcome_report *o, struct ref_row *out)
{
	const struct ref_row rows[] = {
	    {"made", "Referrals made in the period", o->ref_made},
	    {"connected", "Connected: first visit made", o->ref_connected},
	    {"independent", "Using it independently", o->ref_independent},
	    {"not_connected", "Not connected", o->ref_not_connected},
	    {"declined", "Declined", o->ref_declined},
	    {"closed", "Closed", o->ref_closed},
	    {"open", "Still open", o->ref_open},
	};
	int n = (int)(sizeof rows / sizeof rows[0]);
	for (int i = 0; i < n; i++)
		out[i] = rows[i];
	return n;
}

/* The median as shown: "4.5", "" when none, "<11" when suppressed. */
static const char *median_text(const struct outcome_report *o, struct arena *a)
{
	if (o->ref_median_days < 0)
		return "";
	if (outcome_hidden(o, o->ref_connected))
		return outcome_shown(o, a, o->ref_connected);
	return arena_sprintf(a, "%.1f", o->ref_median_days);
}

void outcome_referral_section(struct req *r, const struct outcome_report *o)
{
	struct html *b = page_html(r);
	struct ref_row rows[8];
	int n = rows_of(o, rows);
	html_raw(b, "<h2>Referral outcomes</h2>\n<table class=\"usa-table "
	            "usa-table--borderless usa-table--compact\" "
	            "id=\"referral-table\"><caption>Referrals made in the "
	            "period, by where they stand now</caption><thead><tr><th "
	            "scope=\"col\">Referrals</th><th scope=\"col\" "
	            "class=\"text-right\">Count</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++)
		html_printf(b,
		            "<tr><th scope=\"row\">%s</th><td "
		            "class=\"text-right\">%s</td></tr>",
		            rows[i].label,
		            outcome_shown(o, &r->arena, rows[i].n));
	const char *median = median_text(o, &r->arena);
	html_printf(b,
	            "<tr><th scope=\"row\">Median days from referral to "
	            "first visit</th><td class=\"text-right\" "
	            "id=\"referral-median\">%s</td></tr></tbody></table>\n",
	            *median ? median : "None connected yet");
}

void outcome_referral_csv(struct buf *b, struct arena *a,
                          const struct outcome_report *o)
{
	struct ref_row rows[8];
	int n = rows_of(o, rows);
	for (int i = 0; i <= n; i++) {
		csv_text(b, "referrals");
		csv_text(b, i < n ? rows[i].measure : "median_days_to_connect");
		csv_text(b, "");
		if (i == n)
			csv_text(b, median_text(o, a));
		else if (outcome_hidden(o, rows[i].n))
			csv_text(b, outcome_shown(o, a, rows[i].n));
		else
			csv_int(b, rows[i].n);
		csv_text(b, NULL);
		csv_text(b, NULL);
		csv_text(b, NULL);
		csv_row_end(b);
	}
}

void outcome_referral_json(struct buf *b, struct arena *a,
                           const struct outcome_report *o)
{
	(void)a;
	struct ref_row rows[8];
	int n = rows_of(o, rows);
	json_field(b, "referrals");
	json_object_begin(b);
	for (int i = 0; i < n; i++) {
		json_field(b, rows[i].measure);
		json_object_begin(b);
		if (outcome_hidden(o, rows[i].n)) {
			json_field(b, "count");
			json_raw(b, "null");
			json_field_bool(b, "suppressed", 1);
		} else {
			json_field_int(b, "count", rows[i].n);
			json_field_bool(b, "suppressed", 0);
		}
		json_object_end(b);
	}
	json_field(b, "median_days_to_connect");
	if (o->ref_median_days < 0 || outcome_hidden(o, o->ref_connected))
		json_raw(b, "null");
	else
		buf_printf(b, "%.1f", o->ref_median_days);
	json_field_bool(b, "median_suppressed",
	                o->ref_median_days >= 0 &&
	                    outcome_hidden(o, o->ref_connected));
	json_object_end(b);
}
