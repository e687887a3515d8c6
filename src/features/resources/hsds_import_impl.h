/* hsds_import_impl.h — what the readers of hsds_import share (private to
 * hsds_import*.c). */
#ifndef WAYPOINT_HSDS_IMPORT_IMPL_H
#define WAYPOINT_HSDS_IMPORT_IMPL_H

#include "../../core/arena.h"
#include "hsds_import.h"
#include "hsds_tables.h"

#include <stdbool.h>

struct hsds_rec {
	int table;        /* index in hsds_tables */
	const char *file; /* where it was first seen */
	const char *where;
	const char **vals; /* one per column; NULL: none; vals[0] is the id */
	struct hsds_rec *next_in_table;
};

/* A parent whose list of children (table, link column) was given anew. */
struct hsds_keep {
	int table, column;
	const char *parent_id;
};

struct hsds_import {
	struct arena a;
	struct hsds_rec **slots; /* open addressing by (table, id) */
	size_t nslots, nrecs;
	struct hsds_rec *first[32], *last[32]; /* by table, in reading order */
	long count[32];
	struct hsds_keep *keeps;
	int nkeeps, keeps_room;
	bool whole[32]; /* a CSV file gave the whole table */
	struct hsds_problem *problems;
	int nproblems, problems_room, problem_count;
};

void hsds_problem(struct hsds_import *im, const char *file, const char *where,
                  const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The record of table t with this id: found, or made (where it was
 * first seen: file, where).  With once, an id seen before is a problem
 * (a CSV file's duplicate row) and NULL is returned. */
/* A problem that does not stop the import (a link left out). */
void hsds_warning(struct hsds_import *im, const char *file, const char *where,
                  const char *field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

struct hsds_rec *hsds_rec_get(struct hsds_import *im, int t, const char *id,
                              const char *file, const char *where, bool once);

/* Sets a column; a different value already there is a problem. */
void hsds_rec_set(struct hsds_import *im, struct hsds_rec *r, int col,
                  const char *value, const char *file, const char *where);

struct hsds_rec *hsds_rec_find(const struct hsds_import *im, int t,
                               const char *id);

void hsds_keep_list(struct hsds_import *im, int table, int column,
                    const char *parent_id);

/* Column index by name in table t, or -1. */
int hsds_column_index(int t, const char *name);
/* The table a reference column points at ("service_id" → services), or
 * -1. */
int hsds_ref_table(const char *column);
bool hsds_is_uuid(const char *s);

/* The readers. */
void hsds_read_json_file(struct hsds_import *im, const char *path);
void hsds_read_package(struct hsds_import *im, const char *dir);
void hsds_read_json(struct hsds_import *im, json_t *root, const char *file);

#endif
