/* person_merge_store.c — the statements behind a merge and its undoing
 * (person_merge_store.h): the rows moved and listed in merge_moves, the
 * plan versions renumbered, the counts, and whether a merge may still be
 * undone.  The request's flow is person_merge.c. */
#include "person_merge_store.h"
#include "enrollment.h"
#include "../service_sums/service_sums.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Moves a table's rows of person from to person to, listing each in
 * merge_moves first. */
#define MOVE_ROWS(table)                                                       \
	do {                                                                   \
		if (s == DB_OK)                                                \
			s = db_run(db,                                         \
			           "INSERT INTO merge_moves (merge_id,"        \
			           " table_name, row_id) SELECT ?, '" table    \
			           "', id FROM " table " WHERE person_id = ?", \
			           DB_INT(merge_id), DB_INT(from));            \
		if (s == DB_OK)                                                \
			s = db_run(db,                                         \
			           "UPDATE " table " SET person_id = ?"        \
			           " WHERE person_id = ?",                     \
			           DB_INT(to), DB_INT(from));                  \
	} while (0)

/* Moves back the rows of table that merge_id moved. */
#define MOVE_BACK(table)                                                       \
	do {                                                                   \
		if (s == DB_OK)                                                \
			s = db_run(                                            \
			    db,                                                \
			    "UPDATE " table " SET person_id = ?"               \
			    " WHERE person_id = ? AND id IN (SELECT"           \
			    " row_id FROM merge_moves WHERE"                   \
			    " merge_id = ? AND table_name = '" table "')",     \
			    DB_INT(from), DB_INT(to), DB_INT(merge_id));       \
	} while (0)

/* A count's statement: DB_OK when it gave its row. */
static enum db_status one_count(enum db_status s)
{
	return s == DB_ROW ? DB_OK : s == DB_DONE ? DB_ERROR : s;
}

/* After rows moved either way: follow-ups are their person's team's, and
 * each record's enrolled and last contact are its rows' again. */
static enum db_status after_move(struct db *db, enum db_status s, int64_t a,
                                 int64_t b)
{
	int64_t ids[] = {a, b};
	for (int i = 0; i < 2 && s == DB_OK; i++) {
		s = db_run(db,
		           "UPDATE followups SET team_id = (SELECT team_id FROM"
		           " persons WHERE id = ?) WHERE person_id = ?",
		           DB_INT(ids[i]), DB_INT(ids[i]));
		/* the service reports count each contact's person once
		 * (notes/service_facts.h) and their summaries */
		if (s == DB_OK)
			s = service_sums_person_follow(db, ids[i]);
		if (s == DB_OK)
			s = person_activity_refresh(db, ids[i]);
	}
	return s;
}

/* The rows of every table but plans and wellness plans. */
enum db_status merge_move_rows(struct db *db, int64_t merge_id, int64_t from,
                               int64_t to)
{
	enum db_status s = DB_OK;
	MOVE_ROWS("contacts");
	MOVE_ROWS("consents");
	MOVE_ROWS("barc10");
	MOVE_ROWS("enrollments");
	MOVE_ROWS("supports");
	MOVE_ROWS("recovery_stages");
	MOVE_ROWS("break_glass");
	MOVE_ROWS("followups");
	return after_move(db, s, from, to);
}

enum db_status merge_move_back(struct db *db, int64_t merge_id, int64_t from,
                               int64_t to)
{
	enum db_status s = DB_OK;
	MOVE_BACK("contacts");
	MOVE_BACK("consents");
	MOVE_BACK("barc10");
	MOVE_BACK("enrollments");
	MOVE_BACK("supports");
	MOVE_BACK("recovery_stages");
	MOVE_BACK("break_glass");
	MOVE_BACK("plan_versions");
	MOVE_BACK("followups");
	return after_move(db, s, from, to);
}

/* Adds shift to the version numbers of person's plan (negative: takes it
 * off).  Through negative numbers, since UNIQUE (person_id, version) is
 * checked row by row in both databases. */
