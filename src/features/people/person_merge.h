/* person_merge.h — two records that turn out to be one person: the other
 * record's contacts, plan versions, consents, BARC-10s, enrollments,
 * supports, stage history, break-the-glass entries and (when the survivor
 * has none) wellness plan move to the survivor in one transaction, and the
 * other record stays as a tombstone pointing at it (persons.merged_into).
 *
 * Every moved row is listed in merge_moves, so that an undo moves back
 * exactly those.  A merge can be undone while it is the survivor's latest
 * one not undone, and no note was signed on the survivor, no plan version
 * added to it and none of its plan versions signed since the merge.
 *
 * Plan versions: the merged record's keep their numbers and the survivor's
 * move up past them, so the survivor's newest (and agreed) version stays
 * its current plan and the merged record's become its earlier history.
 * Wellness plan: the survivor keeps theirs; the merged record's moves when
 * the survivor has none, and otherwise stays on the tombstone, shown from
 * the survivor's merge page. */
#ifndef WAYPOINT_PERSON_MERGE_H
#define WAYPOINT_PERSON_MERGE_H

#include "../../core/arena.h"
#include "../../core/field_error.h"
#include "../../http/req.h"
#include "../../store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* What a merge moved, table by table. */
struct merge_counts {
	int contacts, plan_versions, consents, barc10, enrollments, supports,
	    recovery_stages, break_glass, wellness_plans;
};

struct person_merge {
	int64_t id, survivor_id, merged_id;
	const char *merged_at, *merged_by_name, *undone_at;
	const char *merged_name, *merged_record_number;
	bool wellness_kept;
	struct merge_counts moved;
};

/* What a merge or an undo did: done; refused with e (400); refused with e
 * because of the records' state (409); or answered (database failure). */
enum merge_result {
	MERGE_DONE,
	MERGE_REFUSED,
	MERGE_CONFLICT,
	MERGE_ANSWERED,
};

/* person_merge_check checks that record other may be merged into the
 * request's person: in the requester's teams (emergency access is not
 * enough), not the person, not a tombstone, and not enrolled in a program
 * the person is enrolled in too (409). */
enum merge_result person_merge_check(struct req *r, int64_t other,
                                     struct field_error *e);

/* merge_record_counts: what person_id holds, table by table. */
enum db_status merge_record_counts(struct db *db, int64_t person_id,
                                   struct merge_counts *c);

/* person_merge_into merges record other into the request's person (the
 * survivor), both in the requester's teams, in one transaction with an
 * audit entry on each; *m describes the merge. */
enum merge_result person_merge_into(struct req *r, int64_t other,
                                    struct person_merge *m,
                                    struct field_error *e);

/* person_merge_undo undoes merge merge_id of the request's person. */
enum merge_result person_merge_undo(struct req *r, int64_t merge_id,
                                    struct person_merge *m,
                                    struct field_error *e);

/* person_merges lists the merges into person_id, newest first (≤ 50),
 * with what each moved; *undoable is the one that may be undone now, or
 * 0.  With undoable NULL: the merges alone, without what they moved. */
enum db_status person_merges(struct db *db, struct arena *a, int64_t person_id,
                             struct person_merge **out, int *count,
                             int64_t *undoable);

/* merge_overview writes the overview's lines on merged records: those
 * merged into this one (with a wellness plan kept on one of them), and the
 * link to merge a duplicate for those who may. */
void merge_overview(struct req *r);

#endif
