/* demo_followups.c — demo persons for the follow-up worklist and the
 * Today page: discharged ones whose follow-ups are due today, overdue,
 * upcoming and done (one declined further contact), and enrolled ones
 * nobody has seen in over a month.  Every date counts from today in the
 * program's zone, so a demo started any day looks current.  Discharges,
 * attempts and outcomes go through the calls the pages use, so the
 * follow-ups are the ones the program's schedule makes (7, 30, 90). */
#include "../../core/local_time.h"
#include "../followups/followup.h"
#include "../followups/followup_schedule.h"
#include "../notes/contact.h"
#include "../people/enrollment.h"
#include "../people/person.h"
#include "demo.h"

#include <string.h>

enum { NO_DAY = 1 }; /* a day offset that is never used: "none" */

/* What a peer did about follow-up `followup` (0: the 7-day one), in
 * order: an attempt on day (from today), or with outcome set, closing it
 * (a decline closes the person's later ones, so order matters). */
struct demo_step {
	int followup, day;
	const char *method, *result, *note, *outcome;
};

static const struct {
	struct person person;
	int admitted, discharged, seen; /* days from today; NO_DAY: none */
	const char *reason;
	struct demo_step steps[4];
} demo_discharges[] = {
    /* discharged a week ago: the 7-day follow-up is due today */
    {{.legal_name = "Kai Thompson (demo)",
      .pronouns = "he/him",
      .date_of_birth = "1995-05-09",
      .record_number = "DEMO-1004",
      .phone = "555-0104",
      .recovery_stage = "sustained_recovery_maintenance",
      .texts_ok = true},
     -120,
     -7,
     -9,
     "goals_met",
     {{0}}},
    /* 7-day one done, 30-day one overdue after two tries */
    {{.legal_name = "Lee Park (demo)",
      .pronouns = "she/her",
      .date_of_birth = "1988-12-30",
      .record_number = "DEMO-1005",
      .phone = "555-0105",
      .recovery_stage = "stabilization",
      .voicemail_ok = true},
     -150,
     -40,
     -42,
     "moved",
     {{0, -32, "phone", "reached", "Settled in the new town; has a GP.", NULL},
      {0, 0, NULL, NULL, "Doing well; knows she can call.", "reached"},
      {1, -9, "phone", "no_answer", "", NULL},
      {1, -6, "text", "left_message", "Asked her to ring back.", NULL}}},
    /* reached at 7 days, then declined further contact at 30 */
    {{.legal_name = "Nico Alvarez (demo)",
      .pronouns = "he/they",
      .date_of_birth = "1979-08-17",
      .record_number = "DEMO-1006",
      .phone = "555-0106",
      .recovery_stage = "stabilization"},
     -200,
     -100,
     -101,
     "chose_to_leave",
     {{0, -92, "phone", "reached", "Going to meetings on his own.", NULL},
      {0, 0, NULL, NULL, "", "reached"},
      {1, -69, "phone", "declined", "Asked us not to call again.", NULL}}},
    /* lost contact: the 7-day follow-up is overdue, nobody has tried */
    {{.legal_name = "Quinn Baker (demo)",
      .pronouns = "",
      .date_of_birth = "2001-01-23",
      .record_number = "DEMO-1007",
      .phone = "",
      .email = "quinn@demo.waypoint.example",
      .recovery_stage = "recovery_initiation",
      .email_ok = true},
     -90,
     -12,
     -35,
     "lost_contact",
     {{0}}},
    /* enrolled, last seen five and six weeks ago: "no contact in 30 days" */
    {{.legal_name = "Robin Osei (demo)",
      .pronouns = "she/her",
      .date_of_birth = "1966-04-04",
      .record_number = "DEMO-1008",
      .phone = "555-0108",
      .recovery_stage = "recovery_initiation"},
     -80,
     NO_DAY,
     -36,
     "",
     {{0}}},
    {{.legal_name = "Tess Gallagher (demo)",
      .pronouns = "she/her",
      .date_of_birth = "1990-10-10",
      .record_number = "DEMO-1009",
      .phone = "555-0109",
      .recovery_stage = "pre_recovery_engagement"},
     -60,
     NO_DAY,
     -44,
     "",
     {{0}}},
};

