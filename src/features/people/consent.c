/* consent.c — see consent.h. */
#include "consent.h"
#include "../../core/clock.h"

#include <string.h>

static bool present(const char *s)
{
	return s && *s;
}

/* Drawn signatures are shown as inline SVG, so the path data may hold only
 * moves, lines and numbers: nothing that could become markup. */
bool signature_path_valid(const char *d)
{
	size_t n = d ? strlen(d) : 0;
	return n >= 3 && n <= 60000 && d[0] == 'M' &&
	       strspn(d, "ML0123456789 .") == n;
}

const struct choice consent_kinds[] = {
    {"release", "Release of information (42 CFR Part 2)"},
    {"services", "Consent to receive peer support services"},
};
const int consent_kind_count = sizeof consent_kinds / sizeof consent_kinds[0];

const struct choice signature_methods[] = {
    {"drawn", "They draw their signature (finger, pen or mouse)"},
    {"typed", "Their typed name is their signature (keyboard)"},
};
const int signature_method_count =
    sizeof signature_methods / sizeof signature_methods[0];

enum { ELEMENT_MAX = 2000 };

const struct consent_purpose consent_purposes[] = {
    {"treatment", "Treatment", CONSENT_FOR_TREATMENT},
    {"payment", "Payment", CONSENT_FOR_PAYMENT},
    {"operations", "Health care operations", CONSENT_FOR_OPERATIONS},
    {"other", "Something else, as written above", CONSENT_FOR_OTHER},
};

const char *consent_purposes_text(struct arena *a, int purposes)
{
	const char *out = "";
	for (int i = 0; i < CONSENT_PURPOSE_COUNT; i++)
		if (purposes & consent_purposes[i].bit)
			out = arena_sprintf(a, "%s%s%s", out, *out ? ", " : "",
			                    consent_purposes[i].name);
	return *out ? out : "none";
}

/* Whom a release names (docs/reports.md: how an export's
 * recipient is matched). */
const struct choice consent_recipient_classes[] = {
    {"named", "Only the one named above"},
    {"any_payer", "Any payer of their care (for payment)"},
    {"any_treating_provider", "Any provider treating them (for treatment)"},
};
const int consent_recipient_class_count =
    sizeof consent_recipient_classes / sizeof consent_recipient_classes[0];

/* A consent as the form and the API name it, in the API's order up to
 * signature_path (expires_on, revoked_at and in_force follow:
 * consent_pages.c).  A release's elements are required only of a
 * release, which consent_validate says after the table. */
