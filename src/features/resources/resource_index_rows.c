/* resource_index_rows.c — see resource_index_rows.h.
 *
 * Each part of a service is one statement in two forms that differ only
 * in their WHERE: one service's id, or a range of ids (a batch).  Rows of
 * a part come ordered by the service's id and then their own, so that a
 * service's rows are together and in the same order either way; they are
 * given to their service through a map, never by comparing ids in C (the
 * database's collation decides the order, not strcmp). */
#include "resource_index_rows.h"
#include "resource_search.h"

#include <stdint.h>
#include <string.h>

enum { PLACES_MAX = 256 };

/* ---- a map of string keys to spans of an array */

static unsigned key_hash(const char *s)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void map_init(struct ix_map *m, struct arena *a, int n)
{
	m->cap = 16;
	while (m->cap < 2u * (unsigned)n)
		m->cap *= 2;
	m->keys = arena_alloc(a, m->cap * sizeof *m->keys);
	m->first = arena_alloc(a, m->cap * sizeof *m->first);
	m->count = arena_alloc(a, m->cap * sizeof *m->count);
}

/* The slot of key: its own, or the empty one it would take. */
static unsigned map_slot(const struct ix_map *m, const char *key)
{
	unsigned i = key_hash(key) & (m->cap - 1);
	while (m->keys[i] && strcmp(m->keys[i], key))
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* The first of a key's span is kept: rows come grouped by key. */
static void map_put(struct ix_map *m, const char *key, int first, int count)
{
	unsigned i = map_slot(m, key);
	if (m->keys[i])
		return;
	m->keys[i] = key;
	m->first[i] = first;
	m->count[i] = count;
}

/* The span of key: its first row, or -1 with *count 0. */
static int map_get(const struct ix_map *m, const char *key, int *count)
{
	*count = 0;
	if (!m->cap)
		return -1;
	unsigned i = map_slot(m, key);
	if (!m->keys[i])
		return -1;
	*count = m->count[i];
	return m->first[i];
}

/* Spans of rows grouped by key (keys[i] the key of row i). */
static void map_spans(struct ix_map *m, struct arena *a, const char **keys,
                      int n)
{
	map_init(m, a, n);
	for (int i = 0; i < n;) {
		int j = i + 1;
		while (j < n && !strcmp(keys[j], keys[i]))
			j++;
		map_put(m, keys[i], i, j - i);
		i = j;
	}
}

/* ---- the statements: a service's parts, by one id or a range */

#define SERVICE_COLS                                                           \
	"SELECT s.id, s.name, COALESCE(s.alternate_name, ''),"                 \
	" COALESCE(s.description, ''), COALESCE(o.name, ''),"                  \
	" COALESCE(s.alert, ''), COALESCE(s.status, ''),"                      \
	" COALESCE(s.organization_id, ''), COALESCE(s.fees_description, ''),"  \
	" s.recovery_friendly + COALESCE(o.recovery_friendly, 0),"             \
	" s.peer_run + COALESCE(o.peer_run, 0)"                                \
	" FROM hsds_services s LEFT JOIN hsds_organizations o"                 \
	" ON o.id = s.organization_id WHERE "
#define TERM_COLS                                                              \
	"SELECT x.link_id, t.id, t.name, COALESCE(t.parent_id, '')"            \
	" FROM hsds_attributes x JOIN hsds_taxonomy_terms t"                   \
	" ON t.id = x.taxonomy_term_id WHERE "
#define COST_COLS                                                              \
	"SELECT service_id, COALESCE(option, ''), amount,"                     \
	" COALESCE(currency, ''), COALESCE(amount_description, '')"            \
	" FROM hsds_cost_options WHERE "
#define LANG_COLS                                                              \
	"SELECT service_id, COALESCE(name, ''), COALESCE(code, '')"            \
	" FROM hsds_languages WHERE "
#define PHONE_COLS "SELECT service_id, number FROM hsds_phones WHERE "
/* A location's first physical address (else any), and the first phone of
 * the service at that location, else of the location alone. */
#define PLACE_COLS                                                             \
	"SELECT x.service_id, x.id, l.id, COALESCE(l.name, ''), l.latitude,"   \
	" l.longitude, EXISTS (SELECT 1 FROM hsds_accessibility c WHERE"       \
	" c.location_id = l.id), COALESCE((SELECT TRIM(COALESCE(d.address_1,"  \
	" '') || ' ' || COALESCE(d.address_2, '') || ', ' || COALESCE(d.city," \
	" '') || ', ' || COALESCE(d.state_province, '') || ' ' ||"             \
	" COALESCE(d.postal_code, '')) FROM hsds_addresses d WHERE"            \
	" d.location_id = l.id ORDER BY CASE WHEN d.address_type ="            \
	" 'physical' THEN 0 ELSE 1 END, d.id LIMIT 1), ''),"                   \
	" COALESCE((SELECT p.number FROM hsds_phones p WHERE"                  \
	" (p.service_at_location_id = x.id OR (p.location_id = l.id AND"       \
	" p.service_at_location_id IS NULL AND p.service_id IS NULL))"         \
	" AND p.number <> '' ORDER BY CASE WHEN p.service_at_location_id"      \
	" IS NULL THEN 1 ELSE 0 END, p.id LIMIT 1), '')"                       \
	" FROM hsds_service_at_location x JOIN hsds_locations l ON l.id ="     \
	" x.location_id WHERE "
/* a schedule's columns after its key */
#define SCHED_TAIL                                                             \
	" COALESCE(byday, ''), COALESCE(freq, ''), COALESCE(opens_at, ''),"    \
	" COALESCE(closes_at, ''), COALESCE(valid_from, ''),"                  \
	" COALESCE(valid_to, ''), location_id IS NULL,"                        \
	" COALESCE(location_id, '') FROM hsds_schedules WHERE "

enum part { P_SERVICE, P_TERMS, P_COSTS, P_LANGS, P_PHONE, P_PLACES, P_SCHED };

static struct db_stmt *part_statement(struct db *db, enum part p, bool range)
{
	switch (p) {
	case P_SERVICE:
		return range
		           ? db_prepare(db, SERVICE_COLS
		                        "s.id >= ? AND s.id <= ? ORDER BY s.id")
		           : db_prepare(db, SERVICE_COLS "s.id = ?");
	case P_TERMS:
		return range ? db_prepare(db, TERM_COLS
		                          "x.link_id >= ? AND x.link_id <= ?"
		                          " ORDER BY x.link_id, x.id")
		             : db_prepare(db, TERM_COLS
		                          "x.link_id = ? ORDER BY x.id");
	case P_COSTS:
		return range ? db_prepare(db, COST_COLS
		                          "service_id >= ? AND service_id <= ?"
		                          " ORDER BY service_id, id")
		             : db_prepare(db, COST_COLS
		                          "service_id = ? ORDER BY id");
	case P_LANGS:
		return range ? db_prepare(db, LANG_COLS
		                          "service_id >= ? AND service_id <= ?"
		                          " ORDER BY service_id, id")
		             : db_prepare(db, LANG_COLS
		                          "service_id = ? ORDER BY id");
	case P_PHONE:
		return range ? db_prepare(db, PHONE_COLS
		                          "service_id >= ? AND service_id <= ?"
		                          " AND number <> '' ORDER BY"
		                          " service_id, id")
		             : db_prepare(db, PHONE_COLS
		                          "service_id = ? AND number <> ''"
		                          " ORDER BY id LIMIT 1");
	case P_PLACES:
		return range ? db_prepare(db, PLACE_COLS
		                          "x.service_id >= ? AND x.service_id"
		                          " <= ? ORDER BY x.service_id, x.id")
		             : db_prepare(db, PLACE_COLS
		                          "x.service_id = ? ORDER BY x.id");
	case P_SCHED:
		return range ? db_prepare(db,
		                          "SELECT service_id," SCHED_TAIL
		                          "service_id >= ? AND service_id <= ?"
		                          " AND service_at_location_id IS NULL"
		                          " ORDER BY service_id, id")
		             : db_prepare(db, "SELECT service_id," SCHED_TAIL
		                              "service_id = ? AND"
		                              " service_at_location_id IS NULL"
		                              " ORDER BY id");
	}
	return NULL;
}

static struct db_stmt *part_query(struct db *db, enum part p, const char *first,
                                  const char *last)
{
	struct db_stmt *st = part_statement(db, p, last != NULL);
	if (last)
		return db_bind_args(st, DB_ARGS(DB_TEXT(first), DB_TEXT(last)));
	return db_bind_args(st, DB_ARGS(DB_TEXT(first)));
}

/* The services being read, found by id. */
struct batch {
	struct ix_service *list;
	int n;
	struct ix_map map;
};

/* The service of the row st is on (by its first column), or -1: looked
 * up when the id changes. */
struct owner {
	const char *key;
	int index;
};

static int row_owner(struct batch *b, struct owner *o, struct db_stmt *st,
                     struct arena *a)
{
	const char *key = db_column_text(st, 0);
	if (!o->key || strcmp(o->key, key)) {
		int count;
		o->key = arena_strdup(a, key);
		o->index = map_get(&b->map, key, &count);
	}
	return o->index;
}

/* Each service's rows of a part, grouped by the statement's order: the
 * service's list points into the part's array. */
#define GIVE_SPANS(b, rows, n, field, count)                                   \
	for (int i_ = 0; i_ < (n);) {                                          \
		int j_ = i_ + 1;                                               \
		while (j_ < (n) && (rows)[j_].owner == (rows)[i_].owner)       \
			j_++;                                                  \
		struct ix_service *s_ = &(b)->list[(rows)[i_].owner];          \
		if (!s_->field) {                                              \
			s_->field = &(rows)[i_];                               \
			s_->count = j_ - i_;                                   \
		}                                                              \
		i_ = j_;                                                       \
	}

static void read_sched(struct db_stmt *st, struct arena *a, int col,
                       struct ix_sched *s)
{
	s->byday = db_column_dup(st, a, col);
	s->freq = db_column_dup(st, a, col + 1);
	s->opens = db_column_dup(st, a, col + 2);
	s->closes = db_column_dup(st, a, col + 3);
	s->from = db_column_dup(st, a, col + 4);
	s->to = db_column_dup(st, a, col + 5);
	s->location_id =
	    db_column_bool(st, col + 6) ? NULL : db_column_dup(st, a, col + 7);
}

static enum db_status read_services(struct db *db, struct arena *a,
                                    const char *first, const char *last,
                                    struct batch *b)
{
	struct db_stmt *st = part_query(db, P_SERVICE, first, last);
	int room = 0;
	b->list = NULL;
	b->n = 0;
	while (db_row(st)) {
		struct ix_service *s = ARENA_NEXT(a, b->list, b->n, room);
		s->id = db_column_dup(st, a, 0);
		s->name = db_column_dup(st, a, 1);
		s->alternate = db_column_dup(st, a, 2);
		s->description = db_column_dup(st, a, 3);
		s->organization = db_column_dup(st, a, 4);
		s->alert = db_column_dup(st, a, 5);
		s->status = db_column_dup(st, a, 6);
		s->organization_id = db_column_dup(st, a, 7);
		s->fees = db_column_dup(st, a, 8);
		s->recovery_friendly = db_column_int(st, 9) > 0;
		s->peer_run = db_column_int(st, 10) > 0;
	}
	enum db_status r = db_end(db, st);
	if (r != DB_DONE)
		return r;
	const char **keys = arena_alloc(a, (size_t)(b->n + 1) * sizeof *keys);
	for (int i = 0; i < b->n; i++)
		keys[i] = b->list[i].id;
	map_spans(&b->map, a, keys, b->n);
	return DB_DONE;
}

static enum db_status read_terms(struct db *db, struct arena *a,
                                 const char *first, const char *last,
                                 struct batch *b)
{
	struct db_stmt *st = part_query(db, P_TERMS, first, last);
	struct owner o = {0};
	struct ix_term *rows = NULL;
	int n = 0, room = 0;
	while (db_row(st)) {
		int i = row_owner(b, &o, st, a);
		if (i < 0)
			continue;
		struct ix_term *t = ARENA_NEXT(a, rows, n, room);
		t->owner = i;
		t->id = db_column_dup(st, a, 1);
		t->name = db_column_dup(st, a, 2);
		t->parent = db_column_dup(st, a, 3);
	}
	enum db_status r = db_end(db, st);
	GIVE_SPANS(b, rows, n, terms, nterms)
	return r;
}

static enum db_status read_costs(struct db *db, struct arena *a,
                                 const char *first, const char *last,
                                 struct batch *b)
{
	struct db_stmt *st = part_query(db, P_COSTS, first, last);
	struct owner o = {0};
	struct ix_cost *rows = NULL;
	int n = 0, room = 0;
	while (db_row(st)) {
		int i = row_owner(b, &o, st, a);
		if (i < 0)
			continue;
		struct ix_cost *c = ARENA_NEXT(a, rows, n, room);
		c->owner = i;
		c->option = db_column_dup(st, a, 1);
		c->has_amount = !db_column_null(st, 2);
		c->amount = db_column_dup(st, a, 2);
		c->currency = db_column_dup(st, a, 3);
		c->description = db_column_dup(st, a, 4);
	}
	enum db_status r = db_end(db, st);
	GIVE_SPANS(b, rows, n, costs, ncosts)
	return r;
}

/* Languages: a service's (key service_id) or a location's. */
static enum db_status read_langs(struct db *db, struct arena *a,
                                 const char *first, const char *last,
                                 struct batch *b)
{
	struct db_stmt *st = part_query(db, P_LANGS, first, last);
	struct owner o = {0};
	struct ix_lang *rows = NULL;
	int n = 0, room = 0;
	while (db_row(st)) {
		int i = row_owner(b, &o, st, a);
		if (i < 0)
			continue;
		struct ix_lang *l = ARENA_NEXT(a, rows, n, room);
		l->owner = i;
		l->name = db_column_dup(st, a, 1);
		l->code = db_column_dup(st, a, 2);
	}
	enum db_status r = db_end(db, st);
	GIVE_SPANS(b, rows, n, langs, nlangs)
	return r;
}

static enum db_status read_phones(struct db *db, struct arena *a,
                                  const char *first, const char *last,
                                  struct batch *b)
{
	struct db_stmt *st = part_query(db, P_PHONE, first, last);
	struct owner o = {0};
	while (db_row(st)) {
		int i = row_owner(b, &o, st, a);
		if (i >= 0 && !b->list[i].phone)
			b->list[i].phone = db_column_dup(st, a, 1);
	}
	return db_end(db, st);
}

static enum db_status read_places(struct db *db, struct arena *a,
                                  const char *first, const char *last,
                                  struct batch *b)
{
	struct db_stmt *st = part_query(db, P_PLACES, first, last);
	struct owner o = {0};
	struct ix_place *rows = NULL;
	int n = 0, room = 0, run = 0, of = -1;
	while (db_row(st)) {
		int i = row_owner(b, &o, st, a);
		if (i != of) {
			of = i;
			run = 0;
		}
		if (i < 0 || run++ >= PLACES_MAX)
			continue;
		struct ix_place *p = ARENA_NEXT(a, rows, n, room);
		p->owner = i;
		p->sal_id = db_column_dup(st, a, 1);
		p->location_id = db_column_dup(st, a, 2);
		p->location_name = db_column_dup(st, a, 3);
		p->lat = db_column_dup(st, a, 4);
		p->lon = db_column_dup(st, a, 5);
		p->accessible = db_column_bool(st, 6);
		p->address = search_tidy_address(a, db_column_text(st, 7));
		p->phone = db_column_dup(st, a, 8);
	}
	enum db_status r = db_end(db, st);
	GIVE_SPANS(b, rows, n, places, nplaces)
	return r;
}

static enum db_status read_scheds(struct db *db, struct arena *a,
                                  const char *first, const char *last,
                                  struct batch *b)
{
	struct db_stmt *st = part_query(db, P_SCHED, first, last);
	struct owner o = {0};
	struct ix_sched *rows = NULL;
	int n = 0, room = 0;
	while (db_row(st)) {
		int i = row_owner(b, &o, st, a);
		if (i < 0)
			continue;
		struct ix_sched *s = ARENA_NEXT(a, rows, n, room);
		s->owner = i;
		read_sched(st, a, 1, s);
	}
	enum db_status r = db_end(db, st);
	GIVE_SPANS(b, rows, n, scheds, nscheds)
	return r;
}

/* The services from first to last (last NULL: the one whose id is first)
 * with their parts. */
static enum db_status read_batch(struct db *db, struct arena *a,
                                 const char *first, const char *last,
                                 struct batch *b)
{
	enum db_status r = read_services(db, a, first, last, b);
	if (r != DB_DONE || !b->n)
		return r;
	if ((r = read_terms(db, a, first, last, b)) != DB_DONE ||
	    (r = read_costs(db, a, first, last, b)) != DB_DONE ||
	    (r = read_langs(db, a, first, last, b)) != DB_DONE ||
	    (r = read_phones(db, a, first, last, b)) != DB_DONE ||
	    (r = read_places(db, a, first, last, b)) != DB_DONE)
		return r;
	return read_scheds(db, a, first, last, b);
}

enum db_status ix_service_read(struct db *db, struct arena *a, const char *id,
                               struct ix_service *out)
{
	struct batch b;
	enum db_status r = read_batch(db, a, id, NULL, &b);
	if (r != DB_DONE)
		return r;
	if (!b.n)
		return DB_DONE;
	*out = b.list[0];
	return DB_ROW;
}

enum db_status ix_services_read(struct db *db, struct arena *a,
                                const char *first, const char *last,
                                struct ix_service **out, int *n)
{
	struct batch b;
	enum db_status r = read_batch(db, a, first, last, &b);
	*out = b.list;
	*n = r == DB_DONE ? b.n : 0;
	return r;
}

/* ---- rows found by other keys: a statement each, or maps */

/* Rows of st (key first) into an array, with their keys. */
static enum db_status keyed_langs(struct db *db, struct db_stmt *st,
                                  struct arena *a, struct ix_lang **out,
                                  const char ***keys, int *n)
{
	int room = 0, kroom = 0, nk = 0;
	*out = NULL;
	*keys = NULL;
	*n = 0;
	while (db_row(st)) {
		*ARENA_NEXT(a, *keys, nk, kroom) = db_column_dup(st, a, 0);
		struct ix_lang *l = ARENA_NEXT(a, *out, *n, room);
		l->name = db_column_dup(st, a, 1);
		l->code = db_column_dup(st, a, 2);
	}
	return db_end(db, st);
}

static enum db_status keyed_scheds(struct db *db, struct db_stmt *st,
                                   struct arena *a, struct ix_sched **out,
                                   const char ***keys, int *n)
{
	int room = 0, kroom = 0, nk = 0;
	*out = NULL;
	*keys = NULL;
	*n = 0;
	while (db_row(st)) {
		*ARENA_NEXT(a, *keys, nk, kroom) = db_column_dup(st, a, 0);
		read_sched(st, a, 1, ARENA_NEXT(a, *out, *n, room));
	}
	return db_end(db, st);
}

enum db_status ix_source_load_all(struct ix_source *src, struct arena *a)
{
	struct db *db = src->db;
	const char **keys;
	int n = 0, room = 0, kroom = 0;
	src->all = true;
	/* taxonomy terms by id, for their parents */
	struct db_stmt *st = db_query(db, "SELECT id, name, COALESCE(parent_id,"
	                                  " '') FROM hsds_taxonomy_terms");
	src->term_rows = NULL;
	while (db_row(st)) {
		struct ix_term *t = ARENA_NEXT(a, src->term_rows, n, room);
		t->id = db_column_dup(st, a, 0);
		t->name = db_column_dup(st, a, 1);
		t->parent = db_column_dup(st, a, 2);
	}
	enum db_status r = db_end(db, st);
	if (r != DB_DONE)
		return r;
	map_init(&src->terms, a, n);
	for (int i = 0; i < n; i++)
		map_put(&src->terms, src->term_rows[i].id, i, 1);

	r = keyed_langs(db,
	                db_query(db, "SELECT location_id, COALESCE(name, ''),"
	                             " COALESCE(code, '') FROM hsds_languages"
	                             " WHERE location_id IS NOT NULL AND"
	                             " service_id IS NULL ORDER BY"
	                             " location_id, id"),
	                a, &src->lang_rows, &keys, &n);
	if (r != DB_DONE)
		return r;
	map_spans(&src->location_langs, a, keys, n);

	r = keyed_scheds(db,
	                 db_query(db,
	                          "SELECT service_at_location_id," SCHED_TAIL
	                          "service_at_location_id IS NOT NULL ORDER BY"
	                          " service_at_location_id, id"),
	                 a, &src->sal_rows, &keys, &n);
	if (r != DB_DONE)
		return r;
	map_spans(&src->sal_scheds, a, keys, n);

	r = keyed_scheds(db,
	                 db_query(db, "SELECT location_id," SCHED_TAIL
	                              "location_id IS NOT NULL AND service_id"
	                              " IS NULL AND service_at_location_id IS"
	                              " NULL ORDER BY location_id, id"),
	                 a, &src->location_rows, &keys, &n);
	if (r != DB_DONE)
		return r;
	map_spans(&src->location_scheds, a, keys, n);

	st = db_query(db, "SELECT organization_id, number FROM hsds_phones"
	                  " WHERE organization_id IS NOT NULL AND number <> ''"
	                  " ORDER BY organization_id, id");
	keys = NULL;
	src->phone_rows = NULL;
	n = room = kroom = 0;
	int nk = 0;
	while (db_row(st)) {
		*ARENA_NEXT(a, keys, nk, kroom) = db_column_dup(st, a, 0);
		*ARENA_NEXT(a, src->phone_rows, n, room) =
		    db_column_dup(st, a, 1);
	}
	if ((r = db_end(db, st)) != DB_DONE)
		return r;
	map_spans(&src->org_phones, a, keys, n);
	return DB_DONE;
}

enum db_status ix_term_find(struct ix_source *src, struct arena *a,
                            const char *id, struct ix_term *out, bool *found)
{
	*found = false;
	if (src->all) {
		int count, i = map_get(&src->terms, id, &count);
		if (i >= 0) {
			*out = src->term_rows[i];
			*found = true;
		}
		return DB_DONE;
	}
	struct db_stmt *st = db_query(src->db,
	                              "SELECT name, COALESCE(parent_id, '')"
	                              " FROM hsds_taxonomy_terms WHERE id = ?",
	                              DB_TEXT(id));
	if (db_row(st)) {
		out->id = arena_strdup(a, id);
		out->name = db_column_dup(st, a, 0);
		out->parent = db_column_dup(st, a, 1);
		*found = true;
	}
	return db_end(src->db, st);
}

enum db_status ix_location_langs(struct ix_source *src, struct arena *a,
                                 const char *location_id, struct ix_lang **out,
                                 int *n)
{
	if (src->all) {
		int i = map_get(&src->location_langs, location_id, n);
		*out = i < 0 ? NULL : &src->lang_rows[i];
		return DB_DONE;
	}
	const char **keys;
	return keyed_langs(src->db,
	                   db_query(src->db,
	                            "SELECT location_id, COALESCE(name, ''),"
	                            " COALESCE(code, '') FROM hsds_languages"
	                            " WHERE location_id = ? AND service_id IS"
	                            " NULL ORDER BY id",
	                            DB_TEXT(location_id)),
	                   a, out, &keys, n);
}

enum db_status ix_sal_scheds(struct ix_source *src, struct arena *a,
                             const char *sal_id, struct ix_sched **out, int *n)
{
	if (src->all) {
		int i = map_get(&src->sal_scheds, sal_id, n);
		*out = i < 0 ? NULL : &src->sal_rows[i];
		return DB_DONE;
	}
	const char **keys;
	return keyed_scheds(src->db,
	                    db_query(src->db,
	                             "SELECT service_at_location_id," SCHED_TAIL
	                             "service_at_location_id = ? ORDER BY id",
	                             DB_TEXT(sal_id)),
	                    a, out, &keys, n);
}

enum db_status ix_location_scheds(struct ix_source *src, struct arena *a,
                                  const char *location_id,
                                  struct ix_sched **out, int *n)
{
	if (src->all) {
		int i = map_get(&src->location_scheds, location_id, n);
		*out = i < 0 ? NULL : &src->location_rows[i];
		return DB_DONE;
	}
	const char **keys;
	return keyed_scheds(src->db,
	                    db_query(src->db,
	                             "SELECT location_id," SCHED_TAIL
	                             "location_id = ? AND service_id IS NULL"
	                             " AND service_at_location_id IS NULL"
	                             " ORDER BY id",
	                             DB_TEXT(location_id)),
	                    a, out, &keys, n);
}

enum db_status ix_org_phone(struct ix_source *src, struct arena *a,
                            const char *organization_id, const char **out)
{
	*out = "";
	if (src->all) {
		int count,
		    i = map_get(&src->org_phones, organization_id, &count);
		if (i >= 0)
			*out = src->phone_rows[i];
		return DB_DONE;
	}
	enum db_status r = db_one_text(src->db, a,
	                               "SELECT number FROM hsds_phones WHERE"
	                               " organization_id = ? AND number <> ''"
	                               " ORDER BY id LIMIT 1",
	                               out, DB_TEXT(organization_id));
	return r == DB_ROW ? DB_DONE : r;
}
