/* policy.c — see policy.h. */
#include "policy.h"

#include "../../core/clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

const struct field policy_input_fields[] = {
    FIELD_ID_AT(struct policy_input, id, "id", "Policy", FIELD_OUTPUT_ONLY),
    FIELD_LINE_AT(struct policy_input, title, "title", "Title", FIELD_REQUIRED,
                  POLICY_TITLE_MAX),
    FIELD_TEXT_AT(struct policy_input, body, "body", "Text", FIELD_REQUIRED,
                  POLICY_BODY_MAX),
};
const int policy_input_field_count =
    sizeof policy_input_fields / sizeof policy_input_fields[0];

const struct field policy_version_fields[] = {
    FIELD_TEXT_AT(struct policy_version, body, "body", "Text", FIELD_REQUIRED,
                  POLICY_BODY_MAX),
};
const int policy_version_field_count =
    sizeof policy_version_fields / sizeof policy_version_fields[0];

const struct field policy_ack_fields[] = {
    FIELD_ID_AT(struct policy_ack_input, version_id, "version_id", "Version",
                FIELD_REQUIRED,
                .message = "Version: the id of the version you read."),
};
const int policy_ack_field_count =
    sizeof policy_ack_fields / sizeof policy_ack_fields[0];

enum db_status policy_ack_cutoff(struct db *db, char out[32], int *days)
{
	int64_t d = 365;
	enum db_status s =
	    db_one_int(db,
	               "SELECT policy_ack_days FROM workforce_settings WHERE"
	               " one = 1",
	               &d);
	if (s != DB_ROW && s != DB_DONE)
		return s;
	if (d < 1 || d > 3650)
		d = 365;
	if (days)
		*days = (int)d;
	time_t at = clock_now() - (time_t)d * 86400;
	struct tm tm;
	gmtime_r(&at, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return DB_DONE;
}

/* The current version of policy p: the newest. */
#define CURRENT_VERSION(p)                                                     \
	" v.version = (SELECT MAX(w.version) FROM policy_versions w WHERE"     \
	" w.policy_id = " p ")"

static const struct db_col list_cols[] = {
    DB_COL_INT(struct policy, id),
    DB_COL_TEXT(struct policy, title),
    DB_COL_INT(struct policy, version_id),
    DB_COL_INT(struct policy, version),
    DB_COL_TEXT(struct policy, published_at),
    DB_COL_TEXT(struct policy, published_by),
    DB_COL_TEXT(struct policy, my_ack_at),
    DB_COL_INT(struct policy, outstanding),
    DB_COL_TEXT(struct policy, body)};

static void mark_due(struct policy *list, int n, const char *cutoff)
{
	for (int i = 0; i < n; i++)
		list[i].due = !*list[i].my_ack_at ||
		              strcmp(list[i].my_ack_at, cutoff) < 0;
}

enum db_status policy_list(struct db *db, struct arena *a, int64_t user_id,
                           const char *cutoff, struct policy **out, int *n)
{
	enum db_status s = db_read_list(
	    db,
	    db_query(db,
	             "SELECT p.id, p.title, v.id, v.version, v.published_at,"
	             " u.name, COALESCE((SELECT a.acknowledged_at FROM"
	             " policy_acks a WHERE a.version_id = v.id AND"
	             " a.user_id = ?), ''), (SELECT COUNT(*) FROM users s"
	             " WHERE s.disabled = 0 AND NOT EXISTS (SELECT 1 FROM"
	             " policy_acks a WHERE a.version_id = v.id AND a.user_id ="
	             " s.id AND a.acknowledged_at >= ?))"
	             " FROM policies p JOIN policy_versions v ON v.policy_id ="
	             " p.id AND" CURRENT_VERSION("p.id") " JOIN users u ON"
	                                                 " u.id ="
	                                                 " v.published_by"
	                                                 " ORDER BY"
	                                                 " lower(p.title),"
	                                                 " p.id LIMIT 500",
	             DB_INT(user_id), DB_TEXT(cutoff)),
	    a, list_cols, 8, sizeof **out, POLICY_LIST_MAX, (void **)out, n);
	if (s == DB_DONE)
		mark_due(*out, *n, cutoff);
	return s;
}

enum db_status policy_get(struct db *db, struct arena *a, int64_t id,
                          int64_t user_id, const char *cutoff,
                          struct policy *out)
{
	struct policy *list;
	int n;
	enum db_status s = db_read_list(
	    db,
	    db_query(db,
	             "SELECT p.id, p.title, v.id, v.version, v.published_at,"
	             " u.name, COALESCE((SELECT a.acknowledged_at FROM"
	             " policy_acks a WHERE a.version_id = v.id AND"
	             " a.user_id = ?), ''), 0, v.body FROM policies p JOIN"
	             " policy_versions v ON v.policy_id = p.id"
	             " AND" CURRENT_VERSION("p.id") " JOIN users u ON u.id ="
	                                            " v.published_by WHERE"
	                                            " p.id = ?",
	             DB_INT(user_id), DB_INT(id)),
	    a, DB_COLS(list_cols), sizeof *list, 1, (void **)&list, &n);
	if (s != DB_DONE)
		return s;
	if (!n)
		return DB_DONE;
	mark_due(list, 1, cutoff);
	*out = list[0];
	return DB_ROW;
}

static const struct db_col version_cols[] = {
    DB_COL_INT(struct policy_version, id),
    DB_COL_INT(struct policy_version, version),
    DB_COL_TEXT(struct policy_version, published_at),
    DB_COL_TEXT(struct policy_version, published_by),
    DB_COL_TEXT(struct policy_version, body)};

enum db_status policy_versions_of(struct db *db, struct arena *a, int64_t id,
                                  bool with_body, struct policy_version **out,
                                  int *n)
{
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT v.id, v.version, v.published_at, u.name,"
	             " CASE WHEN ? = 1 THEN v.body ELSE '' END FROM"
	             " policy_versions v JOIN users u ON u.id ="
	             " v.published_by WHERE v.policy_id = ? ORDER BY"
	             " v.version DESC LIMIT 500",
	             DB_BOOL(with_body), DB_INT(id)),
	    a, DB_COLS(version_cols), sizeof **out, POLICY_LIST_MAX,
	    (void **)out, n);
}