enum { CONSENT_KIND = 1 }; /* the kind's place in the table */
const struct field consent_fields[] = {
    FIELD_ID_AT(struct consent, id, "id", "Consent", FIELD_OUTPUT_ONLY),
    FIELD_CHOICE_AT(struct consent, kind, "kind", "Kind", FIELD_REQUIRED,
                    consent_kinds, &consent_kind_count),
    FIELD_LINE_AT(struct consent, discloser, "discloser", "Who may disclose", 0,
                  ELEMENT_MAX),
    FIELD_TEXT_AT(struct consent, information, "information",
                  "What information", 0, ELEMENT_MAX),
    FIELD_LINE_AT(struct consent, recipient, "recipient", "Recipient", 0,
                  ELEMENT_MAX),
    FIELD_LINE_AT(struct consent, purpose, "purpose", "Purpose", 0,
                  ELEMENT_MAX),
    FIELD_TEXT_AT(struct consent, revocation, "revocation",
                  "Right to revoke, and how", 0, ELEMENT_MAX),
    FIELD_LINE_AT(struct consent, expiry_event, "expiry_event", "Or ends when",
                  0, ELEMENT_MAX),
    FIELD_LINE_AT(struct consent, signer_name, "signer_name",
                  "Signed by (typed name)", FIELD_REQUIRED, ELEMENT_MAX,
                  .message = "The person (or their representative) must "
                             "sign: type their name."),
    FIELD_DATE_AT(struct consent, signed_on, "signed_on", "Date signed",
                  FIELD_REQUIRED),
    FIELD_LINE_AT(struct consent, created_at, "created_at", "Recorded",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_CHOICE_AT(struct consent, signature_method, "signature_method",
                    "How they sign", FIELD_REQUIRED, signature_methods,
                    &signature_method_count),
    /* what it may hold: signature_path_valid, for drawn signatures */
    FIELD_LINE_AT(struct consent, signature_path, "signature_path", "Signature",
                  0, 0),
    FIELD_DATE_AT(struct consent, expires_on, "expires_on", "Expires on",
                  FIELD_INPUT_ONLY),
    FIELD_CHOICE_AT(struct consent, recipient_class, "recipient_class",
                    "Whom it names", 0, consent_recipient_classes,
                    &consent_recipient_class_count),
};
const int consent_field_count =
    sizeof consent_fields / sizeof consent_fields[0];

/* 42 CFR 2.31: the elements a written release must have. */
static int release_elements(const struct consent *c, struct field_error *e)
{
	if (!present(c->discloser))
		return field_fail(e, "discloser",
		                  "The release must name who may "
		                  "disclose the information.");
	if (!present(c->information))
		return field_fail(e, "information",
		                  "The release must say what "
		                  "information may be disclosed.");
	if (!present(c->recipient))
		return field_fail(e, "recipient",
		                  "The release must name the recipient.");
	if (!present(c->purpose))
		return field_fail(e, "purpose",
		                  "The release must state the purpose "
		                  "of the disclosure.");
	if (!present(c->revocation))
		return field_fail(e, "revocation",
		                  "The release must state the right to "
		                  "revoke it and how.");
	if (!present(c->expires_on) && !present(c->expiry_event))
		return field_fail(e, "expires_on",
		                  "The release must have an expiry "
		                  "date or an expiry event.");
	return 0;
}

int consent_validate(struct arena *a, const struct consent *c,
                     struct field_error *e)
{
	/* the kind says which elements are required: a release missing
	 * one is told so before anything else is checked */
	if (fields_check_one(a, &consent_fields[CONSENT_KIND], c, e) ||
	    (!strcmp(c->kind, "release") && release_elements(c, e)) ||
	    fields_validate(a, consent_fields, consent_field_count, c, e))
		return -1;
	/* a class of recipients only where the purpose is the class's */
	if (!strcmp(c->kind, "release") && c->recipient_class &&
	    ((!strcmp(c->recipient_class, "any_payer") &&
	      !(c->purposes & CONSENT_FOR_PAYMENT)) ||
	     (!strcmp(c->recipient_class, "any_treating_provider") &&
	      !(c->purposes & CONSENT_FOR_TREATMENT))))
		return field_fail(e, "recipient_class",
		                  "Any payer needs a release for payment, and "
		                  "any provider treating them one for "
		                  "treatment: tick that purpose, or name the "
		                  "recipient only.");
	if (!strcmp(c->signature_method, "drawn") &&
	    !signature_path_valid(c->signature_path))
		return field_fail(e, "signature_path",
		                  "Draw the signature in the box, or choose "
		                  "to sign with the typed name instead.");
	return 0;
}

/* NULL as "": the release's elements a services consent leaves out */
static const char *or_empty(const char *s)
{
	return s ? s : "";
}

enum db_status consent_create(struct db *db, const struct consent *c,
                              int64_t user_id, int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	bool drawn = !strcmp(c->signature_method, "drawn");
	bool release = !strcmp(c->kind, "release");
	/* a release that names no purpose of the four is for "other" */
	int purposes = release ? (c->purposes & CONSENT_FOR_ALL) : 0;
	if (release && !purposes)
		purposes = CONSENT_FOR_OTHER;
	const char *class = release && present(c->recipient_class)
	                        ? c->recipient_class
	                        : "named";
	return db_run_returning_id(
	    db,
	    "INSERT INTO consents (person_id, kind, discloser, information,"
	    " recipient, purpose, revocation, expires_on, expiry_event,"
	    " signer_name, signed_on, created_at, created_by,"
	    " signature_method, signature_path, purposes, recipient_class)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id",
	    id, DB_INT(c->person_id), DB_TEXT(or_empty(c->kind)),
	    DB_TEXT(or_empty(c->discloser)), DB_TEXT(or_empty(c->information)),
	    DB_TEXT(or_empty(c->recipient)), DB_TEXT(or_empty(c->purpose)),
	    DB_TEXT(or_empty(c->revocation)),
	    DB_TEXT(present(c->expires_on) ? c->expires_on : NULL),
	    DB_TEXT(or_empty(c->expiry_event)), DB_TEXT(c->signer_name),
	    DB_TEXT(c->signed_on), DB_TEXT(now), DB_INT(user_id),
	    DB_TEXT(c->signature_method),
	    DB_TEXT(drawn ? c->signature_path : ""), DB_INT(purposes),
	    DB_TEXT(class));
}

enum db_status consent_revoke(struct db *db, int64_t person_id, int64_t id,
                              int64_t user_id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	int64_t row;
	enum db_status s = db_one_int(
	    db,
	    "UPDATE consents SET revoked_at = ?, revoked_by = ?"
	    " WHERE id = ? AND person_id = ? AND revoked_at IS "
	    "NULL RETURNING id",
	    &row, DB_TEXT(now), DB_INT(user_id), DB_INT(id), DB_INT(person_id));
	return s == DB_ROW ? DB_OK : s;
}

enum db_status consent_list(struct db *db, struct arena *a, int64_t person_id,
                            const char *today, struct consent **out, int *count)
{
	static const struct db_col cols[] = {
	    DB_COL_INT(struct consent, id),
	    DB_COL_TEXT(struct consent, kind),
	    DB_COL_TEXT(struct consent, discloser),
	    DB_COL_TEXT(struct consent, information),
	    DB_COL_TEXT(struct consent, recipient),
	    DB_COL_TEXT(struct consent, purpose),
	    DB_COL_TEXT(struct consent, revocation),
	    DB_COL_TEXT(struct consent, expires_on),
	    DB_COL_TEXT(struct consent, expiry_event),
	    DB_COL_TEXT(struct consent, signer_name),
	    DB_COL_TEXT(struct consent, signed_on),
	    DB_COL_TEXT(struct consent, created_at),
	    DB_COL_TEXT(struct consent, revoked_at),
	    DB_COL_TEXT(struct consent, signature_method),
	    DB_COL_TEXT(struct consent, signature_path),
	    DB_COL_TEXT(struct consent, recipient_class),
	    DB_COL_INT32(struct consent, purposes)};
	struct db_stmt *st = db_query(
	    db,
	    "SELECT id, kind, discloser, information, recipient, purpose,"
	    " revocation, COALESCE(expires_on, ''), expiry_event, signer_name,"
	    " signed_on, created_at, COALESCE(revoked_at, ''),"
	    " signature_method, signature_path, recipient_class, purposes"
	    " FROM consents WHERE person_id = ? ORDER BY id DESC LIMIT 200",
	    DB_INT(person_id));
	*out = NULL;
	*count = 0;
	int room = 0;
	while (*count < 200 && db_row(st)) {
		struct consent *c = ARENA_NEXT(a, *out, *count, room);
		db_read_row(st, a, DB_COLS(cols), c);
		c->person_id = person_id;
		/* in force: not revoked, and not past its expiry date */
		c->in_force =
		    !*c->revoked_at &&
		    (!*c->expires_on || strcmp(c->expires_on, today) >= 0);
	}
	return db_end(db, st);
}
