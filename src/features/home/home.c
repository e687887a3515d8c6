/* home.c — GET /: the start page.  It becomes "today's work" (who to see,
 * who to call, what is due) as contacts and follow-ups arrive. */
#include "../../handlers.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "returned.h"

/* Work a supervisor returned: first on the page, with the comment, one
 * link from putting it right.  Names persons, so reading it is audited. */
static enum answer returned_section(struct req *r)
{
	struct returned_work *list;
	int n;
	if (returned_to(r->db, &r->arena, r->session.user_id, &list, &n) !=
	    DB_DONE) {
		reply_db_failure(r);
		return ANSWERED;
	}
	if (!n)
		return GO_ON;
	if (!req_audit(r, &(struct audit_entry){"read", "returned_work", "", 0,
	                                        "success", ""})) {
		reply_audit_unavailable(r, NULL);
		return ANSWERED;
	}
	struct html *b = page_html(r);
	html_raw(b, "<h2>Returned to you</h2>\n<ul class=\"usa-list "
	            "usa-list--unstyled\" id=\"returned-work\">");
	for (int i = 0; i < n; i++) {
		const struct returned_work *x = &list[i];
		bool note = x->kind[0] == 'n';
		html_printf(b,
		            "<li class=\"usa-summary-box margin-bottom-2\"><p>"
		            "<strong>%s</strong> of %s for %s, returned by %s:"
		            "</p><blockquote class=\"margin-left-2\">%s"
		            "</blockquote><p>",
		            note ? "Note" : "Recovery plan change", x->on,
		            x->person_name, x->supervisor_name, x->comment);
		if (note)
			html_printf(
			    b,
			    "<a class=\"usa-link\" href=\"/persons/%lld/"
			    "contacts/new?draft=%lld\">Correct the note "
			    "and sign it again</a>",
			    (long long)x->person_id, (long long)x->id);
		else
			html_printf(
			    b,
			    "<a class=\"usa-link\" href=\"/persons/%lld/"
			    "plan\">Open the plan to change it</a>",
			    (long long)x->person_id);
		html_raw(b, "</p></li>");
	}
	html_raw(b, "</ul>\n");
	return GO_ON;
}

void home_page(struct req *r)
{
	struct html *b = page_html(r);
	page_begin(r, "Today", "home");
	if (returned_section(r) == ANSWERED)
		return;
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
