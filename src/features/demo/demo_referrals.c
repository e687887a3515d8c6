/* demo_referrals.c — demo referrals in several states, to services of the
 * demo directory picked by name (demo_directory runs first), or typed by
 * hand when the directory is empty: one just suggested, one referred and
 * overdue, one connected (they went together), one using it
 * independently, one declined.  They go through the calls the pages use,
 * so each has its history; dates count from today in the program's zone. */
#include "../../core/local_time.h"
#include "../programs/program_zone.h"
#include "../referrals/referral.h"
#include "demo.h"

#include <string.h>

struct demo_referral {
	int person;              /* the nth demo person (by id) */
	const char *look, *hand; /* a name to find in the directory; else */
	const char *need;
	int follow_up;        /* days from today */
	const char *steps[3]; /* statuses it moves to, in order */
	const char *reason;   /* for an ending */
	const char *barrier, *helped;
};

static const struct demo_referral demo_referrals_list[] = {
    {0,
     "food",
     "Harbor Community Food Pantry (demo)",
     "Groceries for the week while benefits are pending",
     5,
     {NULL},
     "",
     "",
     ""},
    {1,
     "housing",
     "Bayside Housing Help Desk (demo)",
     "Help with a rental application",
     -3,
     {"discussed", "referred"},
     "",
     "No phone credit to call back",
     ""},
    {2,
     "recovery",
     "Harbor Recovery Community Centre (demo)",
     "A place to go in the evenings",
     10,
     {"referred", "connected"},
     "",
     "Nervous about walking in alone",
     "We went together the first time"},
    {3,
     "meeting",
     "Tuesday Night Mutual-Help Meeting (demo)",
     "A meeting close to home",
     14,
     {"referred", "connected", "independent"},
     "",
     "",
     "Knows two people there now"},
    {0,
     "employment",
     "Harbor Job Centre (demo)",
     "Work search support",
     7,
     {"discussed", "declined"},
     "Wants to settle housing first",
     "",
     ""},
};

/* The id of a service whose name holds word, into id (in arena a); ""
 * when none. */
static const char *service_named(struct db *db, struct arena *a,
                                 const char *word)
{
	const char *id = "";
	enum db_status s = db_one_text(
	    db, a,
	    "SELECT id FROM hsds_services WHERE LOWER(name) LIKE ? ORDER BY"
	    " name, id LIMIT 1",
	    &id, DB_TEXT(arena_sprintf(a, "%%%s%%", word)));
	return s == DB_ROW ? id : "";
}

int demo_referrals(struct db *db, const int64_t *staff)
{
	struct arena a;
	arena_init(&a);
	int64_t persons[4] = {0};
	struct db_stmt *st = db_query(
	    db, "SELECT id FROM persons WHERE merged_into IS NULL ORDER BY id"
	        " LIMIT 4");
	int np = 0;
	while (db_row(st))
		persons[np++] = db_column_int(st, 0);
	int rc = db_end(db, st) == DB_DONE ? 0 : -1;
	int64_t peer = staff[3];
	for (size_t i = 0;
	     !rc && np &&
	     i < sizeof demo_referrals_list / sizeof demo_referrals_list[0];
	     i++) {
		const struct demo_referral *d = &demo_referrals_list[i];
		int64_t person = persons[d->person % np];
		const char *today =
		    zone_today(&a, zone_of_person(db, &a, person));
		char follow[LOCAL_DATE_SIZE];
		local_add_days(today, d->follow_up, follow);
		struct referral_new n = {.service_id =
		                             service_named(db, &a, d->look),
		                         .to_name = d->hand,
		                         .need = d->need,
		                         .status = "suggested",
		                         .follow_up_on = follow,
		                         .note = ""};
		struct field_error e;
		int64_t id;
		if (referral_create(db, &a, person, &n, today, peer, &id, &e) !=
		    REFERRAL_SAVED) {
			rc = -1;
			break;
		}
		for (int k = 0; !rc && k < 3 && d->steps[k]; k++) {
			struct referral f;
			if (referral_get(db, &a, person, id, &f) != DB_ROW) {
				rc = -1;
				break;
			}
			bool connects = !strcmp(d->steps[k], "connected");
			struct referral_change c = {
			    .status = d->steps[k],
			    .reason =
			        referral_is_open(d->steps[k]) ||
			                !strcmp(d->steps[k], "independent")
			            ? ""
			            : d->reason,
			    .connected_on = connects ? today : "",
			    .follow_up_on = follow,
			    .barrier = k == 0 ? d->barrier : "",
			    .helped = connects || k + 1 == 3 || !d->steps[k + 1]
			                  ? d->helped
			                  : "",
			    .note = "",
			    .went_together = connects};
			if (referral_apply(db, &a, &f, &c, today, peer, &e) !=
			    REFERRAL_SAVED)
				rc = -1;
		}
	}
	arena_free(&a);
	return rc;
}
