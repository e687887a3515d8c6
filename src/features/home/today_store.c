/* today_store.c — see today_store.h.  Each statement names the index it
 * reads, so a change that loses the index is seen in review. */
#include "today_store.h"

#include "../../core/local_time.h"

/* The name people use: the preferred one, else the legal one. */
#define PERSON_NAME                                                            \
	"CASE WHEN p.preferred_name = '' THEN p.legal_name ELSE"               \
	" p.preferred_name END"

static const struct db_col item_cols[] = {
    DB_COL_INT(struct today_item, id),
    DB_COL_INT(struct today_item, person_id),
    DB_COL_TEXT(struct today_item, name),
    DB_COL_TEXT(struct today_item, on),
    DB_COL_TEXT(struct today_item, detail),
    DB_COL_INT(struct today_item, count)};
/* The first n columns of item_cols. */
#define ITEM_COLS(n) item_cols, (n)

/* db_one_int's "a row came" is this file's "done". */
static enum db_status counted(enum db_status s)
{
	return s == DB_ROW ? DB_DONE : s;
}

enum db_status today_teams(struct db *db, struct arena *a, int64_t user_id,
                           struct today_team **out, int *n)
{
	static const struct db_col cols[] = {
	    DB_COL_INT(struct today_team, id),
	    DB_COL_TEXT(struct today_team, name),
	    DB_COL_INT32(struct today_team, no_contact_days)};
	/* team_members_user (user_id), then teams' and programs' keys */
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT t.id, t.name, g.no_contact_days FROM team_members"
	             " m JOIN teams t ON t.id = m.team_id JOIN programs g ON"
	             " g.id = t.program_id WHERE m.user_id = ? ORDER BY"
	             " t.name, t.id LIMIT ?",
	             DB_INT(user_id), DB_INT(TODAY_TEAMS_MAX)),
	    a, DB_COLS(cols), sizeof **out, TODAY_TEAMS_MAX, (void **)out, n);
}

enum db_status today_drafts(struct db *db, struct arena *a, int64_t user_id,
                            int max, struct today_item **out, int *n,
                            int64_t *count)
{
	/* contacts_draft (staff_id, person_id) WHERE state = 'draft': only
	 * this author's drafts, then each person by key */
	enum db_status s = db_read_list(
	    db,
	    db_query(db,
	             "SELECT c.id, p.id, " PERSON_NAME ", c.contact_on,"
	             " c.kind FROM contacts c JOIN persons p ON p.id ="
	             " c.person_id WHERE c.staff_id = ? AND c.state ="
	             " 'draft' AND c.cosign_state <> 'returned' AND"
	             " p.team_id IN (SELECT team_id FROM team_members WHERE"
	             " user_id = ?) ORDER BY c.contact_on, c.id LIMIT ?",
	             DB_INT(user_id), DB_INT(user_id), DB_INT(max)),
	    a, ITEM_COLS(5), sizeof **out, max, (void **)out, n);
	if (s != DB_DONE)
		return s;
	/* contacts_draft, as above */
	return counted(db_one_int(
	    db,
	    "SELECT COUNT(*) FROM contacts c JOIN persons p ON p.id ="
	    " c.person_id WHERE c.staff_id = ? AND c.state = 'draft' AND"
	    " c.cosign_state <> 'returned' AND p.team_id IN (SELECT team_id"
	    " FROM team_members WHERE user_id = ?)",
	    count, DB_INT(user_id), DB_INT(user_id)));
}

