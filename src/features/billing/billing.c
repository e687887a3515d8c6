/* billing.c — see billing.h. */
#include "billing.h"
#include "../../web/csv.h"
#include "../programs/program.h"

#include <string.h>

enum db_status billing_of(struct db *db, struct arena *a,
                          const struct contact *c, const char **code,
                          int *units)
{
	*code = "";
	*units = 0;
	const struct contact_kind *k = contact_kind_find(c->kind);
	if (!k || !k->billable)
		return DB_OK;
	struct db_stmt *st = db_prepare(
	    db,
	    "SELECT p.unit_rounding, COALESCE((SELECT code FROM service_codes"
	    " WHERE kind = ?), '" BILLING_DEFAULT_CODE "') FROM teams t"
	    " JOIN programs p ON p.id = t.program_id WHERE t.id = ?");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, c->kind);
	db_bind_int(st, 2, c->team_id);
	enum db_status s = db_step(st);
	if (s == DB_ROW) {
		*code = arena_strdup(a, db_column_text(st, 1));
		if (contact_billable(c))
			*units = billing_units(
			    db_column_text(st, 0),
			    contact_minutes(c->starts_at, c->ends_at));
	}
	db_done(st);
	return s == DB_ROW || s == DB_DONE ? DB_OK : s;
}

enum db_status billing_csv(struct db *db, int64_t program_id, const char *from,
                           const char *to, struct buf *out, int *rows)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT c.kind, c.contact_on, c.starts_at, c.ends_at,"
	        " c.location, c.goals, c.did_together, c.state,"
	        " c.cosign_state, p.record_number, p.legal_name, u.name,"
	        " g.unit_rounding, COALESCE((SELECT code FROM service_codes s"
	        " WHERE s.kind = c.kind), '" BILLING_DEFAULT_CODE "'), c.id"
	        " FROM contacts c JOIN teams t ON t.id = c.team_id"
	        " JOIN programs g ON g.id = t.program_id"
	        " JOIN persons p ON p.id = c.person_id"
	        " JOIN users u ON u.id = c.staff_id"
	        " WHERE t.program_id = ? AND c.contact_on BETWEEN ? AND ?"
	        " AND c.state = 'signed' ORDER BY c.contact_on, c.id");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, program_id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	csv_header(out, "date,record_number,person,staff,kind,service_code,"
	                "start,end,minutes,units,contact_id");
	*rows = 0;
	enum db_status s;
	while ((s = db_step(st)) == DB_ROW) {
		struct contact c = {.kind = db_column_text(st, 0),
		                    .contact_on = db_column_text(st, 1),
		                    .starts_at = db_column_text(st, 2),
		                    .ends_at = db_column_text(st, 3),
		                    .location = db_column_text(st, 4),
		                    .goals = db_column_text(st, 5),
		                    .did_together = db_column_text(st, 6),
		                    .state = db_column_text(st, 7),
		                    .cosign_state = db_column_text(st, 8)};
		int minutes = contact_minutes(c.starts_at, c.ends_at);
		int units = billing_units(db_column_text(st, 12), minutes);
		if (!contact_billable(&c) || units <= 0)
			continue;
		const char *const fields[] = {c.contact_on,
		                              db_column_text(st, 9),
		                              db_column_text(st, 10),
		                              db_column_text(st, 11),
		                              c.kind,
		                              db_column_text(st, 13),
		                              c.starts_at,
		                              c.ends_at};
		for (int i = 0; i < 8; i++)
			csv_text(out, fields[i]);
		csv_int(out, minutes);
		csv_int(out, units);
		csv_int(out, db_column_int(st, 14));
		csv_row_end(out);
		(*rows)++;
	}
	db_done(st);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status billing_set_code(struct db *db, const char *kind,
                                const char *code)
{
	struct db_stmt *st = db_prepare(
	    db, "INSERT INTO service_codes (kind, code) VALUES (?, ?)"
	        " ON CONFLICT (kind) DO UPDATE SET code = excluded.code");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, kind);
	db_bind_text(st, 2, code);
	enum db_status s = db_step(st);
	db_done(st);
	return s == DB_DONE ? DB_OK : s;
}

bool billing_code_ok(const char *code)
{
	bool ok = *code && strlen(code) <= 12;
	for (const char *c = code; ok && *c; c++)
		ok = (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		     *c == '-';
	return ok;
}

enum db_status billing_code(struct db *db, struct arena *a, const char *kind,
                            const char **code)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT COALESCE((SELECT code FROM service_codes WHERE kind ="
	        " ?), '" BILLING_DEFAULT_CODE "')");
	if (!st)
		return db_last_status(db);
	db_bind_text(st, 1, kind);
	enum db_status s = db_step(st);
	if (s == DB_ROW)
		*code = arena_strdup(a, db_column_text(st, 0));
	db_done(st);
	return s == DB_ROW ? DB_OK : s;
}
