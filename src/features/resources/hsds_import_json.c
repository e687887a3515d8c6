/* hsds_import_json.c — the JSON forms of HSDS 3.0: a record with the
 * records it nests (service_full.json), lists of them, and tabular.json.
 *
 * Nesting follows the tables: an array named after a table (phones,
 * service_at_locations) holds children whose <parent>_id is the object's
 * id (attributes link by link_id, metadata by resource_id); the single
 * objects of hsds_json_objects name a parent the object points at
 * (a service's "organization" sets its organization_id).  The same
 * record met twice (a phone under its service and under its location)
 * is one record: each place adds the links it implies. */
#include "hsds_export.h"
#include "hsds_import_impl.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* The property that names a table's list in JSON. */
const char *hsds_json_list_name(int t)
{
	return !strcmp(hsds_tables[t].name, "service_at_location")
	           ? "service_at_locations"
	           : hsds_tables[t].name;
}

/* The link column of child table c under parent table p, or -1. */
int hsds_json_link(int c, int p)
{
	const struct hsds_table *ct = &hsds_tables[c];
	if (!strcmp(ct->name, "attributes"))
		return hsds_column_index(c, "link_id");
	if (!strcmp(ct->name, "metadata"))
		return hsds_column_index(c, "resource_id");
	char name[64];
	snprintf(name, sizeof name, "%s_id", hsds_tables[p].schema);
	int i = hsds_column_index(c, name);
	return i >= 0 && ct->columns[i].type == HSDS_REF ? i : -1;
}

const struct hsds_json_object hsds_json_objects[] = {
    {"services", "organization_id", "organization"},
    {"services", "program_id", "program"},
    {"service_at_location", "service_id", "service"},
    {"service_at_location", "location_id", "location"},
    {"attributes", "taxonomy_term_id", "taxonomy_term"},
    {"taxonomy_terms", "taxonomy_id", "taxonomy_detail"},
};
const int hsds_json_object_count =
    sizeof hsds_json_objects / sizeof hsds_json_objects[0];

static int table_index(const char *name)
{
	const struct hsds_table *t = hsds_table_named(name);
	return t ? (int)(t - hsds_tables) : -1;
}

/* A value as stored: text as given, a number as its shortest form.
 * NULL (with a problem) for a value of the wrong type. */
static const char *value_text(struct hsds_import *im, json_t *v,
                              enum hsds_type type, char *tmp, size_t n,
                              const char *file, const char *path,
                              const char *field)
{
	if (type == HSDS_NUMBER) {
		if (json_is_integer(v)) {
			snprintf(tmp, n, "%lld",
			         (long long)json_integer_value(v));
			return tmp;
		}
		if (json_is_real(v)) {
			hsds_number_text(json_real_value(v), tmp, n);
			return tmp;
		}
		hsds_problem(im, file, path, field, "not a number");
		return NULL;
	}
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v) || json_is_real(v))
		return value_text(im, v, HSDS_NUMBER, tmp, n, file, path,
		                  field);
	hsds_problem(im, file, path, field, "not a string");
	return NULL;
}

static void walk(struct hsds_import *im, json_t *obj, int t, const char *file,
                 const char *path, int link_col, const char *link_id,
                 const char **id_out);

static void walk_list(struct hsds_import *im, json_t *arr, int c, int link,
                      const char *parent_id, const char *file, const char *path)
{
	size_t i;
	json_t *item;
	char sub[1024];
	if (!json_is_array(arr)) {
		hsds_problem(im, file, path, "", "not a list");
		return;
	}
	if (parent_id)
		hsds_keep_list(im, c, link, parent_id);
	json_array_foreach(arr, i, item)
	{
		snprintf(sub, sizeof sub, "%.900s[%zu]", path, i);
		walk(im, item, c, file, sub, link, parent_id, NULL);
	}
}

