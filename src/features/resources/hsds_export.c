/* hsds_export.c — the directory read whole and written as HSDS 3.0 JSON
 * and CSV.  See hsds_export.h. */
#include "hsds_export.h"

#include "../../core/arena.h"
#include "../../store/db_table.h"
#include "../../web/json.h"
#include "hsds_import_impl.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *const hsds_json_roots[] = {
    "services",  "organizations", "service_at_location",
    "locations", "taxonomies",    "taxonomy_terms"};
const int hsds_json_root_count =
    sizeof hsds_json_roots / sizeof hsds_json_roots[0];

/* Lists a record does not nest though their table points at it: not
 * part of its object in the standard. */
static const struct {
	const char *parent, *child;
} not_nested[] = {{"locations", "service_at_location"},
                  {"programs", "services"},
                  {"taxonomies", "taxonomy_terms"}};

void hsds_number_text(double v, char *out, size_t n)
{
	if (!isfinite(v)) {
		snprintf(out, n, "0");
		return;
	}
	if (v == (double)(long long)v && fabs(v) < 1e15) {
		snprintf(out, n, "%lld", (long long)v);
		return;
	}
	snprintf(out, n, "%.15g", v);
	if (strtod(out, NULL) != v)
		snprintf(out, n, "%.17g", v);
}

/* id → row, and for each link column parent id → rows, by hashing. */
struct index {
	int *head; /* nslots, -1 empty: first row with the key */
	int *next; /* per row: the next row with the same key */
	size_t nslots;
};

struct table_rows {
	int n;
	const char ***rows; /* rows[i][column] */
	struct index by_id;
	struct index by_col[64];
};

struct hsds_export {
	struct arena a;
	struct table_rows t[32];
};

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void index_build(struct arena *a, struct table_rows *tr, int col,
                        struct index *ix)
{
	ix->nslots = 16;
	while (ix->nslots < (size_t)tr->n * 2)
		ix->nslots *= 2;
	ix->head = arena_alloc(a, ix->nslots * sizeof *ix->head);
	ix->next = arena_alloc(a, ((size_t)tr->n + 1) * sizeof *ix->next);
	memset(ix->head, 0xff, ix->nslots * sizeof *ix->head);
	/* in reverse so that each chain keeps the rows' order (by id) */
	for (int i = tr->n - 1; i >= 0; i--) {
		const char *k = tr->rows[i][col];
		ix->next[i] = -1;
		if (!k)
			continue;
		size_t s = str_hash(k) & (ix->nslots - 1);
		/* one chain per slot; keys are compared when read */
		ix->next[i] = ix->head[s];
		ix->head[s] = i;
	}
}

struct hsds_export *hsds_export_load(struct db *db)
{
	struct hsds_export *x = xcalloc(1, sizeof *x);
	arena_init(&x->a);
	for (size_t t = 0; t < hsds_table_count; t++) {
		const struct hsds_table *tab = &hsds_tables[t];
		const char *names[64];
		for (size_t c = 0; c < tab->ncolumns; c++)
			names[c] = tab->columns[c].name;
		struct db_table dt = {tab->sql, names, (int)tab->ncolumns, 0};
		struct db_stmt *st = db_table_select(db, &dt);
		struct table_rows *tr = &x->t[t];
		int room = 0;
		enum db_status s = st ? DB_ROW : DB_ERROR;
		while (st && (s = db_step(st)) == DB_ROW) {
			tr->rows = arena_grow(&x->a, tr->rows, tr->n, &room,
			                      sizeof *tr->rows);
			const char **row =
			    arena_alloc(&x->a, tab->ncolumns * sizeof *row);
			for (size_t c = 0; c < tab->ncolumns; c++)
				row[c] = db_column_null(st, (int)c)
				             ? NULL
				             : arena_strdup(
				                   &x->a,
				                   db_column_text(st, (int)c));
			tr->rows[tr->n++] = row;
		}
		if (st)
			db_done(st);
		if (s != DB_DONE) {
			hsds_export_free(x);
			return NULL;
		}
		index_build(&x->a, tr, 0, &tr->by_id);
		for (size_t c = 1; c < tab->ncolumns; c++)
			if (tab->columns[c].type == HSDS_REF ||
			    !strcmp(tab->columns[c].name, "link_id") ||
			    !strcmp(tab->columns[c].name, "resource_id"))
				index_build(&x->a, tr, (int)c, &tr->by_col[c]);
	}
	return x;
}

