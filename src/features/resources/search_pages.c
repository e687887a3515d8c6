/* search_pages.c — GET /resources: the directory's landing page and its
 * search, made for a phone held while sitting with the person: words and
 * filters in one form (a GET, so a search is a link), then each result
 * with what it takes to go: the address with a map link, the phone to
 * tap, today's hours, the cost, the languages and the flags. */
#include "../../core/text.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/layout.h"
#include "resource_search.h"

#include <string.h>

enum { PAGE_RESULTS = 20 };

/* The search's own parameters, for the next page's link. */
static const char *const kept[] = {
    "q",        "category",   "language",
    "free",     "accessible", "recovery_friendly",
    "peer_run", "open",       "lat",
    "lon",      "near"};

static void search_form(struct req *r, const struct field_error *e,
                        const struct resource_term *terms, int nterms)
{
	struct html *b = page_html(r);
	const char *q = req_query(r, "q"), *cat = req_query(r, "category"),
	           *open = req_query(r, "open");
#define VAL(n) (req_query(r, n) ? req_query(r, n) : "")
#define ERR(n) (e && e->field && !strcmp(e->field, n) ? e->message : NULL)
	html_raw(b, "<form class=\"usa-form maxw-none\" method=\"get\" "
	            "action=\"/resources\" role=\"search\" id=\"search\">\n");
	form_input(b,
	           &(struct form_field){"q", "What do they need?", q ? q : "",
	                                "A name, a need or a kind of place: "
	                                "food pantry, housing, meeting",
	                                ERR("q"), "off", false},
	           "search");
	html_raw(b, "<details id=\"filters\"");
	for (size_t i = 1; i < sizeof kept / sizeof *kept; i++)
		if (*VAL(kept[i])) {
			html_raw(b, " open");
			break;
		}
	html_raw(
	    b,
	    "><summary class=\"margin-top-2 padding-y-1\">Filters</summary>\n");
	html_raw(
	    b, "<div class=\"usa-form-group\"><label class=\"usa-label\" "
	       "for=\"category\">Category</label><select class=\"usa-select\" "
	       "id=\"category\" name=\"category\"><option value=\"\">Any"
	       "</option>");
	for (int i = 0; i < nterms; i++)
		html_printf(
		    b, "<option value=\"%s\"%s>%s</option>", terms[i].id,
		    cat && (!strcmp(cat, terms[i].id) ||
		            (*terms[i].code && !strcmp(cat, terms[i].code)))
		        ? " selected"
		        : "",
		    terms[i].name);
	html_raw(b, "</select></div>\n");
	form_text(b,
	          &(struct form_field){"language", "Language", VAL("language"),
	                               "A name or code: Spanish, es",
	                               ERR("language"), "off", false});
	static const char *const opens[][2] = {
	    {"", "Any time"},         {"now", "Open now"},
	    {"today", "Open today"},  {"monday", "Monday"},
	    {"tuesday", "Tuesday"},   {"wednesday", "Wednesday"},
	    {"thursday", "Thursday"}, {"friday", "Friday"},
	    {"saturday", "Saturday"}, {"sunday", "Sunday"}};
	html_raw(b, "<div class=\"usa-form-group\"><label class=\"usa-label\" "
	            "for=\"open\">Open</label>");
	if (ERR("open"))
		html_printf(b,
		            "<span class=\"usa-error-message\" "
		            "id=\"open-error\">%s</span>",
		            ERR("open"));
	html_printf(b,
	            "<select class=\"usa-select\" id=\"open\" name=\"open\"%s>",
	            ERR("open") ? " aria-describedby=\"open-error\"" : "");
	for (size_t i = 0; i < sizeof opens / sizeof *opens; i++)
		html_printf(
		    b, "<option value=\"%s\"%s>%s</option>", opens[i][0],
		    !strcmp(open ? open : "", opens[i][0]) ? " selected" : "",
		    opens[i][1]);
	html_raw(b, "</select></div>\n<fieldset class=\"usa-fieldset\">"
	            "<legend class=\"usa-legend\">Only</legend>");
	static const char *const flags[][2] = {
	    {"free", "Free of charge"},
	    {"accessible", "Accessible (lists accessibility)"},
	    {"recovery_friendly", "Recovery friendly"},
	    {"peer_run", "Peer-run"}};
	for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
		form_checkbox(b, flags[i][0], flags[i][1],
		              *VAL(flags[i][0]) &&
		                  strcmp(VAL(flags[i][0]), "0"));
	html_raw(b,
	         "</fieldset>\n<fieldset class=\"usa-fieldset\">"
	         "<legend class=\"usa-legend\">Near (nearest first)</legend>");
	if (*VAL("near"))
		html_printf(b,
		            "<input type=\"hidden\" name=\"near\" "
		            "value=\"%s\"><p>Near the chosen place.</p>",
		            VAL("near"));
	form_input(b,
	           &(struct form_field){"lat", "Latitude", VAL("lat"),
	                                "For example 41.8781", ERR("lat"),
	                                "off", false},
	           "text");
	form_input(b,
	           &(struct form_field){"lon", "Longitude", VAL("lon"),
	                                "For example -87.6298", ERR("lon"),
	                                "off", false},
	           "text");
	html_raw(b, "</fieldset></details>\n"
	            "<button class=\"usa-button margin-top-2\" type=\"submit\">"
	            "Search</button></form>\n");
#undef VAL
#undef ERR
}

