/* language.h — the languages each staff member speaks (issue 27, point
 * 2), ASL among them, so that a person's interpreter need can be matched
 * to staff: the list a form offers, a staff member's own, and who speaks
 * one. */
#ifndef WAYPOINT_LANGUAGE_H
#define WAYPOINT_LANGUAGE_H

#include "../../core/arena.h"
#include "../../core/field_error.h"
#include "../../store/db.h"

#include <stdint.h>

enum {
	LANGUAGES_MAX = 20, /* one staff member's */
	LANGUAGE_CHARS = 60,
	SPEAKERS_MAX = 200,
};

/* The languages a form offers as checkboxes; others are typed. */
extern const char *const language_common[];
extern const int language_common_count;

/* language_check: each trimmed (in place, into arena a), 1 to 60
 * characters of one line, at most 20, none twice (case aside): 0, or -1
 * with *e naming field. */
int language_check(struct arena *a, const char **list, int n, const char *field,
                   struct field_error *e);

enum db_status languages_of(struct db *db, struct arena *a, int64_t user_id,
                            const char ***out, int *n);
/* languages_set replaces a staff member's languages (caller's
 * transaction). */
enum db_status languages_set(struct db *db, int64_t user_id,
                             const char *const *list, int n);

struct speaker {
	int64_t id;
	const char *name, *role;
};
/* speakers_of: enabled staff who speak language (case aside), by name. */
enum db_status speakers_of(struct db *db, struct arena *a, const char *language,
                           struct speaker **out, int *n);

#endif
