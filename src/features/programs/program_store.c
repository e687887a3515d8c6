/* program_store.c — programs in the database (see program.h).  One
 * transaction writes a program and its crisis lines; one query reads a page
 * of programs with their lines. */
#include "../../core/clock.h"
#include "../../core/buf.h"
#include "program.h"

#include <stdio.h>
#include <string.h>

/* Writes p's crisis lines and service codes for program id, in place of
 * any it had. */
static enum db_status write_lists(struct db *db, int64_t id,
                                  const struct program *p)
{
	enum db_status s =
	    db_run(db, "DELETE FROM program_crisis_lines WHERE program_id = ?",
	           DB_INT(id));
	for (int i = 0; s == DB_OK && i < p->crisis_line_count; i++)
		s = db_run(db,
		           "INSERT INTO program_crisis_lines"
		           " (program_id, position, label, number)"
		           " VALUES (?, ?, ?, ?)",
		           DB_INT(id), DB_INT(i + 1),
		           DB_TEXT(p->crisis_lines[i].label),
		           DB_TEXT(p->crisis_lines[i].number));
	if (s == DB_OK)
		s = db_run(
		    db,
		    "DELETE FROM program_service_codes WHERE program_id = ?",
		    DB_INT(id));
	for (int i = 0; s == DB_OK && i < p->service_code_count; i++)
		s = db_run(
		    db,
		    "INSERT INTO program_service_codes (program_id, kind,"
		    " code) VALUES (?, ?, ?)",
		    DB_INT(id), DB_TEXT(p->service_codes[i].kind),
		    DB_TEXT(p->service_codes[i].code));
	return s;
}

enum db_status program_create(struct db *db, const struct actor *who,
                              const struct program *p, int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	s = db_run_returning_id(
	    db,
	    "INSERT INTO programs (name, kind, time_zone, unit_rounding,"
	    " created_at, updated_at, require_two_step, wellness_plan_label,"
	    " part2, referral_overdue_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
	    " ?, ?) RETURNING id",
	    id, DB_TEXT(p->name), DB_TEXT(p->kind), DB_TEXT(p->time_zone),
	    DB_TEXT(p->unit_rounding), DB_TEXT(now), DB_TEXT(now),
	    DB_BOOL(p->require_two_step),
	    DB_TEXT(p->wellness_plan_label ? p->wellness_plan_label : ""),
	    DB_BOOL(p->part2),
	    DB_INT(p->referral_overdue_days > 0 ? p->referral_overdue_days
	                                        : 14));
	if (s == DB_OK)
		s = db_run(
		    db,
		    "INSERT INTO program_rounding_rules (program_id, rule,"
		    " effective_on, effective_from, changed_by,"
		    " changed_at) VALUES (?, ?, '', '', ?, ?)",
		    DB_INT(*id), DB_TEXT(p->unit_rounding),
		    DB_ID_OR_NULL(who->user_id), DB_TEXT(now));
	if (s == DB_OK)
		s = write_lists(db, *id, p);
	char entity[24];
	snprintf(entity, sizeof entity, "%lld", (long long)*id);
	if (s == DB_OK)
		s = audit_append(db, who,
		                 &(struct audit_entry){"create", "program",
		                                       entity, 0, "success",
		                                       ""});
	if (s != DB_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db);
}

/* Reads rows of (program columns…, line label, line number) ordered by
 * program then line position into an array of programs, and ends st. */
