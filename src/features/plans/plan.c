/* plan.c — see plan.h. */
#include "plan.h"
#include "../../core/clock.h"
#include "../../core/text.h"
#include "../cosign/cosign.h"
#include "../notices/notice.h"
#include <stdio.h>
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

const struct choice plan_authors[] = {
    {"person", "The person wrote it, with me"},
    {"staff", "I wrote it"},
};
const int plan_author_count = sizeof plan_authors / sizeof plan_authors[0];

const struct choice plan_step_owners[] = {
    {"person", "The person"},
    {"peer", "The peer"},
    {"supporter", "A supporter"},
};
const int plan_step_owner_count =
    sizeof plan_step_owners / sizeof plan_step_owners[0];

const struct choice plan_side_kinds[] = {{"internal", "Internal"},
                                         {"external", "External"}};
const int plan_side_kind_count =
    sizeof plan_side_kinds / sizeof plan_side_kinds[0];

const struct choice plan_side_lists[] = {{"strengths", "A strength"},
                                         {"barriers", "A barrier"}};
const int plan_side_list_count =
    sizeof plan_side_lists / sizeof plan_side_lists[0];

const struct choice plan_signature_methods[] = {{"drawn", "Drawn"},
                                                {"typed", "Typed name"}};
const int plan_signature_method_count =
    sizeof plan_signature_methods / sizeof plan_signature_methods[0];

#define COUNT(list) (int)(sizeof(list) / sizeof((list)[0]))

/* Free text is multi-line (FIELD_TEXT) even where the form has one line:
 * documents written through the API may hold line breaks, and every
 * later change re-checks the whole document. */
const struct field plan_goal_fields[] = {
    FIELD_TEXT_AT(struct plan_goal, words, "words", "The goal, in their words",
                  FIELD_REQUIRED, 1000),
    FIELD_CHOICE_AT(struct plan_goal, domain, "domain", "Life domain",
                    FIELD_REQUIRED, plan_domains, &plan_domain_count),
    FIELD_TEXT_AT(struct plan_goal, why, "why", "Why it matters to them", 0,
                  1000),
    FIELD_DATE_AT(struct plan_goal, target_date, "target_date", "Target date",
                  0),
    FIELD_CHOICE_AT(struct plan_goal, status, "status", "Status of this goal",
                    FIELD_REQUIRED, plan_statuses, &plan_status_count),
};
const int plan_goal_field_count = COUNT(plan_goal_fields);

const struct field plan_progress_fields[] = {
    FIELD_DATE_AT(struct plan_progress, on, "on", "Date", FIELD_REQUIRED),
    FIELD_TEXT_AT(struct plan_progress, note, "note",
                  "Progress, in their words", FIELD_REQUIRED, 1000),
};
const int plan_progress_field_count = COUNT(plan_progress_fields);

const struct field plan_step_fields[] = {
    FIELD_TEXT_AT(struct plan_step, what, "what", "Step", FIELD_REQUIRED, 500),
    FIELD_CHOICE_AT(struct plan_step, who, "who", "Who", FIELD_REQUIRED,
                    plan_step_owners, &plan_step_owner_count),
    FIELD_DATE_AT(struct plan_step, by, "by",
                  "By when (a date like 2026-12-31, if any)", 0,
                  .message = "By when must be a date like 2026-12-31, or "
                             "left empty."),
    FIELD_FLAG_AT(struct plan_step, done, "done", "Done"),
};
const int plan_step_field_count = COUNT(plan_step_fields);

const struct field plan_side_fields[] = {
    FIELD_CHOICE_AT(struct plan_side, kind, "kind", "Kind", FIELD_REQUIRED,
                    plan_side_kinds, &plan_side_kind_count),
    FIELD_TEXT_AT(struct plan_side, text, "text", "In their words",
                  FIELD_REQUIRED, 500),
    FIELD_TEXT_AT(struct plan_side, strategy, "strategy",
                  "Strategy: how they use it, or get past it", 0, 500,
                  .message = "The strategy must be at most 500 "
                             "characters."),
};
const int plan_side_field_count = COUNT(plan_side_fields);

const struct field plan_side_list_fields[] = {
    FIELD_CHOICE_AT(struct plan_side_list, list, "list", "Which",
                    FIELD_REQUIRED, plan_side_lists, &plan_side_list_count,
                    .message = "Which: choose a strength or a barrier."),
};
const int plan_side_list_field_count = COUNT(plan_side_list_fields);

const struct field plan_change_fields[] = {
    FIELD_CHOICE_AT(struct plan_change, leadership, "leadership",
                    "Who leads the plan", FIELD_REQUIRED, plan_leaderships,
                    &plan_leadership_count),
    FIELD_CHOICE_AT(struct plan_change, author_kind, "author_kind",
                    "Written by", FIELD_REQUIRED, plan_authors,
                    &plan_author_count,
                    .message = "Say who wrote this version: staff, or "
                               "person (the person, with staff)."),
    /* multi-line as before: a page's summary quotes the goal's words */
    FIELD_TEXT_AT(struct plan_change, summary, "summary", "What changed",
                  FIELD_REQUIRED, 300,
                  .message = "Say in a line what changed (at most 300 "
                             "characters)."),
};
const int plan_change_field_count = COUNT(plan_change_fields);

