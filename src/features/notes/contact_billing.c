/* contact_billing.c — what one contact bills, shown with the note and in
 * its API answer.  Here, with the note, rather than in billing/ (the
 * export and the service codes), which reads notes: the code and units
 * of a note are part of the note. */
#include "contact.h"
#include "../programs/program.h"

enum db_status billing_of(struct db *db, struct arena *a,
                          const struct contact *c, const char **code,
                          int *units)
{
	*code = "";
	*units = 0;
	const struct contact_kind *k = contact_kind_find(c->kind);
	if (!k || !k->billable)
		return DB_OK;
	/* the rule the note was signed under (program_update keeps the
	 * history), the program's code for its kind */
	struct db_stmt *st = db_query(
	    db,
	    "SELECT COALESCE(" PROGRAM_RULE_AT_SQL(
	        "p.id", "?") ","
	                     " p.unit_rounding), " BILLING_CODE_SQL(
	                         "p.id", "?") " FROM teams t"
	                                      " JOIN programs p ON p.id = "
	                                      "t.program_id WHERE t.id = ?",
	    c->signed_at && *c->signed_at ? DB_TEXT(c->signed_at) : DB_NULL,
	    DB_TEXT(c->kind), DB_TEXT(c->kind), DB_INT(c->team_id));
	if (db_row(st)) {
		*code = db_column_dup(st, a, 1);
		if (contact_billable(c))
			*units = billing_units(
			    db_column_text(st, 0),
			    contact_minutes(c->starts_at, c->ends_at));
	}
	enum db_status s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}