void hsds_export_free(struct hsds_export *x)
{
	if (!x)
		return;
	arena_free(&x->a);
	free(x);
}

static int first_with(const struct table_rows *tr, const struct index *ix,
                      int col, const char *key, int from)
{
	int i = from < 0 ? ix->head[str_hash(key) & (ix->nslots - 1)]
	                 : ix->next[from];
	for (; i >= 0; i = ix->next[i])
		if (tr->rows[i][col] && !strcmp(tr->rows[i][col], key))
			return i;
	return -1;
}

static void write_value(struct buf *b, enum hsds_type type, const char *v)
{
	if (type == HSDS_NUMBER) {
		char num[64];
		hsds_number_text(strtod(v, NULL), num, sizeof num);
		buf_puts(b, num);
	} else {
		json_text(b, v);
	}
}

static bool nested(int parent, int child)
{
	for (size_t i = 0; i < sizeof not_nested / sizeof not_nested[0]; i++)
		if (!strcmp(hsds_tables[parent].name, not_nested[i].parent) &&
		    !strcmp(hsds_tables[child].name, not_nested[i].child))
			return false;
	return true;
}

static void write_record(struct buf *b, const struct hsds_export *x, int t,
                         int row, uint32_t above)
{
	const struct hsds_table *tab = &hsds_tables[t];
	const char **vals = x->t[t].rows[row];
	above |= 1u << t;
	json_object_begin(b);
	for (size_t c = 0; c < tab->ncolumns; c++)
		if (vals[c]) {
			json_field(b, tab->columns[c].name);
			write_value(b, tab->columns[c].type, vals[c]);
		}
	for (int k = 0; k < hsds_json_object_count; k++) {
		const struct hsds_json_object *o = &hsds_json_objects[k];
		int col = strcmp(o->table, tab->name)
		              ? -1
		              : hsds_column_index(t, o->column);
		int p = col >= 0 && vals[col] ? hsds_ref_table(o->column) : -1;
		if (p < 0 || (above & (1u << p)))
			continue;
		int r = first_with(&x->t[p], &x->t[p].by_id, 0, vals[col], -1);
		if (r >= 0) {
			json_field(b, o->property);
			write_record(b, x, p, r, above);
		}
	}
	for (size_t c = 0; c < hsds_table_count; c++) {
		int link = hsds_json_link((int)c, t);
		if (link < 0 || (above & (1u << c)) || !nested(t, (int)c))
			continue;
		const struct table_rows *tr = &x->t[c];
		int r = first_with(tr, &tr->by_col[link], link, vals[0], -1);
		if (r < 0)
			continue;
		json_field(b, hsds_json_list_name((int)c));
		json_raw(b, "[");
		for (int n = 0; r >= 0;
		     r = first_with(tr, &tr->by_col[link], link, vals[0], r)) {
			if (n++)
				json_raw(b, ",");
			write_record(b, x, (int)c, r, above);
		}
		json_raw(b, "]");
	}
	json_object_end(b);
}

void hsds_export_json_list(struct buf *b, const struct hsds_export *x,
                           const char *table)
{
	const struct hsds_table *tab = hsds_table_named(table);
	json_raw(b, "[");
	if (tab) {
		int t = (int)(tab - hsds_tables);
		for (int i = 0; i < x->t[t].n; i++) {
			if (i)
				json_raw(b, ",\n");
			write_record(b, x, t, i, 0);
		}
	}
	json_raw(b, "]");
}