static enum db_status read_rows(struct db *db, struct db_stmt *st,
                                struct arena *a, struct program *out, int max,
                                int *count)
{
	int n = 0;
	while (db_row(st)) {
		int64_t id = db_column_int(st, 0);
		if (n == 0 || out[n - 1].id != id) {
			if (n == max)
				break;
			struct program *p = &out[n++];
			memset(p, 0, sizeof *p);
			p->id = id;
			p->name = db_column_dup(st, a, 1);
			p->kind = db_column_dup(st, a, 2);
			p->time_zone = db_column_dup(st, a, 3);
			p->unit_rounding = db_column_dup(st, a, 4);
			p->created_at = db_column_dup(st, a, 5);
			p->updated_at = db_column_dup(st, a, 6);
			p->require_two_step = db_column_bool(st, 9);
			p->wellness_plan_label = db_column_dup(st, a, 10);
			p->part2 = db_column_bool(st, 11);
			p->referral_overdue_days = (int)db_column_int(st, 12);
		}
		struct program *p = &out[n - 1];
		if (!db_column_null(st, 7) &&
		    p->crisis_line_count < PROGRAM_MAX_CRISIS_LINES)
			p->crisis_lines[p->crisis_line_count++] =
			    (struct crisis_line){db_column_dup(st, a, 7),
			                         db_column_dup(st, a, 8)};
	}
	*count = n;
	return db_end(db, st);
}

#define PROGRAM_COLUMNS                                                        \
	"SELECT p.id, p.name, p.kind, p.time_zone, p.unit_rounding,"           \
	" p.created_at, p.updated_at, c.label, c.number, p.require_two_step,"  \
	" p.wellness_plan_label, p.part2, p.referral_overdue_days"             \
	" FROM programs p LEFT JOIN program_crisis_lines c"                    \
	" ON c.program_id = p.id"

enum db_status program_get(struct db *db, struct arena *a, int64_t id,
                           struct program *out)
{
	int n = 0;
	enum db_status s = read_rows(
	    db,
	    db_query(db, PROGRAM_COLUMNS " WHERE p.id = ? ORDER BY c.position",
	             DB_INT(id)),
	    a, out, 1, &n);
	return s != DB_DONE ? s : n ? DB_ROW : DB_DONE;
}

enum db_status program_list(struct db *db, struct arena *a, int64_t after,
                            int limit, struct program **out, int *count)
{
	*out = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof **out);
	return read_rows(db,
	                 db_query(db,
	                          PROGRAM_COLUMNS
	                          " WHERE p.id IN (SELECT id FROM programs"
	                          "  WHERE id > ? ORDER BY id LIMIT ?)"
	                          " ORDER BY p.id, c.position",
	                          DB_INT(after), DB_INT(limit)),
	                 a, *out, limit, count);
}

/* The latest signed_at of the program's notes ("" when none). */
static enum db_status last_signed(struct db *db, struct arena *a, int64_t id,
                                  const char **at)
{
	enum db_status s =
	    db_one_text(db, a,
	                "SELECT COALESCE(MAX(c.signed_at), '') FROM contacts c"
	                " JOIN teams t ON t.id = c.team_id"
	                " WHERE t.program_id = ? AND c.state = 'signed'",
	                at, DB_INT(id));
	return s == DB_ROW ? DB_OK : s;
}

enum db_status program_rounding_earliest(struct db *db, const struct program *p,
                                         char out[PROGRAM_DATE_SIZE])
{
	struct arena a = {0};
	const char *at;
	char signed_on[PROGRAM_DATE_SIZE];
	enum db_status s = last_signed(db, &a, p->id, &at);
	if (program_local_date(p->time_zone, NULL, out))
		snprintf(out, PROGRAM_DATE_SIZE, "%s", "");
	if (s == DB_OK && *at &&
	    !program_local_date(p->time_zone, at, signed_on) &&
	    strcmp(signed_on, out) >= 0)
		program_next_day(signed_on, out);
	arena_free(&a);
	return s;
}

/* The first moment a change of rule counts from, in *from; refused
 * (DB_CONSTRAINT, *e on the date) without a date, or when a signed note
 * of the program has reached it. */
