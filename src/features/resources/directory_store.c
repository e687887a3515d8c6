/* directory_store.c — a service as the form shows it, read from and
 * written to the hsds_* tables (see directory.h). */
#include "directory.h"

#include "../../core/clock.h"
#include "../../core/text.h"
#include "directory_parts.h"
#include "hsds_tables.h"
#include "resource_index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct choice dir_statuses[] = {
    {"active", "Active"},
    {"temporarily closed", "Temporarily closed"},
    {"inactive", "Inactive"},
    {"defunct", "Closed for good (defunct)"},
};
const int dir_status_count = sizeof dir_statuses / sizeof dir_statuses[0];

const char *const dir_day_names[DIR_DAYS] = {"Monday",   "Tuesday", "Wednesday",
                                             "Thursday", "Friday",  "Saturday",
                                             "Sunday"};
const char *const dir_day_codes[DIR_DAYS] = {"MO", "TU", "WE", "TH",
                                             "FR", "SA", "SU"};
static const char *const day_fields[DIR_DAYS] = {
    "monday", "tuesday",  "wednesday", "thursday",
    "friday", "saturday", "sunday"};

const char *dir_day_field(int i)
{
	return day_fields[i];
}

#define S struct dir_service
#define DAY(i, code, label)                                                    \
	FIELD_TIME_AT(S, opens[i], code "_opens", label " opens", 0),          \
	    FIELD_TIME_AT(S, closes[i], code "_closes", label " closes", 0)
const struct field dir_service_fields[] = {
    FIELD_LINE_AT(S, organization_id, "organization_id", "Organization",
                  FIELD_REQUIRED, 36),
    FIELD_LINE_AT(S, name, "name", "Name of the service", FIELD_REQUIRED, 200),
    FIELD_LINE_AT(S, alternate_name, "alternate_name", "Other name", 0, 200),
    FIELD_TEXT_AT(S, description, "description", "Description", 0, 4000),
    FIELD_CHOICE_AT(S, status, "status", "Status", FIELD_REQUIRED, dir_statuses,
                    &dir_status_count),
    FIELD_FLAG_AT(S, recovery_friendly, "recovery_friendly",
                  "Recovery friendly"),
    FIELD_FLAG_AT(S, peer_run, "peer_run", "Peer-run"),
    FIELD_LINE_AT(S, phone, "phone", "Phone", 0, 40),
    FIELD_LINE_AT(S, phone_description, "phone_description",
                  "What the phone is for", 0, 200),
    FIELD_LINE_AT(S, phone_2, "phone_2", "Other phone", 0, 40),
    FIELD_LINE_AT(S, phone_2_description, "phone_2_description",
                  "What the other phone is for", 0, 200),
    FIELD_LINE_AT(S, url, "url", "Website", 0, 500),
    FIELD_EMAIL_AT(S, email, "email", "E-mail", 0, 254),
    FIELD_LINE_AT(S, location_name, "location_name", "Place name", 0, 200),
    FIELD_LINE_AT(S, address_1, "address_1", "Street address", 0, 200),
    FIELD_LINE_AT(S, address_2, "address_2", "Street address line 2", 0, 200),
    FIELD_LINE_AT(S, city, "city", "City", 0, 100),
    FIELD_LINE_AT(S, state_province, "state_province", "State", 0, 100),
    FIELD_LINE_AT(S, postal_code, "postal_code", "ZIP code", 0, 20),
    FIELD_LINE_AT(S, country, "country", "Country", 0, 2),
    FIELD_LINE_AT(S, latitude, "latitude", "Latitude", 0, 20),
    FIELD_LINE_AT(S, longitude, "longitude", "Longitude", 0, 20),
    FIELD_TEXT_AT(S, transportation, "transportation", "Getting there", 0,
                  1000),
    FIELD_TEXT_AT(S, accessibility, "accessibility", "Accessibility", 0, 1000),
    DAY(0, "monday", "Monday"),
    DAY(1, "tuesday", "Tuesday"),
    DAY(2, "wednesday", "Wednesday"),
    DAY(3, "thursday", "Thursday"),
    DAY(4, "friday", "Friday"),
    DAY(5, "saturday", "Saturday"),
    DAY(6, "sunday", "Sunday"),
    FIELD_LINE_AT(S, hours_note, "hours_note", "About the hours", 0, 500),
    FIELD_FLAG_AT(S, free, "free", "Free of charge"),
    FIELD_LINE_AT(S, cost_amount, "cost_amount", "Fee in dollars", 0, 12),
    FIELD_TEXT_AT(S, fees_description, "fees_description", "About the cost", 0,
                  1000),
    FIELD_LINE_AT(S, languages, "languages", "Languages", 0, 500),
    FIELD_TEXT_AT(S, eligibility_description, "eligibility_description",
                  "Who can use it", 0, 2000),
    FIELD_LINE_AT(S, minimum_age, "minimum_age", "Youngest age", 0, 3),
    FIELD_LINE_AT(S, maximum_age, "maximum_age", "Oldest age", 0, 3),
    FIELD_TEXT_AT(S, required_documents, "required_documents",
                  "Documents to bring", 0, 2000),
    FIELD_TEXT_AT(S, application_process, "application_process", "How to apply",
                  0, 2000),
    FIELD_LINE_AT(S, wait_time, "wait_time", "Wait time", 0, 200),
    FIELD_TEXT_AT(S, service_areas, "service_areas", "Areas served", 0, 2000),
    FIELD_LINE_AT(S, new_category, "new_category", "Another category", 0, 120),
};
#undef DAY
#undef S
const int dir_service_field_count =
    sizeof dir_service_fields / sizeof dir_service_fields[0];

