/* migrations.h — the numbered schema migrations, embedded in the binary.
 *
 * Migrations are append-only: a released migration is never edited; a change
 * is a new entry.  Token {{ID}} is the driver's identity primary key column. */
#ifndef WAYPOINT_MIGRATIONS_H
#define WAYPOINT_MIGRATIONS_H

#include "db.h"

struct migration {
	int version; /* 1, 2, 3… in order, no gaps */
	const char *name;
	const char *sql;          /* both databases, or NULL */
	const char *sqlite_sql;   /* then this on SQLite only, or NULL */
	const char *postgres_sql; /* then this on PostgreSQL only, or NULL */
};

/* The steps live in files of a few hundred lines: migrations.c has steps
 * 1 to 15, migrations_later.c the rest.  migration_at(i) is step i + 1
 * across both, for i below migration_count(). */
extern const struct migration migrations_first[], migrations_later[];
extern const int migrations_first_count, migrations_later_count;
/* Step 26's statements (migrations_resources.c, for their length). */
extern const char migration_resources_sql[], migration_resources_sqlite[],
    migration_resources_postgres[];
const struct migration *migration_at(int i);
int migration_count(void);

/* migrate_check_order returns -1 when versions run from first on without
 * gap or repeat, else the index of the first entry out of order. */
int migrate_check_order(const struct migration *list, int count, int first);

/* What migrate_apply_to did: the version the database was at (-1 if it
 * could not be read), how many steps it applied, and the version of the
 * step that failed (0 when none did). */
struct migrate_report {
	int from, applied, failed;
};

/* migrate_apply_to applies the steps after the schema's version up to
 * target (0 to migrate_latest(); a schema already there or beyond is left
 * alone), all in one transaction: when any step fails, none is applied
 * and the database is left at report->from, exactly as it was.  So a step
 * may hold only statements that run inside a transaction on both
 * databases (not PostgreSQL's CREATE INDEX CONCURRENTLY, nor VACUUM).
 * Returns DB_OK, DB_ERROR for a target out of range, or the error. */
enum db_status migrate_apply_to(struct db *db, int target,
                                struct migrate_report *report);

/* migrate_apply brings the schema up to date (migrate_apply_to the
 * latest).  Returns DB_OK (and how many were applied through *applied) or
 * the error. */
enum db_status migrate_apply(struct db *db, int *applied);

/* migrate_current reads the schema's version (0 when empty). */
enum db_status migrate_current(struct db *db, int *version);

/* migrate_latest is the version this binary expects. */
int migrate_latest(void);

#endif
