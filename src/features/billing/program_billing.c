/* program_billing.c — what a program bills with (batch.h:
 * program_billing_*): its payer, rates and modifiers, checked and kept. */
#include "batch.h"
#include "../../core/clock.h"
#include "../../core/local_time.h"
#include "../../core/text.h"
#include "../../web/csv.h"
#include "../disclosures/disclosure.h"
#include "../notes/contact.h"
#include "../programs/program.h"
#include "../workforce/credential.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- what a program bills with -------------------------------------- */

const struct field program_billing_fields[] = {
    FIELD_LINE_AT(struct program_billing, payer_name, "payer_name", "Payer",
                  FIELD_REQUIRED, 120,
                  .message = "Payer is required: who the batches go to, "
                             "like Medicaid (at most 120 characters)."),
    FIELD_LINE_AT(struct program_billing, trainee_modifier, "trainee_modifier",
                  "Modifier for a trainee's services", 0, 2,
                  .message = "The modifier for a trainee's services is two "
                             "capital letters or digits, like HM, or "
                             "none."),
};
const int program_billing_field_count =
    sizeof program_billing_fields / sizeof program_billing_fields[0];

static bool modifier_ok(const char *m)
{
	if (!*m)
		return true;
	if (strlen(m) != 2)
		return false;
	for (; *m; m++)
		if (!((*m >= 'A' && *m <= 'Z') || (*m >= '0' && *m <= '9')))
			return false;
	return true;
}

int program_billing_validate(struct arena *a, const struct program_billing *p,
                             struct field_error *e)
{
	if (fields_validate(a, program_billing_fields,
	                    program_billing_field_count, p, e))
		return -1;
	if (!modifier_ok(p->trainee_modifier))
		return field_fail(e, "trainee_modifier",
		                  program_billing_fields[1].message);
	if (p->unit_rate_cents < 0 || p->unit_rate_cents > 10000000)
		return field_fail(
		    e, "unit_rate",
		    "The charge per unit is an amount like 18.50, "
		    "from 0 to 100000.");
	return 0;
}

enum db_status program_billing_get(struct db *db, struct arena *a,
                                   int64_t program_id,
                                   struct program_billing *out)
{
	*out = (struct program_billing){program_id, "the payer", "", 0};
	struct db_stmt *st =
	    db_query(db,
	             "SELECT payer_name, trainee_modifier, unit_rate_cents"
	             " FROM program_billing WHERE program_id = ?",
	             DB_INT(program_id));
	if (db_row(st)) {
		out->payer_name = db_column_dup(st, a, 0);
		out->trainee_modifier = db_column_dup(st, a, 1);
		out->unit_rate_cents = db_column_int(st, 2);
	}
	enum db_status s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status program_billing_put(struct db *db,
                                   const struct program_billing *p)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return db_run(
	    db,
	    "INSERT INTO program_billing (program_id, payer_name,"
	    " trainee_modifier, unit_rate_cents, updated_at) VALUES (?, ?, ?,"
	    " ?, ?) ON CONFLICT (program_id) DO UPDATE SET payer_name ="
	    " excluded.payer_name, trainee_modifier = "
	    "excluded.trainee_modifier,"
	    " unit_rate_cents = excluded.unit_rate_cents, updated_at ="
	    " excluded.updated_at",
	    DB_INT(p->program_id), DB_TEXT(p->payer_name),
	    DB_TEXT(p->trainee_modifier), DB_INT(p->unit_rate_cents),
	    DB_TEXT(now));
}

const char *batch_money(struct arena *a, int64_t cents)
{
	return arena_sprintf(a, "%lld.%02lld", (long long)(cents / 100),
	                     (long long)(cents % 100));
}

enum db_status program_billing_known(struct db *db, int64_t id)
{
	int64_t found;
	return db_one_int(db, "SELECT id FROM programs WHERE id = ?", &found,
	                  DB_INT(id));
}

int64_t billing_cents_of(const char *s)
{
	if (!s || !*s)
		return 0;
	int64_t whole = 0, frac = 0;
	int digits = 0, fdigits = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9' && digits < 7; p++, digits++)
		whole = whole * 10 + (*p - '0');
	if (!digits)
		return -1;
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9' && fdigits < 2; p++, fdigits++)
			frac = frac * 10 + (*p - '0');
		if (!fdigits)
			return -1;
		if (fdigits == 1)
			frac *= 10;
	}
	return *p ? -1 : whole * 100 + frac;
}
