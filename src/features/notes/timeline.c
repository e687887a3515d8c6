/* timeline.c — a person's history in one list, newest first: contacts and
 * their notes, plan changes, assessments and stage changes, with filters;
 * as a page and in the API.  ROUTE_PERSON: the router checks the team and
 * audits the read. */
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../wellness/barc10.h"
#include "../people/person.h"
#include "../programs/program_zone.h"
#include "contact.h"

#include <stdlib.h>
#include <string.h>

enum { TIMELINE_PAGE = 100, TIMELINE_KINDS = 4 };

struct entry {
	const char *day, *at, *what, *detail, *extra;
	int64_t ref;
	bool unbilled; /* a signed contact that bills nothing (see marks) */
};

/* The filters, in the order of the query's ? = 1 switches. */
static const struct choice kinds[TIMELINE_KINDS] = {
    {"contact", "Contacts and notes"},
    {"plan", "Plan changes"},
    {"assessment", "Assessments"},
    {"stage", "Stage changes"},
};

_Static_assert(TIMELINE_KINDS == 4, "the query has one ? = 1 switch per kind");

static const struct db_col entry_cols[] = {
    DB_COL_TEXT(struct entry, day),    DB_COL_TEXT(struct entry, at),
    DB_COL_TEXT(struct entry, what),   DB_COL_INT(struct entry, ref),
    DB_COL_TEXT(struct entry, detail), DB_COL_TEXT(struct entry, extra)};

static enum db_status timeline_read(struct db *db, struct arena *a,
                                    int64_t person, int64_t viewer,
                                    const bool on[TIMELINE_KINDS], int limit,
                                    int64_t offset, struct entry **out,
                                    int *count)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT day, at, what, ref, detail, extra FROM ("
	    " SELECT c.contact_on AS day, c.created_at AS at, 'contact' AS"
	    " what, c.id AS ref, c.kind AS detail, c.state AS extra FROM"
	    " contacts c WHERE ? = 1 AND c.person_id = ? AND (c.state ="
	    " 'signed' OR c.staff_id = ?)"
	    " UNION ALL SELECT substr(v.created_at, 1, 10), v.created_at,"
	    " 'plan', v.version, v.summary, v.cosign_state FROM"
	    " plan_versions v WHERE ? = 1 AND v.person_id = ?"
	    " UNION ALL SELECT b.taken_on, b.created_at, 'assessment',"
	    " b.id, CAST(b.total AS TEXT), b.filled_by FROM barc10 b WHERE"
	    " ? = 1 AND b.person_id = ?"
	    " UNION ALL SELECT substr(s.changed_at, 1, 10), s.changed_at,"
	    " 'stage', s.id, s.stage, '' FROM recovery_stages s WHERE"
	    " ? = 1 AND s.person_id = ?) t"
	    " ORDER BY day DESC, at DESC, what, ref DESC LIMIT ? OFFSET ?",
	    DB_BOOL(on[0]), DB_INT(person), DB_INT(viewer), DB_BOOL(on[1]),
	    DB_INT(person), DB_BOOL(on[2]), DB_INT(person), DB_BOOL(on[3]),
	    DB_INT(person), DB_INT(limit), DB_INT(offset));
	return db_read_list(db, st, a, DB_COLS(entry_cols), sizeof **out, limit,
	                    (void **)out, count);
}

/* ?kind=contact&kind=plan…; none given means all. */
static void read_filters(const struct req *r, bool on[TIMELINE_KINDS])
{
	bool any = false;
	for (int i = 0; i < TIMELINE_KINDS; i++)
		on[i] = false;
	for (size_t j = 0; j < r->query.count; j++)
		for (int i = 0; i < TIMELINE_KINDS; i++)
			if (!strcmp(r->query.items[j].name, "kind") &&
			    !strcmp(r->query.items[j].value, kinds[i].code))
				on[i] = any = true;
	for (int i = 0; !any && i < TIMELINE_KINDS; i++)
		on[i] = true;
}

