/* search_store.c — the directory's search statements (resource_search.h).
 *
 * Each filter is in every statement, switched off by its first argument,
 * so that the statements stay literals: one per way of searching (words
 * or not, near a point or not) and, for words, per database.  Near a
 * point, the entries are read within a circle that widens until the page
 * is full: inside the circle the order by distance is exact, and its box
 * lets the (latitude, longitude) index skip the rest. */
#include "resource_search.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EARTH_KM 6371.0088

#define HIT_COLS                                                               \
	"SELECT e.id, e.service_id, COALESCE(e.location_id, ''), e.name,"      \
	" e.organization, e.address, e.phone, e.languages, e.cost, e.alert,"   \
	" e.free, e.accessible, e.recovery_friendly, e.peer_run,"              \
	" COALESCE(CAST(e.latitude AS TEXT), ''),"                             \
	" COALESCE(CAST(e.longitude AS TEXT), ''), "
#define DOT                                                                    \
	"(e.cx * CAST(? AS DOUBLE PRECISION) + e.cy * CAST(? AS DOUBLE"        \
	" PRECISION) + e.cz * CAST(? AS DOUBLE PRECISION))"
#define NEAR_WHERE                                                             \
	" AND e.latitude BETWEEN CAST(? AS DOUBLE PRECISION) AND CAST(? AS"    \
	" DOUBLE PRECISION) AND e.longitude BETWEEN CAST(? AS DOUBLE"          \
	" PRECISION) AND CAST(? AS DOUBLE PRECISION) AND " DOT                 \
	" >= CAST(? AS DOUBLE PRECISION)"
#define FILTERS                                                                \
	" AND (? = '' OR EXISTS (SELECT 1 FROM resource_terms t WHERE"         \
	" t.entry_id = e.id AND t.term_id = ?))"                               \
	" AND (? = '' OR EXISTS (SELECT 1 FROM resource_langs l WHERE"         \
	" l.entry_id = e.id AND l.lang = ?))"                                  \
	" AND (? = 0 OR e.free = 1) AND (? = 0 OR e.accessible = 1)"           \
	" AND (? = 0 OR e.recovery_friendly = 1) AND (? = 0 OR e.peer_run = "  \
	"1)"                                                                   \
	" AND (? < 0 OR EXISTS (SELECT 1 FROM resource_hours h WHERE"          \
	" h.entry_id = e.id AND h.day = ? AND h.opens <= ? AND h.closes > ?"   \
	" AND h.valid_from <= ? AND h.valid_to >= ?))"
#define PAGE " LIMIT ? OFFSET ?"

static int filter_args(const struct resource_query *q, struct db_arg *args)
{
	int n = 0;
	args[n++] = DB_TEXT(q->category);
	args[n++] = DB_TEXT(q->category);
	args[n++] = DB_TEXT(q->language);
	args[n++] = DB_TEXT(q->language);
	args[n++] = DB_BOOL(q->free);
	args[n++] = DB_BOOL(q->accessible);
	args[n++] = DB_BOOL(q->recovery_friendly);
	args[n++] = DB_BOOL(q->peer_run);
	args[n++] = DB_INT(q->open_day);
	args[n++] = DB_INT(q->open_day);
	args[n++] = DB_TEXT(q->open_to);
	args[n++] = DB_TEXT(q->open_from);
	args[n++] = DB_TEXT(q->open_date);
	args[n++] = DB_TEXT(q->open_date);
	return n;
}

/* Ranking many matches by bm25 costs about a microsecond each (25 ms for
 * a word in a third of a state's directory): above this many, SQLite
 * ranks only the entries whose name has the words, and lists the others
 * after them by name (search_ranked). */
enum { RANK_ALL_MAX = 1000 };

/* The ways of reading a page; the last one only on SQLite: the entries
 * whose words match (all but the name's matches) by name, read in the
 * name's order until the page is full. */
