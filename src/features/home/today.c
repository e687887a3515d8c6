/* today.c — see today.h: the table of sections and what each reads. */
#include "today.h"

#include "../../core/buf.h"
#include "../../core/clock.h"
#include "../followups/followup.h"
#include "../incidents/incident.h"
#include "../notes/contact.h"
#include "../referrals/referral.h"
#include "../workforce/credential.h"
#include "../workforce/policy.h"
#include "../workforce/progress.h"
#include "returned.h"
#include "today_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ROLE(x)  (1u << (x))
#define PEERS    (ROLE(ROLE_PEER_TRAINEE) | ROLE(ROLE_PEER_SPECIALIST))
#define MANAGERS (ROLE(ROLE_PROGRAM_MANAGER) | ROLE(ROLE_ADMIN))
#define STAFF    (PEERS | ROLE(ROLE_SUPERVISOR) | MANAGERS)

/* Room for max items of section s (arena memory, zero-filled). */
static struct today_item *items_for(struct today *t, struct today_section *s,
                                    int max)
{
	return s->items = arena_alloc(t->a, sizeof *s->items * (size_t)max);
}

/* The address of a person's page: /persons/ID/... */
#define PERSON_URL(t, fmt, pid, ...)                                           \
	arena_sprintf((t)->a, "/persons/%lld" fmt, (long long)(pid),           \
	              __VA_ARGS__)

static enum db_status load_returned(struct today *t, struct today_section *s)
{
	struct returned_work *list;
	int n;
	enum db_status st = returned_to(t->db, t->a, t->user_id, &list, &n);
	if (st != DB_DONE || !n || !items_for(t, s, n))
		return st;
	for (int i = 0; i < n; i++) {
		const struct returned_work *x = &list[i];
		bool note = x->kind[0] == 'n';
		s->items[i] = (struct today_item){
		    .id = x->id,
		    .person_id = x->person_id,
		    .kind = x->kind,
		    .name = x->person_name,
		    .on = x->on,
		    .by = x->supervisor_name,
		    .comment = x->comment,
		    .url = note ? PERSON_URL(t, "/contacts/new?draft=%lld",
		                             x->person_id, (long long)x->id)
		                : PERSON_URL(t, "/plan%s", x->person_id, "")};
	}
	s->n = n;
	s->count = n;
	return DB_DONE;
}

/* Due today or before, in the user's zone; tomorrow's wait for tomorrow. */
static enum db_status load_followups(struct today *t, struct today_section *s)
{
	struct followup *list;
	int n;
	enum db_status st = followups_due(t->db, t->a, t->user_id, t->today, "",
	                                  0, TODAY_ITEMS, &list, &n, &s->count);
	s->more_url = "/followups";
	if (st != DB_DONE || !n || !items_for(t, s, n))
		return st;
	for (int i = 0; i < n; i++) {
		const struct followup *f = &list[i];
		s->items[i] = (struct today_item){
		    .id = f->id,
		    .person_id = f->person_id,
		    .name = f->person_name,
		    .on = f->due_on,
		    .detail = arena_sprintf(
		        t->a, "%s, %d days after the discharge of %s",
		        f->program_name, f->days_after, f->discharged_on),
		    .url = PERSON_URL(t, "/followups/%lld", f->person_id,
		                      (long long)f->id),
		    .flag = followup_is_overdue(f, t->today)};
	}
	s->n = n;
	return DB_DONE;
}

/* Open referrals of the user's teams past their follow-up date or quiet
 * for their program's days, soonest follow-up first. */
