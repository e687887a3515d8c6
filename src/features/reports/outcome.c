/* outcome.c — the outcome report's figures (outcome.h). */
#include "outcome.h"
#include "../../core/local_time.h"
#include "../../core/text.h"
#include "../people/person.h"
#include "../plans/plan.h"
#include "../wellness/barc10.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const struct outcome_bucket outcome_buckets[OUTCOME_BUCKETS] = {
    {"−10 or less", INT32_MIN, -10},
    {"−9 to −5", -9, -5},
    {"−4 to −1", -4, -1},
    {"No change", 0, 0},
    {"+1 to +4", 1, 4},
    {"+5 to +9", 5, 9},
    {"+10 or more", 10, INT32_MAX},
};

/* The persons a report counts, p joined to their team t and its program
 * g: the program's, the team's, a supervisor's teams', and those the
 * staff member had a signed contact with in the period.  Its arguments,
 * in order: OUTCOME_SCOPE_ARGS(s). */
#define OUTCOME_JOIN                                                           \
	" JOIN persons p ON p.id = x.person_id JOIN teams t ON t.id ="         \
	" p.team_id JOIN programs g ON g.id = t.program_id"
#define OUTCOME_SCOPE                                                          \
	" p.merged_into IS NULL AND (? = 0 OR t.program_id = ?)"               \
	" AND (? = 0 OR p.team_id = ?) AND (? = 0 OR p.team_id IN"             \
	" (SELECT tm.team_id FROM team_members tm WHERE tm.user_id = ?))"      \
	" AND (? = 0 OR EXISTS (SELECT 1 FROM contacts sc WHERE"               \
	" sc.person_id = p.id AND sc.staff_id = ? AND sc.state = 'signed'"     \
	" AND sc.contact_on >= ? AND sc.contact_on <= ?))"
#define OUTCOME_SCOPE_ARGS(s)                                                  \
	DB_INT((s)->program_id), DB_INT((s)->program_id),                      \
	    DB_INT((s)->team_id), DB_INT((s)->team_id),                        \
	    DB_INT((s)->member_id), DB_INT((s)->member_id),                    \
	    DB_INT((s)->staff_id), DB_INT((s)->staff_id), DB_TEXT((s)->from),  \
	    DB_TEXT((s)->to)

static int index_of(const struct choice *list, int n, const char *code)
{
	for (int i = 0; code && i < n; i++)
		if (!strcmp(list[i].code, code))
			return i;
	return -1;
}

/* Stored stamps are UTC; the period is in local dates.  A stamp's rows
 * are read from a day either side of the period ([lo, hi)) and each one's
 * local date, in its program's zone, decides. */
struct window {
	char lo[LOCAL_DATE_SIZE], hi[LOCAL_DATE_SIZE];
	/* a stamp whose UTC date is from+1 … to−1 is in the period in any
	 * zone (offsets are under a day), one before from−1 or after to+1
	 * out of it: only the days between need converting */
	char in_lo[LOCAL_DATE_SIZE], in_hi[LOCAL_DATE_SIZE];
	char out_hi[LOCAL_DATE_SIZE];
};

static bool stamp_in(const struct report_scope *s, const char *tz,
                     const char *utc, char date[LOCAL_DATE_SIZE]);

static void window_of(const struct report_scope *s, struct window *w)
{
	local_add_days(s->from, -1, w->lo);
	local_add_days(s->to, 2, w->hi);
	local_add_days(s->from, 1, w->in_lo);
	local_add_days(s->to, -1, w->in_hi);
	local_add_days(s->to, 1, w->out_hi);
}

/* Whether stamp utc falls in the period in zone tz. */
static bool stamp_within(const struct report_scope *s, const struct window *w,
                         const char *tz, const char *utc)
{
	char d[LOCAL_DATE_SIZE];
	snprintf(d, sizeof d, "%.10s", utc);
	if (strcmp(d, w->in_lo) >= 0 && strcmp(d, w->in_hi) <= 0)
		return true;
	if (strcmp(d, w->lo) < 0 || strcmp(d, w->out_hi) > 0)
		return false;
	char date[LOCAL_DATE_SIZE];
	return stamp_in(s, tz, utc, date);
}

