/* resource_search.h — searching the directory (issue 23, 2): the words,
 * the filters, the statements, and reading a request's parameters.
 *
 * A search reads the index resource_index.c keeps (one entry per service
 * at each of its locations): full text over names, descriptions,
 * organization, taxonomy terms and address; filtered by taxonomy term
 * (and its descendants), language, free of charge, open now or on a day
 * (weekly hours in the program's zone), accessible, flags; ordered by
 * relevance, or nearest first from a point. */
#ifndef WAYPOINT_RESOURCE_SEARCH_H
#define WAYPOINT_RESOURCE_SEARCH_H

#include "../../core/arena.h"
#include "../../core/field_error.h"
#include "../../http/req.h"
#include "../../store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- words (search_words.c) */

/* search_fold: lower case with accents removed ("Café" → "cafe"), in a. */
const char *search_fold(struct arena *a, const char *s);
/* search_fold_words: the folded words and, where folding lost letters
 * (another script), the lower-cased original beside them. */
const char *search_fold_words(struct arena *a, const char *s);
/* search_tidy_address: "1 Main St, , IL " → "1 Main St, IL". */
const char *search_tidy_address(struct arena *a, const char *s);
/* The words of a query (at most 8), folded; none for blank text. */
enum { SEARCH_WORDS_MAX = 8 };
int search_words(struct arena *a, const char *q,
                 const char *out[SEARCH_WORDS_MAX]);
/* The same as an FTS5 query ("cafe"* AND "food"*) and a tsquery
 * (cafe:* & food:*). */
const char *search_fts5_query(struct arena *a, const char *const *w, int n);
const char *search_tsquery(struct arena *a, const char *const *w, int n);

/* ---- the query (search_store.c) */

struct resource_query {
	const char *q;        /* as typed ("" none) */
	const char *category; /* a taxonomy term's id ("" none) */
	const char *language; /* folded code or name ("" none) */
	bool free, accessible, recovery_friendly, peer_run;
	int open_day;                  /* -1: any time; 0 Sunday … 6 */
	char open_from[6], open_to[6]; /* open across [from, to] */
	char open_date[11];            /* the date the hours must be valid on */
	bool near;
	double lat, lon;
	int today; /* today's weekday in the program's zone */
	char today_date[11];
	int64_t offset;
	int limit;
};

struct resource_hit {
	int64_t entry;
	const char *service_id, *location_id, *name, *organization, *address;
	const char *phone, *languages, *cost, *alert, *lat, *lon;
	bool free, accessible, recovery_friendly, peer_run;
	bool has_distance;
	double km;
	const char *hours_today; /* "09:00–17:00" or "" */
};

/* resource_search: up to q->limit hits from q->offset, and whether more
 * follow. */
enum db_status resource_search(struct db *db, struct arena *a,
                               const struct resource_query *q,
                               struct resource_hit **out, int *n, bool *more);

/* A taxonomy term a filter may name: top-level terms first. */
struct resource_term {
	const char *id, *code, *name;
};
enum db_status resource_terms_top(struct db *db, struct arena *a,
                                  struct resource_term **out, int *n);

/* ---- a request's parameters (search_params.c) */

/* resource_query_read fills q from the request's query string: q,
 * category (a term's id or code), language, free, accessible,
 * recovery_friendly, peer_run (1/true/on, 0/false or absent), open (now,
 * today, a weekday or a date), lat and lon, or near (a location's id),
 * and cursor.  -1 with e naming the field when one is malformed or
 * names nothing; the database's failure as DB status in *dbs. */
int resource_query_read(struct req *r, struct resource_query *q,
                        struct field_error *e, enum db_status *dbs);

#endif