static enum db_status rounding_from(struct db *db, struct arena *a, int64_t id,
                                    const struct program *p,
                                    const struct program_edit *ed,
                                    char from[CLOCK_STAMP_SIZE],
                                    struct field_error *e)
{
	const char *date = ed && ed->rounding_from ? ed->rounding_from : "";
	if (!*date) {
		field_fail(e, "unit_rounding_from",
		           "New billing units from is required when the "
		           "billing units change: notes signed from that date "
		           "use the new rule.");
		return DB_CONSTRAINT;
	}
	if (program_day_start(p->time_zone, date, from)) {
		field_fail(e, "unit_rounding_from",
		           program_edit_fields[0].message);
		return DB_CONSTRAINT;
	}
	const char *at;
	enum db_status s = last_signed(db, a, id, &at);
	if (s != DB_OK || !*at || strcmp(at, from) < 0)
		return s;
	char on[PROGRAM_DATE_SIZE], next[PROGRAM_DATE_SIZE];
	if (program_local_date(p->time_zone, at, on))
		snprintf(on, sizeof on, "%.10s", at);
	program_next_day(on, next);
	field_fail(e, "unit_rounding_from",
	           arena_sprintf(a,
	                         "New billing units from must be %s or later: "
	                         "a note signed on %s keeps the units it was "
	                         "signed with.",
	                         next, on));
	return DB_CONSTRAINT;
}

static bool same(const char *x, const char *y)
{
	return !strcmp(x ? x : "", y ? y : "");
}

/* What changed from old to p, for the audit entry: the fields' names
 * (and the new rule with its date); never free text. */
static const char *changes(struct arena *a, const struct program *old,
                           const struct program *p, const char *rule_from)
{
	struct buf b = {0};
	const char *names[] = {"name", "kind", "time_zone",
	                       "wellness_plan_label"};
	const char *was[] = {old->name, old->kind, old->time_zone,
	                     old->wellness_plan_label};
	const char *now[] = {p->name, p->kind, p->time_zone,
	                     p->wellness_plan_label};
	for (int i = 0; i < 4; i++)
		if (!same(was[i], now[i]))
			buf_printf(&b, "%s%s", b.len ? ", " : "", names[i]);
	if (old->require_two_step != p->require_two_step)
		buf_printf(&b, "%srequire_two_step %s", b.len ? ", " : "",
		           p->require_two_step ? "on" : "off");
	if (old->part2 != p->part2)
		buf_printf(&b, "%spart2 %s", b.len ? ", " : "",
		           p->part2 ? "on" : "off");
	if (p->referral_overdue_days > 0 &&
	    old->referral_overdue_days != p->referral_overdue_days)
		buf_printf(&b, "%sreferral_overdue_days %d", b.len ? ", " : "",
		           p->referral_overdue_days);
	if (rule_from)
		buf_printf(&b, "%sunit_rounding %s from %s", b.len ? ", " : "",
		           p->unit_rounding, rule_from);
	bool lines = old->crisis_line_count != p->crisis_line_count;
	for (int i = 0; !lines && i < p->crisis_line_count; i++)
		lines = !same(old->crisis_lines[i].label,
		              p->crisis_lines[i].label) ||
		        !same(old->crisis_lines[i].number,
		              p->crisis_lines[i].number);
	if (lines)
		buf_printf(&b, "%scrisis_lines", b.len ? ", " : "");
	/* the same codes, in any order */
	bool codes = old->service_code_count != p->service_code_count;
	for (int i = 0; !codes && i < p->service_code_count; i++) {
		codes = true;
		for (int j = 0; codes && j < old->service_code_count; j++)
			codes = !same(old->service_codes[j].kind,
			              p->service_codes[i].kind) ||
			        !same(old->service_codes[j].code,
			              p->service_codes[i].code);
	}
	if (codes)
		buf_printf(&b, "%sservice_codes", b.len ? ", " : "");
	const char *out = arena_strdup(a, b.len ? b.data : "no change");
	buf_free(&b);
	return out;
}