enum db_status policy_version_get(struct db *db, struct arena *a, int64_t id,
                                  int64_t version, struct policy_version *out)
{
	struct policy_version *list;
	int n;
	enum db_status s = db_read_list(
	    db,
	    db_query(db,
	             "SELECT v.id, v.version, v.published_at, u.name, v.body"
	             " FROM policy_versions v JOIN users u ON u.id ="
	             " v.published_by WHERE v.policy_id = ? AND v.version = ?",
	             DB_INT(id), DB_INT(version)),
	    a, DB_COLS(version_cols), sizeof *list, 1, (void **)&list, &n);
	if (s != DB_DONE)
		return s;
	if (!n)
		return DB_DONE;
	*out = list[0];
	return DB_ROW;
}

enum db_status policy_pending_of(struct db *db, struct arena *a, int64_t id,
                                 const char *cutoff,
                                 struct policy_pending **out, int *n)
{
	static const struct db_col cols[] = {
	    DB_COL_INT(struct policy_pending, user_id),
	    DB_COL_TEXT(struct policy_pending, name),
	    DB_COL_TEXT(struct policy_pending, role),
	    DB_COL_INT(struct policy_pending, last_version),
	    DB_COL_TEXT(struct policy_pending, last_ack_at)};
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT s.id, s.name, s.role, COALESCE((SELECT"
	             " MAX(x.version) FROM policy_acks a JOIN policy_versions"
	             " x ON x.id = a.version_id WHERE x.policy_id = ? AND"
	             " a.user_id = s.id), 0), COALESCE((SELECT"
	             " MAX(a.acknowledged_at) FROM policy_acks a JOIN"
	             " policy_versions x ON x.id = a.version_id WHERE"
	             " x.policy_id = ? AND a.user_id = s.id), '')"
	             " FROM users s WHERE s.disabled = 0 AND NOT EXISTS"
	             " (SELECT 1 FROM policy_acks a JOIN policy_versions v ON"
	             " v.id = a.version_id WHERE v.policy_id = ? AND"
	             " a.user_id = s.id AND a.acknowledged_at >= ? "
	             "AND" CURRENT_VERSION(
	                 "?") ") ORDER BY lower(s.name), s.id LIMIT 1000",
	             DB_INT(id), DB_INT(id), DB_INT(id), DB_TEXT(cutoff),
	             DB_INT(id)),
	    a, DB_COLS(cols), sizeof **out, POLICY_PENDING_MAX, (void **)out,
	    n);
}

static enum policy_change failed(struct db *db, enum db_status s)
{
	(void)s;
	if (db_in_transaction(db))
		db_rollback(db);
	return POLICY_FAILED;
}

static enum policy_change refuse(struct db *db, enum policy_change c,
                                 struct field_error *e, const char *field,
                                 const char *message)
{
	if (db_in_transaction(db))
		db_rollback(db);
	field_fail(e, field, message);
	return c;
}

