/* hsds_import.h — reading HSDS 3.0 into the directory (issue 23, 3).
 *
 * An import gathers records from files (the JSON forms: a service, an
 * organization, a service_at_location, a location, a taxonomy or term,
 * a list of them, a paginated {"contents": […]}, an object of lists by
 * table name, tabular.json's {"<table>.csv": [rows]}; or the tabular
 * data package: a directory of CSV files, one per table, named by
 * datapackage.json or by the tables' names), checks all of them, and
 * writes them in one transaction or not at all:
 *
 *  - a record is upserted by its HSDS id: importing an updated export
 *    updates, never duplicates;
 *  - a list given anew replaces the old one: a JSON object's array
 *    (a service's "phones") and, in a data package, a table's CSV file
 *    for every parent record in the package; children the new copy no
 *    longer holds are removed; a list not given (no such array, no such
 *    file) leaves the stored one as it is;
 *  - every problem is listed with its file, row or JSON path and field;
 *    with any problem nothing is written.  A link that points at nothing
 *    is a problem where it is what the record is about (a service's
 *    organization, a service_at_location's service and location, an
 *    attribute's taxonomy term) or the record's only parent; any other
 *    (a contact's second parent) is left out with a warning.
 *
 * hsds_import_commit calls resource_index_all once and records the import
 * in the audit log (action "import", entity "directory"). */
#ifndef WAYPOINT_HSDS_IMPORT_H
#define WAYPOINT_HSDS_IMPORT_H

#include "../../auth/audit.h"
#include "../../store/db.h"

#include <jansson.h>
#include <stdbool.h>

enum { HSDS_FILE_MAX = 50 * 1024 * 1024 }; /* bytes: larger is refused */

struct hsds_problem {
	const char *file;    /* "services.csv", "body", … */
	const char *where;   /* "row 3", "$.contents[0].phones[1]", "" */
	const char *field;   /* the column or property, "" for none */
	const char *message; /* what is wrong */
	bool warning;        /* imported anyway (a link left out) */
};

struct hsds_import;

struct hsds_import *hsds_import_new(void);
void hsds_import_free(struct hsds_import *im);

/* Reads a JSON file or a data package directory. */
void hsds_import_path(struct hsds_import *im, const char *path);

/* Reads a parsed JSON document (file names it in problems). */
void hsds_import_json(struct hsds_import *im, json_t *root, const char *file);

/* The problems and warnings found so far (at most the first 500 kept);
 * count is all the problems (warnings do not stop an import). */
const struct hsds_problem *hsds_import_problems(const struct hsds_import *im,
                                                int *kept, int *count);

/* Checks the references and writes everything in one transaction.
 * DB_OK: *records written.  DB_CONSTRAINT: problems were found (see
 * hsds_import_problems), nothing written.  Other: the database failed.
 * Either way the attempt is audited, as "import" of "directory". */
enum db_status hsds_import_commit(struct db *db, struct hsds_import *im,
                                  const struct actor *who, const char *source,
                                  long *records);

#endif
