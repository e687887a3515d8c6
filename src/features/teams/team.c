/* team.c — see team.h. */
#include "team.h"
#include "../../core/clock.h"

enum { TEAM_LIST_MAX = 500 };

enum db_status team_list(struct db *db, struct arena *a, int64_t user_id,
                         bool mine_only, struct team **out, int *count)
{
	static const struct db_col cols[] = {
	    DB_COL_INT(struct team, id), DB_COL_INT(struct team, program_id),
	    DB_COL_TEXT(struct team, name),
	    DB_COL_TEXT(struct team, program_name),
	    DB_COL_INT(struct team, members)};
	struct db_stmt *st = db_query(
	    db,
	    "SELECT t.id, t.program_id, t.name, p.name,"
	    " (SELECT COUNT(*) FROM team_members c WHERE c.team_id = t.id)"
	    " FROM teams t JOIN programs p ON p.id = t.program_id"
	    " WHERE ? = 0 OR EXISTS (SELECT 1 FROM team_members m"
	    "  WHERE m.team_id = t.id AND m.user_id = ?)"
	    " ORDER BY p.name, t.name LIMIT 500",
	    DB_BOOL(mine_only), DB_INT(user_id));
	*out = NULL;
	*count = 0;
	int room = 0;
	while (*count < TEAM_LIST_MAX && db_row(st))
		db_read_row(st, a, DB_COLS(cols),
		            ARENA_NEXT(a, *out, *count, room));
	return db_end(db, st);
}

enum db_status team_create(struct db *db, int64_t program_id, const char *name,
                           int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return db_run_returning_id(
	    db,
	    "INSERT INTO teams (program_id, name, created_at) VALUES (?, ?, ?)"
	    " RETURNING id",
	    id, DB_INT(program_id), DB_TEXT(name), DB_TEXT(now));
}

enum db_status team_member_set(struct db *db, int64_t team_id, int64_t user_id,
                               bool member)
{
	if (member)
		return db_run(db,
		              "INSERT INTO team_members (team_id, user_id)"
		              " VALUES (?, ?) ON CONFLICT DO NOTHING",
		              DB_INT(team_id), DB_INT(user_id));
	return db_run(db,
	              "DELETE FROM team_members WHERE team_id = ?"
	              " AND user_id = ?",
	              DB_INT(team_id), DB_INT(user_id));
}

enum db_status team_is_member(struct db *db, int64_t team_id, int64_t user_id)
{
	int64_t one;
	return db_one_int(db,
	                  "SELECT 1 FROM team_members"
	                  " WHERE team_id = ? AND user_id = ?",
	                  &one, DB_INT(team_id), DB_INT(user_id));
}
