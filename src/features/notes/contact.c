/* contact.c — see contact.h. */
#include "contact.h"
#include "../../core/buf.h"
#include "../../core/clock.h"
#include "../../core/local_time.h"
#include "../../core/text.h"
#include "../cosign/cosign.h"
#include "../notices/notice.h"
#include "../plans/plan.h"
#include "service_facts.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

enum { CONTACT_LIST_MAX = 200, ADDENDA_MAX = 100 };

/* Billable kinds carry H0038 (self-help/peer services, per 15 minutes)
 * unless the installation sets another code (service_codes).  One list
 * makes both the kinds' rules and the choices a form and the field table
 * offer, so the two never disagree. */
#define CONTACT_KINDS(X)                                                       \
	X("individual", "Individual peer support", true, false, false)         \
	X("accompaniment",                                                     \
	  "Accompaniment to a medical or clinical appointment", true, false,   \
	  false)                                                               \
	X("community_outing", "Community outing", true, false, false)          \
	X("volunteer", "Volunteer activity", false, false, false)              \
	X("day_pass", "Day pass", false, false, false)                         \
	X("outreach", "Outreach", false, false, false)                         \
	X("transportation", "Transportation", false, true, false)              \
	X("phone", "Phone call", true, false, false)                           \
	X("message", "E-mail or text", false, false, false)                    \
	X("peer_desk", "Peer Desk drop-in", false, false, true)
#define KIND_RULES(code, label, billable, miles, unknown)                      \
	{code, label, billable, miles, unknown},
#define KIND_CHOICE(code, label, billable, miles, unknown) {code, label},
const struct contact_kind contact_kinds[] = {CONTACT_KINDS(KIND_RULES)};
const struct choice contact_kind_choices[] = {CONTACT_KINDS(KIND_CHOICE)};
#undef KIND_CHOICE
#undef KIND_RULES
#undef CONTACT_KINDS
const int contact_kind_count = sizeof contact_kinds / sizeof contact_kinds[0];

const struct choice contact_locations[] = {
    {"office", "Office"},
    {"community", "Community"},
    {"inpatient_unit", "Inpatient unit"},
    {"hospital_campus", "Hospital campus"},
    {"home", "Home"},
    {"phone", "Phone"},
    {"video", "Video"},
};
const int contact_location_count =
    sizeof contact_locations / sizeof contact_locations[0];

const struct contact_kind *contact_kind_find(const char *code)
{
	for (int i = 0; code && i < contact_kind_count; i++)
		if (!strcmp(contact_kinds[i].code, code))
			return &contact_kinds[i];
	return NULL;
}