enum db_status merge_shift_versions(struct db *db, int64_t person, int shift)
{
	enum db_status s = db_run(db,
	                          "UPDATE plan_versions SET version ="
	                          " -(version + ?) WHERE person_id = ?",
	                          DB_INT(shift), DB_INT(person));
	if (s == DB_OK)
		s = db_run(db,
		           "UPDATE plan_versions SET version = -version"
		           " WHERE person_id = ? AND version < 0",
		           DB_INT(person));
	return s;
}

/* The merged record's plan versions keep their numbers; the survivor's
 * move up past them, *shift. */
enum db_status merge_move_plan(struct db *db, int64_t merge_id, int64_t from,
                               int64_t to, int64_t *shift)
{
	enum db_status s = one_count(
	    db_one_int(db,
	               "SELECT COALESCE(MAX(version), 0) FROM plan_versions"
	               " WHERE person_id = ?",
	               shift, DB_INT(from)));
	if (s == DB_OK && *shift)
		s = merge_shift_versions(db, to, (int)*shift);
	if (s == DB_OK) {
		MOVE_ROWS("plan_versions");
	}
	return s;
}

enum db_status merge_survivor_holds(struct db *db, int64_t person,
                                    struct held *h)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT (SELECT COUNT(*) FROM contacts WHERE person_id = ?"
	    "  AND state = 'signed'),"
	    " (SELECT COUNT(*) FROM plan_versions WHERE person_id = ?),"
	    " (SELECT COUNT(*) FROM plan_versions WHERE person_id = ?"
	    "  AND signed_on IS NOT NULL)",
	    DB_INT(person), DB_INT(person), DB_INT(person));
	bool found = db_row(st);
	if (found) {
		h->notes_signed = db_column_int(st, 0);
		h->plan_versions = db_column_int(st, 1);
		h->plan_signed = db_column_int(st, 2);
	}
	enum db_status s = db_end(db, st);
	return s == DB_DONE && found ? DB_OK : s == DB_DONE ? DB_ERROR : s;
}

/* The wellness plan moves when only the merged record has one; when both
 * do, the merged one's stays on the tombstone (*kept). */
enum db_status merge_move_wellness(struct db *db, int64_t merge_id,
                                   int64_t from, int64_t to, bool *kept)
{
	int64_t mine = 0, theirs = 0;
	enum db_status s = one_count(db_one_int(
	    db, "SELECT COUNT(*) FROM wellness_plans WHERE person_id = ?",
	    &mine, DB_INT(to)));
	if (s == DB_OK)
		s = one_count(db_one_int(db,
		                         "SELECT COUNT(*) FROM wellness_plans"
		                         " WHERE person_id = ?",
		                         &theirs, DB_INT(from)));
	*kept = s == DB_OK && mine && theirs;
	if (s != DB_OK || !theirs || mine)
		return s;
	s = db_run(db,
	           "INSERT INTO merge_moves (merge_id, table_name, row_id)"
	           " VALUES (?, 'wellness_plans', ?)",
	           DB_INT(merge_id), DB_INT(from));
	if (s == DB_OK)
		s = db_run(db,
		           "UPDATE wellness_plans SET person_id = ?"
		           " WHERE person_id = ?",
		           DB_INT(to), DB_INT(from));
	return s;
}

