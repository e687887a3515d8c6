/* credential.h — the workforce's credentials (issue 27, point 1): the
 * kinds the program keeps (CPS, WRAP facilitator, CPR, driver's licence…:
 * which staff roles must hold one, whether a note bills without it), each
 * staff member's credentials (number, issuer, issue and expiry dates), the
 * workforce settings (credential_warn_days and the other parts'), the
 * alerts before expiry, and the billing rule: a billable note whose author
 * lacked, on the contact's date, a billing-required credential of their
 * role is flagged in the export, never silently billed. */
#ifndef WAYPOINT_CREDENTIAL_H
#define WAYPOINT_CREDENTIAL_H

#include "../../auth/permissions.h"
#include "../../core/arena.h"
#include "../../core/field_error.h"
#include "../../core/local_time.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdbool.h>
#include <stdint.h>

enum {
	CREDENTIAL_KINDS_MAX = 200,
	CREDENTIALS_MAX = 200, /* one staff member's */
	WARN_DAYS_MAX = 5,
};

/* ---- workforce settings (the one row of workforce_settings) ---------- */

struct workforce_settings {
	const char *credential_warn_days; /* "60,30" */
	int64_t trainee_months, trainee_hours, policy_ack_days;
};

enum db_status workforce_settings_get(struct db *db, struct arena *a,
                                      struct workforce_settings *out);
enum db_status workforce_settings_put(struct db *db,
                                      const struct workforce_settings *s);

/* workforce_settings_validate: each field in its range, the warning days
 * a list of 1 to 5 distinct day counts (1..3650); rewrites
 * credential_warn_days largest first ("60,30").  0, or -1 with *e naming
 * every field at fault. */
int workforce_settings_validate(struct arena *a, struct workforce_settings *s,
                                struct field_error *e);

/* warn_days_max: the largest count of "60,30" (0 when none). */
int warn_days_max(const char *list);

/* ---- credential kinds --------------------------------------------------- */

struct credential_kind {
	int64_t id;
	const char *name;
	bool billing_required;
	unsigned roles; /* 1 << ROLE_… that must hold it */
};
extern const struct field credential_kind_fields[];
extern const int credential_kind_field_count;

/* The staff roles a kind may name, in the form's order. */
extern const enum role credential_roles[];
extern const int credential_role_count;

enum db_status credential_kinds_list(struct db *db, struct arena *a,
                                     struct credential_kind **out, int *n);
/* DB_ROW, or DB_DONE when there is no such kind. */
enum db_status credential_kind_get(struct db *db, struct arena *a, int64_t id,
                                   struct credential_kind *out);

/* credential_kind_validate: the table's checks and a name no other kind
 * has (id: the kind being edited, 0 new). */
int credential_kind_validate(struct db *db, struct arena *a,
                             const struct credential_kind *k, int64_t id,
                             struct field_error *e);

/* credential_kind_save creates (id 0: *id set) or updates a kind and its
 * roles, in the caller's transaction. */
enum db_status credential_kind_save(struct db *db,
                                    const struct credential_kind *k,
                                    int64_t *id);

/* ---- a staff member's credentials --------------------------------------- */

struct credential {
	int64_t id, user_id, kind_id;
	const char *kind_name, *number, *issuer, *issued_on, *expires_on;
	bool billing_required;
	bool superseded; /* a later one of the kind replaces it */
};
extern const struct field credential_fields[];
extern const int credential_field_count;

/* credentials_of: a staff member's credentials, by kind, newest first. */
enum db_status credentials_of(struct db *db, struct arena *a, int64_t user_id,
                              struct credential **out, int *n);
enum db_status credential_get(struct db *db, struct arena *a, int64_t user_id,
                              int64_t id, struct credential *out);

/* credential_validate: the table (issued_on not in the future in zone),
 * expires_on not before issued_on, a kind that exists. */
int credential_validate(struct db *db, struct arena *a,
                        const struct credential *c, const char *zone,
                        struct field_error *e);

enum db_status credential_add(struct db *db, int64_t user_id,
                              const struct credential *c, int64_t by,
                              int64_t *id);
enum db_status credential_update(struct db *db, int64_t user_id, int64_t id,
                                 const struct credential *c);
enum db_status credential_remove(struct db *db, int64_t user_id, int64_t id);

/* What a credential is on the date today, warn days ahead. */
enum credential_state {
	CRED_CURRENT,
	CRED_EXPIRING,
	CRED_EXPIRED,
	CRED_SUPERSEDED,
};
enum credential_state credential_state_on(const struct credential *c,
                                          const char *today, int warn,
                                          int *days_left);
const char *credential_state_name(enum credential_state s);
/* "Current", "Expires in 12 days", "Expired 2026-10-31", … */
const char *credential_state_text(struct arena *a, const struct credential *c,
                                  enum credential_state s, int days_left);

/* credential_kinds_missing: the kinds role requires that user_id holds
 * none of (names, in arena a). */
enum db_status credential_kinds_missing(struct db *db, struct arena *a,
                                        int64_t user_id, enum role role,
                                        const char ***names, int *n);

/* ---- alerts (the Today page) -------------------------------------------- */

struct credential_alert {
	int64_t credential_id, user_id;
	const char *staff_name, *kind_name, *expires_on; /* "" missing */
};

/* credential_alerts: credentials expiring on or before through (or
 * expired), not replaced by a later one — of user_id, or everyone's when
 * user_id is 0 — soonest first, at most max; *count: how many in all. */
enum db_status credential_alerts(struct db *db, struct arena *a,
                                 int64_t user_id, const char *through, int max,
                                 struct credential_alert **out, int *n,
                                 int64_t *count);

/* credential_missing_all: staff (enabled) lacking a kind their role
 * requires, at most max; *count in all. */
enum db_status credential_missing_all(struct db *db, struct arena *a, int max,
                                      struct credential_alert **out, int *n,
                                      int64_t *count);

/* ---- billing ------------------------------------------------------------ */

/* What the billing export checks each note's author against: the
 * billing-required kinds per role and the credentials of those kinds. */
struct credential_rules;

enum db_status credential_rules_load(struct db *db, struct arena *a,
                                     struct credential_rules **out);

/* credential_problem: why the author (user_id, role name) lacked a
 * billing-required credential on date on — "CPS certification: expired
 * 2026-10-31", "…: missing", several joined by "; " — or NULL. */
const char *credential_problem(struct arena *a,
                               const struct credential_rules *rules,
                               int64_t user_id, const char *role,
                               const char *on);

#endif
