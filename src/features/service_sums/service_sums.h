/* service_sums.h — the service report's summaries (issue 26, migration
 * 27), kept beside service_facts (notes/service_facts.h) in the same
 * transaction: one row of service_sums per (team, span, start, staff
 * member, kind, place, counted), for spans of a day, a week (Monday to
 * Sunday) and a month, with the contacts (every kind, drop-ins too: the
 * kind tells them apart), minutes and units summed, and the persons seen
 * in it as a list "id:n,id:n" (n: how many of the cell's contacts are
 * that person's; drop-ins with no person are not listed).
 *
 * So a service report (reports/service_report.c) reads a period as whole
 * months (or whole weeks, grouped by week) and the days at its ends, a
 * few thousand rows where service_facts holds millions, and counts
 * persons served by taking the union of the cells' lists: exact in every
 * grouping, whatever the period.
 *
 * Its own folder, below notes and people, since both change its rows:
 * the notes when a contact's countable state changes, a merge when it
 * moves contacts to another person. */
#ifndef WAYPOINT_SERVICE_SUMS_H
#define WAYPOINT_SERVICE_SUMS_H

#include "../../store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* A contact as a row of service_facts, as the summaries count it. */
struct service_fact {
	int64_t team_id, staff_id;
	int64_t person_id; /* 0: a drop-in with no person */
	char contact_on[11];
	char kind[64], place[64];
	int64_t minutes, units;
	bool counted;
};

/* service_sums_add adds f to its day's, week's and month's cells (sign
 * 1), or takes it out (sign -1; a cell left with no contact goes).
 * Inside the caller's transaction.  DB_OK. */
enum db_status service_sums_add(struct db *db, const struct service_fact *f,
                                int sign);

/* service_sums_fact_read reads contact id's row of service_facts into
 * *f: DB_ROW, DB_DONE when it has none, or the error. */
enum db_status service_sums_fact_read(struct db *db, int64_t id,
                                      struct service_fact *f);

/* service_sums_person_follow: after a merge (or its undoing) moved
 * contacts to person, their service_facts rows and the summaries name
 * person too.  DB_OK. */
enum db_status service_sums_person_follow(struct db *db, int64_t person);

/* service_week_of: the Monday of date's week (YYYY-MM-DD). */
void service_week_of(const char *date, char out[11]);

/* service_month_of: the first day of date's month. */
void service_month_of(const char *date, char out[11]);

#endif