static void csv_field(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

void hsds_export_csv(struct buf *b, const struct hsds_export *x, int t)
{
	const struct hsds_table *tab = &hsds_tables[t];
	for (size_t c = 0; c < tab->ncolumns; c++) {
		if (c)
			buf_putc(b, ',');
		buf_puts(b, tab->columns[c].name);
	}
	buf_puts(b, "\r\n");
	char num[64];
	for (int i = 0; i < x->t[t].n; i++) {
		const char **vals = x->t[t].rows[i];
		for (size_t c = 0; c < tab->ncolumns; c++) {
			if (c)
				buf_putc(b, ',');
			if (!vals[c])
				continue;
			if (tab->columns[c].type == HSDS_NUMBER) {
				hsds_number_text(strtod(vals[c], NULL), num,
				                 sizeof num);
				buf_puts(b, num);
			} else {
				csv_field(b, vals[c]);
			}
		}
		buf_puts(b, "\r\n");
	}
}

void hsds_export_datapackage(struct buf *b)
{
	json_raw(b, "{\"name\":\"waypoint-directory\",\"profile\":"
	            "\"tabular-data-package\",\"resources\":[");
	for (size_t t = 0; t < hsds_table_count; t++) {
		const struct hsds_table *tab = &hsds_tables[t];
		if (t)
			json_raw(b, ",");
		json_object_begin(b);
		json_field_text(b, "name", tab->name);
		json_field(b, "path");
		buf_printf(b, "\"%s.csv\"", tab->name);
		json_field_text(b, "profile", "tabular-data-resource");
		json_field(b, "schema");
		json_raw(b, "{\"primaryKey\":\"id\",\"fields\":[");
		for (size_t c = 0; c < tab->ncolumns; c++) {
			if (c)
				json_raw(b, ",");
			json_object_begin(b);
			json_field_text(b, "name", tab->columns[c].name);
			json_field_text(b, "type",
			                tab->columns[c].type == HSDS_NUMBER
			                    ? "number"
			                    : "string");
			json_object_end(b);
		}
		json_raw(b, "]}");
		json_object_end(b);
	}
	json_raw(b, "]}\n");
}

static int write_file(const char *dir, const char *name, const struct buf *b,
                      char *err, size_t errlen)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(b->data, 1, b->len, f) == b->len;
	ok = f && fclose(f) == 0 && ok;
	if (!ok)
		snprintf(err, errlen, "cannot write %s: %s", path,
		         strerror(errno));
	return ok ? 0 : -1;
}

int hsds_export_dir(struct db *db, const struct actor *who, const char *dir,
                    long *records, char *err, size_t errlen)
{
	if (mkdir(dir, 0700) && errno != EEXIST) {
		snprintf(err, errlen, "cannot make %s: %s", dir,
		         strerror(errno));
		return -1;
	}
	struct hsds_export *x = hsds_export_load(db);
	if (!x) {
		snprintf(err, errlen, "reading the directory: %s",
		         db_errmsg(db));
		return -1;
	}
	int rc = 0;
	struct buf b = {0};
	char name[128];
	*records = 0;
	for (size_t t = 0; t < hsds_table_count && !rc; t++) {
		buf_reset(&b);
		hsds_export_csv(&b, x, (int)t);
		snprintf(name, sizeof name, "%s.csv", hsds_tables[t].name);
		rc = write_file(dir, name, &b, err, errlen);
		*records += x->t[t].n;
	}
	if (!rc) {
		buf_reset(&b);
		hsds_export_datapackage(&b);
		rc = write_file(dir, "datapackage.json", &b, err, errlen);
	}
	for (int i = 0; i < hsds_json_root_count && !rc; i++) {
		buf_reset(&b);
		hsds_export_json_list(&b, x, hsds_json_roots[i]);
		buf_putc(&b, '\n');
		snprintf(name, sizeof name, "%s.json", hsds_json_roots[i]);
		rc = write_file(dir, name, &b, err, errlen);
	}
	buf_free(&b);
	hsds_export_free(x);
	char detail[256];
	snprintf(detail, sizeof detail, "HSDS 3.0 to %.180s: %ld records", dir,
	         *records);
	audit_record(db, who,
	             &(struct audit_entry){"export", "directory", "", 0,
	                                   rc ? "failure" : "success", detail});
	return rc;
}
