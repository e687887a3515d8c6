/* training.c — see training.h. */
#include "training.h"

#include "../../core/clock.h"
#include "../../core/text.h"

#include <stdio.h>
#include <string.h>

const struct choice training_kinds[] = {
    {"orientation", "New Employee Orientation"},
    {"wrap_facilitator", "WRAP facilitator"},
    {"cpr_first_aid", "CPR and first aid"},
    {"ethics", "Ethics"},
    {"other", "Other"},
};
const int training_kind_count =
    sizeof training_kinds / sizeof training_kinds[0];

#define HOURS_RULE                                                             \
	"Hours: how long it lasted, above 0 and at most 1000, with at most "   \
	"2 decimals (1.5), or give minutes instead."
#define MINUTES_RULE "Minutes: a whole number from 1 to 60000."

const struct field training_fields[] = {
    FIELD_ID_AT(struct training, id, "id", "Training", FIELD_OUTPUT_ONLY),
    FIELD_ID_AT(struct training, user_id, "user_id", "Staff member",
                FIELD_OUTPUT_ONLY),
    FIELD_LINE_AT(struct training, name, "name", "Training", FIELD_REQUIRED,
                  200),
    FIELD_CHOICE_AT(struct training, kind, "kind", "Kind", FIELD_REQUIRED,
                    training_kinds, &training_kind_count),
    FIELD_DATE_AT(struct training, attended_on, "attended_on", "Date attended",
                  FIELD_REQUIRED | FIELD_NOT_FUTURE),
    FIELD_LINE_AT(struct training, hours_in, "hours", "Hours", FIELD_INPUT_ONLY,
                  12, .message = HOURS_RULE),
    FIELD_LINE_AT(struct training, minutes_in, "minutes", "Minutes",
                  FIELD_INPUT_ONLY, 12, .message = MINUTES_RULE),
    FIELD_LINE_AT(struct training, provider, "provider", "Provider", 0, 200),
};
const int training_field_count =
    sizeof training_fields / sizeof training_fields[0];

/* "1", "1.5", "1.25" (no sign, at most 2 decimals) in minutes, rounded to
 * the nearest; -1 when it is not such a number or above 1000 hours. */
static int64_t hours_to_minutes(const char *s)
{
	int64_t whole = 0, cents = 0;
	int digits = 0, decimals = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		whole = whole * 10 + (*p - '0');
		if (whole > 1000)
			return -1;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, decimals++) {
			if (decimals == 2)
				return -1;
			cents = cents * 10 + (*p - '0');
		}
		if (!decimals)
			return -1;
		if (decimals == 1)
			cents *= 10;
	}
	if (*p || !digits)
		return -1;
	int64_t minutes = whole * 60 + (cents * 60 + 50) / 100;
	return minutes > TRAINING_MINUTES_MAX ? -1 : minutes;
}

int training_validate(struct arena *a, struct training *t, const char *zone,
                      struct field_error *e)
{
	if (fields_validate_in(a, training_fields, training_field_count, t,
	                       zone, e))
		return -1;
	bool hours = t->hours_in && *t->hours_in;
	bool minutes = t->minutes_in && *t->minutes_in;
	if (hours && minutes)
		return field_fail(e, "hours",
		                  "Hours: give hours or minutes, not both.");
	if (!hours && !minutes)
		return field_fail(e, "hours", HOURS_RULE);
	if (hours) {
		t->minutes = hours_to_minutes(t->hours_in);
		if (t->minutes <= 0)
			return field_fail(e, "hours", HOURS_RULE);
		return 0;
	}
	int64_t m;
	if (!text_to_id(t->minutes_in, &m) || m < 1 || m > TRAINING_MINUTES_MAX)
		return field_fail(e, "minutes", MINUTES_RULE);
	t->minutes = m;
	return 0;
}

const char *training_hours(struct arena *a, int64_t minutes)
{
	int64_t whole = minutes / 60;
	int64_t cents = ((minutes % 60) * 100 + 30) / 60;
	if (cents == 100) {
		whole++;
		cents = 0;
	}
	if (!cents)
		return arena_sprintf(a, "%lld", (long long)whole);
	if (cents % 10 == 0)
		return arena_sprintf(a, "%lld.%lld", (long long)whole,
		                     (long long)(cents / 10));
	return arena_sprintf(a, "%lld.%02lld", (long long)whole,
	                     (long long)cents);
}

