/* progress.c — see progress.h: the rule and its statements. */
#include "progress.h"

#include "../../auth/users.h"
#include "../../core/buf.h"
#include "../../core/clock.h"
#include "../supervision/supervision_hours.h"

#include <stdio.h>
#include <string.h>

enum { TRAINEES_MAX = 200, COMPETENCIES_MAX = 200 };

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

void progress_add_months(const char *date, int64_t months,
                         char out[LOCAL_DATE_SIZE])
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
	                           31, 31, 30, 31, 30, 31};
	int y = 2000, m = 1, d = 1;
	if (!date || sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
	    m > 12)
		y = 2000, m = 1, d = 1;
	int64_t index = (int64_t)y * 12 + (m - 1) + months;
	y = (int)(index / 12);
	m = (int)(index % 12) + 1;
	int last = days[m - 1] + (m == 2 && leap(y));
	if (d > last)
		d = last;
	if (d < 1)
		d = 1;
	if (y < 1000 || y > 9999)
		y = y < 1000 ? 1000 : 9999;
	snprintf(out, LOCAL_DATE_SIZE, "%04u-%02u-%02u", (unsigned)y % 10000u,
	         (unsigned)m % 100u, (unsigned)d % 100u);
}

void progress_evaluate(struct trainee_status *t,
                       const struct progress_settings *set, const char *today)
{
	progress_add_months(t->started_on, set->months, t->period_ends);
	t->competencies_done = t->done >= t->required;
	t->hours_required = set->hours;
	t->hours_met = t->minutes >= set->hours * 60;
	const char *on = t->period_ends;
	if (t->competencies_done && t->last_done_on && *t->last_done_on &&
	    strcmp(t->last_done_on, on) > 0)
		on = t->last_done_on;
	snprintf(t->eligible_on, sizeof t->eligible_on, "%s", on);
	t->period_over = strcmp(t->period_ends, today) <= 0;
	t->eligible = !strcmp(t->role, "peer_trainee") &&
	              t->competencies_done && t->hours_met &&
	              strcmp(t->eligible_on, today) <= 0;
}

const char *progress_hours(struct arena *a, int64_t minutes)
{
	return supervision_hours_text(a, minutes);
}

const char **progress_missing(struct arena *a, const struct trainee_status *t,
                              const char *missing_names, const char *today,
                              int *n)
{
	const char **out = arena_alloc(a, 3 * sizeof *out);
	*n = 0;
	if (!t->competencies_done) {
		int64_t left = t->required - t->done;
		out[(*n)++] = arena_sprintf(
		    a,
		    "%lld of the %lld required competencies not completed%s%s",
		    (long long)left, (long long)t->required,
		    *missing_names ? ": " : "", missing_names);
	}
	if (!t->hours_met)
		out[(*n)++] =
		    arena_sprintf(a, "%s of the %lld supervised hours required",
		                  progress_hours(a, t->minutes),
		                  (long long)t->hours_required);
	if (strcmp(t->eligible_on, today) > 0 && t->competencies_done)
		out[(*n)++] = arena_sprintf(
		    a, "the trainee period runs until %s", t->eligible_on);
	else if (!t->period_over)
		out[(*n)++] = arena_sprintf(
		    a, "the trainee period runs until %s", t->period_ends);
	return out;
}

enum db_status progress_settings_get(struct db *db,
                                     struct progress_settings *out)
{
	struct db_stmt *st =
	    db_query(db, "SELECT trainee_months, trainee_hours"
	                 " FROM workforce_settings WHERE one = 1");
	*out = (struct progress_settings){6, 0};
	if (db_row(st)) {
		out->months = db_column_int(st, 0);
		out->hours = db_column_int(st, 1);
	}
	return db_end(db, st);
}

static const struct db_col status_cols[] = {
    DB_COL_INT(struct trainee_status, user_id),
    DB_COL_TEXT(struct trainee_status, name),
    DB_COL_TEXT(struct trainee_status, role),
    DB_COL_TEXT(struct trainee_status, started_on),
    DB_COL_INT(struct trainee_status, start_set),
    DB_COL_TEXT(struct trainee_status, promoted_on),
    DB_COL_TEXT(struct trainee_status, promoted_by_name),
    DB_COL_TEXT(struct trainee_status, override_reason),
    DB_COL_INT(struct trainee_status, minutes),
    DB_COL_INT(struct trainee_status, required),
    DB_COL_INT(struct trainee_status, done),
    DB_COL_TEXT(struct trainee_status, last_done_on)};

