/* followup.c — follow-up after discharge: its choices, fields and
 * statements (followup.h). */
#include "followup.h"
#include "../../core/clock.h"
#include "../../core/local_time.h"

#include <string.h>

const struct choice followup_methods[] = {
    {"phone", "Phone call"}, {"text", "Text message"}, {"email", "E-mail"},
    {"letter", "Letter"},    {"visit", "Visit"},
};
const int followup_method_count =
    sizeof followup_methods / sizeof followup_methods[0];

const struct choice followup_results[] = {
    {"reached", "Reached them"},
    {"left_message", "Left a message"},
    {"no_answer", "No answer"},
    {"wrong_number", "Wrong number or address"},
    {"declined", "Declined further contact"},
};
const int followup_result_count =
    sizeof followup_results / sizeof followup_results[0];

/* The first three are a peer's to choose; the others are set by
 * re-engagement and by a decline or an enrollment elsewhere. */
const struct choice followup_outcomes[] = {
    {"reached", "Reached them; follow-up done"},
    {"not_reached", "Could not reach them"},
    {"declined", "Declined further contact"},
    {"re_engaged", "Came back: enrolled again"},
    {"ended", "Ended"},
};
const int followup_outcome_count =
    sizeof followup_outcomes / sizeof followup_outcomes[0];
static const int followup_choosable_count = 3;

