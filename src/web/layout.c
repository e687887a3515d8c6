/* layout.c — see layout.h.  Markup follows the USWDS basic header and slim
 * footer, so the components' accessibility work comes with them. */
#include "layout.h"
#include "../features/notices/notice.h"
#include "../http/assets.h"
#include "../http/response.h"
#include "html.h"
#include "../auth/person_access.h"

#include <string.h>

struct nav_item {
	const char *key, *href, *label;
	enum permission needs; /* shown only to roles that hold it */
};

/* The primary navigation, in order.  Later features add their entries. */
static const struct nav_item nav_items[] = {
    {"home", "/", "Today", PERM_SIGNED_IN},
    {"persons", "/persons", "People", PERM_PERSONS},
    {"programs", "/programs", "Programs", PERM_PROGRAMS_READ},
    {"teams", "/teams", "Teams", PERM_TEAMS_ADMIN},
    {"supervision", "/supervision", "Supervision", PERM_COSIGN},
    {"drop-ins", "/drop-ins", "Peer Desk", PERM_PERSONS},
    {"incidents", "/incidents", "Incidents", PERM_PERSONS},
    {"billing", "/billing", "Billing", PERM_BILLING},
    {"break-glass", "/break-glass", "Emergency access",
     PERM_BREAK_GLASS_REVIEW},
    {"users", "/users", "Staff", PERM_USERS_ADMIN},
    {"audit", "/audit", "Audit log", PERM_AUDIT_READ},
};

/* The in-app notice to reviewers: emergency accesses nobody has reviewed. */
static void review_notice(struct req *r)
{
	int64_t waiting = 0;
	if (!r->db || !permission_granted(r->role, PERM_BREAK_GLASS_REVIEW) ||
	    break_glass_unreviewed(r->db, &waiting) != DB_OK || waiting == 0)
		return;
	html_raw(
	    &r->out,
	    "<div class=\"usa-alert usa-alert--warning usa-alert--slim "
	    "margin-top-2\" role=\"status\"><div class=\"usa-alert__body\">"
	    "<p class=\"usa-alert__text\">");
	html_printf(&r->out, "%lld", (long long)waiting);
	html_raw(&r->out,
	         " emergency access (break-the-glass) to review: <a "
	         "class=\"usa-link\" href=\"/break-glass\">review now</a>."
	         "</p></div></div>\n");
}

/* Unread in-app notices (an incident report submitted…). */
static void unread_notices(struct req *r)
{
	int64_t unread = 0;
	if (!r->db || !r->has_session || r->role == ROLE_ANONYMOUS ||
	    notice_unread(r->db, r->session.user_id, &unread) != DB_OK ||
	    unread == 0)
		return;
	html_raw(&r->out,
	         "<div class=\"usa-alert usa-alert--info usa-alert--slim "
	         "margin-top-2\" role=\"status\"><div "
	         "class=\"usa-alert__body\"><p class=\"usa-alert__text\">");
	html_printf(&r->out, "%lld", (long long)unread);
	html_raw(&r->out, " new notice(s): <a class=\"usa-link\" "
	                  "href=\"/notices\">read them</a>.</p></div></div>\n");
}

static bool signed_in(const struct req *r)
{
	return r->has_session && r->role != ROLE_ANONYMOUS;
}

void page_asset_url(struct buf *b, const char *path)
{
	const struct asset *a = asset_find(path);
	html_attr(b, a ? a->url : path);
}

