/* search_params.c — a search's parameters from the query string, the same
 * for the page and the API (resource_search.h): each malformed one, or
 * one that names nothing, is refused naming its field. */
#include "../../core/clock.h"
#include "../../core/local_time.h"
#include "../../core/text.h"
#include "../programs/program_zone.h"
#include "resource_search.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const weekdays[7] = {"sunday",    "monday",   "tuesday",
                                        "wednesday", "thursday", "friday",
                                        "saturday"};

/* The weekday of a date YYYY-MM-DD: 0 Sunday … 6. */
static int weekday_of(const char *date)
{
	int d = local_days_between("2023-01-01", date) % 7; /* a Sunday */
	return d < 0 ? d + 7 : d;
}

/* A yes/no parameter: 1, true, on, yes; 0, false, off, no or absent. */
static int flag(struct req *r, const char *name, bool *out,
                struct field_error *e)
{
	const char *v = req_query(r, name);
	*out = false;
	if (!v || !*v || !strcmp(v, "0") || !strcasecmp(v, "false") ||
	    !strcasecmp(v, "off") || !strcasecmp(v, "no"))
		return 0;
	if (!strcmp(v, "1") || !strcasecmp(v, "true") || !strcasecmp(v, "on") ||
	    !strcasecmp(v, "yes")) {
		*out = true;
		return 0;
	}
	return field_fail(
	    e, name,
	    arena_sprintf(&r->arena, "%s must be 1 (yes) or 0 (no).", name));
}

static bool coordinate(const char *s, double limit, double *out)
{
	char *end;
	if (!s || !*s || strlen(s) > 24)
		return false;
	*out = strtod(s, &end);
	return !*end && isfinite(*out) && fabs(*out) <= limit;
}

/* open=: now, today, a weekday (its next date, today counting), or a
 * date; sets the day, the time window and the date. */
static int read_open(struct req *r, struct resource_query *q,
                     const struct local_stamp *now, struct field_error *e)
{
	const char *v = req_query(r, "open");
	q->open_day = -1;
	strcpy(q->open_from, "00:00");
	strcpy(q->open_to, "23:59");
	strcpy(q->open_date, now->date);
	if (!v || !*v || !strcasecmp(v, "any"))
		return 0;
	if (!strcasecmp(v, "now")) {
		q->open_day = q->today;
		memcpy(q->open_from, now->time, 6);
		memcpy(q->open_to, now->time, 6);
		return 0;
	}
	if (!strcasecmp(v, "today")) {
		q->open_day = q->today;
		return 0;
	}
	if (text_is_date(v)) {
		strcpy(q->open_date, v);
		q->open_day = weekday_of(v);
		return 0;
	}
	for (int d = 0; d < 7; d++)
		if (!strcasecmp(v, weekdays[d]) ||
		    (strlen(v) == 3 && !strncasecmp(v, weekdays[d], 3))) {
			q->open_day = d;
			local_add_days(now->date, (d - q->today + 7) % 7,
			               q->open_date);
			return 0;
		}
	return field_fail(e, "open",
	                  "open must be now, today, a day of the week or a "
	                  "date (YYYY-MM-DD).");
}

static int read_place(struct req *r, struct resource_query *q,
                      struct field_error *e, enum db_status *dbs)
{
	const char *lat = req_query(r, "lat"), *lon = req_query(r, "lon"),
	           *near = req_query(r, "near");
	bool has_lat = lat && *lat, has_lon = lon && *lon;
	if (near && *near) {
		if (has_lat || has_lon)
			return field_fail(
			    e, "near",
			    "Give either near or lat and lon, not "
			    "both.");
		struct db_stmt *st = db_query(
		    r->db,
		    "SELECT latitude, longitude FROM hsds_locations WHERE id ="
		    " ? AND latitude IS NOT NULL AND longitude IS NOT NULL",
		    DB_TEXT(near));
		if (db_row(st)) {
			q->near = true;
			q->lat = atof(db_column_text(st, 0));
			q->lon = atof(db_column_text(st, 1));
		}
		enum db_status s = db_end(r->db, st);
		if (s != DB_DONE) {
			*dbs = s;
			return -1;
		}
		if (!q->near)
			return field_fail(e, "near",
			                  "near must be the id of a location "
			                  "with a latitude and longitude.");
		return 0;
	}
	if (!has_lat && !has_lon)
		return 0;
	if (!coordinate(lat, 90, &q->lat))
		return field_fail(e, "lat",
		                  "Latitude must be a number from -90 to 90.");
	if (!coordinate(lon, 180, &q->lon))
		return field_fail(
		    e, "lon", "Longitude must be a number from -180 to 180.");
	q->near = true;
	return 0;
}

static int read_category(struct req *r, struct resource_query *q,
                         struct field_error *e, enum db_status *dbs)
{
	const char *v = req_query(r, "category");
	q->category = "";
	if (!v || !*v)
		return 0;
	const char *id = NULL;
	enum db_status s =
	    strlen(v) > 200 ? DB_DONE
	                    : db_one_text(r->db, &r->arena,
	                                  "SELECT id FROM hsds_taxonomy_terms"
	                                  " WHERE id = ?",
	                                  &id, DB_TEXT(v));
	if (s == DB_DONE && strlen(v) <= 200)
		s = db_one_text(
		    r->db, &r->arena,
		    "SELECT id FROM hsds_taxonomy_terms WHERE code = ?"
		    " ORDER BY id LIMIT 1",
		    &id, DB_TEXT(v));
	if (s != DB_ROW && s != DB_DONE) {
		*dbs = s;
		return -1;
	}
	if (!id)
		return field_fail(e, "category",
		                  "category must be the id or code of a "
		                  "taxonomy term in the directory.");
	q->category = id;
	return 0;
}

int resource_query_read(struct req *r, struct resource_query *q,
                        struct field_error *e, enum db_status *dbs)
{
	*dbs = DB_OK;
	struct local_stamp now;
	local_at(zone_of_request(r), clock_now(), &now);
	strcpy(q->today_date, now.date);
	q->today = weekday_of(now.date);
	const char *words = req_query(r, "q");
	q->q = words ? words : "";
	if (utf8_length(q->q) > 200)
		return field_fail(e, "q",
		                  "Search words must be at most 200 "
		                  "characters.");
	const char *lang = req_query(r, "language");
	if (lang && utf8_length(lang) > 60)
		return field_fail(e, "language",
		                  "language must be at most 60 characters.");
	q->language = lang && *lang ? search_fold(&r->arena, lang) : "";
	if (flag(r, "free", &q->free, e) ||
	    flag(r, "accessible", &q->accessible, e) ||
	    flag(r, "recovery_friendly", &q->recovery_friendly, e) ||
	    flag(r, "peer_run", &q->peer_run, e) || read_open(r, q, &now, e) ||
	    read_place(r, q, e, dbs) || read_category(r, q, e, dbs))
		return -1;
	return 0;
}
