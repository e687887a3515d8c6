/* contact.h — a contact with a person and its progress note.
 *
 * A contact is one of the kinds of work peers do (contact_kinds[]): when,
 * where, who, the plan goals it served, and a note in plain language.  The
 * note is a draft, saved as the peer types, until it is signed; a signed
 * note never changes (corrections are addenda) and its SHA-256 content hash
 * is checked on every read.  A trainee's signed note waits for a
 * supervisor's co-signature before it counts, or is billed. */
#ifndef WAYPOINT_CONTACT_H
#define WAYPOINT_CONTACT_H

#include "../../core/arena.h"
#include "../../core/choice.h"
#include "../../core/field_error.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdbool.h>
#include <stdint.h>

enum { CONTACT_TEXT_MAX = 10000, CONTACT_HASH_HEX = 65 };

struct contact_kind {
	const char *code, *label;
	bool billable;       /* has a service code and units */
	bool miles;          /* transportation: miles driven */
	bool person_unknown; /* may be someone not enrolled (Peer Desk) */
};
extern const struct contact_kind contact_kinds[];
extern const int contact_kind_count;
/* The kinds' codes and labels, in the same order, as choices. */
extern const struct choice contact_kind_choices[];
extern const struct choice contact_locations[];
extern const int contact_location_count;

struct contact {
	int64_t id, person_id, team_id, staff_id;
	const char *kind, *contact_on, *starts_at, *ends_at, *location;
	const char *visitor_name; /* Peer Desk, someone not enrolled */
	int miles_tenths;
	const char *goals; /* JSON array of the goals' words */
	const char *did_together, *response, *next_steps, *team_notice;
	const char *state;        /* draft, signed */
	const char *cosign_state; /* none pending cosigned returned */
	const char *signed_at, *content_hash, *cosign_comment;
	const char *staff_name, *cosigned_by_name, *created_at, *updated_at;
	bool hash_ok; /* read back: the signed content matches its hash */
};

struct addendum {
	int64_t id;
	const char *reason, *body, *author_name, *created_at;
};

/* The field tables (web/fields.h): the contact's own fields, in its JSON's
 * order (goals and miles are read by their own code), and an addendum's. */
extern const struct field contact_fields[];
extern const int contact_field_count;
extern const struct field addendum_fields[];
extern const int addendum_field_count;

/* contact_kind_find: the kind with code, or NULL. */
const struct contact_kind *contact_kind_find(const char *code);

/* contact_minutes: minutes from start to end ("HH:MM"), or -1 when either
 * is missing or malformed, or end is not after start. */
int contact_minutes(const char *start, const char *end);

/* contact_validate checks a draft (signing false) or a note about to be
 * signed against contact_fields and the rules between fields, naming the
 * first field at fault (the sentence in a).  zone: the program's (the
 * date is not after today there, and the times happened that day). */
int contact_validate(struct arena *a, const struct contact *c, const char *zone,
                     bool signing, struct field_error *e);

/* Why a contact is not billed, one bit each (contact_unbillable; the
 * words are contact_bill_reasons'). */
enum {
	UNBILLED_KIND = 1 << 0,      /* its kind is not a billable service */
	UNBILLED_NO_START = 1 << 1,  /* no start time */
	UNBILLED_NO_END = 1 << 2,    /* no end time */
	UNBILLED_TIMES = 1 << 3,     /* the end is not after the start */
	UNBILLED_LOCATION = 1 << 4,  /* no place (Where) */
	UNBILLED_GOAL = 1 << 5,      /* no plan goal addressed */
	UNBILLED_NARRATIVE = 1 << 6, /* nothing under What we did together */
	UNBILLED_UNSIGNED = 1 << 7,  /* a draft */
	UNBILLED_COSIGN = 1 << 8,    /* a trainee's, not co-signed (yet) */
	UNBILLED_SHORT = 1 << 9, /* contact_bill: too few minutes for a unit */
	/* what signing itself settles (it refuses a note without a narrative;
	 * a trainee's then waits for a co-signature): a preview of a draft
	 * leaves these out */
	UNBILLED_SIGNING =
	    UNBILLED_NARRATIVE | UNBILLED_UNSIGNED | UNBILLED_COSIGN,
};

/* contact_unbillable: why c is not billable, 0 when it is: signed (and
 * co-signed when a trainee's), a billable kind, start and end, location,
 * a plan goal and a narrative.  A kind that is not billable is the only
 * reason given for it. */
unsigned contact_unbillable(const struct contact *c);

/* contact_billable: contact_unbillable(c) is 0. */
bool contact_billable(const struct contact *c);

/* contact_hash writes the hex SHA-256 of the content a signature covers. */
void contact_hash(const struct contact *c, char out[CONTACT_HASH_HEX]);

/* contact_save_draft creates (c->id 0) or updates the author's draft;
 * DB_DONE when c->id is not a draft of theirs for this person. */
enum db_status contact_save_draft(struct db *db, struct contact *c);

/* contact_sign signs the author's draft id (checked in zone, as by
 * contact_validate); trainee: it waits for a co-signature.  DB_DONE when there
 * is no such draft; on DB_CONSTRAINT *e names what the note still needs. */
enum db_status contact_sign(struct db *db, struct arena *a, int64_t person_id,
                            int64_t id, int64_t staff_id, bool trainee,
                            const char *zone, struct field_error *e);

