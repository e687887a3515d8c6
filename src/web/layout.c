/* layout.c — see layout.h.  Markup follows the USWDS basic header and slim
 * footer, so the components' accessibility work comes with them. */
#include "layout.h"
#include "../http/assets.h"
#include "../http/response.h"
#include "html.h"
#include "html_buf.h"
#include "../http/router.h"

#include <pthread.h>
#include <string.h>

/* The notices under the header (break-glass accesses to review, unread
 * notices…): the features that own the counts list them in page_banners
 * (src/routes.c); the frame only asks and writes. */
static void banners(struct req *r)
{
	for (size_t i = 0; r->db && i < page_banner_count; i++) {
		const struct page_banner *p = &page_banners[i];
		struct html *b = page_html(r);
		int64_t n = 0;
		if (!permission_granted(r->role, p->needs) ||
		    p->count(r, &n) != DB_OK || n == 0)
			continue;
		html_printf(
		    b,
		    "<div class=\"usa-alert usa-alert--%s usa-alert--slim "
		    "margin-top-2\" role=\"status\"><div "
		    "class=\"usa-alert__body\"><p "
		    "class=\"usa-alert__text\">%lld%s: <a class=\"usa-link\" "
		    "href=\"%s\">%s</a>.</p></div></div>\n",
		    p->kind, (long long)n, p->text, p->href, p->link);
	}
}

/* The primary navigation: the routes whose nav column names a place,
 * in its order, for the roles that may follow them.  current is the
 * route's path without its slash ("persons"), or "home" for "/". */
static const struct route *nav_places[ROUTE_NAV_MAX + 1];
static pthread_once_t nav_once = PTHREAD_ONCE_INIT;

/* The navigation's routes by place, found once in the route table. */
static void nav_find(void)
{
	for (size_t i = 0; i < route_count; i++)
		if (routes[i].nav.order > 0 &&
		    routes[i].nav.order <= ROUTE_NAV_MAX)
			nav_places[routes[i].nav.order] = &routes[i];
}

static void navigation(struct req *r, const char *current)
{
	struct html *b = page_html(r);
	pthread_once(&nav_once, nav_find);
	for (int order = 1; order <= ROUTE_NAV_MAX; order++) {
		const struct route *n = nav_places[order];
		if (!n || !permission_granted(r->role, n->permission))
			continue;
		const char *key = n->pattern[1] ? n->pattern + 1 : "home";
		if (current && !strcmp(current, key))
			html_printf(
			    b,
			    "<li class=\"usa-nav__primary-item\"><a "
			    "href=\"%s\" class=\"usa-nav-link usa-current\" "
			    "aria-current=\"page\"><span>%s</span></a></li>\n",
			    n->pattern, n->nav.label);
		else
			html_printf(
			    b,
			    "<li class=\"usa-nav__primary-item\"><a "
			    "href=\"%s\" class=\"usa-nav-link\"><span>%s"
			    "</span></a></li>\n",
			    n->pattern, n->nav.label);
	}
}

static bool signed_in(const struct req *r)
{
	return r->has_session && r->role != ROLE_ANONYMOUS;
}

struct html *page_html(struct req *r)
{
	return html_of(&r->out);
}

void page_asset_url(struct html *b, const char *path)
{
	const struct asset *a = asset_find(path);
	html_attr(b, a ? a->url : path);
}

