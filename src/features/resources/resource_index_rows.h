/* resource_index_rows.h — the HSDS rows the search index is made of,
 * as resource_index.c reads them (resource_index_rows.c).
 *
 * One service is read with a few statements keyed by its id; the whole
 * directory is read in batches of services, each part of a batch with
 * one statement over a range of service ids, and the rows found by other
 * keys (a location's languages and schedules, a service at a location's
 * schedules, taxonomy terms, an organization's first phone) once, into
 * maps.  Both ways give the same rows in the same order, so an index
 * rebuilt at once equals one written service by service. */
#ifndef WAYPOINT_RESOURCE_INDEX_ROWS_H
#define WAYPOINT_RESOURCE_INDEX_ROWS_H

#include "../../core/arena.h"
#include "../../store/db.h"

#include <stdbool.h>

/* Each row has the index of its service in the batch being read. */
struct ix_term { /* a service's taxonomy term, or a term's parent */
	const char *id, *name, *parent; /* parent "" for none */
	int owner;
};
struct ix_cost {
	const char *option, *amount, *currency, *description;
	bool has_amount;
	int owner;
};
struct ix_lang {
	const char *name, *code;
	int owner;
};
struct ix_sched { /* a weekly schedule row as written */
	const char *byday, *freq, *opens, *closes, *from, *to;
	const char *location_id; /* a service's: NULL for any location */
	int owner;
};
struct ix_place { /* a service at a location */
	const char *sal_id, *location_id, *location_name, *address, *phone;
	const char *lat, *lon; /* "" when the location has no point */
	bool accessible;
	int owner;
};

/* A service's own rows. */
struct ix_service {
	const char *id, *name, *alternate, *description, *organization;
	const char *alert, *status, *organization_id, *fees;
	bool recovery_friendly, peer_run;
	const char *phone; /* its first phone, NULL when none */
	struct ix_term *terms;
	struct ix_cost *costs;
	struct ix_lang *langs;
	struct ix_place *places;
	struct ix_sched *scheds; /* without a service at a location */
	int nterms, ncosts, nlangs, nplaces, nscheds;
};

/* A string-keyed map of spans of an array (resource_index_rows.c). */
struct ix_map {
	const char **keys;
	int *first, *count;
	unsigned cap;
};

/* Where the rows come from: one service at a time (all false: each look
 * up is a statement), or the maps read once for the whole directory. */
struct ix_source {
	struct db *db;
	bool all;
	struct ix_map terms, location_langs, sal_scheds, location_scheds;
	struct ix_map org_phones;
	struct ix_term *term_rows;
	struct ix_lang *lang_rows;
	struct ix_sched *sal_rows, *location_rows;
	const char **phone_rows;
};

/* Each returns DB_DONE, or the database's error; what it reads is in
 * arena a, freed by the caller.
 *
 * ix_source_load_all reads the rows found by other keys than a service
 * into src's maps (src->db set, the rest zero). */
enum db_status ix_source_load_all(struct ix_source *src, struct arena *a);

/* ix_service_read: one service's rows into *out: DB_ROW, or DB_DONE
 * when there is no such service. */
enum db_status ix_service_read(struct db *db, struct arena *a, const char *id,
                               struct ix_service *out);

/* ix_services_read: the services whose ids run from first to last (both
 * included, in the database's order), with their rows, in id order. */
enum db_status ix_services_read(struct db *db, struct arena *a,
                                const char *first, const char *last,
                                struct ix_service **out, int *n);

/* The look ups by other keys, from a statement each or from the maps;
 * *n 0 and "" when there is none. */
enum db_status ix_term_find(struct ix_source *src, struct arena *a,
                            const char *id, struct ix_term *out, bool *found);
enum db_status ix_location_langs(struct ix_source *src, struct arena *a,
                                 const char *location_id, struct ix_lang **out,
                                 int *n);
enum db_status ix_sal_scheds(struct ix_source *src, struct arena *a,
                             const char *sal_id, struct ix_sched **out, int *n);
enum db_status ix_location_scheds(struct ix_source *src, struct arena *a,
                                  const char *location_id,
                                  struct ix_sched **out, int *n);
enum db_status ix_org_phone(struct ix_source *src, struct arena *a,
                            const char *organization_id, const char **out);

#endif
