/* plan.c — see plan.h. */
#include "plan.h"
#include "../../core/clock.h"
#include "../../core/text.h"
#include "../cosign/cosign.h"
#include "../people/consent.h"

#include <stdlib.h>
#include <string.h>

enum { PLAN_HISTORY_MAX = 500, PLAN_LIST_MAX = 50, PLAN_PROGRESS_MAX = 200 };

const struct choice plan_domains[] = {
    {"employment", "Employment"},
    {"education", "Education"},
    {"housing", "Housing"},
    {"health_wellness", "Health and wellness"},
    {"community", "Community"},
    {"relationships", "Relationships and natural supports"},
    {"spirituality", "Spirituality"},
    {"recreation", "Recreation"},
    {"finances", "Finances"},
    {"legal", "Legal"},
    {"other", "Other"},
};
const int plan_domain_count = sizeof plan_domains / sizeof plan_domains[0];

const struct choice plan_statuses[] = {
    {"active", "Active"},   {"achieved", "Achieved"}, {"on_hold", "On hold"},
    {"changed", "Changed"}, {"closed", "Closed"},
};
const int plan_status_count = sizeof plan_statuses / sizeof plan_statuses[0];

const struct choice plan_leaderships[] = {
    {"professionally_directed", "Professionally directed"},
    {"shared", "Shared"},
    {"self_directed", "Self-directed"},
};
const int plan_leadership_count =
    sizeof plan_leaderships / sizeof plan_leaderships[0];

static const struct choice step_owners[] = {{"person", "The person"},
                                            {"peer", "The peer"},
                                            {"supporter", "A supporter"}};
static const struct choice sides[] = {{"internal", "Internal"},
                                      {"external", "External"}};

/* The shape of each kind of object: its fields and what each must be. */
enum kind { TEXT_REQUIRED, TEXT, DATE, DATE_REQUIRED, CHOICE, BOOL, LIST };
struct rule {
	const char *name;
	enum kind kind;
	size_t max; /* characters, or list items */
	const struct choice *choices;
	int nchoices;
	const struct rule *items; /* for LIST: the items' rules */
};

static const struct rule progress_rules[] = {
    {"on", DATE_REQUIRED, 0, NULL, 0, NULL},
    {"note", TEXT_REQUIRED, 1000, NULL, 0, NULL},
    {NULL, TEXT, 0, NULL, 0, NULL}};
static const struct rule step_rules[] = {
    {"what", TEXT_REQUIRED, 500, NULL, 0, NULL},
    {"who", CHOICE, 0, step_owners, 3, NULL},
    {"by", DATE, 0, NULL, 0, NULL},
    {"done", BOOL, 0, NULL, 0, NULL},
    {NULL, TEXT, 0, NULL, 0, NULL}};
static const struct rule goal_rules[] = {
    {"words", TEXT_REQUIRED, 1000, NULL, 0, NULL},
    {"domain", CHOICE, 0, plan_domains,
     sizeof plan_domains / sizeof plan_domains[0], NULL},
    {"why", TEXT, 1000, NULL, 0, NULL},
    {"target_date", DATE, 0, NULL, 0, NULL},
    {"status", CHOICE, 0, plan_statuses,
     sizeof plan_statuses / sizeof plan_statuses[0], NULL},
    {"progress", LIST, PLAN_PROGRESS_MAX, NULL, 0, progress_rules},
    {"steps", LIST, PLAN_LIST_MAX, NULL, 0, step_rules},
    {NULL, TEXT, 0, NULL, 0, NULL}};
static const struct rule side_rules[] = {
    {"kind", CHOICE, 0, sides, 2, NULL},
    {"text", TEXT_REQUIRED, 500, NULL, 0, NULL},
    {"strategy", TEXT, 500, NULL, 0, NULL},
    {NULL, TEXT, 0, NULL, 0, NULL}};
static const struct rule plan_rules[] = {
    {"goals", LIST, PLAN_LIST_MAX, NULL, 0, goal_rules},
    {"strengths", LIST, PLAN_LIST_MAX, NULL, 0, side_rules},
    {"barriers", LIST, PLAN_LIST_MAX, NULL, 0, side_rules},
    {NULL, TEXT, 0, NULL, 0, NULL}};

/* The error names the field both ways: by path for the API, and by its
 * own name in the sentence, for a person reading the page. */
static int bad(struct field_error *e, struct arena *a, const char *path,
               const char *message)
{
	const char *name = strrchr(path, '.');
	name = name ? name + 1 : path;
	e->field = arena_strdup(a, path);
	e->message = arena_sprintf(a, "%.*s: %s", (int)strcspn(name, "["), name,
	                           message);
	return -1;
}