static int64_t record(struct db *db, const struct actor *actor, int64_t user_id,
                      const char *name, const char *kind, const char *date,
                      int64_t minutes, const char *provider)
{
	if (!name || !*name || !text_is_one_line(name, 200) || !kind ||
	    !choice_known(training_kinds, training_kind_count, kind) || !date ||
	    !text_is_date(date) || minutes < 1 ||
	    minutes > TRAINING_MINUTES_MAX || !provider ||
	    !text_is_one_line(provider, 200))
		return 0;
	bool own = !db_in_transaction(db);
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	if (own && db_begin(db) != DB_OK)
		return -1;
	int64_t id = 0;
	enum db_status s = db_one_int(
	    db,
	    "INSERT INTO trainings (user_id, name, kind, attended_on, minutes,"
	    " provider, recorded_by, created_at) SELECT u.id, ?, ?, ?, ?, ?,"
	    " ?, ? FROM users u WHERE u.id = ? AND u.disabled = 0 RETURNING id",
	    &id, DB_TEXT(name), DB_TEXT(kind), DB_TEXT(date), DB_INT(minutes),
	    DB_TEXT(provider), DB_INT(actor->user_id), DB_TEXT(now),
	    DB_INT(user_id));
	if (s == DB_DONE) {
		if (own)
			db_rollback(db);
		return 0;
	}
	char entity[24], detail[96];
	snprintf(entity, sizeof entity, "%lld", (long long)id);
	snprintf(detail, sizeof detail, "staff %lld: %s on %s, %lld minutes",
	         (long long)user_id, kind, date, (long long)minutes);
	struct audit_entry entry = {"create", "training", entity,
	                            0,        "success",  detail};
	s = s == DB_ROW ? DB_OK : s;
	if (own)
		s = audit_commit(db, s, actor, &entry);
	else if (s == DB_OK)
		s = audit_append(db, actor, &entry);
	return s == DB_OK ? id : -1;
}

int64_t training_record_attendance(struct db *db, const struct actor *actor,
                                   int64_t user_id, const char *name,
                                   const char *kind, const char *date,
                                   int64_t minutes)
{
	return record(db, actor, user_id, name, kind, date, minutes, "");
}

int64_t training_record(struct db *db, const struct actor *actor,
                        const struct training *t)
{
	return record(db, actor, t->user_id, t->name, t->kind, t->attended_on,
	              t->minutes, t->provider ? t->provider : "");
}

static const struct db_col training_cols[] = {
    DB_COL_INT(struct training, id),
    DB_COL_INT(struct training, user_id),
    DB_COL_TEXT(struct training, name),
    DB_COL_TEXT(struct training, kind),
    DB_COL_TEXT(struct training, attended_on),
    DB_COL_INT(struct training, minutes),
    DB_COL_TEXT(struct training, provider),
    DB_COL_TEXT(struct training, recorded_by),
    DB_COL_TEXT(struct training, created_at)};

enum db_status trainings_of(struct db *db, struct arena *a, int64_t user_id,
                            struct training **out, int *n)
{
	/* trainings_user (user_id, attended_on) WHERE removed_at IS NULL */
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT t.id, t.user_id, t.name, t.kind, t.attended_on,"
	             " t.minutes, t.provider, u.name, t.created_at FROM"
	             " trainings t JOIN users u ON u.id = t.recorded_by"
	             " WHERE t.user_id = ? AND t.removed_at IS NULL ORDER BY"
	             " t.attended_on DESC, t.id DESC LIMIT 500",
	             DB_INT(user_id)),
	    a, DB_COLS(training_cols), sizeof **out, TRAINING_LIST_MAX,
	    (void **)out, n);
}

enum db_status training_totals(struct db *db, int64_t user_id,
                               const char *since, int64_t *year, int64_t *all)
{
	enum db_status s = db_one_int(
	    db,
	    "SELECT COALESCE(SUM(minutes), 0) FROM trainings WHERE user_id = ?"
	    " AND removed_at IS NULL AND attended_on >= ?",
	    year, DB_INT(user_id), DB_TEXT(since));
	if (s != DB_ROW)
		return s;
	s = db_one_int(db,
	               "SELECT COALESCE(SUM(minutes), 0) FROM trainings WHERE"
	               " user_id = ? AND removed_at IS NULL",
	               all, DB_INT(user_id));
	return s == DB_ROW ? DB_DONE : s;
}

enum db_status training_remove(struct db *db, const struct actor *who,
                               int64_t user_id, int64_t id)
{
	char now[CLOCK_STAMP_SIZE], entity[24], detail[40];
	clock_now_utc(now);
	snprintf(entity, sizeof entity, "%lld", (long long)id);
	snprintf(detail, sizeof detail, "staff %lld: removed",
	         (long long)user_id);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return s;
	int64_t done;
	s = db_one_int(db,
	               "UPDATE trainings SET removed_at = ? WHERE id = ? AND"
	               " user_id = ? AND removed_at IS NULL RETURNING id",
	               &done, DB_TEXT(now), DB_INT(id), DB_INT(user_id));
	if (s == DB_DONE) {
		db_rollback(db);
		return DB_DONE;
	}
	return audit_commit(db, s == DB_ROW ? DB_OK : s, who,
	                    &(struct audit_entry){"delete", "training", entity,
	                                          0, "success", detail});
}
