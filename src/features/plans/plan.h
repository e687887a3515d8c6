/* plan.h — the recovery plan, written with the person: goals in their own
 * words by life domain, with why each matters, a target date, a status,
 * dated progress and steps (what, who, by when, done); strengths and
 * barriers, internal or external, each with a strategy.
 *
 * Every change is a new version holding the whole plan as a JSON document,
 * with its author (a staff member, or the person with them), who leads the
 * plan, and — for a trainee's change — the co-signature state.  The agreed
 * version is the newest one the person signed that needs no co-signature
 * or has it. */
#ifndef WAYPOINT_PLAN_H
#define WAYPOINT_PLAN_H

#include "../../core/arena.h"
#include "../../core/choice.h"
#include "../../core/field_error.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

extern const struct choice plan_domains[], plan_statuses[], plan_leaderships[],
    plan_authors[], plan_step_owners[], plan_side_kinds[], plan_side_lists[],
    plan_signature_methods[];
extern const int plan_domain_count, plan_status_count, plan_leadership_count,
    plan_author_count, plan_step_owner_count, plan_side_kind_count,
    plan_side_list_count, plan_signature_method_count;

/* The objects of a plan document, each with its field table (the labels
 * are the page forms'): a goal holds dated progress and steps, and the
 * plan lists goals, strengths and barriers (sides).  Text is as written,
 * never trimmed: the document is stored as it came. */
struct plan_goal {
	const char *words, *domain, *why, *target_date, *status;
};
struct plan_progress {
	const char *on, *note;
};
struct plan_step {
	const char *what, *who, *by;
	bool done;
};
struct plan_side {
	const char *kind, *text, *strategy;
};

/* The list a strength or a barrier goes on, as the page's form asks. */
struct plan_side_list {
	const char *list;
};

/* What a change says besides the document: who leads the plan, who wrote
 * the change (staff, or the person with staff) and, in a line, what
 * changed. */
struct plan_change {
	const char *leadership, *author_kind, *summary;
};

/* A goal's wording corrected: the new words, and who wrote them (staff,
 * or the person with staff). */
struct plan_wording {
	const char *words, *author_kind;
};

/* The person's signature of a version: typed, or drawn as path data. */
struct plan_signature {
	const char *signer_name, *signed_on, *signature_method, *signature_path;
};

extern const struct field plan_goal_fields[], plan_progress_fields[],
    plan_step_fields[], plan_side_fields[], plan_change_fields[],
    plan_side_list_fields[], plan_signature_fields[], plan_wording_fields[];
extern const int plan_goal_field_count, plan_progress_field_count,
    plan_step_field_count, plan_side_field_count, plan_change_field_count,
    plan_side_list_field_count, plan_signature_field_count,
    plan_wording_field_count;

/* PLAN_FIELDS(goal): plan_goal_fields and its count, for the fields_*
 * calls. */
#define PLAN_FIELDS(kind) plan_##kind##_fields, plan_##kind##_field_count

struct plan_version {
	int64_t id, person_id;
	int version;
	json_t *document; /* owned; NULL in lists */
	const char *leadership, *author_kind, *author_name, *summary;
	const char *created_at;
	const char *cosign_state; /* none pending cosigned returned */
	const char *cosign_comment, *cosigned_by_name;
	const char *signer_name, *signed_on; /* "" until the person signs */
	const char *signature_method, *signature_path;
};

/* plan_validate checks a plan document; the field at fault is a path such
 * as "goals[2].domain", made in a. */
int plan_validate(json_t *doc, struct arena *a, struct field_error *e);

/* plan_save stores doc as the person's next version and returns its
 * number; a trainee's version waits for co-signature. */
enum db_status plan_save(struct db *db, int64_t person_id, json_t *doc,
                         const char *leadership, const char *author_kind,
                         int64_t author_id, bool trainee, const char *summary,
                         int *version);

/* plan_get: version n (0: the newest).  DB_ROW, or DB_DONE when none. */
enum db_status plan_get(struct db *db, struct arena *a, int64_t person_id,
                        int n, struct plan_version *out);

/* plan_history: every version, newest first, without documents (≤ 500). */
enum db_status plan_history(struct db *db, struct arena *a, int64_t person_id,
                            struct plan_version **out, int *count);

/* plan_agreed: the agreed version's number, 0 when none. */
enum db_status plan_agreed(struct db *db, int64_t person_id, int *version);

/* plan_summary_quote: text as a change's summary quotes it, on one line
 * and cut at a word boundary with "…" (60 characters at most). */
const char *plan_summary_quote(struct arena *a, const char *text);

enum plan_reword {
	PLAN_REWORDED,       /* saved as the next version */
	PLAN_REWORD_INVALID, /* *e names the field */
	PLAN_REWORD_NO_GOAL, /* no goal g in the newest version */
	PLAN_REWORD_FAILED,  /* the database failed */
};

/* plan_reword corrects the wording of goal g (1-based) of the newest
 * version: that version with the goal's words replaced is saved as the
 * next one, under the leadership it had, and the one before is kept as it
 * was.  A trainee's waits for co-signature, as every plan change does.
 * New words that are empty, too long or the same as before are refused,
 * naming the field ("words"). */
enum plan_reword plan_reword(struct db *db, struct arena *a, int64_t person_id,
                             int64_t g, const struct plan_wording *w,
                             int64_t author_id, bool trainee, int *version,
                             struct field_error *e);

/* plan_sign_validate checks a signature: the typed name, the date, the
 * method (drawn or typed; typed when not said, which it then sets) and,
 * when drawn, the path data. */
int plan_sign_validate(struct arena *a, struct plan_signature *s,
                       struct field_error *e);

/* plan_sign records the person's signature of version n: DB_OK, or DB_DONE
 * when there is no such unsigned version. */
enum db_status plan_sign(struct db *db, int64_t person_id, int n,
                         const char *signer_name, const char *signed_on,
                         const char *method, const char *path);

/* plan_cosign: a supervisor co-signs (or returns, with a comment) a
 * trainee's version n: DB_OK, or DB_DONE when none is pending. */
enum db_status plan_cosign(struct db *db, int64_t person_id, int n,
                           int64_t supervisor, bool approve,
                           const char *comment);

#endif
