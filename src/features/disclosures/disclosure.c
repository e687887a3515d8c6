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

const char *disclosure_purpose_name(enum disclosure_purpose p)
{
	return (unsigned)p < sizeof purpose_names / sizeof purpose_names[0]
	           ? purpose_names[p]
	           : "other";
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
	int64_t part2 = 0;
	enum db_status s = db_one_int(
	    db,
	    "SELECT g.part2 FROM persons p JOIN teams t ON t.id = p.team_id"
	    " JOIN programs g ON g.id = t.program_id WHERE p.id = ?",
	    &part2, DB_INT(person_id));
	if (s != DB_ROW)
		return s; /* DB_DONE: no such person */
	if (!part2) {
		*allowed = true;
		return DB_OK;
	}
	/* A release in force on the date whose recipient is this one and
	 * whose purpose names this purpose (issue 26 refines the matching). */
	s = db_one_int(db,
	               "SELECT id FROM consents WHERE person_id = ? AND kind ="
	               " 'release' AND revoked_at IS NULL AND signed_on <= ?"
	               " AND (expires_on IS NULL OR expires_on >= ?) AND"
	               " LOWER(recipient) = LOWER(?) AND LOWER(purpose) LIKE"
	               " '%' || ? || '%' ORDER BY id DESC LIMIT 1",
	               consent_id, DB_INT(person_id), DB_TEXT(on), DB_TEXT(on),
	               DB_TEXT(recipient),
	               DB_TEXT(disclosure_purpose_name(purpose)));
	if (s == DB_ROW) {
		*allowed = true;
		return DB_OK;
	}
	if (s != DB_DONE)
		return s;
	*why = arena_sprintf(a, "no release in force covers %s to %s",
	                     disclosure_purpose_name(purpose), recipient);
	return DB_OK;
}

enum db_status disclosure_record(struct db *db, const struct disclosure *d)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return db_run(db,
	              "INSERT INTO disclosures (person_id, disclosed_at,"
	              " recipient, what, purpose, consent_id, channel, ref,"
	              " made_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	              DB_INT(d->person_id), DB_TEXT(now), DB_TEXT(d->recipient),
	              DB_TEXT(d->what),
	              DB_TEXT(disclosure_purpose_name(d->purpose)),
	              DB_ID_OR_NULL(d->consent_id), DB_TEXT(d->channel),
	              DB_TEXT(d->ref ? d->ref : ""), DB_ID_OR_NULL(d->made_by));
}