enum way { BY_NAME, BY_DISTANCE, BY_RANK, BY_RANK_NEAR, BY_NAME_MATCHING };

static struct db_stmt *statement(struct db *db, enum way way)
{
	bool pg = db_kind(db) == DB_POSTGRES;
	bool words = way == BY_RANK || way == BY_RANK_NEAR;
	bool near = way == BY_DISTANCE || way == BY_RANK_NEAR;
	if (way == BY_NAME_MATCHING)
		return db_prepare(db, HIT_COLS
		                  "0 FROM resource_entries e WHERE +e.id IN"
		                  " (SELECT rowid FROM resource_fts WHERE"
		                  " resource_fts MATCH ?)" FILTERS
		                  " ORDER BY e.name_key, e.id" PAGE);
	if (!words && !near)
		return db_prepare(db,
		                  HIT_COLS "0 FROM resource_entries e WHERE"
		                           " 1 = 1" FILTERS
		                           " ORDER BY e.name_key, e.id" PAGE);
	if (!words)
		return db_prepare(db,
		                  HIT_COLS DOT " FROM resource_entries e"
		                               " WHERE 1 = 1" NEAR_WHERE FILTERS
		                               " ORDER BY 17 DESC, e.id" PAGE);
	if (pg && near)
		return db_prepare(db, HIT_COLS DOT
		                  " FROM resource_entries e WHERE e.words @@"
		                  " to_tsquery('simple', ?)" NEAR_WHERE FILTERS
		                  " ORDER BY 17 DESC, e.id" PAGE);
	if (pg)
		return db_prepare(
		    db,
		    HIT_COLS "0 FROM resource_entries e WHERE e.words @@"
		             " to_tsquery('simple', ?)" FILTERS
		             " ORDER BY ts_rank(e.words, to_tsquery('simple',"
		             " ?)) DESC, e.name_key, e.id" PAGE);
	if (near)
		return db_prepare(
		    db, HIT_COLS DOT
		    " FROM resource_fts f JOIN resource_entries e ON"
		    " e.id = f.rowid WHERE resource_fts MATCH ?" NEAR_WHERE
		        FILTERS " ORDER BY 17 DESC, e.id" PAGE);
	return db_prepare(
	    db, HIT_COLS "0 FROM resource_fts f JOIN resource_entries e ON e.id"
	                 " = f.rowid WHERE resource_fts MATCH ?" FILTERS
	                 " ORDER BY bm25(resource_fts, 4.0, 1.0), e.name_key,"
	                 " e.id" PAGE);
}

static const char *num(struct arena *a, double v)
{
	return arena_sprintf(a, "%.17g", v);
}

/* Today's opening hours of an entry: "09:00–12:00, 13:00–17:00". */
static enum db_status hours_today(struct db *db, struct arena *a,
                                  const struct resource_query *q,
                                  struct resource_hit *h)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT opens, closes FROM resource_hours WHERE entry_id = ? AND"
	    " day = ? AND valid_from <= ? AND valid_to >= ? ORDER BY opens",
	    DB_INT(h->entry), DB_INT(q->today), DB_TEXT(q->today_date),
	    DB_TEXT(q->today_date));
	char text[160] = "";
	size_t len = 0;
	while (db_row(st))
		if (len + 16 < sizeof text)
			len += (size_t)snprintf(
			    text + len, sizeof text - len, "%s%s\xe2\x80\x93%s",
			    len ? ", " : "", db_column_text(st, 0),
			    db_column_text(st, 1));
	h->hours_today = arena_strdup(a, text);
	return db_end(db, st);
}

/* One try: up to limit hits from offset appended to out (room for
 * q->limit + 1), within radius km of the point (any distance when radius
 * is 0), or without a point. */
