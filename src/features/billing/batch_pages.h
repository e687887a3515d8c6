/* batch_pages.h — the billing page's part for batches (billing_pages.c
 * writes the page; batch_pages.c the batches' form on it). */
#ifndef WAYPOINT_BATCH_PAGES_H
#define WAYPOINT_BATCH_PAGES_H

#include "../../core/choice.h"
#include "../../http/req.h"
#include "batch.h"

/* batch_form writes the "Send a batch" form: q as typed (NULL: last
 * month), e its faults (NULL). */
void batch_form(struct req *r, const struct choice *programs, int n,
                const struct batch_request *q, const struct field_error *e);

/* billing_batch_refused: the billing page again, 400 (or status) with the
 * batch form as typed and its faults (billing_pages.c). */
void billing_batch_refused(struct req *r, int status,
                           const struct batch_request *q,
                           const struct field_error *e);

/* batch_api_get_id answers status with batch id as JSON, with who it
 * left out (audited: it names them). */
void batch_api_get_id(struct req *r, int64_t id, int status);

#endif
