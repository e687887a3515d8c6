/* hsds_import.c — the records an import gathers, their checks, and the
 * one transaction that writes them.  See hsds_import.h. */
#include "hsds_import_impl.h"

#include "../../store/db_table.h"
#include "hsds_export.h"
#include "resource_index.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

enum { PROBLEMS_KEPT = 500 };

struct hsds_import *hsds_import_new(void)
{
	struct hsds_import *im = xcalloc(1, sizeof *im);
	arena_init(&im->a);
	im->nslots = 1024;
	im->slots = xcalloc(im->nslots, sizeof *im->slots);
	return im;
}

void hsds_import_free(struct hsds_import *im)
{
	if (!im)
		return;
	arena_free(&im->a);
	free(im->slots);
	free(im->keeps);
	free(im->problems);
	free(im);
}

static void add(struct hsds_import *im, bool warning, const char *file,
                const char *where, const char *field, const char *fmt,
                va_list ap) __attribute__((format(printf, 6, 0)));
static void add(struct hsds_import *im, bool warning, const char *file,
                const char *where, const char *field, const char *fmt,
                va_list ap)
{
	if (!warning)
		im->problem_count++;
	if (im->nproblems >= PROBLEMS_KEPT)
		return;
	if (im->nproblems == im->problems_room) {
		im->problems_room =
		    im->problems_room ? im->problems_room * 2 : 16;
		im->problems =
		    xrealloc(im->problems,
		             (size_t)im->problems_room * sizeof *im->problems);
	}
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	im->problems[im->nproblems++] =
	    (struct hsds_problem){arena_strdup(&im->a, file ? file : ""),
	                          arena_strdup(&im->a, where ? where : ""),
	                          arena_strdup(&im->a, field ? field : ""),
	                          arena_strdup(&im->a, msg), warning};
}

void hsds_problem(struct hsds_import *im, const char *file, const char *where,
                  const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(im, false, file, where, field, fmt, ap);
	va_end(ap);
}

void hsds_warning(struct hsds_import *im, const char *file, const char *where,
                  const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(im, true, file, where, field, fmt, ap);
	va_end(ap);
}

const struct hsds_problem *hsds_import_problems(const struct hsds_import *im,
                                                int *kept, int *count)
{
	*kept = im->nproblems;
	*count = im->problem_count;
	return im->problems;
}

static uint64_t key_hash(int t, const char *id)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)t;
	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 1099511628211ull;
	return h;
}

static struct hsds_rec **slot_of(struct hsds_rec **slots, size_t n, int t,
                                 const char *id)
{
	size_t i = key_hash(t, id) & (n - 1);
	while (slots[i] &&
	       !(slots[i]->table == t && !strcmp(slots[i]->vals[0], id)))
		i = (i + 1) & (n - 1);
	return &slots[i];
}

struct hsds_rec *hsds_rec_find(const struct hsds_import *im, int t,
                               const char *id)
{
	return *slot_of(im->slots, im->nslots, t, id);
}

struct hsds_rec *hsds_rec_get(struct hsds_import *im, int t, const char *id,
                              const char *file, const char *where, bool once)
{
	struct hsds_rec **s = slot_of(im->slots, im->nslots, t, id);
	if (*s) {
		if (once) {
			hsds_problem(im, file, where, "id",
			             "duplicate id %s: also %s%s%s", id,
			             (*s)->file, *(*s)->where ? " " : "",
			             (*s)->where);
			return NULL;
		}
		return *s;
	}
	if ((im->nrecs + 1) * 2 > im->nslots) {
		size_t n = im->nslots * 2;
		struct hsds_rec **slots = xcalloc(n, sizeof *slots);
		for (size_t i = 0; i < im->nslots; i++)
			if (im->slots[i])
				*slot_of(slots, n, im->slots[i]->table,
				         im->slots[i]->vals[0]) = im->slots[i];
		free(im->slots);
		im->slots = slots;
		im->nslots = n;
		s = slot_of(im->slots, im->nslots, t, id);
	}
	struct hsds_rec *r = arena_alloc(&im->a, sizeof *r);
	const struct hsds_table *tab = &hsds_tables[t];
	r->table = t;
	r->file = file;
	r->where = arena_strdup(&im->a, where);
	r->vals = arena_alloc(&im->a, tab->ncolumns * sizeof *r->vals);
	memset(r->vals, 0, tab->ncolumns * sizeof *r->vals);
	r->vals[0] = arena_strdup(&im->a, id);
	r->next_in_table = NULL;
	if (im->last[t])
		im->last[t]->next_in_table = r;
	else
		im->first[t] = r;
	im->last[t] = r;
	im->count[t]++;
	im->nrecs++;
	*s = r;
	return r;
}