static enum db_status load_referrals(struct today *t, struct today_section *s)
{
	struct referral *list;
	int n;
	enum db_status st =
	    referrals_overdue(t->db, t->a, t->user_id, t->today, TODAY_ITEMS,
	                      &list, &n, &s->count);
	s->more_url = "/referrals";
	if (st != DB_DONE || !n || !items_for(t, s, n))
		return st;
	for (int i = 0; i < n; i++) {
		const struct referral *f = &list[i];
		s->items[i] = (struct today_item){
		    .id = f->id,
		    .person_id = f->person_id,
		    .name = f->person_name,
		    .on = f->follow_up_on,
		    .detail = arena_sprintf(t->a, "To %s: %s", f->to_name,
		                            referral_status_label(f->status)),
		    .url = PERSON_URL(t, "/referrals/%lld", f->person_id,
		                      (long long)f->id),
		    .flag = true};
	}
	s->n = n;
	return DB_DONE;
}

static const char *kind_label(const char *code)
{
	const struct contact_kind *k = contact_kind_find(code);
	return k ? k->label : code;
}

static enum db_status load_drafts(struct today *t, struct today_section *s)
{
	struct today_item *list;
	enum db_status st = today_drafts(t->db, t->a, t->user_id, TODAY_ITEMS,
	                                 &list, &s->n, &s->count);
	s->items = list;
	for (int i = 0; st == DB_DONE && i < s->n; i++) {
		list[i].kind = "note";
		list[i].detail = kind_label(list[i].detail);
		list[i].url =
		    PERSON_URL(t, "/contacts/new?draft=%lld", list[i].person_id,
		               (long long)list[i].id);
	}
	return st;
}

