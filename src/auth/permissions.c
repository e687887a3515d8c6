/* permissions.c — the role → permission table (see permissions.h). */
#include "permissions.h"

static const char *const permission_names[PERM_COUNT] = {
    [PERM_NONE] = "none",
    [PERM_PUBLIC] = "public",
    [PERM_PROGRAMS_READ] = "programs.read",
    [PERM_PROGRAMS_WRITE] = "programs.write",
};

/* Staff accounts and sign-in arrive with the accounts issue (#3), which adds
 * the staff roles here and takes the program permissions away from the
 * anonymous role.  Until then the server listens on loopback by default and
 * programs hold no personal data. */
static const bool role_permissions[ROLE_COUNT][PERM_COUNT] = {
    [ROLE_ANONYMOUS] =
        {
            [PERM_PUBLIC] = true,
            [PERM_PROGRAMS_READ] = true,
            [PERM_PROGRAMS_WRITE] = true,
        },
};

bool permission_granted(enum role role, enum permission perm)
{
	if (role < 0 || role >= ROLE_COUNT || perm <= PERM_NONE ||
	    perm >= PERM_COUNT)
		return false;
	return role_permissions[role][perm];
}

const char *permission_name(enum permission perm)
{
	return perm > PERM_NONE && perm < PERM_COUNT ? permission_names[perm]
	                                             : "none";
}
