/* credential.c — see credential.h: the fields, rules and statements. */
#include "credential.h"
#include "../../core/local_time.h"
#include "../../core/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- workforce settings ------------------------------------------------- */

enum db_status workforce_settings_get(struct db *db, struct arena *a,
                                      struct workforce_settings *out)
{
	struct db_stmt *st = db_query(
	    db, "SELECT credential_warn_days, trainee_months, trainee_hours,"
	        " policy_ack_days FROM workforce_settings WHERE one = 1");
	*out = (struct workforce_settings){"60,30", 6, 0, 365};
	if (db_row(st)) {
		out->credential_warn_days = db_column_dup(st, a, 0);
		out->trainee_months = db_column_int(st, 1);
		out->trainee_hours = db_column_int(st, 2);
		out->policy_ack_days = db_column_int(st, 3);
	}
	enum db_status s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}

enum db_status workforce_settings_put(struct db *db,
                                      const struct workforce_settings *s)
{
	return db_run(db,
	              "UPDATE workforce_settings SET credential_warn_days = ?,"
	              " trainee_months = ?, trainee_hours = ?,"
	              " policy_ack_days = ? WHERE one = 1",
	              DB_TEXT(s->credential_warn_days),
	              DB_INT(s->trainee_months), DB_INT(s->trainee_hours),
	              DB_INT(s->policy_ack_days));
}

static int by_larger(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	return (a < b) - (a > b);
}

/* Reads "60, 30" into days (largest first): the count, or -1. */
static int warn_days_parse(const char *list, int days[WARN_DAYS_MAX])
{
	int n = 0;
	const char *p = list;
	while (*p) {
		while (*p == ' ')
			p++;
		if (*p < '0' || *p > '9' || n == WARN_DAYS_MAX)
			return -1;
		long v = 0;
		while (*p >= '0' && *p <= '9' && v <= 3650)
			v = v * 10 + (*p++ - '0');
		while (*p == ' ')
			p++;
		if (v < 1 || v > 3650 || (*p && *p != ','))
			return -1;
		for (int i = 0; i < n; i++)
			if (days[i] == v)
				return -1;
		days[n++] = (int)v;
		if (*p == ',' && !*++p)
			return -1;
	}
	qsort(days, (size_t)n, sizeof *days, by_larger);
	return n ? n : -1;
}

int warn_days_max(const char *list)
{
	int days[WARN_DAYS_MAX];
	return list && warn_days_parse(list, days) > 0 ? days[0] : 0;
}

int workforce_settings_validate(struct arena *a, struct workforce_settings *s,
                                struct field_error *e)
{
	e->field = NULL;
	int days[WARN_DAYS_MAX];
	int n = s->credential_warn_days
	            ? warn_days_parse(s->credential_warn_days, days)
	            : -1;
	if (n < 0 || strlen(s->credential_warn_days) > 60)
		field_error_add(e, "credential_warn_days",
		                "Warn before a credential expires",
		                "Warn before a credential expires: 1 to 5 "
		                "different numbers of days (1 to 3650), "
		                "separated by commas, like 60,30.");
	else {
		char buf[64] = "";
		size_t len = 0;
		for (int i = 0; i < n; i++)
			len += (size_t)snprintf(buf + len, sizeof buf - len,
			                        "%s%d", i ? "," : "", days[i]);
		s->credential_warn_days = arena_strdup(a, buf);
	}
	if (s->trainee_months < 0 || s->trainee_months > 60)
		field_error_add(e, "trainee_months", "Months as a trainee",
		                "Months as a trainee: a whole number from 0 "
		                "to 60.");
	if (s->trainee_hours < 0 || s->trainee_hours > 10000)
		field_error_add(e, "trainee_hours",
		                "Supervised hours as a trainee",
		                "Supervised hours as a trainee: a whole number "
		                "from 0 to 10000.");
	if (s->policy_ack_days < 1 || s->policy_ack_days > 3650)
		field_error_add(e, "policy_ack_days",
		                "Days between policy acknowledgements",
		                "Days between policy acknowledgements: a whole "
		                "number from 1 to 3650.");
	return e->field ? -1 : 0;
}