/* "HH:MM" → minutes since midnight, or -1. */
static int clock_minutes(const char *t)
{
	if (!t || strlen(t) != 5 || t[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (t[i] < '0' || t[i] > '9'))
			return -1;
	int h = (t[0] - '0') * 10 + t[1] - '0';
	int m = (t[3] - '0') * 10 + t[4] - '0';
	return h < 24 && m < 60 ? h * 60 + m : -1;
}

int contact_minutes(const char *start, const char *end)
{
	int a = clock_minutes(start), b = clock_minutes(end);
	return a < 0 || b <= a ? -1 : b - a;
}

/* A contact as the form and the API name it, in the order its JSON has
 * them (id and person_id come first, goals, miles and integrity last:
 * contacts_api.c writes those). */
const struct field contact_fields[] = {
    FIELD_CHOICE_AT(struct contact, kind, "kind", "Kind of contact",
                    FIELD_REQUIRED, contact_kind_choices, &contact_kind_count),
    FIELD_DATE_AT(struct contact, contact_on, "contact_on", "Date",
                  FIELD_REQUIRED | FIELD_NOT_FUTURE),
    FIELD_TIME_AT(struct contact, starts_at, "starts_at", "Start time", 0),
    FIELD_TIME_AT(struct contact, ends_at, "ends_at", "End time", 0),
    FIELD_CHOICE_AT(struct contact, location, "location", "Where", 0,
                    contact_locations, &contact_location_count),
    FIELD_LINE_AT(struct contact, visitor_name, "visitor_name", "Their name", 0,
                  200),
    FIELD_TEXT_AT(struct contact, did_together, "did_together",
                  "What we did together", 0, CONTACT_TEXT_MAX),
    FIELD_TEXT_AT(struct contact, response, "response",
                  "How the person responded", 0, CONTACT_TEXT_MAX),
    FIELD_TEXT_AT(struct contact, next_steps, "next_steps", "Next steps", 0,
                  CONTACT_TEXT_MAX),
    FIELD_TEXT_AT(struct contact, team_notice, "team_notice",
                  "What the team should know", 0, CONTACT_TEXT_MAX),
    FIELD_LINE_AT(struct contact, state, "state", "State", FIELD_OUTPUT_ONLY,
                  0),
    FIELD_LINE_AT(struct contact, cosign_state, "cosign_state", "Co-signature",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_TEXT_AT(struct contact, cosign_comment, "cosign_comment",
                  "Supervisor's comment", FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct contact, signed_at, "signed_at", "Signed",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct contact, content_hash, "content_hash", "Content hash",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct contact, staff_name, "staff", "Signed by",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct contact, created_at, "created_at", "Created",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct contact, updated_at, "updated_at", "Updated",
                  FIELD_OUTPUT_ONLY, 0),
};
const int contact_field_count =
    sizeof contact_fields / sizeof contact_fields[0];

/* An addendum as the form and the API name it (its text is "text"). */
const struct field addendum_fields[] = {
    FIELD_ID_AT(struct addendum, id, "id", "Addendum", FIELD_OUTPUT_ONLY),
    FIELD_LINE_AT(struct addendum, reason, "reason", "Why it is corrected",
                  FIELD_REQUIRED, 1000),
    FIELD_TEXT_AT(struct addendum, body, "text", "The correction",
                  FIELD_REQUIRED, CONTACT_TEXT_MAX),
    FIELD_LINE_AT(struct addendum, author_name, "author", "Author",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct addendum, created_at, "created_at", "Added",
                  FIELD_OUTPUT_ONLY, 0),
};
const int addendum_field_count =
    sizeof addendum_fields / sizeof addendum_fields[0];

/* A time of day the clocks skipped on that date in zone (02:30 on the
 * night they go forward). */
static bool local_gap(const char *zone, const char *date, const char *time)
{
	char utc[CLOCK_STAMP_SIZE];
	return *time && local_to_utc(zone, date, time, utc) == LOCAL_SKIPPED;
}
#define GAP(label)                                                             \
	label " did not happen on that date: the clocks went forward an "      \
	      "hour that night."

/* The table says each field's own limits; what is left are the rules
 * between fields. */
int contact_validate(struct arena *a, const struct contact *c, const char *zone,
                     bool signing, struct field_error *e)
{
	if (fields_validate_in(a, contact_fields, contact_field_count, c, zone,
	                       e))
		return -1;
	const struct contact_kind *k = contact_kind_find(c->kind);
	if (!c->person_id && !k->person_unknown)
		return field_fail(e, "person_id",
		                  "Person: only a Peer Desk drop-in may be "
		                  "someone not enrolled.");
	if (local_gap(zone, c->contact_on, c->starts_at))
		return field_fail(e, "starts_at", GAP("Start time"));
	if (local_gap(zone, c->contact_on, c->ends_at))
		return field_fail(e, "ends_at", GAP("End time"));
	if (*c->starts_at && *c->ends_at &&
	    contact_minutes(c->starts_at, c->ends_at) < 0)
		return field_fail(e, "ends_at",
		                  "End time must be after the start time.");
	if (c->miles_tenths < 0 || c->miles_tenths > 10000 ||
	    (c->miles_tenths && !k->miles))
		return field_fail(e, "miles",
		                  "Miles: a number from 0 to 1000, only for "
		                  "transportation.");
	if (signing && !*c->did_together)
		return field_fail(e, "did_together",
		                  "Say what you did together before signing.");
	return 0;
}

/* A field not given (NULL, in a contact not read from the database) or
 * left empty. */
static bool blank(const char *s)
{
	return !s || !*s;
}

unsigned contact_unbillable(const struct contact *c)
{
	const struct contact_kind *k = contact_kind_find(c->kind);
	if (!k || !k->billable)
		return UNBILLED_KIND; /* nothing else would make it billable */
	unsigned why = 0;
	if (blank(c->starts_at))
		why |= UNBILLED_NO_START;
	if (blank(c->ends_at))
		why |= UNBILLED_NO_END;
	if (!why && contact_minutes(c->starts_at, c->ends_at) <= 0)
		why |= UNBILLED_TIMES;
	if (blank(c->location))
		why |= UNBILLED_LOCATION;
	if (blank(c->goals) || !strcmp(c->goals, "[]"))
		why |= UNBILLED_GOAL;
	if (blank(c->did_together))
		why |= UNBILLED_NARRATIVE;
	/* a contact not saved yet (a preview) has no state: a draft */
	if (!c->state || strcmp(c->state, "signed"))
		why |= UNBILLED_UNSIGNED;
	if (c->cosign_state && !cosign_settled(c->cosign_state))
		why |= UNBILLED_COSIGN;
	return why;
}

bool contact_billable(const struct contact *c)
{
	return !contact_unbillable(c);
}

/* Every signed field, each length-prefixed so no two notes share a text. */
void contact_hash(const struct contact *c, char out[CONTACT_HASH_HEX])
{
	const char *const texts[] = {
	    c->kind,     c->contact_on,   c->starts_at,   c->ends_at,
	    c->location, c->visitor_name, c->goals,       c->did_together,
	    c->response, c->next_steps,   c->team_notice, c->signed_at};
	struct buf b = {0};
	buf_printf(&b, "contact %lld person %lld staff %lld miles %d\n",
	           (long long)c->id, (long long)c->person_id,
	           (long long)c->staff_id, c->miles_tenths);
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		buf_printf(&b, "%zu:%s\n", strlen(texts[i] ? texts[i] : ""),
		           texts[i] ? texts[i] : "");
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)b.data, b.len);
	sodium_bin2hex(out, CONTACT_HASH_HEX, digest, sizeof digest);
	buf_free(&b);
}