const struct field followup_fields[] = {
    FIELD_ID_AT(struct followup, id, "id", "Follow-up", FIELD_OUTPUT_ONLY),
    FIELD_ID_AT(struct followup, person_id, "person_id", "Person",
                FIELD_OUTPUT_ONLY),
    FIELD_LINE_AT(struct followup, person_name, "person_name", "Name",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_ID_AT(struct followup, team_id, "team_id", "Team", FIELD_OUTPUT_ONLY),
    FIELD_ID_AT(struct followup, program_id, "program_id", "Program",
                FIELD_OUTPUT_ONLY),
    FIELD_LINE_AT(struct followup, program_name, "program_name", "Program name",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_DATE_AT(struct followup, discharged_on, "discharged_on", "Discharged",
                  FIELD_OUTPUT_ONLY),
    FIELD_DATE_AT(struct followup, due_on, "due_on", "Due", FIELD_OUTPUT_ONLY),
    FIELD_LINE_AT(struct followup, state, "state", "State", FIELD_OUTPUT_ONLY,
                  0),
    FIELD_CHOICE_AT(struct followup, outcome, "outcome", "Outcome",
                    FIELD_OUTPUT_ONLY, followup_outcomes,
                    &followup_outcome_count),
    FIELD_TEXT_AT(struct followup, outcome_note, "outcome_note", "Note",
                  FIELD_OUTPUT_ONLY, 0),
};
const int followup_field_count =
    sizeof followup_fields / sizeof followup_fields[0];

const struct field followup_attempt_fields[] = {
    FIELD_ID_AT(struct followup_attempt, id, "id", "Attempt",
                FIELD_OUTPUT_ONLY),
    FIELD_DATE_AT(struct followup_attempt, attempted_on, "attempted_on", "Date",
                  FIELD_REQUIRED | FIELD_NOT_FUTURE),
    FIELD_CHOICE_AT(struct followup_attempt, method, "method", "How",
                    FIELD_REQUIRED, followup_methods, &followup_method_count),
    FIELD_CHOICE_AT(struct followup_attempt, result, "result", "What happened",
                    FIELD_REQUIRED, followup_results, &followup_result_count),
    FIELD_TEXT_AT(struct followup_attempt, note, "note", "Note", 0, 1000),
    FIELD_LINE_AT(struct followup_attempt, staff_name, "staff_name", "By",
                  FIELD_OUTPUT_ONLY, 0),
};
const int followup_attempt_field_count =
    sizeof followup_attempt_fields / sizeof followup_attempt_fields[0];

const struct field followup_close_fields[] = {
    FIELD_CHOICE_AT(struct followup_close, outcome, "outcome", "Outcome",
                    FIELD_REQUIRED, followup_outcomes,
                    &followup_choosable_count),
    FIELD_TEXT_AT(struct followup_close, note, "outcome_note",
                  "Note on the outcome", 0, 1000),
};
const int followup_close_field_count =
    sizeof followup_close_fields / sizeof followup_close_fields[0];

const struct field followup_reengage_fields[] = {
    FIELD_DATE_AT(struct followup_reengage, admitted_on, "admitted_on",
                  "Admission date", FIELD_REQUIRED | FIELD_NOT_FUTURE),
    FIELD_TEXT_AT(struct followup_reengage, admission_reason,
                  "admission_reason", "Why they are joining", FIELD_REQUIRED,
                  500),
};
const int followup_reengage_field_count =
    sizeof followup_reengage_fields / sizeof followup_reengage_fields[0];

bool followup_is_overdue(const struct followup *f, const char *today)
{
	return !strcmp(f->state, "open") && strcmp(f->due_on, today) < 0;
}

enum db_status contact_declined_on(struct db *db, struct arena *a,
                                   int64_t person_id, const char **on)
{
	return db_one_text(db, a,
	                   "SELECT declined_on FROM contact_declines WHERE"
	                   " person_id = ? AND lifted_at IS NULL",
	                   on, DB_INT(person_id));
}

enum db_status followups_create_after(struct db *db, int64_t person_id,
                                      int64_t enrollment_id,
                                      const char *discharged_on,
                                      const int *days, int ndays, int *made)
{
	*made = 0;
	int64_t declined;
	enum db_status s =
	    db_one_int(db,
	               "SELECT 1 FROM contact_declines WHERE person_id = ?"
	               " AND lifted_at IS NULL",
	               &declined, DB_INT(person_id));
	if (s == DB_ROW)
		return DB_OK; /* honoured: no follow-up */
	if (s != DB_DONE)
		return s;
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	for (int i = 0; i < ndays; i++) {
		char due[LOCAL_DATE_SIZE];
		local_add_days(discharged_on, days[i], due);
		s = db_run(db,
		           "INSERT INTO followups (person_id, team_id,"
		           " enrollment_id, days_after, due_on, created_at)"
		           " SELECT id, team_id, ?, ?, ?, ? FROM persons"
		           " WHERE id = ?",
		           DB_INT(enrollment_id), DB_INT(days[i]), DB_TEXT(due),
		           DB_TEXT(now), DB_INT(person_id));
		if (s != DB_OK)
			return s;
		(*made)++;
	}
	return DB_OK;
}

/* Closes the person's open follow-ups (all, or all but `except`) with an
 * outcome. */
static enum db_status close_open(struct db *db, int64_t person_id,
                                 int64_t except, const char *outcome,
                                 const char *note, int64_t user_id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return db_run(db,
	              "UPDATE followups SET state = 'closed', outcome = ?,"
	              " outcome_note = ?, closed_at = ?, closed_by = ?"
	              " WHERE person_id = ? AND state = 'open' AND id <> ?",
	              DB_TEXT(outcome), DB_TEXT(note), DB_TEXT(now),
	              DB_INT(user_id), DB_INT(person_id), DB_INT(except));
}

enum db_status followups_end_open(struct db *db, int64_t person_id,
                                  int64_t user_id, const char *note)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = close_open(db, person_id, 0, "ended", note, user_id);
	if (s == DB_OK)
		s = db_run(db,
		           "UPDATE contact_declines SET lifted_at = ? WHERE"
		           " person_id = ? AND lifted_at IS NULL",
		           DB_TEXT(now), DB_INT(person_id));
	return s;
}

/* One follow-up with its person, program and discharge. */
#define FOLLOWUP_SELECT                                                        \
	"SELECT f.id, f.person_id, f.team_id, f.enrollment_id, CASE WHEN"      \
	" p.preferred_name = '' THEN p.legal_name ELSE p.preferred_name END,"  \
	" g.name, g.id, f.days_after, f.due_on, COALESCE(e.discharged_on,"     \
	" ''), f.state, f.outcome, f.outcome_note, COALESCE(f.closed_at, '')," \
	" (SELECT COUNT(*) FROM followup_attempts t WHERE t.followup_id ="     \
	" f.id), f.created_at FROM followups f JOIN persons p ON"              \
	" p.id = f.person_id"                                                  \
	" JOIN enrollments e ON e.id = f.enrollment_id"                        \
	" JOIN programs g ON g.id = e.program_id"
static const struct db_col followup_cols[] = {
    DB_COL_INT(struct followup, id),
    DB_COL_INT(struct followup, person_id),
    DB_COL_INT(struct followup, team_id),
    DB_COL_INT(struct followup, enrollment_id),
    DB_COL_TEXT(struct followup, person_name),
    DB_COL_TEXT(struct followup, program_name),
    DB_COL_INT(struct followup, program_id),
    DB_COL_INT32(struct followup, days_after),
    DB_COL_TEXT(struct followup, due_on),
    DB_COL_TEXT(struct followup, discharged_on),
    DB_COL_TEXT(struct followup, state),
    DB_COL_TEXT(struct followup, outcome),
    DB_COL_TEXT(struct followup, outcome_note),
    DB_COL_TEXT(struct followup, closed_at),
    DB_COL_INT32(struct followup, attempts),
    DB_COL_TEXT(struct followup, created_at),
};

enum db_status followup_get(struct db *db, struct arena *a, int64_t person_id,
                            int64_t id, struct followup *out)
{
	struct followup *list;
	int n;
	enum db_status s = db_read_list(
	    db,
	    db_query(db, FOLLOWUP_SELECT " WHERE f.id = ? AND f.person_id = ?",
	             DB_INT(id), DB_INT(person_id)),
	    a, DB_COLS(followup_cols), sizeof *list, 1, (void **)&list, &n);
	if (s != DB_DONE)
		return s;
	if (!n)
		return DB_DONE;
	*out = list[0];
	return DB_ROW;
}

enum db_status followups_of_person(struct db *db, struct arena *a,
                                   int64_t person_id, struct followup **out,
                                   int *n)
{
	return db_read_list(db,
	                    db_query(db,
	                             FOLLOWUP_SELECT
	                             " WHERE f.person_id = ? ORDER BY"
	                             " f.due_on, f.id",
	                             DB_INT(person_id)),
	                    a, DB_COLS(followup_cols), sizeof **out,
	                    FOLLOWUP_LIST_MAX, (void **)out, n);
}

enum db_status followups_due(struct db *db, struct arena *a, int64_t user_id,
                             const char *through, const char *after_due,
                             int64_t after_id, int max, struct followup **out,
                             int *n, int64_t *total)
{
	/* followups_due (team_id, due_on, id) WHERE open: one range per
	 * team, however many closed ones years have left behind */
	enum db_status s = db_read_list(
	    db,
	    db_query(db,
	             FOLLOWUP_SELECT
	             " WHERE f.team_id IN (SELECT team_id FROM team_members"
	             " WHERE user_id = ?) AND f.state = 'open' AND"
	             " f.due_on <= ? AND (f.due_on > ? OR (f.due_on = ? AND"
	             " f.id > ?)) ORDER BY f.due_on, f.id LIMIT ?",
	             DB_INT(user_id), DB_TEXT(through), DB_TEXT(after_due),
	             DB_TEXT(after_due), DB_INT(after_id), DB_INT(max)),
	    a, DB_COLS(followup_cols), sizeof **out, max, (void **)out, n);
	if (s != DB_DONE || !total)
		return s;
	s = db_one_int(db,
	               "SELECT COUNT(*) FROM followups WHERE team_id IN"
	               " (SELECT team_id FROM team_members WHERE user_id = ?)"
	               " AND state = 'open' AND due_on <= ?",
	               total, DB_INT(user_id), DB_TEXT(through));
	return s == DB_ROW ? DB_DONE : s;
}

enum db_status followup_attempts_of(struct db *db, struct arena *a,
                                    int64_t followup_id,
                                    struct followup_attempt **out, int *n)
{
	static const struct db_col cols[] = {
	    DB_COL_INT(struct followup_attempt, id),
	    DB_COL_INT(struct followup_attempt, followup_id),
	    DB_COL_INT(struct followup_attempt, staff_id),
	    DB_COL_TEXT(struct followup_attempt, attempted_on),
	    DB_COL_TEXT(struct followup_attempt, method),
	    DB_COL_TEXT(struct followup_attempt, result),
	    DB_COL_TEXT(struct followup_attempt, note),
	    DB_COL_TEXT(struct followup_attempt, staff_name),
	    DB_COL_TEXT(struct followup_attempt, created_at)};
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT t.id, t.followup_id, t.staff_id, t.attempted_on,"
	             " t.method, t.result, t.note, u.name, t.created_at FROM"
	             " followup_attempts t JOIN users u ON u.id = t.staff_id"
	             " WHERE t.followup_id = ? ORDER BY t.id",
	             DB_INT(followup_id)),
	    a, DB_COLS(cols), sizeof **out, FOLLOWUP_LIST_MAX, (void **)out, n);
}

