/* directory_hsds_json.c — a service as the HSDS 3.0 service object
 * (schema/service.json): its own columns, the organization, phones,
 * schedules, service areas, service-at-locations each with its location
 * (addresses, phones, accessibility, languages, schedules), languages,
 * funding, cost options, program, required documents, contacts and
 * attributes with their taxonomy terms; Waypoint's recovery_friendly and
 * peer_run beside them (the schema allows more members). */
#include "directory_view.h"

#include "../../web/json.h"
#include "hsds_tables.h"

#include <stdlib.h>
#include <string.h>

/* Writes the columns of the row st is on (SELECT * of the table t), as
 * members of an object already begun; NULL columns are left out. */
static void columns(struct buf *b, struct db_stmt *st, const char *table)
{
	const struct hsds_table *t = hsds_table_named(table);
	for (size_t i = 0; i < t->ncolumns; i++) {
		int col = (int)i;
		if (db_column_null(st, col))
			continue;
		const char *v = db_column_text(st, col);
		if (t->columns[i].type == HSDS_NUMBER) {
			json_field(b, t->columns[i].name);
			buf_printf(b, "%.15g", strtod(v, NULL));
		} else {
			json_field_text(b, t->columns[i].name, v);
		}
	}
}

/* "member":[rows of st…] where each row is the table's object. */
static bool rows(struct db *db, struct buf *b, const char *member,
                 const char *table, struct db_stmt *st)
{
	json_field(b, member);
	json_raw(b, "[");
	for (int n = 0; db_row(st); n++) {
		if (n)
			json_raw(b, ",");
		json_object_begin(b);
		columns(b, st, table);
		json_object_end(b);
	}
	json_raw(b, "]");
	return db_end(db, st) == DB_DONE;
}

static bool one(struct db *db, struct buf *b, const char *member,
                const char *table, struct db_stmt *st)
{
	bool found = db_row(st);
	if (found) {
		json_field(b, member);
		json_object_begin(b);
		columns(b, st, table);
		json_object_end(b);
	}
	return db_end(db, st) == DB_DONE;
}

/* The location of a service-at-location, with its parts. */
static bool location(struct db *db, struct buf *b, const char *id)
{
	struct db_stmt *st = db_query(
	    db, "SELECT * FROM hsds_locations WHERE id = ?", DB_TEXT(id));
	if (!db_row(st))
		return db_end(db, st) == DB_DONE;
	json_field(b, "location");
	json_object_begin(b);
	columns(b, st, "locations");
	if (db_end(db, st) != DB_DONE)
		return false;
	bool ok =
	    rows(db, b, "addresses", "addresses",
	         db_query(db,
	                  "SELECT * FROM hsds_addresses WHERE location_id = ?"
	                  " ORDER BY id",
	                  DB_TEXT(id))) &&
	    rows(db, b, "phones", "phones",
	         db_query(db,
	                  "SELECT * FROM hsds_phones WHERE location_id = ?"
	                  " ORDER BY id",
	                  DB_TEXT(id))) &&
	    rows(db, b, "accessibility", "accessibility",
	         db_query(db,
	                  "SELECT * FROM hsds_accessibility WHERE"
	                  " location_id = ? ORDER BY id",
	                  DB_TEXT(id))) &&
	    rows(db, b, "languages", "languages",
	         db_query(db,
	                  "SELECT * FROM hsds_languages WHERE location_id = ?"
	                  " ORDER BY id",
	                  DB_TEXT(id))) &&
	    rows(db, b, "schedules", "schedules",
	         db_query(db,
	                  "SELECT * FROM hsds_schedules WHERE location_id = ?"
	                  " ORDER BY id",
	                  DB_TEXT(id)));
	json_object_end(b);
	return ok;
}

static bool at_locations(struct db *db, struct arena *a, struct buf *b,
                         const char *id)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT id, COALESCE(location_id, '') FROM"
	    " hsds_service_at_location WHERE service_id = ? ORDER BY id",
	    DB_TEXT(id));
	int n = 0, room = 0;
	const char **ids = NULL, **locs = NULL;
	int m = 0, room2 = 0;
	while (db_row(st)) {
		*ARENA_NEXT(a, ids, n, room) = db_column_dup(st, a, 0);
		*ARENA_NEXT(a, locs, m, room2) = db_column_dup(st, a, 1);
	}
	if (db_end(db, st) != DB_DONE)
		return false;
	json_field(b, "service_at_locations");
	json_raw(b, "[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(b, ",");
		st =
		    db_query(db,
		             "SELECT * FROM hsds_service_at_location WHERE id ="
		             " ?",
		             DB_TEXT(ids[i]));
		json_object_begin(b);
		if (db_row(st))
			columns(b, st, "service_at_location");
		if (db_end(db, st) != DB_DONE ||
		    (*locs[i] && !location(db, b, locs[i])))
			return false;
		json_object_end(b);
	}
	json_raw(b, "]");
	return true;
}