void page_begin(struct req *r, const char *title, const char *current)
{
	struct html *b = page_html(r);
	html_printf(b,
	            "<!doctype html>\n<html lang=\"en\" "
	            "class=\"no-js\">\n<head>\n<meta charset=\"utf-8\">\n<meta "
	            "name=\"viewport\" content=\"width=device-width, "
	            "initial-scale=1\">\n<title>%s · Waypoint</title>\n<link "
	            "rel=\"icon\" href=\"",
	            title);
	page_asset_url(b, "favicon.svg");
	html_raw(
	    b, "\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"");
	page_asset_url(b, "uswds/css/uswds.min.css");
	html_raw(b, "\">\n<link rel=\"stylesheet\" href=\"");
	page_asset_url(b, "waypoint.css");
	html_raw(b, "\">\n<script src=\"");
	page_asset_url(b, "uswds/js/uswds-init.min.js");
	html_raw(b, "\"></script>\n<script defer src=\"");
	page_asset_url(b, "error-summary.js");
	html_raw(b, "\"></script>\n");
	if (signed_in(r)) { /* the idle warning needs these (session.js) */
		html_printf(b,
		            "<meta name=\"waypoint-session-idle\" "
		            "content=\"%ld\">\n<meta name=\"waypoint-csrf\" "
		            "content=\"%s\">\n<script defer src=\"",
		            r->cfg->session_idle, r->session.csrf);
		page_asset_url(b, "session.js");
		html_raw(b, "\"></script>\n<script defer src=\"");
		page_asset_url(b, "form-draft.js");
		html_raw(b, "\"></script>\n");
	}
	html_raw(
	    b, "</head>\n<body>\n"
	       "<a class=\"usa-skipnav\" href=\"#main-content\">Skip to main "
	       "content</a>\n"
	       "<header class=\"usa-header usa-header--basic\">\n"
	       "<div class=\"usa-nav-container\">\n<div class=\"usa-navbar\">\n"
	       "<div class=\"usa-logo\"><em class=\"usa-logo__text\">"
	       "<a href=\"/\" title=\"Waypoint start page\">Waypoint</a>"
	       "</em></div>\n"
	       "<button type=\"button\" class=\"usa-menu-btn\">Menu</button>\n"
	       "</div>\n<nav aria-label=\"Primary\" class=\"usa-nav\">\n"
	       "<button type=\"button\" class=\"usa-nav__close\"><img src=\"");
	page_asset_url(b, "uswds/img/usa-icons/close.svg");
	html_raw(b, "\" alt=\"Close menu\"></button>\n"
	            "<ul class=\"usa-nav__primary usa-accordion\">\n");
	navigation(r, current);
	html_raw(b, "</ul>\n");
	if (r->has_session && r->role != ROLE_ANONYMOUS) {
		html_printf(
		    b,
		    "<div class=\"usa-nav__secondary\"><ul "
		    "class=\"usa-nav__secondary-links\"><li "
		    "class=\"usa-nav__secondary-item\"><a "
		    "href=\"/account/password\">%s</a></li><li "
		    "class=\"usa-nav__secondary-item\"><form method=\"post\" "
		    "action=\"/signout\" id=\"signout-form\"><input "
		    "type=\"hidden\" name=\"csrf_token\" value=\"%s\"><button "
		    "class=\"usa-button usa-button--unstyled\" "
		    "type=\"submit\">Sign "
		    "out</button></form></li></ul></div>\n",
		    r->session.name, r->session.csrf);
	}
	html_raw(b, "</nav>\n</div>\n</header>\n"
	            "<div class=\"usa-overlay\"></div>\n"
	            "<main id=\"main-content\" class=\"grid-container "
	            "padding-bottom-4\" tabindex=\"-1\">\n");
	banners(r);
	if (r->person_open)
		page_person_band(r, false);
}

void page_end(struct req *r)
{
	struct html *b = page_html(r);
	html_raw(b, "</main>\n");
	if (signed_in(r))
		html_raw(
		    b,
		    "<dialog id=\"session-warning\" class=\"waypoint-dialog\" "
		    "aria-labelledby=\"session-warning-title\" "
		    "aria-describedby=\"session-warning-text\">"
		    "<h2 id=\"session-warning-title\">You will be signed out "
		    "soon</h2><p id=\"session-warning-text\">To keep records "
		    "safe, Waypoint signs you out after a time without "
		    "activity. "
		    "Do you want to stay signed in?</p>"
		    "<button type=\"button\" class=\"usa-button\" "
		    "id=\"session-stay\">Stay signed in</button>"
		    "<button type=\"button\" class=\"usa-button "
		    "usa-button--outline\" id=\"session-leave\">Sign "
		    "out</button>"
		    "</dialog>\n");
	html_raw(b,
	         "<footer class=\"usa-footer usa-footer--slim\">\n"
	         "<div class=\"usa-footer__primary-section\">"
	         "<div class=\"grid-container padding-y-2\">"
	         "<p class=\"margin-0\">Waypoint — records for peer recovery "
	         "support. In a crisis, call or text <a class=\"usa-link\" "
	         "href=\"tel:988\">988</a>.</p></div></div>\n</footer>\n"
	         "<script src=\"");
	page_asset_url(b, "uswds/js/uswds.min.js");
	html_raw(b, "\"></script>\n</body>\n</html>\n");
}

void page_script(struct req *r, const char *asset)
{
	html_raw(page_html(r), "<script src=\"");
	page_asset_url(page_html(r), asset);
	html_raw(page_html(r), "\"></script>\n");
}

void print_page_begin(struct req *r, const char *title)
{
	struct html *b = page_html(r);
	html_printf(
	    b,
	    "<!doctype html>\n<html lang=\"en\"><head><meta "
	    "charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width, "
	    "initial-scale=1\"><title>%s</title><link rel=\"icon\" href=\"",
	    title);
	page_asset_url(b, "favicon.svg");
	html_raw(b, "\"><link rel=\"stylesheet\" href=\"");
	page_asset_url(b, "uswds/css/uswds.min.css");
	html_raw(b, "\"><link rel=\"stylesheet\" href=\"");
	page_asset_url(b, "waypoint.css");
	html_raw(b, "\"></head><body><main class=\"grid-container "
	            "waypoint-print\">");
	if (r->person_open)
		page_person_band(r, true);
}

void print_page_end(struct req *r)
{
	html_raw(page_html(r), "</main></body></html>\n");
	reply_html(r, 200);
}
