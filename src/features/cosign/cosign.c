/* cosign.c — see cosign.h. */
#include "cosign.h"
#include "../../http/response.h"
#include "../../core/clock.h"

#include <string.h>

const char *cosign_first_state(bool trainee)
{
	return trainee ? "pending" : "none";
}

bool cosign_settled(const char *state)
{
	return !strcmp(state, "none") || !strcmp(state, "cosigned");
}

/* One UPDATE per subject (SQL stays literal), the same columns in each;
 * RETURNING tells whether a pending row matched. */
enum db_status cosign_decide(struct db *db, enum cosign_subject subject,
                             int64_t person_id, int64_t key, int64_t supervisor,
                             bool approve, const char *comment)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	const char *state = approve ? "cosigned" : "returned";
	int64_t id;
	enum db_status s = DB_ERROR;
	switch (subject) {
	case COSIGN_CONTACT:
		s = db_one_int(db,
		               "UPDATE contacts SET cosign_state = ?,"
		               " cosigned_by = ?, cosigned_at = ?,"
		               " cosign_comment = ? WHERE id = ? AND"
		               " person_id = ? AND cosign_state = 'pending'"
		               " RETURNING id",
		               &id, DB_TEXT(state), DB_INT(supervisor),
		               DB_TEXT(now), DB_TEXT(comment), DB_INT(key),
		               DB_INT(person_id));
		break;
	case COSIGN_PLAN_VERSION:
		s = db_one_int(db,
		               "UPDATE plan_versions SET cosign_state = ?,"
		               " cosigned_by = ?, cosigned_at = ?,"
		               " cosign_comment = ? WHERE person_id = ? AND"
		               " version = ? AND cosign_state = 'pending'"
		               " RETURNING id",
		               &id, DB_TEXT(state), DB_INT(supervisor),
		               DB_TEXT(now), DB_TEXT(comment),
		               DB_INT(person_id), DB_INT(key));
		break;
	}
	return s == DB_ROW ? DB_OK : s;
}

static const struct choice decisions[] = {
    {"cosign", "Co-sign"},
    {"return", "Return with comments"},
};
static const int decision_count = sizeof decisions / sizeof decisions[0];

const struct field cosign_decision_fields[] = {
    FIELD_CHOICE_AT(struct cosign_decision, decision, "decision", "Decision",
                    FIELD_REQUIRED, decisions, &decision_count),
    FIELD_TEXT_AT(struct cosign_decision, comment, "comment",
                  "Comment for the trainee", 0, 0),
};
const int cosign_decision_field_count =
    sizeof cosign_decision_fields / sizeof cosign_decision_fields[0];

int cosign_decision_check(struct arena *a, struct cosign_decision *d,
                          struct field_error *e)
{
	if (fields_validate(a, cosign_decision_fields,
	                    cosign_decision_field_count, d, e))
		return -1;
	d->approve = !strcmp(d->decision, "cosign");
	/* the trainee has to know what to change */
	if (!d->approve && !*d->comment)
		return field_fail(e, "comment",
		                  "Say why it is returned, for the trainee.");
	return 0;
}

int cosign_decision_from_form(struct req *r, struct cosign_decision *d,
                              struct field_error *e)
{
	fields_from_form(r, cosign_decision_fields, cosign_decision_field_count,
	                 d);
	return cosign_decision_check(&r->arena, d, e);
}

enum answer cosign_decision_from_json(struct req *r, struct cosign_decision *d)
{
	struct field_error e;
	if (fields_from_json(r, cosign_decision_fields,
	                     cosign_decision_field_count, NULL, d) == ANSWERED)
		return ANSWERED;
	if (!cosign_decision_check(&r->arena, d, &e))
		return GO_ON;
	reply_error(r, 400, "invalid", e.message, e.field);
	return ANSWERED;
}
