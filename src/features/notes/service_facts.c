/* service_facts.c — see service_facts.h. */
#include "service_facts.h"
#include "../programs/program.h"
#include "../cosign/cosign.h"
#include "contact.h"

#include <stdio.h>
#include <string.h>

enum db_status service_fact_sync(struct db *db, struct arena *a, int64_t id)
{
	/* the row as it was leaves the summaries, the row as it is joins
	 * them (service_sums.h) */
	struct service_fact was;
	enum db_status s = service_sums_fact_read(db, id, &was);
	if (s == DB_ROW)
		s = service_sums_add(db, &was, -1);
	else if (s == DB_DONE)
		s = DB_OK;
	if (s != DB_OK)
		return s;
	s = db_run(db, "DELETE FROM service_facts WHERE contact_id = ?",
	           DB_INT(id));
	if (s != DB_OK)
		return s;
	struct db_stmt *st = db_query(
	    db,
	    "SELECT c.kind, c.contact_on, c.starts_at, c.ends_at, c.location,"
	    " c.goals, c.did_together, c.state, c.cosign_state,"
	    " COALESCE(" PROGRAM_RULE_AT_SQL(
	        "t.program_id", "c.signed_at") ", g.unit_rounding),"
	                                       " c.team_id, c.staff_id,"
	                                       " c.person_id FROM contacts c"
	                                       " JOIN teams t ON t.id ="
	                                       " c.team_id JOIN programs g"
	                                       " ON g.id = t.program_id"
	                                       " WHERE c.id = ?",
	    DB_INT(id));
	if (db_row(st)) {
		struct contact c = {.kind = db_column_dup(st, a, 0),
		                    .contact_on = db_column_dup(st, a, 1),
		                    .starts_at = db_column_dup(st, a, 2),
		                    .ends_at = db_column_dup(st, a, 3),
		                    .location = db_column_dup(st, a, 4),
		                    .goals = db_column_dup(st, a, 5),
		                    .did_together = db_column_dup(st, a, 6),
		                    .state = db_column_dup(st, a, 7),
		                    .cosign_state = db_column_dup(st, a, 8),
		                    .team_id = db_column_int(st, 10),
		                    .staff_id = db_column_int(st, 11),
		                    .person_id = db_column_int(st, 12)};
		const char *rule = db_column_dup(st, a, 9);
		s = db_end(db, st);
		if (s != DB_DONE)
			return s;
		/* the same decision as the note's page and the billing CSV
		 * (a draft: what it would bill signed, as its preview) */
		struct contact_bill bill;
		contact_bill_from(&c, rule, "", UNBILLED_SIGNING, &bill);
		bool counted = !strcmp(c.state, "signed") &&
		               cosign_settled(c.cosign_state);
		char week[11];
		service_week_of(c.contact_on, week);
		s = db_run(db,
		           "INSERT INTO service_facts (team_id, contact_on,"
		           " contact_id, staff_id, person_id, week_on, kind,"
		           " place, minutes, units, counted) VALUES (?, ?, ?,"
		           " ?, ?, ?, ?, ?, ?, ?, ?)",
		           DB_INT(c.team_id), DB_TEXT(c.contact_on), DB_INT(id),
		           DB_INT(c.staff_id), DB_ID_OR_NULL(c.person_id),
		           DB_TEXT(week), DB_TEXT(c.kind), DB_TEXT(c.location),
		           DB_INT(bill.minutes > 0 ? bill.minutes : 0),
		           DB_INT(bill.units), DB_BOOL(counted));
		if (s != DB_OK)
			return s;
		struct service_fact now = {
		    .team_id = c.team_id,
		    .staff_id = c.staff_id,
		    .person_id = c.person_id,
		    .minutes = bill.minutes > 0 ? bill.minutes : 0,
		    .units = bill.units,
		    .counted = counted};
		snprintf(now.contact_on, sizeof now.contact_on, "%s",
		         c.contact_on);
		snprintf(now.kind, sizeof now.kind, "%s", c.kind);
		snprintf(now.place, sizeof now.place, "%s", c.location);
		return service_sums_add(db, &now, 1);
	}
	s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}
