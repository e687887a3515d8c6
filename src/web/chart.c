/* chart.c — a horizontal bar chart in SVG beside its table (chart.h). */
#include "chart.h"

/* The drawing's geometry, in SVG user units (it scales to its box). */
enum {
	CHART_WIDTH = 320,
	CHART_LABEL = 120, /* the labels' column */
	CHART_FIGURE = 44, /* room for the figure after the longest bar */
	CHART_ROW = 24,
	CHART_BAR = 16,
};

static void bar_figure(struct html *b, const struct chart_bar *x)
{
	if (x->shown)
		html_printf(b, "%s", x->shown);
	else
		html_printf(b, "%lld", (long long)x->value);
}

static void chart_svg(struct html *b, const struct chart *c)
{
	int64_t max = 1;
	for (int i = 0; i < c->n; i++)
		if (c->bars[i].value > max)
			max = c->bars[i].value;
	const int span = CHART_WIDTH - CHART_LABEL - CHART_FIGURE;
	html_printf(b,
	            "<svg class=\"waypoint-bars\" aria-hidden=\"true\" "
	            "focusable=\"false\" viewBox=\"0 0 %d %d\" width=\"100%%\" "
	            "preserveAspectRatio=\"xMinYMin meet\">",
	            CHART_WIDTH, c->n * CHART_ROW);
	for (int i = 0; i < c->n; i++) {
		const struct chart_bar *x = &c->bars[i];
		int64_t v = x->value > 0 ? x->value : 0;
		int width = (int)(v * span / max);
		int y = i * CHART_ROW;
		html_printf(b,
		            "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" "
		            "font-size=\"11\" fill=\"#1b1b1b\">%.18s</text>",
		            CHART_LABEL - 6, y + CHART_BAR - 3, x->label);
		html_printf(
		    b,
		    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		    "fill=\"#005ea2\"/>",
		    CHART_LABEL, y + 2, width, CHART_BAR - 2);
		html_printf(b,
		            "<text x=\"%d\" y=\"%d\" font-size=\"11\" "
		            "fill=\"#1b1b1b\">",
		            CHART_LABEL + width + 4, y + CHART_BAR - 3);
		bar_figure(b, x);
		html_raw(b, "</text>");
	}
	html_raw(b, "</svg>");
}

static void chart_table(struct html *b, const struct chart *c)
{
	html_printf(b,
	            "<table class=\"usa-table usa-table--borderless "
	            "usa-table--compact\"><caption>%s</caption><thead><tr><th "
	            "scope=\"col\">%s</th><th scope=\"col\" "
	            "class=\"text-right\">%s</th></tr></thead><tbody>",
	            c->caption, c->label_heading, c->value_heading);
	for (int i = 0; i < c->n; i++) {
		html_printf(b,
		            "<tr><th scope=\"row\">%s</th><td "
		            "class=\"text-right\">",
		            c->bars[i].label);
		bar_figure(b, &c->bars[i]);
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table>");
}

void chart_bars(struct html *b, const struct chart *c)
{
	html_printf(b,
	            "<figure class=\"waypoint-figure margin-x-0\" id=\"%s\">",
	            c->id);
	if (!c->n) {
		html_printf(b,
		            "<figcaption>%s</figcaption><p>Nothing to show "
		            "for this period.</p></figure>",
		            c->caption);
		return;
	}
	chart_svg(b, c);
	chart_table(b, c);
	html_raw(b, "</figure>\n");
}