/* The refusal for a change to a closed follow-up. */
static enum followup_change closed_already(struct field_error *e,
                                           const char *field)
{
	field_fail(e, field,
	           "This follow-up is closed already: nothing more can be "
	           "recorded on it.");
	return FOLLOWUP_CLOSED;
}

/* Records the decline and closes every open follow-up of the person: f
 * with "declined", the rest "ended". */
static enum db_status record_decline(struct db *db, const struct followup *f,
                                     const char *on, const char *note,
                                     int64_t user_id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_run(
	    db,
	    "UPDATE followups SET state = 'closed', outcome = 'declined',"
	    " outcome_note = ?, closed_at = ?, closed_by = ? WHERE id = ?"
	    " AND state = 'open'",
	    DB_TEXT(note), DB_TEXT(now), DB_INT(user_id), DB_INT(f->id));
	if (s == DB_OK)
		s = close_open(db, f->person_id, f->id, "ended",
		               "They declined further contact.", user_id);
	if (s == DB_OK)
		s = db_run(
		    db,
		    "INSERT INTO contact_declines (person_id,"
		    " declined_on, followup_id, recorded_by, recorded_at)"
		    " SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1"
		    " FROM contact_declines WHERE person_id = ? AND"
		    " lifted_at IS NULL)",
		    DB_INT(f->person_id), DB_TEXT(on), DB_INT(f->id),
		    DB_INT(user_id), DB_TEXT(now), DB_INT(f->person_id));
	return s;
}

