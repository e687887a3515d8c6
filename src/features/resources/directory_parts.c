/* directory_parts.c — see directory_parts.h. */
#include "directory_parts.h"

#include "hsds_tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

static bool same(const char *x, const char *y)
{
	return !strcmp(x ? x : "", y ? y : "");
}

static const struct {
	const char *name, *code;
} languages[] = {
    {"English", "en"},    {"Spanish", "es"},
    {"Chinese", "zh"},    {"Vietnamese", "vi"},
    {"French", "fr"},     {"Haitian Creole", "ht"},
    {"Arabic", "ar"},     {"Russian", "ru"},
    {"Portuguese", "pt"}, {"Korean", "ko"},
    {"Polish", "pl"},     {"Tagalog", "tl"},
    {"Italian", "it"},    {"German", "de"},
    {"Somali", "so"},     {"American Sign Language", "ase"},
};

const char *dir_language_code(const char *name)
{
	for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++)
		if (!strcasecmp(languages[i].name, name))
			return languages[i].code;
	return NULL;
}

static int by_text(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* n new ids in ascending order, so that rows read back ORDER BY id come
 * in the order they were written. */
static char **new_ids(struct arena *a, int n)
{
	char **ids = arena_alloc(a, sizeof *ids * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		ids[i] = arena_alloc(a, 37);
		hsds_new_id(ids[i]);
	}
	qsort(ids, (size_t)n, sizeof *ids, by_text);
	return ids;
}

/* ---- writing --------------------------------------------------------- */

static enum db_status save_phones(struct db *db, struct arena *a,
                                  const struct dir_service *s)
{
	enum db_status r = db_run(
	    db, "DELETE FROM hsds_phones WHERE service_id = ?", DB_TEXT(s->id));
	char **ids = new_ids(a, 2);
	const char *num[] = {s->phone, s->phone_2};
	const char *what[] = {s->phone_description, s->phone_2_description};
	for (int i = 0; i < 2 && r == DB_OK; i++)
		if (*num[i])
			r = db_run(
			    db,
			    "INSERT INTO hsds_phones (id, service_id,"
			    " number, type, description) VALUES (?, ?, ?,"
			    " 'voice', ?)",
			    DB_TEXT(ids[i]), DB_TEXT(s->id), DB_TEXT(num[i]),
			    DB_TEXT(nz(what[i])));
	return r;
}

static enum db_status save_hours(struct db *db, struct arena *a,
                                 const struct dir_service *s)
{
	enum db_status r =
	    db_run(db, "DELETE FROM hsds_schedules WHERE service_id = ?",
	           DB_TEXT(s->id));
	bool done[DIR_DAYS] = {0};
	char **ids = new_ids(a, DIR_DAYS + 1);
	int rows = 0;
	for (int i = 0; i < DIR_DAYS && r == DB_OK; i++) {
		if (done[i] || !*s->opens[i])
			continue;
		const char *days = dir_day_codes[i];
		for (int j = i + 1; j < DIR_DAYS; j++)
			if (!done[j] && same(s->opens[i], s->opens[j]) &&
			    same(s->closes[i], s->closes[j])) {
				done[j] = true;
				days = arena_sprintf(a, "%s,%s", days,
				                     dir_day_codes[j]);
			}
		r = db_run(db,
		           "INSERT INTO hsds_schedules (id, service_id, freq,"
		           " wkst, byday, opens_at, closes_at, description)"
		           " VALUES (?, ?, 'WEEKLY', 'MO', ?, ?, ?, ?)",
		           DB_TEXT(ids[rows]), DB_TEXT(s->id), DB_TEXT(days),
		           DB_TEXT(s->opens[i]), DB_TEXT(s->closes[i]),
		           DB_TEXT(nz(s->hours_note)));
		rows++;
	}
	if (r == DB_OK && !rows && *s->hours_note)
		r = db_run(db,
		           "INSERT INTO hsds_schedules (id, service_id,"
		           " description) VALUES (?, ?, ?)",
		           DB_TEXT(ids[0]), DB_TEXT(s->id),
		           DB_TEXT(s->hours_note));
	return r;
}

/* Replaces the rows of a list part: one per item of text. */
static enum db_status save_list(struct db *db, struct arena *a,
                                const struct dir_service *s, int which)
{
	const char **items;
	enum db_status r;
	int n;
	if (which == 0) {
		r = db_run(db,
		           "DELETE FROM hsds_languages WHERE service_id = ?",
		           DB_TEXT(s->id));
		n = dir_lines(a, s->languages, true, &items);
	} else if (which == 1) {
		r = db_run(db,
		           "DELETE FROM hsds_required_documents WHERE"
		           " service_id = ?",
		           DB_TEXT(s->id));
		n = dir_lines(a, s->required_documents, false, &items);
	} else {
		r = db_run(
		    db, "DELETE FROM hsds_service_areas WHERE service_id = ?",
		    DB_TEXT(s->id));
		n = dir_lines(a, s->service_areas, false, &items);
	}
	char **ids = new_ids(a, n);
	for (int i = 0; i < n && r == DB_OK; i++) {
		if (which == 0)
			r = db_run(db,
			           "INSERT INTO hsds_languages (id, service_id,"
			           " name, code) VALUES (?, ?, ?, ?)",
			           DB_TEXT(ids[i]), DB_TEXT(s->id),
			           DB_TEXT(items[i]),
			           DB_TEXT(dir_language_code(items[i])));
		else if (which == 1)
			r = db_run(db,
			           "INSERT INTO hsds_required_documents (id,"
			           " service_id, document) VALUES (?, ?, ?)",
			           DB_TEXT(ids[i]), DB_TEXT(s->id),
			           DB_TEXT(items[i]));
		else
			r = db_run(db,
			           "INSERT INTO hsds_service_areas (id,"
			           " service_id, name) VALUES (?, ?, ?)",
			           DB_TEXT(ids[i]), DB_TEXT(s->id),
			           DB_TEXT(items[i]));
	}
	return r;
}

static enum db_status save_cost(struct db *db, struct arena *a,
                                const struct dir_service *s)
{
	enum db_status r =
	    db_run(db, "DELETE FROM hsds_cost_options WHERE service_id = ?",
	           DB_TEXT(s->id));
	char **ids = new_ids(a, 1);
	if (r == DB_OK && s->free)
		r = db_run(db,
		           "INSERT INTO hsds_cost_options (id, service_id,"
		           " option, currency, amount) VALUES (?, ?, 'Free',"
		           " 'USD', 0)",
		           DB_TEXT(ids[0]), DB_TEXT(s->id));
	else if (r == DB_OK && *s->cost_amount)
		r = db_run(db,
		           "INSERT INTO hsds_cost_options (id, service_id,"
		           " option, currency, amount, amount_description)"
		           " VALUES (?, ?, 'Fee', 'USD', ?, ?)",
		           DB_TEXT(ids[0]), DB_TEXT(s->id),
		           DB_TEXT(s->cost_amount),
		           DB_TEXT(nz(s->fees_description)));
	return r;
}

static bool same_location(const struct dir_service *s,
                          const struct dir_service *o)
{
	return same(s->location_name, o->location_name) &&
	       same(s->address_1, o->address_1) &&
	       same(s->address_2, o->address_2) && same(s->city, o->city) &&
	       same(s->state_province, o->state_province) &&
	       same(s->postal_code, o->postal_code) &&
	       same(s->country, o->country) && same(s->latitude, o->latitude) &&
	       same(s->longitude, o->longitude) &&
	       same(s->transportation, o->transportation) &&
	       same(s->accessibility, o->accessibility);
}

static enum db_status save_location(struct db *db, struct arena *a,
                                    const struct dir_service *s)
{
	const char *loc = "";
	enum db_status r = db_one_text(
	    db, a,
	    "SELECT location_id FROM hsds_service_at_location WHERE"
	    " service_id = ? AND location_id IS NOT NULL ORDER BY id LIMIT 1",
	    &loc, DB_TEXT(s->id));
	if (r != DB_ROW && r != DB_DONE)
		return r;
	bool any = *s->location_name || *s->address_1 || *s->city ||
	           *s->latitude || *s->transportation || *s->accessibility;
	if (r == DB_DONE || !loc || !*loc) {
		if (!any)
			return DB_OK;
		char **ids = new_ids(a, 2);
		loc = ids[0];
		r = db_run(db,
		           "INSERT INTO hsds_locations (id, location_type,"
		           " organization_id) VALUES (?, 'physical', ?)",
		           DB_TEXT(loc), DB_TEXT(s->organization_id));
		if (r == DB_OK)
			r = db_run(db,
			           "INSERT INTO hsds_service_at_location (id,"
			           " service_id, location_id) VALUES (?, ?, ?)",
			           DB_TEXT(ids[1]), DB_TEXT(s->id),
			           DB_TEXT(loc));
		if (r != DB_OK)
			return r;
	}
	r = db_run(db,
	           "UPDATE hsds_locations SET name = ?, transportation = ?,"
	           " latitude = ?, longitude = ? WHERE id = ?",
	           DB_TEXT(nz(s->location_name)),
	           DB_TEXT(nz(s->transportation)), DB_TEXT(nz(s->latitude)),
	           DB_TEXT(nz(s->longitude)), DB_TEXT(loc));
	const char *addr = "";
	if (r == DB_OK)
		r = db_one_text(
		    db, a,
		    "SELECT id FROM hsds_addresses WHERE location_id"
		    " = ? ORDER BY CASE WHEN address_type ="
		    " 'physical' THEN 0 ELSE 1 END, id LIMIT 1",
		    &addr, DB_TEXT(loc));
	if (r == DB_ROW)
		r = *s->address_1
		        ? db_run(db,
		                 "UPDATE hsds_addresses SET address_1 = ?,"
		                 " address_2 = ?, city = ?, state_province = ?,"
		                 " postal_code = ?, country = ? WHERE id = ?",
		                 DB_TEXT(s->address_1),
		                 DB_TEXT(nz(s->address_2)), DB_TEXT(s->city),
		                 DB_TEXT(s->state_province),
		                 DB_TEXT(s->postal_code),
		                 DB_TEXT(*s->country ? s->country : "US"),
		                 DB_TEXT(addr))
		        : db_run(db, "DELETE FROM hsds_addresses WHERE id = ?",
		                 DB_TEXT(addr));
	else if (r == DB_DONE)
		r = !*s->address_1
		        ? DB_OK
		        : db_run(db,
		                 "INSERT INTO hsds_addresses (id, location_id,"
		                 " address_1, address_2, city, state_province,"
		                 " postal_code, country, address_type) VALUES"
		                 " (?, ?, ?, ?, ?, ?, ?, ?, 'physical')",
		                 DB_TEXT(new_ids(a, 1)[0]), DB_TEXT(loc),
		                 DB_TEXT(s->address_1),
		                 DB_TEXT(nz(s->address_2)), DB_TEXT(s->city),
		                 DB_TEXT(s->state_province),
		                 DB_TEXT(s->postal_code),
		                 DB_TEXT(*s->country ? s->country : "US"));
	if (r == DB_OK)
		r = db_run(
		    db, "DELETE FROM hsds_accessibility WHERE location_id = ?",
		    DB_TEXT(loc));
	if (r == DB_OK && *s->accessibility)
		r = db_run(db,
		           "INSERT INTO hsds_accessibility (id, location_id,"
		           " description) VALUES (?, ?, ?)",
		           DB_TEXT(new_ids(a, 1)[0]), DB_TEXT(loc),
		           DB_TEXT(s->accessibility));
	return r;
}

/* The term called name in Waypoint's own taxonomy, added (with the
 * taxonomy) when missing. */
static enum db_status category_term(struct db *db, struct arena *a,
                                    const char *name, const char **id)
{
	const char *tax = "";
	enum db_status r = db_one_text(
	    db, a,
	    "SELECT id FROM hsds_taxonomies WHERE name = ? ORDER BY id"
	    " LIMIT 1",
	    &tax, DB_TEXT(DIR_TAXONOMY_NAME));
	if (r == DB_DONE) {
		tax = new_ids(a, 1)[0];
		r = db_run(db,
		           "INSERT INTO hsds_taxonomies (id, name, description)"
		           " VALUES (?, ?, 'Categories kept by hand in"
		           " Waypoint.')",
		           DB_TEXT(tax), DB_TEXT(DIR_TAXONOMY_NAME));
		r = r == DB_OK ? DB_ROW : r;
	}
	if (r != DB_ROW)
		return r;
	r = db_one_text(db, a,
	                "SELECT id FROM hsds_taxonomy_terms WHERE taxonomy_id ="
	                " ? AND LOWER(name) = LOWER(?) ORDER BY id LIMIT 1",
	                id, DB_TEXT(tax), DB_TEXT(name));
	if (r == DB_ROW)
		return DB_OK;
	if (r != DB_DONE)
		return r;
	*id = new_ids(a, 1)[0];
	return db_run(db,
	              "INSERT INTO hsds_taxonomy_terms (id, name, description,"
	              " taxonomy, taxonomy_id) VALUES (?, ?, '', ?, ?)",
	              DB_TEXT(*id), DB_TEXT(name), DB_TEXT(DIR_TAXONOMY_NAME),
	              DB_TEXT(tax));
}

static bool same_terms(const struct dir_service *s, const struct dir_service *o)
{
	if (s->nterms != o->nterms)
		return false;
	for (int i = 0; i < s->nterms; i++) {
		bool found = false;
		for (int j = 0; j < o->nterms && !found; j++)
			found = !strcmp(s->terms[i], o->terms[j]);
		if (!found)
			return false;
	}
	return true;
}

static enum db_status save_terms(struct db *db, struct arena *a,
                                 struct dir_service *s,
                                 const struct dir_service *old)
{
	if (*s->new_category && s->nterms < DIR_TERMS_MAX) {
		const char *id;
		enum db_status r = category_term(db, a, s->new_category, &id);
		if (r != DB_OK)
			return r;
		bool have = false;
		for (int i = 0; i < s->nterms; i++)
			have |= !strcmp(s->terms[i], id);
		if (!have)
			s->terms[s->nterms++] = id;
	}
	if (old && same_terms(s, old))
		return DB_OK;
	enum db_status r =
	    db_run(db,
	           "DELETE FROM hsds_attributes WHERE link_id = ? AND"
	           " taxonomy_term_id IS NOT NULL",
	           DB_TEXT(s->id));
	char **ids = new_ids(a, s->nterms);
	for (int i = 0; i < s->nterms && r == DB_OK; i++)
		r = db_run(db,
		           "INSERT INTO hsds_attributes (id, link_id,"
		           " taxonomy_term_id, link_type, link_entity) VALUES"
		           " (?, ?, ?, 'service', 'service')",
		           DB_TEXT(ids[i]), DB_TEXT(s->id),
		           DB_TEXT(s->terms[i]));
	return r;
}

enum db_status dir_parts_save(struct db *db, struct arena *a,
                              struct dir_service *s,
                              const struct dir_service *old)
{
	enum db_status r = DB_OK;
	if (!old || !same(s->phone, old->phone) ||
	    !same(s->phone_description, old->phone_description) ||
	    !same(s->phone_2, old->phone_2) ||
	    !same(s->phone_2_description, old->phone_2_description))
		r = save_phones(db, a, s);
	bool hours = !old || !same(s->hours_note, old->hours_note);
	for (int i = 0; old && i < DIR_DAYS; i++)
		hours |= !same(s->opens[i], old->opens[i]) ||
		         !same(s->closes[i], old->closes[i]);
	if (r == DB_OK && hours)
		r = save_hours(db, a, s);
	if (r == DB_OK && (!old || !same(s->languages, old->languages)))
		r = save_list(db, a, s, 0);
	if (r == DB_OK &&
	    (!old || !same(s->required_documents, old->required_documents)))
		r = save_list(db, a, s, 1);
	if (r == DB_OK && (!old || !same(s->service_areas, old->service_areas)))
		r = save_list(db, a, s, 2);
	if (r == DB_OK && (!old || s->free != old->free ||
	                   !same(s->cost_amount, old->cost_amount) ||
	                   (*s->cost_amount &&
	                    !same(s->fees_description, old->fees_description))))
		r = save_cost(db, a, s);
	if (r == DB_OK && (!old || !same_location(s, old)))
		r = save_location(db, a, s);
	if (r == DB_OK)
		r = save_terms(db, a, s, old);
	return r;
}
