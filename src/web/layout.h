/* layout.h — the page frame every HTML page shares (USWDS): skip link,
 * header with navigation, main landmark, footer. */
#ifndef WAYPOINT_LAYOUT_H
#define WAYPOINT_LAYOUT_H

#include "../http/req.h"
#include "html.h"
#include "../auth/permissions.h"
#include "../store/db.h"

/* A count the page frame shows under the header when it is not zero:
 * "3 emergency access (break-the-glass) to review: review now."  The
 * table is page_banners (src/routes.c), filled by the features that own
 * the counts; count answers DB_OK with *n. */
struct page_banner {
	enum permission needs;
	enum db_status (*count)(struct req *r, int64_t *n);
	const char *kind; /* USWDS alert: "warning", "info" */
	const char *text, *href, *link;
};
extern const struct page_banner page_banners[];

/* page_person_band writes the band that names whose record a page is
 * about (name, preferred name, record number), on every page of a
 * person's record; the people feature provides it (src/routes.c).  The
 * print view adds the date printed. */
extern void (*const page_person_band)(struct req *r, bool print);
extern const size_t page_banner_count;

/* page_html is the request's answer as a page, for the html_ and form_
 * writers. */
struct html *page_html(struct req *r);

/* page_begin writes everything up to the start of <main>'s content.
 * current names the navigation entry to mark, or NULL. */
void page_begin(struct req *r, const char *title, const char *current);

/* page_end closes <main> and writes the footer and scripts. */
void page_end(struct req *r);

/* print_page_begin / print_page_end frame a page made to be printed: one
 * document in large type, without navigation, header or footer. */
void print_page_begin(struct req *r, const char *title);
void print_page_end(struct req *r);

/* page_script loads one of the embedded scripts (by asset path) here, for
 * a page that needs more than every page has. */
void page_script(struct req *r, const char *asset);

/* page_asset_url writes an embedded asset's address (with its ETag, so it
 * can be cached for good) as an attribute value. */
void page_asset_url(struct html *b, const char *path);

#endif
