/* db_table.h — statements over tables described at run time.
 *
 * The HSDS directory (features/resources/hsds_tables.h) is a description
 * of tables and columns that import and export walk, rather than SQL
 * written out per table.  SQL may only be a literal (db.h), so the few
 * statement shapes they need are built here, in the store: every name
 * is checked to be an identifier ([a-z_][a-z0-9_]*, so no value can
 * reach SQL text) and double-quoted, values are always bound.  Each
 * statement's text is made once and kept for the process (a
 * connection's statement cache keeps the pointer); the first column is
 * the table's primary key, "id". */
#ifndef WAYPOINT_DB_TABLE_H
#define WAYPOINT_DB_TABLE_H

#include "db.h"

#include <stdbool.h>

struct db_table {
	const char *table;
	const char *const *columns; /* columns[0] is "id" */
	int ncolumns;
	/* a bit per column: on update keep the stored value when the new
	 * one is NULL (COALESCE) */
	unsigned long long keep_if_null;
};

/* INSERT … VALUES (…) × rows ON CONFLICT (id) DO UPDATE: bind the rows'
 * columns one after the other (1..ncolumns × rows).  Ids must differ
 * within one statement.  Many rows a statement save PostgreSQL a round
 * trip each. */
struct db_stmt *db_table_upsert(struct db *db, const struct db_table *t,
                                int rows);

/* INSERT … VALUES (…) × rows ON CONFLICT DO NOTHING (t->keep_if_null
 * unused). */
struct db_stmt *db_table_insert_new(struct db *db, const struct db_table *t,
                                    int rows);

/* SELECT columns FROM table ORDER BY id. */
struct db_stmt *db_table_select(struct db *db, const struct db_table *t);

/* SELECT 1 FROM table WHERE id = ?. */
struct db_stmt *db_table_exists(struct db *db, const char *table);

/* SELECT 1 FROM table LIMIT 1: whether it has any row. */
struct db_stmt *db_table_any(struct db *db, const char *table);

/* DELETE FROM table WHERE column IN (SELECT id FROM keep WHERE kind = ?1)
 * AND id NOT IN (SELECT id FROM keep WHERE kind = ?2): the rows of a
 * parent's list that a new copy of the list no longer holds. */
struct db_stmt *db_table_delete_unkept(struct db *db, const char *table,
                                       const char *column, const char *keep);

/* Before and after writing many rows in one transaction: on SQLite, a
 * page cache large enough that the transaction's pages are written once,
 * at commit, rather than spilled and rewritten (up to 1 GiB, used only
 * as needed); back to the usual afterwards.  Nothing on PostgreSQL. */
void db_table_bulk(struct db *db, bool on);

#endif
