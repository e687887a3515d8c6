/* policy_request.h — what the policy pages and the policy API
 * (policy_pages.c, policy_api.c) both read from a request. */
#ifndef WAYPOINT_POLICY_REQUEST_H
#define WAYPOINT_POLICY_REQUEST_H

#include "../../http/request.h"
#include "policy.h"

#include <stdbool.h>

/* Whether the caller keeps policies (managers and admins). */
bool policy_keeper(const struct req *r);
/* The cutoff of this request; false after answering. */
bool policy_request_cutoff(struct req *r, char cutoff[32]);
/* The policy of the request (current version) and the cutoff; false after
 * answering. */
bool policy_of_request(struct req *r, struct policy *p, char cutoff[32]);
/* The pending list names staff members: one audit entry for it; false
 * after answering. */
bool policy_pending_read(struct req *r, int64_t id, const char *cutoff,
                         struct policy_pending **list, int *n);

#endif