/* The content columns' arguments, in the order both statements name them. */
#define CONTENT_ARGS(c)                                                        \
	DB_TEXT((c)->kind), DB_TEXT((c)->contact_on), DB_TEXT((c)->starts_at), \
	    DB_TEXT((c)->ends_at), DB_TEXT((c)->location),                     \
	    DB_TEXT((c)->visitor_name), DB_TEXT((c)->goals),                   \
	    DB_TEXT((c)->did_together), DB_TEXT((c)->response),                \
	    DB_TEXT((c)->next_steps), DB_TEXT((c)->team_notice),               \
	    DB_INT((c)->miles_tenths)

enum db_status contact_save_draft(struct db *db, struct contact *c)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	/* a person's contact belongs to their team; a visitor's to the staff
	 * member's */
	struct db_stmt *st =
	    !c->id
	        ? db_query(db,
	                   "INSERT INTO contacts (kind, contact_on, starts_at,"
	                   " ends_at, location, visitor_name, goals,"
	                   " did_together, response, next_steps, team_notice,"
	                   " miles_tenths, person_id, team_id, staff_id, state,"
	                   " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?,"
	                   " ?, ?, ?, ?, ?, ?, ?, COALESCE((SELECT team_id FROM"
	                   " persons WHERE id = ?), CAST(? AS BIGINT)), ?,"
	                   " 'draft', ?, ?) RETURNING id, team_id",
	                   CONTENT_ARGS(c), DB_ID_OR_NULL(c->person_id),
	                   DB_ID_OR_NULL(c->person_id), DB_INT(c->team_id),
	                   DB_INT(c->staff_id), DB_TEXT(now), DB_TEXT(now))
	        : db_query(db,
	                   "UPDATE contacts SET kind = ?, contact_on = ?,"
	                   " starts_at = ?, ends_at = ?, location = ?,"
	                   " visitor_name = ?, goals = ?, did_together = ?,"
	                   " response = ?, next_steps = ?, team_notice = ?,"
	                   " miles_tenths = ?, updated_at = ? WHERE id = ? AND"
	                   " person_id = ? AND staff_id = ? AND state = 'draft'"
	                   " RETURNING id, team_id",
	                   CONTENT_ARGS(c), DB_TEXT(now), DB_INT(c->id),
	                   DB_INT(c->person_id), DB_INT(c->staff_id));
	bool saved = db_row(st);
	if (saved) {
		c->id = db_column_int(st, 0);
		c->team_id = db_column_int(st, 1);
	}
	enum db_status s = db_end(db, st);
	if (saved && s == DB_DONE) { /* the service reports' row */
		struct arena a;
		arena_init(&a);
		s = service_fact_sync(db, &a, c->id);
		arena_free(&a);
		return s;
	}
	return saved && s == DB_DONE ? DB_OK : s;
}