void dir_service_blank(struct dir_service *s)
{
	memset(s, 0, sizeof *s);
	s->id = "";
	for (int i = 0; i < dir_service_field_count; i++)
		if (dir_service_fields[i].type != FIELD_FLAG)
			*(const char **)((char *)s +
			                 dir_service_fields[i].offset) = "";
	s->status = "active";
}

int dir_lines(struct arena *a, const char *text, bool comma, const char ***out)
{
	int n = 0, room = 0;
	*out = NULL;
	const char *p = text ? text : "";
	while (*p) {
		size_t len = strcspn(p, comma ? ",\n" : "\n");
		char *item = arena_alloc(a, len + 1);
		memcpy(item, p, len);
		item = text_trim(item);
		if (*item)
			*ARENA_NEXT(a, *out, n, room) = item;
		p += len;
		if (*p)
			p++;
	}
	return n;
}

/* A number typed on the form: true when it is one within [lo, hi]
 * (whole when whole), or empty. */
static bool number_ok(const char *s, double lo, double hi, bool whole)
{
	if (!*s)
		return true;
	char *end;
	double v = strtod(s, &end);
	if (*end || end == s || v < lo || v > hi)
		return false;
	return !whole || v == (double)(long long)v;
}

static void fault(struct arena *a, struct field_error *e, const char *field,
                  const char *message)
{
	field_error_add(
	    e, field,
	    fields_label(dir_service_fields, dir_service_field_count, field),
	    arena_strdup(a, message));
}

static void check_hours(struct arena *a, const struct dir_service *s,
                        struct field_error *e)
{
	for (int i = 0; i < DIR_DAYS; i++) {
		const char *o = s->opens[i], *c = s->closes[i];
		if (!*o && !*c)
			continue;
		const char *day = dir_day_names[i];
		if (!*o || !*c)
			field_error_add(
			    e,
			    arena_sprintf(a, "%s_%s", dir_day_field(i),
			                  !*o ? "opens" : "closes"),
			    NULL,
			    arena_sprintf(a,
			                  "%s needs both the time it opens "
			                  "and the time it closes.",
			                  day));
		else if (strcmp(c, o) <= 0)
			field_error_add(
			    e, arena_sprintf(a, "%s_closes", dir_day_field(i)),
			    NULL,
			    arena_sprintf(a,
			                  "%s closes must be later than it "
			                  "opens (use 23:59 for open until "
			                  "midnight).",
			                  day));
	}
}

