/* service_report.c — see service_report.h. */
#include "service_report.h"
#include "../../core/buf.h"
#include "../../core/local_time.h"
#include "../notes/contact.h"
#include "../service_sums/service_sums.h"

#include <stdio.h>
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

/* The cells in scope (service_sums.h, alias c, the team t) of one span
 * whose start is in the scope's period: counted, or every one with
 * ?unsigned=1.  Columns: the key (or '' where it is the cell's start's,
 * computed here), start, kind, contacts, minutes, units, persons. */
#define CELLS(key)                                                             \
	"SELECT " key ", c.contact_on, c.kind, c.contacts, c.minutes,"         \
	" c.units, c.persons FROM service_sums c JOIN teams t ON t.id ="       \
	" c.team_id WHERE c.span = ? AND (c.counted = 1 OR ? = 1) "            \
	"AND " REPORT_SCOPE_WHERE
#define CELL_ARGS(span, s)                                                     \
	DB_TEXT(span), DB_INT((s)->with_unsigned), REPORT_SCOPE_ARGS(s)

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

static struct db_stmt *cells(struct db *db, struct arena *a,
                             const struct report_scope *s, enum service_by by,
                             const char *span)
{
	switch (by) {
	case BY_PROGRAM:
		return db_query(db, CELLS("t.program_id"), CELL_ARGS(span, s));
	case BY_TEAM:
		return db_query(db, CELLS("c.team_id"), CELL_ARGS(span, s));
	case BY_STAFF:
		return db_query(db, CELLS("c.staff_id"), CELL_ARGS(span, s));
	case BY_SERVICE_CODE:
		/* the code as the billing export bills it now */
		return db_query(
		    db,
		    CELLS("CASE WHEN ? LIKE '%,' || c.kind || ',%' "
		          "THEN " BILLING_CODE_SQL("t.program_id",
		                                   "c.kind") " ELSE '' END"),
		    DB_TEXT(billable_kinds(a)), CELL_ARGS(span, s));
	case BY_KIND:
		return db_query(db, CELLS("c.kind"), CELL_ARGS(span, s));
	case BY_PLACE:
		return db_query(db, CELLS("c.place"), CELL_ARGS(span, s));
	case BY_MONTH:
	case BY_WEEK:
	case BY_COUNT:
		break;
	}
	return db_query(db, CELLS("''"), CELL_ARGS(span, s));
}

/* The persons of a row: a bitmap in chunks of 65,536 ids, made as ids
 * come, so that a union of lists costs a bit per entry. */
struct person_set {
	uint64_t **chunks;
	size_t n_chunks;
	int64_t count;
};

static void person_set_add(struct person_set *p, int64_t id)
{
	if (id <= 0)
		return;
	size_t c = (size_t)((uint64_t)id >> 16);
	if (c >= p->n_chunks) {
		size_t n = c + 1 > p->n_chunks * 2 ? c + 1 : p->n_chunks * 2;
		p->chunks = xrealloc(p->chunks, n * sizeof *p->chunks);
		memset(p->chunks + p->n_chunks, 0,
		       (n - p->n_chunks) * sizeof *p->chunks);
		p->n_chunks = n;
	}
	if (!p->chunks[c])
		p->chunks[c] = xcalloc(1024, sizeof(uint64_t));
	uint64_t *w = &p->chunks[c][(id & 0xffff) >> 6];
	uint64_t bit = (uint64_t)1 << (id & 63);
	if (!(*w & bit)) {
		*w |= bit;
		p->count++;
	}
}

static void person_set_free(struct person_set *p)
{
	for (size_t i = 0; i < p->n_chunks; i++)
		free(p->chunks[i]);
	free(p->chunks);
	*p = (struct person_set){0};
}

/* The rows as they are counted: found by key through an open hash. */
struct tally {
	struct service_row *rows;
	struct person_set *persons;
	int n, cap;
	int *slots; /* index + 1 into rows; 0 free */
	int n_slots;
	struct service_row total;
	struct person_set total_persons;
};