/* How many rows of each table merge_id moved. */
static enum db_status read_counts(struct db *db, int64_t merge_id,
                                  struct merge_counts *c)
{
	memset(c, 0, sizeof *c);
	struct db_stmt *st = db_query(db,
	                              "SELECT table_name, COUNT(*) FROM"
	                              " merge_moves WHERE merge_id = ?"
	                              " GROUP BY table_name",
	                              DB_INT(merge_id));
	static const struct {
		const char *table;
		size_t offset;
	} slots[] = {
	    {"contacts", offsetof(struct merge_counts, contacts)},
	    {"plan_versions", offsetof(struct merge_counts, plan_versions)},
	    {"consents", offsetof(struct merge_counts, consents)},
	    {"barc10", offsetof(struct merge_counts, barc10)},
	    {"enrollments", offsetof(struct merge_counts, enrollments)},
	    {"supports", offsetof(struct merge_counts, supports)},
	    {"recovery_stages", offsetof(struct merge_counts, recovery_stages)},
	    {"break_glass", offsetof(struct merge_counts, break_glass)},
	    {"wellness_plans", offsetof(struct merge_counts, wellness_plans)},
	};
	while (db_row(st)) {
		const char *table = db_column_text(st, 0);
		for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++)
			if (table && !strcmp(table, slots[i].table))
				*(int *)((char *)c + slots[i].offset) =
				    (int)db_column_int(st, 1);
	}
	return db_end(db, st);
}

enum db_status merge_record_counts(struct db *db, int64_t person_id,
                                   struct merge_counts *c)
{
	memset(c, 0, sizeof *c);
	struct db_stmt *st = db_query(
	    db,
	    "SELECT (SELECT COUNT(*) FROM contacts WHERE person_id = ?),"
	    " (SELECT COUNT(*) FROM plan_versions WHERE person_id = ?),"
	    " (SELECT COUNT(*) FROM consents WHERE person_id = ?),"
	    " (SELECT COUNT(*) FROM barc10 WHERE person_id = ?),"
	    " (SELECT COUNT(*) FROM enrollments WHERE person_id = ?),"
	    " (SELECT COUNT(*) FROM supports WHERE person_id = ?),"
	    " (SELECT COUNT(*) FROM wellness_plans WHERE person_id = ?)",
	    DB_INT(person_id), DB_INT(person_id), DB_INT(person_id),
	    DB_INT(person_id), DB_INT(person_id), DB_INT(person_id),
	    DB_INT(person_id));
	if (db_row(st)) {
		c->contacts = (int)db_column_int(st, 0);
		c->plan_versions = (int)db_column_int(st, 1);
		c->consents = (int)db_column_int(st, 2);
		c->barc10 = (int)db_column_int(st, 3);
		c->enrollments = (int)db_column_int(st, 4);
		c->supports = (int)db_column_int(st, 5);
		c->wellness_plans = (int)db_column_int(st, 6);
	}
	enum db_status s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}

#define MERGE_COLUMNS                                                          \
	"SELECT g.id, g.survivor_id, g.merged_id, g.merged_at, u.name,"        \
	" COALESCE(g.undone_at, ''), CASE WHEN p.preferred_name <> ''"         \
	" THEN p.preferred_name ELSE p.legal_name END, p.record_number,"       \
	" g.wellness_kept FROM person_merges g"                                \
	" JOIN users u ON u.id = g.merged_by"                                  \
	" JOIN persons p ON p.id = g.merged_id"

static const struct db_col merge_cols[] = {
    DB_COL_INT(struct person_merge, id),
    DB_COL_INT(struct person_merge, survivor_id),
    DB_COL_INT(struct person_merge, merged_id),
    DB_COL_TEXT(struct person_merge, merged_at),
    DB_COL_TEXT(struct person_merge, merged_by_name),
    DB_COL_TEXT(struct person_merge, undone_at),
    DB_COL_TEXT(struct person_merge, merged_name),
    DB_COL_TEXT(struct person_merge, merged_record_number),
    DB_COL_BOOL(struct person_merge, wellness_kept),
};

enum db_status merge_get(struct db *db, struct arena *a, int64_t id,
                         struct person_merge *m)
{
	struct db_stmt *st =
	    db_query(db, MERGE_COLUMNS " WHERE g.id = ?", DB_INT(id));
	bool found = db_row(st);
	if (found)
		db_read_row(st, a, DB_COLS(merge_cols), m);
	enum db_status s = db_end(db, st);
	if (s == DB_DONE && found)
		s = read_counts(db, id, &m->moved);
	return s == DB_DONE && found ? DB_ROW : s;
}