static enum db_status try_search(struct db *db, struct arena *a,
                                 const struct resource_query *q,
                                 const char *words, double radius, enum way way,
                                 int limit, int64_t offset,
                                 struct resource_hit *out, int *n)
{
	struct db_arg args[48];
	int k = 0;
	double la = q->lat * M_PI / 180, lo = q->lon * M_PI / 180;
	const char *px = num(a, cos(la) * cos(lo)),
	           *py = num(a, cos(la) * sin(lo)), *pz = num(a, sin(la));
	bool pg = db_kind(db) == DB_POSTGRES;
	if (q->near) {
		args[k++] = DB_TEXT(px);
		args[k++] = DB_TEXT(py);
		args[k++] = DB_TEXT(pz);
	}
	if (words)
		args[k++] = DB_TEXT(words);
	if (q->near) {
		double lat0 = -90, lat1 = 90, lon0 = -180, lon1 = 180, min = -2;
		if (radius > 0) {
			double dlat = radius / (EARTH_KM * M_PI / 180);
			double c = cos(la);
			lat0 = q->lat - dlat;
			lat1 = q->lat + dlat;
			double dlon = c > 0.01 ? dlat / c : 360;
			if (lat0 > -89 && lat1 < 89 && q->lon - dlon > -180 &&
			    q->lon + dlon < 180) {
				lon0 = q->lon - dlon;
				lon1 = q->lon + dlon;
			}
			min = cos(radius / EARTH_KM);
		}
		args[k++] = DB_TEXT(num(a, lat0));
		args[k++] = DB_TEXT(num(a, lat1));
		args[k++] = DB_TEXT(num(a, lon0));
		args[k++] = DB_TEXT(num(a, lon1));
		args[k++] = DB_TEXT(px);
		args[k++] = DB_TEXT(py);
		args[k++] = DB_TEXT(pz);
		args[k++] = DB_TEXT(num(a, min));
	}
	k += filter_args(q, args + k);
	if (words && pg && !q->near)
		args[k++] = DB_TEXT(words);
	args[k++] = DB_INT(limit);
	args[k++] = DB_INT(offset);
	struct db_stmt *st = db_bind_args(statement(db, way), args, k);
	int end = *n + limit;
	while (*n < end && db_row(st)) {
		struct resource_hit *h = &out[(*n)++];
		h->entry = db_column_int(st, 0);
		h->service_id = db_column_dup(st, a, 1);
		h->location_id = db_column_dup(st, a, 2);
		h->name = db_column_dup(st, a, 3);
		h->organization = db_column_dup(st, a, 4);
		h->address = db_column_dup(st, a, 5);
		h->phone = db_column_dup(st, a, 6);
		h->languages = db_column_dup(st, a, 7);
		h->cost = db_column_dup(st, a, 8);
		h->alert = db_column_dup(st, a, 9);
		h->free = db_column_bool(st, 10);
		h->accessible = db_column_bool(st, 11);
		h->recovery_friendly = db_column_bool(st, 12);
		h->peer_run = db_column_bool(st, 13);
		h->lat = db_column_dup(st, a, 14);
		h->lon = db_column_dup(st, a, 15);
		if (q->near) {
			double dot = atof(db_column_text(st, 16));
			h->has_distance = true;
			h->km = EARTH_KM * acos(dot > 1    ? 1
			                        : dot < -1 ? -1
			                                   : dot);
		}
	}
	return db_end(db, st);
}

/* Many matches (SQLite): the entries whose name has every word, ranked
 * by bm25, then the rest by name.  *done false when the words match few
 * enough entries to rank them all. */
