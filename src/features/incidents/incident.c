/* incident.c — see incident.h. */
#include "incident.h"
#include "../../core/clock.h"
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

int incident_validate(const struct incident *x, bool submitting,
                      struct field_error *e)
{
	static const char *const names[] = {"location", "people_involved",
	                                    "what_happened", "actions_taken",
	                                    "notified"};
	static const char *const missing[] = {
	    "Location: say where it happened.",
	    "People involved: name who was involved (initials are fine).",
	    "What happened: describe it in plain words.",
	    "Actions taken: say what was done.",
	    "Who was notified: name them, or write \"nobody yet\"."};
	const char *const values[] = {x->location, x->people_involved,
	                              x->what_happened, x->actions_taken,
	                              x->notified};
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	if ((submitting || *x->occurred_at) &&
	    (!is_local_time(x->occurred_at) ||
	     strncmp(x->occurred_at, now, 10) > 0))
		return field_fail(e, "occurred_at",
		                  "Date and time, like 2026-11-20T14:30, not "
		                  "in the future.");
	for (int i = 0; i < 5; i++) {
		if (strlen(values[i]) > INCIDENT_TEXT_MAX)
			return field_fail(e, names[i],
			                  "At most 10,000 characters.");
		if (submitting && !*values[i])
			return field_fail(e, names[i], missing[i]);
	}
	return 0;
}

static void bind_fields(struct db_stmt *st, int first, const struct incident *x)
{
	const char *const values[] = {x->occurred_at,     x->location,
	                              x->people_involved, x->what_happened,
	                              x->actions_taken,   x->notified};
	for (int i = 0; i < 6; i++)
		db_bind_text(st, first + i, values[i]);
}

enum db_status incident_create(struct db *db, const struct incident *x,
                               int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	struct db_stmt *st = db_prepare(
	    db, "INSERT INTO incidents (occurred_at, location, people_involved,"
	        " what_happened, actions_taken, notified, author_id, state,"
	        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'draft',"
	        " ?, ?) RETURNING id");
	if (!st)
		return db_last_status(db);
	bind_fields(st, 1, x);
	db_bind_int(st, 7, x->author_id);
	db_bind_text(st, 8, now);
	db_bind_text(st, 9, now);
	enum db_status s = db_step(st);
	if (s == DB_ROW)
		*id = db_column_int(st, 0);
	db_done(st);
	return s == DB_ROW ? DB_OK : s;
}

enum db_status incident_update(struct db *db, const struct incident *x)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	struct db_stmt *st = db_prepare(
	    db, "UPDATE incidents SET occurred_at = ?, location = ?,"
	        " people_involved = ?, what_happened = ?, actions_taken = ?,"
	        " notified = ?, updated_at = ? WHERE id = ? AND author_id = ?"
	        " AND state = 'draft' RETURNING id");
	if (!st)
		return db_last_status(db);
	bind_fields(st, 1, x);
	db_bind_text(st, 7, now);
	db_bind_int(st, 8, x->id);
	db_bind_int(st, 9, x->author_id);
	enum db_status s = db_step(st);
	db_done(st);
	return s == DB_ROW ? DB_OK : s;
}

#define INCIDENT_COLUMNS                                                       \
	"SELECT i.id, i.author_id, u.name, i.occurred_at, i.location,"         \
	" i.people_involved, i.what_happened, i.actions_taken, i.notified,"    \
	" i.state, i.review_note, i.created_at, i.updated_at,"                 \
	" COALESCE(i.submitted_at, '') FROM incidents i"                       \
	" JOIN users u ON u.id = i.author_id"

/* Who may read: the author always; reviewers once it is submitted. */
#define INCIDENT_READABLE " (i.author_id = ? OR (? = 1 AND i.state <> 'draft'))"

static void read_incident(struct db_stmt *st, struct arena *a,
                          struct incident *x)
{
	x->id = db_column_int(st, 0);
	x->author_id = db_column_int(st, 1);
	const char **texts[] = {
	    &x->author_name,     &x->occurred_at,   &x->location,
	    &x->people_involved, &x->what_happened, &x->actions_taken,
	    &x->notified,        &x->state,         &x->review_note,
	    &x->created_at,      &x->updated_at,    &x->submitted_at};
	for (int i = 0; i < 12; i++)
		*texts[i] = arena_strdup(a, db_column_text(st, 2 + i));
}

enum db_status incident_get(struct db *db, struct arena *a, int64_t id,
                            int64_t viewer, enum role role,
                            struct incident *out)
{
	struct db_stmt *st = db_prepare(
	    db, INCIDENT_COLUMNS " WHERE i.id = ? AND" INCIDENT_READABLE);
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, viewer);
	db_bind_int(st, 3, incident_reviewer(role));
	enum db_status s = db_step(st);
	if (s == DB_ROW)
		read_incident(st, a, out);
	db_done(st);
	return s;
}

enum db_status incident_list(struct db *db, struct arena *a, int64_t viewer,
                             enum role role, struct incident **out, int *count)
{
	struct db_stmt *st =
	    db_prepare(db, INCIDENT_COLUMNS " WHERE" INCIDENT_READABLE
	                                    " ORDER BY i.id DESC LIMIT 200");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, viewer);
	db_bind_int(st, 2, incident_reviewer(role));
	*out = NULL;
	*count = 0;
	int room = 0;
	enum db_status s;
	while ((s = db_step(st)) == DB_ROW && *count < INCIDENT_LIST_MAX)
		read_incident(st, a, ARENA_NEXT(a, *out, *count, room));
	db_done(st);
	return s == DB_ROW ? DB_DONE : s;
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
		struct db_stmt *st = db_prepare(
		    db, "UPDATE incidents SET state = ?, updated_at = ?,"
		        " submitted_at = COALESCE(submitted_at, ?),"
		        " review_note = CASE WHEN ? = '' THEN review_note ELSE"
		        " ? END WHERE id = ? AND state = ? AND (? = 0 OR"
		        " author_id = ?) RETURNING author_id");
		if (!st)
			return db_last_status(db);
		db_bind_text(st, 1, to);
		db_bind_text(st, 2, now);
		if (steps[i].by_author)
			db_bind_text(st, 3, now);
		else
			db_bind_null(st, 3);
		db_bind_text(st, 4, note);
		db_bind_text(st, 5, note);
		db_bind_int(st, 6, id);
		db_bind_text(st, 7, steps[i].from);
		db_bind_int(st, 8, steps[i].by_author);
		db_bind_int(st, 9, viewer);
		enum db_status s = db_step(st);
		db_done(st);
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
