/* program_store.c — programs in the database (see program.h).  One
 * transaction writes a program and its crisis lines; one query reads a page
 * of programs with their lines. */
#include "../../core/clock.h"
#include "program.h"

#include <stdio.h>
#include <string.h>

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
	    " created_at, updated_at, require_two_step)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    id, DB_TEXT(p->name), DB_TEXT(p->kind), DB_TEXT(p->time_zone),
	    DB_TEXT(p->unit_rounding), DB_TEXT(now), DB_TEXT(now),
	    DB_BOOL(p->require_two_step));
	for (int i = 0; s == DB_OK && i < p->crisis_line_count; i++)
		s = db_run(db,
		           "INSERT INTO program_crisis_lines"
		           " (program_id, position, label, number)"
		           " VALUES (?, ?, ?, ?)",
		           DB_INT(*id), DB_INT(i + 1),
		           DB_TEXT(p->crisis_lines[i].label),
		           DB_TEXT(p->crisis_lines[i].number));
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
	" p.created_at, p.updated_at, c.label, c.number, p.require_two_step"   \
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