int dir_service_validate(struct db *db, struct arena *a,
                         const struct dir_service *s, struct field_error *e)
{
	memset(e, 0, sizeof *e);
	fields_validate_also(a, dir_service_fields, dir_service_field_count, s,
	                     NULL, e);
	int64_t one = 0;
	if (*s->organization_id && !field_error_for(e, "organization_id") &&
	    db_one_int(db, "SELECT 1 FROM hsds_organizations WHERE id = ?",
	               &one, DB_TEXT(s->organization_id)) != DB_ROW)
		fault(a, e, "organization_id",
		      "Organization: choose one of the directory's "
		      "organizations.");
	if (!number_ok(s->minimum_age, 0, 130, true))
		fault(a, e, "minimum_age",
		      "Youngest age must be a whole number from 0 to 130.");
	if (!number_ok(s->maximum_age, 0, 130, true))
		fault(a, e, "maximum_age",
		      "Oldest age must be a whole number from 0 to 130.");
	else if (*s->minimum_age && *s->maximum_age &&
	         number_ok(s->minimum_age, 0, 130, true) &&
	         atof(s->maximum_age) < atof(s->minimum_age))
		fault(a, e, "maximum_age",
		      "Oldest age must not be below the youngest age.");
	if (!number_ok(s->latitude, -90, 90, false))
		fault(a, e, "latitude",
		      "Latitude must be a number from -90 to 90, like "
		      "41.3083.");
	if (!number_ok(s->longitude, -180, 180, false))
		fault(a, e, "longitude",
		      "Longitude must be a number from -180 to 180, like "
		      "-72.9279.");
	if (!*s->latitude != !*s->longitude)
		fault(a, e, *s->latitude ? "longitude" : "latitude",
		      "Latitude and longitude go together: give both or "
		      "neither.");
	if (*s->country && !(s->country[0] >= 'A' && s->country[0] <= 'Z' &&
	                     s->country[1] >= 'A' && s->country[1] <= 'Z'))
		fault(a, e, "country",
		      "Country must be a two-letter code in capitals, like "
		      "US.");
	bool address = *s->address_1 || *s->address_2 || *s->city ||
	               *s->state_province || *s->postal_code;
	if (address && !*s->address_1)
		fault(a, e, "address_1",
		      "Street address is required with the rest of the "
		      "address.");
	if (address && !*s->city)
		fault(a, e, "city",
		      "City is required with the rest of the address.");
	if (address && !*s->state_province)
		fault(a, e, "state_province",
		      "State is required with the rest of the address.");
	if (address && !*s->postal_code)
		fault(a, e, "postal_code",
		      "ZIP code is required with the rest of the address.");
	if (!number_ok(s->cost_amount, 0, 1e7, false))
		fault(a, e, "cost_amount",
		      "Fee in dollars must be a number, like 25 or 12.50.");
	else if (s->free && *s->cost_amount && atof(s->cost_amount) > 0)
		fault(a, e, "cost_amount",
		      "A service free of charge has no fee: clear the fee or "
		      "the free box.");
	if (*s->phone_2 && !*s->phone)
		fault(a, e, "phone",
		      "Phone is required when there is another phone.");
	check_hours(a, s, e);
	for (int i = 0; i < s->nterms; i++)
		if (db_one_int(db,
		               "SELECT 1 FROM hsds_taxonomy_terms WHERE id = ?",
		               &one, DB_TEXT(s->terms[i])) != DB_ROW) {
			fault(a, e, "taxonomy_terms",
			      "Categories: a taxonomy term that is not in the "
			      "directory was named.");
			break;
		}
	return e->field ? -1 : 0;
}

/* ---- reading --------------------------------------------------------- */

enum db_status dir_service_get(struct db *db, struct arena *a, const char *id,
                               struct dir_service *s)
{
	memset(s, 0, sizeof *s);
	struct db_stmt *st = db_query(
	    db,
	    "SELECT id, organization_id, name, alternate_name, description,"
	    " status, url, email, application_process, wait_time,"
	    " eligibility_description, minimum_age, maximum_age,"
	    " fees_description, recovery_friendly, peer_run"
	    " FROM hsds_services WHERE id = ?",
	    DB_TEXT(id));
	bool found = db_row(st);
	if (found) {
		const char **text[] = {&s->id,
		                       &s->organization_id,
		                       &s->name,
		                       &s->alternate_name,
		                       &s->description,
		                       &s->status,
		                       &s->url,
		                       &s->email,
		                       &s->application_process,
		                       &s->wait_time,
		                       &s->eligibility_description};
		for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
			*text[i] = db_column_dup(st, a, (int)i);
		s->minimum_age = dir_number_text(a, st, 11);
		s->maximum_age = dir_number_text(a, st, 12);
		s->fees_description = db_column_dup(st, a, 13);
		s->recovery_friendly = db_column_bool(st, 14);
		s->peer_run = db_column_bool(st, 15);
	}
	enum db_status r = db_end(db, st);
	if (r != DB_DONE)
		return r;
	if (!found)
		return DB_DONE;
	r = dir_parts_get(db, a, s);
	return r == DB_OK ? DB_ROW : r;
}

/* ---- writing --------------------------------------------------------- */

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