const struct field plan_wording_fields[] = {
    FIELD_TEXT_AT(struct plan_wording, words, "words",
                  "The new wording, in their words", FIELD_REQUIRED, 1000),
    FIELD_CHOICE_AT(struct plan_wording, author_kind, "author_kind",
                    "Written by", FIELD_REQUIRED, plan_authors,
                    &plan_author_count,
                    .message = "Say who wrote the new wording: staff, or "
                               "person (the person, with staff)."),
};
const int plan_wording_field_count = COUNT(plan_wording_fields);

const struct field plan_signature_fields[] = {
    FIELD_LINE_AT(struct plan_signature, signer_name, "signer_name",
                  "Signed by (their typed name)", FIELD_REQUIRED, 200,
                  .message = "The person signs: type their name."),
    FIELD_DATE_AT(struct plan_signature, signed_on, "signed_on", "Date signed",
                  FIELD_REQUIRED),
    FIELD_CHOICE_AT(struct plan_signature, signature_method, "signature_method",
                    "How they sign", 0, plan_signature_methods,
                    &plan_signature_method_count,
                    .message = "Choose how they sign: drawn, or typed."),
    /* checked by signature_path_valid when drawn */
    FIELD_TEXT_AT(struct plan_signature, signature_path, "signature_path",
                  "Signature", 0, 0),
};
const int plan_signature_field_count = COUNT(plan_signature_fields);

/* The document's shape: each kind of object is a field table and the
 * lists it holds, whose items are objects of one shape. */
struct shape;
struct list {
	const char *name, *label;
	int max; /* items */
	const struct shape *items;
};
struct shape {
	const struct field *fields;
	int nfields;
	const struct list *lists;
	int nlists;
};

static const struct shape progress_shape = {
    plan_progress_fields, COUNT(plan_progress_fields), NULL, 0};
static const struct shape step_shape = {plan_step_fields,
                                        COUNT(plan_step_fields), NULL, 0};
static const struct list goal_lists[] = {
    {"progress", "Progress", PLAN_PROGRESS_MAX, &progress_shape},
    {"steps", "Steps", PLAN_LIST_MAX, &step_shape},
};
static const struct shape goal_shape = {
    plan_goal_fields, COUNT(plan_goal_fields), goal_lists, COUNT(goal_lists)};
static const struct shape side_shape = {plan_side_fields,
                                        COUNT(plan_side_fields), NULL, 0};
static const struct list plan_lists[] = {
    {"goals", "Goals", PLAN_LIST_MAX, &goal_shape},
    {"strengths", "Strengths", PLAN_LIST_MAX, &side_shape},
    {"barriers", "Barriers", PLAN_LIST_MAX, &side_shape},
};
static const struct shape plan_shape = {NULL, 0, plan_lists, COUNT(plan_lists)};

/* One object of the document as its struct: the largest is a goal. */
union plan_item {
	struct plan_goal goal;
	struct plan_progress progress;
	struct plan_step step;
	struct plan_side side;
};

/* The field's path in the document, for the API: "goals[2].domain". */
static const char *path_of(struct arena *a, const char *path, const char *name)
{
	return *path ? arena_sprintf(a, "%s.%s", path, name) : name;
}

static int bad(struct field_error *e, const char *path, const char *message)
{
	return field_fail(e, path, message);
}

/* Reads one field's JSON value into item: absent reads as empty; any
 * other type than the field's (null too) is refused. */
static int read_value(json_t *v, const struct field *f, union plan_item *item,
                      struct arena *a, const char *path, struct field_error *e)
{
	char *at = (char *)item + f->offset;
	if (f->type == FIELD_FLAG) {
		if (v && !json_is_boolean(v))
			return bad(e, path_of(a, path, f->name),
			           arena_sprintf(a, "%s must be true or false.",
			                         f->label));
		*(bool *)at = json_is_true(v);
		return 0;
	}
	if (v && !json_is_string(v))
		return bad(e, path_of(a, path, f->name),
		           arena_sprintf(a, "%s must be text.", f->label));
	*(const char **)at = v ? json_string_value(v) : "";
	return 0;
}

static int check_object(json_t *obj, const struct shape *sh, struct arena *a,
                        const char *path, struct field_error *e);

static int check_list(json_t *v, const struct list *l, struct arena *a,
                      const char *path, struct field_error *e)
{
	if (!v)
		return 0;
	if (!json_is_array(v) || json_array_size(v) > (size_t)l->max)
		return bad(e, path,
		           arena_sprintf(a, "%s must be a list of at most %d.",
		                         l->label, l->max));
	for (size_t i = 0; i < json_array_size(v); i++)
		if (check_object(json_array_get(v, i), l->items, a,
		                 arena_sprintf(a, "%s[%zu]", path, i), e))
			return -1;
	return 0;
}