void hsds_rec_set(struct hsds_import *im, struct hsds_rec *r, int col,
                  const char *value, const char *file, const char *where)
{
	if (!value)
		return;
	const char *old = r->vals[col];
	if (!old) {
		r->vals[col] = arena_strdup(&im->a, value);
		return;
	}
	if (strcmp(old, value))
		hsds_problem(
		    im, file, where, hsds_tables[r->table].columns[col].name,
		    "duplicate id %s with a different value (\"%.60s\" "
		    "here, \"%.60s\" at %s%s%s)",
		    r->vals[0], value, old, r->file, *r->where ? " " : "",
		    r->where);
}

void hsds_keep_list(struct hsds_import *im, int table, int column,
                    const char *parent_id)
{
	if (im->nkeeps == im->keeps_room) {
		im->keeps_room = im->keeps_room ? im->keeps_room * 2 : 64;
		im->keeps = xrealloc(im->keeps, (size_t)im->keeps_room *
		                                    sizeof *im->keeps);
	}
	im->keeps[im->nkeeps++] =
	    (struct hsds_keep){table, column, arena_strdup(&im->a, parent_id)};
}

int hsds_column_index(int t, const char *name)
{
	const struct hsds_table *tab = &hsds_tables[t];
	for (size_t i = 0; i < tab->ncolumns; i++)
		if (!strcmp(tab->columns[i].name, name))
			return (int)i;
	return -1;
}

int hsds_ref_table(const char *column)
{
	size_t n = strlen(column);
	if (n < 4 || strcmp(column + n - 3, "_id"))
		return -1;
	for (size_t i = 0; i < hsds_table_count; i++)
		if (strlen(hsds_tables[i].schema) == n - 3 &&
		    !strncmp(hsds_tables[i].schema, column, n - 3))
			return (int)i;
	return -1;
}

bool hsds_is_uuid(const char *s)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	if (strlen(s) != sizeof shape - 1)
		return false;
	for (size_t i = 0; shape[i]; i++) {
		char c = s[i];
		bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		           (c >= 'A' && c <= 'F');
		if (shape[i] == '-' ? c != '-' : !hex)
			return false;
	}
	return true;
}

void hsds_import_path(struct hsds_import *im, const char *path)
{
	struct stat st;
	if (stat(path, &st)) {
		hsds_problem(im, path, "", "", "cannot be read");
		return;
	}
	if (S_ISDIR(st.st_mode))
		hsds_read_package(im, path);
	else
		hsds_read_json_file(im, path);
}

void hsds_import_json(struct hsds_import *im, json_t *root, const char *file)
{
	hsds_read_json(im, root, file);
}

/* ---- checks ------------------------------------------------------------ */

/* The columns a record cannot go without (NOT NULL in migration 26, and
 * required by the schema). */
static const struct {
	const char *table, *column;
} required[] = {{"organizations", "name"}, {"programs", "name"},
                {"taxonomies", "name"},    {"taxonomy_terms", "name"},
                {"services", "name"},      {"services", "status"}};

static bool in_db(struct db *db, int t, const char *id)
{
	struct db_stmt *st = db_table_exists(db, hsds_tables[t].sql);
	if (!st)
		return false;
	db_bind_text(st, 1, id);
	bool found = db_step(st) == DB_ROW;
	db_done(st);
	return found;
}

/* References that must resolve: what the record is about.  Any other
 * link that points at nothing (the standard's own example package has
 * several) is left out with a warning, unless it was the record's only
 * link to a parent: a phone of nothing is a problem. */
static const struct {
	const char *table, *column;
} must_resolve[] = {{"services", "organization_id"},
                    {"service_at_location", "service_id"},
                    {"service_at_location", "location_id"},
                    {"attributes", "taxonomy_term_id"}};

static bool is_root(const char *table)
{
	for (int i = 0; i < hsds_json_root_count; i++)
		if (!strcmp(hsds_json_roots[i], table))
			return true;
	return false;
}

