/* consent.h — consent to receive services, and releases of information
 * under 42 CFR Part 2: an incomplete release is refused with the missing
 * element named; revocation and expiry take effect at once. */
#ifndef WAYPOINT_CONSENT_H
#define WAYPOINT_CONSENT_H

#include "../../core/arena.h"
#include "../../core/choice.h"
#include "../../core/field_error.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdbool.h>
#include <stdint.h>

struct consent {
	int64_t id, person_id;
	const char *kind; /* "services" or "release" */
	const char *discloser, *information, *recipient, *purpose, *revocation;
	const char *expires_on;   /* YYYY-MM-DD, or "" with an expiry event */
	const char *expiry_event; /* "", or the event that ends it */
	const char *signer_name, *signed_on;
	const char *signature_method; /* "drawn" or "typed" (keyboard) */
	const char *signature_path;   /* drawn: SVG path data in a 600×200
	                                 box, only M, L, digits, spaces, dots */
	const char *created_at, *revoked_at; /* revoked_at "" while not */
	bool in_force;
	/* a release's structured purposes: CONSENT_FOR_* bits (a single
	 * TPO consent is all three of treatment, payment, operations) */
	int purposes;
	/* whom it names: "named" (recipient, matched by name), "any_payer"
	 * or "any_treating_provider" (a TPO consent's classes); "" reads
	 * as "named" */
	const char *recipient_class;
};

enum {
	CONSENT_FOR_TREATMENT = 1,
	CONSENT_FOR_PAYMENT = 2,
	CONSENT_FOR_OPERATIONS = 4,
	CONSENT_FOR_OTHER = 8,
	CONSENT_FOR_TPO = 7,
	CONSENT_FOR_ALL = 15,
};

/* The purposes by bit, in order: {"treatment", 1}, … {"other", 8}. */
struct consent_purpose {
	const char *name, *label;
	int bit;
};
extern const struct consent_purpose consent_purposes[];
enum { CONSENT_PURPOSE_COUNT = 4 };

/* consent_purposes_text: "treatment, payment" — or "none". */
const char *consent_purposes_text(struct arena *a, int purposes);

extern const struct choice consent_recipient_classes[];
extern const int consent_recipient_class_count;

enum { SIGNATURE_WIDTH = 600, SIGNATURE_HEIGHT = 200 };

/* signature_path_valid: drawn-signature path data that is safe to show
 * inline: M, L, digits, dots and spaces only, 3 to 60,000 characters. */
bool signature_path_valid(const char *d);

/* The kinds of consent, and how the person signs (here and on plans). */
extern const struct choice consent_kinds[], signature_methods[];
extern const int consent_kind_count, signature_method_count;

/* The fields the form and the API read, and the API writes. */
extern const struct field consent_fields[];
extern const int consent_field_count;

/* consent_validate names the first missing or malformed element. */
int consent_validate(struct arena *a, const struct consent *c,
                     struct field_error *e);

enum db_status consent_create(struct db *db, const struct consent *c,
                              int64_t user_id, int64_t *id);
/* consent_revoke: DB_OK, or DB_DONE when there is no such consent in force. */
enum db_status consent_revoke(struct db *db, int64_t person_id, int64_t id,
                              int64_t user_id);
/* consent_list: the person's consents, newest first, with in_force set:
 * not revoked, and not expired by today (the date in the person's
 * program's zone: one that expires today is in force all day there). */
enum db_status consent_list(struct db *db, struct arena *a, int64_t person_id,
                            const char *today, struct consent **out,
                            int *count);

#endif
