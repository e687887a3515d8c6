/* barc10.c — see barc10.h.  Items as published by Vilsaint et al. (2017),
 * "Development and validation of a Brief Assessment of Recovery Capital
 * (BARC-10)", Drug and Alcohol Dependence 177; free to use. */
#include "barc10.h"
#include "../../core/clock.h"
#include "../../core/text.h"

#include <string.h>

enum { BARC10_LIST_MAX = 200 };

const char *const barc10_items[BARC10_ITEMS] = {
    "There are more important things to me in life than using substances.",
    "In general I am happy with my life.",
    "I have enough energy to complete the tasks I set myself.",
    "I am proud of the community I live in and feel a part of it.",
    "I get lots of support from friends.",
    "I regard my life as challenging and fulfilling without the need for "
    "using drugs or alcohol.",
    "My living space has helped to drive my recovery journey.",
    "I take full responsibility for my actions.",
    "I am happy dealing with a range of professional people.",
    "I am making good progress on my recovery journey.",
};

const struct choice barc10_answers[] = {
    {"1", "1 Strongly disagree"},
    {"2", "2 Disagree"},
    {"3", "3 Somewhat disagree"},
    {"4", "4 Somewhat agree"},
    {"5", "5 Agree"},
    {"6", "6 Strongly agree"},
};

const int barc10_answer_count =
    sizeof barc10_answers / sizeof barc10_answers[0];

const struct choice barc10_fillers[] = {
    {"person", "The person, on their own"},
    {"with_peer", "The person, with a peer"},
};
const int barc10_filler_count =
    sizeof barc10_fillers / sizeof barc10_fillers[0];

const struct field barc10_fields[] = {
    FIELD_ID_AT(struct barc10, id, "id", "BARC-10", FIELD_OUTPUT_ONLY),
    FIELD_DATE_AT(struct barc10, taken_on, "taken_on", "Date",
                  FIELD_REQUIRED | FIELD_NOT_FUTURE,
                  .message = "Date must be a date like 2026-11-20, not in "
                             "the future."),
    FIELD_CHOICE_AT(struct barc10, filled_by, "filled_by", "Filled in by",
                    FIELD_REQUIRED, barc10_fillers, &barc10_filler_count,
                    .message = "Say who filled it in: the person, or the "
                               "person with a peer."),
};
const int barc10_field_count = sizeof barc10_fields / sizeof barc10_fields[0];

/* Named item1..item10, for errors beside each statement. */
#define ITEM(n)                                                                \
	FIELD_CHOICE_AT(struct barc10_items, item[n - 1], "item" #n,           \
	                "Statement " #n, FIELD_REQUIRED, barc10_answers,       \
	                &barc10_answer_count,                                  \
	                .message = "Answer statement " #n " (1 to 6): no "     \
	                           "answer is ever guessed.")
const struct field barc10_item_fields[] = {
    ITEM(1), ITEM(2), ITEM(3), ITEM(4), ITEM(5),
    ITEM(6), ITEM(7), ITEM(8), ITEM(9), ITEM(10),
};
#undef ITEM
const int barc10_item_field_count =
    sizeof barc10_item_fields / sizeof barc10_item_fields[0];

int barc10_answer(const char *code)
{
	return choice_known(barc10_answers, barc10_answer_count, code)
	           ? code[0] - '0'
	           : 0;
}

int barc10_validate(struct barc10 *b, const char *zone, struct field_error *e)
{
	struct barc10_items items;
	for (int i = 0; i < BARC10_ITEMS; i++)
		items.item[i] =
		    b->answers[i] >= BARC10_MIN && b->answers[i] <= BARC10_MAX
		        ? barc10_answers[b->answers[i] - 1].code
		        : "";
	/* Every field has its own sentence, so nothing the tables draft in
	 * the arena outlives this call (the demo has no request arena). */
	struct arena scratch;
	arena_init(&scratch);
	int bad = fields_validate_in(&scratch, barc10_fields,
	                             barc10_field_count, b, zone, e);
	/* and the answers too, so that the form lists every fault at once */
	bad |= fields_validate_also(&scratch, barc10_item_fields,
	                            barc10_item_field_count, &items, zone, e);
	arena_free(&scratch);
	if (bad)
		return -1;
	b->total = 0;
	for (int i = 0; i < BARC10_ITEMS; i++)
		b->total += b->answers[i];
	return 0;
}

enum db_status barc10_add(struct db *db, const struct barc10 *b,
                          int64_t user_id, int64_t *id)
{
	char now[CLOCK_STAMP_SIZE], answers[2 * BARC10_ITEMS];
	clock_now_utc(now);
	for (int i = 0; i < BARC10_ITEMS; i++) { /* "5,4,6,…" */
		answers[2 * i] = (char)('0' + b->answers[i]);
		answers[2 * i + 1] = i + 1 < BARC10_ITEMS ? ',' : '\0';
	}
	return db_run_returning_id(
	    db,
	    "INSERT INTO barc10 (person_id, taken_on, filled_by, answers,"
	    " total, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id",
	    id, DB_INT(b->person_id), DB_TEXT(b->taken_on),
	    DB_TEXT(b->filled_by), DB_TEXT(answers), DB_INT(b->total),
	    DB_TEXT(now), DB_INT(user_id));
}

enum db_status barc10_list(struct db *db, struct arena *a, int64_t person_id,
                           struct barc10 **out, int *count)
{
	static const struct db_col cols[] = {
	    DB_COL_INT(struct barc10, id),
	    DB_COL_TEXT(struct barc10, taken_on),
	    DB_COL_TEXT(struct barc10, filled_by),
	    {DB_COL_SKIP, 0}, /* answers, parsed below */
	    DB_COL_INT32(struct barc10, total),
	    DB_COL_TEXT(struct barc10, created_at)};
	struct db_stmt *st = db_query(
	    db,
	    "SELECT id, taken_on, filled_by, answers, total, created_at"
	    " FROM barc10 WHERE person_id = ? ORDER BY taken_on, id"
	    " LIMIT 200",
	    DB_INT(person_id));
	*out = NULL;
	*count = 0;
	int room = 0;
	while (*count < BARC10_LIST_MAX && db_row(st)) {
		struct barc10 *b = ARENA_NEXT(a, *out, *count, room);
		db_read_row(st, a, DB_COLS(cols), b);
		b->person_id = person_id;
		const char *ans = db_column_text(st, 3); /* "5,4,6,…" */
		for (int i = 0; i < BARC10_ITEMS; i++)
			b->answers[i] = strlen(ans) > (size_t)(2 * i)
			                    ? ans[2 * i] - '0'
			                    : 0;
	}
	return db_end(db, st);
}

enum db_status barc10_latest(struct db *db, struct arena *a, int64_t person_id,
                             int *total, const char **taken_on)
{
	struct db_stmt *st =
	    db_query(db,
	             "SELECT total, taken_on FROM barc10 WHERE person_id = ?"
	             " ORDER BY taken_on DESC, id DESC LIMIT 1",
	             DB_INT(person_id));
	bool found = db_row(st);
	if (found) {
		*total = (int)db_column_int(st, 0);
		*taken_on = db_column_dup(st, a, 1);
	}
	enum db_status s = db_end(db, st);
	return s == DB_DONE && found ? DB_ROW : s;
}
