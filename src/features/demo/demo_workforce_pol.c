/* demo_workforce_pol.c — see demo_workforce_pol.h.  Every date counts back
 * from now, so a demo started any day looks current.  The trainings go
 * through training_record_attendance, the call a group series of kind
 * "training for staff" makes. */
#include "demo_workforce_pol.h"

#include "../../auth/audit.h"
#include "../../core/clock.h"
#include "../workforce/training.h"

#include <stdio.h>
#include <time.h>

enum { ADMIN, MANAGER, SUPERVISOR, PEER, TRAINEE, STAFF };

/* The stamp `seconds` before now. */
static void stamp_ago(time_t seconds, char out[CLOCK_STAMP_SIZE])
{
	time_t at = clock_now() - seconds;
	struct tm tm;
	gmtime_r(&at, &tm);
	strftime(out, CLOCK_STAMP_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void date_ago(int days, char out[11])
{
	char stamp[CLOCK_STAMP_SIZE];
	stamp_ago((time_t)days * 86400, stamp);
	snprintf(out, 11, "%.10s", stamp);
}

/* Seconds since the start of this month (UTC), at most two days: version
 * 2 of the code of ethics is this month's, and not published just now. */
static time_t this_month_ago(void)
{
	time_t now = clock_now();
	struct tm tm;
	gmtime_r(&now, &tm);
	time_t since = (time_t)(tm.tm_mday - 1) * 86400 + tm.tm_hour * 3600 +
	               tm.tm_min * 60 + tm.tm_sec;
	return since < 2 * 86400 ? since / 2 : 2 * 86400;
}

static const char ethics_v1[] =
    "Peer specialists and trainees of this program follow this code.\n\n"
    "1. We respect the dignity and choices of every person we serve.\n"
    "2. We keep confidences, within the law and the program's policies.\n"
    "3. We share our own recovery story only to help, never to direct.\n"
    "4. We keep clear boundaries: no dual relationships, no gifts of "
    "value, no romantic or financial ties with persons served.\n"
    "5. We do not diagnose or prescribe.\n\n"
    "Questions go to your supervisor. (Demo text.)";
static const char ethics_v2[] =
    "Peer specialists and trainees of this program follow this code.\n\n"
    "1. We respect the dignity and choices of every person we serve.\n"
    "2. We keep confidences, within the law and the program's policies.\n"
    "3. We share our own recovery story only to help, never to direct.\n"
    "4. We keep clear boundaries: no dual relationships, no gifts of "
    "value, no romantic or financial ties with persons served.\n"
    "5. We do not diagnose or prescribe.\n"
    "6. New: we do not connect with persons served on personal social "
    "media accounts.\n\n"
    "Questions go to your supervisor. (Demo text, version 2.)";
static const char confidentiality_v1[] =
    "What a person tells us stays within the program, except where the law "
    "requires us to report (a danger to themselves or others, abuse of a "
    "child or a vulnerable adult).\n\n"
    "Records are read only by staff who work with the person. Every read "
    "is recorded.\n\n"
    "Substance use treatment records are protected further (42 CFR Part "
    "2): they are not shared without the person's written consent. (Demo "
    "text.)";

static enum db_status add_policy(struct db *db, const char *title,
                                 const char *at, int64_t *id)
{
	return db_run_returning_id(db,
	                           "INSERT INTO policies (title, created_at)"
	                           " VALUES (?, ?) RETURNING id",
	                           id, DB_TEXT(title), DB_TEXT(at));
}

static enum db_status add_version(struct db *db, int64_t policy, int version,
                                  const char *body, int64_t by, const char *at,
                                  int64_t *id)
{
	return db_run_returning_id(
	    db,
	    "INSERT INTO policy_versions (policy_id, version, body,"
	    " published_by, published_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
	    id, DB_INT(policy), DB_INT(version), DB_TEXT(body), DB_INT(by),
	    DB_TEXT(at));
}

static enum db_status add_ack(struct db *db, int64_t version, int64_t user,
                              time_t ago)
{
	char at[CLOCK_STAMP_SIZE];
	stamp_ago(ago, at);
	return db_run(db,
	              "INSERT INTO policy_acks (version_id, user_id,"
	              " acknowledged_at) VALUES (?, ?, ?)",
	              DB_INT(version), DB_INT(user), DB_TEXT(at));
}

static int policies(struct db *db, const int64_t *staff)
{
	enum { DAY = 86400 };
	char long_ago[CLOCK_STAMP_SIZE], month[CLOCK_STAMP_SIZE],
	    conf_at[CLOCK_STAMP_SIZE];
	time_t v2_ago = this_month_ago();
	stamp_ago(300 * DAY, long_ago);
	stamp_ago(v2_ago, month);
	stamp_ago(200 * DAY, conf_at);
	int64_t ethics, e1, e2, conf, c1;
	enum db_status s = db_begin(db);
	if (s == DB_OK)
		s = add_policy(db, "Code of ethics", long_ago, &ethics);
	if (s == DB_OK)
		s = add_version(db, ethics, 1, ethics_v1, staff[MANAGER],
		                long_ago, &e1);
	if (s == DB_OK)
		s = add_version(db, ethics, 2, ethics_v2, staff[MANAGER], month,
		                &e2);
	if (s == DB_OK)
		s = add_policy(db, "Confidentiality", conf_at, &conf);
	if (s == DB_OK)
		s = add_version(db, conf, 1, confidentiality_v1, staff[ADMIN],
		                conf_at, &c1);
	/* the peer read version 1 only: the code of ethics is due again */
	if (s == DB_OK)
		s = add_ack(db, e1, staff[PEER], 250 * DAY);
	/* the trainee read version 2 as it came out */
	if (s == DB_OK)
		s = add_ack(db, e2, staff[TRAINEE], v2_ago / 2);
	if (s == DB_OK)
		s = add_ack(db, e2, staff[MANAGER], v2_ago);
	for (int i = ADMIN; s == DB_OK && i <= PEER; i++)
		s = add_ack(db, c1, staff[i], (time_t)(190 - i * 10) * DAY);
	if (s != DB_OK) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db) == DB_OK ? 0 : -1;
}

static int trainings(struct db *db, const int64_t *staff)
{
	const struct actor manager = {staff[MANAGER], "program_manager",
	                              "demo"};
	static const struct {
		int who, days_ago, minutes;
		const char *name, *kind;
	} list[] = {
	    {ADMIN, 420, 360, "New Employee Orientation", "orientation"},
	    {MANAGER, 400, 360, "New Employee Orientation", "orientation"},
	    {SUPERVISOR, 330, 360, "New Employee Orientation", "orientation"},
	    {PEER, 260, 360, "New Employee Orientation", "orientation"},
	    {TRAINEE, 40, 360, "New Employee Orientation", "orientation"},
	    {PEER, 150, 2400, "WRAP Facilitator Training (5 days)",
	     "wrap_facilitator"},
	    {SUPERVISOR, 95, 240, "Adult CPR and First Aid", "cpr_first_aid"},
	    {PEER, 30, 240, "Adult CPR and First Aid", "cpr_first_aid"},
	};
	for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) {
		char date[11];
		date_ago(list[i].days_ago, date);
		if (training_record_attendance(db, &manager, staff[list[i].who],
		                               list[i].name, list[i].kind, date,
		                               list[i].minutes) <= 0)
			return -1;
	}
	return 0;
}

int demo_workforce_pol(struct db *db, const int64_t *staff)
{
	(void)STAFF;
	return policies(db, staff) || trainings(db, staff) ? -1 : 0;
}
