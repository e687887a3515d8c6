/* batch.h — billing batches (issue 26, point 3): what a program sends its
 * payer for a period, claims-ready, each billable service at most once.
 *
 * A batch takes every billable service of the program in the period —
 * signed, co-signed when a trainee's, of a billable kind, with times,
 * place and a plan goal, at least one unit under the program's rounding
 * rule — that no earlier batch sent; a re-export (with its reason) sends
 * the period's services again and names the batches it repeats.  Under
 * 42 CFR Part 2 each person goes only where disclosure_check allows
 * payment to the program's payer on the service's date; the others are
 * left out and listed with the reason, and each person sent is recorded
 * in the accounting of disclosures.  The batch, its lines (the CSV row
 * as sent, so that a download is the same file every time), who was left
 * out, the disclosures and the audit entry are one transaction. */
#ifndef WAYPOINT_BATCH_H
#define WAYPOINT_BATCH_H

#include "../../core/arena.h"
#include "../../core/buf.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdbool.h>
#include <stdint.h>

/* The longest period one batch covers (days, both ends counted). */
enum { BATCH_PERIOD_DAYS_MAX = 366, BATCH_REASON_MAX = 500 };

/* What a program bills with (program_billing; defaults when unset). */
struct program_billing {
	int64_t program_id;
	const char *payer_name;       /* "Medicaid"; "the payer" unless set */
	const char *trainee_modifier; /* added to a trainee's services, "" */
	int64_t unit_rate_cents;      /* the charge per unit, 0 unless set */
};
extern const struct field program_billing_fields[];
extern const int program_billing_field_count;

enum db_status program_billing_get(struct db *db, struct arena *a,
                                   int64_t program_id,
                                   struct program_billing *out);
int program_billing_validate(struct arena *a, const struct program_billing *p,
                             struct field_error *e);
enum db_status program_billing_put(struct db *db,
                                   const struct program_billing *p);

/* What a manager asks for. */
struct batch_request {
	int64_t program_id;
	const char *from, *to; /* dates, inclusive */
	bool reexport;
	const char *reason; /* required with reexport */
};

/* batch_request_validate: dates, to not before from, at most
 * BATCH_PERIOD_DAYS_MAX days, a reason (1..500) with reexport; 0, or -1
 * with *e naming the field (from, to, reason). */
int batch_request_validate(struct arena *a, const struct batch_request *q,
                           struct field_error *e);

struct batch {
	int64_t id, program_id, created_by;
	const char *program_name, *from_on, *to_on, *created_by_name,
	    *created_at, *payer_name, *reexport_of, *reason;
	int64_t line_count, units, total_cents, left_out;
	bool reexport;
};

/* A person a batch left out. */
struct batch_left_out {
	int64_t person_id, services;
	const char *record_number, *name, *reason;
};

/* batch_create makes the batch in one transaction (begun here), its
 * audit entry written by audit(cls) inside it (false: rolled back,
 * DB_UNAVAILABLE).  DB_OK with *id; DB_DONE when there was nothing to
 * send (nothing written); DB_CONSTRAINT when another batch took a service
 * meanwhile. */
enum db_status batch_create(struct db *db, struct arena *a,
                            const struct batch_request *q, int64_t made_by,
                            bool (*audit)(void *cls, int64_t id,
                                          const struct batch *b),
                            void *cls, int64_t *id);

/* batch_get: DB_ROW, or DB_DONE when there is no such batch. */
enum db_status batch_get(struct db *db, struct arena *a, int64_t id,
                         struct batch *out);
/* batch_list: newest first, of program_id (0: all), after id `after`
 * (0: from the newest), at most limit. */
enum db_status batch_list(struct db *db, struct arena *a, int64_t program_id,
                          int limit, int64_t after, struct batch **out, int *n);
enum db_status batch_left_out_list(struct db *db, struct arena *a, int64_t id,
                                   struct batch_left_out **out, int *n);

/* The CSV's header row (with its CRLF). */
extern const char batch_csv_header[];

/* batch_lines_chunk appends to out up to max of batch id's lines after
 * line *seq (0: from the first), in order, moving *seq on; *more is false
 * once the last was written.  DB_OK. */
enum db_status batch_lines_chunk(struct db *db, int64_t id, int max,
                                 int64_t *seq, struct buf *out, bool *more);

/* batch_place_of_service: the CMS place-of-service code for a contact
 * location ("office" → "11"), "99" (other) for one the table lacks. */
const char *batch_place_of_service(const char *location);

/* Cents as dollars and cents ("12.50"), in a. */
const char *batch_money(struct arena *a, int64_t cents);
/* Whether program id exists: DB_ROW, DB_DONE, or the failure. */
enum db_status program_billing_known(struct db *db, int64_t id);

/* Dollars and cents typed ("18.50", "18") → 1850; 0 for nothing typed,
 * -1 for anything else. */
int64_t billing_cents_of(const char *s);

#endif
