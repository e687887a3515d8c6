/* referral_store.c — reading referrals, their history, the contact notes
 * that name them, and directory services by name (referral.h). */
#include "referral.h"
#include "../../core/clock.h"

#include <stdlib.h>
#include <string.h>

/* A referral with its person, organization, author and program's days.
 * A person is on the team they are on now (persons.team_id follows a
 * transfer), so the team's list follows them too. */
#define REFERRAL_SELECT                                                        \
	"SELECT r.id, r.person_id, p.team_id, COALESCE(r.service_id, ''),"     \
	" COALESCE(r.organization_id, ''), COALESCE(r.location_id, ''),"       \
	" r.to_name, COALESCE(o.name, ''), r.need, r.status, r.reason,"        \
	" r.went_together, COALESCE(r.connected_on, ''),"                      \
	" COALESCE(r.follow_up_on, ''), r.sends_information,"                  \
	" COALESCE(r.disclosure_id, 0), r.created_by, u.name, r.created_at,"   \
	" r.last_activity_at, CASE WHEN p.preferred_name = '' THEN"            \
	" p.legal_name ELSE p.preferred_name END, g.referral_overdue_days,"    \
	" (SELECT COUNT(*) FROM contact_referrals cr WHERE cr.referral_id ="   \
	" r.id) FROM referrals r JOIN persons p ON p.id = r.person_id"         \
	" JOIN teams t ON t.id = p.team_id JOIN programs g ON g.id ="          \
	" t.program_id JOIN users u ON u.id = r.created_by"                    \
	" LEFT JOIN hsds_organizations o ON o.id = r.organization_id"
#define OPEN_STATUSES                                                          \
	" r.status IN ('suggested', 'discussed', 'referred', 'connected')"

#define COL(type, member) DB_COL_##type(struct referral, member)
static const struct db_col referral_cols[] = {
    COL(INT, id),
    COL(INT, person_id),
    COL(INT, team_id),
    COL(TEXT, service_id),
    COL(TEXT, organization_id),
    COL(TEXT, location_id),
    COL(TEXT, to_name),
    COL(TEXT, organization),
    COL(TEXT, need),
    COL(TEXT, status),
    COL(TEXT, reason),
    COL(BOOL, went_together),
    COL(TEXT, connected_on),
    COL(TEXT, follow_up_on),
    COL(BOOL, sends_information),
    COL(INT, disclosure_id),
    COL(INT, created_by),
    COL(TEXT, created_by_name),
    COL(TEXT, created_at),
    COL(TEXT, last_activity_at),
    COL(TEXT, person_name),
    COL(INT32, overdue_days),
    COL(INT32, contacts),
};
#undef COL

enum db_status referral_get(struct db *db, struct arena *a, int64_t person_id,
                            int64_t id, struct referral *out)
{
	struct referral *list;
	int n;
	enum db_status s = db_read_list(
	    db,
	    db_query(db, REFERRAL_SELECT " WHERE r.id = ? AND r.person_id = ?",
	             DB_INT(id), DB_INT(person_id)),
	    a, DB_COLS(referral_cols), sizeof *list, 1, (void **)&list, &n);
	if (s != DB_DONE)
		return s;
	if (!n)
		return DB_DONE;
	*out = list[0];
	return DB_ROW;
}

enum db_status referrals_of_person(struct db *db, struct arena *a,
                                   int64_t person_id, int64_t after, int max,
                                   struct referral **out, int *n)
{
	return db_read_list(
	    db,
	    db_query(db,
	             REFERRAL_SELECT " WHERE r.person_id = ? AND (? = 0 OR"
	                             " r.id < ?) ORDER BY r.id DESC LIMIT ?",
	             DB_INT(person_id), DB_INT(after), DB_INT(after),
	             DB_INT(max)),
	    a, DB_COLS(referral_cols), sizeof **out, max, (void **)out, n);
}

