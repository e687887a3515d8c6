/* demo_billing.c — the demo's billing and its accounting of disclosures
 * (issue 26): the first program bills Medicaid with a trainee modifier
 * and a rate, the demo persons carry member ids, November's services went
 * out in one batch, and one person's housing packet went to the County
 * Housing Office under their release, entered by hand. */
#include "demo_billing.h"
#include "../../auth/audit.h"
#include "../billing/batch.h"
#include "../disclosures/disclosure.h"

#include <stdio.h>

/* The batch's own audit entry, as a manager's would be (batch_pages.c). */
static bool audit_batch(void *cls, int64_t id, const struct batch *b)
{
	struct db *db = cls;
	static const struct actor demo = {0, "system", "demo"};
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)id);
	(void)b;
	return audit_append(db, &demo,
	                    &(struct audit_entry){
	                        "create", "billing_batch", ref, 0, "success",
	                        "demo: November's services"}) == DB_OK;
}

int demo_billing(struct db *db, int64_t program_id, int64_t manager)
{
	struct program_billing pb = {program_id, "Medicaid (demo)", "HM", 1850};
	if (program_billing_put(db, &pb) != DB_OK ||
	    db_run(db,
	           "UPDATE persons SET payer_member_id = 'MCD-DEMO-' || id"
	           " WHERE team_id IN (SELECT id FROM teams WHERE"
	           " program_id = ?)",
	           DB_INT(program_id)) != DB_OK)
		return -1;
	struct arena a;
	arena_init(&a);
	int64_t id;
	enum db_status s =
	    batch_create(db, &a,
	                 &(struct batch_request){program_id, "2026-11-01",
	                                         "2026-11-30", false, ""},
	                 manager, audit_batch, db, &id);
	arena_free(&a);
	if (s != DB_OK)
		return -1;
	/* the first demo person's release names the housing office */
	int64_t person, consent;
	if (db_one_int(db,
	               "SELECT person_id FROM consents WHERE kind = 'release'"
	               " AND recipient = 'County Housing Office (demo)'"
	               " ORDER BY id LIMIT 1",
	               &person) != DB_ROW ||
	    db_one_int(db,
	               "SELECT id FROM consents WHERE kind = 'release' AND"
	               " person_id = ? ORDER BY id LIMIT 1",
	               &consent, DB_INT(person)) != DB_ROW)
		return -1;
	return disclosure_record(
	           db,
	           &(struct disclosure){
	               .person_id = person,
	               .recipient = "County Housing Office (demo)",
	               .what = "Housing application packet: attendance and "
	                       "recovery plan goals",
	               .purpose = PURPOSE_OTHER,
	               .consent_id = consent,
	               .channel = "release",
	               .ref = "",
	               .made_by = manager,
	               .disclosed_at = "2026-11-20"}) == DB_OK
	           ? 0
	           : -1;
}