/* contact_get reads a contact of person_id (0: a visitor's) and checks a
 * signed one's hash.  DB_ROW, or DB_DONE. */
enum db_status contact_get(struct db *db, struct arena *a, int64_t person_id,
                           int64_t id, struct contact *out);

/* contact_list: the person's contacts newest first, signed ones and the
 * viewer's own drafts, after cursor id `after` (0: from the newest). */
enum db_status contact_list(struct db *db, struct arena *a, int64_t person_id,
                            int64_t viewer, int limit, int64_t after,
                            struct contact **out, int *count);

/* contact_drop_ins: signed Peer Desk drop-ins by someone not enrolled on
 * the viewer's teams (all_teams: every team), contact_on from..to, newest
 * first; *total counts them all.  DB_DONE. */
enum db_status contact_drop_ins(struct db *db, struct arena *a, int64_t viewer,
                                bool all_teams, const char *from,
                                const char *to, int limit, struct contact **out,
                                int *count, int64_t *total);

/* contact_draft_find: the viewer's newest draft for the person; DB_ROW or
 * DB_DONE. */
enum db_status contact_draft_find(struct db *db, struct arena *a,
                                  int64_t person_id, int64_t staff_id,
                                  struct contact *out);

enum db_status contact_add_addendum(struct db *db, int64_t person_id,
                                    int64_t id, int64_t author,
                                    const char *reason, const char *body,
                                    int64_t *addendum_id);

enum db_status contact_addenda(struct db *db, struct arena *a, int64_t id,
                               struct addendum **out, int *count);

/* contact_cosign: a supervisor co-signs or returns (with a comment) a
 * pending note; DB_DONE when none is pending. */
enum db_status contact_cosign(struct db *db, int64_t person_id, int64_t id,
                              int64_t supervisor, bool approve,
                              const char *comment);

/* contact_goal_words turns plan goal numbers (1-based, in the person's
 * newest plan) into the JSON array stored; -1 with *e for an unknown one. */
int contact_goal_words(struct db *db, struct arena *a, int64_t person_id,
                       const int *numbers, int n, const char **json,
                       struct field_error *e);

/* The service code a billable contact kind has unless the installation set
 * another (billing/: the codes and the export). */
#define BILLING_DEFAULT_CODE "H0038"
/* SQL for the code a contact of kind `kind` in program `prog` bills (each
 * a column or "?"): the program's own, else the installation's, else
 * H0038. */
#define BILLING_CODE_SQL(prog, kind)                                           \
	"COALESCE((SELECT pc.code FROM program_service_codes pc"               \
	" WHERE pc.program_id = " prog " AND pc.kind = " kind "),"             \
	" (SELECT sc.code FROM service_codes sc WHERE sc.kind = " kind "),"    \
	" '" BILLING_DEFAULT_CODE "')"

/* What a contact bills (contact_billing.c), and when nothing, why not. */
struct contact_bill {
	const char *code; /* its kind's service code; "" for a kind with none */
	const char *rule; /* the program's rounding rule it is billed under */
	int minutes;      /* start to end; -1 without both, or reversed */
	int units;        /* billed: 0 unless why_not is 0 */
	unsigned why_not; /* UNBILLED_* bits; 0: billable */
};

/* contact_bill_from: what c bills under rule (a unit_rounding_rules code)
 * and code, leaving out the reasons in `ignore`: the one decision the
 * note's page, the API, the billing CSV and the preview share. */
void contact_bill_from(const struct contact *c, const char *rule,
                       const char *code, unsigned ignore,
                       struct contact_bill *out);

/* contact_bill reads the rule and code of c's program (c->team_id's) — the
 * rule in force at `at` (a UTC stamp; NULL: c->signed_at, and for a draft
 * the program's rule now) — into *out by contact_bill_from.  DB_OK. */
enum db_status contact_bill(struct db *db, struct arena *a,
                            const struct contact *c, const char *at,
                            unsigned ignore, struct contact_bill *out);

/* contact_bill_of reads what contact id of person_id bills: DB_ROW, or
 * DB_DONE when there is no such contact. */
enum db_status contact_bill_of(struct db *db, struct arena *a,
                               int64_t person_id, int64_t id,
                               struct contact_bill *out);

/* contact_preview: what draft (a contact of draft->person_id; its team
 * read when team_id is 0) would bill if it were signed now, leaving out
 * what signing settles (UNBILLED_SIGNING).  DB_OK. */
enum db_status contact_preview(struct db *db, struct arena *a,
                               const struct contact *draft,
                               struct contact_bill *out);

/* contact_bill_reasons: why b bills nothing, in plain words ("no end
 * time"), with a code each ("no_end"), into codes[] and words[] (up to
 * max); returns how many.  c: the contact, for its kind's name. */
int contact_bill_reasons(struct arena *a, const struct contact *c,
                         const struct contact_bill *b, const char **codes,
                         const char **words, int max);

/* contact_bill_text: "Billable: 3 units (H0038)" or "Not billable: no end
 * time; no plan goal addressed" — what the form, the note and the preview
 * say.  cosign: a trainee's, billed once a supervisor co-signs it. */
const char *contact_bill_text(struct arena *a, const struct contact *c,
                              const struct contact_bill *b, bool cosign);

#endif
