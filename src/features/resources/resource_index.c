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
	const char *id, *name, *alternate, *description, *organization, *alert;
	const char *organization_id, *fees;
	bool recovery_friendly, peer_run, free;
	struct buf cost, words;
	const char *terms[TERMS_MAX];
	int nterms;
	const char *langs[LANGS_MAX]; /* lower case and folded */
	const char *lang_names[LANGS_MAX];
	int nlangs, nlang_names;
	const char *phone;
};

static const char *dup_col(struct db_stmt *st, struct arena *a, int col)
{
	return db_column_dup(st, a, col);
}

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

static enum db_status read_service(struct db *db, struct arena *a,
                                   struct service_doc *d, bool *indexed)
{
	struct db_stmt *st =
	    db_query(db,
	             "SELECT s.name, COALESCE(s.alternate_name, ''),"
	             " COALESCE(s.description, ''), COALESCE(o.name, ''),"
	             " COALESCE(s.alert, ''), COALESCE(s.status, ''),"
	             " COALESCE(s.organization_id, ''), "
	             "COALESCE(s.fees_description, ''),"
	             " s.recovery_friendly + COALESCE(o.recovery_friendly, 0),"
	             " s.peer_run + COALESCE(o.peer_run, 0)"
	             " FROM hsds_services s LEFT JOIN hsds_organizations o"
	             " ON o.id = s.organization_id WHERE s.id = ?",
	             DB_TEXT(d->id));
	*indexed = false;
	if (db_row(st)) {
		d->name = dup_col(st, a, 0);
		d->alternate = dup_col(st, a, 1);
		d->description = dup_col(st, a, 2);
		d->organization = dup_col(st, a, 3);
		d->alert = dup_col(st, a, 4);
		const char *status = db_column_text(st, 5);
		d->organization_id = dup_col(st, a, 6);
		d->fees = dup_col(st, a, 7);
		d->recovery_friendly = db_column_int(st, 8) > 0;
		d->peer_run = db_column_int(st, 9) > 0;
		*indexed = strcasecmp(status, "inactive") &&
		           strcasecmp(status, "defunct");
	}
	enum db_status s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}

/* The service's taxonomy terms and their ancestors: ids for the filter,
 * names for the words. */
static enum db_status read_terms(struct db *db, struct arena *a,
                                 struct service_doc *d)
{
	const char *parents[TERMS_MAX];
	int np = 0;
	struct db_stmt *st =
	    db_query(db,
	             "SELECT t.id, t.name, COALESCE(t.parent_id, '')"
	             " FROM hsds_attributes x JOIN hsds_taxonomy_terms t"
	             " ON t.id = x.taxonomy_term_id WHERE x.link_id = ?",
	             DB_TEXT(d->id));
	while (db_row(st) && d->nterms < TERMS_MAX) {
		const char *id = dup_col(st, a, 0);
		if (seen(d->terms, d->nterms, id))
			continue;
		d->terms[d->nterms++] = id;
		buf_printf(&d->words, " %s", db_column_text(st, 1));
		if (*db_column_text(st, 2) && np < TERMS_MAX)
			parents[np++] = dup_col(st, a, 2);
	}
	enum db_status s = db_end(db, st);
	if (s != DB_DONE)
		return s;
	/* ancestors: a taxonomy is shallow, and a cycle stops at the cap */
	for (int i = 0; i < np && d->nterms < TERMS_MAX; i++) {
		if (seen(d->terms, d->nterms, parents[i]))
			continue;
		st = db_query(db,
		              "SELECT name, COALESCE(parent_id, '') FROM"
		              " hsds_taxonomy_terms WHERE id = ?",
		              DB_TEXT(parents[i]));
		if (db_row(st)) {
			d->terms[d->nterms++] = parents[i];
			buf_printf(&d->words, " %s", db_column_text(st, 0));
			if (*db_column_text(st, 1) && np < TERMS_MAX)
				parents[np++] = dup_col(st, a, 1);
		}
		if ((s = db_end(db, st)) != DB_DONE)
			return s;
	}
	return DB_OK;
}

/* Cost: free when an option costs nothing or says so (or the fees
 * description does); else the options as written. */
