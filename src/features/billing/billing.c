/* billing.c — see billing.h. */
#include "billing.h"
#include "../../web/csv.h"
#include "../programs/program.h"
#include "../workforce/credential.h"

#include <string.h>

enum db_status billing_csv(struct db *db, struct arena *a, int64_t program_id,
                           const char *from, const char *to, struct buf *out,
                           int *rows, int *flagged)
{
	struct credential_rules *rules;
	enum db_status rs = credential_rules_load(db, a, &rules);
	if (rs != DB_DONE)
		return rs;
	struct db_stmt *st = db_query(
	    db,
	    "SELECT c.kind, c.contact_on, c.starts_at, c.ends_at,"
	    " c.location, c.goals, c.did_together, c.state,"
	    " c.cosign_state, p.record_number, p.legal_name, u.name,"
	    " COALESCE(" PROGRAM_RULE_AT_SQL(
	        "g.id",
	        "c.signed_at") ","
	                       " g.unit_rounding), " BILLING_CODE_SQL(
	                           "g.id",
	                           "c.kind") ", c.id, u.id, u.role"
	                                     " FROM contacts c JOIN teams t ON "
	                                     "t.id = c.team_id"
	                                     " JOIN programs g ON g.id = "
	                                     "t.program_id"
	                                     " JOIN persons p ON p.id = "
	                                     "c.person_id"
	                                     " JOIN users u ON u.id = "
	                                     "c.staff_id"
	                                     " WHERE (? = 0 OR t.program_id = "
	                                     "?) AND "
	                                     "c.contact_on BETWEEN ? AND ?"
	                                     " AND c.state = 'signed' ORDER BY "
	                                     "c.contact_on, c.id",
	    DB_INT(program_id), DB_INT(program_id), DB_TEXT(from), DB_TEXT(to));
	if (out)
		csv_header(out,
		           "date,record_number,person,staff,kind,"
		           "service_code,start,end,minutes,units,contact_id,"
		           "credential_problem");
	*rows = *flagged = 0;
	while (db_row(st)) {
		struct contact c = {.kind = db_column_text(st, 0),
		                    .contact_on = db_column_text(st, 1),
		                    .starts_at = db_column_text(st, 2),
		                    .ends_at = db_column_text(st, 3),
		                    .location = db_column_text(st, 4),
		                    .goals = db_column_text(st, 5),
		                    .did_together = db_column_text(st, 6),
		                    .state = db_column_text(st, 7),
		                    .cosign_state = db_column_text(st, 8)};
		struct contact_bill bill;
		contact_bill_from(&c, db_column_text(st, 12),
		                  db_column_text(st, 13), 0, &bill);
		if (bill.why_not)
			continue;
		/* billed, but never silently: the author's missing or expired
		 * billing-required credential is named on the row */
		const char *problem =
		    credential_problem(a, rules, db_column_int(st, 15),
		                       db_column_text(st, 16), c.contact_on);
		(*rows)++;
		if (problem)
			(*flagged)++;
		if (!out)
			continue;
		const char *const fields[] = {c.contact_on,
		                              db_column_text(st, 9),
		                              db_column_text(st, 10),
		                              db_column_text(st, 11),
		                              c.kind,
		                              bill.code,
		                              c.starts_at,
		                              c.ends_at};
		for (int i = 0; i < 8; i++)
			csv_text(out, fields[i]);
		csv_int(out, bill.minutes);
		csv_int(out, bill.units);
		csv_int(out, db_column_int(st, 14));
		csv_text(out, problem ? problem : "");
		csv_row_end(out);
	}
	enum db_status s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status billing_set_code(struct db *db, const char *kind,
                                const char *code)
{
	return db_run(db,
	              "INSERT INTO service_codes (kind, code) VALUES (?, ?)"
	              " ON CONFLICT (kind) DO UPDATE SET code = excluded.code",
	              DB_TEXT(kind), DB_TEXT(code));
}

const struct field billing_period_fields[] = {
    FIELD_ID_AT(struct billing_period, program, "program", "Program",
                FIELD_REQUIRED, .message = "Choose a program."),
    FIELD_DATE_AT(struct billing_period, from, "from", "From", FIELD_REQUIRED,
                  .message = "From must be a date like 2026-11-01."),
    FIELD_DATE_AT(struct billing_period, to, "to", "To", FIELD_REQUIRED,
                  .message = "To must be a date like 2026-11-30, not "
                             "before From."),
};
const int billing_period_field_count =
    sizeof billing_period_fields / sizeof billing_period_fields[0];

int billing_period_validate(struct arena *a, const struct billing_period *p,
                            struct field_error *e)
{
	if (fields_validate(a, billing_period_fields,
	                    billing_period_field_count, p, e))
		return -1;
	if (strcmp(p->to, p->from) < 0) {
		field_fail(e, "to", billing_period_fields[2].message);
		e->label = billing_period_fields[2].label;
		return -1;
	}
	return 0;
}

#define CODE_MESSAGE                                                           \
	"A service code like H0038: capital letters, digits and hyphens, at "  \
	"most 12."

const struct field service_code_fields[] = {
    FIELD_LINE_AT(struct service_code, kind, "kind", "Kind of contact",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct service_code, label, "label", "Label",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct service_code, code, "code", "Service code",
                  FIELD_REQUIRED, 12, .message = CODE_MESSAGE),
};
const int service_code_field_count =
    sizeof service_code_fields / sizeof service_code_fields[0];

int service_code_validate(struct arena *a, const struct service_code *c,
                          struct field_error *e)
{
	if (fields_validate(a, service_code_fields, service_code_field_count, c,
	                    e))
		return -1;
	/* a code goes into claims and a spreadsheet as it is */
	if (!billing_code_ok(c->code))
		return field_fail(e, "code", CODE_MESSAGE);
	return 0;
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
	enum db_status s = db_one_text(
	    db, a,
	    "SELECT COALESCE((SELECT code FROM service_codes WHERE kind ="
	    " ?), '" BILLING_DEFAULT_CODE "')",
	    code, DB_TEXT(kind));
	return s == DB_ROW ? DB_OK : s;
}
