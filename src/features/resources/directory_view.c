/* directory_view.c — a service as a peer reads it with the person beside
 * them: how to get there (address, a map link built from the stored
 * coordinates, no geocoder), the phone as a tap-to-call link, the hours
 * of each day, cost, languages, who can use it and what to bring, and
 * the organization's partner contact. */
#include "directory_view.h"

#include "../../web/html.h"
#include "../../web/layout.h"

#include <ctype.h>
#include <string.h>

void dir_tel_link(struct html *b, const char *number)
{
	char digits[48];
	size_t n = 0;
	for (const char *p = number; *p && n + 1 < sizeof digits; p++)
		if (isdigit((unsigned char)*p) || (*p == '+' && !n))
			digits[n++] = *p;
	digits[n] = 0;
	if (!n) {
		html_text(b, number);
		return;
	}
	html_printf(b, "<a class=\"usa-link\" href=\"tel:%s\">%s</a>", digits,
	            number);
}

void dir_map_link(struct html *b, const char *lat, const char *lon)
{
	if (!*lat || !*lon)
		return;
	html_printf(b,
	            " <a class=\"usa-link\" href=\"https://www.openstreetmap."
	            "org/?mlat=%s&amp;mlon=%s#map=17/%s/%s\">Open the map</a>"
	            " <a class=\"usa-link\" href=\"geo:%s,%s\">(in a map "
	            "app)</a>",
	            lat, lon, lat, lon, lat, lon);
}

static void item(struct html *b, const char *term, const char *value)
{
	if (value && *value)
		html_printf(b, "<dt>%s</dt><dd>%s</dd>", term, value);
}

/* A text of several lines as a list. */
static void lines(struct req *r, const char *term, const char *text)
{
	const char **items;
	int n = dir_lines(&r->arena, text, false, &items);
	if (!n)
		return;
	struct html *b = page_html(r);
	html_printf(b, "<dt>%s</dt><dd><ul>", term);
	for (int i = 0; i < n; i++)
		html_printf(b, "<li>%s</li>", items[i]);
	html_raw(b, "</ul></dd>");
}

static void where(struct req *r, const struct dir_service *s)
{
	struct html *b = page_html(r);
	html_raw(b, "<h2>Getting there</h2>");
	if (!*s->address_1 && !*s->latitude) {
		html_raw(b, "<p>No address in the directory.</p>");
		return;
	}
	html_raw(b, "<p>");
	if (*s->location_name)
		html_printf(b, "%s<br>", s->location_name);
	if (*s->address_1) {
		html_printf(b, "%s<br>", s->address_1);
		if (*s->address_2)
			html_printf(b, "%s<br>", s->address_2);
		html_printf(b, "%s, %s %s", s->city, s->state_province,
		            s->postal_code);
	}
	dir_map_link(b, s->latitude, s->longitude);
	html_raw(b, "</p>");
	html_raw(b, "<dl>");
	item(b, "Getting there", s->transportation);
	item(b, "Accessibility", s->accessibility);
	html_raw(b, "</dl>");
}

static void hours(struct req *r, const struct dir_service *s)
{
	struct html *b = page_html(r);
	html_raw(b, "<h2>Hours</h2><table class=\"usa-table usa-table--"
	            "borderless\"><caption class=\"usa-sr-only\">Opening "
	            "hours</caption><tbody>");
	for (int i = 0; i < DIR_DAYS; i++) {
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>",
		            dir_day_names[i]);
		if (*s->opens[i])
			html_printf(b, "%s–%s", s->opens[i], s->closes[i]);
		else
			html_raw(b, "Closed");
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table>");
	if (*s->hours_note)
		html_printf(b, "<p>%s</p>", s->hours_note);
}

static void partners(struct req *r, const struct dir_service *s)
{
	struct html *b = page_html(r);
	struct db_stmt *st = db_query(
	    r->db,
	    "SELECT name, title, phone, email FROM directory_partners WHERE"
	    " organization_id = ? ORDER BY name, id LIMIT 10",
	    DB_TEXT(s->organization_id));
	int n = 0;
	while (db_row(st)) {
		if (!n++)
			html_raw(b, "<h2>Partner contact</h2><ul class=\"usa-"
			            "list\">");
		html_printf(b, "<li>%s", db_column_text(st, 0));
		if (*db_column_text(st, 1))
			html_printf(b, ", %s", db_column_text(st, 1));
		if (*db_column_text(st, 2)) {
			html_raw(b, ": ");
			dir_tel_link(b, db_column_text(st, 2));
		}
		if (*db_column_text(st, 3))
			html_printf(b,
			            " <a class=\"usa-link\" href=\"mailto:%s\">"
			            "%s</a>",
			            db_column_text(st, 3),
			            db_column_text(st, 3));
		html_raw(b, "</li>");
	}
	db_end(r->db, st);
	if (n)
		html_raw(b, "</ul>");
}