/* The local date of stamp utc in zone tz: in the period? */
static bool stamp_in(const struct report_scope *s, const char *tz,
                     const char *utc, char date[LOCAL_DATE_SIZE])
{
	struct local_stamp ls;
	if (!local_from_utc(tz, utc, &ls))
		return false;
	memcpy(date, ls.date, LOCAL_DATE_SIZE);
	return s && strcmp(date, s->from) >= 0 && strcmp(date, s->to) <= 0;
}

/* ---- goals */

static const char *goal_text(json_t *goal, const char *key)
{
	const char *v = json_string_value(json_object_get(goal, key));
	return v ? v : "";
}

struct goal_walk {
	int64_t person;
	json_t *before;            /* the previous counted version's goals */
	json_t *doc;               /* holds before */
	unsigned char counted[64]; /* goals whose achieving was counted */
};

static void goal_walk_reset(struct goal_walk *w, int64_t person)
{
	if (w->doc)
		json_decref(w->doc);
	*w = (struct goal_walk){.person = person};
}

static void goal_version(struct outcome_report *o, struct arena *a,
                         struct goal_walk *w, json_t *doc, bool in_period,
                         const char *tz, const char *utc,
                         const char *record_number)
{
	json_t *goals = json_object_get(doc, "goals");
	size_t n = json_is_array(goals) ? json_array_size(goals) : 0;
	size_t had = json_is_array(w->before) ? json_array_size(w->before) : 0;
	for (size_t i = 0; in_period && i < n; i++) {
		json_t *goal = json_array_get(goals, i);
		json_t *prev = i < had ? json_array_get(w->before, i) : NULL;
		int d = index_of(plan_domains, plan_domain_count,
		                 goal_text(goal, "domain"));
		if (d < 0 || d >= OUTCOME_DOMAINS)
			continue;
		if (!prev)
			o->goals_set[d]++, o->goals_set_total++;
		bool now = !strcmp(goal_text(goal, "status"), "achieved");
		bool then =
		    prev && !strcmp(goal_text(prev, "status"), "achieved");
		if (!now || then || i >= sizeof w->counted || w->counted[i])
			continue;
		w->counted[i] = 1;
		o->goals_achieved[d]++, o->goals_achieved_total++;
		char on[LOCAL_DATE_SIZE] = "";
		stamp_in(NULL, tz, utc, on);
		*ARENA_NEXT(a, o->achieved, o->achieved_count,
		            o->achieved_room) = (struct outcome_goal){
		    arena_strdup(a, record_number), plan_domains[d].code,
		    arena_strdup(a, on),
		    arena_strdup(a, goal_text(goal, "words"))};
	}
	if (w->doc)
		json_decref(w->doc);
	w->doc = doc;
	w->before = goals;
}

/* Every counted version (signed off: no co-signature needed, or given;
 * with ?unsigned=1 those waiting for it too) of the persons in scope who
 * have one written near the period, oldest first; versions in the period
 * are compared with the one before. */
