/* incident.c — see incident.h. */
#include "incident.h"
#include "../../core/clock.h"
#include "../../core/local_time.h"
#include "../../core/text.h"
#include "../notices/notice.h"

#include <string.h>

enum { INCIDENT_TEXT_MAX = 10000, INCIDENT_LIST_MAX = 200 };

const struct choice incident_states[] = {
    {"draft", "Draft"},
    {"submitted", "Submitted"},
    {"under_review", "Under review"},
    {"closed", "Closed"},
};
const int incident_state_count =
    sizeof incident_states / sizeof incident_states[0];

bool incident_reviewer(enum role role)
{
	return role == ROLE_SUPERVISOR || role == ROLE_PROGRAM_MANAGER;
}

/* "YYYY-MM-DDTHH:MM", as a datetime-local input sends it. */
static bool is_local_time(const char *s)
{
	if (!s || strlen(s) != 16 || s[10] != 'T' || s[13] != ':')
		return false;
	char date[11];
	memcpy(date, s, 10);
	date[10] = '\0';
	int h = (s[11] - '0') * 10 + s[12] - '0';
	int m = (s[14] - '0') * 10 + s[15] - '0';
	for (int i = 11; i < 16; i++)
		if (i != 13 && (s[i] < '0' || s[i] > '9'))
			return false;
	return text_is_date(date) && h < 24 && m < 60;
}

/* A report as the form and the API name it, in its JSON's order.  Every
 * field may be empty in a draft; incident_validate asks for them all when
 * it is submitted. */
const struct field incident_fields[] = {
    FIELD_ID_AT(struct incident, id, "id", "Report", FIELD_OUTPUT_ONLY),
    FIELD_LINE_AT(struct incident, author_name, "author", "Reported by",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct incident, occurred_at, "occurred_at",
                  "When it happened", 0, 16),
    FIELD_LINE_AT(struct incident, location, "location", "Where", 0,
                  INCIDENT_TEXT_MAX),
    FIELD_TEXT_AT(struct incident, people_involved, "people_involved",
                  "People involved", 0, INCIDENT_TEXT_MAX),
    FIELD_TEXT_AT(struct incident, what_happened, "what_happened",
                  "What happened", 0, INCIDENT_TEXT_MAX),
    FIELD_TEXT_AT(struct incident, actions_taken, "actions_taken",
                  "Actions taken", 0, INCIDENT_TEXT_MAX),
    FIELD_TEXT_AT(struct incident, notified, "notified", "Who was notified", 0,
                  INCIDENT_TEXT_MAX),
    FIELD_CHOICE_AT(struct incident, state, "state", "State", FIELD_OUTPUT_ONLY,
                    incident_states, &incident_state_count),
    FIELD_TEXT_AT(struct incident, review_note, "review_note", "Review note",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct incident, created_at, "created_at", "Created",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct incident, updated_at, "updated_at", "Updated",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct incident, submitted_at, "submitted_at", "Submitted",
                  FIELD_OUTPUT_ONLY, 0),
};
const int incident_field_count =
    sizeof incident_fields / sizeof incident_fields[0];

const struct field incident_step_fields[] = {
    FIELD_CHOICE_AT(struct incident_step, state, "state", "Next step",
                    FIELD_REQUIRED, incident_states, &incident_state_count),
    FIELD_TEXT_AT(struct incident_step, note, "note", "Review note", 0, 4000),
};
const int incident_step_field_count =
    sizeof incident_step_fields / sizeof incident_step_fields[0];

/* What a submitted report must say, field by field, as the form asks;
 * in the order of incident_validate's values. */
static const struct choice needed[] = {
    {"location", "Location: say where it happened."},
    {"people_involved",
     "People involved: name who was involved (initials are fine)."},
    {"what_happened", "What happened: describe it in plain words."},
    {"actions_taken", "Actions taken: say what was done."},
    {"notified", "Who was notified: name them, or write \"nobody yet\"."},
};

/* occurred_at ("2026-11-20T14:30", local to zone) is not later than now
 * there. */
static bool not_future(const char *zone, const char *occurred_at)
{
	struct local_stamp now;
	local_at(zone, clock_now(), &now);
	int day = strncmp(occurred_at, now.date, 10);
	return day < 0 || (!day && strcmp(occurred_at + 11, now.time) <= 0);
}

/* occurred_at is a time the clocks skipped in zone (02:30 on the night
 * they go forward). */
static bool skipped(const char *zone, const char *occurred_at)
{
	char date[LOCAL_DATE_SIZE], utc[CLOCK_STAMP_SIZE];
	memcpy(date, occurred_at, 10);
	date[10] = '\0';
	return local_to_utc(zone, date, occurred_at + 11, utc) == LOCAL_SKIPPED;
}

int incident_validate(struct arena *a, const struct incident *x,
                      const char *zone, bool submitting, struct field_error *e)
{
	if ((submitting || *x->occurred_at) &&
	    (!is_local_time(x->occurred_at) ||
	     !not_future(zone, x->occurred_at)))
		return field_fail(e, "occurred_at",
		                  "Date and time, like 2026-11-20T14:30, not "
		                  "in the future.");
	if (*x->occurred_at && skipped(zone, x->occurred_at))
		return field_fail(
		    e, "occurred_at",
		    "Date and time: that time did not happen: "
		    "the clocks went forward an hour that night.");
	if (fields_validate(a, incident_fields, incident_field_count, x, e))
		return -1;
	const char *const values[] = {x->location, x->people_involved,
	                              x->what_happened, x->actions_taken,
	                              x->notified};
	for (int i = 0; submitting && i < 5; i++)
		if (!*values[i])
			return field_fail(e, needed[i].code, needed[i].label);
	return 0;
}

