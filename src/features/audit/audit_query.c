/* audit_query.c — see audit_query.h. */
#include "audit_query.h"
#include "../../auth/audit_index.h"
#include "../../core/text.h"
#include "../../http/response.h"

#include <stdio.h>
#include <string.h>

const char *const audit_actions[] = {"create", "read",    "update", "delete",
                                     "query",  "print",   "export", "sign",
                                     "signin", "signout", NULL};

static int field_error(struct req *r, const char *field, const char *msg)
{
	reply_error(r, 400, "invalid", msg, field);
	return -1;
}

int audit_filter_read(struct req *r, struct audit_filter *f, int max_limit)
{
	memset(f, 0, sizeof *f);
	f->limit = 50;
	const char *v;
	if ((v = req_query(r, "from")) && *v) {
		if (!text_is_date(v))
			return field_error(
			    r, "from", "From must be a date like 2026-11-22.");
		f->from = arena_sprintf(&r->arena, "%sT00:00:00Z", v);
	}
	if ((v = req_query(r, "to")) && *v) {
		if (!text_is_date(v))
			return field_error(
			    r, "to", "To must be a date like 2026-11-22.");
		f->to = arena_sprintf(&r->arena, "%sT23:59:59Z", v);
	}
	if ((v = req_query(r, "user")) && *v && !text_to_id(v, &f->user_id))
		return field_error(r, "user",
		                   "User must be a staff member's number.");
	if ((v = req_query(r, "person")) && *v && !text_to_id(v, &f->person_id))
		return field_error(r, "person",
		                   "Person must be a record number.");
	if ((v = req_query(r, "action")) && *v) {
		bool known = false;
		for (const char *const *a = audit_actions; *a; a++)
			known |= !strcmp(*a, v);
		if (!known)
			return field_error(r, "action",
			                   "Action must be one of the "
			                   "listed actions.");
		f->action = v;
	}
	if ((v = req_query(r, "cursor")) && *v && !text_to_id(v, &f->before))
		return field_error(r, "cursor",
		                   "cursor must come from an earlier answer.");
	int64_t lim;
	if ((v = req_query(r, "limit")) && *v) {
		if (!text_to_id(v, &lim) || lim > max_limit)
			return field_error(
			    r, "limit",
			    arena_sprintf(
			        &r->arena,
			        "limit must be a whole number from 1 to %d.",
			        max_limit));
		f->limit = (int)lim;
	}
	return 0;
}

/* The columns (id: the entry's number, from whichever table leads), and
 * the filters every statement below has after its leading condition. */
#define AUDIT_COLUMNS(id)                                                      \
	"SELECT " id ", l.at, COALESCE(l.user_id, 0), l.role, l.action,"       \
	" l.entity_type, l.entity_id, COALESCE(l.person_id, 0), l.client,"     \
	" l.outcome, l.detail FROM "
#define AUDIT_FILTERS                                                          \
	"l.id < ?"                                                             \
	" AND (CAST(? AS TEXT) IS NULL OR l.at >= ?)"                          \
	" AND (CAST(? AS TEXT) IS NULL OR l.at <= ?)"                          \
	" AND (CAST(? AS BIGINT) IS NULL OR l.user_id = ?)"                    \
	" AND (CAST(? AS BIGINT) IS NULL OR l.person_id = ?)"                  \
	" AND (CAST(? AS TEXT) IS NULL OR l.action = ?)"
#define AUDIT_ORDER " ORDER BY 1 DESC LIMIT ?"

/* A filter written "? IS NULL OR person_id = ?" reads the whole log newest
 * first (neither database can use an index through the OR): for a person
 * with no entries in a log of 300,000, 0.12-0.19 s warm and 1.1 s cold,
 * growing with the log.  So a staff member's entries are read through
 * audit_log_user, with an equality the index can use, and a person's
 * through audit_person up to its watermark and the log beyond it
 * (audit_index.h); the other filters as before. */
#define BY_PERSON_INDEXED                                                      \
	AUDIT_COLUMNS("p.id")                                                  \
	"audit_person p JOIN audit_log l ON l.id = p.id"                       \
	" WHERE p.person_id = ? AND p.id <= ? AND p.id < ? AND " AUDIT_FILTERS
#define BY_PERSON_BEYOND                                                       \
	AUDIT_COLUMNS("l.id")                                                  \
	"audit_log l WHERE l.id > ? AND l.person_id = ? AND " AUDIT_FILTERS
#define BY_USER                                                                \
	AUDIT_COLUMNS("l.id")                                                  \
	"audit_log l WHERE l.user_id = ? AND " AUDIT_FILTERS

#define EVERY_ENTRY AUDIT_COLUMNS("l.id") "audit_log l WHERE " AUDIT_FILTERS

