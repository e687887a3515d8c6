/* program.h — a program: the service setting peers work in (an inpatient
 * unit, a community center, a Peer Desk), with its time zone, how minutes
 * round to billing units, and the crisis lines shown on every person's page. */
#ifndef WAYPOINT_PROGRAM_H
#define WAYPOINT_PROGRAM_H

#include "../../core/arena.h"
#include "../../core/choice.h"
#include "../../core/field_error.h"
#include "../../auth/audit.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdbool.h>
#include <stdint.h>

enum {
	PROGRAM_NAME_MAX = 120, /* characters */
	PROGRAM_MAX_CRISIS_LINES = 10,
	CRISIS_LABEL_MAX = 100,
	CRISIS_NUMBER_MAX = 30,
};

struct crisis_line {
	const char *label;  /* "988 Suicide & Crisis Lifeline" */
	const char *number; /* "988" */
};

struct program {
	int64_t id;
	const char *name, *kind, *time_zone, *unit_rounding;
	const char *created_at, *updated_at;
	bool require_two_step; /* everyone on its teams signs in with a code */
	struct crisis_line crisis_lines[PROGRAM_MAX_CRISIS_LINES];
	int crisis_line_count;
};

extern const struct choice program_kinds[];
extern const int program_kind_count;
extern const struct choice unit_rounding_rules[];
extern const int unit_rounding_rule_count;

/* billing_units turns minutes into 15-minute units by rule (a code from
 * unit_rounding_rules); -1 for an unknown rule or negative minutes. */
int billing_units(const char *rule, int minutes);

/* The fields forms, the API and its answers have (web/fields.h). */
extern const struct field program_fields[];
extern const int program_field_count;

/* program_validate checks p (trimming nothing: callers trim) and, when no
 * crisis line is given, adds 988.  Returns 0 or -1 with *e filled (its
 * message in arena a). */
int program_validate(struct arena *a, struct program *p, struct field_error *e);

/* program_parse_crisis_lines reads "Label: number" lines (the form's
 * textarea) into p.  Returns 0 or -1 with *e naming the line. */
int program_parse_crisis_lines(struct arena *a, const char *text,
                               struct program *p, struct field_error *e);

/* Storage.  Strings read back live in arena a.  program_create audits the
 * new program (a setting) in the same transaction. */
enum db_status program_create(struct db *db, const struct actor *who,
                              const struct program *p, int64_t *id);
/* program_get: DB_ROW when found, DB_DONE when there is no such program. */
enum db_status program_get(struct db *db, struct arena *a, int64_t id,
                           struct program *out);
/* program_list: up to limit programs with id > after, in id order. */
enum db_status program_list(struct db *db, struct arena *a, int64_t after,
                            int limit, struct program **out, int *count);

struct req;
/* program_list_page reads the request's ?limit= and ?cursor= and fetches
 * up to limit + 1 programs (the extra one says another page follows).
 * Returns 0, or -1 having answered the request (400 or a database error). */
int program_list_page(struct req *r, struct program **list, int *count,
                      int *limit);

#endif