/* The query's order: newest day first, then newest time. */
static int newest_first(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = strcmp(b->day, a->day);
	if (!c)
		c = strcmp(b->at, a->at);
	if (!c)
		c = strcmp(a->what, b->what);
	return c ? c : (b->ref > a->ref) - (b->ref < a->ref);
}

/* Plan changes and stage changes are dated by when they were recorded:
 * the local date in the person's zone, not the UTC one the query sorted
 * by, so the page is sorted again (an entry near midnight may sit one
 * place off across a page break). */
static void local_days(struct req *r, struct entry *list, int n)
{
	const char *zone = zone_of_request(r);
	struct local_stamp s;
	for (int i = 0; i < n; i++)
		if ((!strcmp(list[i].what, "plan") ||
		     !strcmp(list[i].what, "stage")) &&
		    local_from_utc(zone, list[i].at, &s))
			list[i].day = arena_strdup(&r->arena, s.date);
	qsort(list, (size_t)n, sizeof *list, newest_first);
}

/* A signed contact that bills nothing is marked "(not billable)": the
 * note's own decision (contact_bill_of), one look-up per contact shown.
 * A trainee's note waiting for its co-signature is not marked for that. */
static enum db_status marks(struct req *r, struct entry *list, int n)
{
	for (int i = 0; i < n; i++) {
		struct contact_bill bill;
		list[i].unbilled = false;
		if (strcmp(list[i].what, "contact") ||
		    strcmp(list[i].extra, "signed"))
			continue;
		enum db_status s = contact_bill_of(
		    r->db, &r->arena, r->person_id, list[i].ref, &bill);
		if (s != DB_ROW)
			return s;
		list[i].unbilled = bill.why_not & ~UNBILLED_COSIGN;
	}
	return DB_OK;
}

static int load(struct req *r, bool on[TIMELINE_KINDS], int limit,
                int64_t offset, struct entry **list, int *n)
{
	read_filters(r, on);
	if (timeline_read(r->db, &r->arena, r->person_id, r->session.user_id,
	                  on, limit + 1, offset, list, n) == DB_DONE &&
	    marks(r, *list, *n < limit ? *n : limit) == DB_OK) {
		local_days(r, *list, *n < limit ? *n : limit);
		return 0;
	}
	reply_db_failure(r);
	return -1;
}

/* What the entry says, as people read it. */
static const char *describe(struct arena *a, const struct entry *e)
{
	if (!strcmp(e->what, "contact")) {
		const struct contact_kind *k = contact_kind_find(e->detail);
		return arena_sprintf(a, "%s%s", k ? k->label : e->detail,
		                     strcmp(e->extra, "signed") ? " (draft)"
		                     : e->unbilled ? " (not billable)"
		                                   : "");
	}
	if (!strcmp(e->what, "plan"))
		return arena_sprintf(a, "Plan version %lld: %s",
		                     (long long)e->ref, e->detail);
	if (!strcmp(e->what, "assessment"))
		return arena_sprintf(a, "BARC-10 total %s", e->detail);
	return arena_sprintf(
	    a, "Stage: %s",
	    choice_label(recovery_stages, recovery_stage_count, e->detail));
}

static const char *link_of(struct req *r, const struct entry *e)
{
	long long p = (long long)r->person_id, ref = (long long)e->ref;
	if (!strcmp(e->what, "contact"))
		return arena_sprintf(&r->arena, "/persons/%lld/contacts/%lld",
		                     p, ref);
	if (!strcmp(e->what, "plan"))
		return arena_sprintf(&r->arena, "/persons/%lld/plan", p);
	if (!strcmp(e->what, "assessment"))
		return arena_sprintf(&r->arena, "/persons/%lld/barc10", p);
	return arena_sprintf(&r->arena, "/persons/%lld", p);
}