static enum db_status read_cost(struct db *db, struct arena *a,
                                struct service_doc *d)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT COALESCE(option, ''), amount, COALESCE(currency, ''),"
	    " COALESCE(amount_description, '') FROM hsds_cost_options"
	    " WHERE service_id = ? ORDER BY id",
	    DB_TEXT(d->id));
	while (db_row(st)) {
		const char *option = db_column_text(st, 0);
		bool has_amount = !db_column_null(st, 1);
		double amount = has_amount ? atof(db_column_text(st, 1)) : 0;
		if ((has_amount && amount == 0) ||
		    strstr(search_fold(a, option), "free"))
			d->free = true;
		if (d->cost.len)
			buf_puts(&d->cost, "; ");
		buf_puts(&d->cost, option);
		if (has_amount && amount != 0)
			buf_printf(&d->cost, "%s%.2f%s%s", *option ? " " : "",
			           amount, *db_column_text(st, 2) ? " " : "",
			           db_column_text(st, 2));
		if (*db_column_text(st, 3))
			buf_printf(&d->cost, " (%s)", db_column_text(st, 3));
	}
	enum db_status s = db_end(db, st);
	if (s != DB_DONE)
		return s;
	if (!strncmp(search_fold(a, d->fees), "free", 4))
		d->free = true;
	if (!d->cost.len && *d->fees)
		buf_puts(&d->cost, d->fees);
	return DB_OK;
}