static enum db_status goals(struct db *db, struct arena *a,
                            const struct report_scope *s,
                            const struct window *win, struct outcome_report *o)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT x.person_id, x.document, x.created_at, g.time_zone,"
	    " p.record_number FROM plan_versions x" OUTCOME_JOIN
	    " WHERE" OUTCOME_SCOPE " AND x.created_at < ? AND x.cosign_state"
	    " IN ('none', 'cosigned', ?) AND x.person_id IN (SELECT"
	    " w.person_id FROM plan_versions w WHERE w.created_at >= ? AND"
	    " w.created_at < ?) ORDER BY x.person_id, x.version",
	    OUTCOME_SCOPE_ARGS(s), DB_TEXT(win->hi),
	    DB_TEXT(s->with_unsigned ? "pending" : "none"), DB_TEXT(win->lo),
	    DB_TEXT(win->hi));
	struct goal_walk w = {0};
	char *pending = NULL; /* the last version out of the period */
	while (db_row(st)) {
		int64_t person = db_column_int(st, 0);
		if (person != w.person) {
			goal_walk_reset(&w, person);
			free(pending);
			pending = NULL;
		}
		const char *tz = db_column_text(st, 3),
		           *utc = db_column_text(st, 2);
		if (!stamp_within(s, win, tz, utc)) {
			/* kept as text: only the one before the period's
			 * first is ever compared */
			free(pending);
			pending = strdup(db_column_text(st, 1));
			continue;
		}
		if (pending) {
			json_t *before = json_loads(pending, 0, NULL);
			free(pending);
			pending = NULL;
			if (before)
				goal_version(o, a, &w, before, false, tz, utc,
				             "");
		}
		json_t *doc = json_loads(db_column_text(st, 1), 0, NULL);
		if (doc)
			goal_version(o, a, &w, doc, true, tz, utc,
			             db_column_text(st, 4));
	}
	free(pending);
	goal_walk_reset(&w, 0);
	return db_end(db, st);
}

/* ---- BARC-10 */

/* A stored assessment's total when every item is answered 1 to 6; -1
 * when one is missing (never imputed). */
static int barc_total(const char *answers)
{
	int total = 0;
	for (int i = 0; i < BARC10_ITEMS; i++) {
		char c = answers && strlen(answers) > (size_t)(2 * i)
		             ? answers[2 * i]
		             : '0';
		if (c < '0' + BARC10_MIN || c > '0' + BARC10_MAX)
			return -1;
		total += c - '0';
	}
	return total;
}

struct barc_walk {
	int64_t person;
	int assessed; /* assessments up to the period's end */
	int first;    /* the first complete total, -1 none */
	int latest;   /* the latest complete total in the period, -1 */
	int complete; /* complete assessments up to the end */
};

static void barc_close(struct outcome_report *o, const struct barc_walk *w)
{
	if (!w->person || w->assessed < 2)
		return;
	if (w->complete < 2 || w->latest < 0) {
		o->barc_missing++;
		return;
	}
	int change = w->latest - w->first;
	o->barc_compared++;
	o->barc_change_sum += change;
	for (int i = 0; i < OUTCOME_BUCKETS; i++)
		if (change >= outcome_buckets[i].min &&
		    change <= outcome_buckets[i].max)
			o->barc_buckets[i]++;
}

/* The persons in scope assessed in the period, every assessment of theirs
 * up to its end: first complete → latest complete in the period. */
static enum db_status barc(struct db *db, const struct report_scope *s,
                           struct outcome_report *o)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT x.person_id, x.taken_on, x.answers FROM barc10 "
	    "x" OUTCOME_JOIN " WHERE" OUTCOME_SCOPE " AND x.taken_on <= ? AND"
	    " x.person_id IN (SELECT b.person_id FROM barc10 b WHERE"
	    " b.taken_on >= ? AND b.taken_on <= ?) ORDER BY x.person_id,"
	    " x.taken_on, x.id",
	    OUTCOME_SCOPE_ARGS(s), DB_TEXT(s->to), DB_TEXT(s->from),
	    DB_TEXT(s->to));
	struct barc_walk w = {0};
	while (db_row(st)) {
		int64_t person = db_column_int(st, 0);
		if (person != w.person) {
			barc_close(o, &w);
			w = (struct barc_walk){person, 0, -1, -1, 0};
		}
		w.assessed++;
		int total = barc_total(db_column_text(st, 2));
		bool in = strcmp(db_column_text(st, 1), s->from) >= 0;
		if (total < 0) {
			if (in)
				o->barc_incomplete++;
			continue;
		}
		w.complete++;
		if (w.first < 0)
			w.first = total;
		else if (in)
			w.latest = total;
	}
	barc_close(o, &w);
	return db_end(db, st);
}

/* ---- recovery stages */

/* Each person's stage history (the first row is the stage they were
 * added with); a row in the period that changes the stage is a
 * transition from the one before. */