static bool attributes(struct db *db, struct arena *a, struct buf *b,
                       const char *id)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT id, COALESCE(taxonomy_term_id, '') FROM hsds_attributes"
	    " WHERE link_id = ? ORDER BY id",
	    DB_TEXT(id));
	int n = 0, room = 0, m = 0, room2 = 0;
	const char **ids = NULL, **terms = NULL;
	while (db_row(st)) {
		*ARENA_NEXT(a, ids, n, room) = db_column_dup(st, a, 0);
		*ARENA_NEXT(a, terms, m, room2) = db_column_dup(st, a, 1);
	}
	if (db_end(db, st) != DB_DONE)
		return false;
	json_field(b, "attributes");
	json_raw(b, "[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		st = db_query(db, "SELECT * FROM hsds_attributes WHERE id = ?",
		              DB_TEXT(ids[i]));
		if (db_row(st))
			columns(b, st, "attributes");
		if (db_end(db, st) != DB_DONE)
			return false;
		if (*terms[i] &&
		    !one(db, b, "taxonomy_term", "taxonomy_terms",
		         db_query(
		             db,
		             "SELECT * FROM hsds_taxonomy_terms WHERE id = ?",
		             DB_TEXT(terms[i]))))
			return false;
		json_object_end(b);
	}
	json_raw(b, "]");
	return true;
}

bool dir_service_hsds_json(struct db *db, struct arena *a, struct buf *b,
                           const char *id)
{
	struct db_stmt *st = db_query(
	    db, "SELECT * FROM hsds_services WHERE id = ?", DB_TEXT(id));
	if (!db_row(st)) {
		db_end(db, st);
		return false;
	}
	json_object_begin(b);
	columns(b, st, "services");
	json_field_bool(b, "recovery_friendly", db_column_bool(st, 23));
	json_field_bool(b, "peer_run", db_column_bool(st, 24));
	const char *org = db_column_dup(st, a, 1);
	const char *program = db_column_dup(st, a, 2);
	if (db_end(db, st) != DB_DONE)
		return false;
	bool ok =
	    one(db, b, "organization", "organizations",
	        db_query(db, "SELECT * FROM hsds_organizations WHERE id = ?",
	                 DB_TEXT(org))) &&
	    (!*program ||
	     one(db, b, "program", "programs",
	         db_query(db, "SELECT * FROM hsds_programs WHERE id = ?",
	                  DB_TEXT(program)))) &&
	    rows(db, b, "phones", "phones",
	         db_query(db,
	                  "SELECT * FROM hsds_phones WHERE service_id = ?"
	                  " ORDER BY id",
	                  DB_TEXT(id))) &&
	    rows(db, b, "schedules", "schedules",
	         db_query(db,
	                  "SELECT * FROM hsds_schedules WHERE service_id = ?"
	                  " ORDER BY id",
	                  DB_TEXT(id))) &&
	    rows(db, b, "service_areas", "service_areas",
	         db_query(db,
	                  "SELECT * FROM hsds_service_areas WHERE service_id"
	                  " = ? ORDER BY id",
	                  DB_TEXT(id))) &&
	    at_locations(db, a, b, id) &&
	    rows(db, b, "languages", "languages",
	         db_query(db,
	                  "SELECT * FROM hsds_languages WHERE service_id = ?"
	                  " ORDER BY id",
	                  DB_TEXT(id))) &&
	    rows(db, b, "funding", "funding",
	         db_query(db,
	                  "SELECT * FROM hsds_funding WHERE service_id = ?"
	                  " ORDER BY id",
	                  DB_TEXT(id))) &&
	    rows(db, b, "cost_options", "cost_options",
	         db_query(db,
	                  "SELECT * FROM hsds_cost_options WHERE service_id ="
	                  " ? ORDER BY id",
	                  DB_TEXT(id))) &&
	    rows(db, b, "required_documents", "required_documents",
	         db_query(db,
	                  "SELECT * FROM hsds_required_documents WHERE"
	                  " service_id = ? ORDER BY id",
	                  DB_TEXT(id))) &&
	    rows(db, b, "contacts", "contacts",
	         db_query(db,
	                  "SELECT * FROM hsds_contacts WHERE service_id = ?"
	                  " ORDER BY id",
	                  DB_TEXT(id))) &&
	    attributes(db, a, b, id);
	json_object_end(b);
	return ok;
}