enum db_status referrals_open_of_teams(struct db *db, struct arena *a,
                                       int64_t user_id, const char *today,
                                       int64_t after, int max,
                                       struct referral **out, int *n)
{
	enum db_status s = db_read_list(
	    db,
	    db_query(db,
	             REFERRAL_SELECT " WHERE p.team_id IN (SELECT team_id FROM"
	                             " team_members WHERE user_id = ?) AND"
	                             " p.merged_into IS NULL AND" OPEN_STATUSES
	                             " AND r.id > ? ORDER BY r.id LIMIT ?",
	             DB_INT(user_id), DB_INT(after), DB_INT(max)),
	    a, DB_COLS(referral_cols), sizeof **out, max, (void **)out, n);
	for (int i = 0; s == DB_DONE && i < *n; i++)
		referral_mark_overdue(&(*out)[i], today);
	return s;
}

static int by_follow_up(const void *x, const void *y)
{
	const struct referral *a = x, *b = y;
	int c = strcmp(a->follow_up_on, b->follow_up_on);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

enum db_status referrals_overdue(struct db *db, struct arena *a,
                                 int64_t user_id, const char *today, int max,
                                 struct referral **out, int *n, int64_t *total)
{
	/* a team's open referrals are a few hundred at most: read them all
	 * (each program has its own days without activity), keep the
	 * overdue ones */
	struct referral *all;
	int count, kept = 0;
	enum db_status s = referrals_open_of_teams(db, a, user_id, today, 0,
	                                           5000, &all, &count);
	if (s != DB_DONE)
		return s;
	for (int i = 0; i < count; i++)
		if (all[i].overdue)
			all[kept++] = all[i];
	qsort(all, (size_t)kept, sizeof *all, by_follow_up);
	*out = all;
	*n = kept < max ? kept : max;
	if (total)
		*total = kept;
	return DB_DONE;
}

enum db_status referral_events_of(struct db *db, struct arena *a,
                                  int64_t referral_id,
                                  struct referral_event **out, int *n)
{
	static const struct db_col cols[] = {
	    DB_COL_INT(struct referral_event, id),
	    DB_COL_TEXT(struct referral_event, at),
	    DB_COL_TEXT(struct referral_event, from_status),
	    DB_COL_TEXT(struct referral_event, to_status),
	    DB_COL_TEXT(struct referral_event, reason),
	    DB_COL_TEXT(struct referral_event, barrier),
	    DB_COL_TEXT(struct referral_event, helped),
	    DB_COL_TEXT(struct referral_event, note),
	    DB_COL_TEXT(struct referral_event, by_name)};
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT e.id, e.at, COALESCE(e.from_status, ''),"
	             " e.to_status, e.reason, e.barrier, e.helped, e.note,"
	             " u.name FROM referral_events e JOIN users u ON u.id ="
	             " e.by_user WHERE e.referral_id = ? ORDER BY e.id",
	             DB_INT(referral_id)),
	    a, DB_COLS(cols), sizeof **out, REFERRAL_EVENTS_MAX, (void **)out,
	    n);
}

enum db_status referral_contacts_of(struct db *db, struct arena *a,
                                    int64_t referral_id,
                                    struct referral_contact **out, int *n)
{
	static const struct db_col cols[] = {
	    DB_COL_INT(struct referral_contact, id),
	    DB_COL_TEXT(struct referral_contact, contact_on),
	    DB_COL_TEXT(struct referral_contact, kind),
	    DB_COL_TEXT(struct referral_contact, staff_name),
	    DB_COL_TEXT(struct referral_contact, state)};
	/* signed notes only: a draft is its author's until signed */
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT c.id, c.contact_on, c.kind, u.name, c.state FROM"
	             " contact_referrals cr JOIN contacts c ON c.id ="
	             " cr.contact_id JOIN users u ON u.id = c.staff_id WHERE"
	             " cr.referral_id = ? AND c.state = 'signed' ORDER BY"
	             " c.contact_on, c.id",
	             DB_INT(referral_id)),
	    a, DB_COLS(cols), sizeof **out, REFERRAL_EVENTS_MAX, (void **)out,
	    n);
}

