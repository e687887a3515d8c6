/* contact_billing.c — what one contact bills, shown with the note, in its
 * API answer and in the CSV, and — before it is signed — on the note form
 * while the peer types.  Here, with the note, rather than in billing/ (the
 * export and the service codes), which reads notes: the code and units
 * of a note are part of the note.  One decision (contact_bill_from) for
 * all of them, so the form never promises what the export will not bill. */
#include "contact.h"
#include "../../core/clock.h"
#include "../programs/program.h"

#include <string.h>

void contact_bill_from(const struct contact *c, const char *rule,
                       const char *code, unsigned ignore,
                       struct contact_bill *out)
{
	const struct contact_kind *k = contact_kind_find(c->kind);
	*out = (struct contact_bill){
	    .code = k && k->billable ? code : "",
	    .rule = rule,
	    .minutes = contact_minutes(c->starts_at, c->ends_at),
	    .why_not = contact_unbillable(c) & ~ignore,
	};
	int units = billing_units(rule, out->minutes);
	if (out->minutes > 0 && units <= 0 && !(out->why_not & UNBILLED_KIND))
		out->why_not |= UNBILLED_SHORT;
	out->units = out->why_not ? 0 : units;
}

enum db_status contact_bill(struct db *db, struct arena *a,
                            const struct contact *c, const char *at,
                            unsigned ignore, struct contact_bill *out)
{
	if (!at && c->signed_at && *c->signed_at)
		at = c->signed_at;
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
	    at ? DB_TEXT(at) : DB_NULL, DB_TEXT(c->kind), DB_TEXT(c->kind),
	    DB_INT(c->team_id));
	if (db_row(st))
		contact_bill_from(c, db_column_dup(st, a, 0),
		                  db_column_dup(st, a, 1), ignore, out);
	else /* no team: nothing to bill under */
		contact_bill_from(c, "", "", ignore, out);
	enum db_status s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}

/* The rule a signed note was signed under, and its kind's code. */
#define RULE_SIGNED_UNDER                                                      \
	"COALESCE(" PROGRAM_RULE_AT_SQL("p.id",                                \
	                                "c.signed_at") ","                     \
	                                               " p.unit_rounding)"
#define CODE_OF_KIND BILLING_CODE_SQL("p.id", "c.kind")

enum db_status contact_bill_of(struct db *db, struct arena *a,
                               int64_t person_id, int64_t id,
                               struct contact_bill *out)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT c.kind, c.starts_at, c.ends_at, c.location, c.goals,"
	    " c.did_together, c.state, c.cosign_state, " RULE_SIGNED_UNDER
	    ", " CODE_OF_KIND " FROM contacts c JOIN teams t ON"
	    " t.id = c.team_id JOIN programs p ON p.id = t.program_id"
	    " WHERE c.id = ? AND c.person_id = ?",
	    DB_INT(id), DB_INT(person_id));
	bool found = db_row(st);
	if (found) {
		struct contact c = {.kind = db_column_text(st, 0),
		                    .starts_at = db_column_text(st, 1),
		                    .ends_at = db_column_text(st, 2),
		                    .location = db_column_text(st, 3),
		                    .goals = db_column_text(st, 4),
		                    .did_together = db_column_text(st, 5),
		                    .state = db_column_text(st, 6),
		                    .cosign_state = db_column_text(st, 7)};
		contact_bill_from(&c, db_column_dup(st, a, 8),
		                  db_column_dup(st, a, 9), 0, out);
	}
	enum db_status s = db_end(db, st);
	return found && s == DB_DONE ? DB_ROW : s;
}
#undef CODE_OF_KIND
#undef RULE_SIGNED_UNDER

enum db_status contact_preview(struct db *db, struct arena *a,
                               const struct contact *draft,
                               struct contact_bill *out)
{
	struct contact c = *draft;
	if (!c.team_id && c.person_id) {
		enum db_status s =
		    db_one_int(db, "SELECT team_id FROM persons WHERE id = ?",
		               &c.team_id, DB_INT(c.person_id));
		if (s != DB_ROW && s != DB_DONE)
			return s;
	}
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return contact_bill(db, a, &c, now, UNBILLED_SIGNING, out);
}

/* The reasons, in the order a peer would fix them: the kind first (when
 * it is not billable nothing else is said), then the form's order. */
static const struct {
	unsigned bit;
	const char *code, *words;
} reasons[] = {
    {UNBILLED_KIND, "kind", NULL}, /* names the kind: see below */
    {UNBILLED_NO_START, "no_start", "no start time"},
    {UNBILLED_NO_END, "no_end", "no end time"},
    {UNBILLED_TIMES, "times", "the end time is not after the start time"},
    {UNBILLED_SHORT, "too_short", NULL}, /* names the minutes */
    {UNBILLED_LOCATION, "no_location", "no place chosen under Where"},
    {UNBILLED_GOAL, "no_goal", "no plan goal addressed"},
    {UNBILLED_NARRATIVE, "no_narrative",
     "nothing written under What we did together"},
    {UNBILLED_UNSIGNED, "unsigned", "not signed"},
    {UNBILLED_COSIGN, "cosign", "not co-signed by a supervisor"},
};

int contact_bill_reasons(struct arena *a, const struct contact *c,
                         const struct contact_bill *b, const char **codes,
                         const char **words, int max)
{
	int n = 0;
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0] && n < max;
	     i++) {
		if (!(b->why_not & reasons[i].bit))
			continue;
		const char *w = reasons[i].words;
		if (reasons[i].bit == UNBILLED_KIND) {
			const struct contact_kind *k =
			    contact_kind_find(c->kind);
			w = arena_sprintf(a, "%s is not a billable service",
			                  k ? k->label : c->kind);
		} else if (reasons[i].bit == UNBILLED_SHORT) {
			w = arena_sprintf(a,
			                  "%d minute%s make%s no unit under "
			                  "this program's rule",
			                  b->minutes,
			                  b->minutes == 1 ? "" : "s",
			                  b->minutes == 1 ? "s" : "");
		}
		codes[n] = reasons[i].code;
		words[n++] = w;
	}
	return n;
}

const char *contact_bill_text(struct arena *a, const struct contact *c,
                              const struct contact_bill *b, bool cosign)
{
	if (!b->why_not)
		return arena_sprintf(a, "Billable: %d unit%s (%s)%s", b->units,
		                     b->units == 1 ? "" : "s", b->code,
		                     cosign ? ", once a supervisor co-signs it"
		                            : "");
	enum { MAX = sizeof reasons / sizeof reasons[0] };
	const char *codes[MAX], *words[MAX];
	int n = contact_bill_reasons(a, c, b, codes, words, MAX);
	const char *text = "Not billable:";
	for (int i = 0; i < n; i++)
		text =
		    arena_sprintf(a, "%s%s %s", text, i ? ";" : "", words[i]);
	return text;
}