static void check_record(struct db *db, struct hsds_import *im,
                         struct hsds_rec *r)
{
	const struct hsds_table *tab = &hsds_tables[r->table];
	if (!hsds_is_uuid(r->vals[0]))
		hsds_problem(im, r->file, r->where, "id",
		             "\"%.60s\" is not a UUID", r->vals[0]);
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
		if (!strcmp(required[i].table, tab->name)) {
			int c = hsds_column_index(r->table, required[i].column);
			if (!r->vals[c] || !*r->vals[c])
				hsds_problem(im, r->file, r->where,
				             required[i].column, "required");
		}
	int links = 0, dangling = 0;
	for (size_t c = 1; c < tab->ncolumns; c++) {
		const char *v = r->vals[c];
		if (tab->columns[c].type != HSDS_REF || !v)
			continue;
		int p = hsds_ref_table(tab->columns[c].name);
		if (p < 0)
			continue;
		links++;
		if (hsds_rec_find(im, p, v) || in_db(db, p, v))
			continue;
		bool must = false;
		for (size_t i = 0;
		     i < sizeof must_resolve / sizeof must_resolve[0]; i++)
			must |= !strcmp(must_resolve[i].table, tab->name) &&
			        !strcmp(must_resolve[i].column,
			                tab->columns[c].name);
		if (must && !strcmp(tab->columns[c].name, "taxonomy_term_id"))
			hsds_problem(im, r->file, r->where,
			             tab->columns[c].name,
			             "unknown taxonomy term %.60s", v);
		else if (must)
			hsds_problem(
			    im, r->file, r->where, tab->columns[c].name,
			    "no %s with id %.60s", hsds_tables[p].schema, v);
		else
			hsds_warning(
			    im, r->file, r->where, tab->columns[c].name,
			    "no %s with id %.60s: the link is left out",
			    hsds_tables[p].schema, v);
		if (!must) {
			r->vals[c] = NULL;
			dangling++;
		}
	}
	if (links && dangling == links && !is_root(tab->name))
		hsds_problem(im, r->file, r->where, "",
		             "a %s of nothing: none of its parents is in the "
		             "import or the directory",
		             tab->schema);
}

/* ---- writing ----------------------------------------------------------- */

enum { BATCH = 64 }; /* rows a statement */

static enum db_status write_table(struct db *db, struct hsds_import *im, int t)
{
	const struct hsds_table *tab = &hsds_tables[t];
	const char *names[64];
	struct db_table dt = {tab->sql, names, (int)tab->ncolumns, 0};
	for (size_t c = 0; c < tab->ncolumns; c++) {
		names[c] = tab->columns[c].name;
		if (tab->columns[c].type == HSDS_REF && !im->whole[t])
			dt.keep_if_null |= 1ull << c;
	}
	struct hsds_rec *r = im->first[t];
	for (long left = im->count[t]; left > 0;) {
		int n = left >= BATCH ? BATCH : 1;
		struct db_stmt *st = db_table_upsert(db, &dt, n);
		if (!st)
			return db_last_status(db);
		for (int k = 0; k < n; k++, r = r->next_in_table)
			for (size_t c = 0; c < tab->ncolumns; c++)
				db_bind_text(
				    st, k * (int)tab->ncolumns + (int)c + 1,
				    r->vals[c]);
		enum db_status s = db_step(st);
		db_done(st);
		if (s != DB_DONE)
			return s == DB_CONSTRAINT ? DB_ERROR : s;
		left -= n;
	}
	return DB_OK;
}

/* The rows of hsds_import_keep, written KEEP_BATCH a statement. */
enum { KEEP_BATCH = 256 };
struct keeper {
	struct db *db;
	const char *kind[KEEP_BATCH], *id[KEEP_BATCH];
	char kinds[KEEP_BATCH][128];
	int n;
	enum db_status s;
};

static void keep_flush(struct keeper *k)
{
	static const char *const cols[] = {"kind", "id"};
	static const struct db_table keep_table = {"hsds_import_keep", cols, 2,
	                                           0};
	if (!k->n || k->s != DB_OK)
		return;
	for (int left = k->n, at = 0; left > 0 && k->s == DB_OK;) {
		int n = left >= KEEP_BATCH ? KEEP_BATCH : 1;
		struct db_stmt *st = db_table_insert_new(k->db, &keep_table, n);
		if (!st) {
			k->s = db_last_status(k->db);
			break;
		}
		for (int i = 0; i < n; i++) {
			db_bind_text(st, 2 * i + 1, k->kind[at + i]);
			db_bind_text(st, 2 * i + 2, k->id[at + i]);
		}
		enum db_status s = db_step(st);
		db_done(st);
		k->s = s == DB_DONE ? DB_OK : s;
		at += n;
		left -= n;
	}
	k->n = 0;
}

static void keep(struct keeper *k, const char *kind, const char *id)
{
	if (k->n == KEEP_BATCH)
		keep_flush(k);
	snprintf(k->kinds[k->n], sizeof k->kinds[k->n], "%s", kind);
	k->kind[k->n] = k->kinds[k->n];
	k->id[k->n++] = id;
}

