/* directory_parts_read.c — reading the parts of a service the form shows
 * (see directory_parts.h). */
#include "directory_parts.h"

#include <stdlib.h>
#include <string.h>

const char *dir_number_text(struct arena *a, struct db_stmt *st, int col)
{
	if (db_column_null(st, col))
		return "";
	double v = strtod(db_column_text(st, col), NULL);
	return arena_sprintf(a, "%.15g", v);
}

/* The rows of a one-column statement joined by sep. */
static const char *joined(struct db *db, struct arena *a, struct db_stmt *st,
                          const char *sep, enum db_status *r)
{
	const char *out = "";
	int n = 0;
	while (db_row(st)) {
		const char *v = db_column_text(st, 0);
		if (!*v)
			continue;
		out = arena_sprintf(a, "%s%s%s", out, n++ ? sep : "", v);
	}
	enum db_status e = db_end(db, st);
	*r = e == DB_DONE ? DB_OK : e;
	return out;
}

static enum db_status get_hours(struct db *db, struct arena *a,
                                struct dir_service *s)
{
	struct db_stmt *st =
	    db_query(db,
	             "SELECT COALESCE(byday, ''), COALESCE(opens_at, ''),"
	             " COALESCE(closes_at, ''), COALESCE(description, '')"
	             " FROM hsds_schedules WHERE service_id = ? ORDER BY id",
	             DB_TEXT(s->id));
	while (db_row(st)) {
		const char *days = db_column_text(st, 0);
		const char *o = db_column_text(st, 1),
		           *c = db_column_text(st, 2);
		if (!*s->hours_note && *db_column_text(st, 3))
			s->hours_note = db_column_dup(st, a, 3);
		if (!*o || !*c)
			continue;
		for (int i = 0; i < DIR_DAYS; i++) {
			const char *p = days;
			size_t len;
			for (; *p; p += len + (p[len] != 0)) {
				len = strcspn(p, ",");
				if (len == 2 &&
				    !strncmp(p, dir_day_codes[i], 2)) {
					s->opens[i] =
					    arena_sprintf(a, "%.5s", o);
					s->closes[i] =
					    arena_sprintf(a, "%.5s", c);
				}
			}
		}
	}
	return db_end(db, st) == DB_DONE ? DB_OK : db_last_status(db);
}

static enum db_status get_location(struct db *db, struct arena *a,
                                   struct dir_service *s, const char **loc)
{
	*loc = "";
	enum db_status r = db_one_text(
	    db, a,
	    "SELECT location_id FROM hsds_service_at_location WHERE"
	    " service_id = ? AND location_id IS NOT NULL ORDER BY id LIMIT 1",
	    loc, DB_TEXT(s->id));
	if (r == DB_DONE || !*loc) {
		*loc = "";
		return DB_OK;
	}
	if (r != DB_ROW)
		return r;
	struct db_stmt *st =
	    db_query(db,
	             "SELECT name, transportation, latitude, longitude FROM"
	             " hsds_locations WHERE id = ?",
	             DB_TEXT(*loc));
	if (db_row(st)) {
		s->location_name = db_column_dup(st, a, 0);
		s->transportation = db_column_dup(st, a, 1);
		s->latitude = dir_number_text(a, st, 2);
		s->longitude = dir_number_text(a, st, 3);
	}
	if (db_end(db, st) != DB_DONE)
		return db_last_status(db);
	st = db_query(db,
	              "SELECT address_1, address_2, city, state_province,"
	              " postal_code, country FROM hsds_addresses WHERE"
	              " location_id = ? ORDER BY CASE WHEN address_type ="
	              " 'physical' THEN 0 ELSE 1 END, id LIMIT 1",
	              DB_TEXT(*loc));
	if (db_row(st)) {
		s->address_1 = db_column_dup(st, a, 0);
		s->address_2 = db_column_dup(st, a, 1);
		s->city = db_column_dup(st, a, 2);
		s->state_province = db_column_dup(st, a, 3);
		s->postal_code = db_column_dup(st, a, 4);
		s->country = db_column_dup(st, a, 5);
	}
	if (db_end(db, st) != DB_DONE)
		return db_last_status(db);
	s->accessibility = joined(
	    db, a,
	    db_query(db,
	             "SELECT COALESCE(description, details, '') FROM"
	             " hsds_accessibility WHERE location_id = ? ORDER BY id",
	             DB_TEXT(*loc)),
	    "\n", &r);
	return r;
}

