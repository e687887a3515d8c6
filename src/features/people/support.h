/* support.h — a person's support network: the natural supports (family,
 * friends, a sponsor, a neighbour) they name, how to reach them, and
 * whether the person lets us contact them.  A removed support is kept,
 * marked, so the record shows what was known when. */
#ifndef WAYPOINT_SUPPORT_H
#define WAYPOINT_SUPPORT_H

#include "../../core/arena.h"
#include "../../core/field_error.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdbool.h>
#include <stdint.h>

struct support {
	int64_t id, person_id;
	const char *name, *relationship, *phone, *email;
	bool may_contact;
	const char *created_at, *removed_at; /* removed_at "" while current */
};

/* The fields the form and the API read, and the API writes. */
extern const struct field support_fields[];
extern const int support_field_count;

/* support_validate names the first missing or malformed field. */
int support_validate(struct arena *a, const struct support *s,
                     struct field_error *e);

enum db_status support_add(struct db *db, const struct support *s,
                           int64_t user_id, int64_t *id);
/* support_remove / support_set_contact: DB_OK, or DB_DONE when the person
 * has no such current support. */
enum db_status support_remove(struct db *db, int64_t person_id, int64_t id,
                              int64_t user_id);
enum db_status support_set_contact(struct db *db, int64_t person_id, int64_t id,
                                   bool may_contact);
/* support_list: current supports first, then removed ones (at most 100). */
enum db_status support_list(struct db *db, struct arena *a, int64_t person_id,
                            struct support **out, int *count);

/* support_overview writes the person's section of the overview page: the
 * current supports, one tap to call those we may contact. */
void support_overview(struct req *r);

#endif
