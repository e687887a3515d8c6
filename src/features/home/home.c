/* home.c — GET /: the start page.  It becomes "today's work" (who to see,
 * who to call, what is due) as contacts and follow-ups arrive. */
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/html.h"
#include "../../web/layout.h"

void home_page(struct req *r)
{
	struct html *b = page_html(r);
	page_begin(r, "Today", "home");
	html_raw(
	    b, "<h1>Waypoint</h1>\n"
	       "<p class=\"usa-intro\">Records for peer recovery support: "
	       "plans in the person's own words, contacts, resources and "
	       "follow-up.</p>\n"
	       "<ul class=\"usa-card-group\">\n"
	       "<li class=\"usa-card tablet:grid-col-6\"><div "
	       "class=\"usa-card__container\"><div class=\"usa-card__header\">"
	       "<h2 class=\"usa-card__heading\">Programs</h2></div>"
	       "<div class=\"usa-card__body\"><p>The settings your teams work "
	       "in, their billing rules and crisis lines.</p></div>"
	       "<div class=\"usa-card__footer\"><a class=\"usa-button\" "
	       "href=\"/programs\">See programs</a></div></div></li>\n"
	       "</ul>\n");
	page_end(r);
	reply_html(r, 200);
}