/* The columns of status_cols, for the user u. */
#define STATUS_SELECT                                                          \
	"SELECT u.id, u.name, u.role, COALESCE(tp.started_on,"                 \
	" substr(u.created_at, 1, 10)), CASE WHEN tp.started_on IS NULL"       \
	" THEN 0 ELSE 1 END, COALESCE(tp.promoted_on, ''),"                    \
	" COALESCE(pb.name, ''), COALESCE(tp.override_reason, ''),"            \
	" (SELECT COALESCE(SUM(s.minutes), 0) FROM supervision_sessions s"     \
	" WHERE s.supervisee_id = u.id),"                                      \
	" (SELECT COUNT(*) FROM competencies c WHERE c.retired_at IS NULL),"   \
	" (SELECT COUNT(*) FROM trainee_competencies t JOIN competencies c"    \
	" ON c.id = t.competency_id WHERE t.user_id = u.id AND"                \
	" c.retired_at IS NULL),"                                              \
	" (SELECT COALESCE(MAX(t.completed_on), '') FROM"                      \
	" trainee_competencies t JOIN competencies c ON c.id ="                \
	" t.competency_id WHERE t.user_id = u.id AND c.retired_at IS NULL)"    \
	" FROM users u LEFT JOIN trainee_progress tp ON tp.user_id = u.id"     \
	" LEFT JOIN users pb ON pb.id = tp.promoted_by"

enum db_status trainee_status_get(struct db *db, struct arena *a,
                                  int64_t user_id, struct trainee_status *out)
{
	struct trainee_status *list;
	int n;
	enum db_status s = db_read_list(
	    db, db_query(db, STATUS_SELECT " WHERE u.id = ?", DB_INT(user_id)),
	    a, DB_COLS(status_cols), sizeof *list, 1, (void **)&list, &n);
	if (s != DB_DONE)
		return s;
	if (!n)
		return DB_DONE;
	*out = list[0];
	return DB_ROW;
}

enum db_status trainees_of_supervisor(struct db *db, struct arena *a,
                                      int64_t supervisor_id,
                                      struct trainee_status **out, int *n)
{
	return db_read_list(
	    db,
	    db_query(db,
	             STATUS_SELECT " WHERE u.role = 'peer_trainee' AND"
	                           " u.disabled = 0 AND u.id IN (SELECT"
	                           " b.user_id FROM team_members a JOIN"
	                           " team_members b ON b.team_id = a.team_id"
	                           " WHERE a.user_id = ?) ORDER BY u.name, u.id"
	                           " LIMIT 200",
	             DB_INT(supervisor_id)),
	    a, DB_COLS(status_cols), sizeof **out, TRAINEES_MAX, (void **)out,
	    n);
}

static const struct db_col competency_cols[] = {
    DB_COL_INT(struct competency, id),
    DB_COL_TEXT(struct competency, name),
    DB_COL_TEXT(struct competency, created_at),
    DB_COL_TEXT(struct competency, retired_at),
    DB_COL_TEXT(struct competency, completed_on),
    DB_COL_TEXT(struct competency, signed_by_name)};

enum db_status trainee_competency_list(struct db *db, struct arena *a,
                                       int64_t user_id, struct competency **out,
                                       int *n)
{
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT c.id, c.name, c.created_at, '',"
	             " COALESCE(t.completed_on, ''), COALESCE(s.name, '')"
	             " FROM competencies c LEFT JOIN trainee_competencies t"
	             " ON t.competency_id = c.id AND t.user_id = ?"
	             " LEFT JOIN users s ON s.id = t.signed_by"
	             " WHERE c.retired_at IS NULL ORDER BY c.name, c.id"
	             " LIMIT 200",
	             DB_INT(user_id)),
	    a, DB_COLS(competency_cols), sizeof **out, COMPETENCIES_MAX,
	    (void **)out, n);
}

enum db_status competency_list(struct db *db, struct arena *a,
                               struct competency **out, int *n)
{
	return db_read_list(
	    db,
	    db_query(db, "SELECT id, name, created_at, COALESCE(retired_at,"
	                 " ''), '', '' FROM competencies ORDER BY CASE WHEN"
	                 " retired_at IS NULL THEN 0 ELSE 1 END, name, id"
	                 " LIMIT 200"),
	    a, DB_COLS(competency_cols), sizeof **out, COMPETENCIES_MAX,
	    (void **)out, n);
}

/* Commits the change begun, with its entry about the trainee progress of
 * user_id (entity type entity). */
static enum db_status commit_audited(struct db *db, enum db_status s,
                                     const struct actor *who,
                                     const char *action, const char *entity,
                                     int64_t id, const char *detail)
{
	char key[24];
	snprintf(key, sizeof key, "%lld", (long long)id);
	return audit_commit(
	    db, s, who,
	    &(struct audit_entry){action, entity, key, 0, "success", detail});
}

/* Inside a transaction: DB_OK when user_id is a trainee now, else
 * DB_DONE (or the error). */
static enum db_status still_trainee(struct db *db, int64_t user_id)
{
	int64_t id;
	enum db_status s = db_one_int(db,
	                              "SELECT id FROM users WHERE id = ? AND"
	                              " role = 'peer_trainee'",
	                              &id, DB_INT(user_id));
	return s == DB_ROW ? DB_OK : s;
}

static void rollback_unless_ok(struct db *db, enum db_status s)
{
	if (s != DB_OK)
		db_rollback(db);
}

