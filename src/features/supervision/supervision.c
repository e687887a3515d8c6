/* supervision.c — see supervision.h. */
#include "../../core/choice.h"
#include "../../core/clock.h"
#include "../../core/text.h"
#include "../../auth/audit.h"
#include "../../http/req.h"
#include "supervision.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
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

const struct choice supervision_kinds[] = {
    {"individual", "Individual"},
    {"group", "Group"},
};
const int supervision_kind_count =
    sizeof supervision_kinds / sizeof supervision_kinds[0];

/* Minutes are a whole number, which is what FIELD_ID reads (0 when
 * absent or not one).  A group's supervisees come as supervisee_ids
 * (struct supervision_who), beside the table. */
const struct field supervision_session_fields[] = {
    FIELD_ID_AT(struct supervision_session, id, "id", "Session",
                FIELD_OUTPUT_ONLY),
    FIELD_CHOICE_AT(struct supervision_session, kind, "kind", "Kind", 0,
                    supervision_kinds, &supervision_kind_count),
    FIELD_ID_AT(struct supervision_session, group_id, "group_id", "Group",
                FIELD_OUTPUT_ONLY),
    FIELD_ID_AT(struct supervision_session, supervisee_id, "supervisee_id",
                "Supervisee", FIELD_REQUIRED,
                .message = "Supervisee: choose who was supervised."),
    FIELD_LINE_AT(struct supervision_session, supervisee_name, "supervisee",
                  "Supervisee", FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct supervision_session, supervisor_name, "supervisor",
                  "Supervisor", FIELD_OUTPUT_ONLY, 0),
    FIELD_DATE_AT(struct supervision_session, held_on, "held_on", "Date",
                  FIELD_REQUIRED | FIELD_NOT_FUTURE),
    FIELD_ID_AT(struct supervision_session, minutes, "minutes",
                "Duration in minutes", FIELD_REQUIRED, .message = DURATION),
    FIELD_TEXT_AT(struct supervision_session, topics, "topics", "Topics",
                  FIELD_REQUIRED, 4000),
    FIELD_TEXT_AT(struct supervision_session, notes, "notes", "Notes", 0, 4000),
    FIELD_TEXT_AT(struct supervision_session, actions, "actions",
                  "Follow-up actions", 0, 4000),
    FIELD_LINE_AT(struct supervision_session, acknowledged_at,
                  "acknowledged_at", "Acknowledged", FIELD_OUTPUT_ONLY, 0),
};
const int supervision_session_field_count =
    sizeof supervision_session_fields / sizeof supervision_session_fields[0];

/* The group's supervisees: at least two, each once, never the supervisor
 * (the first stands in supervisee_id for the table's check). */
static int group_check(struct supervision_session *s,
                       const struct supervision_who *w, int64_t supervisor_id,
                       struct field_error *e)
{
	if (s->supervisee_id)
		return field_fail(e, "supervisee_id",
		                  "Supervisee: a group session names its "
		                  "supervisees in supervisee_ids, not here.");
	if (w->n < 2)
		return field_fail(
		    e, "supervisee_ids",
		    "Supervisees: choose at least two for a group "
		    "session.");
	for (int i = 0; i < w->n; i++) {
		if (w->ids[i] <= 0)
			return field_fail(e, "supervisee_ids",
			                  "Supervisees: choose them from the "
			                  "list.");
		if (w->ids[i] == supervisor_id)
			return field_fail(e, "supervisee_ids",
			                  "Supervisees: you cannot supervise "
			                  "yourself.");
		for (int j = 0; j < i; j++)
			if (w->ids[j] == w->ids[i])
				return field_fail(
				    e, "supervisee_ids",
				    "Supervisees: each one once.");
	}
	s->supervisee_id = w->ids[0];
	return 0;
}

int supervision_validate(struct arena *a, struct supervision_session *s,
                         const struct supervision_who *w, int64_t supervisor_id,
                         const char *zone, struct field_error *e)
{
	bool group = !strcmp(s->kind, "group") || (!*s->kind && w->listed);
	if (group) {
		s->kind = "group";
		if (group_check(s, w, supervisor_id, e))
			return -1;
	} else {
		if (w->listed && w->n)
			return field_fail(
			    e, "supervisee_ids",
			    "Supervisees: only a group session "
			    "has several; choose the kind Group.");
		if (!*s->kind)
			s->kind = "individual";
	}
	if (fields_validate_in(a, supervision_session_fields,
	                       supervision_session_field_count, s, zone, e))
		return -1;
	if (s->minutes > 600)
		return field_fail(e, "minutes", DURATION);
	if (s->supervisee_id == supervisor_id)
		return field_fail(e, "supervisee_id",
		                  "Supervisee: you cannot log a session with "
		                  "yourself.");
	return 0;
}

