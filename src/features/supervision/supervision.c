/* supervision.c — see supervision.h. */
#include "../../core/choice.h"
#include "../../core/clock.h"
#include "../../core/text.h"
#include "supervision.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum { QUEUE_MAX = 200, SESSIONS_MAX = 100, SUPERVISEES_MAX = 200 };

static const struct db_col review_cols[] = {
    DB_COL_TEXT(struct review_item, kind),
    DB_COL_INT(struct review_item, id),
    DB_COL_INT(struct review_item, person_id),
    DB_COL_TEXT(struct review_item, person_name),
    DB_COL_TEXT(struct review_item, author_name),
    DB_COL_TEXT(struct review_item, since),
    DB_COL_TEXT(struct review_item, summary),
    DB_COL_TEXT(struct review_item, on)};

/* The supervisor's teams' persons; the note's or version's author was a
 * trainee, or it would not be pending. */
enum db_status review_queue(struct db *db, struct arena *a,
                            int64_t supervisor_id, struct review_item **out,
                            int *count)
{
	return db_read_list(
	    db,
	    db_query(
	        db,
	        "SELECT 'note', c.id, p.id, CASE WHEN p.preferred_name = ''"
	        " THEN p.legal_name ELSE p.preferred_name END, u.name,"
	        " c.signed_at, c.kind, c.contact_on FROM contacts c"
	        " JOIN persons p ON p.id = c.person_id"
	        " JOIN users u ON u.id = c.staff_id"
	        " WHERE c.cosign_state = 'pending' AND p.team_id IN"
	        " (SELECT team_id FROM team_members WHERE user_id = ?)"
	        " UNION ALL"
	        " SELECT 'plan', v.version, p.id, CASE WHEN"
	        " p.preferred_name = '' THEN p.legal_name ELSE"
	        " p.preferred_name END, u.name,"
	        " v.created_at, v.summary, substr(v.created_at, 1, 10)"
	        " FROM plan_versions v"
	        " JOIN persons p ON p.id = v.person_id"
	        " JOIN users u ON u.id = v.author_id"
	        " WHERE v.cosign_state = 'pending' AND p.team_id IN"
	        " (SELECT team_id FROM team_members WHERE user_id = ?)"
	        " ORDER BY 6, 1, 2 LIMIT 200",
	        DB_INT(supervisor_id), DB_INT(supervisor_id)),
	    a, DB_COLS(review_cols), sizeof **out, QUEUE_MAX, (void **)out,
	    count);
}

