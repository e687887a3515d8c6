/* chart.h — charts where people would rather look (issue 26): a bar chart
 * drawn on the server as inline SVG, no script, with the same figures as
 * a table beside it.
 *
 * The table is what assistive technology reads (the SVG is aria-hidden,
 * so nothing is announced twice) and what prints when the chart would
 * not; the bars are horizontal so that long labels and a 360 px screen
 * both fit. */
#ifndef WAYPOINT_CHART_H
#define WAYPOINT_CHART_H

#include "html.h"

#include <stdint.h>

struct chart_bar {
	const char *label;
	int64_t value;     /* the bar's length; negative counts as 0 */
	const char *shown; /* the figure as written ("<11" for a suppressed
	                      cell, "4.5"); NULL: value */
};

struct chart {
	const char *id;      /* unique on the page: the figure's anchor */
	const char *caption; /* "Services per month" */
	const char *label_heading, *value_heading; /* the table's columns */
	const struct chart_bar *bars;
	int n;
};

/* chart_bars writes <figure> with the chart and its table; with no bars,
 * a sentence saying there is nothing to show. */
void chart_bars(struct html *b, const struct chart *c);

#endif
