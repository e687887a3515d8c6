/* hsds_export.h — writing the directory as HSDS 3.0 (issue 23, 3).
 *
 * Two forms, both from the table description (hsds_tables.h): the JSON
 * form, each record with the records it nests as in the standard's
 * examples (service_full.json, organization_full.json), and the tabular
 * data package, datapackage.json and one CSV file per table.  A record
 * nests the lists of every table that points at it (its phones, its
 * service_at_locations…) and the parents of hsds_json_objects (a
 * service's organization), never a table already above it. */
#ifndef WAYPOINT_HSDS_EXPORT_H
#define WAYPOINT_HSDS_EXPORT_H

#include "../../auth/audit.h"
#include "../../core/buf.h"
#include "../../store/db.h"

#include <stddef.h>

/* A single object nested in place of a reference: table.column → property. */
struct hsds_json_object {
	const char *table, *column, *property;
};
extern const struct hsds_json_object hsds_json_objects[];
extern const int hsds_json_object_count;

/* The JSON property of a table's list ("service_at_locations"). */
const char *hsds_json_list_name(int t);
/* The column of child table c that links it to parent table p, or -1. */
int hsds_json_link(int c, int p);

/* A number's shortest text that reads back the same. */
void hsds_number_text(double v, char *out, size_t n);

/* The tables whose records are the roots of the JSON export, each the
 * file <name>.json: services, organizations… */
extern const char *const hsds_json_roots[];
extern const int hsds_json_root_count;

struct hsds_export;

/* Reads the whole directory (one statement per table).  NULL when the
 * database failed. */
struct hsds_export *hsds_export_load(struct db *db);
void hsds_export_free(struct hsds_export *x);

/* A JSON list of every record of table (by name) as a root, nested. */
void hsds_export_json_list(struct buf *b, const struct hsds_export *x,
                           const char *table);
/* One table as CSV, header first. */
void hsds_export_csv(struct buf *b, const struct hsds_export *x, int table);
/* datapackage.json describing the CSV files. */
void hsds_export_datapackage(struct buf *b);

/* Writes both forms into dir (made if missing).  0, or -1 with err.
 * Audited as "export" of "directory". */
int hsds_export_dir(struct db *db, const struct actor *who, const char *dir,
                    long *records, char *err, size_t errlen);

#endif