static enum db_status search_ranked(struct db *db, struct arena *a,
                                    const struct resource_query *q,
                                    const char *const *w, int nw,
                                    struct resource_hit *out, int *n,
                                    bool *done)
{
	const char *all = search_fts5_query(a, w, nw);
	int64_t matches = 0;
	*done = false;
	enum db_status s =
	    db_one_int(db,
	               "SELECT COUNT(*) FROM (SELECT 1 FROM resource_fts WHERE"
	               " resource_fts MATCH ? LIMIT ?)",
	               &matches, DB_TEXT(all), DB_INT(RANK_ALL_MAX + 1));
	if (s != DB_ROW)
		return s;
	if (matches <= RANK_ALL_MAX)
		return DB_DONE;
	*done = true;
	const char *named = arena_sprintf(a, "name : (%s)", all);
	const char *rest = arena_sprintf(a, "(%s) NOT %s", all, named);
	*n = 0;
	s = try_search(db, a, q, named, 0, BY_RANK, q->limit + 1, q->offset,
	               out, n);
	if (s != DB_DONE || *n > q->limit)
		return s;
	/* the rest from where the page is past the name's matches */
	int64_t skip = 0;
	if (!*n && q->offset > 0) {
		int64_t before = 0;
		struct db_arg args[24];
		int k = 0;
		args[k++] = DB_TEXT(named);
		k += filter_args(q, args + k);
		struct db_stmt *st = db_bind_args(
		    db_prepare(db, "SELECT COUNT(*) FROM resource_fts f JOIN"
		                   " resource_entries e ON e.id = f.rowid"
		                   " WHERE resource_fts MATCH ?" FILTERS),
		    args, k);
		if (db_row(st))
			before = db_column_int(st, 0);
		if ((s = db_end(db, st)) != DB_DONE)
			return s;
		skip = q->offset - before;
	}
	return try_search(db, a, q, rest, 0, BY_NAME_MATCHING,
	                  q->limit + 1 - *n, skip, out, n);
}

enum db_status resource_search(struct db *db, struct arena *a,
                               const struct resource_query *q,
                               struct resource_hit **out, int *n, bool *more)
{
	const char *w[SEARCH_WORDS_MAX];
	int nw = search_words(a, q->q, w);
	const char *words = NULL;
	if (nw)
		words = db_kind(db) == DB_POSTGRES
		            ? search_tsquery(a, w, nw)
		            : search_fts5_query(a, w, nw);
	static const double radii[] = {2, 10, 50, 250, 1000, 0};
	enum db_status s = DB_DONE;
	enum way way = words ? (q->near ? BY_RANK_NEAR : BY_RANK)
	                     : (q->near ? BY_DISTANCE : BY_NAME);
	*out = arena_alloc(a, (size_t)(q->limit + 1) * sizeof **out);
	bool ranked = false;
	if (way == BY_RANK && db_kind(db) == DB_SQLITE &&
	    (s = search_ranked(db, a, q, w, nw, *out, n, &ranked)) != DB_DONE)
		return s;
	for (size_t i = 0; !ranked && i < sizeof radii / sizeof *radii; i++) {
		*n = 0;
		s = try_search(db, a, q, words, q->near ? radii[i] : 0, way,
		               q->limit + 1, q->offset, *out, n);
		if (s != DB_DONE || !q->near || *n > q->limit)
			break;
	}
	if (s != DB_DONE)
		return s;
	*more = *n > q->limit;
	if (*more)
		*n = q->limit;
	for (int i = 0; i < *n; i++)
		if ((s = hours_today(db, a, q, &(*out)[i])) != DB_DONE)
			return s;
	return DB_DONE;
}

enum db_status resource_terms_top(struct db *db, struct arena *a,
                                  struct resource_term **out, int *n)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT id, COALESCE(code, ''), name FROM hsds_taxonomy_terms"
	    " WHERE (parent_id IS NULL OR parent_id = '') AND EXISTS (SELECT 1"
	    " FROM resource_terms t WHERE t.term_id = hsds_taxonomy_terms.id)"
	    " ORDER BY name, id LIMIT 60");
	int room = 0;
	*out = NULL;
	*n = 0;
	while (db_row(st)) {
		struct resource_term *t = ARENA_NEXT(a, *out, *n, room);
		t->id = db_column_dup(st, a, 0);
		t->code = db_column_dup(st, a, 1);
		t->name = db_column_dup(st, a, 2);
	}
	return db_end(db, st);
}