#define CONTACT_COLUMNS                                                        \
	"SELECT c.id, COALESCE(c.person_id, 0), c.team_id, c.staff_id,"        \
	" c.miles_tenths, c.kind, c.contact_on, c.starts_at, c.ends_at,"       \
	" c.location, c.visitor_name, c.goals, c.did_together, c.response,"    \
	" c.next_steps, c.team_notice, c.state, c.cosign_state,"               \
	" COALESCE(c.signed_at, ''), COALESCE(c.content_hash, ''),"            \
	" c.cosign_comment, s.name, COALESCE(v.name, ''), c.created_at,"       \
	" c.updated_at FROM contacts c JOIN users s ON s.id = c.staff_id"      \
	" LEFT JOIN users v ON v.id = c.cosigned_by"

#define COL(type, member) DB_COL_##type(struct contact, member)
static const struct db_col contact_cols[] = {COL(INT, id),
                                             COL(INT, person_id),
                                             COL(INT, team_id),
                                             COL(INT, staff_id),
                                             COL(INT32, miles_tenths),
                                             COL(TEXT, kind),
                                             COL(TEXT, contact_on),
                                             COL(TEXT, starts_at),
                                             COL(TEXT, ends_at),
                                             COL(TEXT, location),
                                             COL(TEXT, visitor_name),
                                             COL(TEXT, goals),
                                             COL(TEXT, did_together),
                                             COL(TEXT, response),
                                             COL(TEXT, next_steps),
                                             COL(TEXT, team_notice),
                                             COL(TEXT, state),
                                             COL(TEXT, cosign_state),
                                             COL(TEXT, signed_at),
                                             COL(TEXT, content_hash),
                                             COL(TEXT, cosign_comment),
                                             COL(TEXT, staff_name),
                                             COL(TEXT, cosigned_by_name),
                                             COL(TEXT, created_at),
                                             COL(TEXT, updated_at)};
#undef COL

/* A signed note read back must match its hash; a draft has nothing signed
 * to check. */
static void check_hash(struct contact *c)
{
	char hash[CONTACT_HASH_HEX];
	if (strcmp(c->state, "signed")) {
		c->hash_ok = true;
		return;
	}
	contact_hash(c, hash);
	c->hash_ok = !strcmp(hash, c->content_hash);
}

/* Reads up to limit contacts from st (CONTACT_COLUMNS) into a new array;
 * DB_DONE. */
static enum db_status read_contacts(struct db *db, struct db_stmt *st,
                                    struct arena *a, int limit,
                                    struct contact **out, int *count)
{
	enum db_status s =
	    db_read_list(db, st, a, DB_COLS(contact_cols), sizeof **out, limit,
	                 (void **)out, count);
	for (int i = 0; i < *count; i++)
		check_hash(&(*out)[i]);
	return s;
}

/* Reads the first contact from st: DB_ROW, DB_DONE or the error. */
static enum db_status read_one_contact(struct db *db, struct db_stmt *st,
                                       struct arena *a, struct contact *out)
{
	bool found = db_row(st);
	if (found) {
		db_read_row(st, a, DB_COLS(contact_cols), out);
		check_hash(out);
	}
	enum db_status s = db_end(db, st);
	return found && s == DB_DONE ? DB_ROW : s;
}

enum db_status contact_get(struct db *db, struct arena *a, int64_t person_id,
                           int64_t id, struct contact *out)
{
	return read_one_contact(db,
	                        db_query(db,
	                                 CONTACT_COLUMNS
	                                 " WHERE c.id = ? AND"
	                                 " COALESCE(c.person_id, 0) = ?",
	                                 DB_INT(id), DB_INT(person_id)),
	                        a, out);
}

enum db_status contact_list(struct db *db, struct arena *a, int64_t person_id,
                            int64_t viewer, int limit, int64_t after,
                            struct contact **out, int *count)
{
	if (limit < 1 || limit > CONTACT_LIST_MAX)
		limit = CONTACT_LIST_MAX;
	return read_contacts(
	    db,
	    db_query(db,
	             CONTACT_COLUMNS " WHERE c.person_id = ? AND (c.state ="
	                             " 'signed' OR c.staff_id = ?) AND (? = 0"
	                             " OR c.id < ?) ORDER BY c.id DESC LIMIT ?",
	             DB_INT(person_id), DB_INT(viewer), DB_INT(after),
	             DB_INT(after), DB_INT(limit)),
	    a, limit, out, count);
}