static void categories(struct req *r, const struct dir_service *s)
{
	struct html *b = page_html(r);
	if (!s->nterms)
		return;
	html_raw(b, "<p>");
	for (int i = 0; i < s->nterms; i++) {
		const char *name = "";
		db_one_text(r->db, &r->arena,
		            "SELECT name FROM hsds_taxonomy_terms WHERE id = ?",
		            &name, DB_TEXT(s->terms[i]));
		html_printf(b, "<span class=\"usa-tag\">%s</span> ", name);
	}
	html_raw(b, "</p>");
}

void dir_service_view(struct req *r, const struct dir_service *s)
{
	struct html *b = page_html(r);
	const char *org = "";
	db_one_text(r->db, &r->arena,
	            "SELECT name FROM hsds_organizations WHERE id = ?", &org,
	            DB_TEXT(s->organization_id));
	html_printf(b,
	            "<h1>%s</h1>\n<p>Run by <a class=\"usa-link\" "
	            "href=\"/resources/organizations/%s\">%s</a></p>",
	            s->name, s->organization_id, org);
	if (strcmp(s->status, "active"))
		html_printf(
		    b,
		    "<div class=\"usa-alert usa-alert--warning usa-"
		    "alert--slim\"><div class=\"usa-alert__body\"><p "
		    "class=\"usa-alert__text\">%s</p></div></div>",
		    choice_label(dir_statuses, dir_status_count, s->status));
	if (s->recovery_friendly || s->peer_run) {
		html_raw(b, "<p>");
		if (s->recovery_friendly)
			html_raw(b, "<span class=\"usa-tag bg-green\">Recovery "
			            "friendly</span> ");
		if (s->peer_run)
			html_raw(b, "<span class=\"usa-tag bg-green\">Peer-run"
			            "</span>");
		html_raw(b, "</p>");
	}
	categories(r, s);
	if (*s->description)
		html_printf(b, "<p>%s</p>", s->description);
	html_raw(b, "<h2>Reaching it</h2><dl>");
	if (*s->phone) {
		html_printf(b, "<dt>%s</dt><dd>",
		            *s->phone_description ? s->phone_description
		                                  : "Phone");
		dir_tel_link(b, s->phone);
		html_raw(b, "</dd>");
	}
	if (*s->phone_2) {
		html_printf(b, "<dt>%s</dt><dd>",
		            *s->phone_2_description ? s->phone_2_description
		                                    : "Other phone");
		dir_tel_link(b, s->phone_2);
		html_raw(b, "</dd>");
	}
	if (*s->url)
		html_printf(b,
		            "<dt>Website</dt><dd><a class=\"usa-link\" "
		            "href=\"%s\">%s</a></dd>",
		            strncmp(s->url, "http", 4) ? "#" : s->url, s->url);
	if (*s->email)
		html_printf(b,
		            "<dt>E-mail</dt><dd><a class=\"usa-link\" "
		            "href=\"mailto:%s\">%s</a></dd>",
		            s->email, s->email);
	html_raw(b, "</dl>");
	where(r, s);
	hours(r, s);
	html_raw(b, "<h2>Cost</h2><p>");
	if (s->free)
		html_raw(b, "Free of charge.");
	else if (*s->cost_amount)
		html_printf(b, "$%s.", s->cost_amount);
	else if (!*s->fees_description)
		html_raw(b, "Not known: ask when you call.");
	if (*s->fees_description)
		html_printf(b, " %s", s->fees_description);
	html_raw(b, "</p><h2>Who can use it</h2><dl>");
	item(b, "Languages", s->languages);
	item(b, "Who can use it", s->eligibility_description);
	if (*s->minimum_age || *s->maximum_age)
		html_printf(b, "<dt>Ages</dt><dd>%s%s%s</dd>",
		            *s->minimum_age ? s->minimum_age : "any", " to ",
		            *s->maximum_age ? s->maximum_age : "any");
	lines(r, "Documents to bring", s->required_documents);
	item(b, "How to apply", s->application_process);
	item(b, "Wait time", s->wait_time);
	lines(r, "Areas served", s->service_areas);
	html_raw(b, "</dl>");
	partners(r, s);
}