/* ---- kinds -------------------------------------------------------------- */

const enum role credential_roles[] = {ROLE_PEER_TRAINEE, ROLE_PEER_SPECIALIST,
                                      ROLE_SUPERVISOR, ROLE_PROGRAM_MANAGER,
                                      ROLE_ADMIN};
const int credential_role_count =
    sizeof credential_roles / sizeof credential_roles[0];

const struct field credential_kind_fields[] = {
    FIELD_ID_AT(struct credential_kind, id, "id", "Kind", FIELD_OUTPUT_ONLY),
    FIELD_LINE_AT(struct credential_kind, name, "name", "Name", FIELD_REQUIRED,
                  120),
    FIELD_FLAG_AT(struct credential_kind, billing_required, "billing_required",
                  "Billing needs it"),
};
const int credential_kind_field_count =
    sizeof credential_kind_fields / sizeof credential_kind_fields[0];

/* Rows of (kind, role) folded into kinds with a role mask. */
static enum db_status fold_kinds(struct db *db, struct arena *a,
                                 struct db_stmt *st,
                                 struct credential_kind **out, int *n)
{
	struct credential_kind *list =
	    arena_alloc(a, sizeof *list * CREDENTIAL_KINDS_MAX);
	*n = 0;
	while (list && db_row(st)) {
		int64_t id = db_column_int(st, 0);
		if (!*n || list[*n - 1].id != id) {
			if (*n == CREDENTIAL_KINDS_MAX)
				continue;
			list[(*n)++] = (struct credential_kind){
			    .id = id,
			    .name = db_column_dup(st, a, 1),
			    .billing_required = db_column_bool(st, 2)};
		}
		enum role r = role_parse(db_column_text(st, 3));
		if (r != ROLE_ANONYMOUS)
			list[*n - 1].roles |= 1u << r;
	}
	*out = list;
	enum db_status s = db_end(db, st);
	return !list && s == DB_DONE ? DB_ERROR : s;
}

enum db_status credential_kinds_list(struct db *db, struct arena *a,
                                     struct credential_kind **out, int *n)
{
	return fold_kinds(
	    db, a,
	    db_query(db, "SELECT k.id, k.name, k.billing_required,"
	                 " COALESCE(r.role, '') FROM credential_kinds k"
	                 " LEFT JOIN credential_kind_roles r ON r.kind_id ="
	                 " k.id ORDER BY k.name, k.id"),
	    out, n);
}

enum db_status credential_kind_get(struct db *db, struct arena *a, int64_t id,
                                   struct credential_kind *out)
{
	struct credential_kind *list;
	int n;
	enum db_status s = fold_kinds(
	    db, a,
	    db_query(db,
	             "SELECT k.id, k.name, k.billing_required,"
	             " COALESCE(r.role, '') FROM credential_kinds k"
	             " LEFT JOIN credential_kind_roles r ON r.kind_id ="
	             " k.id WHERE k.id = ?",
	             DB_INT(id)),
	    &list, &n);
	if (s != DB_DONE)
		return s;
	if (!n)
		return DB_DONE;
	*out = list[0];
	return DB_ROW;
}

int credential_kind_validate(struct db *db, struct arena *a,
                             const struct credential_kind *k, int64_t id,
                             struct field_error *e)
{
	if (fields_validate(a, credential_kind_fields,
	                    credential_kind_field_count, k, e))
		return -1;
	int64_t other;
	enum db_status s = db_one_int(
	    db, "SELECT id FROM credential_kinds WHERE lower(name) = lower(?)",
	    &other, DB_TEXT(k->name));
	if (s == DB_ROW && other != id)
		return field_fail(e, "name",
		                  "Name: another kind of credential has it.");
	return 0;
}

