/* org.h — the directory's organizations as kept by hand (issue 23,
 * point 1), with Waypoint's own additions: recovery-friendly and
 * peer-run flags, partner contacts at the organization and the liaison
 * log of meetings and calls with them (003 VII). */
#ifndef WAYPOINT_ORG_H
#define WAYPOINT_ORG_H

#include "../../core/arena.h"
#include "../../core/choice.h"
#include "../../core/field_error.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdbool.h>

struct dir_org {
	const char *id, *name, *alternate_name, *description, *email;
	const char *website, *phone;
	bool recovery_friendly, peer_run;
};

struct dir_partner {
	int64_t id;
	const char *organization_id, *name, *title, *phone, *email, *note;
	const char *updated_at;
};

struct dir_liaison {
	int64_t id;
	const char *organization_id, *happened_on, *kind, *summary, *follow_up;
	int64_t staff_id;
	const char *staff_name, *created_at;
};

extern const struct field dir_org_fields[];
extern const int dir_org_field_count;
extern const struct field dir_partner_fields[];
extern const int dir_partner_field_count;
extern const struct field dir_liaison_fields[];
extern const int dir_liaison_field_count;
extern const struct choice dir_liaison_kinds[];
extern const int dir_liaison_kind_count;

/* Reads the organization with HSDS id: DB_ROW, DB_DONE, or the failure. */
enum db_status dir_org_get(struct db *db, struct arena *a, const char *id,
                           struct dir_org *o);

/* Writes o (new when old is NULL: o->id gets a new id) inside the
 * caller's transaction, re-indexing its services. */
enum db_status dir_org_save(struct db *db, struct arena *a, struct dir_org *o,
                            const struct dir_org *old);

/* Removes the organization with its services, locations and the rest,
 * inside the caller's transaction. */
enum db_status dir_org_remove(struct db *db, struct arena *a, const char *id);

/* Organizations by name after the cursor (a name and id, "" for the
 * first page): up to limit + 1 into *out. */
enum db_status dir_org_list(struct db *db, struct arena *a,
                            const char *after_name, const char *after_id,
                            int limit, struct dir_org **out, int *n);

enum db_status dir_partners_of(struct db *db, struct arena *a, const char *org,
                               struct dir_partner **out, int *n);
enum db_status dir_partner_add(struct db *db, const struct dir_partner *p,
                               int64_t *id);
/* DB_ROW when it was removed, DB_DONE when org has no such partner. */
enum db_status dir_partner_remove(struct db *db, const char *org, int64_t id);

enum db_status dir_liaison_of(struct db *db, struct arena *a, const char *org,
                              struct dir_liaison **out, int *n);
enum db_status dir_liaison_add(struct db *db, const struct dir_liaison *l,
                               int64_t *id);

#endif