/* Whether merge id may be undone now: *why NULL, or the reason (a
 * constant).  The rule: it is its survivor's latest merge not undone, the
 * merged record still points at the survivor, and the survivor has, since
 * the merge, no newly signed note, no new plan version and no newly signed
 * one (counted against what it held right after the merge: signatures
 * are never taken back, and a plan's signature carries a date only). */
enum db_status merge_reversible(struct db *db, int64_t id, const char **why)
{
	*why = NULL;
	int64_t survivor = 0, merged = 0, later = 0, pointing = 0;
	struct held then = {0}, now = {0};
	bool undone = false;
	struct db_stmt *st = db_query(
	    db,
	    "SELECT survivor_id, merged_id, notes_signed, plan_versions,"
	    " plan_signed, undone_at IS NOT NULL FROM person_merges"
	    " WHERE id = ?",
	    DB_INT(id));
	if (db_row(st)) {
		survivor = db_column_int(st, 0);
		merged = db_column_int(st, 1);
		then.notes_signed = db_column_int(st, 2);
		then.plan_versions = db_column_int(st, 3);
		then.plan_signed = db_column_int(st, 4);
		undone = db_column_bool(st, 5);
	}
	enum db_status s = db_end(db, st);
	if (s != DB_DONE)
		return s;
	if (!survivor) {
		*why = "There is no such merge into this record.";
		return DB_OK;
	}
	if (undone) {
		*why = "This merge was undone already.";
		return DB_OK;
	}
	st = db_query(db,
	              "SELECT (SELECT COUNT(*) FROM person_merges WHERE"
	              "  survivor_id = ? AND id > ? AND undone_at IS NULL),"
	              " (SELECT COUNT(*) FROM persons WHERE id = ?"
	              "  AND merged_into = ?)",
	              DB_INT(survivor), DB_INT(id), DB_INT(merged),
	              DB_INT(survivor));
	if (db_row(st)) {
		later = db_column_int(st, 0);
		pointing = db_column_int(st, 1);
	}
	s = db_end(db, st);
	if (s != DB_DONE)
		return s;
	if ((s = merge_survivor_holds(db, survivor, &now)) != DB_OK)
		return s;
	if (later)
		*why = "Another record was merged into this one after: undo "
		       "that merge first.";
	else if (!pointing)
		*why = "The merged record no longer points at this one.";
	else if (now.notes_signed != then.notes_signed)
		*why = "A note was signed on this record after the merge, so "
		       "the merge can no longer be undone.";
	else if (now.plan_versions != then.plan_versions)
		*why = "A plan version was added to this record after the "
		       "merge, so the merge can no longer be undone.";
	else if (now.plan_signed != then.plan_signed)
		*why = "A plan version was signed on this record after the "
		       "merge, so the merge can no longer be undone.";
	return DB_OK;
}

enum db_status person_merges(struct db *db, struct arena *a, int64_t person_id,
                             struct person_merge **out, int *count,
                             int64_t *undoable)
{
	if (undoable)
		*undoable = 0;
	enum db_status s = db_read_list(
	    db,
	    db_query(db,
	             MERGE_COLUMNS " WHERE g.survivor_id = ?"
	                           " ORDER BY g.id DESC LIMIT 50",
	             DB_INT(person_id)),
	    a, DB_COLS(merge_cols), sizeof **out, 50, (void **)out, count);
	if (!undoable) /* the names only */
		return s;
	for (int i = 0; s == DB_DONE && i < *count; i++)
		s = read_counts(db, (*out)[i].id, &(*out)[i].moved);
	for (int i = 0; s == DB_DONE && i < *count; i++) {
		if (*(*out)[i].undone_at)
			continue;
		const char *why;
		if ((s = merge_reversible(db, (*out)[i].id, &why)) != DB_OK)
			return s;
		if (!why)
			*undoable = (*out)[i].id;
		break; /* only the latest merge not undone may be */
	}
	return s == DB_OK ? DB_DONE : s;
}