enum db_status credential_kind_save(struct db *db,
                                    const struct credential_kind *k,
                                    int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	enum db_status s;
	if (!*id)
		s = db_run_returning_id(
		    db,
		    "INSERT INTO credential_kinds (name, billing_required,"
		    " created_at) VALUES (?, ?, ?) RETURNING id",
		    id, DB_TEXT(k->name), DB_BOOL(k->billing_required),
		    DB_TEXT(now));
	else
		s = db_run(db,
		           "UPDATE credential_kinds SET name = ?,"
		           " billing_required = ? WHERE id = ?",
		           DB_TEXT(k->name), DB_BOOL(k->billing_required),
		           DB_INT(*id));
	if (s == DB_OK)
		s = db_run(
		    db, "DELETE FROM credential_kind_roles WHERE kind_id = ?",
		    DB_INT(*id));
	for (int i = 0; s == DB_OK && i < credential_role_count; i++)
		if (k->roles & (1u << credential_roles[i]))
			s = db_run(db,
			           "INSERT INTO credential_kind_roles (kind_id,"
			           " role) VALUES (?, ?)",
			           DB_INT(*id),
			           DB_TEXT(role_name(credential_roles[i])));
	return s;
}

/* ---- credentials -------------------------------------------------------- */

const struct field credential_fields[] = {
    FIELD_ID_AT(struct credential, id, "id", "Credential", FIELD_OUTPUT_ONLY),
    FIELD_ID_AT(struct credential, kind_id, "kind_id", "Kind", FIELD_REQUIRED,
                .message = "Kind: choose one of the program's kinds of "
                           "credential."),
    FIELD_LINE_AT(struct credential, kind_name, "kind", "Kind name",
                  FIELD_OUTPUT_ONLY, 0),
    FIELD_LINE_AT(struct credential, number, "number", "Number", 0, 60),
    FIELD_LINE_AT(struct credential, issuer, "issuer", "Issued by", 0, 120),
    FIELD_DATE_AT(struct credential, issued_on, "issued_on", "Issued on",
                  FIELD_REQUIRED | FIELD_NOT_FUTURE),
    FIELD_DATE_AT(struct credential, expires_on, "expires_on", "Expires on", 0),
};
const int credential_field_count =
    sizeof credential_fields / sizeof credential_fields[0];

#define CREDENTIAL_SELECT                                                      \
	"SELECT c.id, c.user_id, c.kind_id, k.name, c.number, c.issuer,"       \
	" c.issued_on, c.expires_on, k.billing_required, CASE WHEN EXISTS"     \
	" (SELECT 1 FROM staff_credentials n WHERE n.user_id = c.user_id"      \
	" AND n.kind_id = c.kind_id AND n.removed_at IS NULL AND n.id <>"      \
	" c.id AND c.expires_on <> '' AND (n.expires_on = '' OR"               \
	" n.expires_on > c.expires_on)) THEN 1 ELSE 0 END"                     \
	" FROM staff_credentials c JOIN credential_kinds k ON k.id ="          \
	" c.kind_id WHERE c.removed_at IS NULL AND c.user_id = ?"
static const struct db_col credential_cols[] = {
    DB_COL_INT(struct credential, id),
    DB_COL_INT(struct credential, user_id),
    DB_COL_INT(struct credential, kind_id),
    DB_COL_TEXT(struct credential, kind_name),
    DB_COL_TEXT(struct credential, number),
    DB_COL_TEXT(struct credential, issuer),
    DB_COL_TEXT(struct credential, issued_on),
    DB_COL_TEXT(struct credential, expires_on),
    DB_COL_BOOL(struct credential, billing_required),
    DB_COL_BOOL(struct credential, superseded),
};

enum db_status credentials_of(struct db *db, struct arena *a, int64_t user_id,
                              struct credential **out, int *n)
{
	return db_read_list(db,
	                    db_query(db,
	                             CREDENTIAL_SELECT
	                             " ORDER BY k.name, c.issued_on DESC,"
	                             " c.id DESC",
	                             DB_INT(user_id)),
	                    a, DB_COLS(credential_cols), sizeof **out,
	                    CREDENTIALS_MAX, (void **)out, n);
}

