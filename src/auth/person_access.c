/* person_access.c — see access.h. */
#include "person_access.h"

#include <time.h>

enum person_access person_access_for(struct db *db, int64_t user_id,
                                     int64_t person_id)
{
	struct db_stmt *st = db_prepare(
	    db,
	    "SELECT EXISTS (SELECT 1 FROM team_members m WHERE m.user_id = ?"
	    "  AND m.team_id = p.team_id),"
	    " EXISTS (SELECT 1 FROM break_glass g WHERE g.user_id = ?"
	    "  AND g.person_id = p.id AND g.opened_at > ?)"
	    " FROM persons p WHERE p.id = ?");
	if (!st)
		return ACCESS_ERROR;
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, user_id);
	db_bind_int(st, 3, (int64_t)time(NULL) - BREAK_GLASS_SECONDS);
	db_bind_int(st, 4, person_id);
	enum db_status s = db_step(st);
	enum person_access a = ACCESS_NONE;
	/* EXISTS is 1/0 in SQLite and t/f in PostgreSQL: read it as text */
	if (s == DB_ROW) {
		const char *team = db_column_text(st, 0),
		           *glass = db_column_text(st, 1);
		if (team[0] == '1' || team[0] == 't')
			a = ACCESS_TEAM;
		else if (glass[0] == '1' || glass[0] == 't')
			a = ACCESS_BREAK_GLASS;
	} else if (s != DB_DONE) {
		a = ACCESS_ERROR;
	}
	db_done(st);
	return a;
}

enum db_status person_exists(struct db *db, int64_t person_id)
{
	struct db_stmt *st =
	    db_prepare(db, "SELECT 1 FROM persons WHERE id = ?");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, person_id);
	enum db_status s = db_step(st);
	db_done(st);
	return s;
}

enum db_status break_glass_open(struct db *db, int64_t user_id,
                                int64_t person_id, const char *reason,
                                int64_t *id)
{
	struct db_stmt *st = db_prepare(
	    db,
	    "INSERT INTO break_glass (user_id, person_id, reason, opened_at)"
	    " VALUES (?, ?, ?, ?) RETURNING id");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, user_id);
	db_bind_int(st, 2, person_id);
	db_bind_text(st, 3, reason);
	db_bind_int(st, 4, (int64_t)time(NULL));
	enum db_status s = db_step(st);
	if (s == DB_ROW)
		*id = db_column_int(st, 0);
	db_done(st);
	return s == DB_ROW ? DB_OK : s;
}

enum db_status break_glass_unreviewed(struct db *db, int64_t *count)
{
	struct db_stmt *st = db_prepare(
	    db, "SELECT COUNT(*) FROM break_glass WHERE reviewed_at IS NULL");
	if (!st)
		return db_last_status(db);
	enum db_status s = db_step(st);
	if (s == DB_ROW)
		*count = db_column_int(st, 0);
	db_done(st);
	return s == DB_ROW ? DB_OK : s;
}