/* A signed check-in by the peer on the date on. */
static int demo_seen(struct db *db, int64_t person, const char *on,
                     int64_t peer)
{
	struct contact c = {.person_id = person,
	                    .staff_id = peer,
	                    .kind = "individual",
	                    .contact_on = on,
	                    .starts_at = "11:00",
	                    .ends_at = "11:45",
	                    .location = "community",
	                    .visitor_name = "",
	                    .goals = "[]",
	                    .did_together = "Coffee and a walk; talked about "
	                                    "the week ahead.",
	                    .response = "Open and chatty.",
	                    .next_steps = "Meet again soon.",
	                    .team_notice = ""};
	struct field_error e;
	struct arena a;
	arena_init(&a);
	int bad =
	    contact_save_draft(db, &c) != DB_OK ||
	    contact_sign(db, &a, person, c.id, peer, false, NULL, &e) != DB_OK;
	arena_free(&a);
	return bad ? -1 : 0;
}

/* The discharge, the follow-ups the program's schedule makes for it, and
 * what was done about them. */
static int demo_discharge(struct db *db, struct arena *a, size_t i,
                          int64_t person, int64_t enrollment,
                          int64_t program_id, const char *today,
                          const char *zone, int64_t peer)
{
	char on[LOCAL_DATE_SIZE];
	local_add_days(today, demo_discharges[i].discharged, on);
	struct enrollment d = {.id = enrollment,
	                       .person_id = person,
	                       .discharged_on = on,
	                       .discharge_reason = demo_discharges[i].reason,
	                       .discharge_note = ""};
	struct field_error e;
	struct followup_schedule sched;
	struct followup *f;
	int made, n;
	if (enrollment_discharge(db, a, &d, zone, &e) != DISCHARGED ||
	    followup_schedule_get(db, program_id, &sched) != DB_ROW)
		return -1;
	const struct followup_days *days =
	    followup_days_for(&sched, d.discharge_reason);
	if (followups_create_after(db, person, enrollment, on, days->day,
	                           days->n, &made) != DB_OK ||
	    followups_of_person(db, a, person, &f, &n) != DB_DONE)
		return -1;
	for (size_t k = 0; k < 4; k++) {
		const struct demo_step *x = &demo_discharges[i].steps[k];
		char at_on[LOCAL_DATE_SIZE];
		local_add_days(today, x->day, at_on);
		struct followup_attempt at = {.attempted_on = at_on,
		                              .method = x->method,
		                              .result = x->result,
		                              .note = x->note};
		struct followup_close c = {x->outcome, x->note};
		int64_t id;
		if (!x->method && !x->outcome)
			break;
		if (x->followup >= n ||
		    (x->outcome ? followup_close(db, a, &f[x->followup], &c,
		                                 zone, peer, &e)
		                : followup_attempt_add(db, a, &f[x->followup],
		                                       &at, zone, peer, &id,
		                                       &e)) != FOLLOWUP_CHANGED)
			return -1;
	}
	return 0;
}

int demo_followups(struct db *db, int64_t program_id, int64_t team,
                   const char *zone, const int64_t *staff)
{
	int64_t peer = staff[3];
	char today[LOCAL_DATE_SIZE];
	local_today(zone, today);
	for (size_t i = 0;
	     i < sizeof demo_discharges / sizeof demo_discharges[0]; i++) {
		struct person p = demo_discharges[i].person;
		p.team_id = team;
		p.preferred_name = "";
		p.email = p.email ? p.email : "";
		p.address = "";
		p.preferred_language = "English";
		char admitted[LOCAL_DATE_SIZE], seen[LOCAL_DATE_SIZE];
		local_add_days(today, demo_discharges[i].admitted, admitted);
		local_add_days(today, demo_discharges[i].seen, seen);
		struct enrollment en = {
		    .program_id = program_id,
		    .admitted_on = admitted,
		    .admission_reason =
		        "Referred by the inpatient unit (demo)"};
		struct arena a;
		arena_init(&a);
		int64_t enrollment;
		int bad =
		    person_create(db, &p, peer, &en.person_id) != DB_OK ||
		    enrollment_admit(db, &en, peer, &enrollment) != DB_OK ||
		    demo_seen(db, en.person_id, seen, peer) ||
		    (demo_discharges[i].discharged != NO_DAY &&
		     demo_discharge(db, &a, i, en.person_id, enrollment,
		                    program_id, today, zone, peer));
		arena_free(&a);
		if (bad)
			return -1;
	}
	return 0;
}