enum db_status credential_get(struct db *db, struct arena *a, int64_t user_id,
                              int64_t id, struct credential *out)
{
	struct credential *list;
	int n;
	enum db_status s = db_read_list(
	    db,
	    db_query(db, CREDENTIAL_SELECT " AND c.id = ?", DB_INT(user_id),
	             DB_INT(id)),
	    a, DB_COLS(credential_cols), sizeof *list, 1, (void **)&list, &n);
	if (s != DB_DONE)
		return s;
	if (!n)
		return DB_DONE;
	*out = list[0];
	return DB_ROW;
}

int credential_validate(struct db *db, struct arena *a,
                        const struct credential *c, const char *zone,
                        struct field_error *e)
{
	if (fields_validate_in(a, credential_fields, credential_field_count, c,
	                       zone, e))
		return -1;
	if (*c->expires_on && strcmp(c->expires_on, c->issued_on) < 0)
		return field_fail(e, "expires_on",
		                  "Expires on: not before the date it was "
		                  "issued.");
	int64_t one;
	enum db_status s =
	    db_one_int(db, "SELECT 1 FROM credential_kinds WHERE id = ?", &one,
	               DB_INT(c->kind_id));
	if (s == DB_DONE)
		return field_fail(e, "kind_id", credential_fields[1].message);
	return 0;
}

enum db_status credential_add(struct db *db, int64_t user_id,
                              const struct credential *c, int64_t by,
                              int64_t *id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return db_run_returning_id(
	    db,
	    "INSERT INTO staff_credentials (user_id, kind_id, number, issuer,"
	    " issued_on, expires_on, created_by, created_at) VALUES (?, ?, ?,"
	    " ?, ?, ?, ?, ?) RETURNING id",
	    id, DB_INT(user_id), DB_INT(c->kind_id), DB_TEXT(c->number),
	    DB_TEXT(c->issuer), DB_TEXT(c->issued_on), DB_TEXT(c->expires_on),
	    DB_INT(by), DB_TEXT(now));
}

enum db_status credential_update(struct db *db, int64_t user_id, int64_t id,
                                 const struct credential *c)
{
	return db_run(db,
	              "UPDATE staff_credentials SET kind_id = ?, number = ?,"
	              " issuer = ?, issued_on = ?, expires_on = ? WHERE id = ?"
	              " AND user_id = ? AND removed_at IS NULL",
	              DB_INT(c->kind_id), DB_TEXT(c->number),
	              DB_TEXT(c->issuer), DB_TEXT(c->issued_on),
	              DB_TEXT(c->expires_on), DB_INT(id), DB_INT(user_id));
}

enum db_status credential_remove(struct db *db, int64_t user_id, int64_t id)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	return db_run(db,
	              "UPDATE staff_credentials SET removed_at = ? WHERE id = ?"
	              " AND user_id = ? AND removed_at IS NULL",
	              DB_TEXT(now), DB_INT(id), DB_INT(user_id));
}

enum credential_state credential_state_on(const struct credential *c,
                                          const char *today, int warn,
                                          int *days_left)
{
	*days_left = 0;
	if (c->superseded)
		return CRED_SUPERSEDED;
	if (!*c->expires_on)
		return CRED_CURRENT;
	*days_left = local_days_between(today, c->expires_on);
	if (*days_left < 0)
		return CRED_EXPIRED;
	return *days_left <= warn ? CRED_EXPIRING : CRED_CURRENT;
}

const char *credential_state_name(enum credential_state s)
{
	static const char *const names[] = {"current", "expiring", "expired",
	                                    "renewed"};
	return names[s];
}

