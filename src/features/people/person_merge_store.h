/* person_merge_store.h — the statements of a merge and its undoing, for
 * person_merge.c (which runs them in one transaction and audits them).
 * Each moved row is listed in merge_moves, so an undo moves back exactly
 * those. */
#ifndef WAYPOINT_PERSON_MERGE_STORE_H
#define WAYPOINT_PERSON_MERGE_STORE_H

#include "person_merge.h"

#include <stdbool.h>
#include <stdint.h>

/* What the survivor holds that an undo needs unchanged: its signed notes,
 * its plan versions and its signed ones. */
struct held {
	int64_t notes_signed, plan_versions, plan_signed;
};

/* merge_move_rows moves every table's rows but the plans' from person
 * from to person to; merge_move_back moves merge_id's back. */
enum db_status merge_move_rows(struct db *db, int64_t merge_id, int64_t from,
                               int64_t to);
enum db_status merge_move_back(struct db *db, int64_t merge_id, int64_t from,
                               int64_t to);

/* merge_shift_versions adds shift to person's plan version numbers. */
enum db_status merge_shift_versions(struct db *db, int64_t person, int shift);

/* merge_move_plan moves from's plan versions to to, to's own moving up
 * past them by *shift. */
enum db_status merge_move_plan(struct db *db, int64_t merge_id, int64_t from,
                               int64_t to, int64_t *shift);

/* merge_survivor_holds counts what person holds (struct held). */
enum db_status merge_survivor_holds(struct db *db, int64_t person,
                                    struct held *h);

/* merge_move_wellness moves the wellness plan when only from has one
 * (*kept: from's stays on the tombstone). */
enum db_status merge_move_wellness(struct db *db, int64_t merge_id,
                                   int64_t from, int64_t to, bool *kept);

/* merge_get reads merge id with its counts: DB_ROW, DB_DONE when none. */
enum db_status merge_get(struct db *db, struct arena *a, int64_t id,
                         struct person_merge *m);

/* merge_reversible: whether merge id may be undone now (*why NULL, or
 * the reason). */
enum db_status merge_reversible(struct db *db, int64_t id, const char **why);

#endif