/* Removes what the lists given anew no longer hold. */
static enum db_status remove_unlisted(struct db *db, struct hsds_import *im)
{
	enum db_status s = DB_OK;
	char kind[128];
	struct keeper *k = xcalloc(1, sizeof *k);
	k->db = db;
	for (size_t t = 0; t < hsds_table_count; t++)
		for (struct hsds_rec *r = im->first[t]; r; r = r->next_in_table)
			keep(k, hsds_tables[t].name, r->vals[0]);
	/* a CSV file gives its table's list of every parent in the import */
	for (size_t t = 0; t < hsds_table_count && s == DB_OK; t++) {
		if (!im->whole[t])
			continue;
		const struct hsds_table *tab = &hsds_tables[t];
		for (size_t c = 1; c < tab->ncolumns; c++) {
			int p = tab->columns[c].type == HSDS_REF
			            ? hsds_ref_table(tab->columns[c].name)
			            : -1;
			for (struct hsds_rec *r = p >= 0 ? im->first[p] : NULL;
			     r; r = r->next_in_table)
				hsds_keep_list(im, (int)t, (int)c, r->vals[0]);
		}
	}
	bool *done = xcalloc(32 * 64, sizeof *done);
	for (int i = 0; i < im->nkeeps; i++) {
		const struct hsds_keep *kp = &im->keeps[i];
		snprintf(kind, sizeof kind, "%s.%s",
		         hsds_tables[kp->table].name,
		         hsds_tables[kp->table].columns[kp->column].name);
		keep(k, kind, kp->parent_id);
		done[kp->table * 64 + kp->column] = true;
	}
	keep_flush(k);
	s = k->s;
	free(k);
	for (size_t t = 0; t < hsds_table_count && s == DB_OK; t++)
		for (size_t c = 1; c < hsds_tables[t].ncolumns && s == DB_OK;
		     c++) {
			if (!done[t * 64 + c])
				continue;
			const struct hsds_table *tab = &hsds_tables[t];
			snprintf(kind, sizeof kind, "%s.%s", tab->name,
			         tab->columns[c].name);
			struct db_stmt *st = db_table_delete_unkept(
			    db, tab->sql, tab->columns[c].name,
			    "hsds_import_keep");
			if (!st) {
				s = db_last_status(db);
				break;
			}
			db_bind_text(st, 1, kind);
			db_bind_text(st, 2, tab->name);
			s = db_step(st);
			db_done(st);
			s = s == DB_DONE ? DB_OK : s;
		}
	free(done);
	if (s == DB_OK)
		s = db_run(db, "DELETE FROM hsds_import_keep");
	return s;
}

/* Whether the directory holds anything yet: a first import has nothing
 * to replace. */
static bool directory_empty(struct db *db)
{
	for (size_t t = 0; t < hsds_table_count; t++) {
		struct db_stmt *st = db_table_any(db, hsds_tables[t].sql);
		if (!st)
			return false;
		bool any = db_step(st) == DB_ROW;
		db_done(st);
		if (any)
			return false;
	}
	return true;
}

enum db_status hsds_import_commit(struct db *db, struct hsds_import *im,
                                  const struct actor *who, const char *source,
                                  long *records)
{
	char detail[256];
	*records = 0;
	enum db_status s = DB_OK;
	if (!im->problem_count && !im->nrecs)
		hsds_problem(im, source, "", "", "no HSDS records found");
	if (im->nrecs) {
		/* the records read are checked even when some could not be:
		 * every problem is listed at once */
		db_table_bulk(db, true);
		s = db_begin(db);
		for (size_t t = 0; t < hsds_table_count && s == DB_OK; t++)
			for (struct hsds_rec *r = im->first[t]; r;
			     r = r->next_in_table)
				check_record(db, im, r);
		if (s == DB_OK && im->problem_count) {
			db_rollback(db);
			db_table_bulk(db, false);
			s = DB_OK;
		} else if (s == DB_OK) {
			bool empty = directory_empty(db);
			for (size_t t = 0; t < hsds_table_count && s == DB_OK;
			     t++)
				s = write_table(db, im, (int)t);
			if (s == DB_OK && !empty)
				s = remove_unlisted(db, im);
			if (s == DB_OK)
				s = resource_index_all(db);
			snprintf(detail, sizeof detail,
			         "HSDS 3.0 from %.180s: %ld records",
			         source ? source : "", (long)im->nrecs);
			s = audit_commit(
			    db, s, who,
			    &(struct audit_entry){"import", "directory", "", 0,
			                          "success", detail});
			db_table_bulk(db, false);
			if (s == DB_OK) {
				*records = (long)im->nrecs;
				return DB_OK;
			}
			return s;
		}
	}
	snprintf(detail, sizeof detail, "HSDS 3.0 from %.180s: %d problems",
	         source ? source : "", im->problem_count);
	audit_record(db, who,
	             &(struct audit_entry){"import", "directory", "", 0,
	                                   "failure", detail});
	return s == DB_OK ? DB_CONSTRAINT : s;
}