static unsigned hash_key(const char *k)
{
	unsigned h = 2166136261u;
	for (; *k; k++)
		h = (h ^ (unsigned char)*k) * 16777619u;
	return h;
}

static int tally_find(struct tally *t, struct arena *a, const char *key)
{
	if (2 * (t->n + 1) > t->n_slots) {
		int n = t->n_slots ? t->n_slots * 2 : 64;
		int *slots = xcalloc((size_t)n, sizeof *slots);
		for (int i = 0; i < t->n; i++) {
			unsigned h =
			    hash_key(t->rows[i].key) & (unsigned)(n - 1);
			while (slots[h])
				h = (h + 1) & (unsigned)(n - 1);
			slots[h] = i + 1;
		}
		free(t->slots);
		t->slots = slots;
		t->n_slots = n;
	}
	unsigned h = hash_key(key) & (unsigned)(t->n_slots - 1);
	while (t->slots[h]) {
		if (!strcmp(t->rows[t->slots[h] - 1].key, key))
			return t->slots[h] - 1;
		h = (h + 1) & (unsigned)(t->n_slots - 1);
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->rows = xrealloc(t->rows, (size_t)t->cap * sizeof *t->rows);
		t->persons =
		    xrealloc(t->persons, (size_t)t->cap * sizeof *t->persons);
	}
	t->rows[t->n] = (struct service_row){.key = arena_strdup(a, key)};
	t->persons[t->n] = (struct person_set){0};
	t->slots[h] = t->n + 1;
	return t->n++;
}

static void tally_free(struct tally *t)
{
	for (int i = 0; i < t->n; i++)
		person_set_free(&t->persons[i]);
	person_set_free(&t->total_persons);
	free(t->rows);
	free(t->persons);
	free(t->slots);
}

/* Adds one cell's figures and persons ("id:n,…") to its row and the
 * total. */
static void tally_cell(struct tally *t, int row, const char *kind,
                       int64_t contacts, int64_t minutes, int64_t units,
                       const char *persons)
{
	bool drop_in = !strcmp(kind, "peer_desk");
	struct service_row *rows[] = {&t->rows[row], &t->total};
	for (int i = 0; i < 2; i++) {
		rows[i]->value[drop_in ? FIG_DROP_INS : FIG_CONTACTS] +=
		    contacts;
		rows[i]->value[FIG_MINUTES] += minutes;
		rows[i]->value[FIG_UNITS] += units;
	}
	const char *p = persons;
	while (*p) {
		int64_t id = 0;
		while (*p >= '0' && *p <= '9')
			id = id * 10 + (*p++ - '0');
		person_set_add(&t->persons[row], id);
		person_set_add(&t->total_persons, id);
		while (*p && *p != ',')
			p++; /* ":n" */
		if (*p == ',')
			p++;
	}
}

/* Reads one span's cells in [from, to] into t. */
static enum db_status tally_span(struct db *db, struct arena *a,
                                 const struct report_scope *scope,
                                 enum service_by by, const char *span,
                                 const char *from, const char *to,
                                 struct tally *t)
{
	struct report_scope s = *scope;
	s.from = from;
	s.to = to;
	struct db_stmt *q = cells(db, a, &s, by, span);
	char key[11];
	while (db_row(q)) {
		const char *k = db_column_text(q, 0);
		const char *start = db_column_text(q, 1);
		if (by == BY_MONTH) {
			snprintf(key, sizeof key, "%.7s", start);
			k = key;
		} else if (by == BY_WEEK) {
			service_week_of(start, key);
			k = key;
		}
		int row = tally_find(t, a, k);
		tally_cell(t, row, db_column_text(q, 2), db_column_int(q, 3),
		           db_column_int(q, 4), db_column_int(q, 5),
		           db_column_text(q, 6));
	}
	return db_end(db, q);
}