static int by_last_contact(const void *x, const void *y)
{
	const struct today_item *a = x, *b = y;
	int c = strcmp(a->on, b->on);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

/* Each team by itself (its program says how many days), so each read is
 * one range of persons_quiet in its order; the few teams' first items are
 * then merged, oldest contact first. */
static enum db_status load_quiet(struct today *t, struct today_section *s)
{
	int max = t->nteams * TODAY_ITEMS;
	struct today_item *all = max ? items_for(t, s, max) : NULL;
	int n = 0;
	s->count = 0;
	for (int i = 0; i < t->nteams; i++) {
		const struct today_team *team = &t->teams[i];
		char before[LOCAL_DATE_SIZE];
		local_add_days(t->today, -team->no_contact_days, before);
		struct today_item *list;
		int got;
		int64_t count;
		enum db_status st =
		    today_quiet(t->db, t->a, team->id, before, TODAY_ITEMS,
		                &list, &got, &count);
		if (st != DB_DONE)
			return st;
		s->count += count;
		for (int j = 0; j < got; j++) {
			list[j].flag = !list[j].on[0];
			list[j].url = PERSON_URL(t, "%s", list[j].id, "");
			list[j].detail =
			    t->nteams > 1
			        ? arena_sprintf(
			              t->a, "%s: no contact in %d days",
			              team->name, team->no_contact_days)
			        : arena_sprintf(t->a, "No contact in %d days",
			                        team->no_contact_days);
			all[n++] = list[j];
		}
	}
	if (n)
		qsort(all, (size_t)n, sizeof *all, by_last_contact);
	s->items = all;
	s->n = n < TODAY_ITEMS ? n : TODAY_ITEMS;
	return DB_DONE;
}

static enum db_status load_review(struct today *t, struct today_section *s)
{
	enum { REVIEW_SHOWN = 5 }; /* the longest waiting */
	struct today_item *list;
	enum db_status st = today_review(t->db, t->a, t->user_id, REVIEW_SHOWN,
	                                 &list, &s->n, &s->count);
	s->items = list;
	s->more_url = "/supervision";
	for (int i = 0; st == DB_DONE && i < s->n; i++) {
		bool note = !strcmp(list[i].kind, "note");
		if (note)
			list[i].detail = kind_label(list[i].detail);
		list[i].url =
		    note ? PERSON_URL(t, "/contacts/%lld", list[i].person_id,
		                      (long long)list[i].id)
		         : PERSON_URL(t, "/plan%s", list[i].person_id, "");
	}
	if (s->n)
		s->oldest = list[0].on;
	return st;
}

static enum db_status load_review_all(struct today *t, struct today_section *s)
{
	return today_review_all(t->db, &s->count);
}

static enum db_status load_incidents(struct today *t, struct today_section *s)
{
	/* only reviewers open every report; an administrator sees how many */
	s->more_url = incident_reviewer(t->role) ? "/incidents" : "";
	return today_incidents_waiting(t->db, t->a, &s->count, &s->oldest);
}

static enum db_status load_workload(struct today *t, struct today_section *s)
{
	enum db_status st = today_workload(t->db, t->a, t->user_id, t->monday,
	                                   t->today, &s->items, &s->n);
	s->count = s->n;
	return st;
}

static enum db_status load_overdue_all(struct today *t, struct today_section *s)
{
	return today_overdue_all(t->db, t->today, &s->count);
}

static enum db_status load_quiet_all(struct today *t, struct today_section *s)
{
	return today_quiet_all(t->db, t->a, t->today, &s->count);
}

static enum db_status load_invitations(struct today *t, struct today_section *s)
{
	/* a program manager sees them too, but only an administrator sends
	 * an invitation again (users.admin) */
	bool admin = permission_granted(t->role, PERM_USERS_ADMIN);
	enum db_status st =
	    today_invitations(t->db, t->a, (int64_t)clock_now(), TODAY_ITEMS,
	                      &s->items, &s->n, &s->count);
	s->more_url = admin ? "/users" : "";
	for (int i = 0; st == DB_DONE && i < s->n; i++) {
		struct today_item *x = &s->items[i];
		x->flag = !x->count; /* no link that still works */
		x->count = 0;
		x->url =
		    admin ? arena_sprintf(t->a, "/users/%lld", (long long)x->id)
		          : "";
	}
	return st;
}

static enum db_status load_empty_teams(struct today *t, struct today_section *s)
{
	enum db_status st = today_empty_teams(t->db, t->a, TODAY_ITEMS,
	                                      &s->items, &s->n, &s->count);
	for (int i = 0; st == DB_DONE && i < s->n; i++)
		s->items[i].url = "/teams";
	s->more_url = "/teams";
	return st;
}

static enum db_status load_unsaved(struct today *t, struct today_section *s)
{
	enum db_status st = today_unsaved_schedules(
	    t->db, t->a, TODAY_ITEMS, &s->items, &s->n, &s->count);
	for (int i = 0; st == DB_DONE && i < s->n; i++)
		s->items[i].url =
		    arena_sprintf(t->a, "/programs/%lld/followups",
		                  (long long)s->items[i].id);
	return st;
}

/* Credentials expiring within the largest of the warning days (the
 * workforce settings) or expired, not renewed: the user's own, or
 * everyone's for a manager. */
static enum db_status load_credentials(struct today *t, struct today_section *s,
                                       int64_t user_id)
{
	struct workforce_settings set;
	enum db_status st = workforce_settings_get(t->db, t->a, &set);
	if (st != DB_OK)
		return st;
	char through[LOCAL_DATE_SIZE];
	local_add_days(t->today, warn_days_max(set.credential_warn_days),
	               through);
	struct credential_alert *list;
	st = credential_alerts(t->db, t->a, user_id, through, TODAY_ITEMS,
	                       &list, &s->n, &s->count);
	if (st != DB_DONE || !s->n || !items_for(t, s, s->n))
		return st;
	for (int i = 0; i < s->n; i++) {
		const struct credential_alert *x = &list[i];
		int days = local_days_between(t->today, x->expires_on);
		const char *when =
		    days < 0 ? arena_sprintf(t->a, "expired %s", x->expires_on)
		    : days == 0 ? "expires today"
		                : arena_sprintf(t->a, "expires in %d day%s",
		                                days, days == 1 ? "" : "s");
		s->items[i] = (struct today_item){
		    .id = x->credential_id,
		    .name = user_id ? x->kind_name : x->staff_name,
		    .on = x->expires_on,
		    .detail = user_id ? when
		                      : arena_sprintf(t->a, "%s: %s",
		                                      x->kind_name, when),
		    .url = arena_sprintf(t->a, "/staff/%lld/credentials",
		                         (long long)x->user_id),
		    .flag = days < 0};
	}
	return DB_DONE;
}

static enum db_status load_own_credentials(struct today *t,
                                           struct today_section *s)
{
	s->more_url = arena_sprintf(t->a, "/staff/%lld/credentials",
	                            (long long)t->user_id);
	return load_credentials(t, s, t->user_id);
}

static enum db_status load_all_credentials(struct today *t,
                                           struct today_section *s)
{
	return load_credentials(t, s, 0);
}

static enum db_status load_missing_credentials(struct today *t,
                                               struct today_section *s)
{
	struct credential_alert *list;
	enum db_status st = credential_missing_all(t->db, t->a, TODAY_ITEMS,
	                                           &list, &s->n, &s->count);
	if (st != DB_DONE || !s->n || !items_for(t, s, s->n))
		return st;
	for (int i = 0; i < s->n; i++)
		s->items[i] = (struct today_item){
		    .id = list[i].user_id,
		    .name = list[i].staff_name,
		    .detail = arena_sprintf(t->a,
		                            "%s: missing, required for "
		                            "the role",
		                            list[i].kind_name),
		    .url = arena_sprintf(t->a, "/staff/%lld/credentials",
		                         (long long)list[i].user_id),
		    .flag = true};
	return DB_DONE;
}

/* Trainees on the supervisor's teams who are eligible for promotion now
 * or will be within 30 days (by the date; what is still missing is the
 * item's detail), soonest first. */
static enum db_status load_trainees_near(struct today *t,
                                         struct today_section *s)
{
	enum { NEAR_DAYS = 30 };
	struct trainee_status *list;
	struct progress_settings set;
	int n;
	enum db_status st = progress_settings_get(t->db, &set);
	if (st == DB_DONE)
		st = trainees_of_supervisor(t->db, t->a, t->user_id, &list, &n);
	s->count = 0;
	if (st != DB_DONE || !n || !items_for(t, s, n))
		return st;
	char until[LOCAL_DATE_SIZE];
	local_add_days(t->today, NEAR_DAYS, until);
	for (int i = 0; i < n; i++) {
		struct trainee_status *x = &list[i];
		progress_evaluate(x, &set, t->today);
		if (strcmp(x->eligible_on, until) > 0)
			continue;
		int missing;
		const char **why =
		    progress_missing(t->a, x, "", t->today, &missing);
		s->items[s->count++] = (struct today_item){
		    .id = x->user_id,
		    .name = x->name,
		    .on = arena_strdup(t->a, x->eligible_on),
		    .detail = x->eligible ? "Eligible for promotion now"
		              : missing   ? arena_sprintf(t->a,
		                                          "Eligible on %s;"
		                                            " still missing: %s",
		                                          x->eligible_on, why[0])
		                        : arena_sprintf(t->a, "Eligible on %s",
		                                        x->eligible_on),
		    .url = arena_sprintf(t->a, "/staff/%lld/progress",
		                         (long long)x->user_id),
		    .flag = x->eligible};
	}
	qsort(s->items, (size_t)s->count, sizeof *s->items, by_last_contact);
	s->n = s->count < TODAY_ITEMS ? (int)s->count : TODAY_ITEMS;
	return DB_DONE;
}

/* The workforce: why policy p is due for the user. */
static const char *policy_due_detail(struct today *t, const struct policy *p)
{
	if (!p->acked_version)
		return arena_sprintf(t->a, "Version %lld: not yet acknowledged",
		                     (long long)p->version);
	if (p->acked_version < p->version)
		return arena_sprintf(
		    t->a, "Version %lld is new: you acknowledged version %lld",
		    (long long)p->version, (long long)p->acked_version);
	return arena_sprintf(
	    t->a, "Version %lld: your acknowledgement of %.10s is due again",
	    (long long)p->version, p->my_ack_at);
}

/* The policies the user must acknowledge (a current version never
 * acknowledged, an earlier one only, or long ago). */
static enum db_status load_policies(struct today *t, struct today_section *s)
{
	char cutoff[32];
	struct policy *list;
	enum db_status st = policy_ack_cutoff(t->db, cutoff, NULL);
	if (st == DB_DONE)
		st = policy_due_for(t->db, t->a, t->user_id, cutoff,
		                    TODAY_ITEMS, &list, &s->n, &s->count);
	s->more_url = "/policies";
	if (st != DB_DONE || !s->n || !items_for(t, s, s->n))
		return st;
	for (int i = 0; i < s->n; i++) {
		const struct policy *p = &list[i];
		s->items[i] = (struct today_item){
		    .id = p->id,
		    .name = p->title,
		    .on = arena_sprintf(t->a, "%.10s", p->published_at),
		    .detail = policy_due_detail(t, p),
		    .url =
		        arena_sprintf(t->a, "/policies/%lld", (long long)p->id),
		    .flag = p->acked_version > 0};
	}
	return DB_DONE;
}

static enum db_status load_policies_all(struct today *t,
                                        struct today_section *s)
{
	char cutoff[32];
	enum db_status st = policy_ack_cutoff(t->db, cutoff, NULL);
	s->more_url = "/policies";
	return st == DB_DONE
	           ? policy_staff_outstanding(t->db, cutoff, &s->count)
	           : st;
}

/* The sections, in the order the page shows them.  Appointments and group
 * sessions today (issue 24) join here, after "returned" and
 * "followups_due", when they exist: until then they are left out, not
 * shown empty. */
static const struct today_source sources[] = {
    {"returned", "Returned to you", "", "on", NULL, TODAY_RETURNED, PEERS, true,
     load_returned},
    {"followups_due", "Follow-ups due", "No follow-up is due.", "due_on",
     "overdue", TODAY_LIST, PEERS, true, load_followups},
    {"referrals_overdue", "Referrals past their follow-up date",
     "No referral is overdue.", "follow_up_on", "overdue", TODAY_LIST, PEERS,
     true, load_referrals},
    {"drafts", "Your unsigned notes", "You have no unsigned notes.",
     "contact_on", NULL, TODAY_LIST, PEERS, true, load_drafts},
    {"no_contact", "No contact lately",
     "Everyone enrolled on your teams was contacted recently.",
     "last_contact_on", "never_contacted", TODAY_LIST, PEERS, true, load_quiet},
    {"review_queue", "Waiting for your co-signature",
     "Nothing waits for your co-signature.", "waiting_since", NULL, TODAY_LIST,
     ROLE(ROLE_SUPERVISOR), true, load_review},
    {"review_queue_all", "Waiting for a supervisor's co-signature",
     "Nothing waits for a co-signature.", NULL, NULL, TODAY_COUNT, MANAGERS,
     false, load_review_all},
    {"trainees_near_promotion", "Trainees near promotion",
     "No trainee on your teams is eligible within 30 days.", "eligible_on",
     "eligible_now", TODAY_LIST, ROLE(ROLE_SUPERVISOR), false,
     load_trainees_near},
    {"incidents_review", "Incident reports to review",
     "No incident report waits for review.", NULL, NULL, TODAY_COUNT,
     ROLE(ROLE_SUPERVISOR) | MANAGERS, false, load_incidents},
    {"workload", "Notes signed this week",
     "No peer or trainee is on your "
     "teams.",
     NULL, NULL, TODAY_TABLE, ROLE(ROLE_SUPERVISOR), false, load_workload},
    {"followups_overdue_all", "Follow-ups overdue, all teams",
     "No follow-up is overdue.", NULL, NULL, TODAY_COUNT, MANAGERS, false,
     load_overdue_all},
    {"no_contact_all", "Enrolled persons with no contact lately, all teams",
     "Everyone enrolled was contacted recently.", NULL, NULL, TODAY_COUNT,
     MANAGERS, false, load_quiet_all},
    {"invitations", "Invitations not accepted",
     "Every invitation has been accepted.", NULL, "expired", TODAY_LIST,
     MANAGERS, false, load_invitations},
    {"teams_without_members", "Teams with nobody on them",
     "Every team has members.", NULL, NULL, TODAY_LIST, MANAGERS, false,
     load_empty_teams},
    {"schedules_not_saved", "Follow-up schedules never set",
     "Every program has set its follow-up schedule.", NULL, NULL, TODAY_LIST,
     MANAGERS, false, load_unsaved},
    {"credentials_expiring", "Your credentials expiring",
     "None of your credentials expires soon.", "expires_on", "expired",
     TODAY_LIST, STAFF, false, load_own_credentials},
    {"credentials_expiring_all", "Staff credentials expiring",
     "No staff credential expires soon.", "expires_on", "expired", TODAY_LIST,
     MANAGERS, false, load_all_credentials},
    {"credentials_missing_all", "Staff missing a required credential",
     "Every staff member holds the credentials their role requires.", NULL,
     "missing", TODAY_LIST, MANAGERS, false, load_missing_credentials},
    /* the workforce: policies and trainings */
    {"policies_to_acknowledge", "Policies to read and acknowledge",
     "You have acknowledged every policy.", "published_on", "due_again",
     TODAY_LIST, PEERS | ROLE(ROLE_SUPERVISOR) | MANAGERS, false,
     load_policies},
    {"policy_acks_outstanding", "Staff with policies to acknowledge",
     "Every staff member has acknowledged every policy.", NULL, NULL,
     TODAY_COUNT, MANAGERS, false, load_policies_all},
};
enum { SOURCES = sizeof sources / sizeof sources[0] };

/* The Monday on or before date (YYYY-MM-DD): the week's workload. */
static void monday_of(const char *date, char out[LOCAL_DATE_SIZE])
{
	struct tm tm = {0};
	if (sscanf(date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) !=
	    3) {
		snprintf(out, LOCAL_DATE_SIZE, "%s", date);
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t at = timegm(&tm);
	struct tm day;
	gmtime_r(&at, &day);
	local_add_days(date, -((day.tm_wday + 6) % 7), out);
}

enum db_status today_gather(struct db *db, struct arena *a, int64_t user_id,
                            enum role role, const char *today,
                            struct today *out)
{
	*out =
	    (struct today){.db = db, .a = a, .user_id = user_id, .role = role};
	snprintf(out->today, sizeof out->today, "%s", today);
	monday_of(today, out->monday);
	enum db_status st =
	    today_teams(db, a, user_id, &out->teams, &out->nteams);
	if (st != DB_DONE)
		return st;
	out->sections = arena_alloc(a, sizeof *out->sections * SOURCES);
	if (!out->sections)
		return DB_ERROR;
	for (int i = 0; i < SOURCES; i++) {
		if (role < 0 || role >= 32 || !(sources[i].roles & ROLE(role)))
			continue;
		struct today_section *s = &out->sections[out->nsections++];
		*s = (struct today_section){
		    .src = &sources[i], .more_url = "", .oldest = ""};
		st = sources[i].load(out, s);
		if (st != DB_DONE)
			return st;
	}
	return DB_DONE;
}

const char *today_audit_detail(const struct today *t)
{
	struct buf b = {0};
	for (int i = 0; i < t->nsections; i++) {
		const struct today_section *s = &t->sections[i];
		if (!s->src->lists_persons || !s->n)
			continue;
		buf_printf(&b, "%s%s %d", b.len ? ", " : "", s->src->name,
		           s->n);
	}
	if (!b.len)
		return NULL;
	const char *detail = arena_strdup(t->a, b.data);
	buf_free(&b);
	return detail;
}