static bool in_shape(const struct shape *sh, const char *key)
{
	for (int i = 0; i < sh->nfields; i++)
		if (!strcmp(sh->fields[i].name, key))
			return true;
	for (int i = 0; i < sh->nlists; i++)
		if (!strcmp(sh->lists[i].name, key))
			return true;
	return false;
}

/* The object's fields in table order, then its lists; the first fault is
 * named by its path. */
static int check_object(json_t *obj, const struct shape *sh, struct arena *a,
                        const char *path, struct field_error *e)
{
	if (!json_is_object(obj))
		return bad(e, *path ? path : "document",
		           "This must be an object.");
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		if (!in_shape(sh, key))
			return bad(e, path_of(a, path, arena_strdup(a, key)),
			           "There is no such field in a plan.");
	}
	union plan_item item;
	memset(&item, 0, sizeof item);
	for (int i = 0; i < sh->nfields; i++) {
		const struct field *f = &sh->fields[i];
		if (read_value(json_object_get(obj, f->name), f, &item, a, path,
		               e))
			return -1;
		if (fields_check_one(a, f, &item, e))
			return bad(e, path_of(a, path, f->name), e->message);
	}
	for (int i = 0; i < sh->nlists; i++)
		if (check_list(json_object_get(obj, sh->lists[i].name),
		               &sh->lists[i], a,
		               path_of(a, path, sh->lists[i].name), e))
			return -1;
	return 0;
}

int plan_validate(json_t *doc, struct arena *a, struct field_error *e)
{
	return check_object(doc, &plan_shape, a, "", e);
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
	enum db_status s = cosign_decide(db, COSIGN_PLAN_VERSION, person_id, n,
	                                 supervisor, approve, comment);
	if (s != DB_OK || approve)
		return s;
	/* the author is told, with the comment, where to make the change */
	int64_t author;
	s = db_one_int(db,
	               "SELECT author_id FROM plan_versions WHERE person_id = ?"
	               " AND version = ?",
	               &author, DB_INT(person_id), DB_INT(n));
	if (s != DB_ROW)
		return s == DB_DONE ? DB_ERROR : s;
	char link[64];
	snprintf(link, sizeof link, "/persons/%lld/plan", (long long)person_id);
	struct arena a;
	arena_init(&a);
	s = notice_to_user(
	    db, author,
	    arena_sprintf(&a,
	                  "Your change to a recovery plan (version %d) was "
	                  "returned: %s",
	                  n, comment),
	    link);
	arena_free(&a);
	return s;
}

int plan_sign_validate(struct arena *a, struct plan_signature *s,
                       struct field_error *e)
{
	if (fields_validate(a, PLAN_FIELDS(signature), s, e))
		return -1;
	if (!s->signature_method || !*s->signature_method)
		s->signature_method = "typed";
	if (!strcmp(s->signature_method, "drawn") &&
	    !signature_path_valid(s->signature_path))
		return field_fail(e, "signature_path",
		                  "Draw the signature in the box, or choose to "
		                  "sign with the typed name instead.");
	return 0;
}

const char *plan_summary_quote(struct arena *a, const char *text)
{
	return text_shorten(a, text, 60);
}

enum plan_reword plan_reword(struct db *db, struct arena *a, int64_t person_id,
                             int64_t g, const struct plan_wording *w,
                             int64_t author_id, bool trainee, int *version,
                             struct field_error *e)
{
	if (fields_validate(a, PLAN_FIELDS(wording), w, e))
		return PLAN_REWORD_INVALID;
	struct plan_version cur;
	enum db_status s = plan_get(db, a, person_id, 0, &cur);
	if (s != DB_ROW)
		return s == DB_DONE ? PLAN_REWORD_NO_GOAL : PLAN_REWORD_FAILED;
	json_t *goal =
	    g > 0 && g <= PLAN_LIST_MAX
	        ? json_array_get(json_object_get(cur.document, "goals"),
	                         (size_t)g - 1)
	        : NULL;
	const char *old = json_string_value(json_object_get(goal, "words"));
	enum plan_reword result = PLAN_REWORDED;
	if (!goal || !old) {
		result = PLAN_REWORD_NO_GOAL;
	} else if (!strcmp(old, w->words)) {
		field_fail(
		    e, "words",
		    "The new wording is the same as the goal's words now: "
		    "change it, or leave the goal as it is.");
		result = PLAN_REWORD_INVALID;
	} else {
		const char *summary =
		    arena_sprintf(a, "Goal reworded: “%s” is now “%s”",
		                  plan_summary_quote(a, old),
		                  plan_summary_quote(a, w->words));
		json_object_set_new(goal, "words", json_string(w->words));
		if (plan_validate(cur.document, a, e)) {
			const char *dot = strrchr(e->field, '.');
			if (dot) /* "goals[2].words": as the form names it */
				e->field = dot + 1;
			result = PLAN_REWORD_INVALID;
		} else if (plan_save(db, person_id, cur.document,
		                     cur.leadership, w->author_kind, author_id,
		                     trainee, summary, version) != DB_OK) {
			result = PLAN_REWORD_FAILED;
		}
	}
	json_decref(cur.document);
	return result;
}
