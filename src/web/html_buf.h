/* html_buf.h — between a page (struct html) and the buffer it is written
 * into.  Private to web/: tools/layers.mjs refuses it anywhere else, so a
 * feature can add to a page only through the escaping writers. */
#ifndef WAYPOINT_HTML_BUF_H
#define WAYPOINT_HTML_BUF_H

#include "../core/buf.h"
#include "html.h"

/* A page is its buffer seen through another type: nothing is copied. */
static inline struct html *html_of(struct buf *b)
{
	return (struct html *)b;
}

static inline struct buf *html_buf(struct html *h)
{
	return (struct buf *)h;
}

#endif
