/* billing.h — what a contact bills: the service code for its kind (H0038
 * unless the installation set another) and 15-minute units by its
 * program's rounding rule, and the CSV of billable units per program and
 * period. */
#ifndef WAYPOINT_BILLING_H
#define WAYPOINT_BILLING_H

#include "../../core/buf.h"
#include "../notes/contact.h"

/* The export's period: which program, from and to (dates, inclusive),
 * as the billing page's form asks for it. */
struct billing_period {
	int64_t program;
	const char *from, *to;
};
extern const struct field billing_period_fields[];
extern const int billing_period_field_count;

/* billing_period_validate: a program, two dates, to not before from. */
int billing_period_validate(struct arena *a, const struct billing_period *p,
                            struct field_error *e);

/* A billable kind's service code, as the page and the API show it (only
 * the code is read). */
struct service_code {
	const char *kind, *label, *code;
};
extern const struct field service_code_fields[];
extern const int service_code_field_count;

/* service_code_validate: the code is one billing_code_ok accepts. */
int service_code_validate(struct arena *a, const struct service_code *c,
                          struct field_error *e);

/* billing_csv writes one row per billable contact of program_id (0: of
 * every program) from `from` to `to` (dates, inclusive) into out (NULL:
 * only count); *rows counts them, *flagged those whose author lacked a
 * billing-required credential of their role on the contact's date
 * (workforce/credential.h): they stay in the export, the last column,
 * credential_problem, saying why ("CPS certification: expired
 * 2026-10-31"). */
enum db_status billing_csv(struct db *db, struct arena *a, int64_t program_id,
                           const char *from, const char *to, struct buf *out,
                           int *rows, int *flagged);

/* billing_set_code sets the installation's code for a billable kind. */
enum db_status billing_set_code(struct db *db, const char *kind,
                                const char *code);

/* billing_code_ok: capital letters, digits and hyphens, 1 to 12. */
bool billing_code_ok(const char *code);

/* billing_code: the installation's code for kind (H0038 unless set). */
enum db_status billing_code(struct db *db, struct arena *a, const char *kind,
                            const char **code);

#endif