enum db_status today_quiet(struct db *db, struct arena *a, int64_t team_id,
                           const char *before, int max,
                           struct today_item **out, int *n, int64_t *count)
{
	/* persons_quiet (team_id, last_contact_on, id) WHERE enrolled = 1
	 * AND merged_into IS NULL: one team's range up to the cutoff, read
	 * in the index's order, so the LIMIT stops it */
	enum db_status s = db_read_list(
	    db,
	    db_query(db,
	             "SELECT p.id, p.id, " PERSON_NAME ", p.last_contact_on,"
	             " '' FROM persons p WHERE p.team_id = ? AND p.enrolled"
	             " = 1 AND p.merged_into IS NULL AND p.last_contact_on <"
	             " ? ORDER BY p.last_contact_on, p.id LIMIT ?",
	             DB_INT(team_id), DB_TEXT(before), DB_INT(max)),
	    a, ITEM_COLS(5), sizeof **out, max, (void **)out, n);
	if (s != DB_DONE)
		return s;
	/* persons_quiet, the same range, counted from the index alone */
	return counted(db_one_int(
	    db,
	    "SELECT COUNT(*) FROM (SELECT 1 FROM persons p WHERE p.team_id ="
	    " ? AND p.enrolled = 1 AND p.merged_into IS NULL AND"
	    " p.last_contact_on < ? LIMIT ?) q",
	    count, DB_INT(team_id), DB_TEXT(before), DB_INT(TODAY_COUNT_CAP)));
}

enum { NO_CONTACT_SETTINGS_MAX = 64 };

enum db_status today_quiet_all(struct db *db, struct arena *a,
                               const char *today, int64_t *count)
{
	(void)a;
	/* The programs' settings of "no contact in N days" (a handful of
	 * rows: the programs table), so that each count below is one date */
	int days[NO_CONTACT_SETTINGS_MAX], ndays = 0;
	struct db_stmt *st = db_query(db, "SELECT DISTINCT no_contact_days"
	                                  " FROM programs ORDER BY 1");
	while (ndays < NO_CONTACT_SETTINGS_MAX && db_row(st))
		days[ndays++] = (int)db_column_int(st, 0);
	enum db_status s = db_end(db, st);
	*count = 0;
	for (int i = 0; s == DB_DONE && i < ndays; i++) {
		char before[LOCAL_DATE_SIZE];
		local_add_days(today, -days[i], before);
		int64_t c = 0;
		/* persons_quiet: a range per team of the programs with this
		 * setting, capped */
		s = counted(db_one_int(
		    db,
		    "SELECT COUNT(*) FROM (SELECT 1 FROM persons p WHERE"
		    " p.team_id IN (SELECT t.id FROM teams t JOIN programs g"
		    " ON g.id = t.program_id WHERE g.no_contact_days = ?) AND"
		    " p.enrolled = 1 AND p.merged_into IS NULL AND"
		    " p.last_contact_on < ? LIMIT ?) q",
		    &c, DB_INT(days[i]), DB_TEXT(before),
		    DB_INT(TODAY_COUNT_CAP - *count)));
		*count += c;
		if (*count >= TODAY_COUNT_CAP)
			break;
	}
	return s;
}