enum db_status referral_picks(struct db *db, struct arena *a, const char *q,
                              struct referral_pick **out, int *n)
{
	static const struct db_col cols[] = {
	    DB_COL_TEXT(struct referral_pick, id),
	    DB_COL_TEXT(struct referral_pick, name),
	    DB_COL_TEXT(struct referral_pick, organization)};
	/* the name as typed, anywhere in the service's or organization's
	 * name; LIKE's own characters taken literally */
	struct buf pat = {0};
	buf_putc(&pat, '%');
	for (const char *c = q; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '\\')
			buf_putc(&pat, '\\');
		buf_putc(&pat, *c);
	}
	buf_putc(&pat, '%');
	const char *like = arena_strdup(a, pat.data);
	buf_free(&pat);
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT s.id, s.name, COALESCE(o.name, '') FROM"
	             " hsds_services s LEFT JOIN hsds_organizations o ON"
	             " o.id = s.organization_id WHERE LOWER(s.name) LIKE"
	             " LOWER(?) ESCAPE '\\' OR LOWER(o.name) LIKE LOWER(?)"
	             " ESCAPE '\\' ORDER BY s.name, s.id LIMIT ?",
	             DB_TEXT(like), DB_TEXT(like), DB_INT(REFERRAL_PICKS_MAX)),
	    a, DB_COLS(cols), sizeof **out, REFERRAL_PICKS_MAX, (void **)out,
	    n);
}

/* ---- a contact note's referrals */

int referral_links_set(struct db *db, int64_t person_id, int64_t contact_id,
                       const int64_t *ids, int n, struct field_error *e)
{
	for (int i = 0; i < n; i++) {
		int64_t one;
		enum db_status s = db_one_int(
		    db,
		    "SELECT 1 FROM referrals WHERE id = ? AND person_id = ?",
		    &one, DB_INT(ids[i]), DB_INT(person_id));
		if (s == DB_DONE)
			return field_fail(
			    e, "referrals",
			    "Referrals worked on: choose referrals "
			    "of this person.");
		if (s != DB_ROW)
			return field_fail(e, NULL, NULL);
	}
	if (db_run(db, "DELETE FROM contact_referrals WHERE contact_id = ?",
	           DB_INT(contact_id)) != DB_OK)
		return field_fail(e, NULL, NULL);
	for (int i = 0; i < n; i++) {
		bool twice = false;
		for (int j = 0; j < i; j++)
			twice |= ids[j] == ids[i];
		if (twice)
			continue;
		/* the note is activity on the referral */
		char now[CLOCK_STAMP_SIZE];
		clock_now_utc(now);
		if (db_run(db,
		           "INSERT INTO contact_referrals (contact_id,"
		           " referral_id) VALUES (?, ?)",
		           DB_INT(contact_id), DB_INT(ids[i])) != DB_OK ||
		    db_run(db,
		           "UPDATE referrals SET last_activity_at = ? WHERE"
		           " id = ?",
		           DB_TEXT(now), DB_INT(ids[i])) != DB_OK)
			return field_fail(e, NULL, NULL);
	}
	return 0;
}

enum db_status referral_links_of(struct db *db, struct arena *a,
                                 int64_t contact_id, int64_t **ids, int *n)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT referral_id FROM contact_referrals WHERE contact_id = ?"
	    " ORDER BY referral_id",
	    DB_INT(contact_id));
	*ids = arena_alloc(a, sizeof **ids * REFERRAL_LINKS_MAX);
	*n = 0;
	while (db_row(st))
		if (*n < REFERRAL_LINKS_MAX)
			(*ids)[(*n)++] = db_column_int(st, 0);
	return db_end(db, st);
}
