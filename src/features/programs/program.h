/* program.h — a program: the service setting peers work in (an inpatient
 * unit, a community center, a Peer Desk), with its time zone, how minutes
 * round to billing units, and the crisis lines shown on every person's page. */
#ifndef WAYPOINT_PROGRAM_H
#define WAYPOINT_PROGRAM_H

#include "../../core/arena.h"
#include "../../core/choice.h"
#include "../../core/clock.h"
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
	WELLNESS_LABEL_MAX = 60, /* characters */
	PROGRAM_MAX_CODES = 16,  /* service codes of its own */
	PROGRAM_DATE_SIZE = 11,  /* "2026-12-04" and NUL */
};

struct crisis_line {
	const char *label;  /* "988 Suicide & Crisis Lifeline" */
	const char *number; /* "988" */
};

/* A program's own service code for a billable kind of contact. */
struct program_code {
	const char *kind, *code;
};

struct program {
	int64_t id;
	const char *name, *kind, *time_zone, *unit_rounding;
	const char *created_at, *updated_at;
	bool require_two_step; /* everyone on its teams signs in with a code */
	/* 42 CFR Part 2 applies: what leaves the program needs a release
	 * (features/disclosures/) */
	bool part2;
	/* an open referral with no activity for this many days is overdue
	 * (1–365); 0: not given (14 for a new program, else unchanged); -1:
	 * given but not a whole number of days in range */
	int referral_overdue_days;
	struct crisis_line crisis_lines[PROGRAM_MAX_CRISIS_LINES];
	int crisis_line_count;
	/* what its persons' wellness plan is called; "": the installation's */
	const char *wellness_plan_label;
	/* its own service codes (program_codes_get reads them; program_get
	 * does not): a kind without one bills the installation's code */
	struct program_code service_codes[PROGRAM_MAX_CODES];
	int service_code_count;
};

/* A change of rounding rule, as the program's history shows it. */
struct rounding_change {
	const char *rule;
	const char *effective_on; /* a date in the program's zone; "": from
	                             the start */
	const char *changed_by;   /* the staff member's name; "" */
	const char *changed_at;
};

extern const struct choice program_kinds[];
extern const int program_kind_count;
extern const struct choice unit_rounding_rules[];
extern const int unit_rounding_rule_count;

/* billing_units turns minutes into 15-minute units by rule (a code from
 * unit_rounding_rules); -1 for an unknown rule or negative minutes. */
int billing_units(const char *rule, int minutes);

/* SQL for the rule of program `prog` that a note signed at `at` (each a
 * column or "?") uses: the newest change counting by then; NULL for a
 * draft (no signed_at).  See program_update. */
#define PROGRAM_RULE_AT_SQL(prog, at)                                          \
	"(SELECT r.rule FROM program_rounding_rules r WHERE r.program_id "     \
	"= " prog " AND r.effective_from <= " at                               \
	" ORDER BY r.id DESC LIMIT 1)"

/* The fields forms, the API and its answers have (web/fields.h). */
extern const struct field program_fields[];
extern const int program_field_count;

/* An edit's one field beyond the program's: from which date a new
 * rounding rule counts (read only when the rule changes). */
struct program_edit {
	const char *rounding_from;
};
extern const struct field program_edit_fields[];
extern const int program_edit_field_count;

/* program_field_label: the label of a program's field or an edit's,
 * "Crisis lines", "Service codes", or the name itself. */
const char *program_field_label(const char *field);

/* program_wellness_label: what p's persons' wellness plan is called. */
const char *program_wellness_label(const struct program *p,
                                   const char *installation_label);

/* program_validate checks p (trimming nothing: callers trim) and, when no
 * crisis line is given, adds 988.  Returns 0 or -1 with *e filled (its
 * message in arena a). */
int program_validate(struct arena *a, struct program *p, struct field_error *e);

/* program_parse_crisis_lines reads "Label: number" lines (the form's
 * textarea) into p.  Returns 0 or -1 with *e naming the line. */
int program_parse_crisis_lines(struct arena *a, const char *text,
                               struct program *p, struct field_error *e);