/* The month after date's (its first day). */
static void next_month(const char *date, char out[11])
{
	unsigned y = (unsigned)atoi(date), m = (unsigned)atoi(date + 5);
	snprintf(out, 11, "%04u-%02u-01", (m >= 12 ? y + 1 : y) % 10000u,
	         (m >= 12 ? 1 : m + 1) % 100u);
}

/* The unit (week or month) after the one starting on start. */
static void unit_next(bool week, const char *start, char out[11])
{
	if (week)
		local_add_days(start, 7, out);
	else
		next_month(start, out);
}

/* The period as whole months (whole weeks, by week) read from their
 * cells, and the days before and after them from the days' cells; a
 * period with no whole one is its days. */
static enum db_status tally_period(struct db *db, struct arena *a,
                                   const struct report_scope *s,
                                   enum service_by by, struct tally *t)
{
	bool week = by == BY_WEEK;
	char first[11], last[11], after_last[11], day[11];
	/* the first unit starting on or after from */
	if (week)
		service_week_of(s->from, first);
	else
		service_month_of(s->from, first);
	if (strcmp(first, s->from) < 0)
		unit_next(week, first, first);
	/* the last unit ending on or before to */
	local_add_days(s->to, 1, day);
	if (week)
		service_week_of(day, after_last);
	else
		service_month_of(day, after_last);
	local_add_days(after_last, -1, day);
	if (week)
		service_week_of(day, last);
	else
		service_month_of(day, last);
	if (strcmp(first, last) > 0)
		return tally_span(db, a, s, by, "day", s->from, s->to, t);
	enum db_status st = DB_DONE;
	if (strcmp(s->from, first) < 0) {
		local_add_days(first, -1, day);
		st = tally_span(db, a, s, by, "day", s->from, day, t);
	}
	if (st == DB_DONE)
		st = tally_span(db, a, s, by, week ? "week" : "month", first,
		                last, t);
	if (st == DB_DONE && strcmp(after_last, s->to) <= 0)
		st = tally_span(db, a, s, by, "day", after_last, s->to, t);
	return st;
}

/* Rows in key order, as the keys' SQL type orders them: ids as numbers,
 * the rest as text. */
static int rows_by_number(const void *x, const void *y)
{
	long long a = atoll(((const struct service_row *)x)->key);
	long long b = atoll(((const struct service_row *)y)->key);
	return a < b ? -1 : a > b;
}
static int rows_by_text(const void *x, const void *y)
{
	return strcmp(((const struct service_row *)x)->key,
	              ((const struct service_row *)y)->key);
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

enum db_status service_report_run(struct db *db, struct arena *a,
                                  const struct report_scope *s,
                                  enum service_by by, bool share,
                                  struct service_report *out)
{
	*out = (struct service_report){.by = by, .share = share};
	enum db_status st = threshold_of(db, s, &out->threshold);
	if (st != DB_OK)
		return st;
	struct tally t = {0};
	st = tally_period(db, a, s, by, &t);
	if (st != DB_DONE)
		goto out;
	for (int i = 0; i < t.n; i++)
		t.rows[i].value[FIG_PERSONS] = t.persons[i].count;
	t.total.value[FIG_PERSONS] = t.total_persons.count;
	out->n = t.n;
	out->rows = arena_alloc(a, (size_t)(t.n ? t.n : 1) * sizeof *out->rows);
	if (t.n)
		memcpy(out->rows, t.rows, (size_t)t.n * sizeof *out->rows);
	qsort(out->rows, (size_t)out->n, sizeof *out->rows,
	      by == BY_PROGRAM || by == BY_TEAM || by == BY_STAFF
	          ? rows_by_number
	          : rows_by_text);
	out->total = t.total;
	out->total.key = "";
	out->total.label = "Total";
	st = DB_OK;
	for (int i = 0; i < out->n; i++) {
		enum db_status ls = label_of(db, a, by, &out->rows[i]);
		if (ls != DB_ROW) {
			st = ls;
			goto out;
		}
		if (share)
			suppress(&out->rows[i], out->threshold);
	}
	if (share)
		suppress(&out->total, out->threshold);
out:
	tally_free(&t);
	return st;
}