static void filter_form(struct req *r, const bool on[TIMELINE_KINDS])
{
	struct html *b = page_html(r);
	html_printf(b,
	            "<form class=\"usa-form\" method=\"get\" "
	            "action=\"/persons/%lld/timeline\"><fieldset "
	            "class=\"usa-fieldset\"><legend class=\"usa-legend\">Show"
	            "</legend>",
	            (long long)r->person_id);
	for (int i = 0; i < TIMELINE_KINDS; i++) {
		html_printf(b,
		            "<div class=\"usa-checkbox\"><input "
		            "class=\"usa-checkbox__input\" type=\"checkbox\" "
		            "name=\"kind\" id=\"kind-%s\" value=\"%s\"",
		            kinds[i].code, kinds[i].code);
		if (on[i])
			html_raw(b, " checked");
		html_printf(b,
		            "><label class=\"usa-checkbox__label\" "
		            "for=\"kind-%s\">%s</label></div>",
		            kinds[i].code, kinds[i].label);
	}
	html_raw(b, "</fieldset><button class=\"usa-button "
	            "usa-button--outline\" type=\"submit\">Filter</button>"
	            "</form>\n");
}

/* GET /persons/{id}/timeline?kind=…&page=N */
void timeline_page(struct req *r)
{
	bool on[TIMELINE_KINDS];
	struct entry *list;
	int n;
	int64_t page = 0;
	const char *p = req_query(r, "page");
	if (p && (!text_to_id(p, &page) || page > 10000))
		page = 0;
	if (load(r, on, TIMELINE_PAGE, page * TIMELINE_PAGE, &list, &n))
		return;
	struct html *b = page_html(r);
	page_begin(r, "Timeline", "persons");
	html_printf(b,
	            "<h1>Timeline</h1>\n<p><a class=\"usa-link\" "
	            "href=\"/persons/%lld\">Back to the person</a></p>\n",
	            (long long)r->person_id);
	filter_form(r, on);
	html_raw(b, "<ol class=\"usa-list usa-list--unstyled\">");
	for (int i = 0; i < n && i < TIMELINE_PAGE; i++) {
		html_printf(b,
		            "<li class=\"margin-bottom-1\"><strong>%s</strong> "
		            "<a class=\"usa-link\" href=\"%s\">%s</a></li>",
		            list[i].day, link_of(r, &list[i]),
		            describe(&r->arena, &list[i]));
	}
	if (!n)
		html_raw(b, "<li>Nothing yet.</li>");
	html_raw(b, "</ol>\n");
	if (n > TIMELINE_PAGE) {
		html_printf(b,
		            "<p><a class=\"usa-link\" "
		            "href=\"/persons/%lld/timeline?page=%lld",
		            (long long)r->person_id, (long long)page + 1);
		for (int i = 0; i < TIMELINE_KINDS; i++)
			if (on[i]) {
				html_printf(b, "&amp;kind=%s", kinds[i].code);
			}
		html_raw(b, "\">Older</a></p>\n");
	}
	page_end(r);
	reply_html(r, 200);
}

/* GET /api/v1/persons/{id}/timeline?kind=…&limit=&cursor= */
void timeline_api(struct req *r)
{
	bool on[TIMELINE_KINDS];
	struct entry *list;
	int n, limit;
	int64_t offset;
	if (api_page(r, &limit, &offset) ||
	    load(r, on, limit, offset, &list, &n))
		return;
	struct buf *b = &r->out;
	buf_reset(b);
	json_raw(b, "{\"items\":[");
	for (int i = 0; i < n && i < limit; i++) {
		if (i)
			json_raw(b, ",");
		json_raw(b, "{\"kind\":");
		json_text(b, list[i].what);
		json_raw(b, ",\"date\":");
		json_text(b, list[i].day);
		json_raw(b, ",\"at\":");
		json_text(b, list[i].at);
		json_raw(b, ",\"ref\":");
		json_int(b, list[i].ref);
		json_raw(b, ",\"text\":");
		json_text(b, describe(&r->arena, &list[i]));
		json_raw(b, ",\"link\":");
		json_text(b, link_of(r, &list[i]));
		json_raw(b, "}");
	}
	/* the cursor is where the next page starts */
	api_list_end(r, n > limit, offset + limit);
}