/* Dates in the program's zone (program_clock.c).  program_local_date: the
 * date in zone tz at a UTC stamp (NULL: now); program_day_start: the UTC
 * stamp of the first moment of date in tz; program_next_day: the date
 * after (YYYY-MM-DD).  Return 0, or -1 for a bad zone, stamp or date. */
int program_local_date(const char *tz, const char *stamp,
                       char out[PROGRAM_DATE_SIZE]);
int program_day_start(const char *tz, const char *date,
                      char out[CLOCK_STAMP_SIZE]);
void program_next_day(const char *date, char out[PROGRAM_DATE_SIZE]);

/* Storage.  Strings read back live in arena a.  program_create audits the
 * new program (a setting) in the same transaction. */
enum db_status program_create(struct db *db, const struct actor *who,
                              const struct program *p, int64_t *id);
/* program_get: DB_ROW when found, DB_DONE when there is no such program. */
enum db_status program_get(struct db *db, struct arena *a, int64_t id,
                           struct program *out);
/* program_update replaces program id's settings with p's (crisis lines
 * and service codes included) in one transaction with its audit entry.
 * A change of unit_rounding counts from the date ed->rounding_from in p's
 * time zone, which no signed note of the program's teams may have reached
 * (its units would change).  DB_OK; DB_DONE when there is no such program;
 * DB_CONSTRAINT with *e naming the field (the name is taken, the date is
 * missing or too early); else the error.  Nothing is written unless
 * DB_OK. */
enum db_status program_update(struct db *db, struct arena *a,
                              const struct actor *who, int64_t id,
                              const struct program *p,
                              const struct program_edit *ed,
                              struct field_error *e);
/* program_codes_get fills p->service_codes from the database. */
enum db_status program_codes_get(struct db *db, struct arena *a,
                                 struct program *p);
/* program_rounding_history: every rule p has had, newest change first. */
enum db_status program_rounding_history(struct db *db, struct arena *a,
                                        int64_t id,
                                        struct rounding_change **out,
                                        int *count);
/* program_rounding_earliest: the first date a new rule may count from
 * without reaching a signed note, and not before today (in p's zone). */
enum db_status program_rounding_earliest(struct db *db, const struct program *p,
                                         char out[PROGRAM_DATE_SIZE]);
/* program_list: up to limit programs with id > after, in id order. */
enum db_status program_list(struct db *db, struct arena *a, int64_t after,
                            int limit, struct program **out, int *count);

struct req;

/* The add form (p->id 0) and the edit form, one page: what was typed,
 * the error when there is one.  The edit form also has the rounding
 * rule's date and the service codes it is given (billing/ knows the
 * kinds).  The caller replies (reply_html) with its status. */
struct program_code_field {
	const char *name, *label, *value; /* name: code-<kind> */
};
struct program_form_view {
	const struct program *p;
	const char *crisis_text;   /* the crisis lines as the form has them */
	const char *rounding_from; /* edit: unit_rounding_from's value */
	const struct program_code_field *codes; /* edit */
	int code_count;
	const struct field_error *e; /* NULL when none */
};
void program_form(struct req *r, const struct program_form_view *v);

/* program_read_crisis_lines reads the JSON body's crisis_lines array;
 * -1 having answered 400. */
int program_read_crisis_lines(struct req *r, struct program *p);
/* program_read_overdue_days reads the JSON body's referral_overdue_days
 * (absent or null: 0); -1 having answered 400 for another type. */
int program_read_overdue_days(struct req *r, struct program *p);
/* program_overdue_days_text: the form's value as program's days (""
 * → 0, not a number in range → -1). */
int program_overdue_days_text(const char *text);

/* program_reply answers with one program as JSON, its service codes and
 * rounding history included (read here). */
void program_reply(struct req *r, int status, const struct program *p);

/* program_list_page reads the request's ?limit= and ?cursor= and fetches
 * up to limit + 1 programs (the extra one says another page follows).
 * Returns 0, or -1 having answered the request (400 or a database error). */
int program_list_page(struct req *r, struct program **list, int *count,
                      int *limit);

#endif
