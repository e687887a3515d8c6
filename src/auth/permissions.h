/* permissions.h — what a route may require, and who holds it.
 *
 * Deny by default: a request may run a route only when the requester's role
 * holds the route's permission in role_permissions[] (permissions.c).
 * PERM_NONE is never granted; a route left with it fails router_check. */
#ifndef WAYPOINT_PERMISSIONS_H
#define WAYPOINT_PERMISSIONS_H

#include <stdbool.h>

enum permission {
	PERM_NONE = 0, /* the zero value: a route that forgot to say */
	PERM_PUBLIC,   /* anyone, signed in or not: /healthz, assets */
	PERM_PROGRAMS_READ,
	PERM_PROGRAMS_WRITE,
	PERM_COUNT,
};

enum role {
	ROLE_ANONYMOUS = 0, /* no session */
	ROLE_COUNT,
};

/* permission_granted answers whether role holds perm. */
bool permission_granted(enum role role, enum permission perm);

/* permission_name is the permission's name for logs and errors. */
const char *permission_name(enum permission perm);

#endif
