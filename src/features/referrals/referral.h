/* referral.h — a person's referral to a community resource (issue 23,
 * points 4 and 5; seeds 003 V–VIII, 004): assertive linkage with its
 * lifecycle and the loop closed.
 *
 * A referral goes to a service of the directory (hsds_services; its
 * organization and first location kept beside it) or to a name typed by
 * hand.  Its status moves forward only:
 *   suggested → discussed → referred → connected → independent
 * with "connected" the first visit (connected_on, and whether the peer
 * went with them) and "independent" using it on their own; or it ends as
 * declined, not_connected or closed, each with a reason.  Moving
 * backwards, changing an ended one, or ending one without a reason is
 * refused, naming the field.  Every open referral has a follow-up date;
 * it is overdue when that date has passed or nothing happened on it for
 * its program's referral_overdue_days.  Every change is a row of
 * referral_events (barriers met, what helped, a note), and contact notes
 * name the referrals they worked on (contact_referrals).
 *
 * A referral that sends information to the organization is a disclosure
 * (features/disclosures/): it needs a release in force naming the
 * recipient and is recorded in the person's accounting, in the same
 * transaction as the referral. */
#ifndef WAYPOINT_REFERRAL_H
#define WAYPOINT_REFERRAL_H

#include "../../core/arena.h"
#include "../../core/choice.h"
#include "../../core/field_error.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdbool.h>
#include <stdint.h>

enum {
	REFERRAL_LIST_MAX = 200,   /* a person's, the team's */
	REFERRAL_EVENTS_MAX = 500, /* a referral's history */
	REFERRAL_NAME_MAX = 200,
	REFERRAL_TEXT_MAX = 2000,
	REFERRAL_PICKS_MAX = 10, /* services a name lookup offers */
	REFERRAL_LINKS_MAX = 20, /* referrals one contact names */
	REFERRAL_OVERDUE_DAYS_MAX = 365,
};

struct referral {
	int64_t id, person_id, team_id;
	const char *service_id, *organization_id, *location_id; /* "": none */
	const char *to_name;      /* the service's, or typed by hand */
	const char *organization; /* the organization's name, or "" */
	const char *need, *status, *reason;
	bool went_together;
	const char *connected_on; /* "" until connected */
	const char *follow_up_on; /* "" only once ended */
	bool sends_information;
	int64_t disclosure_id; /* 0: none */
	int64_t created_by;
	const char *created_by_name, *created_at, *last_activity_at;
	const char *person_name; /* preferred, else legal */
	int overdue_days;        /* the program's referral_overdue_days */
	int contacts;            /* contact notes that name it */
	bool overdue;            /* set by referral_mark_overdue */
};

/* What a new referral says (the form and the API). */
struct referral_new {
	const char *service_id; /* a directory service's id, or "" */
	const char *to_name;    /* typed by hand when no service_id */
	const char *need, *status, *follow_up_on, *note;
	bool sends_information;
};

/* A change of status, or activity at the same status. */
struct referral_change {
	const char *status, *reason, *connected_on, *follow_up_on;
	const char *barrier, *helped, *note;
	bool went_together, sends_information;
};

struct referral_event {
	int64_t id;
	const char *at, *from_status, *to_status, *reason, *barrier, *helped,
	    *note, *by_name;
};

/* A contact note that named the referral. */
struct referral_contact {
	int64_t id;
	const char *contact_on, *kind, *staff_name, *state;
};

/* A directory service a name lookup found. */
struct referral_pick {
	const char *id, *name, *organization;
};

extern const struct choice referral_statuses[];
extern const int referral_status_count;
/* how many of referral_statuses a new referral may start in (the first) */
extern const int referral_start_count;

extern const struct field referral_fields[], referral_new_fields[],
    referral_change_fields[], referral_event_fields[];
extern const int referral_field_count, referral_new_field_count,
    referral_change_field_count, referral_event_field_count;

/* referral_status_label: the words for a status code. */
const char *referral_status_label(const char *code);
/* referral_is_open: suggested, discussed, referred or connected. */
bool referral_is_open(const char *status);
/* referral_change_label: the label of a field of a new referral or a
 * change, for the error summary. */
const char *referral_field_label(const char *field);

/* referral_mark_overdue sets r->overdue: open, and its follow-up date
 * before today or no activity since today − its program's days. */
void referral_mark_overdue(struct referral *r, const char *today);

/* ---- statements (referral_store.c) */

/* referral_get: the person's referral id (DB_ROW), DB_DONE when none. */
enum db_status referral_get(struct db *db, struct arena *a, int64_t person_id,
                            int64_t id, struct referral *out);
/* referrals_of_person: newest first, after id `after` (0: from the
 * newest), at most max. */
enum db_status referrals_of_person(struct db *db, struct arena *a,
                                   int64_t person_id, int64_t after, int max,
                                   struct referral **out, int *n);
/* referrals_open_of_teams: the open referrals of user_id's teams, after
 * id `after`, id order, at most max; overdue marked for today. */
enum db_status referrals_open_of_teams(struct db *db, struct arena *a,
                                       int64_t user_id, const char *today,
                                       int64_t after, int max,
                                       struct referral **out, int *n);
/* referrals_overdue: the overdue ones of user_id's teams, soonest
 * follow-up first, at most max; *total counts them all (NULL: not
 * wanted). */
enum db_status referrals_overdue(struct db *db, struct arena *a,
                                 int64_t user_id, const char *today, int max,
                                 struct referral **out, int *n, int64_t *total);
enum db_status referral_events_of(struct db *db, struct arena *a,
                                  int64_t referral_id,
                                  struct referral_event **out, int *n);
enum db_status referral_contacts_of(struct db *db, struct arena *a,
                                    int64_t referral_id,
                                    struct referral_contact **out, int *n);
/* referral_picks: up to REFERRAL_PICKS_MAX services whose name holds q. */
enum db_status referral_picks(struct db *db, struct arena *a, const char *q,
                              struct referral_pick **out, int *n);

/* What recording did. */
enum referral_result {
	REFERRAL_SAVED,
	REFERRAL_REFUSED,    /* 400: *e names the field */
	REFERRAL_ENDED,      /* 409: it has ended already; *e names status */
	REFERRAL_NO_RELEASE, /* 403: *e names sends_information, and says
	                        which release is missing */
	REFERRAL_FAILED,
};

/* referral_create checks and records n for person_id (today: in the
 * person's program's zone): an event, and the disclosure when it sends
 * information.  The caller's transaction holds it all. */
enum referral_result referral_create(struct db *db, struct arena *a,
                                     int64_t person_id, struct referral_new *n,
                                     const char *today, int64_t user_id,
                                     int64_t *id, struct field_error *e);

/* referral_apply checks and records change c on r. */
enum referral_result referral_apply(struct db *db, struct arena *a,
                                    const struct referral *r,
                                    struct referral_change *c,
                                    const char *today, int64_t user_id,
                                    struct field_error *e);

/* ---- a contact note's referrals (referral_links.c) */

/* referral_links_set makes contact_id (a draft of person_id's) name
 * exactly ids[0..n); each must be the person's referral (else -1 with *e
 * naming "referrals").  0, or -1 (DB failure: *e field NULL). */
int referral_links_set(struct db *db, int64_t person_id, int64_t contact_id,
                       const int64_t *ids, int n, struct field_error *e);
/* referral_links_of: the referral ids contact_id names. */
enum db_status referral_links_of(struct db *db, struct arena *a,
                                 int64_t contact_id, int64_t **ids, int *n);

#endif
