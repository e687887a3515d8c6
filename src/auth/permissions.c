/* permissions.c — the role → permission table (see permissions.h). */
#include "permissions.h"

#include <string.h>

static const char *const permission_names[PERM_COUNT] = {
    [PERM_NONE] = "none",
    [PERM_PUBLIC] = "public",
    [PERM_SIGNED_IN] = "signed_in",
    [PERM_PROGRAMS_READ] = "programs.read",
    [PERM_PROGRAMS_WRITE] = "programs.write",
    [PERM_USERS_ADMIN] = "users.admin",
    [PERM_AUDIT_READ] = "audit.read",
    [PERM_API_TOKENS_ADMIN] = "api_tokens.admin",
    [PERM_TEAMS_ADMIN] = "teams.admin",
    [PERM_PERSONS] = "persons",
    [PERM_BREAK_GLASS_REVIEW] = "break_glass.review",
    [PERM_COSIGN] = "cosign",
    [PERM_BILLING] = "billing",
    [PERM_PERSONS_MERGE] = "persons.merge",
    [PERM_PERSONS_READ] = "persons.read",
    [PERM_CONTACTS_ADD] = "contacts.add",
    [PERM_WORKFORCE] = "workforce",
    [PERM_REPORTS] = "reports",
    [PERM_DISCLOSURES] = "disclosures",
    [PERM_DIRECTORY] = "directory",
    [PERM_DIRECTORY_EDIT] = "directory.edit",
    [PERM_DIRECTORY_EXCHANGE] = "directory.exchange",
};

static const struct {
	const char *name, *label;
} roles[ROLE_COUNT] = {
    [ROLE_ANONYMOUS] = {"anonymous", "Not signed in"},
    [ROLE_PEER_TRAINEE] = {"peer_trainee", "Peer specialist trainee"},
    [ROLE_PEER_SPECIALIST] = {"peer_specialist", "Peer specialist"},
    [ROLE_SUPERVISOR] = {"supervisor", "Supervisor"},
    [ROLE_PROGRAM_MANAGER] = {"program_manager", "Program manager"},
    [ROLE_ADMIN] = {"admin", "Administrator"},
    [ROLE_TOKEN_READ] = {"api_token_read", "API token (read)"},
    [ROLE_TOKEN_READ_WRITE] = {"api_token_read_write",
                               "API token (read and write)"},
    [ROLE_TOKEN_PERSONS_READ] = {"api_token_persons_read",
                                 "API token (persons' records, read)"},
    [ROLE_TOKEN_PERSONS_CONTACTS] =
        {"api_token_persons_contacts",
         "API token (persons' records, read; adds contact drafts)"},
};

/* Who may do what.  Staff act through their role; which persons they may
 * see is narrowed further by team membership (auth/person_access.c).
 * Programs tokens reach no person's record; a persons token reads the
 * records of its one team or program through the API (the same
 * person_access.c narrows it), and the contacts kind adds note drafts. */
#define STAFF                                                                  \
	[PERM_PUBLIC] = true, [PERM_SIGNED_IN] = true,                         \
	[PERM_PROGRAMS_READ] = true, [PERM_PERSONS] = true,                    \
	[PERM_PERSONS_READ] = true, [PERM_CONTACTS_ADD] = true,                \
	[PERM_DIRECTORY] = true
static const bool role_permissions[ROLE_COUNT][PERM_COUNT] = {
    [ROLE_ANONYMOUS] = {[PERM_PUBLIC] = true},
    [ROLE_PEER_TRAINEE] = {STAFF},
    [ROLE_PEER_SPECIALIST] = {STAFF},
    [ROLE_SUPERVISOR] = {STAFF, [PERM_BREAK_GLASS_REVIEW] = true,
                         [PERM_COSIGN] = true, [PERM_PERSONS_MERGE] = true,
                         [PERM_REPORTS] = true, [PERM_DISCLOSURES] = true},
    [ROLE_PROGRAM_MANAGER] =
        {STAFF, [PERM_PROGRAMS_WRITE] = true, [PERM_TEAMS_ADMIN] = true,
         [PERM_BILLING] = true, [PERM_PERSONS_MERGE] = true,
         [PERM_WORKFORCE] = true, [PERM_REPORTS] = true,
         [PERM_DISCLOSURES] = true, [PERM_DIRECTORY_EDIT] = true},
    [ROLE_ADMIN] =
        {STAFF, [PERM_PROGRAMS_WRITE] = true, [PERM_USERS_ADMIN] = true,
         [PERM_AUDIT_READ] = true, [PERM_API_TOKENS_ADMIN] = true,
         [PERM_TEAMS_ADMIN] = true, [PERM_BREAK_GLASS_REVIEW] = true,
         [PERM_PERSONS_MERGE] = true, [PERM_WORKFORCE] = true,
         [PERM_REPORTS] = true, [PERM_DISCLOSURES] = true,
         [PERM_DIRECTORY_EDIT] = true, [PERM_DIRECTORY_EXCHANGE] = true},
    [ROLE_TOKEN_READ] = {[PERM_PUBLIC] = true,
                         [PERM_PROGRAMS_READ] = true,
                         [PERM_DIRECTORY] = true},
    [ROLE_TOKEN_READ_WRITE] = {[PERM_PUBLIC] = true,
                               [PERM_PROGRAMS_READ] = true,
                               [PERM_PROGRAMS_WRITE] = true,
                               [PERM_DIRECTORY] = true},
    [ROLE_TOKEN_PERSONS_READ] =
        {[PERM_PUBLIC] = true, [PERM_PERSONS_READ] = true},
    [ROLE_TOKEN_PERSONS_CONTACTS] = {[PERM_PUBLIC] = true,
                                     [PERM_PERSONS_READ] = true,
                                     [PERM_CONTACTS_ADD] = true},
};
#undef STAFF

bool permission_granted(enum role role, enum permission perm)
{
	if ((int)role < 0 || role >= ROLE_COUNT || perm <= PERM_NONE ||
	    perm >= PERM_COUNT)
		return false;
	return role_permissions[role][perm];
}

const char *permission_name(enum permission perm)
{
	return perm > PERM_NONE && perm < PERM_COUNT ? permission_names[perm]
	                                             : "none";
}

const char *role_name(enum role role)
{
	return (int)role >= 0 && role < ROLE_COUNT ? roles[role].name
	                                           : "unknown";
}

const char *role_label(enum role role)
{
	return (int)role >= 0 && role < ROLE_COUNT ? roles[role].label
	                                           : "Unknown";
}

bool role_is_staff(enum role role)
{
	return role >= ROLE_PEER_TRAINEE && role <= ROLE_ADMIN;
}

bool role_is_token(enum role role)
{
	return role >= ROLE_TOKEN_READ && role < ROLE_COUNT;
}

enum role role_parse(const char *name)
{
	for (int r = ROLE_PEER_TRAINEE; r <= ROLE_ADMIN; r++)
		if (name && !strcmp(name, roles[r].name))
			return (enum role)r;
	return ROLE_ANONYMOUS;
}