enum db_status today_review(struct db *db, struct arena *a,
                            int64_t supervisor_id, int max,
                            struct today_item **out, int *n, int64_t *count)
{
	static const struct db_col cols[] = {
	    DB_COL_INT(struct today_item, id),
	    DB_COL_INT(struct today_item, person_id),
	    DB_COL_TEXT(struct today_item, name),
	    DB_COL_TEXT(struct today_item, on),
	    DB_COL_TEXT(struct today_item, kind),
	    DB_COL_TEXT(struct today_item, detail),
	    DB_COL_TEXT(struct today_item, by)};
	/* Notes: contacts_pending (created_at) WHERE cosign_state =
	 * 'pending', the whole queue of every team, which co-signing keeps
	 * short; plan versions through persons_team (the teams' persons)
	 * and plan_versions (person_id, version) — as supervision.c's
	 * review_queue, whose order this keeps */
	enum db_status s = db_read_list(
	    db,
	    db_query(db,
	             "SELECT c.id, p.id, " PERSON_NAME ", c.signed_at,"
	             " 'note', c.kind, u.name FROM contacts c JOIN"
	             " persons p ON p.id = c.person_id JOIN users u ON u.id"
	             " = c.staff_id WHERE c.cosign_state = 'pending' AND"
	             " p.team_id IN (SELECT team_id FROM team_members WHERE"
	             " user_id = ?) UNION ALL SELECT v.version, p.id, "
	             "" PERSON_NAME ", v.created_at, 'plan', v.summary, u.name FROM"
	             " plan_versions v JOIN persons p ON p.id = v.person_id"
	             " JOIN users u ON u.id = v.author_id WHERE"
	             " v.cosign_state = 'pending' AND p.team_id IN (SELECT"
	             " team_id FROM team_members WHERE user_id = ?) ORDER BY"
	             " 4, 5, 1 LIMIT ?",
	             DB_INT(supervisor_id), DB_INT(supervisor_id),
	             DB_INT(max)),
	    a, DB_COLS(cols), sizeof **out, max, (void **)out, n);
	if (s != DB_DONE)
		return s;
	/* the same two ranges, counted */
	return counted(db_one_int(
	    db,
	    "SELECT (SELECT COUNT(*) FROM contacts c JOIN persons p ON p.id ="
	    " c.person_id WHERE c.cosign_state = 'pending' AND p.team_id IN"
	    " (SELECT team_id FROM team_members WHERE user_id = ?)) +"
	    " (SELECT COUNT(*) FROM plan_versions v JOIN persons p ON p.id ="
	    " v.person_id WHERE v.cosign_state = 'pending' AND p.team_id IN"
	    " (SELECT team_id FROM team_members WHERE user_id = ?))",
	    count, DB_INT(supervisor_id), DB_INT(supervisor_id)));
}

enum db_status today_review_all(struct db *db, int64_t *count)
{
	/* contacts_pending for the notes; plan versions have no index of
	 * their pending ones yet (one like contacts_pending would make this
	 * a range), so that table is read up to the cap */
	return counted(db_one_int(
	    db,
	    "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM contacts WHERE"
	    " cosign_state = 'pending' LIMIT ?) q) + (SELECT COUNT(*) FROM"
	    " (SELECT 1 FROM plan_versions WHERE cosign_state = 'pending'"
	    " LIMIT ?) r)",
	    count, DB_INT(TODAY_COUNT_CAP), DB_INT(TODAY_COUNT_CAP)));
}

enum db_status today_incidents_waiting(struct db *db, struct arena *a,
                                       int64_t *count, const char **oldest)
{
	/* incidents has no index of its state: reports are few (tens a
	 * year per program), so the table is read whole */
	struct db_stmt *st =
	    db_query(db, "SELECT COUNT(*), MIN(submitted_at) FROM incidents"
	                 " WHERE state IN ('submitted', 'under_review')");
	*count = 0;
	*oldest = "";
	if (db_row(st)) {
		*count = db_column_int(st, 0);
		*oldest = db_column_dup(st, a, 1);
	}
	return db_end(db, st);
}

enum db_status today_workload(struct db *db, struct arena *a,
                              int64_t supervisor_id, const char *monday,
                              const char *today, struct today_item **out,
                              int *n)
{
	enum { WORKLOAD_MAX = 50 };
	/* team_members (team_id, user_id) for who is on the teams;
	 * contacts_team (team_id, contact_on): this week's range of each
	 * team, grouped once */
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT u.id, 0, u.name, '', u.role, COALESCE(w.n, 0)"
	             " FROM users u JOIN (SELECT DISTINCT m2.user_id FROM"
	             " team_members m1 JOIN team_members m2 ON m2.team_id ="
	             " m1.team_id WHERE m1.user_id = ?) s ON s.user_id ="
	             " u.id LEFT JOIN (SELECT c.staff_id, COUNT(*) AS n FROM"
	             " contacts c WHERE c.team_id IN (SELECT team_id FROM"
	             " team_members WHERE user_id = ?) AND c.contact_on >= ?"
	             " AND c.contact_on <= ? AND c.state = 'signed' GROUP BY"
	             " c.staff_id) w ON w.staff_id = u.id WHERE u.role IN"
	             " ('peer_specialist', 'peer_trainee') AND u.disabled ="
	             " 0 ORDER BY u.name, u.id LIMIT ?",
	             DB_INT(supervisor_id), DB_INT(supervisor_id),
	             DB_TEXT(monday), DB_TEXT(today), DB_INT(WORKLOAD_MAX)),
	    a, ITEM_COLS(6), sizeof **out, WORKLOAD_MAX, (void **)out, n);
}

