/* today.h — the Today page's worklists, one set per role (issue 25): what
 * a peer must do today, what waits for a supervisor, what needs a program
 * manager's or an administrator's attention.  today_gather reads them
 * once; the page (today_pages.c) and GET /api/v1/today (today_api.c)
 * write the same sections.
 *
 * Worklists are by team, never by caseload (seed 002): a peer sees the
 * work of every team they are on. */
#ifndef WAYPOINT_TODAY_H
#define WAYPOINT_TODAY_H

#include "../../auth/permissions.h"
#include "../../core/arena.h"
#include "../../core/local_time.h"
#include "../../http/req.h"
#include "../../store/db.h"

#include <stdbool.h>
#include <stdint.h>

enum {
	TODAY_ITEMS = 10, /* items shown per list; the count says the rest */
	/* A count across programs stops here ("10000 or more"): the Today
	 * page must not read a million index entries to say "many". */
	TODAY_COUNT_CAP = 10000,
	TODAY_TEAMS_MAX = 50, /* a user's teams the page looks at */
};

/* How a section is written: a list of links, a count with a link to the
 * page that shows them, a table (workload), or returned work with the
 * supervisor's comment. */
enum today_kind { TODAY_LIST, TODAY_COUNT, TODAY_TABLE, TODAY_RETURNED };

struct today;
struct today_section;

/* One source of work.  Sources not built yet (appointments and groups,
 * issue 24) are not in the table: a section with nothing behind it would say
 * "nothing is due" when nobody knows. */
struct today_source {
	const char *name;                /* the API's: "followups_due" */
	const char *heading;             /* the page's */
	const char *none;                /* said plainly when nothing is due */
	const char *date_key, *flag_key; /* the API's names; NULL: none */
	enum today_kind kind;
	unsigned roles;     /* 1 << ROLE_… that see it */
	bool lists_persons; /* names persons: counted in the audit entry */
	enum db_status (*load)(struct today *t, struct today_section *s);
};

struct today_item {
	int64_t id;         /* the follow-up, note, user, team or program */
	int64_t person_id;  /* 0: not a person's */
	const char *kind;   /* review and returned work: "note" or "plan" */
	const char *name;   /* the person's, or the staff member's, team's… */
	const char *on;     /* its date ("" none): due, last contact, note's */
	const char *detail; /* a second line, plain text */
	const char *by;     /* the note's author; who returned it */
	const char *comment; /* returned work: the supervisor's words */
	const char *url;     /* where it is done; "" where the role has none */
	int64_t count;       /* workload: notes signed this week */
	bool flag;           /* overdue, never contacted, invitation expired */
};

struct today_section {
	const struct today_source *src;
	int64_t count; /* in all (TODAY_COUNT_CAP: that many or more) */
	int n;         /* items here */
	struct today_item *items;
	const char *more_url; /* the page with all of them; "" none */
	const char *oldest;   /* the stamp the oldest has waited since */
};

struct today_team {
	int64_t id;
	const char *name;
	int no_contact_days;
};

struct today {
	struct db *db;
	struct arena *a;
	int64_t user_id;
	enum role role;
	char today[LOCAL_DATE_SIZE];  /* in the user's zone */
	char monday[LOCAL_DATE_SIZE]; /* this week's, for workload */
	struct today_team *teams;     /* the user's */
	int nteams;
	struct today_section *sections;
	int nsections;
};

/* today_gather reads every section role sees, for user_id on the date
 * today (YYYY-MM-DD); DB_DONE, or the first failure. */
enum db_status today_gather(struct db *db, struct arena *a, int64_t user_id,
                            enum role role, const char *today,
                            struct today *out);

/* today_audit_detail: what the audit entry says was listed, "followups 3,
 * no_contact 5", or NULL when no person's name is on the page. */
const char *today_audit_detail(const struct today *t);

/* today_read gathers the requester's sections (today in their zone) and
 * writes the one audit entry of a view that lists persons; ANSWERED when
 * it failed and answered so. */
enum answer today_read(struct req *r, struct today *t);

#endif
