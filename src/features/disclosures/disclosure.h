/* disclosure.h — the accounting of disclosures (issue 26; HIPAA 164.528,
 * 42 CFR Part 2): every time a person's information leaves the program
 * (a FHIR export to a third party, a billing batch to a payer, a referral
 * that sends information, a record sent under a release), one row, and
 * the gate that decides whether it may leave at all.
 *
 * Every export that leaves the program asks disclosure_check for each
 * person, leaves out those it refuses (listing them with the reason), and
 * records each person it sends with disclosure_record, in the same
 * transaction as the export's own record (a billing batch). */
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
};

/* disclosure_check: may person_id's information go to recipient for
 * purpose on date `on` (YYYY-MM-DD)?  *allowed is true when the person's
 * program is not under 42 CFR Part 2 (*consent_id 0), or when a release
 * in force on that date covers the recipient and the purpose (*consent_id
 * its id); else false, with *why a sentence for the list of those left
 * out ("no release in force covers payment to Medicaid").  DB_OK, or
 * DB_DONE when there is no such person. */
enum db_status disclosure_check(struct db *db, struct arena *a,
                                int64_t person_id, const char *recipient,
                                enum disclosure_purpose purpose, const char *on,
                                bool *allowed, int64_t *consent_id,
                                const char **why);

/* disclosure_record adds one row to the person's accounting. */
enum db_status disclosure_record(struct db *db, const struct disclosure *d);

/* disclosure_purpose_name: "treatment", "payment", "operations", "other". */
const char *disclosure_purpose_name(enum disclosure_purpose p);

#endif