enum db_status trainee_start_set(struct db *db, const struct actor *who,
                                 int64_t user_id, const char *started_on)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	s = still_trainee(db, user_id);
	if (s == DB_OK)
		s = db_run(db,
		           "INSERT INTO trainee_progress (user_id, started_on,"
		           " updated_at) VALUES (?, ?, ?) ON CONFLICT (user_id)"
		           " DO UPDATE SET started_on = excluded.started_on,"
		           " updated_at = excluded.updated_at",
		           DB_INT(user_id), DB_TEXT(started_on), DB_TEXT(now));
	if (s == DB_DONE) {
		db_rollback(db);
		return s;
	}
	char detail[40];
	snprintf(detail, sizeof detail, "started_on=%s", started_on);
	return commit_audited(db, s, who, "update", "trainee_progress", user_id,
	                      detail);
}

enum db_status trainee_competency_complete(struct db *db,
                                           const struct actor *who,
                                           int64_t user_id,
                                           int64_t competency_id,
                                           const char *completed_on)
{
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	s = still_trainee(db, user_id);
	if (s == DB_OK) {
		int64_t id;
		s = db_one_int(db,
		               "SELECT id FROM competencies WHERE id = ? AND"
		               " retired_at IS NULL",
		               &id, DB_INT(competency_id));
		s = s == DB_ROW ? DB_OK : s;
	}
	if (s == DB_OK)
		s = db_run(db,
		           "INSERT INTO trainee_competencies (user_id,"
		           " competency_id, completed_on, signed_by)"
		           " VALUES (?, ?, ?, ?)",
		           DB_INT(user_id), DB_INT(competency_id),
		           DB_TEXT(completed_on), DB_INT(who->user_id));
	if (s == DB_DONE || s == DB_CONSTRAINT) {
		db_rollback(db);
		return s;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "competency %lld completed %s",
	         (long long)competency_id, completed_on);
	return commit_audited(db, s, who, "create", "trainee_competency",
	                      user_id, detail);
}

enum db_status trainee_competency_withdraw(struct db *db,
                                           const struct actor *who,
                                           int64_t user_id,
                                           int64_t competency_id)
{
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	s = still_trainee(db, user_id);
	int64_t gone;
	if (s == DB_OK) {
		s = db_one_int(db,
		               "DELETE FROM trainee_competencies WHERE user_id"
		               " = ? AND competency_id = ? RETURNING"
		               " competency_id",
		               &gone, DB_INT(user_id), DB_INT(competency_id));
		s = s == DB_ROW ? DB_OK : s;
	}
	if (s == DB_DONE) {
		db_rollback(db);
		return s;
	}
	char detail[48];
	snprintf(detail, sizeof detail, "competency %lld withdrawn",
	         (long long)competency_id);
	return commit_audited(db, s, who, "delete", "trainee_competency",
	                      user_id, detail);
}

enum db_status competency_create(struct db *db, const struct actor *who,
                                 const char *name, int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	s = db_run_returning_id(db,
	                        "INSERT INTO competencies (name, created_at)"
	                        " VALUES (?, ?) RETURNING id",
	                        id, DB_TEXT(name), DB_TEXT(now));
	if (s == DB_CONSTRAINT) {
		db_rollback(db);
		return s;
	}
	return commit_audited(db, s, who, "create", "competency",
	                      s == DB_OK ? *id : 0, "");
}

enum db_status competency_retire(struct db *db, const struct actor *who,
                                 int64_t id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	int64_t got;
	s = db_one_int(db,
	               "UPDATE competencies SET retired_at = ? WHERE id = ?"
	               " AND retired_at IS NULL RETURNING id",
	               &got, DB_TEXT(now), DB_INT(id));
	if (s == DB_DONE) {
		db_rollback(db);
		return s;
	}
	return commit_audited(db, s == DB_ROW ? DB_OK : s, who, "update",
	                      "competency", id, "retired");
}

enum db_status trainee_promote(struct db *db, const struct actor *who,
                               int64_t user_id, int64_t promoted_by,
                               const char *today, const char *default_start,
                               const char *override_reason)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	/* The progress row first: on PostgreSQL its lock makes a second
	 * promotion at the same moment wait, then find the role changed. */
	s = db_run(db,
	           "INSERT INTO trainee_progress (user_id, started_on,"
	           " promoted_on, promoted_by, override_reason, updated_at)"
	           " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE"
	           " SET promoted_on = excluded.promoted_on, promoted_by ="
	           " excluded.promoted_by, override_reason ="
	           " excluded.override_reason, updated_at ="
	           " excluded.updated_at",
	           DB_INT(user_id), DB_TEXT(default_start), DB_TEXT(today),
	           DB_INT(promoted_by), DB_TEXT(override_reason), DB_TEXT(now));
	if (s == DB_OK)
		s = still_trainee(db, user_id);
	if (s == DB_OK)
		s = user_set_role(db, who, user_id, ROLE_PEER_SPECIALIST);
	rollback_unless_ok(db, s);
	if (s != DB_OK)
		return s;
	return commit_audited(db, s, who, "update", "trainee_progress", user_id,
	                      override_reason
	                          ? "promoted to peer_specialist before"
	                            " eligibility (override)"
	                          : "promoted to peer_specialist");
}
