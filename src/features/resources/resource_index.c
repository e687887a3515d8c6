/* resource_index.c — see resource_index.h.
 *
 * A service is indexed as one entry per location it is offered at (one
 * without a location when it has none): what a search result shows
 * (name, organization, address, first phone, languages, cost, flags) and
 * what the filters ask (free, accessible, languages, taxonomy terms with
 * their ancestors, weekly opening hours), beside the words the full-text
 * index holds: FTS5 on SQLite, a tsvector on PostgreSQL over words folded
 * here (search_words.c).  Inactive and defunct services are left out. */
#include "resource_index.h"
#include "resource_index_rows.h"
#include "../../core/arena.h"
#include "../../core/buf.h"
#include "resource_search.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { TERMS_MAX = 64, LANGS_MAX = 48, HOURS_MAX = 64 };

struct hours {
	int day; /* 0 Sunday … 6 Saturday */
	char opens[6], closes[6];
	const char *from, *to;
};

/* What every entry of a service shares. */
struct service_doc {
	const struct ix_service *s;
	bool free;
	struct buf cost, words;
	const char *terms[TERMS_MAX];
	int nterms;
	const char *langs[LANGS_MAX]; /* lower case and folded */
	const char *lang_names[LANGS_MAX];
	int nlangs, nlang_names;
};

static bool seen(const char *const *list, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(list[i], s))
			return true;
	return false;
}

/* The languages of a service or a location, added to the lists. */
static void add_lang(struct arena *a, const char **langs, int *n,
                     const char **names, int *nn, const char *name,
                     const char *code)
{
	const char *keys[2] = {code, name};
	for (int k = 0; k < 2; k++) {
		if (!*keys[k])
			continue;
		const char *f = search_fold(a, keys[k]);
		if (*f && *n < LANGS_MAX && !seen(langs, *n, f))
			langs[(*n)++] = f;
	}
	const char *shown = *name ? name : code;
	if (*shown && *nn < LANGS_MAX && !seen(names, *nn, shown))
		names[(*nn)++] = shown;
}

/* The service's taxonomy terms and their ancestors: ids for the filter,
 * names for the words. */
static enum db_status doc_terms(struct ix_source *src, struct arena *a,
                                struct service_doc *d)
{
	const char *parents[TERMS_MAX];
	int np = 0;
	const struct ix_service *s = d->s;
	for (int i = 0; i < s->nterms && d->nterms < TERMS_MAX; i++) {
		const struct ix_term *t = &s->terms[i];
		if (seen(d->terms, d->nterms, t->id))
			continue;
		d->terms[d->nterms++] = t->id;
		buf_printf(&d->words, " %s", t->name);
		if (*t->parent && np < TERMS_MAX)
			parents[np++] = t->parent;
	}
	/* ancestors: a taxonomy is shallow, and a cycle stops at the cap */
	for (int i = 0; i < np && d->nterms < TERMS_MAX; i++) {
		if (seen(d->terms, d->nterms, parents[i]))
			continue;
		struct ix_term t;
		bool found;
		enum db_status r = ix_term_find(src, a, parents[i], &t, &found);
		if (r != DB_DONE)
			return r;
		if (found) {
			d->terms[d->nterms++] = parents[i];
			buf_printf(&d->words, " %s", t.name);
			if (*t.parent && np < TERMS_MAX)
				parents[np++] = t.parent;
		}
	}
	return DB_DONE;
}

/* Cost: free when an option costs nothing or says so (or the fees
 * description does); else the options as written. */
static void doc_cost(struct arena *a, struct service_doc *d)
{
	const struct ix_service *s = d->s;
	for (int i = 0; i < s->ncosts; i++) {
		const struct ix_cost *c = &s->costs[i];
		double amount = c->has_amount ? atof(c->amount) : 0;
		if ((c->has_amount && amount == 0) ||
		    strstr(search_fold(a, c->option), "free"))
			d->free = true;
		if (d->cost.len)
			buf_puts(&d->cost, "; ");
		buf_puts(&d->cost, c->option);
		if (c->has_amount && amount != 0)
			buf_printf(&d->cost, "%s%.2f%s%s",
			           *c->option ? " " : "", amount,
			           *c->currency ? " " : "", c->currency);
		if (*c->description)
			buf_printf(&d->cost, " (%s)", c->description);
	}
	if (!strncmp(search_fold(a, s->fees), "free", 4))
		d->free = true;
	if (!d->cost.len && *s->fees)
		buf_puts(&d->cost, s->fees);
}