/* "+1 (555) 010-0123" → "+15550100123" for a tel: link. */
static const char *tel(struct req *r, const char *phone)
{
	char *out = arena_alloc(&r->arena, strlen(phone) + 1), *o = out;
	for (const char *p = phone; *p; p++)
		if ((*p >= '0' && *p <= '9') || (*p == '+' && o == out))
			*o++ = *p;
	return out;
}

static void result(struct req *r, const struct resource_hit *h)
{
	struct html *b = page_html(r);
	html_printf(b,
	            "<li class=\"padding-y-1 border-bottom-1px "
	            "border-base-lighter\"><h2 class=\"font-sans-md "
	            "margin-y-05\"><a class=\"usa-link\" href=\"/resources/"
	            "%s\">%s</a></h2>",
	            h->service_id, h->name);
	if (*h->organization || h->has_distance) {
		html_printf(b, "<p class=\"margin-y-05\">%s", h->organization);
		if (h->has_distance)
			html_printf(b, "%s%.1f mi (%.1f km)",
			            *h->organization ? " · " : "",
			            h->km / 1.609344, h->km);
		html_raw(b, "</p>");
	}
	if (*h->alert)
		html_printf(b, "<p class=\"margin-y-05 text-bold\">%s</p>",
		            h->alert);
	html_raw(b, "<ul class=\"usa-list usa-list--unstyled result\">");
	if (*h->lat && *h->lon) {
		html_printf(b,
		            "<li>%s <a class=\"usa-link\" "
		            "href=\"https://www.openstreetmap.org/?mlat=",
		            *h->address ? h->address : "Location");
		html_url_arg(b, h->lat);
		html_raw(b, "&amp;mlon=");
		html_url_arg(b, h->lon);
		html_raw(b, "#map=17/");
		html_url_arg(b, h->lat);
		html_raw(b, "/");
		html_url_arg(b, h->lon);
		html_raw(b, "\">Map</a></li>");
	} else if (*h->address) {
		html_printf(
		    b,
		    "<li>%s <a class=\"usa-link\" "
		    "href=\"https://www.openstreetmap.org/search?query=",
		    h->address);
		html_url_arg(b, h->address);
		html_raw(b, "\">Map</a></li>");
	}
	if (*h->phone)
		html_printf(b,
		            "<li>Call <a class=\"usa-link\" href=\"tel:%s\">"
		            "%s</a></li>",
		            tel(r, h->phone), h->phone);
	html_printf(b, "<li>Today: %s</li>",
	            *h->hours_today ? h->hours_today : "closed or not listed");
	if (*h->cost)
		html_printf(b, "<li>Cost: %s</li>", h->cost);
	if (*h->languages)
		html_printf(b, "<li>Languages: %s</li>", h->languages);
	if (h->free || h->accessible || h->recovery_friendly || h->peer_run)
		html_printf(b, "<li>%s%s%s%s</li>", h->free ? "Free. " : "",
		            h->accessible ? "Accessible. " : "",
		            h->recovery_friendly ? "Recovery friendly. " : "",
		            h->peer_run ? "Peer-run." : "");
	html_raw(b, "</ul></li>\n");
}

/* GET /resources */
void resources_page(struct req *r)
{
	struct resource_query q = {0};
	struct field_error e = {0};
	enum db_status dbs = DB_OK;
	struct resource_term *terms;
	int nterms;
	int64_t offset = 0;
	const char *cursor = req_query(r, "cursor");
	bool bad = resource_query_read(r, &q, &e, &dbs) != 0;
	if (!bad && cursor && *cursor && !text_to_id(cursor, &offset)) {
		bad = true;
		field_fail(&e, "cursor",
		           "That page of results does not exist.");
	}
	if ((bad && dbs != DB_OK) ||
	    resource_terms_top(r->db, &r->arena, &terms, &nterms) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct resource_hit *hits = NULL;
	int n = 0;
	bool more = false;
	q.limit = PAGE_RESULTS;
	q.offset = offset;
	if (!bad && resource_search(r->db, &r->arena, &q, &hits, &n, &more) !=
	                DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	page_begin(r, "Resources", "resources");
	html_raw(b, "<h1>Community resources</h1>\n");
	if (bad)
		form_error_summary(b, &e, NULL);
	search_form(r, bad ? &e : NULL, terms, nterms);
	if (bad) {
		page_end(r);
		reply_html(r, 400);
		return;
	}
	if (!n)
		html_raw(b, "<p id=\"results-none\">Nothing in the directory "
		            "matches. Try fewer words or filters.</p>\n");
	else
		html_printf(b,
		            "<p id=\"results-count\" class=\"margin-bottom-0\">"
		            "Results %lld to %lld%s.</p>\n<ol class=\"usa-list "
		            "usa-list--unstyled\" id=\"results\">\n",
		            (long long)offset + 1, (long long)offset + n,
		            q.near ? ", nearest first" : "");
	for (int i = 0; i < n; i++)
		result(r, &hits[i]);
	if (n)
		html_raw(b, "</ol>\n");
	if (more) {
		html_raw(b, "<p><a class=\"usa-button usa-button--outline\" "
		            "id=\"next\" href=\"/resources?");
		for (size_t i = 0; i < sizeof kept / sizeof *kept; i++) {
			const char *v = req_query(r, kept[i]);
			if (v && *v) {
				html_printf(b, "%s=", kept[i]);
				html_url_arg(b, v);
				html_raw(b, "&amp;");
			}
		}
		html_printf(b, "cursor=%lld\">More results</a></p>\n",
		            (long long)(offset + n));
	}
	page_end(r);
	reply_html(r, 200);
}
