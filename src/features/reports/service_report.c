/* service_report.c — see service_report.h. */
#include "service_report.h"
#include "../../core/buf.h"
#include "../notes/contact.h"

#include <stdlib.h>
#include <string.h>

const struct choice service_by_choices[BY_COUNT] = {
    [BY_PROGRAM] = {"program", "Program"},
    [BY_TEAM] = {"team", "Team"},
    [BY_STAFF] = {"staff", "Staff member"},
    [BY_SERVICE_CODE] = {"service_code", "Service code"},
    [BY_KIND] = {"kind", "Kind of contact"},
    [BY_PLACE] = {"place", "Place"},
    [BY_MONTH] = {"month", "Month"},
    [BY_WEEK] = {"week", "Week"},
};

const char *const service_figure_names[FIG_COUNT] = {
    "contacts", "persons_served", "minutes", "billable_units", "drop_ins"};
const char *const service_figure_headings[FIG_COUNT] = {
    "Contacts", "Persons served", "Minutes", "Billable units",
    "Peer Desk drop-ins"};

int service_by_read(const char *by)
{
	if (!by || !*by)
		return BY_MONTH;
	for (int i = 0; i < BY_COUNT; i++)
		if (!strcmp(by, service_by_choices[i].code))
			return i;
	return -1;
}

/* The figures' columns, after the key; the facts (alias c, the team t)
 * in scope: counted, or every one with ?unsigned=1. */
#define FIGURES                                                                \
	" SUM(CASE WHEN c.kind <> 'peer_desk' THEN 1 ELSE 0 END),"             \
	" COUNT(DISTINCT c.person_id), SUM(c.minutes), SUM(c.units),"          \
	" SUM(CASE WHEN c.kind = 'peer_desk' THEN 1 ELSE 0 END)"
#define FACTS_IN_SCOPE                                                         \
	" FROM service_facts c JOIN teams t ON t.id = c.team_id WHERE"         \
	" (c.counted = 1 OR ? = 1) AND " REPORT_SCOPE_WHERE
#define GROUPED(key)                                                           \
	"SELECT " key " AS k," FIGURES FACTS_IN_SCOPE " GROUP BY k ORDER BY k"
#define SCOPE_ARGS(s) DB_INT((s)->with_unsigned), REPORT_SCOPE_ARGS(s)

/* ",individual,phone,…,": the billable kinds, whose contacts bill their
 * program's code (BILLING_CODE_SQL) — the others have none. */