enum db_status program_update(struct db *db, struct arena *a,
                              const struct actor *who, int64_t id,
                              const struct program *p,
                              const struct program_edit *ed,
                              struct field_error *e)
{
	char now[CLOCK_STAMP_SIZE], from[CLOCK_STAMP_SIZE] = "";
	clock_now_utc(now);
	struct program old;
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	/* read in the write transaction: the rule compared is the one
	 * replaced */
	s = program_get(db, a, id, &old);
	if (s == DB_ROW) {
		old.id = id;
		s = program_codes_get(db, a, &old);
	}
	bool rule_changed =
	    s == DB_OK && strcmp(old.unit_rounding, p->unit_rounding);
	if (rule_changed)
		s = rounding_from(db, a, id, p, ed, from, e);
	if (s == DB_OK) {
		s = db_run(
		    db,
		    "UPDATE programs SET name = ?, kind = ?,"
		    " time_zone = ?, unit_rounding = ?,"
		    " require_two_step = ?, wellness_plan_label = ?,"
		    " part2 = ?, referral_overdue_days = CASE WHEN ? > 0"
		    " THEN ? ELSE referral_overdue_days END, updated_at = ?"
		    " WHERE id = ?",
		    DB_TEXT(p->name), DB_TEXT(p->kind), DB_TEXT(p->time_zone),
		    DB_TEXT(p->unit_rounding), DB_BOOL(p->require_two_step),
		    DB_TEXT(p->wellness_plan_label ? p->wellness_plan_label
		                                   : ""),
		    DB_BOOL(p->part2), DB_INT(p->referral_overdue_days),
		    DB_INT(p->referral_overdue_days), DB_TEXT(now), DB_INT(id));
		if (s == DB_CONSTRAINT)
			field_fail(e, "name",
			           "A program with this name already exists.");
	}
	if (s == DB_OK && rule_changed)
		s = db_run(
		    db,
		    "INSERT INTO program_rounding_rules (program_id, rule,"
		    " effective_on, effective_from, changed_by,"
		    " changed_at) VALUES (?, ?, ?, ?, ?, ?)",
		    DB_INT(id), DB_TEXT(p->unit_rounding),
		    DB_TEXT(ed->rounding_from), DB_TEXT(from),
		    DB_ID_OR_NULL(who->user_id), DB_TEXT(now));
	if (s == DB_OK)
		s = write_lists(db, id, p);
	if (s == DB_OK) {
		char entity[24];
		snprintf(entity, sizeof entity, "%lld", (long long)id);
		s = audit_append(
		    db, who,
		    &(struct audit_entry){
		        "update", "program", entity, 0, "success",
		        changes(a, &old, p,
		                rule_changed ? ed->rounding_from : NULL)});
	}
	if (s != DB_OK) {
		db_rollback(db);
		return s == DB_ROW ? DB_ERROR : s;
	}
	return db_commit(db);
}

enum db_status program_codes_get(struct db *db, struct arena *a,
                                 struct program *p)
{
	struct db_stmt *st =
	    db_query(db,
	             "SELECT kind, code FROM program_service_codes"
	             " WHERE program_id = ? ORDER BY kind",
	             DB_INT(p->id));
	p->service_code_count = 0;
	while (db_row(st) && p->service_code_count < PROGRAM_MAX_CODES)
		p->service_codes[p->service_code_count++] =
		    (struct program_code){db_column_dup(st, a, 0),
		                          db_column_dup(st, a, 1)};
	enum db_status s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}

static const struct db_col change_cols[] = {
    DB_COL_TEXT(struct rounding_change, rule),
    DB_COL_TEXT(struct rounding_change, effective_on),
    DB_COL_TEXT(struct rounding_change, changed_by),
    DB_COL_TEXT(struct rounding_change, changed_at),
};

enum db_status program_rounding_history(struct db *db, struct arena *a,
                                        int64_t id,
                                        struct rounding_change **out,
                                        int *count)
{
	enum db_status s = db_read_list(
	    db,
	    db_query(db,
	             "SELECT r.rule, r.effective_on, COALESCE(u.name, ''),"
	             " r.changed_at FROM program_rounding_rules r"
	             " LEFT JOIN users u ON u.id = r.changed_by"
	             " WHERE r.program_id = ? ORDER BY r.id DESC LIMIT 100",
	             DB_INT(id)),
	    a, DB_COLS(change_cols), sizeof **out, 100, (void **)out, count);
	return s == DB_DONE ? DB_OK : s;
}
