/* person_merge.c — merging a duplicate record into another, and undoing it
 * (see person_merge.h).  Both run inside the router's transaction for the
 * survivor's record (ROUTE_PERSON), in a transaction of their own that
 * nests there: a refusal found half-way rolls everything back. */
#include "person_merge.h"
#include "person_merge_store.h"
#include "../../auth/person_access.h"
#include "../../core/clock.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

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
		s = merge_move_rows(db, merge_id, from, to);
	if (s == DB_OK)
		s = merge_move_plan(db, merge_id, from, to, &shift);
	if (s == DB_OK)
		s = merge_move_wellness(db, merge_id, from, to, &kept);
	if (s == DB_OK)
		s = merge_survivor_holds(db, to, &held);
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
	if ((s = merge_reversible(db, merge_id, &why)) != DB_OK)
		return abandon(r);
	if (why) {
		db_rollback(db);
		return refuse(e, "merge", why, MERGE_CONFLICT);
	}
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	s = merge_move_back(db, merge_id, from, to);
	if (s == DB_OK && shift)
		s = merge_shift_versions(db, to, -(int)shift);
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
