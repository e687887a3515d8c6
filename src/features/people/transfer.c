/* transfer.c — transfers: the fields and the statements (see transfer.h;
 * the rules that need the request are in transfer_pages.c). */
#include "transfer.h"
#include "../../core/clock.h"

const struct field transfer_fields[] = {
    FIELD_ID_AT(struct transfer, to_team_id, "to_team_id", "Move to team",
                FIELD_REQUIRED, .message = "Choose the team they move to."),
    FIELD_DATE_AT(struct transfer, transferred_on, "transferred_on",
                  "Date of the move", FIELD_REQUIRED | FIELD_NOT_FUTURE),
    FIELD_TEXT_AT(struct transfer, reason, "reason", "Reason", FIELD_REQUIRED,
                  500),
};
const int transfer_field_count =
    sizeof transfer_fields / sizeof transfer_fields[0];

/* The columns of TRANSFER_COLUMNS, in order. */
static const struct db_col transfer_cols[] = {
    DB_COL_INT(struct transfer, id),
    DB_COL_INT(struct transfer, person_id),
    DB_COL_INT(struct transfer, from_team_id),
    DB_COL_INT(struct transfer, to_team_id),
    DB_COL_INT(struct transfer, transferred_by),
    DB_COL_TEXT(struct transfer, transferred_on),
    DB_COL_TEXT(struct transfer, reason),
    DB_COL_TEXT(struct transfer, from_team_name),
    DB_COL_TEXT(struct transfer, from_program_name),
    DB_COL_TEXT(struct transfer, to_team_name),
    DB_COL_TEXT(struct transfer, to_program_name),
    DB_COL_TEXT(struct transfer, transferred_by_name),
    DB_COL_TEXT(struct transfer, created_at),
    DB_COL_TEXT(struct transfer, person_name),
};

#define TRANSFER_COLUMNS                                                       \
	"SELECT x.id, x.person_id, x.from_team_id, x.to_team_id,"              \
	" x.transferred_by, x.transferred_on, x.reason, ft.name, fp.name,"     \
	" tt.name, tp.name, u.name, x.created_at,"                             \
	" CASE WHEN p.preferred_name <> '' THEN p.preferred_name"              \
	"  ELSE p.legal_name END"                                              \
	" FROM transfers x JOIN persons p ON p.id = x.person_id"               \
	" JOIN teams ft ON ft.id = x.from_team_id"                             \
	" JOIN programs fp ON fp.id = ft.program_id"                           \
	" JOIN teams tt ON tt.id = x.to_team_id"                               \
	" JOIN programs tp ON tp.id = tt.program_id"                           \
	" JOIN users u ON u.id = x.transferred_by"

enum db_status transfer_list(struct db *db, struct arena *a, int64_t person_id,
                             struct transfer **out, int *count)
{
	return db_read_list(
	    db,
	    db_query(db,
	             TRANSFER_COLUMNS
	             " WHERE x.person_id = ? ORDER BY x.id DESC LIMIT ?",
	             DB_INT(person_id), DB_INT(TRANSFER_LIST_MAX)),
	    a, DB_COLS(transfer_cols), sizeof **out, TRANSFER_LIST_MAX,
	    (void **)out, count);
}

enum db_status transfers_into_my_teams(struct db *db, struct arena *a,
                                       int64_t user_id, const char *since,
                                       struct transfer **out, int *count)
{
	/* only persons still on one of the user's teams: a name is shown
	 * only to someone who may open the record */
	return db_read_list(
	    db,
	    db_query(db,
	             TRANSFER_COLUMNS
	             " WHERE x.created_at >= ? AND x.to_team_id IN"
	             " (SELECT team_id FROM team_members WHERE user_id = ?)"
	             " AND p.team_id IN"
	             " (SELECT team_id FROM team_members WHERE user_id = ?)"
	             " ORDER BY x.id DESC LIMIT 50",
	             DB_TEXT(since), DB_INT(user_id), DB_INT(user_id)),
	    a, DB_COLS(transfer_cols), sizeof **out, 50, (void **)out, count);
}

enum db_status transfer_team_names(struct db *db, struct arena *a,
                                   int64_t team_id, const char **team,
                                   const char **program)
{
	struct db_stmt *st =
	    db_query(db,
	             "SELECT t.name, p.name FROM teams t"
	             " JOIN programs p ON p.id = t.program_id WHERE t.id = ?",
	             DB_INT(team_id));
	bool found = db_row(st);
	if (found) {
		*team = db_column_dup(st, a, 0);
		*program = db_column_dup(st, a, 1);
	}
	enum db_status s = db_end(db, st);
	return s == DB_DONE && found ? DB_ROW : s;
}

enum db_status transfer_record(struct db *db, const struct transfer *t,
                               int64_t from_team_id, int64_t user_id,
                               int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	int64_t moved;
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	/* the person_grams triggers follow the team (migration 12) */
	s = db_one_int(db,
	               "UPDATE persons SET team_id = ?, updated_at = ?"
	               " WHERE id = ? AND team_id = ? RETURNING id",
	               &moved, DB_INT(t->to_team_id), DB_TEXT(now),
	               DB_INT(t->person_id), DB_INT(from_team_id));
	if (s == DB_ROW) /* open follow-ups go with them (migration 21) */
		s = db_run(
		        db,
		        "UPDATE followups SET team_id = ? WHERE person_id = ?"
		        " AND state = 'open'",
		        DB_INT(t->to_team_id), DB_INT(t->person_id)) == DB_OK
		        ? DB_ROW
		        : DB_ERROR;
	if (s == DB_ROW)
		s = db_run_returning_id(
		    db,
		    "INSERT INTO transfers (person_id, from_team_id, "
		    "to_team_id,"
		    " transferred_on, reason, transferred_by, created_at)"
		    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
		    id, DB_INT(t->person_id), DB_INT(from_team_id),
		    DB_INT(t->to_team_id), DB_TEXT(t->transferred_on),
		    DB_TEXT(t->reason), DB_INT(user_id), DB_TEXT(now));
	if (s != DB_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db);
}