enum db_status dir_parts_get(struct db *db, struct arena *a,
                             struct dir_service *s)
{
	/* every text member starts as "" */
	const char **texts[] = {&s->languages,
	                        &s->required_documents,
	                        &s->service_areas,
	                        &s->phone,
	                        &s->phone_description,
	                        &s->phone_2,
	                        &s->phone_2_description,
	                        &s->location_name,
	                        &s->address_1,
	                        &s->address_2,
	                        &s->city,
	                        &s->state_province,
	                        &s->postal_code,
	                        &s->country,
	                        &s->latitude,
	                        &s->longitude,
	                        &s->transportation,
	                        &s->accessibility,
	                        &s->hours_note,
	                        &s->cost_amount,
	                        &s->new_category};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		*texts[i] = "";
	for (int i = 0; i < DIR_DAYS; i++)
		s->opens[i] = s->closes[i] = "";
	enum db_status r = DB_OK;
	struct db_stmt *st = db_query(
	    db,
	    "SELECT COALESCE(number, ''), COALESCE(description, '') FROM"
	    " hsds_phones WHERE service_id = ? ORDER BY id LIMIT 2",
	    DB_TEXT(s->id));
	for (int i = 0; db_row(st); i++) {
		*(i ? &s->phone_2 : &s->phone) = db_column_dup(st, a, 0);
		*(i ? &s->phone_2_description : &s->phone_description) =
		    db_column_dup(st, a, 1);
	}
	if (db_end(db, st) != DB_DONE)
		return db_last_status(db);
	if ((r = get_hours(db, a, s)) != DB_OK)
		return r;
	s->languages = joined(
	    db, a,
	    db_query(db,
	             "SELECT COALESCE(name, code, '') FROM hsds_languages"
	             " WHERE service_id = ? ORDER BY id",
	             DB_TEXT(s->id)),
	    ", ", &r);
	if (r == DB_OK)
		s->required_documents = joined(
		    db, a,
		    db_query(db,
		             "SELECT COALESCE(document, '') FROM"
		             " hsds_required_documents WHERE service_id = ?"
		             " ORDER BY id",
		             DB_TEXT(s->id)),
		    "\n", &r);
	if (r == DB_OK)
		s->service_areas = joined(
		    db, a,
		    db_query(db,
		             "SELECT COALESCE(name, description, '') FROM"
		             " hsds_service_areas WHERE service_id = ?"
		             " ORDER BY id",
		             DB_TEXT(s->id)),
		    "\n", &r);
	if (r != DB_OK)
		return r;
	int64_t n = 0;
	if (db_one_int(db,
	               "SELECT COUNT(*) FROM hsds_cost_options WHERE"
	               " service_id = ? AND amount = 0",
	               &n, DB_TEXT(s->id)) != DB_ROW)
		return db_last_status(db);
	s->free = n > 0;
	st = db_query(db,
	              "SELECT amount FROM hsds_cost_options WHERE service_id ="
	              " ? AND amount > 0 ORDER BY id LIMIT 1",
	              DB_TEXT(s->id));
	if (db_row(st))
		s->cost_amount = dir_number_text(a, st, 0);
	if (db_end(db, st) != DB_DONE)
		return db_last_status(db);
	const char *loc;
	if ((r = get_location(db, a, s, &loc)) != DB_OK)
		return r;
	st = db_query(db,
	              "SELECT DISTINCT taxonomy_term_id FROM hsds_attributes"
	              " WHERE link_id = ? AND taxonomy_term_id IS NOT NULL"
	              " ORDER BY taxonomy_term_id",
	              DB_TEXT(s->id));
	while (db_row(st) && s->nterms < DIR_TERMS_MAX)
		s->terms[s->nterms++] = db_column_dup(st, a, 0);
	return db_end(db, st) == DB_DONE ? DB_OK : db_last_status(db);
}