/* Drop-ins by someone not enrolled, on the viewer's teams (every team for
 * all_teams), between two dates: newest first, and how many in all. */
enum db_status contact_drop_ins(struct db *db, struct arena *a, int64_t viewer,
                                bool all_teams, const char *from,
                                const char *to, int limit, struct contact **out,
                                int *count, int64_t *total)
{
#define DROP_INS_WHERE                                                         \
	" WHERE c.person_id IS NULL AND c.state = 'signed' AND"                \
	" c.contact_on BETWEEN ? AND ? AND (? = 1 OR c.team_id IN (SELECT"     \
	" team_id FROM team_members WHERE user_id = ?))"
#define DROP_INS_ARGS                                                          \
	DB_TEXT(from), DB_TEXT(to), DB_BOOL(all_teams), DB_INT(viewer)
	if (limit < 1 || limit > CONTACT_LIST_MAX)
		limit = CONTACT_LIST_MAX;
	*total = 0;
	enum db_status s =
	    db_one_int(db, "SELECT COUNT(*) FROM contacts c" DROP_INS_WHERE,
	               total, DROP_INS_ARGS);
	if (s != DB_ROW)
		return s;
	return read_contacts(db,
	                     db_query(db,
	                              CONTACT_COLUMNS DROP_INS_WHERE
	                              " ORDER BY c.contact_on DESC,"
	                              " c.id DESC LIMIT ?",
	                              DROP_INS_ARGS, DB_INT(limit)),
	                     a, limit, out, count);
#undef DROP_INS_ARGS
#undef DROP_INS_WHERE
}

enum db_status contact_draft_find(struct db *db, struct arena *a,
                                  int64_t person_id, int64_t staff_id,
                                  struct contact *out)
{
	return read_one_contact(
	    db,
	    db_query(db,
	             CONTACT_COLUMNS " WHERE c.staff_id = ? AND c.person_id = ?"
	                             " AND c.state = 'draft' ORDER BY c.id DESC"
	                             " LIMIT 1",
	             DB_INT(staff_id), DB_INT(person_id)),
	    a, out);
}

enum db_status contact_sign(struct db *db, struct arena *a, int64_t person_id,
                            int64_t id, int64_t staff_id, bool trainee,
                            const char *zone, struct field_error *e)
{
	struct contact c;
	e->field = NULL;
	enum db_status s = contact_get(db, a, person_id, id, &c);
	if (s != DB_ROW)
		return s;
	if (strcmp(c.state, "draft") || c.staff_id != staff_id)
		return DB_DONE;
	if (contact_validate(a, &c, zone, true, e))
		return DB_CONSTRAINT;
	char now[CLOCK_STAMP_SIZE], hash[CONTACT_HASH_HEX];
	clock_now_utc(now);
	c.signed_at = now;
	contact_hash(&c, hash);
	int64_t signed_id;
	s = db_one_int(db,
	               "UPDATE contacts SET state = 'signed', signed_at = ?,"
	               " content_hash = ?, cosign_state = ?, updated_at = ?"
	               " WHERE id = ? AND state = 'draft' RETURNING id",
	               &signed_id, DB_TEXT(now), DB_TEXT(hash),
	               DB_TEXT(cosign_first_state(trainee)), DB_TEXT(now),
	               DB_INT(id));
	if (s == DB_ROW && c.person_id) /* the Today page's "no contact in" */
		s = db_run(db,
		           "UPDATE persons SET last_contact_on = ? WHERE id = ?"
		           " AND last_contact_on < ?",
		           DB_TEXT(c.contact_on), DB_INT(c.person_id),
		           DB_TEXT(c.contact_on));
	if (s == DB_ROW || s == DB_OK) /* the service reports' row */
		s = service_fact_sync(db, a, id);
	return s == DB_ROW || s == DB_OK ? DB_OK : s;
}

