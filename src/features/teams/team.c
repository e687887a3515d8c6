/* team.c — see team.h. */
#include "team.h"
#include "../../core/clock.h"

enum { TEAM_LIST_MAX = 500 };

enum db_status team_list(struct db *db, struct arena *a, int64_t user_id,
                         bool mine_only, struct team **out, int *count)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT t.id, t.program_id, t.name, p.name,"
	        " (SELECT COUNT(*) FROM team_members c WHERE c.team_id = t.id)"
	        " FROM teams t JOIN programs p ON p.id = t.program_id"
	        " WHERE ? = 0 OR EXISTS (SELECT 1 FROM team_members m"
	        "  WHERE m.team_id = t.id AND m.user_id = ?)"
	        " ORDER BY p.name, t.name LIMIT 500");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, mine_only ? 1 : 0);
	db_bind_int(st, 2, user_id);
	*out = NULL;
	*count = 0;
	int room = 0;
	enum db_status s;
	while ((s = db_step(st)) == DB_ROW && *count < TEAM_LIST_MAX) {
		struct team *t = ARENA_NEXT(a, *out, *count, room);
		t->id = db_column_int(st, 0);
		t->program_id = db_column_int(st, 1);
		t->name = arena_strdup(a, db_column_text(st, 2));
		t->program_name = arena_strdup(a, db_column_text(st, 3));
		t->members = db_column_int(st, 4);
	}
	db_done(st);
	return s == DB_ROW ? DB_DONE : s;
}

enum db_status team_create(struct db *db, int64_t program_id, const char *name,
                           int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	struct db_stmt *st = db_prepare(
	    db,
	    "INSERT INTO teams (program_id, name, created_at) VALUES (?, ?, ?)"
	    " RETURNING id");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, program_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, now);
	enum db_status s = db_step(st);
	if (s == DB_ROW)
		*id = db_column_int(st, 0);
	db_done(st);
	return s == DB_ROW ? DB_OK : s;
}

enum db_status team_member_set(struct db *db, int64_t team_id, int64_t user_id,
                               bool member)
{
	struct db_stmt *st =
	    member
	        ? db_prepare(db, "INSERT INTO team_members (team_id, user_id)"
	                         " VALUES (?, ?) ON CONFLICT DO NOTHING")
	        : db_prepare(db, "DELETE FROM team_members WHERE team_id = ?"
	                         " AND user_id = ?");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, team_id);
	db_bind_int(st, 2, user_id);
	enum db_status s = db_step(st);
	db_done(st);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status team_is_member(struct db *db, int64_t team_id, int64_t user_id)
{
	struct db_stmt *st =
	    db_prepare(db, "SELECT 1 FROM team_members"
	                   " WHERE team_id = ? AND user_id = ?");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, team_id);
	db_bind_int(st, 2, user_id);
	enum db_status s = db_step(st);
	db_done(st);
	return s;
}