const char *credential_state_text(struct arena *a, const struct credential *c,
                                  enum credential_state s, int days_left)
{
	switch (s) {
	case CRED_EXPIRING:
		return days_left == 0
		           ? "Expires today"
		           : arena_sprintf(a, "Expires in %d day%s", days_left,
		                           days_left == 1 ? "" : "s");
	case CRED_EXPIRED:
		return arena_sprintf(a, "Expired %s", c->expires_on);
	case CRED_SUPERSEDED:
		return "Renewed (a later one replaces it)";
	default:
		return *c->expires_on ? arena_sprintf(a, "Current, until %s",
		                                      c->expires_on)
		                      : "Current (does not expire)";
	}
}

enum db_status credential_kinds_missing(struct db *db, struct arena *a,
                                        int64_t user_id, enum role role,
                                        const char ***names, int *n)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT k.name FROM credential_kinds k JOIN credential_kind_roles"
	    " r ON r.kind_id = k.id WHERE r.role = ? AND NOT EXISTS (SELECT 1"
	    " FROM staff_credentials c WHERE c.user_id = ? AND c.kind_id ="
	    " k.id AND c.removed_at IS NULL) ORDER BY k.name",
	    DB_TEXT(role_name(role)), DB_INT(user_id));
	*n = 0;
	*names = arena_alloc(a, sizeof **names * CREDENTIAL_KINDS_MAX);
	while (db_row(st))
		if (*names && *n < CREDENTIAL_KINDS_MAX)
			(*names)[(*n)++] = db_column_dup(st, a, 0);
	enum db_status s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}

/* ---- alerts ------------------------------------------------------------- */

static const struct db_col alert_cols[] = {
    DB_COL_INT(struct credential_alert, credential_id),
    DB_COL_INT(struct credential_alert, user_id),
    DB_COL_TEXT(struct credential_alert, staff_name),
    DB_COL_TEXT(struct credential_alert, kind_name),
    DB_COL_TEXT(struct credential_alert, expires_on),
};

#define ALERT_WHERE                                                            \
	" FROM staff_credentials c JOIN users u ON u.id = c.user_id"           \
	" JOIN credential_kinds k ON k.id = c.kind_id WHERE c.removed_at IS"   \
	" NULL AND c.expires_on <> '' AND c.expires_on <= ? AND u.disabled"    \
	" = 0 AND (? = 0 OR c.user_id = ?) AND NOT EXISTS (SELECT 1 FROM"      \
	" staff_credentials n WHERE n.user_id = c.user_id AND n.kind_id ="     \
	" c.kind_id AND n.removed_at IS NULL AND n.id <> c.id AND"             \
	" (n.expires_on = '' OR n.expires_on > c.expires_on))"

enum db_status credential_alerts(struct db *db, struct arena *a,
                                 int64_t user_id, const char *through, int max,
                                 struct credential_alert **out, int *n,
                                 int64_t *count)
{
	enum db_status s =
	    db_one_int(db, "SELECT COUNT(*)" ALERT_WHERE, count,
	               DB_TEXT(through), DB_INT(user_id), DB_INT(user_id));
	if (s != DB_ROW)
		return s;
	return db_read_list(db,
	                    db_query(db,
	                             "SELECT c.id, c.user_id, u.name, k.name,"
	                             " c.expires_on" ALERT_WHERE
	                             " ORDER BY c.expires_on, c.id LIMIT ?",
	                             DB_TEXT(through), DB_INT(user_id),
	                             DB_INT(user_id), DB_INT(max)),
	                    a, DB_COLS(alert_cols), sizeof **out, max,
	                    (void **)out, n);
}

#define MISSING_WHERE                                                          \
	" FROM users u JOIN credential_kind_roles r ON r.role = u.role"        \
	" JOIN credential_kinds k ON k.id = r.kind_id WHERE u.disabled = 0"    \
	" AND NOT EXISTS (SELECT 1 FROM staff_credentials c WHERE"             \
	" c.user_id = u.id AND c.kind_id = k.id AND c.removed_at IS NULL)"

