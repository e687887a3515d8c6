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

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

extern const struct choice plan_domains[], plan_statuses[], plan_leaderships[];
extern const int plan_domain_count, plan_status_count, plan_leadership_count;

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

/* plan_sign_validate checks a signature: the typed name, the date, the
 * method (drawn or typed) and, when drawn, the path data. */
int plan_sign_validate(const char *name, const char *on, const char *method,
                       const char *path, struct field_error *e);

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
