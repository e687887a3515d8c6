/* service_sums.c — see service_sums.h. */
#include "service_sums.h"
#include "../../core/arena.h"
#include "../../core/buf.h"
#include "../../core/local_time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void service_week_of(const char *date, char out[11])
{
	/* 1970-01-05 was a Monday */
	int days = local_days_between("1970-01-05", date);
	int back = ((days % 7) + 7) % 7;
	local_add_days(date, -back, out);
}

void service_month_of(const char *date, char out[11])
{
	snprintf(out, 11, "%.7s-01", date);
}

/* list with person's count moved by sign, into out: "id:n,…" (an entry
 * whose count reaches 0 goes; a new person is appended). */
static void persons_change(const char *list, int64_t person, int sign,
                           struct buf *out)
{
	bool found = false;
	const char *p = list;
	while (*p) {
		char *end;
		long long id = strtoll(p, &end, 10);
		long long n = *end == ':' ? strtoll(end + 1, &end, 10) : 0;
		if (id == person) {
			found = true;
			n += sign;
		}
		if (n > 0)
			buf_printf(out, "%s%lld:%lld", out->len ? "," : "", id,
			           n);
		p = *end == ',' ? end + 1 : end;
		if (end == p && *p)
			break; /* not a list: left as read so far */
	}
	if (!found && sign > 0)
		buf_printf(out, "%s%lld:1", out->len ? "," : "",
		           (long long)person);
}

/* One cell: f's figures moved by sign in the cell of span starting on
 * start. */
static enum db_status cell_add(struct db *db, const char *span,
                               const char *start, const struct service_fact *f,
                               int sign)
{
#define CELL_KEY                                                               \
	" team_id = ? AND span = ? AND contact_on = ? AND staff_id = ?"        \
	" AND kind = ? AND place = ? AND counted = ?"
#define CELL_ARGS                                                              \
	DB_INT(f->team_id), DB_TEXT(span), DB_TEXT(start),                     \
	    DB_INT(f->staff_id), DB_TEXT(f->kind), DB_TEXT(f->place),          \
	    DB_BOOL(f->counted)
	struct db_stmt *st = db_query(db,
	                              "SELECT contacts, minutes, units, persons"
	                              " FROM service_sums WHERE" CELL_KEY,
	                              CELL_ARGS);
	struct buf persons = {0};
	bool had = db_row(st);
	int64_t contacts = sign, minutes = sign * f->minutes,
	        units = sign * f->units;
	if (had) {
		contacts += db_column_int(st, 0);
		minutes += db_column_int(st, 1);
		units += db_column_int(st, 2);
		if (f->person_id)
			persons_change(db_column_text(st, 3), f->person_id,
			               sign, &persons);
		else
			buf_puts(&persons, db_column_text(st, 3));
	} else if (f->person_id && sign > 0) {
		persons_change("", f->person_id, sign, &persons);
	}
	enum db_status s = db_end(db, st);
	if (s != DB_DONE && s != DB_ROW)
		goto out;
	const char *list = persons.data ? persons.data : "";
	if (had && contacts <= 0)
		s = db_run(db, "DELETE FROM service_sums WHERE" CELL_KEY,
		           CELL_ARGS);
	else if (had)
		s = db_run(db,
		           "UPDATE service_sums SET contacts = ?, minutes = ?,"
		           " units = ?, persons = ? WHERE" CELL_KEY,
		           DB_INT(contacts), DB_INT(minutes), DB_INT(units),
		           DB_TEXT(list), CELL_ARGS);
	else if (sign > 0)
		s = db_run(
		    db,
		    "INSERT INTO service_sums (team_id, span, contact_on,"
		    " staff_id, kind, place, counted, contacts, minutes,"
		    " units, persons) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
		    " ?, ?)",
		    CELL_ARGS, DB_INT(contacts), DB_INT(minutes), DB_INT(units),
		    DB_TEXT(list));
	else
		s = DB_OK; /* nothing to take from */
#undef CELL_KEY
#undef CELL_ARGS
out:
	buf_free(&persons);
	return s;
}

enum db_status service_sums_add(struct db *db, const struct service_fact *f,
                                int sign)
{
	char week[11], month[11];
	service_week_of(f->contact_on, week);
	service_month_of(f->contact_on, month);
	enum db_status s = cell_add(db, "day", f->contact_on, f, sign);
	if (s == DB_OK)
		s = cell_add(db, "week", week, f, sign);
	if (s == DB_OK)
		s = cell_add(db, "month", month, f, sign);
	return s;
}

#define FACT_COLUMNS                                                           \
	"team_id, staff_id, person_id, contact_on, kind, place, minutes,"      \
	" units, counted"

static void fact_from(struct db_stmt *st, struct service_fact *f)
{
	*f = (struct service_fact){
	    .team_id = db_column_int(st, 0),
	    .staff_id = db_column_int(st, 1),
	    .person_id = db_column_null(st, 2) ? 0 : db_column_int(st, 2),
	    .minutes = db_column_int(st, 6),
	    .units = db_column_int(st, 7),
	    .counted = db_column_int(st, 8) != 0};
	snprintf(f->contact_on, sizeof f->contact_on, "%s",
	         db_column_text(st, 3));
	snprintf(f->kind, sizeof f->kind, "%s", db_column_text(st, 4));
	snprintf(f->place, sizeof f->place, "%s", db_column_text(st, 5));
}

enum db_status service_sums_fact_read(struct db *db, int64_t id,
                                      struct service_fact *f)
{
	struct db_stmt *st = db_query(db,
	                              "SELECT " FACT_COLUMNS " FROM"
	                              " service_facts WHERE contact_id = ?",
	                              DB_INT(id));
	bool found = db_row(st);
	if (found)
		fact_from(st, f);
	enum db_status s = db_end(db, st);
	if (s != DB_DONE && s != DB_ROW)
		return s;
	return found ? DB_ROW : DB_DONE;
}

enum db_status service_sums_person_follow(struct db *db, int64_t person)
{
	/* the rows first (a statement stays open while others run on
	 * neither database's connection) */
	struct service_fact *facts = NULL;
	int64_t *ids = NULL;
	int n = 0, room = 0;
	struct db_stmt *st = db_query(
	    db,
	    "SELECT " FACT_COLUMNS ", contact_id FROM service_facts WHERE"
	    " contact_id IN (SELECT id FROM contacts WHERE person_id = ?)"
	    " AND (person_id IS NULL OR person_id <> ?)",
	    DB_INT(person), DB_INT(person));
	while (db_row(st)) {
		if (n == room) {
			room = room ? room * 2 : 16;
			facts = xrealloc(facts, (size_t)room * sizeof *facts);
			ids = xrealloc(ids, (size_t)room * sizeof *ids);
		}
		fact_from(st, &facts[n]);
		ids[n++] = db_column_int(st, 9);
	}
	enum db_status s = db_end(db, st);
	s = s == DB_DONE || s == DB_ROW ? DB_OK : s;
	for (int i = 0; i < n && s == DB_OK; i++) {
		s = service_sums_add(db, &facts[i], -1);
		facts[i].person_id = person;
		if (s == DB_OK)
			s = service_sums_add(db, &facts[i], 1);
		if (s == DB_OK)
			s = db_run(
			    db,
			    "UPDATE service_facts SET person_id = ? WHERE"
			    " contact_id = ?",
			    DB_INT(person), DB_INT(ids[i]));
	}
	free(facts);
	free(ids);
	return s;
}