static void walk(struct hsds_import *im, json_t *obj, int t, const char *file,
                 const char *path, int link_col, const char *link_id,
                 const char **id_out)
{
	const struct hsds_table *tab = &hsds_tables[t];
	if (!json_is_object(obj)) {
		hsds_problem(im, file, path, "", "not an object (a %s)",
		             tab->schema);
		return;
	}
	json_t *idv = json_object_get(obj, "id");
	if (!json_is_string(idv) || !*json_string_value(idv)) {
		hsds_problem(im, file, path, "id", "required (a string)");
		return;
	}
	struct hsds_rec *r =
	    hsds_rec_get(im, t, json_string_value(idv), file, path, false);
	const char *id = r->vals[0];
	if (id_out)
		*id_out = id;
	if (link_col >= 0)
		hsds_rec_set(im, r, link_col, link_id, file, path);
	const char *key;
	json_t *v;
	char sub[1024], tmp[64];
	json_object_foreach(obj, key, v)
	{
		snprintf(sub, sizeof sub, "%.800s.%.100s", path, key);
		int c = hsds_column_index(t, key);
		if (c == 0)
			continue;
		if (c > 0) {
			if (json_is_null(v))
				continue;
			const char *text =
			    value_text(im, v, tab->columns[c].type, tmp,
			               sizeof tmp, file, path, key);
			hsds_rec_set(im, r, c, text, file, path);
			continue;
		}
		if (json_is_array(v)) {
			for (size_t k = 0; k < hsds_table_count; k++) {
				int link = hsds_json_link((int)k, t);
				if (link >= 0 &&
				    !strcmp(hsds_json_list_name((int)k), key)) {
					walk_list(im, v, (int)k, link, id, file,
					          sub);
					break;
				}
			}
			continue;
		}
		if (!json_is_object(v))
			continue;
		for (int k = 0; k < hsds_json_object_count; k++) {
			const struct hsds_json_object *o =
			    &hsds_json_objects[k];
			if (strcmp(o->table, tab->name) ||
			    strcmp(o->property, key))
				continue;
			int col = hsds_column_index(t, o->column);
			const char *child = NULL;
			walk(im, v, hsds_ref_table(o->column), file, sub, -1,
			     NULL, &child);
			if (child)
				hsds_rec_set(im, r, col, child, file, path);
		}
	}
}

/* Which table a record is, from its properties. */
static int guess_table(json_t *o, const char *file)
{
	if (json_is_object(json_object_get(o, "service")) ||
	    json_is_object(json_object_get(o, "location")))
		return table_index("service_at_location");
	if (json_object_get(o, "status"))
		return table_index("services");
	if (json_object_get(o, "location_type") ||
	    json_object_get(o, "latitude"))
		return table_index("locations");
	if (json_object_get(o, "taxonomy_detail") ||
	    json_object_get(o, "term_uri") || json_object_get(o, "code") ||
	    json_object_get(o, "taxonomy_id"))
		return table_index("taxonomy_terms");
	if (json_object_get(o, "version") && !json_object_get(o, "website"))
		return table_index("taxonomies");
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	if (strstr(base, "service_at_location"))
		return table_index("service_at_location");
	if (strstr(base, "service"))
		return table_index("services");
	if (strstr(base, "location"))
		return table_index("locations");
	return table_index("organizations");
}

static void read_records(struct hsds_import *im, json_t *list, const char *file,
                         const char *path)
{
	size_t i;
	json_t *item;
	char sub[256];
	json_array_foreach(list, i, item)
	{
		snprintf(sub, sizeof sub, "%.200s[%zu]", path, i);
		if (!json_is_object(item))
			hsds_problem(im, file, sub, "", "not an object");
		else
			walk(im, item, guess_table(item, file), file, sub, -1,
			     NULL, NULL);
	}
}