static enum db_status stages(struct db *db, const struct report_scope *s,
                             const struct window *win, struct outcome_report *o)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT x.person_id, x.stage, x.changed_at, g.time_zone FROM"
	    " recovery_stages x" OUTCOME_JOIN " WHERE" OUTCOME_SCOPE
	    " AND x.changed_at < ? AND x.person_id IN (SELECT r.person_id"
	    " FROM recovery_stages r WHERE r.changed_at >= ? AND"
	    " r.changed_at < ?) ORDER BY x.person_id, x.id",
	    OUTCOME_SCOPE_ARGS(s), DB_TEXT(win->hi), DB_TEXT(win->lo),
	    DB_TEXT(win->hi));
	int64_t person = 0;
	int before = -1;
	while (db_row(st)) {
		int64_t id = db_column_int(st, 0);
		int stage = index_of(recovery_stages, recovery_stage_count,
		                     db_column_text(st, 1));
		if (id != person)
			person = id, before = -1;
		if (before >= 0 && stage >= 0 && stage != before &&
		    stage < OUTCOME_STAGES &&
		    stamp_within(s, win, db_column_text(st, 3),
		                 db_column_text(st, 2)))
			o->stages[before][stage]++, o->stage_total++;
		if (stage >= 0 && stage < OUTCOME_STAGES)
			before = stage;
	}
	return db_end(db, st);
}

/* ---- follow-ups */

/* Follow-ups due in the period: closed by the team (any outcome but
 * "ended") on or before the day due, in the program's zone, is on time;
 * after it, late; "ended" (closed because the person enrolled again or
 * declined contact elsewhere) is counted apart. */
static enum db_status followups(struct db *db, const struct report_scope *s,
                                struct outcome_report *o)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT x.due_on, x.state, x.outcome, x.closed_at, g.time_zone"
	    " FROM followups x" OUTCOME_JOIN " WHERE" OUTCOME_SCOPE
	    " AND x.due_on >= ? AND x.due_on <= ?",
	    OUTCOME_SCOPE_ARGS(s), DB_TEXT(s->from), DB_TEXT(s->to));
	while (db_row(st)) {
		o->fu_due++;
		const char *due = db_column_text(st, 0);
		if (strcmp(db_column_text(st, 1), "closed")) {
			o->fu_open++;
			continue;
		}
		if (!strcmp(db_column_text(st, 2), "ended")) {
			o->fu_ended++;
			continue;
		}
		struct local_stamp ls;
		if (local_from_utc(db_column_text(st, 4), db_column_text(st, 3),
		                   &ls) &&
		    strcmp(ls.date, due) <= 0)
			o->fu_on_time++;
		else
			o->fu_late++;
	}
	return db_end(db, st);
}

/* ---- referrals */

static int by_days(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	return (a > b) - (a < b);
}

/* Days from date a to date b (YYYY-MM-DD). */
static int days_between(const char *a, const char *b)
{
	struct tm ta = {0}, tb = {0};
	if (sscanf(a, "%4d-%2d-%2d", &ta.tm_year, &ta.tm_mon, &ta.tm_mday) !=
	        3 ||
	    sscanf(b, "%4d-%2d-%2d", &tb.tm_year, &tb.tm_mon, &tb.tm_mday) != 3)
		return 0;
	ta.tm_year -= 1900;
	tb.tm_year -= 1900;
	ta.tm_mon--;
	tb.tm_mon--;
	return (int)((timegm(&tb) - timegm(&ta)) / 86400);
}

/* Referrals made in the period (their local date in the program's zone),
 * by where they stand now; the median days to the first visit. */
