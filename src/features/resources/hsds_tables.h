/* hsds_tables.h — the HSDS 3.0 tables Waypoint keeps, described once.
 *
 * The directory lives in HSDS 3.0's own tables (migration 26,
 * store/migrations_resources.c): hsds_<name> for each table of the
 * standard's tabular form, with its columns in the standard's order.
 * Import, export and anything else that walks every table or column
 * reads this description instead of repeating the names; it and the
 * migration change together.
 *
 * Build SQL from it with every column name double-quoted: one of them
 * ("interval") is a keyword in PostgreSQL. */
#ifndef WAYPOINT_HSDS_TABLES_H
#define WAYPOINT_HSDS_TABLES_H

#include <stddef.h>

enum hsds_type {
	HSDS_ID,     /* the record's own id (a UUID), the primary key */
	HSDS_REF,    /* the id of a parent record in another table */
	HSDS_TEXT,   /* a string, stored as written (dates and times too) */
	HSDS_NUMBER, /* the schema's "number": stored DOUBLE PRECISION */
};

struct hsds_column {
	const char *name;
	enum hsds_type type;
};

struct hsds_table {
	const char *name;   /* the tabular form's name: its CSV file's stem */
	const char *sql;    /* Waypoint's table */
	const char *schema; /* reference/hsds-3.0/schema/<schema>.json */
	const struct hsds_column *columns;
	size_t ncolumns;
};

/* Parents before children: the order to insert in (and, reversed, to
 * delete in). */
extern const struct hsds_table hsds_tables[];
extern const size_t hsds_table_count;

/* The table by its tabular name ("services"), or NULL. */
const struct hsds_table *hsds_table_named(const char *name);

/* A new record's id: a random (version 4) UUID, lower case, for a record
 * made in Waypoint rather than imported. */
void hsds_new_id(char out[37]);

#endif
