/* followup_schedule.c — see followup_schedule.h. */
#include "followup_schedule.h"
#include "../people/enrollment.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(FOLLOWUP_REASONS_MAX >= 9, "room for every discharge reason");

int followup_reason_index(const char *reason)
{
	for (int i = 0; reason && i < discharge_reason_count; i++)
		if (!strcmp(discharge_reasons[i].code, reason))
			return i + 1;
	return 0;
}

static int by_day(const void *x, const void *y)
{
	return *(const int *)x - *(const int *)y;
}

int followup_days_parse(struct arena *a, const char *text, const char *field,
                        const char *label, struct followup_days *d,
                        struct field_error *e)
{
	*d = (struct followup_days){0};
	while (isspace((unsigned char)*text))
		text++;
	if (!*text)
		return 0;
	d->set = true;
	if (!strcasecmp(text, "none"))
		return 0;
	const char *p = text;
	while (*p) {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		size_t len = strcspn(p, ", \t\r\n");
		char *end;
		long v = strtol(p, &end, 10);
		if (end != p + len || len > 5 || v < 1 || v > FOLLOWUP_DAY_LAST)
			return field_fail(
			    e, field,
			    arena_sprintf(a,
			                  "%s: each day must be a whole number "
			                  "from 1 to %d, or the list \"none\"; "
			                  "\"%.*s\" is not.",
			                  label, FOLLOWUP_DAY_LAST,
			                  (int)(len > 12 ? 12 : len), p));
		for (int i = 0; i < d->n; i++)
			if (d->day[i] == v)
				return field_fail(
				    e, field,
				    arena_sprintf(a,
				                  "%s: day %ld is given twice.",
				                  label, v));
		if (d->n == FOLLOWUP_DAYS_MAX)
			return field_fail(
			    e, field,
			    arena_sprintf(a, "%s: at most %d days.", label,
			                  FOLLOWUP_DAYS_MAX));
		d->day[d->n++] = (int)v;
		p += len;
	}
	qsort(d->day, (size_t)d->n, sizeof d->day[0], by_day);
	return 0;
}

const char *followup_days_text(struct arena *a, const struct followup_days *d)
{
	if (!d->set)
		return "";
	if (!d->n)
		return "none";
	char out[FOLLOWUP_DAYS_MAX * 7] = "";
	size_t len = 0;
	for (int i = 0; i < d->n; i++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%d",
		                        i ? ", " : "", d->day[i]);
	return arena_strdup(a, out);
}

/* The stored form: "7,30,90", or "" for none. */
static void days_stored(const struct followup_days *d, char *out, size_t size)
{
	size_t len = 0;
	out[0] = '\0';
	for (int i = 0; i < d->n; i++)
		len += (size_t)snprintf(out + len, size - len, "%s%d",
		                        i ? "," : "", d->day[i]);
}

static void days_from_stored(const char *text, struct followup_days *d)
{
	*d = (struct followup_days){.set = true};
	for (const char *p = text; *p && d->n < FOLLOWUP_DAYS_MAX;) {
		d->day[d->n++] = atoi(p);
		p += strcspn(p, ",");
		p += *p == ',';
	}
}

static void builtin_schedule(struct followup_schedule *s)
{
	*s = (struct followup_schedule){.no_contact_days =
	                                    NO_CONTACT_DAYS_DEFAULT};
	s->by_reason[0] =
	    (struct followup_days){.set = true, .n = 3, .day = {7, 30, 90}};
	s->by_reason[followup_reason_index("deceased")] =
	    (struct followup_days){.set = true};
}

enum db_status followup_schedule_get(struct db *db, int64_t program_id,
                                     struct followup_schedule *s)
{
	builtin_schedule(s);
	int64_t days;
	enum db_status st =
	    db_one_int(db, "SELECT no_contact_days FROM programs WHERE id = ?",
	               &days, DB_INT(program_id));
	if (st != DB_ROW)
		return st;
	s->no_contact_days = (int)days;
	struct db_stmt *q = db_query(db,
	                             "SELECT discharge_reason, days FROM"
	                             " followup_schedules WHERE program_id = ?",
	                             DB_INT(program_id));
	bool saved = false;
	while (db_row(q)) {
		const char *reason = db_column_text(q, 0);
		int i = followup_reason_index(reason);
		if (i == 0 && *reason)
			continue; /* a reason no longer offered */
		if (!saved) { /* a saved schedule replaces the built-in one */
			builtin_schedule(s);
			s->no_contact_days = (int)days;
			s->by_reason[followup_reason_index("deceased")] =
			    (struct followup_days){0};
			saved = true;
		}
		days_from_stored(db_column_text(q, 1), &s->by_reason[i]);
	}
	st = db_end(db, q);
	return st == DB_DONE ? DB_ROW : st;
}

enum db_status followup_schedule_save(struct db *db, int64_t program_id,
                                      const struct followup_schedule *s)
{
	enum db_status st =
	    db_run(db, "UPDATE programs SET no_contact_days = ? WHERE id = ?",
	           DB_INT(s->no_contact_days), DB_INT(program_id));
	if (st == DB_OK)
		st = db_run(
		    db, "DELETE FROM followup_schedules WHERE program_id = ?",
		    DB_INT(program_id));
	for (int i = 0; st == DB_OK && i <= discharge_reason_count; i++) {
		const struct followup_days *d = &s->by_reason[i];
		if (!d->set)
			continue;
		char days[FOLLOWUP_DAYS_MAX * 6];
		days_stored(d, days, sizeof days);
		st = db_run(db,
		            "INSERT INTO followup_schedules (program_id,"
		            " discharge_reason, days) VALUES (?, ?, ?)",
		            DB_INT(program_id),
		            DB_TEXT(i ? discharge_reasons[i - 1].code : ""),
		            DB_TEXT(days));
	}
	return st;
}

const struct followup_days *followup_days_for(const struct followup_schedule *s,
                                              const char *reason)
{
	const struct followup_days *d =
	    &s->by_reason[followup_reason_index(reason)];
	return d->set ? d : &s->by_reason[0];
}
