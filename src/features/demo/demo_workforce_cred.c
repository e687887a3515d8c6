/* demo_workforce_cred.c — see demo_workforce_cred.h. */
#include "demo_workforce_cred.h"
#include "../../auth/permissions.h"
#include "../../core/local_time.h"
#include "../workforce/credential.h"
#include "../workforce/language.h"
#include "demo.h"

#include <stdio.h>

/* demo_users[] order */
enum { ADMIN, MANAGER, SUPERVISOR, PEER, TRAINEE };

static const struct {
	const char *name;
	bool billing;
	unsigned roles;
} kinds[] = {
    {"CPS certification (demo)", true, 1u << ROLE_PEER_SPECIALIST},
    {"WRAP facilitator (demo)", false, 0},
    {"CPR and first aid (demo)", false,
     1u << ROLE_PEER_SPECIALIST | 1u << ROLE_PEER_TRAINEE},
    {"Driver's licence (demo)", false, 0},
};
enum { CPS, WRAP, CPR, DRIVER };

/* issued and expiring in days from today; NO_END: does not expire;
 * THIS_MONTH: the last day of this month */
enum { NO_END = 100000, THIS_MONTH = 100001 };
static const struct {
	int who, kind;
	const char *number, *issuer;
	int issued, expires;
} held[] = {
    {PEER, CPS, "CPS-20417", "State certification board (demo)", -700, 400},
    {PEER, WRAP, "WRAP-5521", "Copeland Center (demo)", -720, THIS_MONTH},
    {PEER, CPR, "CPR-88310", "Red Cross (demo)", -300, 430},
    {PEER, DRIVER, "D123-4567-8901", "State DMV (demo)", -1500, 900},
    {TRAINEE, CPR, "CPR-77102", "Red Cross (demo)", -760, -25},
    {SUPERVISOR, CPS, "CPS-10022", "State certification board (demo)", -1800,
     500},
    {SUPERVISOR, WRAP, "WRAP-4410", "Copeland Center (demo)", -900, NO_END},
};

static void last_of_month(const char *today, char out[LOCAL_DATE_SIZE])
{
	int y, m, d;
	if (sscanf(today, "%4d-%2d-%2d", &y, &m, &d) != 3) {
		snprintf(out, LOCAL_DATE_SIZE, "%s", today);
		return;
	}
	char first[32];
	snprintf(first, sizeof first, "%04d-%02d-01", m == 12 ? y + 1 : y,
	         m == 12 ? 1 : m + 1);
	local_add_days(first, -1, out);
}

int demo_workforce_cred(struct db *db, const int64_t *staff)
{
	char today[LOCAL_DATE_SIZE];
	local_today("UTC", today);
	int64_t ids[sizeof kinds / sizeof kinds[0]];
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		struct credential_kind k = {.name = kinds[i].name,
		                            .billing_required =
		                                kinds[i].billing,
		                            .roles = kinds[i].roles};
		ids[i] = 0;
		if (credential_kind_save(db, &k, &ids[i]) != DB_OK)
			return -1;
	}
	for (size_t i = 0; i < sizeof held / sizeof held[0]; i++) {
		char issued[LOCAL_DATE_SIZE], expires[LOCAL_DATE_SIZE] = "";
		local_add_days(today, held[i].issued, issued);
		if (held[i].expires == THIS_MONTH)
			last_of_month(today, expires);
		else if (held[i].expires != NO_END)
			local_add_days(today, held[i].expires, expires);
		struct credential c = {.kind_id = ids[held[i].kind],
		                       .number = held[i].number,
		                       .issuer = held[i].issuer,
		                       .issued_on = issued,
		                       .expires_on = expires};
		int64_t id;
		if (credential_add(db, staff[held[i].who], &c, staff[MANAGER],
		                   &id) != DB_OK)
			return -1;
	}
	static const char *const peer[] = {"English", "Spanish"},
	                         *const trainee[] = {"English", "ASL"};
	if (languages_set(db, staff[PEER], peer, 2) != DB_OK ||
	    languages_set(db, staff[TRAINEE], trainee, 2) != DB_OK)
		return -1;
	return 0;
}