static const char *billable_kinds(struct arena *a)
{
	struct buf b = {0};
	buf_puts(&b, ",");
	for (int i = 0; i < contact_kind_count; i++)
		if (contact_kinds[i].billable)
			buf_printf(&b, "%s,", contact_kinds[i].code);
	const char *out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

static struct db_stmt *grouped(struct db *db, struct arena *a,
                               const struct report_scope *s, enum service_by by)
{
	switch (by) {
	case BY_PROGRAM:
		return db_query(db, GROUPED("t.program_id"), SCOPE_ARGS(s));
	case BY_TEAM:
		return db_query(db, GROUPED("c.team_id"), SCOPE_ARGS(s));
	case BY_STAFF:
		return db_query(db, GROUPED("c.staff_id"), SCOPE_ARGS(s));
	case BY_SERVICE_CODE:
		/* the code as the billing export bills it now */
		return db_query(
		    db,
		    GROUPED("CASE WHEN ? LIKE '%,' || c.kind || ',%' "
		            "THEN " BILLING_CODE_SQL("t.program_id",
		                                     "c.kind") " ELSE '' END"),
		    DB_TEXT(billable_kinds(a)), SCOPE_ARGS(s));
	case BY_KIND:
		return db_query(db, GROUPED("c.kind"), SCOPE_ARGS(s));
	case BY_PLACE:
		return db_query(db, GROUPED("c.place"), SCOPE_ARGS(s));
	case BY_WEEK:
		return db_query(db, GROUPED("c.week_on"), SCOPE_ARGS(s));
	case BY_MONTH:
	case BY_COUNT:
		break;
	}
	return db_query(db, GROUPED("substr(c.contact_on, 1, 7)"),
	                SCOPE_ARGS(s));
}

static const char *const months[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

/* A row's label: a name read by id, a choice's label, a month's name. */
static enum db_status label_of(struct db *db, struct arena *a,
                               enum service_by by, struct service_row *row)
{
	const char *k = row->key;
	enum db_status s = DB_ROW;
	row->label = k;
	switch (by) {
	case BY_PROGRAM:
		s = db_one_text(db, a, "SELECT name FROM programs WHERE id = ?",
		                &row->label, DB_INT(atoll(k)));
		break;
	case BY_TEAM:
		s = db_one_text(db, a, "SELECT name FROM teams WHERE id = ?",
		                &row->label, DB_INT(atoll(k)));
		break;
	case BY_STAFF:
		s = db_one_text(db, a, "SELECT name FROM users WHERE id = ?",
		                &row->label, DB_INT(atoll(k)));
		break;
	case BY_SERVICE_CODE:
		if (!*k)
			row->label = "No service code";
		break;
	case BY_KIND:
		row->label =
		    choice_label(contact_kind_choices, contact_kind_count, k);
		break;
	case BY_PLACE:
		row->label = *k ? choice_label(contact_locations,
		                               contact_location_count, k)
		                : "No place recorded";
		break;
	case BY_MONTH:
		if (strlen(k) == 7 && atoi(k + 5) >= 1 && atoi(k + 5) <= 12)
			row->label = arena_sprintf(a, "%s %.4s",
			                           months[atoi(k + 5) - 1], k);
		break;
	case BY_WEEK:
		row->label = arena_sprintf(a, "Week of %s", k);
		break;
	case BY_COUNT:
		break;
	}
	return s == DB_DONE ? DB_ROW : s;
}

/* The highest small-cell threshold of the programs in scope. */
static enum db_status threshold_of(struct db *db, const struct report_scope *s,
                                   int *out)
{
	int64_t t = 11;
	enum db_status st = db_one_int(
	    db,
	    "SELECT COALESCE(MAX(g.small_cell_threshold), 11) FROM programs g"
	    " WHERE (? = 0 OR g.id = ?) AND g.id IN (SELECT t.program_id FROM"
	    " teams t WHERE (? = 0 OR t.id = ?) AND (? = 0 OR t.id IN"
	    " (SELECT tm.team_id FROM team_members tm WHERE tm.user_id = ?)))",
	    &t, DB_INT(s->program_id), DB_INT(s->program_id),
	    DB_INT(s->team_id), DB_INT(s->team_id), DB_INT(s->member_id),
	    DB_INT(s->member_id));
	*out = (int)t;
	return st == DB_ROW ? DB_OK : st;
}

static void suppress(struct service_row *row, int threshold)
{
	for (int f = 0; f < FIG_COUNT; f++)
		row->suppressed[f] =
		    row->value[f] > 0 && row->value[f] < threshold;
}

static void read_figures(struct db_stmt *st, int from, struct service_row *row)
{
	for (int f = 0; f < FIG_COUNT; f++)
		row->value[f] = db_column_int(st, from + f);
}

enum db_status service_report_run(struct db *db, struct arena *a,
                                  const struct report_scope *s,
                                  enum service_by by, bool share,
                                  struct service_report *out)
{
	*out = (struct service_report){.by = by, .share = share};
	enum db_status st = threshold_of(db, s, &out->threshold);
	if (st != DB_OK)
		return st;
	struct db_stmt *q = grouped(db, a, s, by);
	int cap = 0;
	while (db_row(q)) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 16;
			struct service_row *more =
			    arena_alloc(a, (size_t)cap * sizeof *more);
			if (out->n)
				memcpy(more, out->rows,
				       (size_t)out->n * sizeof *more);
			out->rows = more;
		}
		struct service_row *row = &out->rows[out->n++];
		*row = (struct service_row){.key = db_column_dup(q, a, 0)};
		read_figures(q, 1, row);
	}
	st = db_end(db, q);
	if (st != DB_DONE)
		return st;
	q = db_query(db, "SELECT ''," FIGURES FACTS_IN_SCOPE, SCOPE_ARGS(s));
	if (db_row(q))
		read_figures(q, 1, &out->total);
	st = db_end(db, q);
	if (st != DB_DONE)
		return st;
	out->total.key = "";
	out->total.label = "Total";
	for (int i = 0; i < out->n; i++) {
		st = label_of(db, a, by, &out->rows[i]);
		if (st != DB_ROW)
			return st;
		if (share)
			suppress(&out->rows[i], out->threshold);
	}
	if (share)
		suppress(&out->total, out->threshold);
	return DB_OK;
}