static enum db_status read_service_langs(struct db *db, struct arena *a,
                                         struct service_doc *d)
{
	struct db_stmt *st =
	    db_query(db,
	             "SELECT COALESCE(name, ''), COALESCE(code, '') FROM"
	             " hsds_languages WHERE service_id = ? ORDER BY id",
	             DB_TEXT(d->id));
	while (db_row(st))
		add_lang(a, d->langs, &d->nlangs, d->lang_names,
		         &d->nlang_names, dup_col(st, a, 0), dup_col(st, a, 1));
	enum db_status s = db_end(db, st);
	if (s != DB_DONE)
		return s;
	s = db_one_text(db, a,
	                "SELECT number FROM hsds_phones WHERE service_id = ?"
	                " AND number <> '' ORDER BY id LIMIT 1",
	                &d->phone, DB_TEXT(d->id));
	return s == DB_ROW || s == DB_DONE ? DB_OK : s;
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

enum sched_scope { SCHED_SAL, SCHED_SERVICE, SCHED_LOCATION };

static enum db_status read_hours(struct db *db, struct arena *a,
                                 enum sched_scope scope, const char *key,
                                 const char *location_id, struct hours *list,
                                 int *n)
{
	struct db_stmt *st;
#define SCHED_COLS                                                             \
	"SELECT COALESCE(byday, ''), COALESCE(freq, ''),"                      \
	" COALESCE(opens_at, ''), COALESCE(closes_at, ''),"                    \
	" COALESCE(valid_from, ''), COALESCE(valid_to, '') FROM"               \
	" hsds_schedules WHERE "
	if (scope == SCHED_SAL)
		st = db_query(db, SCHED_COLS "service_at_location_id = ?",
		              DB_TEXT(key));
	else if (scope == SCHED_SERVICE)
		st =
		    db_query(db,
		             SCHED_COLS "service_id = ? AND"
		                        " service_at_location_id IS NULL AND"
		                        " (location_id IS NULL OR location_id ="
		                        " ?)",
		             DB_TEXT(key), DB_TEXT(location_id));
	else
		st =
		    db_query(db,
		             SCHED_COLS "location_id = ? AND service_id IS NULL"
		                        " AND service_at_location_id IS NULL",
		             DB_TEXT(key));
#undef SCHED_COLS
	*n = 0;
	while (db_row(st)) {
		bool days[7];
		char opens[6], closes[6];
		if (!parse_days(db_column_text(st, 0), db_column_text(st, 1),
		                days) ||
		    !clock_time(db_column_text(st, 2), opens) ||
		    !clock_time(db_column_text(st, 3), closes))
			continue;
		const char *from = dup_col(st, a, 4), *to = dup_col(st, a, 5);
		if (!*to)
			to = "9999-12-31";
		for (int d = 0; d < 7; d++) {
			if (!days[d])
				continue;
			if (strcmp(closes, opens) > 0) {
				add_hours(list, n, d, opens, closes, from, to);
			} else { /* past midnight: split at it */
				add_hours(list, n, d, opens, "24:00", from, to);
				if (strcmp(closes, "00:00"))
					add_hours(list, n, (d + 1) % 7, "00:00",
					          closes, from, to);
			}
		}
	}
	enum db_status s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}

/* The schedules that say when an entry is open: the service at that
 * location's own, else the service's, else the location's. */
static enum db_status entry_hours(struct db *db, struct arena *a,
                                  const char *service_id, const char *sal_id,
                                  const char *location_id, struct hours *list,
                                  int *n)
{
	enum db_status s = DB_OK;
	*n = 0;
	if (*sal_id)
		s = read_hours(db, a, SCHED_SAL, sal_id, "", list, n);
	if (s == DB_OK && !*n)
		s = read_hours(db, a, SCHED_SERVICE, service_id, location_id,
		               list, n);
	if (s == DB_OK && !*n && *location_id)
		s = read_hours(db, a, SCHED_LOCATION, location_id, "", list, n);
	return s;
}

/* One entry written with everything under it. */
struct place {
	const char *sal_id, *location_id, *location_name, *address, *phone;
	const char *lat, *lon; /* "" when the location has no point */
	bool accessible;
};

static enum db_status write_entry(struct db *db, struct arena *a,
                                  struct service_doc *d, const struct place *p)
{
	const char *langs[LANGS_MAX], *names[LANGS_MAX];
	int nl = d->nlangs, nn = d->nlang_names;
	memcpy(langs, d->langs, sizeof langs);
	memcpy(names, d->lang_names, sizeof names);
	enum db_status s;
	if (*p->location_id) {
		struct db_stmt *st = db_query(
		    db,
		    "SELECT COALESCE(name, ''), COALESCE(code, '') FROM"
		    " hsds_languages WHERE location_id = ? AND service_id IS"
		    " NULL ORDER BY id",
		    DB_TEXT(p->location_id));
		while (db_row(st))
			add_lang(a, langs, &nl, names, &nn, dup_col(st, a, 0),
			         dup_col(st, a, 1));
		if ((s = db_end(db, st)) != DB_DONE)
			return s;
	}
	struct buf shown = {0};
	for (int i = 0; i < nn; i++)
		buf_printf(&shown, "%s%s", i ? ", " : "", names[i]);
	const char *phone = d->phone ? d->phone : p->phone;
	const char *cx = NULL, *cy = NULL, *cz = NULL;
	if (*p->lat && *p->lon) {
		double la = atof(p->lat) * M_PI / 180,
		       lo = atof(p->lon) * M_PI / 180;
		cx = arena_sprintf(a, "%.17g", cos(la) * cos(lo));
		cy = arena_sprintf(a, "%.17g", cos(la) * sin(lo));
		cz = arena_sprintf(a, "%.17g", sin(la));
	}
	const char *name = d->name;
	int64_t id;
	s = db_run_returning_id(
	    db,
	    "INSERT INTO resource_entries (service_id, location_id, name,"
	    " name_key, organization, address, latitude, longitude, cx, cy,"
	    " cz, phone, languages, cost, free, accessible, recovery_friendly,"
	    " peer_run, alert) VALUES (?, ?, ?, ?, ?, ?,"
	    " CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION),"
	    " CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION),"
	    " CAST(? AS DOUBLE PRECISION), ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "
	    "id",
	    &id, DB_TEXT(d->id),
	    DB_TEXT(*p->location_id ? p->location_id : NULL), DB_TEXT(name),
	    DB_TEXT(search_fold(a, name)), DB_TEXT(d->organization),
	    DB_TEXT(p->address), DB_TEXT(cx ? p->lat : NULL),
	    DB_TEXT(cx ? p->lon : NULL), DB_TEXT(cx), DB_TEXT(cy), DB_TEXT(cz),
	    DB_TEXT(phone ? phone : ""), DB_TEXT(shown.data ? shown.data : ""),
	    DB_TEXT(d->free        ? "Free"
	            : d->cost.data ? d->cost.data
	                           : ""),
	    DB_BOOL(d->free), DB_BOOL(p->accessible),
	    DB_BOOL(d->recovery_friendly), DB_BOOL(d->peer_run),
	    DB_TEXT(d->alert));
	buf_free(&shown);
	for (int i = 0; s == DB_OK && i < nl; i++)
		s = db_run(db,
		           "INSERT INTO resource_langs (entry_id, lang) VALUES"
		           " (?, ?)",
		           DB_INT(id), DB_TEXT(langs[i]));
	for (int i = 0; s == DB_OK && i < d->nterms; i++)
		s = db_run(db,
		           "INSERT INTO resource_terms (entry_id, term_id)"
		           " VALUES (?, ?)",
		           DB_INT(id), DB_TEXT(d->terms[i]));
	struct hours hours[HOURS_MAX];
	int nh = 0;
	if (s == DB_OK)
		s = entry_hours(db, a, d->id, p->sal_id, p->location_id, hours,
		                &nh);
	for (int i = 0; s == DB_OK && i < nh; i++)
		s = db_run(
		    db,
		    "INSERT INTO resource_hours (entry_id, day, opens,"
		    " closes, valid_from, valid_to) VALUES (?, ?, ?, ?, ?,"
		    " ?)",
		    DB_INT(id), DB_INT(hours[i].day), DB_TEXT(hours[i].opens),
		    DB_TEXT(hours[i].closes), DB_TEXT(hours[i].from),
		    DB_TEXT(hours[i].to));
	if (s != DB_OK)
		return s;
	const char *words =
	    arena_sprintf(a, "%s %s %s %s %s%s", d->alternate, d->description,
	                  d->organization, p->location_name, p->address,
	                  d->words.data ? d->words.data : "");
	if (db_kind(db) == DB_SQLITE)
		return db_run(db,
		              "INSERT INTO resource_fts (rowid, name, words)"
		              " VALUES (?, ?, ?)",
		              DB_INT(id), DB_TEXT(name), DB_TEXT(words));
	return db_run(db,
	              "UPDATE resource_entries SET words ="
	              " setweight(to_tsvector('simple', ?), 'A') ||"
	              " to_tsvector('simple', ?) WHERE id = ?",
	              DB_TEXT(search_fold_words(a, name)),
	              DB_TEXT(search_fold_words(a, words)), DB_INT(id));
}

/* The locations the service is offered at, each with its address, first
 * phone and whether it lists accessibility. */
static enum db_status index_places(struct db *db, struct arena *a,
                                   struct service_doc *d)
{
	struct place list[256];
	int n = 0;
	struct db_stmt *st = db_query(
	    db,
	    "SELECT x.id, l.id, COALESCE(l.name, ''), l.latitude, l.longitude,"
	    " EXISTS (SELECT 1 FROM hsds_accessibility c WHERE c.location_id ="
	    " l.id), COALESCE((SELECT TRIM(COALESCE(d.address_1, '') || ' ' ||"
	    " COALESCE(d.address_2, '') || ', ' || COALESCE(d.city, '') || ', '"
	    " || COALESCE(d.state_province, '') || ' ' ||"
	    " COALESCE(d.postal_code, '')) FROM hsds_addresses d WHERE"
	    " d.location_id = l.id ORDER BY CASE WHEN d.address_type ="
	    " 'physical' THEN 0 ELSE 1 END, d.id LIMIT 1), ''),"
	    " COALESCE((SELECT p.number FROM hsds_phones p WHERE"
	    " (p.service_at_location_id = x.id OR (p.location_id = l.id AND"
	    " p.service_at_location_id IS NULL AND p.service_id IS NULL))"
	    " AND p.number <> '' ORDER BY CASE WHEN p.service_at_location_id"
	    " IS NULL THEN 1 ELSE 0 END, p.id LIMIT 1), '')"
	    " FROM hsds_service_at_location x JOIN hsds_locations l ON l.id ="
	    " x.location_id WHERE x.service_id = ? ORDER BY x.id",
	    DB_TEXT(d->id));
	while (n < 256 && db_row(st)) {
		struct place *p = &list[n++];
		p->sal_id = dup_col(st, a, 0);
		p->location_id = dup_col(st, a, 1);
		p->location_name = dup_col(st, a, 2);
		p->lat = dup_col(st, a, 3);
		p->lon = dup_col(st, a, 4);
		p->accessible = db_column_bool(st, 5);
		p->address = search_tidy_address(a, db_column_text(st, 6));
		p->phone = dup_col(st, a, 7);
	}
	enum db_status s = db_end(db, st);
	if (s != DB_DONE)
		return s;
	if (!n) {
		const char *org_phone = "";
		s = db_one_text(db, a,
		                "SELECT number FROM hsds_phones WHERE"
		                " organization_id = ? AND number <> '' ORDER BY"
		                " id LIMIT 1",
		                &org_phone, DB_TEXT(d->organization_id));
		if (s != DB_ROW && s != DB_DONE)
			return s;
		list[n++] =
		    (struct place){"", "", "", "", org_phone, "", "", false};
	}
	for (int i = 0; i < n; i++)
		if ((s = write_entry(db, a, d, &list[i])) != DB_OK)
			return s;
	return DB_OK;
}

static enum db_status index_one(struct db *db, const char *service_id)
{
	struct arena a;
	arena_init(&a);
	struct service_doc d = {.id = service_id};
	bool indexed;
	enum db_status s = read_service(db, &a, &d, &indexed);
	if (s == DB_OK && indexed && (s = read_terms(db, &a, &d)) == DB_OK &&
	    (s = read_cost(db, &a, &d)) == DB_OK &&
	    (s = read_service_langs(db, &a, &d)) == DB_OK)
		s = index_places(db, &a, &d);
	buf_free(&d.cost);
	buf_free(&d.words);
	arena_free(&a);
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
	if (s == DB_OK)
		s = index_one(db, service_id);
	if (s != DB_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db);
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
	struct arena a;
	arena_init(&a);
	const char **ids = NULL;
	int n = 0, room = 0;
	if (s == DB_OK) {
		struct db_stmt *st =
		    db_query(db, "SELECT id FROM hsds_services ORDER BY id");
		while (db_row(st)) {
			ids = arena_grow(&a, ids, n, &room, sizeof *ids);
			ids[n++] = dup_col(st, &a, 0);
		}
		s = db_end(db, st);
		if (s == DB_DONE)
			s = DB_OK;
	}
	for (int i = 0; s == DB_OK && i < n; i++)
		s = index_one(db, ids[i]);
	arena_free(&a);
	if (s != DB_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db);
}