void page_begin(struct req *r, const char *title, const char *current)
{
	struct buf *b = &r->out;
	html_raw(b,
	         "<!doctype html>\n<html lang=\"en\" class=\"no-js\">\n<head>\n"
	         "<meta charset=\"utf-8\">\n"
	         "<meta name=\"viewport\" content=\"width=device-width, "
	         "initial-scale=1\">\n<title>");
	html_text(b, title);
	html_raw(b, " · Waypoint</title>\n<link rel=\"icon\" href=\"");
	page_asset_url(b, "favicon.svg");
	html_raw(
	    b, "\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"");
	page_asset_url(b, "uswds/css/uswds.min.css");
	html_raw(b, "\">\n<link rel=\"stylesheet\" href=\"");
	page_asset_url(b, "waypoint.css");
	html_raw(b, "\">\n<script src=\"");
	page_asset_url(b, "uswds/js/uswds-init.min.js");
	html_raw(b, "\"></script>\n");
	if (signed_in(r)) { /* the idle warning needs these (session.js) */
		html_printf(b,
		            "<meta name=\"waypoint-session-idle\" "
		            "content=\"%ld\">\n",
		            r->cfg->session_idle);
		html_raw(b, "<meta name=\"waypoint-csrf\" content=\"");
		html_attr(b, r->session.csrf);
		html_raw(b, "\">\n<script defer src=\"");
		page_asset_url(b, "session.js");
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
	for (size_t i = 0; i < sizeof nav_items / sizeof nav_items[0]; i++) {
		const struct nav_item *n = &nav_items[i];
		if (!permission_granted(r->role, n->needs))
			continue;
		bool here = current && !strcmp(current, n->key);
		html_raw(b, "<li class=\"usa-nav__primary-item\"><a href=\"");
		html_attr(b, n->href);
		if (here)
			html_raw(b, "\" class=\"usa-nav-link usa-current\" "
			            "aria-current=\"page\"><span>");
		else
			html_raw(b, "\" class=\"usa-nav-link\"><span>");
		html_text(b, n->label);
		html_raw(b, "</span></a></li>\n");
	}
	html_raw(b, "</ul>\n");
	if (r->has_session && r->role != ROLE_ANONYMOUS) {
		html_raw(
		    b,
		    "<div class=\"usa-nav__secondary\"><ul class=\"usa-nav__"
		    "secondary-links\"><li class=\"usa-nav__secondary-item\">"
		    "<a href=\"/account/password\">");
		html_text(b, r->session.name);
		html_raw(b,
		         "</a></li><li class=\"usa-nav__secondary-item\"><form "
		         "method=\"post\" action=\"/signout\" "
		         "id=\"signout-form\"><input "
		         "type=\"hidden\" "
		         "name=\"csrf_token\" value=\"");
		html_attr(b, r->session.csrf);
		html_raw(b,
		         "\"><button class=\"usa-button usa-button--unstyled\" "
		         "type=\"submit\">Sign "
		         "out</button></form></li></ul></div>\n");
	}
	html_raw(b, "</nav>\n</div>\n</header>\n"
	            "<div class=\"usa-overlay\"></div>\n"
	            "<main id=\"main-content\" class=\"grid-container "
	            "padding-bottom-4\" tabindex=\"-1\">\n");
	review_notice(r);
	unread_notices(r);
}

void page_end(struct req *r)
{
	struct buf *b = &r->out;
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
	html_raw(&r->out, "<script src=\"");
	page_asset_url(&r->out, asset);
	html_raw(&r->out, "\"></script>\n");
}

void print_page_begin(struct req *r, const char *title)
{
	struct buf *b = &r->out;
	html_raw(b, "<!doctype html>\n<html lang=\"en\"><head><meta "
	            "charset=\"utf-8\"><meta name=\"viewport\" "
	            "content=\"width=device-width, initial-scale=1\"><title>");
	html_text(b, title);
	html_raw(b, "</title><link rel=\"icon\" href=\"");
	page_asset_url(b, "favicon.svg");
	html_raw(b, "\"><link rel=\"stylesheet\" href=\"");
	page_asset_url(b, "uswds/css/uswds.min.css");
	html_raw(b, "\"><link rel=\"stylesheet\" href=\"");
	page_asset_url(b, "waypoint.css");
	html_raw(b, "\"></head><body><main class=\"grid-container "
	            "waypoint-print\">");
}

void print_page_end(struct req *r)
{
	html_raw(&r->out, "</main></body></html>\n");
	reply_html(r, 200);
}
