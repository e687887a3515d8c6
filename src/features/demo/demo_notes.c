/* demo_notes.c — the demo's contacts and notes (signed by the peer, one of
 * the trainee's waiting for the supervisor's co-signature) and an incident
 * report submitted to the supervisors. */
#include "../incidents/incident.h"
#include "../notes/contact.h"
#include "demo.h"

#include <stdio.h>

/* staff[]: the demo users in demo_users[] order (peer 3, trainee 4). */
int demo_notes(struct db *db, int64_t person, size_t i, const int64_t *staff)
{
	static const struct {
		const char *kind, *on, *from, *to, *where, *did, *response,
		    *next;
		int miles_tenths, author; /* index into staff[] */
	} notes[] = {
	    {"individual", "2026-11-10", "10:00", "10:50", "community",
	     "Walked to the library and looked at housing listings together.",
	     "Engaged; picked two to call.", "Call both landlords this week.",
	     0, 3},
	    {"transportation", "2026-11-12", "13:00", "13:40", "community",
	     "Drove to the housing office for the appointment.",
	     "Calm in the car; talked about the kids.", "Bring ID next time.",
	     84, 3},
	    {"phone", "2026-11-17", "16:00", "16:20", "phone",
	     "Checked in by phone after the viewing.",
	     "Pleased; the flat felt like a home.",
	     "Help with the deposit form on Monday.", 0, 4},
	};
	int one = 1;
	for (size_t k = 0; k < sizeof notes / sizeof notes[0]; k++) {
		if (notes[k].author == 4 && i != 0)
			continue; /* one pending trainee note is enough */
		struct contact c = {.person_id = person,
		                    .staff_id = staff[notes[k].author],
		                    .kind = notes[k].kind,
		                    .contact_on = notes[k].on,
		                    .starts_at = notes[k].from,
		                    .ends_at = notes[k].to,
		                    .location = notes[k].where,
		                    .visitor_name = "",
		                    .did_together = notes[k].did,
		                    .response = notes[k].response,
		                    .next_steps = notes[k].next,
		                    .team_notice = "",
		                    .miles_tenths = notes[k].miles_tenths};
		struct field_error e;
		struct arena a = {0};
		int bad =
		    contact_goal_words(db, &a, person, &one, 1, &c.goals, &e) ||
		    contact_save_draft(db, &c) != DB_OK ||
		    contact_sign(db, &a, person, c.id, c.staff_id,
		                 notes[k].author == 4, NULL, &e) != DB_OK;
		arena_free(&a);
		if (bad)
			return -1;
	}
	if (i != 0)
		return 0;
	struct incident x = {.author_id = staff[3],
	                     .occurred_at = "2026-11-14T15:10",
	                     .location = "Drop-in centre kitchen (demo)",
	                     .people_involved = "A visitor; Pat Peer",
	                     .what_happened = "A visitor slipped on a wet "
	                                      "floor and bruised a knee.",
	                     .actions_taken = "First aid; the floor was dried "
	                                      "and signed.",
	                     .notified = "Sam Supervisor by phone"};
	int64_t id;
	if (incident_create(db, &x, &id) != DB_OK ||
	    incident_move(db, id, staff[3], ROLE_PEER_SPECIALIST, "submitted",
	                  "") != DB_OK)
		return -1;
	return 0;
}