/* One weekly schedule row into opening hours per day. */
static int parse_days(const char *byday, const char *freq, bool days[7])
{
	static const char *const names[7] = {"SU", "MO", "TU", "WE",
	                                     "TH", "FR", "SA"};
	int n = 0;
	memset(days, 0, 7 * sizeof *days);
	if (!strcasecmp(freq, "daily")) {
		for (int i = 0; i < 7; i++)
			days[i] = true;
		return 7;
	}
	if (*freq && strcasecmp(freq, "weekly"))
		return 0; /* monthly and the rest are not weekly hours */
	for (const char *p = byday; *p;) {
		while (*p &&
		       !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
			p++;
		for (int i = 0; i < 7 && p[0] && p[1]; i++)
			if (!strncasecmp(p, names[i], 2) && !days[i]) {
				days[i] = true;
				n++;
			}
		while (*p && *p != ',')
			p++;
	}
	return n;
}

/* "9:00", "09:00", "09:00:00" → "09:00"; false when it is none. */
static bool clock_time(const char *s, char out[6])
{
	int h, m;
	if (sscanf(s, "%d:%d", &h, &m) != 2 || h < 0 || h > 24 || m < 0 ||
	    m > 59 || (h == 24 && m))
		return false;
	snprintf(out, 6, "%02d:%02d", h, m);
	return true;
}

static void add_hours(struct hours *list, int *n, int day, const char *opens,
                      const char *closes, const char *from, const char *to)
{
	if (*n >= HOURS_MAX)
		return;
	struct hours *h = &list[(*n)++];
	h->day = day;
	memcpy(h->opens, opens, 6);
	memcpy(h->closes, closes, 6);
	h->from = from;
	h->to = to;
}

/* One weekly schedule's hours added to the list. */
static void sched_hours(const struct ix_sched *sc, struct hours *list, int *n)
{
	bool days[7];
	char opens[6], closes[6];
	if (!parse_days(sc->byday, sc->freq, days) ||
	    !clock_time(sc->opens, opens) || !clock_time(sc->closes, closes))
		return;
	const char *to = *sc->to ? sc->to : "9999-12-31";
	for (int d = 0; d < 7; d++) {
		if (!days[d])
			continue;
		if (strcmp(closes, opens) > 0) {
			add_hours(list, n, d, opens, closes, sc->from, to);
		} else { /* past midnight: split at it */
			add_hours(list, n, d, opens, "24:00", sc->from, to);
			if (strcmp(closes, "00:00"))
				add_hours(list, n, (d + 1) % 7, "00:00", closes,
				          sc->from, to);
		}
	}
}

/* The schedules that say when an entry is open: the service at that
 * location's own, else the service's (without a location, or for that
 * one), else the location's. */
static enum db_status entry_hours(struct ix_source *src, struct arena *a,
                                  const struct ix_service *s,
                                  const struct ix_place *p, struct hours *list,
                                  int *n)
{
	struct ix_sched *rows;
	int nr;
	enum db_status r;
	*n = 0;
	if (*p->sal_id) {
		if ((r = ix_sal_scheds(src, a, p->sal_id, &rows, &nr)) !=
		    DB_DONE)
			return r;
		for (int i = 0; i < nr; i++)
			sched_hours(&rows[i], list, n);
	}
	if (!*n)
		for (int i = 0; i < s->nscheds; i++)
			if (!s->scheds[i].location_id ||
			    !strcmp(s->scheds[i].location_id, p->location_id))
				sched_hours(&s->scheds[i], list, n);
	if (!*n && *p->location_id) {
		if ((r = ix_location_scheds(src, a, p->location_id, &rows,
		                            &nr)) != DB_DONE)
			return r;
		for (int i = 0; i < nr; i++)
			sched_hours(&rows[i], list, n);
	}
	return DB_DONE;
}
/* The rows under the entries (and SQLite's words).  PostgreSQL gets them
 * WRITE_ROWS at a time, a round trip each; what they point to lives until
 * the flush.  SQLite writes each at once, in a statement of one row: a
 * statement that writes several rows (or returns one) keeps a journal of
 * every page it touches, to undo itself should a later row fail, which
 * cost more than the statements it saved.  For the same reason an entry's
 * id is given there (the next after the largest, as SQLite would) rather
 * than returned. */
enum { WRITE_ROWS = 16 };
enum child_table { C_LANGS, C_TERMS, C_HOURS, C_WORDS, C_TABLES };
static const int child_cols[C_TABLES] = {2, 2, 6, 3};
struct pending {
	struct db_arg args[C_TABLES][WRITE_ROWS * 6];
	int rows[C_TABLES];
	int64_t next_id; /* SQLite: the next entry's id */
};

#define ROW2       "(?, ?)"
#define ROW2X4     ROW2 ", " ROW2 ", " ROW2 ", " ROW2
#define ROW2X16    ROW2X4 ", " ROW2X4 ", " ROW2X4 ", " ROW2X4
#define ROW3       "(?, ?, ?)"
#define ROW3X4     ROW3 ", " ROW3 ", " ROW3 ", " ROW3
#define ROW3X16    ROW3X4 ", " ROW3X4 ", " ROW3X4 ", " ROW3X4
#define ROW6       "(?, ?, ?, ?, ?, ?)"
#define ROW6X4     ROW6 ", " ROW6 ", " ROW6 ", " ROW6
#define ROW6X16    ROW6X4 ", " ROW6X4 ", " ROW6X4 ", " ROW6X4
#define INTO_LANGS "INSERT INTO resource_langs (entry_id, lang) VALUES "
#define INTO_TERMS "INSERT INTO resource_terms (entry_id, term_id) VALUES "
#define INTO_HOURS                                                             \
	"INSERT INTO resource_hours (entry_id, day, opens, closes,"            \
	" valid_from, valid_to) VALUES "
#define INTO_WORDS "INSERT INTO resource_fts (rowid, name, words) VALUES "

/* Rows of table t: WRITE_ROWS of them (full), or one. */
static enum db_status write_rows(struct db *db, enum child_table t,
                                 const struct db_arg *args, bool full)
{
	struct db_stmt *st = NULL;
	switch (t) {
	case C_LANGS:
		st = full ? db_prepare(db, INTO_LANGS ROW2X16)
		          : db_prepare(db, INTO_LANGS ROW2);
		break;
	case C_TERMS:
		st = full ? db_prepare(db, INTO_TERMS ROW2X16)
		          : db_prepare(db, INTO_TERMS ROW2);
		break;
	case C_HOURS:
		st = full ? db_prepare(db, INTO_HOURS ROW6X16)
		          : db_prepare(db, INTO_HOURS ROW6);
		break;
	case C_WORDS:
		st = full ? db_prepare(db, INTO_WORDS ROW3X16)
		          : db_prepare(db, INTO_WORDS ROW3);
		break;
	case C_TABLES:
		break;
	}
	st = db_bind_args(st, args, child_cols[t] * (full ? WRITE_ROWS : 1));
	db_row(st);
	enum db_status s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}

static enum db_status pending_add(struct db *db, struct pending *p,
                                  enum child_table t, const struct db_arg *row)
{
	if (db_kind(db) == DB_SQLITE)
		return write_rows(db, t, row, false);
	int cols = child_cols[t];
	memcpy(&p->args[t][p->rows[t] * cols], row, (size_t)cols * sizeof *row);
	if (++p->rows[t] < WRITE_ROWS)
		return DB_OK;
	p->rows[t] = 0;
	return write_rows(db, t, p->args[t], true);
}

/* Ready to write: SQLite's next entry id. */
static enum db_status pending_start(struct db *db, struct pending *p)
{
	memset(p->rows, 0, sizeof p->rows);
	p->next_id = 1;
	if (db_kind(db) != DB_SQLITE)
		return DB_OK;
	enum db_status s = db_one_int(
	    db, "SELECT COALESCE(MAX(id), 0) + 1 FROM resource_entries",
	    &p->next_id);
	return s == DB_ROW ? DB_OK : s == DB_DONE ? DB_ERROR : s;
}

/* The rows left, one at a time. */
static enum db_status pending_flush(struct db *db, struct pending *p)
{
	enum db_status s = DB_OK;
	for (int t = 0; t < C_TABLES; t++) {
		for (int i = 0; s == DB_OK && i < p->rows[t]; i++)
			s = write_rows(db, (enum child_table)t,
			               &p->args[t][i * child_cols[t]], false);
		p->rows[t] = 0;
	}
	return s;
}

/* One entry written with everything under it. */
static enum db_status write_entry(struct ix_source *src, struct arena *a,
                                  struct pending *out, struct service_doc *d,
                                  const struct ix_place *p)
{
	struct db *db = src->db;
	const struct ix_service *sv = d->s;
	const char *langs[LANGS_MAX], *names[LANGS_MAX];
	int nl = d->nlangs, nn = d->nlang_names;
	memcpy(langs, d->langs, sizeof langs);
	memcpy(names, d->lang_names, sizeof names);
	enum db_status s;
	if (*p->location_id) {
		struct ix_lang *rows;
		int nr;
		if ((s = ix_location_langs(src, a, p->location_id, &rows,
		                           &nr)) != DB_DONE)
			return s;
		for (int i = 0; i < nr; i++)
			add_lang(a, langs, &nl, names, &nn, rows[i].name,
			         rows[i].code);
	}
	struct buf shown = {0};
	for (int i = 0; i < nn; i++)
		buf_printf(&shown, "%s%s", i ? ", " : "", names[i]);
	const char *phone = sv->phone ? sv->phone : p->phone;
	const char *cx = NULL, *cy = NULL, *cz = NULL;
	if (*p->lat && *p->lon) {
		double la = atof(p->lat) * M_PI / 180,
		       lo = atof(p->lon) * M_PI / 180;
		cx = arena_sprintf(a, "%.17g", cos(la) * cos(lo));
		cy = arena_sprintf(a, "%.17g", cos(la) * sin(lo));
		cz = arena_sprintf(a, "%.17g", sin(la));
	}
	const char *name = sv->name;
	const char *words =
	    arena_sprintf(a, "%s %s %s %s %s%s", sv->alternate, sv->description,
	                  sv->organization, p->location_name, p->address,
	                  d->words.data ? d->words.data : "");
	const char *cost = d->free ? "Free" : d->cost.data ? d->cost.data : "";
	int64_t id = out->next_id;
	if (db_kind(db) == DB_SQLITE) {
		s = db_run(
		    db,
		    "INSERT INTO resource_entries (id, service_id, location_id,"
		    " name, name_key, organization, address, latitude,"
		    " longitude, cx, cy, cz, phone, languages, cost, free,"
		    " accessible, recovery_friendly, peer_run, alert) VALUES"
		    " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		    " ?)",
		    DB_INT(id), DB_TEXT(sv->id),
		    DB_TEXT(*p->location_id ? p->location_id : NULL),
		    DB_TEXT(name), DB_TEXT(search_fold(a, name)),
		    DB_TEXT(sv->organization), DB_TEXT(p->address),
		    DB_TEXT(cx ? p->lat : NULL), DB_TEXT(cx ? p->lon : NULL),
		    DB_TEXT(cx), DB_TEXT(cy), DB_TEXT(cz),
		    DB_TEXT(phone ? phone : ""),
		    DB_TEXT(shown.data ? shown.data : ""), DB_TEXT(cost),
		    DB_BOOL(d->free), DB_BOOL(p->accessible),
		    DB_BOOL(sv->recovery_friendly), DB_BOOL(sv->peer_run),
		    DB_TEXT(sv->alert));
		out->next_id++;
	} else /* the words in the same statement: no second version of the row
	        */
		s = db_run_returning_id(
		    db,
		    "INSERT INTO resource_entries (service_id, location_id,"
		    " name, name_key, organization, address, latitude,"
		    " longitude, cx, cy, cz, phone, languages, cost, free,"
		    " accessible, recovery_friendly, peer_run, alert, words)"
		    " VALUES (?, ?, ?, ?, ?, ?, CAST(? AS DOUBLE PRECISION),"
		    " CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION),"
		    " CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION),"
		    " ?, ?, ?, ?, ?, ?, ?, ?, setweight(to_tsvector('simple',"
		    " ?), 'A') || to_tsvector('simple', ?)) RETURNING id",
		    &id, DB_TEXT(sv->id),
		    DB_TEXT(*p->location_id ? p->location_id : NULL),
		    DB_TEXT(name), DB_TEXT(search_fold(a, name)),
		    DB_TEXT(sv->organization), DB_TEXT(p->address),
		    DB_TEXT(cx ? p->lat : NULL), DB_TEXT(cx ? p->lon : NULL),
		    DB_TEXT(cx), DB_TEXT(cy), DB_TEXT(cz),
		    DB_TEXT(phone ? phone : ""),
		    DB_TEXT(shown.data ? shown.data : ""), DB_TEXT(cost),
		    DB_BOOL(d->free), DB_BOOL(p->accessible),
		    DB_BOOL(sv->recovery_friendly), DB_BOOL(sv->peer_run),
		    DB_TEXT(sv->alert), DB_TEXT(search_fold_words(a, name)),
		    DB_TEXT(search_fold_words(a, words)));
	buf_free(&shown);
	for (int i = 0; s == DB_OK && i < nl; i++)
		s = pending_add(
		    db, out, C_LANGS,
		    (struct db_arg[]){DB_INT(id), DB_TEXT(langs[i])});
	for (int i = 0; s == DB_OK && i < d->nterms; i++)
		s = pending_add(
		    db, out, C_TERMS,
		    (struct db_arg[]){DB_INT(id), DB_TEXT(d->terms[i])});
	struct hours hours[HOURS_MAX];
	int nh = 0;
	if (s == DB_OK) {
		s = entry_hours(src, a, sv, p, hours, &nh);
		if (s == DB_DONE)
			s = DB_OK;
	}
	for (int i = 0; s == DB_OK && i < nh; i++)
		s = pending_add(
		    db, out, C_HOURS,
		    (struct db_arg[]){DB_INT(id), DB_INT(hours[i].day),
		                      DB_TEXT(arena_strdup(a, hours[i].opens)),
		                      DB_TEXT(arena_strdup(a, hours[i].closes)),
		                      DB_TEXT(hours[i].from),
		                      DB_TEXT(hours[i].to)});
	if (s != DB_OK || db_kind(db) != DB_SQLITE)
		return s;
	return pending_add(
	    db, out, C_WORDS,
	    (struct db_arg[]){DB_INT(id), DB_TEXT(name), DB_TEXT(words)});
}

