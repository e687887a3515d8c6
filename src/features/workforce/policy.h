/* policy.h — the program's code of ethics and policies (issue 27, point 5):
 * each policy has a unique title and numbered versions of plain text; the
 * newest version is the current one.  Every staff member acknowledges the
 * current version, again when a new version is published and again once
 * their acknowledgement is older than workforce_settings.policy_ack_days
 * (365 by default).  Managers and admins (PERM_WORKFORCE) write policies
 * and see who has not acknowledged. */
#ifndef WAYPOINT_POLICY_H
#define WAYPOINT_POLICY_H

#include "../../auth/audit.h"
#include "../../core/arena.h"
#include "../../core/field_error.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdbool.h>
#include <stdint.h>

enum {
	POLICY_TITLE_MAX = 200,
	POLICY_BODY_MAX = 100000, /* characters */
	POLICY_LIST_MAX = 500,
	POLICY_PENDING_MAX = 1000,
};

/* A policy with its current version; my_ack_at is the requester's
 * acknowledgement of that version ("" none), due whether they must
 * acknowledge it (none, or older than the setting); outstanding: how many
 * staff members must (filled for lists). */
struct policy {
	int64_t id;
	const char *title, *body;
	int64_t version_id, version;
	const char *published_at, *published_by;
	const char *my_ack_at;
	bool due;
	int64_t outstanding;
	int64_t
	    acked_version; /* policy_due_for: the newest they acknowledged */
};

/* What the create form and POST /api/v1/policies take: the title and the
 * text of version 1. */
struct policy_input {
	int64_t id;
	const char *title, *body;
};
extern const struct field policy_input_fields[];
extern const int policy_input_field_count;

/* A version: what POST …/versions takes (body), and the history. */
struct policy_version {
	int64_t id, version;
	const char *body, *published_at, *published_by;
};
extern const struct field policy_version_fields[];
extern const int policy_version_field_count;

/* An acknowledgement as POST …/acknowledge takes it. */
struct policy_ack_input {
	int64_t version_id;
};
extern const struct field policy_ack_fields[];
extern const int policy_ack_field_count;

/* A staff member who must acknowledge a policy's current version: the
 * newest version of it they acknowledged (0 none) and when. */
struct policy_pending {
	int64_t user_id;
	const char *name, *role;
	int64_t last_version;
	const char *last_ack_at;
};

/* policy_ack_cutoff writes the stamp before which an acknowledgement has
 * lapsed: now less workforce_settings.policy_ack_days. */
enum db_status policy_ack_cutoff(struct db *db, char out[32], int *days);

/* policy_list: every policy with its current version, for user_id
 * (my_ack_at, due) and with each one's outstanding count. */
enum db_status policy_list(struct db *db, struct arena *a, int64_t user_id,
                           const char *cutoff, struct policy **out, int *n);

/* policy_get: policy id with its current version (body included) for
 * user_id; DB_ROW, DB_DONE when there is none, or the error. */
enum db_status policy_get(struct db *db, struct arena *a, int64_t id,
                          int64_t user_id, const char *cutoff,
                          struct policy *out);

/* policy_versions_of: the versions, newest first (bodies only when
 * with_body). */
enum db_status policy_versions_of(struct db *db, struct arena *a, int64_t id,
                                  bool with_body, struct policy_version **out,
                                  int *n);

/* policy_version_get: version number `version` of policy id (with its
 * body); DB_ROW, DB_DONE, or the error. */
enum db_status policy_version_get(struct db *db, struct arena *a, int64_t id,
                                  int64_t version, struct policy_version *out);

/* policy_pending_of: active staff members who must acknowledge policy
 * id's current version, by name. */
enum db_status policy_pending_of(struct db *db, struct arena *a, int64_t id,
                                 const char *cutoff,
                                 struct policy_pending **out, int *n);

/* The outcome of a change: done; refused with *e (400); a conflict with
 * *e (409: a title taken, a version no longer current); no such policy or
 * version with *e (404); or a database failure. */
enum policy_change {
	POLICY_DONE,
	POLICY_REFUSED,
	POLICY_CONFLICT,
	POLICY_NOT_FOUND,
	POLICY_FAILED,
};

/* policy_create validates p and adds the policy with version 1, audited,
 * in one transaction; *id the policy's. */
enum policy_change policy_create(struct db *db, struct arena *a,
                                 const struct actor *who,
                                 const struct policy_input *p, int64_t *id,
                                 struct field_error *e);

/* policy_publish validates v and adds the next version of policy id (the
 * current one from now on), audited; *version_id, *version: the new one. */
enum policy_change policy_publish(struct db *db, struct arena *a,
                                  const struct actor *who, int64_t id,
                                  const struct policy_version *v,
                                  int64_t *version_id, int64_t *version,
                                  struct field_error *e);

/* policy_acknowledge records that who->user_id read version_id of policy
 * id.  Only the current version: an older one is a conflict naming
 * version_id.  Idempotent: while an acknowledgement of it has not lapsed,
 * another changes nothing (*recorded false); a lapsed one is renewed.
 * Each recorded acknowledgement is audited.  *at: when acknowledged. */
enum policy_change policy_acknowledge(struct db *db, struct arena *a,
                                      const struct actor *who, int64_t id,
                                      int64_t version_id, const char *cutoff,
                                      const char **at, bool *recorded,
                                      struct field_error *e);

/* For the Today page: the current versions user_id must acknowledge (at
 * most max, the oldest published first; *count all of them; my_ack_at and
 * acked_version: their newest acknowledgement of any version of it), and
 * how many active staff members must acknowledge at least one. */
enum db_status policy_due_for(struct db *db, struct arena *a, int64_t user_id,
                              const char *cutoff, int max, struct policy **out,
                              int *n, int64_t *count);
enum db_status policy_staff_outstanding(struct db *db, const char *cutoff,
                                        int64_t *count);

#endif