enum db_status credential_missing_all(struct db *db, struct arena *a, int max,
                                      struct credential_alert **out, int *n,
                                      int64_t *count)
{
	enum db_status s =
	    db_one_int(db, "SELECT COUNT(*)" MISSING_WHERE, count);
	if (s != DB_ROW)
		return s;
	return db_read_list(
	    db,
	    db_query(db,
	             "SELECT 0, u.id, u.name, k.name, ''" MISSING_WHERE
	             " ORDER BY u.name, u.id, k.name LIMIT ?",
	             DB_INT(max)),
	    a, DB_COLS(alert_cols), sizeof **out, max, (void **)out, n);
}

/* ---- billing ------------------------------------------------------------ */

struct rule {
	int64_t kind_id;
	const char *kind_name, *role;
};
struct held {
	int64_t user_id, kind_id;
	const char *issued_on, *expires_on;
};
struct credential_rules {
	struct rule *rules;
	int nrules;
	struct held *held;
	int nheld;
};

static const struct db_col rule_cols[] = {
    DB_COL_INT(struct rule, kind_id),
    DB_COL_TEXT(struct rule, kind_name),
    DB_COL_TEXT(struct rule, role),
};
static const struct db_col held_cols[] = {
    DB_COL_INT(struct held, user_id),
    DB_COL_INT(struct held, kind_id),
    DB_COL_TEXT(struct held, issued_on),
    DB_COL_TEXT(struct held, expires_on),
};

enum { RULES_MAX = 1000, HELD_MAX = 100000 };

enum db_status credential_rules_load(struct db *db, struct arena *a,
                                     struct credential_rules **out)
{
	struct credential_rules *c = arena_alloc(a, sizeof *c);
	if (!c)
		return DB_ERROR;
	*out = c;
	enum db_status s = db_read_list(
	    db,
	    db_query(db, "SELECT k.id, k.name, r.role FROM credential_kinds k"
	                 " JOIN credential_kind_roles r ON r.kind_id = k.id"
	                 " WHERE k.billing_required = 1 ORDER BY k.name"),
	    a, DB_COLS(rule_cols), sizeof *c->rules, RULES_MAX,
	    (void **)&c->rules, &c->nrules);
	if (s != DB_DONE || !c->nrules)
		return s;
	return db_read_list(
	    db,
	    db_query(db, "SELECT c.user_id, c.kind_id, c.issued_on,"
	                 " c.expires_on FROM staff_credentials c JOIN"
	                 " credential_kinds k ON k.id = c.kind_id WHERE"
	                 " k.billing_required = 1 AND c.removed_at IS NULL"),
	    a, DB_COLS(held_cols), sizeof *c->held, HELD_MAX, (void **)&c->held,
	    &c->nheld);
}

const char *credential_problem(struct arena *a,
                               const struct credential_rules *rules,
                               int64_t user_id, const char *role,
                               const char *on)
{
	const char *text = NULL;
	for (int i = 0; rules && i < rules->nrules; i++) {
		const struct rule *r = &rules->rules[i];
		if (strcmp(r->role, role))
			continue;
		bool held = false;
		const char *lapsed = "";
		for (int j = 0; j < rules->nheld && !held; j++) {
			const struct held *h = &rules->held[j];
			if (h->user_id != user_id || h->kind_id != r->kind_id ||
			    strcmp(h->issued_on, on) > 0)
				continue;
			if (!*h->expires_on || strcmp(h->expires_on, on) >= 0)
				held = true;
			else if (strcmp(h->expires_on, lapsed) > 0)
				lapsed = h->expires_on;
		}
		if (held)
			continue;
		const char *why =
		    *lapsed ? arena_sprintf(a, "%s: expired %s", r->kind_name,
		                            lapsed)
		            : arena_sprintf(a, "%s: missing", r->kind_name);
		text = text ? arena_sprintf(a, "%s; %s", text, why) : why;
	}
	return text;
}