enum followup_change followup_attempt_add(struct db *db, struct arena *a,
                                          const struct followup *f,
                                          struct followup_attempt *at,
                                          const char *zone, int64_t user_id,
                                          int64_t *id, struct field_error *e)
{
	if (fields_validate_in(a, followup_attempt_fields,
	                       followup_attempt_field_count, at, zone, e))
		return FOLLOWUP_REFUSED;
	if (strcmp(f->state, "open"))
		return closed_already(e, "result");
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_run_returning_id(
	    db,
	    "INSERT INTO followup_attempts (followup_id, attempted_on, method,"
	    " result, note, staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id",
	    id, DB_INT(f->id), DB_TEXT(at->attempted_on), DB_TEXT(at->method),
	    DB_TEXT(at->result), DB_TEXT(at->note), DB_INT(user_id),
	    DB_TEXT(now));
	if (s == DB_OK && !strcmp(at->result, "declined"))
		s = record_decline(db, f, at->attempted_on, at->note, user_id);
	return s == DB_OK ? FOLLOWUP_CHANGED : FOLLOWUP_FAILED;
}

enum followup_change followup_close(struct db *db, struct arena *a,
                                    const struct followup *f,
                                    const struct followup_close *c,
                                    const char *zone, int64_t user_id,
                                    struct field_error *e)
{
	if (fields_validate(a, followup_close_fields,
	                    followup_close_field_count, c, e))
		return FOLLOWUP_REFUSED;
	if (strcmp(f->state, "open"))
		return closed_already(e, "outcome");
	enum db_status s;
	if (!strcmp(c->outcome, "declined")) {
		char today[LOCAL_DATE_SIZE];
		local_today(zone, today);
		s = record_decline(db, f, today, c->note, user_id);
	} else {
		char now[CLOCK_STAMP_SIZE];
		clock_now_utc(now);
		s = db_run(db,
		           "UPDATE followups SET state = 'closed', outcome = ?,"
		           " outcome_note = ?, closed_at = ?, closed_by = ?"
		           " WHERE id = ? AND state = 'open'",
		           DB_TEXT(c->outcome), DB_TEXT(c->note), DB_TEXT(now),
		           DB_INT(user_id), DB_INT(f->id));
	}
	return s == DB_OK ? FOLLOWUP_CHANGED : FOLLOWUP_FAILED;
}

enum db_status followup_mark_reengaged(struct db *db, const struct followup *f,
                                       int64_t user_id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return db_run(db,
	              "UPDATE followups SET state = 'closed', outcome ="
	              " 're_engaged', closed_at = ?, closed_by = ? WHERE id = ?"
	              " AND state = 'open'",
	              DB_TEXT(now), DB_INT(user_id), DB_INT(f->id));
}