/* AUDIT_FILTERS' arguments, in their order. */
#define FILTER_ARGS(f)                                                         \
	DB_INT((f)->before ? (f)->before : INT64_MAX), DB_TEXT((f)->from),     \
	    DB_TEXT((f)->from), DB_TEXT((f)->to), DB_TEXT((f)->to),            \
	    DB_ID_OR_NULL((f)->user_id), DB_ID_OR_NULL((f)->user_id),          \
	    DB_ID_OR_NULL((f)->person_id), DB_ID_OR_NULL((f)->person_id),      \
	    DB_TEXT((f)->action), DB_TEXT((f)->action)

/* The statement for f, its arguments in the order they appear; indexed:
 * audit_person's watermark, for a person's entries. */
static struct db_stmt *
audit_statement(struct db *db, const struct audit_filter *f, int64_t indexed)
{
	if (f->person_id)
		return db_query(db,
		                BY_PERSON_INDEXED
		                " UNION ALL " BY_PERSON_BEYOND AUDIT_ORDER,
		                DB_INT(f->person_id), DB_INT(indexed),
		                DB_INT(f->before ? f->before : INT64_MAX),
		                FILTER_ARGS(f), DB_INT(indexed),
		                DB_INT(f->person_id), FILTER_ARGS(f),
		                DB_INT(f->limit));
	if (f->user_id)
		return db_query(db, BY_USER AUDIT_ORDER, DB_INT(f->user_id),
		                FILTER_ARGS(f), DB_INT(f->limit));
	return db_query(db, EVERY_ENTRY AUDIT_ORDER, FILTER_ARGS(f),
	                DB_INT(f->limit));
}

static const struct db_col audit_cols[] = {
    DB_COL_INT(struct audit_row, id),
    DB_COL_TEXT(struct audit_row, at),
    DB_COL_INT(struct audit_row, user_id),
    DB_COL_TEXT(struct audit_row, role),
    DB_COL_TEXT(struct audit_row, action),
    DB_COL_TEXT(struct audit_row, entity_type),
    DB_COL_TEXT(struct audit_row, entity_id),
    DB_COL_INT(struct audit_row, person_id),
    DB_COL_TEXT(struct audit_row, client),
    DB_COL_TEXT(struct audit_row, outcome),
    DB_COL_TEXT(struct audit_row, detail),
};

/* The records merged into person (tombstones, and theirs in turn): the
 * entries of a merged record count as the survivor's, since the log itself
 * is never rewritten (person_merge.h).  At most max. */
static enum db_status merged_records(struct req *r, int64_t person,
                                     int64_t *ids, int max, int *n)
{
	struct db_stmt *st = db_query(
	    r->db,
	    "WITH RECURSIVE t(id) AS (SELECT id FROM persons WHERE"
	    " merged_into = ? UNION ALL SELECT p.id FROM persons p JOIN t"
	    " ON p.merged_into = t.id) SELECT id FROM t LIMIT ?",
	    DB_INT(person), DB_INT(max));
	*n = 0;
	while (db_row(st))
		if (*n < max)
			ids[(*n)++] = db_column_int(st, 0);
	enum db_status s = db_end(r->db, st);
	return s == DB_DONE ? DB_OK : s;
}

static enum db_status audit_read(struct req *r, const struct audit_filter *f,
                                 int64_t indexed, struct audit_row **rows,
                                 int *count)
{
	return db_read_list(r->db, audit_statement(r->db, f, indexed),
	                    &r->arena, DB_COLS(audit_cols), sizeof **rows,
	                    f->limit, (void **)rows, count);
}

enum db_status audit_query(struct req *r, const struct audit_filter *f,
                           struct audit_row **rows, int *count)
{
	int64_t indexed = 0;
	enum db_status s;
	if (!f->person_id)
		return audit_read(r, f, 0, rows, count);
	int64_t merged[16];
	int nmerged = 0;
	if ((s = audit_index_watermark(r->db, &indexed)) != DB_OK ||
	    (s = merged_records(r, f->person_id, merged, 16, &nmerged)) !=
	        DB_OK)
		return s;
	if ((s = audit_read(r, f, indexed, rows, count)) != DB_DONE)
		return s;
	/* each merged record's newest entries, merged with these by number
	 * (newest first), up to the limit */
	for (int i = 0; i < nmerged; i++) {
		struct audit_filter g = *f;
		g.person_id = merged[i];
		struct audit_row *more, *both;
		int nmore;
		if ((s = audit_read(r, &g, indexed, &more, &nmore)) != DB_DONE)
			return s;
		both = arena_alloc(&r->arena,
		                   (size_t)(*count + nmore + 1) * sizeof *both);
		int a = 0, b = 0, n = 0;
		while (n < f->limit && (a < *count || b < nmore))
			both[n++] = b >= nmore || (a < *count &&
			                           (*rows)[a].id > more[b].id)
			                ? (*rows)[a++]
			                : more[b++];
		*rows = both;
		*count = n;
	}
	return DB_DONE;
}