static int check_object(json_t *obj, const struct rule *rules, struct arena *a,
                        const char *path, struct field_error *e);

static int check_value(json_t *v, const struct rule *r, struct arena *a,
                       const char *path, struct field_error *e)
{
	const char *s = json_is_string(v) ? json_string_value(v) : NULL;
	switch (r->kind) {
	case TEXT_REQUIRED:
		if (!s || !*s)
			return bad(e, a, path, "This is required.");
		/* fall through */
	case TEXT:
		if (v && !s)
			return bad(e, a, path, "This must be text.");
		if (s && utf8_length(s) > r->max)
			return bad(e, a, path, "This is too long.");
		return 0;
	case DATE_REQUIRED:
		if (!s)
			return bad(e, a, path,
			           "A date like 2026-11-20 is required.");
		/* fall through */
	case DATE:
		if (v && (!s || (*s && !text_is_date(s))))
			return bad(e, a, path,
			           "This must be a date like 2026-11-20.");
		return 0;
	case CHOICE:
		if (!s || !choice_known(r->choices, r->nchoices, s))
			return bad(e, a, path,
			           "This must be one of the choices.");
		return 0;
	case BOOL:
		if (v && !json_is_boolean(v))
			return bad(e, a, path, "This must be true or false.");
		return 0;
	case LIST:
		if (!v)
			return 0;
		if (!json_is_array(v) || json_array_size(v) > r->max)
			return bad(e, a, path,
			           "This must be a list, not too long.");
		for (size_t i = 0; i < json_array_size(v); i++)
			if (check_object(json_array_get(v, i), r->items, a,
			                 arena_sprintf(a, "%s[%zu]", path, i),
			                 e))
				return -1;
		return 0;
	}
	return 0;
}

static int check_object(json_t *obj, const struct rule *rules, struct arena *a,
                        const char *path, struct field_error *e)
{
	if (!json_is_object(obj))
		return bad(e, a, *path ? path : "document",
		           "This must be an object.");
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		const struct rule *r = rules;
		while (r->name && strcmp(r->name, key))
			r++;
		if (!r->name)
			return bad(e, a,
			           *path ? arena_sprintf(a, "%s.%s", path, key)
			                 : key,
			           "There is no such field in a plan.");
	}
	for (const struct rule *r = rules; r->name; r++)
		if (check_value(json_object_get(obj, r->name), r, a,
		                *path ? arena_sprintf(a, "%s.%s", path, r->name)
		                      : r->name,
		                e))
			return -1;
	return 0;
}

int plan_validate(json_t *doc, struct arena *a, struct field_error *e)
{
	return check_object(doc, plan_rules, a, "", e);
}

enum db_status plan_save(struct db *db, int64_t person_id, json_t *doc,
                         const char *leadership, const char *author_kind,
                         int64_t author_id, bool trainee, const char *summary,
                         int *version)
{
	char now[CLOCK_STAMP_SIZE];
	clock_now_utc(now);
	char *text = json_dumps(doc, JSON_COMPACT);
	if (!text)
		return DB_ERROR;
	int64_t number = 0;
	enum db_status s = db_begin(db);
	if (s == DB_OK)
		s = db_run_returning_id(
		    db,
		    "INSERT INTO plan_versions (person_id, version, document,"
		    " leadership, author_kind, author_id, summary, created_at,"
		    " cosign_state) SELECT CAST(? AS BIGINT),"
		    " COALESCE(MAX(version), 0) + 1,"
		    " CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT),"
		    " CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT),"
		    " CAST(? AS TEXT) FROM plan_versions WHERE person_id = ?"
		    " RETURNING version",
		    &number, DB_INT(person_id), DB_TEXT(text),
		    DB_TEXT(leadership), DB_TEXT(author_kind),
		    DB_INT(author_id), DB_TEXT(summary), DB_TEXT(now),
		    DB_TEXT(cosign_first_state(trainee)), DB_INT(person_id));
	free(text);
	if (s == DB_OK) {
		*version = (int)number;
		return db_commit(db);
	}
	if (db_in_transaction(db))
		db_rollback(db);
	return s;
}

#define VERSION_COLUMNS(document)                                              \
	"SELECT v.id, v.version, v.leadership, v.author_kind, a.name,"         \
	" v.summary, v.created_at, v.cosign_state, v.cosign_comment,"          \
	" COALESCE(c.name, ''), COALESCE(v.signer_name, ''),"                  \
	" COALESCE(v.signed_on, ''), COALESCE(v.signature_method, ''),"        \
	" COALESCE(v.signature_path, ''), " document                           \
	" FROM plan_versions v JOIN users a ON a.id = v.author_id"             \
	" LEFT JOIN users c ON c.id = v.cosigned_by"

