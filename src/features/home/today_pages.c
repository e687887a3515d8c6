/* today_pages.c — GET /: the Today page, each role's worklist (today.h),
 * on a phone first.  Every item links to where it is done; a section with
 * nothing in it says so plainly. */
#include "../../auth/permissions.h"
#include "../../handlers.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "../programs/program_zone.h"
#include "../supervision/supervision.h"
#include "today.h"

#include <string.h>

/* "12", or "10000 or more" where the count stopped. */
static void count_text(struct html *b, int64_t count)
{
	html_printf(b, "%lld%s", (long long)count,
	            count >= TODAY_COUNT_CAP ? " or more" : "");
}

/* The name, linked where the role can act on it. */
static void item_link(struct html *b, const struct today_item *x)
{
	if (x->url && *x->url)
		html_printf(b, "<a class=\"usa-link\" href=\"%s\">%s</a>",
		            x->url, x->name);
	else
		html_printf(b, "<strong>%s</strong>", x->name);
}

/* The tag beside a flagged item, by its section's flag key. */
static const struct {
	const char *key, *tag;
} item_tags[] = {
    {"overdue", "Overdue"},           {"never_contacted", "Never contacted"},
    {"expired", "Expired"},           {"missing", "Missing"},
    {"eligible_now", "Eligible now"}, {"due_again", "Due again"},
};

static void item_tag(struct html *b, const struct today_section *s,
                     const struct today_item *x)
{
	const char *key = s->src->flag_key;
	if (!x->flag || !key)
		return;
	for (size_t i = 0; i < sizeof item_tags / sizeof item_tags[0]; i++)
		if (!strcmp(key, item_tags[i].key))
			html_printf(b,
			            " <span class=\"usa-tag "
			            "bg-secondary-dark\">%s</span>",
			            item_tags[i].tag);
}

/* The line under the name: what it is and its date, as the section
 * needs it said. */
static void item_line(struct req *r, struct html *b,
                      const struct today_section *s, const struct today_item *x)
{
	const char *name = s->src->name;
	if (!strcmp(name, "followups_due"))
		html_printf(b, "Due %s: %s", x->on, x->detail);
	else if (!strcmp(name, "referrals_overdue"))
		html_printf(b, "Follow up by %s. %s", x->on, x->detail);
	else if (!strcmp(name, "drafts"))
		html_printf(b, "%s of %s, not signed", x->detail, x->on);
	else if (!strcmp(name, "no_contact"))
		html_printf(b, "%s%s. %s", *x->on ? "Last contact " : "",
		            *x->on ? x->on : "No contact yet", x->detail);
	else if (!strcmp(name, "review_queue"))
		html_printf(b, "%s by %s, waiting %s",
		            !strcmp(x->kind, "note") ? x->detail
		                                     : "Recovery plan change",
		            x->by, review_age(&r->arena, x->on));
	else if (!strcmp(name, "invitations"))
		html_printf(b, "%s%s", x->detail,
		            x->flag ? ": the invitation link has expired" : "");
	else if (!strcmp(name, "schedules_not_saved"))
		html_raw(b, "Follows up on the built-in days (7, 30 and 90)");
	else
		html_printf(b, "%s", x->detail ? x->detail : "");
}

static void list_section(struct req *r, struct html *b,
                         const struct today_section *s)
{
	html_raw(b, "<p>");
	count_text(b, s->count);
	html_printf(b,
	            " in all%s.</p>\n<ul class=\"usa-list "
	            "usa-list--unstyled\">",
	            s->count > s->n
	                ? arena_sprintf(&r->arena, ", the first %d here", s->n)
	                : "");
	for (int i = 0; i < s->n; i++) {
		const struct today_item *x = &s->items[i];
		html_raw(b, "<li class=\"padding-y-1 border-bottom-1px "
		            "border-base-lighter\">");
		item_link(b, x);
		item_tag(b, s, x);
		html_raw(b, "<br><span class=\"text-base-dark\">");
		item_line(r, b, s, x);
		html_raw(b, "</span></li>");
	}
	html_raw(b, "</ul>\n");
	if (*s->more_url && s->count > s->n)
		html_printf(b,
		            "<p><a class=\"usa-link\" href=\"%s\">See all of "
		            "them</a></p>\n",
		            s->more_url);
}

static void count_section(struct req *r, struct html *b,
                          const struct today_section *s)
{
	html_raw(b, "<p><strong class=\"font-sans-lg\">");
	count_text(b, s->count);
	html_raw(b, "</strong> waiting");
	if (*s->oldest)
		html_printf(b, "; the oldest for %s",
		            review_age(&r->arena, s->oldest));
	html_raw(b, ".</p>\n");
	if (*s->more_url)
		html_printf(b,
		            "<p><a class=\"usa-link\" href=\"%s\">Open "
		            "them</a></p>\n",
		            s->more_url);
}

