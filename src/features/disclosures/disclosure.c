/* disclosure.c — the gate and the accounting of disclosures
 * (disclosure.h). */
#include "disclosure.h"
#include "../../core/clock.h"

#include <string.h>

static const char *const purpose_names[] = {
    [PURPOSE_TREATMENT] = "treatment",
    [PURPOSE_PAYMENT] = "payment",
    [PURPOSE_OPERATIONS] = "operations",
    [PURPOSE_OTHER] = "other",
};
enum { PURPOSE_COUNT = sizeof purpose_names / sizeof purpose_names[0] };

const char *disclosure_purpose_name(enum disclosure_purpose p)
{
	return (unsigned)p < PURPOSE_COUNT ? purpose_names[p] : "other";
}

int disclosure_purpose_parse(const char *name)
{
	for (int i = 0; name && i < PURPOSE_COUNT; i++)
		if (!strcmp(name, purpose_names[i]))
			return i;
	return -1;
}

/* consents.purposes holds 1 << purpose for each purpose it covers */
static int64_t purpose_bit(enum disclosure_purpose p)
{
	return (int64_t)1 << ((unsigned)p < PURPOSE_COUNT ? p : PURPOSE_OTHER);
}

/* The class of recipients a release may name for this purpose (a TPO
 * consent's general designation), or one no release has. */
static const char *purpose_class(enum disclosure_purpose p)
{
	return p == PURPOSE_PAYMENT     ? "any_payer"
	       : p == PURPOSE_TREATMENT ? "any_treating_provider"
	                                : "-";
}

/* A release naming the recipient (?: recipient, the purpose's class). */
#define NAMES_RECIPIENT                                                        \
	" c.kind = 'release' AND (LOWER(TRIM(c.recipient)) = LOWER(TRIM(?))"   \
	" OR c.recipient_class = ?)"

enum db_status disclosure_part2(struct db *db, int64_t person_id, bool *part2)
{
	int64_t v = 0;
	enum db_status s = db_one_int(
	    db,
	    "SELECT g.part2 FROM persons p JOIN teams t ON t.id = p.team_id"
	    " JOIN programs g ON g.id = t.program_id WHERE p.id = ?",
	    &v, DB_INT(person_id));
	*part2 = v != 0;
	return s;
}

/* Why no release covers: the newest release naming the recipient, and
 * what it lacks; or that there is none. */
static enum db_status why_not(struct db *db, struct arena *a, int64_t person_id,
                              const char *recipient,
                              enum disclosure_purpose purpose, const char *on,
                              const char **why)
{
	struct db_stmt *st =
	    db_query(db,
	             "SELECT c.id, COALESCE(c.revoked_at, ''), c.signed_on,"
	             " COALESCE(c.expires_on, ''), c.purposes FROM consents c"
	             " WHERE c.person_id = ? AND" NAMES_RECIPIENT
	             " ORDER BY c.id DESC LIMIT 1",
	             DB_INT(person_id), DB_TEXT(recipient),
	             DB_TEXT(purpose_class(purpose)));
	const char *name = disclosure_purpose_name(purpose);
	*why = arena_sprintf(a, "no release to %s for %s is on record",
	                     recipient, name);
	if (db_row(st)) {
		long long id = (long long)db_column_int(st, 0);
		const char *revoked = db_column_text(st, 1);
		const char *signed_on = db_column_text(st, 2);
		const char *expires = db_column_text(st, 3);
		int64_t bits = db_column_int(st, 4);
		if (*revoked)
			*why = arena_sprintf(a,
			                     "the release to %s (consent %lld) "
			                     "was revoked",
			                     recipient, id);
		else if (*expires && strcmp(expires, on) < 0)
			*why = arena_sprintf(a,
			                     "the release to %s (consent %lld) "
			                     "expired on %s",
			                     recipient, id, expires);
		else if (strcmp(signed_on, on) > 0)
			*why = arena_sprintf(a,
			                     "the release to %s (consent %lld) "
			                     "was signed only on %s",
			                     recipient, id, signed_on);
		else if (!(bits & purpose_bit(purpose)))
			*why = arena_sprintf(a,
			                     "the release to %s (consent %lld) "
			                     "does not cover %s",
			                     recipient, id, name);
	}
	return db_end(db, st);
}