/* VERSION_COLUMNS but the document (the last), which is parsed apart. */
#define COL(type, member) DB_COL_##type(struct plan_version, member)
static const struct db_col version_cols[] = {COL(INT, id),
                                             COL(INT32, version),
                                             COL(TEXT, leadership),
                                             COL(TEXT, author_kind),
                                             COL(TEXT, author_name),
                                             COL(TEXT, summary),
                                             COL(TEXT, created_at),
                                             COL(TEXT, cosign_state),
                                             COL(TEXT, cosign_comment),
                                             COL(TEXT, cosigned_by_name),
                                             COL(TEXT, signer_name),
                                             COL(TEXT, signed_on),
                                             COL(TEXT, signature_method),
                                             COL(TEXT, signature_path)};
#undef COL

enum db_status plan_get(struct db *db, struct arena *a, int64_t person_id,
                        int n, struct plan_version *out)
{
	struct db_stmt *st = db_query(
	    db,
	    VERSION_COLUMNS("v.document") " WHERE v.person_id = ? AND"
	                                  " (v.version = ? OR ? = 0) ORDER BY"
	                                  " v.version DESC LIMIT 1",
	    DB_INT(person_id), DB_INT(n), DB_INT(n));
	bool found = db_row(st);
	if (found) {
		db_read_row(st, a, DB_COLS(version_cols), out);
		out->person_id = person_id;
		out->document = json_loads(db_column_text(st, 14), 0, NULL);
	}
	enum db_status s = db_end(db, st);
	return found && s == DB_DONE ? DB_ROW : s;
}

enum db_status plan_history(struct db *db, struct arena *a, int64_t person_id,
                            struct plan_version **out, int *count)
{
	enum db_status s = db_read_list(
	    db,
	    db_query(db,
	             VERSION_COLUMNS("''") " WHERE v.person_id = ? ORDER BY"
	                                   " v.version DESC LIMIT 500",
	             DB_INT(person_id)),
	    a, DB_COLS(version_cols), sizeof **out, PLAN_HISTORY_MAX,
	    (void **)out, count);
	for (int i = 0; i < *count; i++)
		(*out)[i].person_id = person_id;
	return s;
}

enum db_status plan_agreed(struct db *db, int64_t person_id, int *version)
{
	int64_t agreed = 0;
	enum db_status s = db_one_int(
	    db,
	    "SELECT COALESCE(MAX(version), 0) FROM plan_versions WHERE"
	    " person_id = ? AND signed_on IS NOT NULL AND cosign_state IN"
	    " ('none', 'cosigned')",
	    &agreed, DB_INT(person_id));
	*version = (int)agreed;
	return s == DB_ROW ? DB_OK : s;
}

enum db_status plan_sign(struct db *db, int64_t person_id, int n,
                         const char *signer_name, const char *signed_on,
                         const char *method, const char *path)
{
	int64_t id;
	enum db_status s = db_one_int(
	    db,
	    "UPDATE plan_versions SET signer_name = ?, signed_on = ?,"
	    " signature_method = ?, signature_path = ? WHERE person_id = ?"
	    " AND version = ? AND signed_on IS NULL RETURNING id",
	    &id, DB_TEXT(signer_name), DB_TEXT(signed_on), DB_TEXT(method),
	    DB_TEXT(strcmp(method, "drawn") ? "" : path), DB_INT(person_id),
	    DB_INT(n));
	return s == DB_ROW ? DB_OK : s;
}

enum db_status plan_cosign(struct db *db, int64_t person_id, int n,
                           int64_t supervisor, bool approve,
                           const char *comment)
{
	return cosign_decide(db, COSIGN_PLAN_VERSION, person_id, n, supervisor,
	                     approve, comment);
}

int plan_sign_validate(const char *name, const char *on, const char *method,
                       const char *path, struct field_error *e)
{
	if (!name || !*name || !text_is_one_line(name, 200))
		return field_fail(e, "signer_name",
		                  "The person signs: type their name.");
	if (!text_is_date(on))
		return field_fail(e, "signed_on",
		                  "The date signed must be a date like "
		                  "2026-11-20.");
	if (!method || (strcmp(method, "typed") && strcmp(method, "drawn")))
		return field_fail(e, "signature_method",
		                  "Choose how they sign: drawn, or typed.");
	if (!strcmp(method, "drawn") && !signature_path_valid(path))
		return field_fail(e, "signature_path",
		                  "Draw the signature in the box, or choose to "
		                  "sign with the typed name instead.");
	return 0;
}