/* Adds version `version` of policy id and its audit entry (no commit). */
static enum db_status add_version(struct db *db, struct arena *a,
                                  const struct actor *who, int64_t id,
                                  int64_t version, const char *body,
                                  const char *now, int64_t *version_id)
{
	enum db_status s = db_run_returning_id(
	    db,
	    "INSERT INTO policy_versions (policy_id, version, body,"
	    " published_by, published_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
	    version_id, DB_INT(id), DB_INT(version), DB_TEXT(body),
	    DB_INT(who->user_id), DB_TEXT(now));
	if (s != DB_OK)
		return s;
	return audit_append(
	    db, who,
	    &(struct audit_entry){
	        "create", "policy_version",
	        arena_sprintf(a, "%lld", (long long)*version_id), 0, "success",
	        arena_sprintf(a, "policy %lld version %lld", (long long)id,
	                      (long long)version)});
}

enum policy_change policy_create(struct db *db, struct arena *a,
                                 const struct actor *who,
                                 const struct policy_input *p, int64_t *id,
                                 struct field_error *e)
{
	if (fields_validate(a, policy_input_fields, policy_input_field_count, p,
	                    e))
		return POLICY_REFUSED;
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return failed(db, s);
	int64_t taken;
	s = db_one_int(db,
	               "SELECT id FROM policies WHERE lower(title) = lower(?)",
	               &taken, DB_TEXT(p->title));
	if (s == DB_ROW)
		return refuse(db, POLICY_CONFLICT, e, "title",
		              "Title: a policy of this title exists already.");
	if (s != DB_DONE)
		return failed(db, s);
	s = db_run_returning_id(db,
	                        "INSERT INTO policies (title, created_at)"
	                        " VALUES (?, ?) RETURNING id",
	                        id, DB_TEXT(p->title), DB_TEXT(now));
	int64_t version_id;
	if (s == DB_OK)
		s = add_version(db, a, who, *id, 1, p->body, now, &version_id);
	s = audit_commit(
	    db, s, who,
	    &(struct audit_entry){"create", "policy",
	                          arena_sprintf(a, "%lld", (long long)*id), 0,
	                          "success", p->title});
	return s == DB_OK ? POLICY_DONE : POLICY_FAILED;
}

enum policy_change policy_publish(struct db *db, struct arena *a,
                                  const struct actor *who, int64_t id,
                                  const struct policy_version *v,
                                  int64_t *version_id, int64_t *version,
                                  struct field_error *e)
{
	if (fields_validate(a, policy_version_fields,
	                    policy_version_field_count, v, e))
		return POLICY_REFUSED;
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return failed(db, s);
	int64_t last;
	s = db_one_int(db,
	               "SELECT COALESCE(MAX(v.version), 0) FROM policies p LEFT"
	               " JOIN policy_versions v ON v.policy_id = p.id WHERE"
	               " p.id = ? GROUP BY p.id",
	               &last, DB_INT(id));
	if (s == DB_DONE)
		return refuse(db, POLICY_NOT_FOUND, e, "id",
		              "There is no such policy.");
	if (s != DB_ROW)
		return failed(db, s);
	*version = last + 1;
	s = add_version(db, a, who, id, *version, v->body, now, version_id);
	if (s != DB_OK)
		return failed(db, s);
	s = db_commit(db);
	return s == DB_OK ? POLICY_DONE : failed(db, s);
}

