/* disclosure_gate.h — a token's bulk read of persons (the persons list):
 * each person is a disclosure to the token's integration, gated under
 * 42 CFR Part 2 and recorded as the single reads are (disclosure_gate.c;
 * the single reads' gate is the dispatcher's, handlers.h). */
#ifndef WAYPOINT_DISCLOSURE_GATE_H
#define WAYPOINT_DISCLOSURE_GATE_H

#include "../../http/req.h"

#include <stdbool.h>
#include <stdint.h>

/* disclosure_token_list: for an API token's request, keep[i] says whether
 * ids[i] may be sent (every one for staff); each kept person's row of the
 * accounting is written, with one "export" audit entry, in one
 * transaction.  *withheld counts those left out and *why says why.
 * False, having answered (503 or the database failure), when it could not
 * decide or record. */
bool disclosure_token_list(struct req *r, const int64_t *ids, int n, bool *keep,
                           int *withheld, const char **why);

#endif