enum db_status dir_service_save(struct db *db, struct arena *a,
                                struct dir_service *s,
                                const struct dir_service *old)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status r;
	if (!old) {
		char *id = arena_alloc(a, 37);
		hsds_new_id(id);
		s->id = id;
		r = db_run(
		    db,
		    "INSERT INTO hsds_services (id, organization_id, name,"
		    " alternate_name, description, status, url, email,"
		    " application_process, wait_time,"
		    " eligibility_description, minimum_age, maximum_age,"
		    " fees_description, last_modified, recovery_friendly,"
		    " peer_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		    " ?, ?, ?, ?, ?, ?)",
		    DB_TEXT(s->id), DB_TEXT(s->organization_id),
		    DB_TEXT(s->name), DB_TEXT(nz(s->alternate_name)),
		    DB_TEXT(nz(s->description)), DB_TEXT(s->status),
		    DB_TEXT(nz(s->url)), DB_TEXT(nz(s->email)),
		    DB_TEXT(nz(s->application_process)),
		    DB_TEXT(nz(s->wait_time)),
		    DB_TEXT(nz(s->eligibility_description)),
		    DB_TEXT(nz(s->minimum_age)), DB_TEXT(nz(s->maximum_age)),
		    DB_TEXT(nz(s->fees_description)), DB_TEXT(now),
		    DB_BOOL(s->recovery_friendly), DB_BOOL(s->peer_run));
	} else {
		s->id = old->id;
		r = db_run(
		    db,
		    "UPDATE hsds_services SET organization_id = ?,"
		    " name = ?, alternate_name = ?, description = ?,"
		    " status = ?, url = ?, email = ?,"
		    " application_process = ?, wait_time = ?,"
		    " eligibility_description = ?, minimum_age = ?,"
		    " maximum_age = ?, fees_description = ?,"
		    " last_modified = ?, recovery_friendly = ?,"
		    " peer_run = ? WHERE id = ?",
		    DB_TEXT(s->organization_id), DB_TEXT(s->name),
		    DB_TEXT(nz(s->alternate_name)), DB_TEXT(nz(s->description)),
		    DB_TEXT(s->status), DB_TEXT(nz(s->url)),
		    DB_TEXT(nz(s->email)), DB_TEXT(nz(s->application_process)),
		    DB_TEXT(nz(s->wait_time)),
		    DB_TEXT(nz(s->eligibility_description)),
		    DB_TEXT(nz(s->minimum_age)), DB_TEXT(nz(s->maximum_age)),
		    DB_TEXT(nz(s->fees_description)), DB_TEXT(now),
		    DB_BOOL(s->recovery_friendly), DB_BOOL(s->peer_run),
		    DB_TEXT(s->id));
	}
	if (r == DB_OK)
		r = dir_parts_save(db, a, s, old);
	if (r == DB_OK)
		r = resource_index_service(db, s->id);
	return r;
}

enum db_status dir_service_remove(struct db *db, const char *id)
{
	/* the locations only this service uses go with it */
	enum db_status r = db_run(
	    db,
	    "DELETE FROM hsds_locations WHERE id IN (SELECT location_id FROM"
	    " hsds_service_at_location WHERE service_id = ?) AND NOT EXISTS"
	    " (SELECT 1 FROM hsds_service_at_location o WHERE o.location_id ="
	    " hsds_locations.id AND o.service_id <> ?)",
	    DB_TEXT(id), DB_TEXT(id));
	if (r == DB_OK)
		r = db_run(db, "DELETE FROM hsds_attributes WHERE link_id = ?",
		           DB_TEXT(id));
	if (r == DB_OK)
		r = db_run(db, "DELETE FROM hsds_services WHERE id = ?",
		           DB_TEXT(id));
	if (r == DB_OK)
		r = resource_index_service(db, id);
	return r;
}

int dir_organization_choices(struct db *db, struct arena *a,
                             struct choice **out)
{
	int n = 0, room = 0;
	*out = NULL;
	struct db_stmt *st = db_query(
	    db, "SELECT id, name FROM hsds_organizations ORDER BY name, id"
	        " LIMIT 2000");
	while (db_row(st)) {
		struct choice *c = ARENA_NEXT(a, *out, n, room);
		c->code = db_column_dup(st, a, 0);
		c->label = db_column_dup(st, a, 1);
	}
	db_end(db, st);
	return n;
}

int dir_term_choices(struct db *db, struct arena *a,
                     const struct dir_service *s, struct choice **out)
{
	int n = 0, room = 0;
	*out = NULL;
	int64_t total = 0;
	db_one_int(db, "SELECT COUNT(*) FROM hsds_taxonomy_terms", &total);
	struct db_stmt *st = db_query(
	    db,
	    "SELECT t.id, t.name FROM hsds_taxonomy_terms t LEFT JOIN"
	    " hsds_taxonomies x ON x.id = t.taxonomy_id WHERE ? <= 60 OR"
	    " x.name = ? OR t.id IN (SELECT taxonomy_term_id FROM"
	    " hsds_attributes WHERE link_id = ?) ORDER BY t.name, t.id"
	    " LIMIT 200",
	    DB_INT(total), DB_TEXT(DIR_TAXONOMY_NAME),
	    DB_TEXT(s && s->id ? s->id : ""));
	while (db_row(st)) {
		struct choice *c = ARENA_NEXT(a, *out, n, room);
		c->code = db_column_dup(st, a, 0);
		c->label = db_column_dup(st, a, 1);
	}
	db_end(db, st);
	return n;
}
