/* service_facts.h — what a service report counts (issue 26), kept with
 * the note: one row of service_facts per counted contact — signed, and
 * co-signed when a trainee's — with its team, date, week, staff member,
 * person, kind, place, minutes and the billable units the billing export
 * bills it (contact_bill_from, under the rule in force when it was
 * signed).  Written in the transaction that saves, signs, co-signs or returns
 * the contact, with its summaries (service_sums.h), so a report
 * (reports/service_report.c) reads a year of a program from a few
 * thousand summary rows without computing anything per note. */
#ifndef WAYPOINT_SERVICE_FACTS_H
#define WAYPOINT_SERVICE_FACTS_H

#include "../../core/arena.h"
#include "../../store/db.h"
#include "../service_sums/service_sums.h"

#include <stdint.h>

/* service_fact_sync makes contact id's row what the contact is now
 * (counted or not).  DB_OK. */
enum db_status service_fact_sync(struct db *db, struct arena *a, int64_t id);

#endif