enum db_status disclosure_check(struct db *db, struct arena *a,
                                int64_t person_id, const char *recipient,
                                enum disclosure_purpose purpose, const char *on,
                                bool *allowed, int64_t *consent_id,
                                const char **why)
{
	*allowed = false;
	*consent_id = 0;
	*why = "";
	bool part2 = false;
	enum db_status s = disclosure_part2(db, person_id, &part2);
	if (s != DB_ROW)
		return s; /* DB_DONE: no such person */
	if (!part2) {
		*allowed = true;
		return DB_OK;
	}
	if (!recipient || !*recipient) {
		*why = "no recipient is named";
		return DB_OK;
	}
	/* the newest release in force on the date that covers the purpose
	 * and names the recipient (or the purpose's class) */
	s = db_one_int(db,
	               "SELECT c.id FROM consents c WHERE c.person_id = ? "
	               "AND" NAMES_RECIPIENT
	               " AND c.revoked_at IS NULL AND c.signed_on <= ?"
	               " AND (c.expires_on IS NULL OR c.expires_on >= ?)"
	               " AND (c.purposes & ?) <> 0"
	               " ORDER BY c.id DESC LIMIT 1",
	               consent_id, DB_INT(person_id), DB_TEXT(recipient),
	               DB_TEXT(purpose_class(purpose)), DB_TEXT(on),
	               DB_TEXT(on), DB_INT(purpose_bit(purpose)));
	if (s == DB_ROW) {
		*allowed = true;
		return DB_OK;
	}
	if (s != DB_DONE)
		return s;
	s = why_not(db, a, person_id, recipient, purpose, on, why);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status disclosure_entry_check(struct db *db, struct arena *a,
                                      const struct disclosure *d,
                                      const char *on, const char **field,
                                      const char **why)
{
	*field = NULL;
	*why = "";
	bool part2 = false;
	enum db_status s = disclosure_part2(db, d->person_id, &part2);
	if (s != DB_ROW)
		return s == DB_DONE ? DB_ERROR : s;
	if (!d->consent_id) {
		if (part2) {
			*field = "consent_id";
			*why =
			    "This program is under 42 CFR Part 2: choose the "
			    "release the disclosure was made under.";
		}
		return DB_OK;
	}
	struct db_stmt *st =
	    db_query(db,
	             "SELECT c.kind, COALESCE(SUBSTR(c.revoked_at, 1, 10), ''),"
	             " c.signed_on, COALESCE(c.expires_on, ''), c.purposes,"
	             " LOWER(TRIM(c.recipient)) = LOWER(TRIM(?)) OR"
	             " c.recipient_class = ?"
	             " FROM consents c WHERE c.id = ? AND c.person_id = ?",
	             DB_TEXT(d->recipient), DB_TEXT(purpose_class(d->purpose)),
	             DB_INT(d->consent_id), DB_INT(d->person_id));
	*field = "consent_id";
	*why = "That release is not one of this person's.";
	if (db_row(st) && !strcmp(db_column_text(st, 0), "release")) {
		const char *revoked = db_column_text(st, 1);
		const char *signed_on = db_column_text(st, 2);
		const char *expires = db_column_text(st, 3);
		int64_t bits = db_column_int(st, 4);
		bool names = db_column_bool(st, 5);
		*field = NULL;
		if (!part2)
			; /* not gated: any of the person's releases */
		else if (strcmp(signed_on, on) > 0 ||
		         (*revoked && strcmp(revoked, on) <= 0) ||
		         (*expires && strcmp(expires, on) < 0))
			*why = "That release was not in force on the date of "
			       "the disclosure.";
		else if (!(bits & purpose_bit(d->purpose)))
			*why =
			    arena_sprintf(a, "That release does not cover %s.",
			                  disclosure_purpose_name(d->purpose));
		else if (!names)
			*why = "That release does not name this recipient.";
		else
			*why = "";
		if (**why)
			*field = "consent_id";
	}
	s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status disclosure_record(struct db *db, const struct disclosure *d)
{
	int64_t id;
	return disclosure_record_id(db, d, &id);
}

enum db_status disclosure_record_id(struct db *db, const struct disclosure *d,
                                    int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return db_run_returning_id(
	    db,
	    "INSERT INTO disclosures (person_id, disclosed_at,"
	    " recipient, what, purpose, consent_id, channel, ref,"
	    " made_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id",
	    id, DB_INT(d->person_id),
	    DB_TEXT(d->disclosed_at && *d->disclosed_at ? d->disclosed_at
	                                                : now),
	    DB_TEXT(d->recipient), DB_TEXT(d->what),
	    DB_TEXT(disclosure_purpose_name(d->purpose)),
	    DB_ID_OR_NULL(d->consent_id), DB_TEXT(d->channel),
	    DB_TEXT(d->ref ? d->ref : ""), DB_ID_OR_NULL(d->made_by));
}

enum db_status disclosure_list(struct db *db, struct arena *a,
                               int64_t person_id, struct disclosure_row **out,
                               int *count, bool *more)
{
	static const struct db_col cols[] = {
	    DB_COL_INT(struct disclosure_row, id),
	    DB_COL_TEXT(struct disclosure_row, disclosed_at),
	    DB_COL_TEXT(struct disclosure_row, recipient),
	    DB_COL_TEXT(struct disclosure_row, what),
	    DB_COL_TEXT(struct disclosure_row, purpose),
	    DB_COL_INT(struct disclosure_row, consent_id),
	    DB_COL_TEXT(struct disclosure_row, channel),
	    DB_COL_TEXT(struct disclosure_row, ref),
	    DB_COL_TEXT(struct disclosure_row, made_by)};
	struct db_stmt *st = db_query(
	    db,
	    "SELECT d.id, d.disclosed_at, d.recipient, d.what, d.purpose,"
	    " COALESCE(d.consent_id, 0), d.channel, d.ref,"
	    " COALESCE(u.name, '') FROM disclosures d"
	    " LEFT JOIN users u ON u.id = d.made_by"
	    " WHERE d.person_id = ? ORDER BY d.disclosed_at, d.id LIMIT 2001",
	    DB_INT(person_id));
	*out = NULL;
	*count = 0;
	*more = false;
	int room = 0;
	while (db_row(st)) {
		if (*count == DISCLOSURE_LIST_MAX) {
			*more = true;
			break;
		}
		struct disclosure_row *row = ARENA_NEXT(a, *out, *count, room);
		db_read_row(st, a, DB_COLS(cols), row);
		row->person_id = person_id;
	}
	return db_end(db, st);
}