/* The fields' arguments, in the order both statements name them. */
#define FIELD_ARGS(x)                                                          \
	DB_TEXT((x)->occurred_at), DB_TEXT((x)->location),                     \
	    DB_TEXT((x)->people_involved), DB_TEXT((x)->what_happened),        \
	    DB_TEXT((x)->actions_taken), DB_TEXT((x)->notified)

enum db_status incident_create(struct db *db, const struct incident *x,
                               int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return db_run_returning_id(
	    db,
	    "INSERT INTO incidents (occurred_at, location, people_involved,"
	    " what_happened, actions_taken, notified, author_id, state,"
	    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'draft',"
	    " ?, ?) RETURNING id",
	    id, FIELD_ARGS(x), DB_INT(x->author_id), DB_TEXT(now),
	    DB_TEXT(now));
}

enum db_status incident_update(struct db *db, const struct incident *x)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	int64_t id;
	enum db_status s = db_one_int(
	    db,
	    "UPDATE incidents SET occurred_at = ?, location = ?,"
	    " people_involved = ?, what_happened = ?, actions_taken = ?,"
	    " notified = ?, updated_at = ? WHERE id = ? AND author_id = ?"
	    " AND state = 'draft' RETURNING id",
	    &id, FIELD_ARGS(x), DB_TEXT(now), DB_INT(x->id),
	    DB_INT(x->author_id));
	return s == DB_ROW ? DB_OK : s;
}

#define INCIDENT_COLUMNS                                                       \
	"SELECT i.id, i.author_id, u.name, i.occurred_at, i.location,"         \
	" i.people_involved, i.what_happened, i.actions_taken, i.notified,"    \
	" i.state, i.review_note, i.created_at, i.updated_at,"                 \
	" COALESCE(i.submitted_at, '') FROM incidents i"                       \
	" JOIN users u ON u.id = i.author_id"

#define COL(type, member) DB_COL_##type(struct incident, member)
static const struct db_col incident_cols[] = {COL(INT, id),
                                              COL(INT, author_id),
                                              COL(TEXT, author_name),
                                              COL(TEXT, occurred_at),
                                              COL(TEXT, location),
                                              COL(TEXT, people_involved),
                                              COL(TEXT, what_happened),
                                              COL(TEXT, actions_taken),
                                              COL(TEXT, notified),
                                              COL(TEXT, state),
                                              COL(TEXT, review_note),
                                              COL(TEXT, created_at),
                                              COL(TEXT, updated_at),
                                              COL(TEXT, submitted_at)};
#undef COL

/* Who may read: the author always; reviewers once it is submitted. */
#define INCIDENT_READABLE " (i.author_id = ? OR (? = 1 AND i.state <> 'draft'))"

enum db_status incident_get(struct db *db, struct arena *a, int64_t id,
                            int64_t viewer, enum role role,
                            struct incident *out)
{
	struct db_stmt *st = db_query(
	    db, INCIDENT_COLUMNS " WHERE i.id = ? AND" INCIDENT_READABLE,
	    DB_INT(id), DB_INT(viewer), DB_BOOL(incident_reviewer(role)));
	bool found = db_row(st);
	if (found)
		db_read_row(st, a, DB_COLS(incident_cols), out);
	enum db_status s = db_end(db, st);
	return found && s == DB_DONE ? DB_ROW : s;
}

enum db_status incident_list(struct db *db, struct arena *a, int64_t viewer,
                             enum role role, struct incident **out, int *count)
{
	return db_read_list(
	    db,
	    db_query(db,
	             INCIDENT_COLUMNS " WHERE" INCIDENT_READABLE
	                              " ORDER BY i.id DESC LIMIT 200",
	             DB_INT(viewer), DB_BOOL(incident_reviewer(role))),
	    a, DB_COLS(incident_cols), sizeof **out, INCIDENT_LIST_MAX,
	    (void **)out, count);
}

/* The steps: from, to, and whether the author (else a reviewer) takes it. */
static const struct {
	const char *from, *to;
	bool by_author;
} steps[] = {
    {"draft", "submitted", true},
    {"submitted", "under_review", false},
    {"under_review", "closed", false},
};

enum db_status incident_move(struct db *db, int64_t id, int64_t viewer,
                             enum role role, const char *to, const char *note)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (strcmp(steps[i].to, to))
			continue;
		if (!steps[i].by_author && !incident_reviewer(role))
			return DB_DONE;
		int64_t author;
		enum db_status s = db_one_int(
		    db,
		    "UPDATE incidents SET state = ?, updated_at = ?,"
		    " submitted_at = COALESCE(submitted_at, ?),"
		    " review_note = CASE WHEN ? = '' THEN review_note ELSE"
		    " ? END WHERE id = ? AND state = ? AND (? = 0 OR"
		    " author_id = ?) RETURNING author_id",
		    &author, DB_TEXT(to), DB_TEXT(now),
		    DB_TEXT(steps[i].by_author ? now : NULL), DB_TEXT(note),
		    DB_TEXT(note), DB_INT(id), DB_TEXT(steps[i].from),
		    DB_BOOL(steps[i].by_author), DB_INT(viewer));
		if (s != DB_ROW)
			return s;
		if (!steps[i].by_author)
			return DB_OK;
		return notice_to_role(db, "supervisor",
		                      "An incident report was submitted.",
		                      "/incidents", id);
	}
	return DB_DONE;
}
