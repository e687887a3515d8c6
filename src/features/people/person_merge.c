/* person_merge.c — merging a duplicate record into another, and undoing it
 * (see person_merge.h).  Both run inside the router's transaction for the
 * survivor's record (ROUTE_PERSON), in a transaction of their own that
 * nests there: a refusal found half-way rolls everything back. */
#include "person_merge.h"
#include "../../auth/person_access.h"
#include "../../core/clock.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"

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

/* The rows of every table but plans and wellness plans. */
static enum db_status move_rows(struct db *db, int64_t merge_id, int64_t from,
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
	return s;
}

static enum db_status move_back(struct db *db, int64_t merge_id, int64_t from,
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
	return s;
}

/* Adds shift to the version numbers of person's plan (negative: takes it
 * off).  Through negative numbers, since UNIQUE (person_id, version) is
 * checked row by row in both databases. */
static enum db_status shift_versions(struct db *db, int64_t person, int shift)
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
static enum db_status move_plan(struct db *db, int64_t merge_id, int64_t from,
                                int64_t to, int64_t *shift)
{
	enum db_status s = one_count(
	    db_one_int(db,
	               "SELECT COALESCE(MAX(version), 0) FROM plan_versions"
	               " WHERE person_id = ?",
	               shift, DB_INT(from)));
	if (s == DB_OK && *shift)
		s = shift_versions(db, to, (int)*shift);
	if (s == DB_OK) {
		MOVE_ROWS("plan_versions");
	}
	return s;
}

/* What the survivor holds that an undo needs unchanged: its signed notes,
 * its plan versions and its signed ones. */
struct held {
	int64_t notes_signed, plan_versions, plan_signed;
};