static void workload_section(struct html *b, const struct today *t,
                             const struct today_section *s)
{
	html_printf(b,
	            "<table class=\"usa-table usa-table--borderless "
	            "width-full\"><caption>From Monday %s to today"
	            "</caption><thead><tr><th scope=\"col\">Peer</th>"
	            "<th scope=\"col\" class=\"text-right\">Notes signed"
	            "</th></tr></thead><tbody>",
	            t->monday);
	for (int i = 0; i < s->n; i++)
		html_printf(b,
		            "<tr><th scope=\"row\">%s</th><td "
		            "class=\"text-right\">%lld</td></tr>",
		            s->items[i].name, (long long)s->items[i].count);
	html_raw(b, "</tbody></table>\n");
}

/* Work a supervisor returned: the comment, one link from putting it
 * right. */
static void returned_section(struct html *b, const struct today_section *s)
{
	html_raw(b, "<ul class=\"usa-list usa-list--unstyled\" "
	            "id=\"returned-work\">");
	for (int i = 0; i < s->n; i++) {
		const struct today_item *x = &s->items[i];
		bool note = x->kind[0] == 'n';
		html_printf(b,
		            "<li class=\"usa-summary-box margin-bottom-2\"><p>"
		            "<strong>%s</strong> of %s for %s, returned by %s:"
		            "</p><blockquote class=\"margin-left-2\">%s"
		            "</blockquote><p><a class=\"usa-link\" "
		            "href=\"%s\">%s</a></p></li>",
		            note ? "Note" : "Recovery plan change", x->on,
		            x->name, x->by, x->comment, x->url,
		            note ? "Correct the note and sign it again"
		                 : "Open the plan to change it");
	}
	html_raw(b, "</ul>\n");
}

static void section(struct req *r, struct html *b, const struct today *t,
                    const struct today_section *s)
{
	const struct today_source *src = s->src;
	/* returned work shows only when there is some, first on the page */
	if (src->kind == TODAY_RETURNED && !s->n)
		return;
	html_printf(b,
	            "<section class=\"margin-bottom-4\" id=\"today-%s\" "
	            "aria-labelledby=\"today-%s-heading\"><h2 "
	            "id=\"today-%s-heading\">%s</h2>\n",
	            src->name, src->name, src->name, src->heading);
	if (!s->count)
		html_printf(b, "<p class=\"today-none\">%s</p>\n", src->none);
	else if (src->kind == TODAY_RETURNED)
		returned_section(b, s);
	else if (src->kind == TODAY_COUNT)
		count_section(r, b, s);
	else if (src->kind == TODAY_TABLE)
		workload_section(b, t, s);
	else
		list_section(r, b, s);
	html_raw(b, "</section>\n");
}

enum answer today_read(struct req *r, struct today *t)
{
	if (today_gather(r->db, &r->arena, req_user_id(r), r->role,
	                 request_today(r), t) != DB_DONE) {
		reply_db_failure(r);
		return ANSWERED;
	}
	/* Names in a worklist are not reads of each record: one entry says
	 * who was shown how many (docs/security.md); opening one is a read */
	const char *detail = today_audit_detail(t);
	if (detail &&
	    !req_audit(r, &(struct audit_entry){"list", "today", "", 0,
	                                        "success", detail})) {
		reply_audit_unavailable(r, NULL);
		return ANSWERED;
	}
	return GO_ON;
}

void home_page(struct req *r)
{
	struct today t;
	if (today_read(r, &t) == ANSWERED)
		return;
	struct html *b = page_html(r);
	page_begin(r, "Today", "home");
	html_printf(b, "<h1>Today</h1>\n<p class=\"text-base-dark\">%s</p>\n",
	            t.today);
	/* reports are reached from here, not the primary navigation, which
	 * is already as full as a 360 px screen's touch targets allow */
	if (permission_granted(r->role, PERM_REPORTS))
		html_raw(b,
		         "<p><a class=\"usa-link\" href=\"/reports\">Reports: "
		         "services and outcomes</a></p>\n");
	for (int i = 0; i < t.nsections; i++)
		section(r, b, &t, &t.sections[i]);
	if (!t.nsections)
		html_raw(b, "<p class=\"today-none\">Nothing is due.</p>\n");
	page_end(r);
	reply_html(r, 200);
}
