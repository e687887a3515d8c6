/* demo.c — see demo.h.  Every name says "(demo)": nobody should mistake
 * these for real records. */
#include "demo.h"
#include "demo_billing.h"
#include "demo_directory.h"
#include "demo_workforce_cred.h"
#include "demo_workforce_pol.h"
#include "demo_workforce_prog.h"
#include "../../auth/password.h"
#include "../../auth/users.h"
#include "../wellness/barc10.h"
#include "../plans/plan.h"
#include "../wellness/wellness_plan.h"
#include "../people/consent.h"
#include "../people/enrollment.h"
#include "../people/person.h"
#include "../people/support.h"
#include "../programs/program.h"
#include "../teams/team.h"

#include <stdio.h>

static const struct program demo_programs[] = {
    {.name = "Harbor Peer Recovery Center (demo)",
     .kind = "community",
     .time_zone = "America/New_York",
     .unit_rounding = "eight_minute",
     .crisis_lines = {{"988 Suicide & Crisis Lifeline", "988"},
                      {"Harbor mobile crisis team (fictional)", "555-0100"}},
     .crisis_line_count = 2},
    {.name = "Riverside Inpatient Peer Support (demo)",
     .kind = "inpatient",
     .time_zone = "America/Chicago",
     .unit_rounding = "whole_units",
     .crisis_lines = {{"988 Suicide & Crisis Lifeline", "988"}},
     .crisis_line_count = 1},
    {.name = "Main Street Peer Desk (demo)",
     .kind = "peer_desk",
     .time_zone = "America/Los_Angeles",
     .unit_rounding = "any_part",
     .crisis_lines = {{"988 Suicide & Crisis Lifeline", "988"}},
     .crisis_line_count = 1},
};

/* Demo staff, one per role, with passwords printed at start-up.  They are
 * known to anyone who reads this file: demo databases only. */
const struct demo_user demo_users[] = {
    {"admin@demo.waypoint.example", "Avery Admin (demo)", ROLE_ADMIN,
     "demo-admin-harbor-lantern"},
    {"manager@demo.waypoint.example", "Morgan Manager (demo)",
     ROLE_PROGRAM_MANAGER, "demo-manager-river-candle"},
    {"supervisor@demo.waypoint.example", "Sam Supervisor (demo)",
     ROLE_SUPERVISOR, "demo-supervisor-maple-bridge"},
    {"peer@demo.waypoint.example", "Pat Peer (demo)", ROLE_PEER_SPECIALIST,
     "demo-peer-meadow-compass"},
    {"trainee@demo.waypoint.example", "Taylor Trainee (demo)",
     ROLE_PEER_TRAINEE, "demo-trainee-willow-kettle"},
};
const int demo_user_count = sizeof demo_users / sizeof demo_users[0];

/* Fictional persons served, for the demo team. */
static const struct person demo_persons[] = {
    {.legal_name = "Jordan Rivera (demo)",
     .preferred_name = "Jo",
     .pronouns = "they/them",
     .date_of_birth = "1991-03-14",
     .record_number = "DEMO-1001",
     .phone = "555-0101",
     .email = "",
     .address = "200 Harbor Street, Apt 4 (demo)",
     .preferred_language = "English",
     .recovery_stage = "stabilization",
     .voicemail_ok = true,
     .texts_ok = true},
    {.legal_name = "María José Núñez (demo)",
     .preferred_name = "Majo",
     .pronouns = "she/her",
     .date_of_birth = "1984-11-02",
     .record_number = "DEMO-1002",
     .phone = "555-0102",
     .email = "",
     .preferred_language = "Spanish",
     .recovery_stage = "recovery_initiation",
     .interpreter_needed = true},
    {.legal_name = "Sam Whitehorse (demo)",
     .preferred_name = "",
     .pronouns = "he/him",
     .date_of_birth = "1970-07-21",
     .record_number = "DEMO-1003",
     .phone = "555-0103",
     .email = "",
     .preferred_language = "English",
     .asl = true,
     .recovery_stage = "pre_recovery_engagement"},
};

/* One natural support per demo person, in the same order. */
static const struct support demo_supports[] = {
    {.name = "Alex Rivera (demo)",
     .relationship = "brother",
     .phone = "555-0111",
     .email = "",
     .may_contact = true},
    {.name = "Lucía Núñez (demo)",
     .relationship = "mother",
     .phone = "555-0112",
     .email = "",
     .may_contact = false},
    {.name = "Pastor Ruth (demo)",
     .relationship = "sponsor",
     .phone = "555-0113",
     .email = "ruth@demo.waypoint.example",
     .may_contact = true},
};