enum db_status today_overdue_all(struct db *db, const char *today,
                                 int64_t *count)
{
	/* followups_due (team_id, due_on, id) WHERE state = 'open': only the
	 * open ones, however many closed ones years leave behind */
	return counted(db_one_int(db,
	                          "SELECT COUNT(*) FROM (SELECT 1 FROM"
	                          " followups WHERE state = 'open' AND"
	                          " due_on < ? LIMIT ?) q",
	                          count, DB_TEXT(today),
	                          DB_INT(TODAY_COUNT_CAP)));
}

enum db_status today_invitations(struct db *db, struct arena *a, int64_t now,
                                 int max, struct today_item **out, int *n,
                                 int64_t *count)
{
	/* users is the staff (hundreds of rows), read whole; invites of
	 * each by their user */
	enum db_status s = db_read_list(
	    db,
	    db_query(db,
	             "SELECT u.id, 0, u.name, '', u.email, CASE WHEN EXISTS"
	             " (SELECT 1 FROM invites i WHERE i.user_id = u.id AND"
	             " i.used_at IS NULL AND i.expires_at > ?) THEN 1 ELSE 0"
	             " END FROM users u WHERE u.password_hash IS NULL AND"
	             " u.disabled = 0 ORDER BY u.id LIMIT ?",
	             DB_INT(now), DB_INT(max)),
	    a, ITEM_COLS(6), sizeof **out, max, (void **)out, n);
	if (s != DB_DONE)
		return s;
	return counted(db_one_int(db,
	                          "SELECT COUNT(*) FROM users WHERE"
	                          " password_hash IS NULL AND disabled = 0",
	                          count));
}

enum db_status today_empty_teams(struct db *db, struct arena *a, int max,
                                 struct today_item **out, int *n,
                                 int64_t *count)
{
	/* teams (tens of rows), each probed in team_members' key */
	enum db_status s = db_read_list(
	    db,
	    db_query(db,
	             "SELECT t.id, 0, t.name, '', g.name FROM teams t JOIN"
	             " programs g ON g.id = t.program_id WHERE NOT EXISTS"
	             " (SELECT 1 FROM team_members m WHERE m.team_id = t.id)"
	             " ORDER BY g.name, t.name, t.id LIMIT ?",
	             DB_INT(max)),
	    a, ITEM_COLS(5), sizeof **out, max, (void **)out, n);
	if (s != DB_DONE)
		return s;
	return counted(db_one_int(db,
	                          "SELECT COUNT(*) FROM teams t WHERE NOT"
	                          " EXISTS (SELECT 1 FROM team_members m"
	                          " WHERE m.team_id = t.id)",
	                          count));
}

enum db_status today_unsaved_schedules(struct db *db, struct arena *a,
                                       int max, struct today_item **out,
                                       int *n, int64_t *count)
{
	/* programs (a handful), each probed in followup_schedules' key */
	enum db_status s = db_read_list(
	    db,
	    db_query(db,
	             "SELECT g.id, 0, g.name, '', '' FROM programs g WHERE"
	             " NOT EXISTS (SELECT 1 FROM followup_schedules f WHERE"
	             " f.program_id = g.id) ORDER BY g.name, g.id LIMIT ?",
	             DB_INT(max)),
	    a, ITEM_COLS(5), sizeof **out, max, (void **)out, n);
	if (s != DB_DONE)
		return s;
	return counted(db_one_int(db,
	                          "SELECT COUNT(*) FROM programs g WHERE NOT"
	                          " EXISTS (SELECT 1 FROM followup_schedules"
	                          " f WHERE f.program_id = g.id)",
	                          count));
}
