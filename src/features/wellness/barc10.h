/* barc10.h — the Brief Assessment of Recovery Capital (BARC-10): ten
 * statements the person rates from 1 (strongly disagree) to 6 (strongly
 * agree), total 10–60.  Every item is required: none is ever imputed. */
#ifndef WAYPOINT_BARC10_H
#define WAYPOINT_BARC10_H

#include "../../core/arena.h"
#include "../../core/choice.h"
#include "../../core/field_error.h"
#include "../../store/db.h"
#include "../../web/fields.h"

#include <stdint.h>

enum { BARC10_ITEMS = 10, BARC10_MIN = 1, BARC10_MAX = 6 };

extern const char *const barc10_items[BARC10_ITEMS];
extern const struct choice barc10_answers[]; /* "1".."6" with labels */
extern const int barc10_answer_count;
extern const struct choice barc10_fillers[]; /* person, with_peer */
extern const int barc10_filler_count;

struct barc10 {
	int64_t id, person_id;
	const char *taken_on;      /* YYYY-MM-DD */
	const char *filled_by;     /* "person" or "with_peer" */
	int answers[BARC10_ITEMS]; /* 0: not answered */
	int total;
	const char *created_at;
};

/* The ten answers as the form posts them, item1..item10: "1".."6". */
struct barc10_items {
	const char *item[BARC10_ITEMS];
};

/* barc10_fields: id (written only), taken_on and filled_by, as forms,
 * the API and its answers name them; barc10_item_fields: the ten
 * answers, each with its own sentence. */
extern const struct field barc10_fields[], barc10_item_fields[];
extern const int barc10_field_count, barc10_item_field_count;

/* barc10_answer: the answer a code stands for, 1 to 6; 0 for none. */
int barc10_answer(const char *code);

/* barc10_validate names the first missing or bad answer ("item4") or field,
 * and sets total when all is well; zone: the person's program's (the date
 * is not after today there). */
int barc10_validate(struct barc10 *b, const char *zone, struct field_error *e);

enum db_status barc10_add(struct db *db, const struct barc10 *b,
                          int64_t user_id, int64_t *id);

/* barc10_latest: the newest total and its date; DB_ROW, or DB_DONE when
 * none was filled in. */
enum db_status barc10_latest(struct db *db, struct arena *a, int64_t person_id,
                             int *total, const char **taken_on);

/* barc10_list: oldest first (at most 200), for the chart and the table. */
enum db_status barc10_list(struct db *db, struct arena *a, int64_t person_id,
                           struct barc10 **out, int *count);

#endif