const char *review_age(struct arena *a, const char *stamp)
{
	struct tm tm = {0};
	if (!stamp ||
	    sscanf(stamp, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
	           &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return "";
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	long hours = (long)(difftime(clock_now(), timegm(&tm)) / 3600);
	if (hours < 1)
		return "less than an hour";
	if (hours < 48)
		return arena_sprintf(a, "%ld hour%s", hours,
		                     hours == 1 ? "" : "s");
	return arena_sprintf(a, "%ld days", hours / 24);
}

#define DURATION "Duration: minutes, from 1 to 600."

/* Minutes are a whole number, which is what FIELD_ID reads (0 when
 * absent or not one). */
const struct field supervision_session_fields[] = {
    FIELD_ID_AT(struct supervision_session, id, "id", "Session",
                FIELD_OUTPUT_ONLY),
    FIELD_ID_AT(struct supervision_session, supervisee_id, "supervisee_id",
                "Supervisee", FIELD_REQUIRED,
                .message = "Supervisee: choose who was supervised."),
    FIELD_LINE_AT(struct supervision_session, supervisee_name, "supervisee",
                  "Supervisee", FIELD_OUTPUT_ONLY, 0),
    FIELD_DATE_AT(struct supervision_session, held_on, "held_on", "Date",
                  FIELD_REQUIRED | FIELD_NOT_FUTURE),
    FIELD_ID_AT(struct supervision_session, minutes, "minutes",
                "Duration in minutes", FIELD_REQUIRED, .message = DURATION),
    FIELD_TEXT_AT(struct supervision_session, topics, "topics", "Topics",
                  FIELD_REQUIRED, 4000),
};
const int supervision_session_field_count =
    sizeof supervision_session_fields / sizeof supervision_session_fields[0];

int supervision_validate(struct arena *a, const struct supervision_session *s,
                         const char *zone, struct field_error *e)
{
	if (fields_validate_in(a, supervision_session_fields,
	                       supervision_session_field_count, s, zone, e))
		return -1;
	if (s->minutes > 600)
		return field_fail(e, "minutes", DURATION);
	return 0;
}

enum db_status supervision_log(struct db *db, int64_t supervisor_id,
                               const struct supervision_session *s, int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status r = db_one_int(
	    db,
	    "INSERT INTO supervision_sessions (supervisor_id,"
	    " supervisee_id, held_on, minutes, topics, created_at)"
	    " SELECT ?, u.id, ?, ?, ?, ? FROM users u WHERE u.id = ? AND"
	    " u.role IN ('peer_trainee', 'peer_specialist') AND EXISTS"
	    " (SELECT 1 FROM team_members a JOIN team_members b ON"
	    " b.team_id = a.team_id WHERE a.user_id = ? AND b.user_id ="
	    " u.id) RETURNING id",
	    id, DB_INT(supervisor_id), DB_TEXT(s->held_on), DB_INT(s->minutes),
	    DB_TEXT(s->topics), DB_TEXT(now), DB_INT(s->supervisee_id),
	    DB_INT(supervisor_id));
	return r == DB_ROW ? DB_OK : r;
}

static const struct db_col session_cols[] = {
    DB_COL_INT(struct supervision_session, id),
    DB_COL_INT(struct supervision_session, supervisee_id),
    DB_COL_TEXT(struct supervision_session, supervisee_name),
    DB_COL_TEXT(struct supervision_session, supervisor_name),
    DB_COL_TEXT(struct supervision_session, held_on),
    DB_COL_INT(struct supervision_session, minutes),
    DB_COL_TEXT(struct supervision_session, topics)};

enum db_status supervision_sessions(struct db *db, struct arena *a,
                                    int64_t supervisor_id,
                                    struct supervision_session **out,
                                    int *count)
{
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT s.id, s.supervisee_id, e.name, r.name, s.held_on,"
	             " s.minutes, s.topics FROM supervision_sessions s"
	             " JOIN users e ON e.id = s.supervisee_id"
	             " JOIN users r ON r.id = s.supervisor_id"
	             " WHERE s.supervisor_id = ? ORDER BY s.held_on DESC,"
	             " s.id DESC LIMIT 100",
	             DB_INT(supervisor_id)),
	    a, DB_COLS(session_cols), sizeof **out, SESSIONS_MAX, (void **)out,
	    count);
}

enum db_status supervisees(struct db *db, struct arena *a,
                           int64_t supervisor_id, struct choice **out,
                           int *count)
{
	struct db_stmt *st =
	    db_query(db,
	             "SELECT DISTINCT u.id, u.name FROM team_members a"
	             " JOIN team_members b ON b.team_id = a.team_id"
	             " JOIN users u ON u.id = b.user_id WHERE a.user_id = ? AND"
	             " u.role IN ('peer_trainee', 'peer_specialist')"
	             " ORDER BY u.name LIMIT 200",
	             DB_INT(supervisor_id));
	*out = NULL;
	*count = 0;
	int room = 0;
	while (*count < SUPERVISEES_MAX && db_row(st)) {
		struct choice *c = ARENA_NEXT(a, *out, *count, room);
		/* the form's codes are the ids as text */
		c->code =
		    arena_sprintf(a, "%lld", (long long)db_column_int(st, 0));
		c->label = db_column_dup(st, a, 1);
	}
	return db_end(db, st);
}