/* A service's entries: one per location it is offered at, or one without
 * a location (the organization's phone) when it has none.  Inactive and
 * defunct services have none. */
static enum db_status index_service(struct ix_source *src, struct arena *a,
                                    struct pending *out,
                                    const struct ix_service *sv)
{
	if (!strcasecmp(sv->status, "inactive") ||
	    !strcasecmp(sv->status, "defunct"))
		return DB_OK;
	struct service_doc d = {.s = sv};
	enum db_status s = doc_terms(src, a, &d);
	if (s == DB_DONE) {
		doc_cost(a, &d);
		for (int i = 0; i < sv->nlangs; i++)
			add_lang(a, d.langs, &d.nlangs, d.lang_names,
			         &d.nlang_names, sv->langs[i].name,
			         sv->langs[i].code);
		s = DB_OK;
	}
	if (s == DB_OK && !sv->nplaces) {
		struct ix_place none = {"", "", "", "", "", "", "", false, 0};
		if ((s = ix_org_phone(src, a, sv->organization_id,
		                      &none.phone)) == DB_DONE)
			s = write_entry(src, a, out, &d, &none);
	}
	for (int i = 0; s == DB_OK && i < sv->nplaces; i++)
		s = write_entry(src, a, out, &d, &sv->places[i]);
	buf_free(&d.cost);
	buf_free(&d.words);
	return s;
}

