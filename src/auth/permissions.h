/* permissions.h — what a route may require, and who holds it.
 *
 * Deny by default: a request may run a route only when the requester's role
 * holds the route's permission in role_permissions[] (permissions.c).
 * PERM_NONE is never granted; a route left with it fails router_check. */
#ifndef WAYPOINT_PERMISSIONS_H
#define WAYPOINT_PERMISSIONS_H

#include <stdbool.h>

enum permission {
	PERM_NONE = 0,  /* the zero value: a route that forgot to say */
	PERM_PUBLIC,    /* anyone, signed in or not: sign-in, /healthz */
	PERM_SIGNED_IN, /* any staff member: own account, start page */
	PERM_PROGRAMS_READ,
	PERM_PROGRAMS_WRITE,
	PERM_USERS_ADMIN, /* invite, disable, change roles, reset */
	PERM_AUDIT_READ,
	PERM_API_TOKENS_ADMIN,
	PERM_TEAMS_ADMIN, /* teams and who is on them */
	PERM_PERSONS,     /* persons of one's own teams (and break-the-glass) */
	PERM_BREAK_GLASS_REVIEW, /* review emergency access */
	PERM_COSIGN,             /* co-sign or return a trainee's work */
	PERM_BILLING,            /* billing export and service codes */
	PERM_PERSONS_MERGE,      /* merge duplicate persons, undo a merge */
	PERM_PERSONS_READ, /* read a person's record through the API: staff
	                      of the team, or a token whose scope holds it */
	PERM_CONTACTS_ADD, /* add a contact note through the API */
	/* keep staff records: credentials and their kinds, trainings,
	 * policies, workforce settings (issue 27); each staff member reads
	 * their own with PERM_SIGNED_IN, supervisors promote and log
	 * supervision with PERM_COSIGN */
	PERM_WORKFORCE,
	/* service and outcome reports (issue 26): supervisors for the teams
	 * they are on (report_scope.h), program managers and admins for all */
	PERM_REPORTS,
	/* a person's accounting of disclosures (issue 26, HIPAA 164.528) */
	PERM_DISCLOSURES,
	/* the community resource directory (issue 23): every staff role and
	 * the programs tokens read it; program managers and admins keep it;
	 * admins import and export HSDS through the API */
	PERM_DIRECTORY,
	PERM_DIRECTORY_EDIT,
	PERM_DIRECTORY_EXCHANGE,
	PERM_COUNT,
};

enum role {
	ROLE_ANONYMOUS = 0, /* no session */
	ROLE_PEER_TRAINEE,
	ROLE_PEER_SPECIALIST,
	ROLE_SUPERVISOR,
	ROLE_PROGRAM_MANAGER,
	ROLE_ADMIN,
	ROLE_TOKEN_READ,         /* an integration's read-only API token */
	ROLE_TOKEN_READ_WRITE,   /* an integration's read-write API token */
	ROLE_TOKEN_PERSONS_READ, /* reads the persons of one team or program */
	ROLE_TOKEN_PERSONS_CONTACTS, /* that, and adds contact note drafts */
	ROLE_COUNT,
};

/* permission_granted answers whether role holds perm. */
bool permission_granted(enum role role, enum permission perm);

/* permission_name / role_name: names for logs, errors and the API. */
const char *permission_name(enum permission perm);
const char *role_name(enum role role);

/* role_parse reads a staff role name ("peer_specialist"…); returns
 * ROLE_ANONYMOUS for anything that is not a staff role. */
enum role role_parse(const char *name);

/* role_is_staff answers whether role is one a user account may have. */
bool role_is_staff(enum role role);

/* role_label is the role as people read it ("Peer specialist"). */
const char *role_label(enum role role);

/* role_is_token answers whether role is an API token's. */
bool role_is_token(enum role role);

#endif
