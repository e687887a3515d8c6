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
	struct db_stmt *st = db_prepare(
	    db, "INSERT INTO programs (name, kind, time_zone, unit_rounding,"
	        " created_at, updated_at, require_two_step)"
	        " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		goto fail;
	db_bind_text(st, 1, p->name);
	db_bind_text(st, 2, p->kind);
	db_bind_text(st, 3, p->time_zone);
	db_bind_text(st, 4, p->unit_rounding);
	db_bind_text(st, 5, now);
	db_bind_text(st, 6, now);
	db_bind_int(st, 7, p->require_two_step ? 1 : 0);
	s = db_step(st);
	if (s == DB_ROW)
		*id = db_column_int(st, 0);
	db_done(st);
	if (s != DB_ROW)
		goto fail;
	for (int i = 0; i < p->crisis_line_count; i++) {
		st = db_prepare(db, "INSERT INTO program_crisis_lines"
		                    " (program_id, position, label, number)"
		                    " VALUES (?, ?, ?, ?)");
		if (!st)
			goto fail;
		db_bind_int(st, 1, *id);
		db_bind_int(st, 2, i + 1);
		db_bind_text(st, 3, p->crisis_lines[i].label);
		db_bind_text(st, 4, p->crisis_lines[i].number);
		s = db_step(st);
		db_done(st);
		if (s != DB_DONE)
			goto fail;
	}
	char entity[24];
	snprintf(entity, sizeof entity, "%lld", (long long)*id);
	if ((s = audit_append(db, who,
	                      &(struct audit_entry){"create", "program", entity,
	                                            0, "success", ""})) !=
	    DB_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return db_last_status(db);
}

/* Reads rows of (program columns…, line label, line number) ordered by
 * program then line position into an array of programs. */
static enum db_status read_rows(struct db_stmt *st, struct arena *a,
                                struct program *out, int max, int *count)
{
	enum db_status s;
	int n = 0;
	while ((s = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int(st, 0);
		if (n == 0 || out[n - 1].id != id) {
			if (n == max)
				break;
			struct program *p = &out[n++];
			memset(p, 0, sizeof *p);
			p->id = id;
			p->name = arena_strdup(a, db_column_text(st, 1));
			p->kind = arena_strdup(a, db_column_text(st, 2));
			p->time_zone = arena_strdup(a, db_column_text(st, 3));
			p->unit_rounding =
			    arena_strdup(a, db_column_text(st, 4));
			p->created_at = arena_strdup(a, db_column_text(st, 5));
			p->updated_at = arena_strdup(a, db_column_text(st, 6));
			p->require_two_step = db_column_int(st, 9) != 0;
		}
		struct program *p = &out[n - 1];
		if (!db_column_null(st, 7) &&
		    p->crisis_line_count < PROGRAM_MAX_CRISIS_LINES)
			p->crisis_lines[p->crisis_line_count++] =
			    (struct crisis_line){
			        arena_strdup(a, db_column_text(st, 7)),
			        arena_strdup(a, db_column_text(st, 8))};
	}
	*count = n;
	return s == DB_ROW || s == DB_DONE ? DB_DONE : s;
}

enum db_status program_get(struct db *db, struct arena *a, int64_t id,
                           struct program *out)
{
	struct db_stmt *st = db_prepare(
	    db,
	    "SELECT p.id, p.name, p.kind, p.time_zone, p.unit_rounding,"
	    " p.created_at, p.updated_at, c.label, c.number, p.require_two_step"
	    " FROM programs p LEFT JOIN program_crisis_lines c"
	    " ON c.program_id = p.id WHERE p.id = ? ORDER BY c.position");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, id);
	int n = 0;
	enum db_status s = read_rows(st, a, out, 1, &n);
	db_done(st);
	if (s != DB_DONE)
		return s;
	return n ? DB_ROW : DB_DONE;
}

enum db_status program_list(struct db *db, struct arena *a, int64_t after,
                            int limit, struct program **out, int *count)
{
	struct db_stmt *st = db_prepare(
	    db,
	    "SELECT p.id, p.name, p.kind, p.time_zone, p.unit_rounding,"
	    " p.created_at, p.updated_at, c.label, c.number, p.require_two_step"
	    " FROM programs p LEFT JOIN program_crisis_lines c"
	    " ON c.program_id = p.id"
	    " WHERE p.id IN (SELECT id FROM programs WHERE id > ?"
	    "  ORDER BY id LIMIT ?)"
	    " ORDER BY p.id, c.position");
	if (!st)
		return db_last_status(db);
	db_bind_int(st, 1, after);
	db_bind_int(st, 2, limit);
	*out = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof **out);
	enum db_status s = read_rows(st, a, *out, limit, count);
	db_done(st);
	return s;
}