/* tabular.json: {"organizations.csv": [rows], …} */
static void read_tabular(struct hsds_import *im, json_t *root, const char *file)
{
	const char *key;
	json_t *rows;
	char sub[256], name[64], tmp[64];
	json_object_foreach(root, key, rows)
	{
		snprintf(name, sizeof name, "%.*s", (int)(strlen(key) - 4),
		         key);
		int t = table_index(name);
		snprintf(sub, sizeof sub, "$[\"%s\"]", key);
		if (t < 0 || !json_is_array(rows)) {
			hsds_problem(im, file, sub, "",
			             t < 0 ? "not an HSDS table"
			                   : "not a list of rows");
			continue;
		}
		im->whole[t] = true;
		size_t i;
		json_t *row;
		json_array_foreach(rows, i, row)
		{
			char at[300];
			snprintf(at, sizeof at, "%s[%zu]", sub, i);
			json_t *idv = json_object_get(row, "id");
			if (!json_is_string(idv)) {
				hsds_problem(im, file, at, "id",
				             "required (a string)");
				continue;
			}
			struct hsds_rec *r = hsds_rec_get(
			    im, t, json_string_value(idv), file, at, true);
			const char *col;
			json_t *v;
			json_object_foreach(row, col, v)
			{
				int c = hsds_column_index(t, col);
				if (c < 0) {
					hsds_problem(im, file, at, col,
					             "not a column of %s",
					             name);
					continue;
				}
				if (!r || c == 0 || json_is_null(v))
					continue;
				enum hsds_type type =
				    hsds_tables[t].columns[c].type;
				const char *text =
				    json_is_string(v) && type == HSDS_NUMBER
				        ? json_string_value(v)
				        : value_text(im, v, type, tmp,
				                     sizeof tmp, file, at, col);
				hsds_rec_set(im, r, c, text, file, at);
			}
		}
	}
}

static bool all_keys(json_t *root, const char *suffix, bool tables)
{
	const char *key;
	json_t *v;
	size_t n = strlen(suffix);
	if (!json_object_size(root))
		return false;
	json_object_foreach(root, key, v)
	{
		size_t k = strlen(key);
		if (k < n || strcmp(key + k - n, suffix))
			return false;
		if (tables && (!json_is_array(v) || !hsds_table_named(key)))
			return false;
	}
	return true;
}

void hsds_read_json(struct hsds_import *im, json_t *root, const char *file)
{
	if (json_is_array(root)) {
		read_records(im, root, file, "$");
	} else if (!json_is_object(root)) {
		hsds_problem(im, file, "$", "", "not an HSDS record or list");
	} else if (json_is_array(json_object_get(root, "contents"))) {
		read_records(im, json_object_get(root, "contents"), file,
		             "$.contents");
	} else if (all_keys(root, ".csv", false)) {
		read_tabular(im, root, file);
	} else if (all_keys(root, "", true)) {
		/* {"services": […], "organizations": […]}: the API's export */
		const char *key;
		json_t *v;
		char sub[128];
		json_object_foreach(root, key, v)
		{
			snprintf(sub, sizeof sub, "$.%s", key);
			size_t i;
			json_t *item;
			int t = table_index(key);
			json_array_foreach(v, i, item)
			{
				char at[160];
				snprintf(at, sizeof at, "%s[%zu]", sub, i);
				walk(im, item, t, file, at, -1, NULL, NULL);
			}
		}
	} else if (json_object_get(root, "id")) {
		walk(im, root, guess_table(root, file), file, "$", -1, NULL,
		     NULL);
	} else {
		hsds_problem(im, file, "$", "",
		             "not an HSDS record or list (no id, no contents)");
	}
}

void hsds_read_json_file(struct hsds_import *im, const char *path)
{
	struct stat st;
	if (stat(path, &st)) {
		hsds_problem(im, path, "", "", "cannot be read: %s",
		             strerror(errno));
		return;
	}
	if (st.st_size > HSDS_FILE_MAX) {
		hsds_problem(im, path, "", "",
		             "larger than 50 MB (%lld bytes): not read",
		             (long long)st.st_size);
		return;
	}
	json_error_t err;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
	if (!root) {
		char where[64];
		snprintf(where, sizeof where, "line %d, column %d", err.line,
		         err.column);
		hsds_problem(im, path, where, "", "not JSON: %s", err.text);
		return;
	}
	hsds_read_json(im, root, path);
	json_decref(root);
}
