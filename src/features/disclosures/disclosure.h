/* disclosure.h — the accounting of disclosures (issue 26; HIPAA 164.528,
 * 42 CFR Part 2): every time a person's information leaves the program
 * (a FHIR export to a third party, a billing batch to a payer, a referral
 * that sends information, a record sent under a release), one row, and
 * the gate that decides whether it may leave at all.
 *
 * Every export that leaves the program asks disclosure_check for each
 * person, leaves out those it refuses (listing them with the reason), and
 * records each person it sends with disclosure_record, in the same
 * transaction as the export's own record (a billing batch).
 *
 * How a release is matched (docs/reports.md): a release
 * (consents.kind 'release') covers a disclosure when it is the person's,
 * signed on or before the date, not revoked, not expired before the date,
 * its purposes (consents.purposes, the set of 1 << purpose: 1 treatment,
 * 2 payment, 4 operations, 8 other; a single TPO consent is 7) hold the
 * purpose, and its recipient is the recipient — names compared without
 * case and surrounding spaces — or its recipient_class names a class the
 * purpose belongs to: 'any_payer' for payment, 'any_treating_provider'
 * for treatment. */
#ifndef WAYPOINT_DISCLOSURE_H
#define WAYPOINT_DISCLOSURE_H

#include "../../core/arena.h"
#include "../../store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* Why information leaves: the consent's purposes (treatment, payment and
 * health care operations make the 2024 rule's single TPO consent). */
enum disclosure_purpose {
	PURPOSE_TREATMENT,
	PURPOSE_PAYMENT,
	PURPOSE_OPERATIONS,
	PURPOSE_OTHER,
};

enum { DISCLOSURE_RECIPIENT_MAX = 200, DISCLOSURE_WHAT_MAX = 500 };

struct disclosure {
	int64_t person_id;
	const char *recipient; /* "Medicaid (payer)", "Harbor Clinic" */
	const char *what;      /* "Billing batch 12: 4 services" */
	enum disclosure_purpose purpose;
	int64_t consent_id;  /* the release it relied on; 0: none needed */
	const char *channel; /* "billing_batch", "fhir_export", "referral",
	                        "release" */
	const char *ref;     /* the export's own id, e.g. "12" */
	int64_t made_by;     /* the staff member, or 0 */
	/* when: NULL for now; a date (YYYY-MM-DD) for one made outside
	 * Waypoint and entered by hand */
	const char *disclosed_at;
};

/* disclosure_check: may person_id's information go to recipient for
 * purpose on date `on` (YYYY-MM-DD)?  *allowed is true when the person's
 * program is not under 42 CFR Part 2 (*consent_id 0), or when a release
 * in force on that date covers the recipient and the purpose (*consent_id
 * its id, the newest such); else false, with *why a sentence for the list
 * of those left out ("no release in force covers payment to Medicaid";
 * "the release to Medicaid was revoked").  DB_OK, or DB_DONE when there
 * is no such person. */
enum db_status disclosure_check(struct db *db, struct arena *a,
                                int64_t person_id, const char *recipient,
                                enum disclosure_purpose purpose, const char *on,
                                bool *allowed, int64_t *consent_id,
                                const char **why);

/* disclosure_part2: whether the person's program is under 42 CFR Part 2
 * (DB_ROW with *part2), DB_DONE when there is no such person. */
enum db_status disclosure_part2(struct db *db, int64_t person_id, bool *part2);

/* disclosure_record adds one row to the person's accounting;
 * disclosure_record_id also says its id. */
enum db_status disclosure_record(struct db *db, const struct disclosure *d);
enum db_status disclosure_record_id(struct db *db, const struct disclosure *d,
                                    int64_t *id);

/* disclosure_purpose_name: "treatment", "payment", "operations", "other". */
const char *disclosure_purpose_name(enum disclosure_purpose p);
/* disclosure_purpose_parse: the purpose called name; -1 when none is. */
int disclosure_purpose_parse(const char *name);

/* A row of the accounting, as the page and the API show it. */
struct disclosure_row {
	int64_t id, person_id;
	const char *disclosed_at, *recipient, *what, *purpose;
	int64_t consent_id; /* 0: none relied on */
	const char *channel, *ref;
	const char *made_by; /* the staff member's name, or "" */
};

enum { DISCLOSURE_LIST_MAX = 2000 };

/* disclosure_list: the person's accounting, oldest first (at most
 * DISCLOSURE_LIST_MAX rows; *more when there are more).  DB_DONE, or the
 * error. */
enum db_status disclosure_list(struct db *db, struct arena *a,
                               int64_t person_id, struct disclosure_row **out,
                               int *count, bool *more);

/* disclosure_entry_check: for a disclosure entered by hand, whether
 * consent_id (0: none) may be relied on for d (its person, recipient,
 * purpose and date): it must be the person's release; under Part 2 one is
 * required, and it must have been in force on the date (signed by then,
 * not revoked before the day, not expired) and cover the recipient and
 * the purpose.  DB_OK with *field NULL when it may; with *field
 * ("consent_id") and *why when not; else the error. */
enum db_status disclosure_entry_check(struct db *db, struct arena *a,
                                      const struct disclosure *d,
                                      const char *on, const char **field,
                                      const char **why);

#endif