static enum db_status referrals(struct db *db, struct arena *a,
                                const struct report_scope *s,
                                const struct window *w,
                                struct outcome_report *o)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT x.created_at, x.status, COALESCE(x.connected_on, ''),"
	    " g.time_zone FROM referrals x" OUTCOME_JOIN " WHERE" OUTCOME_SCOPE
	    " AND x.created_at >= ? AND x.created_at < ?",
	    OUTCOME_SCOPE_ARGS(s), DB_TEXT(w->lo), DB_TEXT(w->hi));
	int *days = NULL, ndays = 0, room = 0;
	o->ref_median_days = -1;
	while (db_row(st)) {
		const char *tz = db_column_text(st, 3);
		const char *at = db_column_text(st, 0);
		char on[LOCAL_DATE_SIZE];
		if (!stamp_in(s, tz, at, on))
			continue;
		const char *status = db_column_text(st, 1);
		const char *connected = db_column_text(st, 2);
		o->ref_made++;
		if (*connected) {
			o->ref_connected++;
			if (ndays == room) {
				int *more = arena_alloc(
				    a, sizeof *more * (size_t)(room * 2 + 64));
				if (!more)
					continue;
				if (ndays)
					memcpy(more, days,
					       sizeof *days * (size_t)ndays);
				days = more;
				room = room * 2 + 64;
			}
			int d = days_between(on, connected);
			days[ndays++] = d < 0 ? 0 : d;
		}
		if (!strcmp(status, "independent"))
			o->ref_independent++;
		else if (!strcmp(status, "not_connected"))
			o->ref_not_connected++;
		else if (!strcmp(status, "declined"))
			o->ref_declined++;
		else if (!strcmp(status, "closed"))
			o->ref_closed++;
		else if (strcmp(status, "connected"))
			o->ref_open++;
	}
	if (ndays) {
		qsort(days, (size_t)ndays, sizeof *days, by_days);
		o->ref_median_days =
		    ndays % 2 ? days[ndays / 2]
		              : (days[ndays / 2 - 1] + days[ndays / 2]) / 2.0;
	}
	return db_end(db, st);
}

/* The strictest threshold of the programs in reach. */
static enum db_status threshold(struct db *db, const struct report_scope *s,
                                int *out)
{
	int64_t v = 11;
	enum db_status st = db_one_int(
	    db,
	    "SELECT COALESCE(MAX(g.small_cell_threshold), 11) FROM programs g"
	    " WHERE (? = 0 OR g.id = ?) AND (? = 0 OR g.id IN (SELECT"
	    " t.program_id FROM teams t WHERE t.id = ?)) AND (? = 0 OR g.id IN"
	    " (SELECT t.program_id FROM teams t JOIN team_members tm ON"
	    " tm.team_id = t.id WHERE tm.user_id = ?))",
	    &v, DB_INT(s->program_id), DB_INT(s->program_id),
	    DB_INT(s->team_id), DB_INT(s->team_id), DB_INT(s->member_id),
	    DB_INT(s->member_id));
	*out = (int)v;
	return st == DB_ROW ? DB_OK : st;
}

enum db_status outcome_compute(struct db *db, struct arena *a,
                               const struct report_scope *s, bool share,
                               struct outcome_report *out)
{
	*out = (struct outcome_report){.share = share};
	struct window win;
	window_of(s, &win);
	enum db_status st = threshold(db, s, &out->threshold);
	db_read_begin(db);
	if (st == DB_OK)
		st = goals(db, a, s, &win, out);
	if (st == DB_DONE)
		st = barc(db, s, out);
	if (st == DB_DONE)
		st = stages(db, s, &win, out);
	if (st == DB_DONE)
		st = followups(db, s, out);
	if (st == DB_DONE)
		st = referrals(db, a, s, &win, out);
	db_read_end(db);
	return st == DB_DONE ? DB_OK : st;
}

bool outcome_hidden(const struct outcome_report *o, int64_t n)
{
	return o->share && n > 0 && n < o->threshold;
}

const char *outcome_shown(const struct outcome_report *o, struct arena *a,
                          int64_t n)
{
	return outcome_hidden(o, n) ? arena_sprintf(a, "<%d", o->threshold)
	                            : arena_sprintf(a, "%lld", (long long)n);
}

bool outcome_mean_hidden(const struct outcome_report *o)
{
	return outcome_hidden(o, o->barc_compared);
}