enum db_status contact_add_addendum(struct db *db, int64_t person_id,
                                    int64_t id, int64_t author,
                                    const char *reason, const char *body,
                                    int64_t *addendum_id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	/* only to a signed note of this person: a draft is simply edited */
	enum db_status s = db_one_int(
	    db,
	    "INSERT INTO contact_addenda (contact_id, reason, body,"
	    " author_id, created_at) SELECT id, ?, ?, ?, ? FROM contacts"
	    " WHERE id = ? AND person_id = ? AND state = 'signed'"
	    " RETURNING id",
	    addendum_id, DB_TEXT(reason), DB_TEXT(body), DB_INT(author),
	    DB_TEXT(now), DB_INT(id), DB_INT(person_id));
	if (s != DB_ROW)
		return s;
	/* a trainee's addendum to a returned note sends it back for review */
	return db_run(db,
	              "UPDATE contacts SET cosign_state = 'pending'"
	              " WHERE id = ? AND staff_id = ? AND cosign_state"
	              " = 'returned'",
	              DB_INT(id), DB_INT(author));
}

static const struct db_col addendum_cols[] = {
    DB_COL_INT(struct addendum, id), DB_COL_TEXT(struct addendum, reason),
    DB_COL_TEXT(struct addendum, body),
    DB_COL_TEXT(struct addendum, author_name),
    DB_COL_TEXT(struct addendum, created_at)};

enum db_status contact_addenda(struct db *db, struct arena *a, int64_t id,
                               struct addendum **out, int *count)
{
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT d.id, d.reason, d.body, u.name, d.created_at FROM"
	             " contact_addenda d JOIN users u ON u.id = d.author_id"
	             " WHERE d.contact_id = ? ORDER BY d.id LIMIT 100",
	             DB_INT(id)),
	    a, DB_COLS(addendum_cols), sizeof **out, ADDENDA_MAX, (void **)out,
	    count);
}

enum db_status contact_cosign(struct db *db, int64_t person_id, int64_t id,
                              int64_t supervisor, bool approve,
                              const char *comment)
{
	enum db_status s = cosign_decide(db, COSIGN_CONTACT, person_id, id,
	                                 supervisor, approve, comment);
	struct arena a;
	arena_init(&a);
	if (s == DB_OK && approve) /* counted in the reports from now */
		s = service_fact_sync(db, &a, id);
	arena_free(&a);
	if (s != DB_OK || approve)
		return s;
	/* A returned note was never final: it is the trainee's draft again,
	 * to correct and sign once more (the return, with its comment, stays
	 * in the audit log and on the note), and they are told. */
	int64_t author;
	s = db_one_int(db,
	               "UPDATE contacts SET state = 'draft', signed_at = NULL,"
	               " content_hash = NULL WHERE id = ? AND person_id = ?"
	               " AND cosign_state = 'returned' RETURNING staff_id",
	               &author, DB_INT(id), DB_INT(person_id));
	if (s != DB_ROW)
		return s == DB_DONE ? DB_ERROR : s;
	arena_init(&a);
	s = service_fact_sync(db, &a, id); /* a draft's row again */
	arena_free(&a);
	if (s != DB_OK)
		return s;
	char link[96];
	snprintf(link, sizeof link, "/persons/%lld/contacts/new?draft=%lld",
	         (long long)person_id, (long long)id);
	arena_init(&a);
	s = notice_to_user(
	    db, author,
	    arena_sprintf(&a, "Your note was returned for correction: %s",
	                  comment),
	    link);
	arena_free(&a);
	return s;
}

int contact_goal_words(struct db *db, struct arena *a, int64_t person_id,
                       const int *numbers, int n, const char **json,
                       struct field_error *e)
{
	json_t *list = json_array();
	struct plan_version v = {0};
	enum db_status s = n ? plan_get(db, a, person_id, 0, &v) : DB_DONE;
	json_t *goals =
	    v.document ? json_object_get(v.document, "goals") : NULL;
	int bad = 0;
	for (int i = 0; i < n && !bad; i++) {
		json_t *g = json_array_get(goals, (size_t)(numbers[i] - 1));
		const char *words =
		    json_string_value(json_object_get(g, "words"));
		if (s != DB_ROW || numbers[i] < 1 || !words)
			bad = 1;
		else
			json_array_append_new(list, json_string(words));
	}
	char *text = json_dumps(list, JSON_COMPACT | JSON_ENSURE_ASCII);
	*json = arena_strdup(a, text ? text : "[]");
	free(text);
	json_decref(list);
	json_decref(v.document);
	if (bad)
		return field_fail(e, "goals",
		                  "Plan goals: choose goals from the person's "
		                  "recovery plan.");
	return 0;
}