enum db_status resource_index_service(struct db *db, const char *service_id)
{
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	if (db_kind(db) == DB_SQLITE)
		s = db_run(db,
		           "DELETE FROM resource_fts WHERE rowid IN (SELECT id"
		           " FROM resource_entries WHERE service_id = ?)",
		           DB_TEXT(service_id));
	if (s == DB_OK)
		s = db_run(db,
		           "DELETE FROM resource_entries WHERE service_id = ?",
		           DB_TEXT(service_id));
	struct arena a;
	arena_init(&a);
	struct ix_source src = {.db = db};
	struct ix_service sv;
	struct pending out;
	if (s == DB_OK)
		s = pending_start(db, &out);
	if (s == DB_OK) {
		s = ix_service_read(db, &a, service_id, &sv);
		s = s == DB_ROW    ? index_service(&src, &a, &out, &sv)
		    : s == DB_DONE ? DB_OK
		                   : s;
	}
	if (s == DB_OK)
		s = pending_flush(db, &out);
	arena_free(&a);
	if (s != DB_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db);
}

/* How many services a rebuild reads at once: a few statements each, the
 * memory of a few thousand services. */
enum { BATCH_SERVICES = 2000 };

/* The entries of every service, read in batches of ids. */
static enum db_status index_every(struct db *db, struct arena *keep)
{
	struct ix_source src = {.db = db};
	enum db_status s = ix_source_load_all(&src, keep);
	const char **ids = NULL;
	int n = 0, room = 0;
	struct pending out;
	if (s == DB_DONE && (s = pending_start(db, &out)) == DB_OK)
		s = DB_DONE;
	if (s == DB_DONE) {
		struct db_stmt *st =
		    db_query(db, "SELECT id FROM hsds_services ORDER BY id");
		while (db_row(st))
			*ARENA_NEXT(keep, ids, n, room) =
			    db_column_dup(st, keep, 0);
		s = db_end(db, st);
	}
	for (int i = 0; s == DB_DONE && i < n; i += BATCH_SERVICES) {
		int last = i + BATCH_SERVICES < n ? i + BATCH_SERVICES : n;
		struct arena a;
		arena_init(&a);
		struct ix_service *list;
		int got;
		s = ix_services_read(db, &a, ids[i], ids[last - 1], &list,
		                     &got);
		enum db_status w = DB_OK;
		for (int k = 0; s == DB_DONE && w == DB_OK && k < got; k++)
			w = index_service(&src, &a, &out, &list[k]);
		if (s == DB_DONE && w == DB_OK)
			w = pending_flush(db, &out);
		if (w != DB_OK)
			s = w;
		arena_free(&a);
	}
	return s == DB_DONE ? DB_OK : s;
}

enum db_status resource_index_all(struct db *db)
{
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	if (db_kind(db) == DB_SQLITE)
		s = db_run(db, "DELETE FROM resource_fts");
	if (s == DB_OK)
		s = db_run(db, "DELETE FROM resource_hours");
	if (s == DB_OK)
		s = db_run(db, "DELETE FROM resource_terms");
	if (s == DB_OK)
		s = db_run(db, "DELETE FROM resource_langs");
	if (s == DB_OK)
		s = db_run(db, "DELETE FROM resource_entries");
	struct arena keep;
	arena_init(&keep);
	if (s == DB_OK)
		s = index_every(db, &keep);
	arena_free(&keep);
	if (s != DB_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db);
}
