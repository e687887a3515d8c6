/* person_access.c — see access.h. */
#include "person_access.h"

#include <time.h>

enum person_access person_access_for(struct db *db, int64_t user_id,
                                     int64_t person_id)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT EXISTS (SELECT 1 FROM team_members m WHERE m.user_id = ?"
	    "  AND m.team_id = p.team_id),"
	    " EXISTS (SELECT 1 FROM break_glass g WHERE g.user_id = ?"
	    "  AND g.person_id = p.id AND g.opened_at > ?),"
	    " p.merged_into IS NOT NULL"
	    " FROM persons p WHERE p.id = ?",
	    DB_INT(user_id), DB_INT(user_id),
	    DB_INT((int64_t)time(NULL) - BREAK_GLASS_SECONDS),
	    DB_INT(person_id));
	enum person_access a = ACCESS_NONE;
	/* EXISTS is 1/0 in SQLite and t/f in PostgreSQL */
	if (db_row(st))
		a = db_column_bool(st, 2)   ? ACCESS_MERGED
		    : db_column_bool(st, 0) ? ACCESS_TEAM
		    : db_column_bool(st, 1) ? ACCESS_BREAK_GLASS
		                            : ACCESS_NONE;
	return db_end(db, st) == DB_DONE ? a : ACCESS_ERROR;
}

enum db_status person_merged_into(struct db *db, int64_t person_id,
                                  int64_t *survivor)
{
	return db_one_int(db,
	                  "SELECT merged_into FROM persons WHERE id = ?"
	                  " AND merged_into IS NOT NULL",
	                  survivor, DB_INT(person_id));
}

enum person_access person_access_in_scope(struct db *db, int64_t team_id,
                                          int64_t program_id, int64_t person_id)
{
	int64_t one;
	switch (db_one_int(db,
	                   "SELECT 1 FROM persons p JOIN teams t"
	                   " ON t.id = p.team_id WHERE p.id = ?"
	                   " AND (p.team_id = ? OR t.program_id = ?)"
	                   " AND p.merged_into IS NULL", /* no tombstones */
	                   &one, DB_INT(person_id), DB_INT(team_id),
	                   DB_INT(program_id))) {
	case DB_ROW:
		return ACCESS_TEAM;
	case DB_DONE:
		return ACCESS_NONE;
	default:
		return ACCESS_ERROR;
	}
}

enum db_status person_exists(struct db *db, int64_t person_id)
{
	int64_t one;
	return db_one_int(db, "SELECT 1 FROM persons WHERE id = ?", &one,
	                  DB_INT(person_id));
}

enum db_status break_glass_open(struct db *db, int64_t user_id,
                                int64_t person_id, const char *reason,
                                int64_t *id)
{
	return db_run_returning_id(
	    db,
	    "INSERT INTO break_glass (user_id, person_id, reason, opened_at)"
	    " VALUES (?, ?, ?, ?) RETURNING id",
	    id, DB_INT(user_id), DB_INT(person_id), DB_TEXT(reason),
	    DB_INT((int64_t)time(NULL)));
}

enum db_status break_glass_unreviewed(struct db *db, int64_t *count)
{
	enum db_status s = db_one_int(
	    db, "SELECT COUNT(*) FROM break_glass WHERE reviewed_at IS NULL",
	    count);
	return s == DB_ROW ? DB_OK : s;
}