enum db_status supervision_log(struct db *db, const struct actor *who,
                               int64_t supervisor_id,
                               const struct supervision_session *s,
                               const struct supervision_who *w, int64_t *id,
                               int64_t *bad)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	bool group = !strcmp(s->kind, "group");
	int n = group ? w->n : 1;
	int64_t first = 0;
	enum db_status r = db_begin(db);
	for (int i = 0; r == DB_OK && i < n; i++) {
		int64_t row, who_id = group ? w->ids[i] : s->supervisee_id;
		r = db_one_int(
		    db,
		    "INSERT INTO supervision_sessions (supervisor_id,"
		    " supervisee_id, held_on, minutes, topics, kind, group_id,"
		    " notes, actions, created_at)"
		    " SELECT ?, u.id, ?, ?, ?, ?, ?, ?, ?, ? FROM users u"
		    " WHERE u.id = ? AND u.id <> ? AND u.disabled = 0 AND"
		    " u.role IN ('peer_trainee', 'peer_specialist') AND EXISTS"
		    " (SELECT 1 FROM team_members a JOIN team_members b ON"
		    " b.team_id = a.team_id WHERE a.user_id = ? AND b.user_id ="
		    " u.id) RETURNING id",
		    &row, DB_INT(supervisor_id), DB_TEXT(s->held_on),
		    DB_INT(s->minutes), DB_TEXT(s->topics), DB_TEXT(s->kind),
		    DB_ID_OR_NULL(first), DB_TEXT(s->notes),
		    DB_TEXT(s->actions), DB_TEXT(now), DB_INT(who_id),
		    DB_INT(supervisor_id), DB_INT(supervisor_id));
		if (r == DB_DONE)
			*bad = who_id;
		else if (r == DB_ROW && !first)
			first = row;
		r = r == DB_ROW ? DB_OK : r;
	}
	if (r == DB_OK && group)
		r = db_run(db,
		           "UPDATE supervision_sessions SET group_id = ? WHERE"
		           " id = ?",
		           DB_INT(first), DB_INT(first));
	if (r == DB_DONE) {
		db_rollback(db);
		return r;
	}
	char key[24], detail[48];
	snprintf(key, sizeof key, "%lld", (long long)first);
	snprintf(detail, sizeof detail, "%s, %d supervisee%s", s->kind, n,
	         n == 1 ? "" : "s");
	*id = first;
	return audit_commit(db, r, who,
	                    &(struct audit_entry){"create",
	                                          "supervision_session", key, 0,
	                                          "success", detail});
}

int supervision_who_from_json(struct req *r, struct supervision_who *w,
                              struct field_error *e)
{
	*w = (struct supervision_who){0};
	json_t *list =
	    r->json ? json_object_get(r->json, "supervisee_ids") : NULL;
	if (!list || json_is_null(list))
		return 0;
	w->listed = true;
	if (!json_is_array(list) ||
	    json_array_size(list) > SUPERVISION_GROUP_MAX)
		return field_fail(e, "supervisee_ids",
		                  "Supervisees: a list of up to 30 staff ids.");
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return field_fail(
			    e, "supervisee_ids",
			    "Supervisees: a list of up to 30 staff "
			    "ids.");
		w->ids[w->n++] = json_integer_value(v);
	}
	return 0;
}

void supervision_who_from_form(struct req *r, struct supervision_who *w)
{
	*w = (struct supervision_who){0};
	for (size_t i = 0; i < r->form.count; i++) {
		const struct kv *f = &r->form.items[i];
		if (strcmp(f->name, "supervisee_ids"))
			continue;
		w->listed = true;
		if (w->n == SUPERVISION_GROUP_MAX)
			break;
		char *end;
		long long id = strtoll(f->value, &end, 10);
		w->ids[w->n++] = *f->value && !*end && id > 0 ? id : 0;
	}
}

static const struct db_col session_cols[] = {
    DB_COL_INT(struct supervision_session, id),
    DB_COL_INT(struct supervision_session, supervisee_id),
    DB_COL_TEXT(struct supervision_session, supervisee_name),
    DB_COL_TEXT(struct supervision_session, supervisor_name),
    DB_COL_TEXT(struct supervision_session, held_on),
    DB_COL_INT(struct supervision_session, minutes),
    DB_COL_TEXT(struct supervision_session, topics),
    DB_COL_TEXT(struct supervision_session, kind),
    DB_COL_INT(struct supervision_session, group_id),
    DB_COL_TEXT(struct supervision_session, notes),
    DB_COL_TEXT(struct supervision_session, actions),
    DB_COL_TEXT(struct supervision_session, acknowledged_at),
    DB_COL_INT(struct supervision_session, supervisor_id)};

enum db_status supervision_sessions(struct db *db, struct arena *a,
                                    int64_t supervisor_id,
                                    struct supervision_session **out,
                                    int *count)
{
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT " SUPERVISION_SESSION_COLUMNS
	             " FROM supervision_sessions s"
	             " JOIN users e ON e.id = s.supervisee_id"
	             " JOIN users r ON r.id = s.supervisor_id"
	             " WHERE s.supervisor_id = ? ORDER BY s.held_on DESC,"
	             " s.id DESC LIMIT 100",
	             DB_INT(supervisor_id)),
	    a, DB_COLS(session_cols), sizeof **out, SESSIONS_MAX, (void **)out,
	    count);
}

enum db_status supervision_sessions_of(struct db *db, struct arena *a,
                                       int64_t supervisee_id, const char *from,
                                       const char *to,
                                       struct supervision_session **out,
                                       int *count)
{
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT " SUPERVISION_SESSION_COLUMNS
	             " FROM supervision_sessions s"
	             " JOIN users e ON e.id = s.supervisee_id"
	             " JOIN users r ON r.id = s.supervisor_id"
	             " WHERE s.supervisee_id = ? AND s.held_on >= ? AND"
	             " s.held_on <= ? ORDER BY s.held_on DESC, s.id DESC"
	             " LIMIT 500",
	             DB_INT(supervisee_id), DB_TEXT(from), DB_TEXT(to)),
	    a, DB_COLS(session_cols), sizeof **out, SUPERVISION_ENTRIES_MAX,
	    (void **)out, count);
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