enum policy_change policy_acknowledge(struct db *db, struct arena *a,
                                      const struct actor *who, int64_t id,
                                      int64_t version_id, const char *cutoff,
                                      const char **at, bool *recorded,
                                      struct field_error *e)
{
	*recorded = false;
	if (version_id <= 0)
		return refuse(db, POLICY_REFUSED, e, "version_id",
		              "Version: the id of the version you read.");
	enum db_status s = db_begin(db);
	if (s != DB_OK)
		return failed(db, s);
	/* the version's number and the policy's newest */
	int64_t number, newest;
	s = db_one_int(db,
	               "SELECT version FROM policy_versions WHERE id = ? AND"
	               " policy_id = ?",
	               &number, DB_INT(version_id), DB_INT(id));
	if (s == DB_DONE)
		return refuse(db, POLICY_NOT_FOUND, e, "version_id",
		              "Version: this policy has no such version.");
	if (s != DB_ROW)
		return failed(db, s);
	s = db_one_int(db,
	               "SELECT MAX(version) FROM policy_versions WHERE"
	               " policy_id = ?",
	               &newest, DB_INT(id));
	if (s != DB_ROW)
		return failed(db, s);
	if (number != newest)
		return refuse(
		    db, POLICY_CONFLICT, e, "version_id",
		    arena_sprintf(a,
		                  "Version: a newer version (%lld) was "
		                  "published: read it first.",
		                  (long long)newest));
	const char *before = NULL;
	s = db_one_text(db, a,
	                "SELECT acknowledged_at FROM policy_acks WHERE"
	                " version_id = ? AND user_id = ?",
	                &before, DB_INT(version_id), DB_INT(who->user_id));
	if (s != DB_ROW && s != DB_DONE)
		return failed(db, s);
	if (s == DB_ROW && strcmp(before, cutoff) >= 0) {
		/* acknowledged already, and not lapsed: nothing changes */
		db_rollback(db);
		*at = before;
		return POLICY_DONE;
	}
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	bool renew = s == DB_ROW;
	s = renew
	        ? db_run(db,
	                 "UPDATE policy_acks SET acknowledged_at = ? WHERE"
	                 " version_id = ? AND user_id = ?",
	                 DB_TEXT(now), DB_INT(version_id), DB_INT(who->user_id))
	        : db_run(db,
	                 "INSERT INTO policy_acks (version_id, user_id,"
	                 " acknowledged_at) VALUES (?, ?, ?)",
	                 DB_INT(version_id), DB_INT(who->user_id),
	                 DB_TEXT(now));
	s = audit_commit(
	    db, s, who,
	    &(struct audit_entry){
	        renew ? "update" : "create", "policy_ack",
	        arena_sprintf(a, "%lld", (long long)version_id), 0, "success",
	        arena_sprintf(a, "policy %lld version %lld%s", (long long)id,
	                      (long long)number, renew ? " again" : "")});
	if (s != DB_OK)
		return POLICY_FAILED;
	*at = arena_strdup(a, now);
	*recorded = true;
	return POLICY_DONE;
}

static const struct db_col due_cols[] = {
    DB_COL_INT(struct policy, id),
    DB_COL_TEXT(struct policy, title),
    DB_COL_INT(struct policy, version_id),
    DB_COL_INT(struct policy, version),
    DB_COL_TEXT(struct policy, published_at),
    DB_COL_TEXT(struct policy, published_by),
    DB_COL_TEXT(struct policy, my_ack_at),
    DB_COL_INT(struct policy, acked_version)};

enum db_status policy_due_for(struct db *db, struct arena *a, int64_t user_id,
                              const char *cutoff, int max, struct policy **out,
                              int *n, int64_t *count)
{
	/* the few policies, each one's newest version by its key */
	enum db_status s = db_read_list(
	    db,
	    db_query(
	        db,
	        "SELECT p.id, p.title, v.id, v.version, v.published_at,"
	        " u.name, COALESCE((SELECT MAX(a.acknowledged_at) FROM"
	        " policy_acks a JOIN policy_versions x ON x.id ="
	        " a.version_id WHERE x.policy_id = p.id AND a.user_id ="
	        " ?), ''), COALESCE((SELECT MAX(x.version) FROM"
	        " policy_acks a JOIN policy_versions x ON x.id ="
	        " a.version_id WHERE x.policy_id = p.id AND a.user_id ="
	        " ?), 0) FROM policies p JOIN policy_versions v ON"
	        " v.policy_id = p.id AND" CURRENT_VERSION(
	            "p.id") " JOIN users u ON u.id = v.published_by"
	                    " WHERE NOT EXISTS (SELECT 1 FROM policy_acks"
	                    " a WHERE a.version_id = v.id AND a.user_id = ?"
	                    " AND a.acknowledged_at >= ?) ORDER BY"
	                    " v.published_at, p.id LIMIT 500",
	        DB_INT(user_id), DB_INT(user_id), DB_INT(user_id),
	        DB_TEXT(cutoff)),
	    a, DB_COLS(due_cols), sizeof **out, POLICY_LIST_MAX, (void **)out,
	    n);
	if (s != DB_DONE)
		return s;
	*count = *n;
	if (*n > max)
		*n = max;
	for (int i = 0; i < *n; i++)
		(*out)[i].due = true;
	return DB_DONE;
}

enum db_status policy_staff_outstanding(struct db *db, const char *cutoff,
                                        int64_t *count)
{
	enum db_status s = db_one_int(
	    db,
	    "SELECT COUNT(*) FROM users s WHERE s.disabled = 0 AND EXISTS"
	    " (SELECT 1 FROM policies p JOIN policy_versions v ON v.policy_id ="
	    " p.id AND" CURRENT_VERSION(
	        "p.id") " WHERE NOT EXISTS (SELECT 1 FROM policy_acks a WHERE"
	                " a.version_id = v.id AND a.user_id = s.id AND"
	                " a.acknowledged_at >= ?))",
	    count, DB_TEXT(cutoff));
	return s == DB_ROW ? DB_DONE : s;
}