/* A demo person's support, enrollment in the program, and a release. */
static int demo_person_record(struct db *db, int64_t person, size_t i,
                              int64_t program_id, int64_t by)
{
	struct support sup = demo_supports[i];
	int64_t id;
	sup.person_id = person;
	if (support_add(db, &sup, by, &id) != DB_OK)
		return -1;
	struct enrollment en = {.person_id = person,
	                        .program_id = program_id,
	                        .admitted_on = "2026-09-01",
	                        .admission_reason =
	                            "Referred by the inpatient unit (demo)"};
	if (enrollment_admit(db, &en, by, &id) != DB_OK)
		return -1;
	struct consent release = {
	    .person_id = person,
	    .kind = "release",
	    .discloser = "Harbor Peer Recovery (demo)",
	    .information = "Attendance and recovery plan goals",
	    .recipient = "County Housing Office (demo)",
	    .purpose = "Housing application",
	    .revocation = "In writing or by telling the peer team, any time",
	    .expires_on = "2027-09-01",
	    .expiry_event = "",
	    .signer_name = demo_persons[i].legal_name,
	    .signed_on = "2026-09-01",
	    .signature_method = "typed",
	    .signature_path = ""};
	if (consent_create(db, &release, by, &id) != DB_OK)
		return -1;
	/* Two BARC-10s, three months apart, and a wellness plan begun. */
	for (int k = 0; k < 2; k++) {
		struct barc10 x = {.person_id = person,
		                   .taken_on = k ? "2026-11-01" : "2026-08-01",
		                   .filled_by = k ? "with_peer" : "person"};
		for (int j = 0; j < BARC10_ITEMS; j++)
			x.answers[j] =
			    2 + (int)((i + (size_t)j + 2 * (size_t)k) % 4);
		struct field_error e;
		if (barc10_validate(&x, NULL, &e) ||
		    barc10_add(db, &x, by, &id) != DB_OK)
			return -1;
	}
	json_t *plan = json_pack(
	    "{s:[s,s,s], s:[s,s], s:[s]}", "toolbox", "Walk by the harbor",
	    "Call my brother", "Make a cup of tea", "daily", "Eat breakfast",
	    "Take my medicine at 8", "crisis_helps", "A quiet room (demo)");
	enum db_status s = wellness_save(db, person, plan, by);
	json_decref(plan);
	/* A recovery plan with one goal, agreed by the person. */
	json_t *doc = json_pack(
	    "{s:[{s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s, s:b}], s:[]}],"
	    " s:[{s:s, s:s, s:s}], s:[]}",
	    "goals", "words", "Have my own place by spring (demo)", "domain",
	    "housing", "why", "So my kids can visit", "target_date",
	    "2027-04-01", "status", "active", "steps", "what",
	    "Fill in the housing application", "who", "person", "by",
	    "2026-12-15", "done", 0, "progress", "strengths", "kind",
	    "internal", "text", "I don't give up", "strategy",
	    "Remember how far I have come", "barriers");
	int version = 0;
	if (s == DB_OK)
		s = plan_save(db, person, doc, "shared", "person", by, false,
		              "First plan, written together (demo)", &version);
	json_decref(doc);
	if (s == DB_OK)
		s = plan_sign(db, person, version, demo_persons[i].legal_name,
		              "2026-09-02", "typed", "");
	return s == DB_OK ? 0 : -1;
}

/* The demo team of the first demo program: everyone but the admin. */
static int demo_team(struct db *db, int64_t program_id, const int64_t *staff)
{
	int64_t team;
	if (team_create(db, program_id, "Harbor Peer Team (demo)", &team) !=
	    DB_OK)
		return -1;
	for (int i = 1; i < demo_user_count; i++)
		if (team_member_set(db, team, staff[i], true) != DB_OK)
			return -1;
	for (size_t i = 0; i < sizeof demo_persons / sizeof demo_persons[0];
	     i++) {
		struct person p = demo_persons[i];
		int64_t id;
		p.team_id = team;
		if (person_create(db, &p, staff[3], &id) != DB_OK ||
		    demo_person_record(db, id, i, program_id, staff[3]) ||
		    demo_notes(db, id, i, staff))
			return -1;
	}
	return demo_followups(db, program_id, team, demo_programs[0].time_zone,
	                      staff);
}

/* The workforce (issue 27): credentials and languages, the trainee's
 * progression and the supervision log, policies and trainings. */
static int demo_workforce(struct db *db, const int64_t *staff)
{
	return demo_workforce_cred(db, staff) ||
	               demo_workforce_prog(db, staff) ||
	               demo_workforce_pol(db, staff)
	           ? -1
	           : 0;
}

int demo_fill(struct db *db)
{
	int64_t existing = 0;
	if (db_one_int(db, "SELECT COUNT(*) FROM programs", &existing) !=
	    DB_ROW)
		return -1;
	if (existing)
		return 0;
	static const struct actor demo_actor = {0, "system", "demo"};
	int64_t staff[sizeof demo_users / sizeof demo_users[0]];
	for (int i = 0; i < demo_user_count; i++) {
		char hash[PASSWORD_HASH_SIZE];
		if (password_hash(demo_users[i].password, hash) ||
		    user_create(db, &demo_actor, demo_users[i].email,
		                demo_users[i].name, demo_users[i].role, hash,
		                &staff[i]) != DB_OK)
			return -1;
	}
	int added = 0;
	int64_t first = 0;
	for (size_t i = 0; i < sizeof demo_programs / sizeof demo_programs[0];
	     i++) {
		int64_t id;
		if (program_create(db, &demo_actor, &demo_programs[i], &id) !=
		    DB_OK)
			return -1;
		if (!first)
			first = id;
		added++;
	}
	if (demo_team(db, first, staff) || demo_workforce(db, staff) ||
	    demo_directory(db) || demo_referrals(db, staff))
		return -1;
	/* what the Today page reads from each person's row (enrolled, newest
	 * signed contact), made whole again after the demo's direct writes */
	if (db_run(db,
	           "UPDATE persons SET enrolled = CASE WHEN EXISTS (SELECT 1"
	           " FROM enrollments e WHERE e.person_id = persons.id AND"
	           " e.discharged_on IS NULL) THEN 1 ELSE 0 END,"
	           " last_contact_on = COALESCE((SELECT MAX(c.contact_on) FROM"
	           " contacts c WHERE c.person_id = persons.id AND c.state ="
	           " 'signed'), '')") != DB_OK)
		return -1;
	/* reports and billing (issue 26) once the notes are in */
	if (demo_billing(db, first, staff[1]))
		return -1;
	return added;
}