static enum db_status survivor_holds(struct db *db, int64_t person,
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
static enum db_status move_wellness(struct db *db, int64_t merge_id,
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

static enum db_status merge_get(struct db *db, struct arena *a, int64_t id,
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
static enum db_status reversible(struct db *db, int64_t id, const char **why)
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
	if ((s = survivor_holds(db, survivor, &now)) != DB_OK)
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
		if ((s = reversible(db, (*out)[i].id, &why)) != DB_OK)
			return s;
		if (!why)
			*undoable = (*out)[i].id;
		break; /* only the latest merge not undone may be */
	}
	return s == DB_OK ? DB_DONE : s;
}

static enum merge_result refuse(struct field_error *e, const char *field,
                                const char *message, enum merge_result how)
{
	e->field = field;
	e->message = message;
	return how;
}

/* A database failure, before this file's transaction began or (abandon)
 * inside it. */
static enum merge_result failed(struct req *r)
{
	reply_db_failure(r);
	return MERGE_ANSWERED;
}

static enum merge_result abandon(struct req *r)
{
	db_rollback(r->db);
	return failed(r);
}

/* An audit entry on person for the merge (or its undoing) id. */
static bool audit_merge(struct req *r, int64_t person, int64_t id,
                        const char *detail)
{
	return req_audit(r, &(struct audit_entry){
	                        "update", "person_merge",
	                        arena_sprintf(&r->arena, "%lld", (long long)id),
	                        person, "success", detail});
}

enum merge_result person_merge_check(struct req *r, int64_t other,
                                     struct field_error *e)
{
	if (!other)
		return refuse(e, "other",
		              "Choose the record to merge into this one.",
		              MERGE_REFUSED);
	if (other == r->person_id)
		return refuse(e, "other",
		              "A record cannot be merged into itself: choose "
		              "the other record.",
		              MERGE_REFUSED);
	if (r->break_glass)
		return refuse(e, "other",
		              "Merging needs both records in your teams; "
		              "emergency access is not enough.",
		              MERGE_REFUSED);
	struct db_stmt *st = db_query(
	    r->db,
	    "SELECT p.merged_into IS NOT NULL, EXISTS (SELECT 1 FROM"
	    " team_members m WHERE m.team_id = p.team_id AND m.user_id = ?)"
	    " FROM persons p WHERE p.id = ?",
	    DB_INT(r->session.user_id), DB_INT(other));
	bool found = db_row(st), tombstone = false, mine = false;
	if (found) {
		tombstone = db_column_bool(st, 0);
		mine = db_column_bool(st, 1);
	}
	if (db_end(r->db, st) != DB_DONE)
		return failed(r);
	if (!found || !mine)
		return refuse(e, "other",
		              "There is no such record in your teams.",
		              MERGE_REFUSED);
	if (tombstone)
		return refuse(
		    e, "other",
		    "That record was merged into another one already: "
		    "merge the record it points to instead.",
		    MERGE_REFUSED);
	/* one open enrollment per program: a person cannot be admitted twice */
	const char *program = NULL;
	enum db_status s = db_one_text(
	    r->db, &r->arena,
	    "SELECT g.name FROM enrollments a JOIN enrollments b"
	    " ON b.program_id = a.program_id AND b.person_id = ?"
	    " AND b.discharged_on IS NULL JOIN programs g ON g.id = "
	    "a.program_id"
	    " WHERE a.person_id = ? AND a.discharged_on IS NULL LIMIT 1",
	    &program, DB_INT(r->person_id), DB_INT(other));
	if (s == DB_ROW)
		return refuse(
		    e, "other",
		    arena_sprintf(&r->arena,
		                  "Both records are enrolled in %s now: "
		                  "record the discharge of one of the "
		                  "two enrollments first.",
		                  program),
		    MERGE_CONFLICT);
	if (s != DB_DONE)
		return failed(r);
	return MERGE_DONE;
}

enum merge_result person_merge_into(struct req *r, int64_t other,
                                    struct person_merge *m,
                                    struct field_error *e)
{
	enum merge_result checked = person_merge_check(r, other, e);
	if (checked != MERGE_DONE)
		return checked;
	struct db *db = r->db;
	int64_t to = r->person_id, from = other, merge_id = 0, row = 0;
	int64_t shift = 0;
	struct held held = {0};
	bool kept = false;
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return failed(r);
	/* from here on, a failure rolls back this transaction (abandon) */
	/* both still live (another merge may have run meanwhile); each row is
	 * then locked until the end */
	s = db_one_int(db,
	               "UPDATE persons SET updated_at = ? WHERE id = ?"
	               " AND merged_into IS NULL RETURNING id",
	               &row, DB_TEXT(now), DB_INT(to));
	if (s == DB_ROW)
		s = db_one_int(
		    db,
		    "UPDATE persons SET merged_into = ?, merged_at = ?,"
		    " merged_by = ?, updated_at = ? WHERE id = ? AND"
		    " merged_into IS NULL RETURNING id",
		    &row, DB_INT(to), DB_TEXT(now), DB_INT(r->session.user_id),
		    DB_TEXT(now), DB_INT(from));
	if (s == DB_DONE) {
		db_rollback(db);
		return refuse(e, "other",
		              "One of the two records was merged meanwhile: "
		              "reload the page.",
		              MERGE_CONFLICT);
	}
	if (s == DB_ROW)
		s = db_run_returning_id(
		    db,
		    "INSERT INTO person_merges (survivor_id, merged_id,"
		    " merged_at, merged_by) VALUES (?, ?, ?, ?) RETURNING id",
		    &merge_id, DB_INT(to), DB_INT(from), DB_TEXT(now),
		    DB_INT(r->session.user_id));
	if (s == DB_OK)
		s = move_rows(db, merge_id, from, to);
	if (s == DB_OK)
		s = move_plan(db, merge_id, from, to, &shift);
	if (s == DB_OK)
		s = move_wellness(db, merge_id, from, to, &kept);
	if (s == DB_OK)
		s = survivor_holds(db, to, &held);
	if (s == DB_OK)
		s = db_run(
		    db,
		    "UPDATE person_merges SET plan_shift = ?,"
		    " notes_signed = ?, plan_versions = ?, plan_signed = ?,"
		    " wellness_kept = ? WHERE id = ?",
		    DB_INT(shift), DB_INT(held.notes_signed),
		    DB_INT(held.plan_versions), DB_INT(held.plan_signed),
		    DB_BOOL(kept), DB_INT(merge_id));
	if (s != DB_OK)
		return abandon(r);
	if (!audit_merge(r, to, merge_id,
	                 arena_sprintf(&r->arena,
	                               "merged record %lld into this",
	                               (long long)from)) ||
	    !audit_merge(r, from, merge_id,
	                 arena_sprintf(&r->arena, "merged into record %lld",
	                               (long long)to))) {
		db_rollback(db);
		reply_audit_unavailable(r, NULL);
		return MERGE_ANSWERED;
	}
	if (db_commit(db) != DB_OK ||
	    merge_get(db, &r->arena, merge_id, m) != DB_ROW)
		return failed(r);
	return MERGE_DONE;
}

enum merge_result person_merge_undo(struct req *r, int64_t merge_id,
                                    struct person_merge *m,
                                    struct field_error *e)
{
	struct db *db = r->db;
	if (!merge_id)
		return refuse(e, "merge", "Say which merge to undo.",
		              MERGE_REFUSED);
	int64_t to = r->person_id, from = 0, shift = 0, row = 0;
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return abandon(r);
	/* from here on, a failure rolls back this transaction (abandon) */
	struct db_stmt *st = db_query(db,
	                              "SELECT merged_id, plan_shift FROM"
	                              " person_merges WHERE id = ? AND"
	                              " survivor_id = ?",
	                              DB_INT(merge_id), DB_INT(to));
	if (db_row(st)) {
		from = db_column_int(st, 0);
		shift = db_column_int(st, 1);
	}
	if (db_end(db, st) != DB_DONE)
		return abandon(r);
	if (!from) {
		db_rollback(db);
		return refuse(e, "merge",
		              "There is no such merge into this record.",
		              MERGE_REFUSED);
	}
	const char *why;
	if ((s = reversible(db, merge_id, &why)) != DB_OK)
		return abandon(r);
	if (why) {
		db_rollback(db);
		return refuse(e, "merge", why, MERGE_CONFLICT);
	}
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	s = move_back(db, merge_id, from, to);
	if (s == DB_OK && shift)
		s = shift_versions(db, to, -(int)shift);
	if (s == DB_OK)
		s = db_run(
		    db,
		    "UPDATE wellness_plans SET person_id = ? WHERE"
		    " person_id = ? AND EXISTS (SELECT 1 FROM merge_moves"
		    " WHERE merge_id = ? AND table_name = 'wellness_plans')",
		    DB_INT(from), DB_INT(to), DB_INT(merge_id));
	if (s == DB_OK)
		s = db_one_int(
		    db,
		    "UPDATE persons SET merged_into = NULL,"
		    " merged_at = NULL, merged_by = NULL,"
		    " updated_at = ? WHERE id = ? AND merged_into = ?"
		    " RETURNING id",
		    &row, DB_TEXT(now), DB_INT(from), DB_INT(to));
	if (s == DB_ROW)
		s = db_one_int(
		    db,
		    "UPDATE person_merges SET undone_at = ?,"
		    " undone_by = ? WHERE id = ? AND undone_at IS NULL"
		    " RETURNING id",
		    &row, DB_TEXT(now), DB_INT(r->session.user_id),
		    DB_INT(merge_id));
	if (s != DB_ROW)
		return abandon(r);
	if (!audit_merge(r, to, merge_id,
	                 arena_sprintf(&r->arena,
	                               "undid the merge of record "
	                               "%lld into this",
	                               (long long)from)) ||
	    !audit_merge(r, from, merge_id,
	                 arena_sprintf(&r->arena,
	                               "undid the merge into record "
	                               "%lld",
	                               (long long)to))) {
		db_rollback(db);
		reply_audit_unavailable(r, NULL);
		return MERGE_ANSWERED;
	}
	if (db_commit(db) != DB_OK ||
	    merge_get(db, &r->arena, merge_id, m) != DB_ROW)
		return failed(r);
	return MERGE_DONE;
}
