/* hsds_import_csv.c — the tabular data package: one CSV file per table
 * (RFC 4180; the header names the columns), named by datapackage.json's
 * resources or, where it is missing, a stub or not JSON, by the tables'
 * own names (organizations.csv…).  An empty field is no value; a quoted
 * empty one ("") is an empty string. */
#include "hsds_import_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t len = c < 0x80         ? 1
		             : (c >> 5) == 6  ? 2
		             : (c >> 4) == 14 ? 3
		             : (c >> 3) == 30 ? 4
		                              : 0;
		if (!len || i + len > n || (len == 2 && c < 0xc2))
			return false;
		for (size_t k = 1; k < len; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
		if (len == 3 && ((c == 0xe0 && s[i + 1] < 0xa0) ||
		                 (c == 0xed && s[i + 1] >= 0xa0)))
			return false;
		if (len == 4 && ((c == 0xf0 && s[i + 1] < 0x90) || c > 0xf4 ||
		                 (c == 0xf4 && s[i + 1] >= 0x90)))
			return false;
		i += len;
	}
	return true;
}

/* Reads a whole file, refusing one over the limit before reading. */
static char *slurp(struct hsds_import *im, const char *path, const char *name,
                   size_t *len)
{
	struct stat st;
	if (stat(path, &st)) {
		hsds_problem(im, name, "", "", "cannot be read: %s",
		             strerror(errno));
		return NULL;
	}
	if (st.st_size > HSDS_FILE_MAX) {
		hsds_problem(im, name, "", "",
		             "larger than 50 MB (%lld bytes): not read",
		             (long long)st.st_size);
		return NULL;
	}
	FILE *f = fopen(path, "rb");
	char *data = xmalloc((size_t)st.st_size + 1);
	*len = f ? fread(data, 1, (size_t)st.st_size, f) : 0;
	if (!f || ferror(f)) {
		hsds_problem(im, name, "", "", "cannot be read");
		free(data);
		data = NULL;
	} else {
		data[*len] = '\0';
	}
	if (f)
		fclose(f);
	return data;
}

struct field {
	char *text;
	bool quoted;
};

/* One record from *p: fields into out (up to max), count into *n.
 * Returns 1 with a record, 0 at the end, -1 on a broken quote. */
static int next_record(char **p, char *end, struct field *out, int max, int *n)
{
	char *s = *p;
	*n = 0;
	if (s >= end)
		return 0;
	for (;;) {
		struct field f = {s, false};
		char *w = s;
		if (*s == '"') {
			f.quoted = true;
			s++;
			for (;;) {
				if (s >= end)
					return -1;
				if (*s == '"') {
					if (s + 1 < end && s[1] == '"') {
						*w++ = '"';
						s += 2;
						continue;
					}
					s++;
					break;
				}
				*w++ = *s++;
			}
			if (s < end && *s != ',' && *s != '\n' && *s != '\r')
				return -1;
		} else {
			while (s < end && *s != ',' && *s != '\n' &&
			       *s != '\r') {
				if (*s == '"')
					return -1;
				w++, s++;
			}
		}
		char sep = s < end ? *s : '\n';
		*w = '\0';
		if (*n < max)
			out[*n] = f;
		(*n)++;
		if (sep == ',') {
			s++;
			continue;
		}
		if (s < end && sep == '\r')
			s++;
		if (s < end && (sep == '\n' || (sep == '\r' && *s == '\n')))
			s++;
		*p = s;
		return 1;
	}
}

enum { MAX_FIELDS = 64 };

static void read_csv(struct hsds_import *im, int t, const char *path,
                     const char *name)
{
	size_t len;
	char *data = slurp(im, path, name, &len);
	if (!data)
		return;
	name = arena_strdup(&im->a, name);
	char *p = data, *end = data + len;
	if (len >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		p += 3;
	if (!valid_utf8((const unsigned char *)p, (size_t)(end - p))) {
		/* find the row for the message */
		int row = 1;
		char *q = p;
		while (q < end) {
			char *nl = memchr(q, '\n', (size_t)(end - q));
			size_t n = nl ? (size_t)(nl - q) : (size_t)(end - q);
			if (!valid_utf8((const unsigned char *)q, n))
				break;
			row++;
			q = nl ? nl + 1 : end;
		}
		char where[32];
		snprintf(where, sizeof where, "line %d", row);
		hsds_problem(im, name, where, "", "not valid UTF-8");
		free(data);
		return;
	}
	im->whole[t] = true;
	struct field fields[MAX_FIELDS];
	int cols[MAX_FIELDS], n, ncols;
	int rc = next_record(&p, end, fields, MAX_FIELDS, &ncols);
	if (rc <= 0) {
		hsds_problem(im, name, "row 1", "",
		             rc < 0 ? "broken quote in the header"
		                    : "empty file: no header");
		free(data);
		return;
	}
	bool header_ok = ncols <= MAX_FIELDS, has_id = false;
	for (int i = 0; i < ncols && i < MAX_FIELDS; i++) {
		cols[i] = hsds_column_index(t, fields[i].text);
		if (cols[i] < 0) {
			hsds_problem(im, name, "row 1 (header)", fields[i].text,
			             "not a column of %s", hsds_tables[t].name);
			header_ok = false;
		}
		for (int k = 0; k < i; k++)
			if (cols[k] >= 0 && cols[k] == cols[i]) {
				hsds_problem(im, name, "row 1 (header)",
				             fields[i].text, "named twice");
				header_ok = false;
			}
		has_id |= cols[i] == 0;
	}
	if (!has_id) {
		hsds_problem(im, name, "row 1 (header)", "id", "missing");
		header_ok = false;
	}
	if (!header_ok) {
		free(data);
		return;
	}
	char where[48];
	for (int row = 2;; row++) {
		rc = next_record(&p, end, fields, MAX_FIELDS, &n);
		snprintf(where, sizeof where, "row %d", row);
		if (rc == 0)
			break;
		if (rc < 0) {
			hsds_problem(im, name, where, "",
			             "broken quote: a quoted field must end "
			             "with a quote before the next comma or "
			             "line; nothing after it is read");
			break;
		}
		if (n == 1 && !fields[0].quoted && !*fields[0].text)
			continue; /* a blank line */
		if (n != ncols) {
			hsds_problem(im, name, where, "",
			             "%d fields; the header has %d", n, ncols);
			continue;
		}
		const char *id = NULL;
		for (int i = 0; i < n; i++)
			if (cols[i] == 0)
				id = fields[i].text;
		if (!*id) {
			hsds_problem(im, name, where, "id", "required");
			continue;
		}
		struct hsds_rec *r = hsds_rec_get(im, t, id, name, where, true);
		if (!r)
			continue;
		for (int i = 0; i < n; i++) {
			const struct hsds_column *c =
			    &hsds_tables[t].columns[cols[i]];
			if (cols[i] == 0 ||
			    (!*fields[i].text && !fields[i].quoted))
				continue;
			if (c->type == HSDS_NUMBER) {
				char *e;
				strtod(fields[i].text, &e);
				if (!*fields[i].text || *e) {
					hsds_problem(im, name, where, c->name,
					             "not a number: \"%.40s\"",
					             fields[i].text);
					continue;
				}
			}
			r->vals[cols[i]] = arena_strdup(&im->a, fields[i].text);
		}
	}
	free(data);
}

/* datapackage.json's resources, where it has them: table → path. */
static int package_paths(struct hsds_import *im, const char *dir,
                         char paths[][512])
{
	char path[4096];
	snprintf(path, sizeof path, "%.3000s/datapackage.json", dir);
	struct stat st;
	if (stat(path, &st) || st.st_size > HSDS_FILE_MAX)
		return 0;
	json_t *root = json_load_file(path, 0, NULL);
	json_t *list = json_object_get(root, "resources");
	int found = 0;
	size_t i;
	json_t *res;
	json_array_foreach(list, i, res)
	{
		const char *name =
		    json_string_value(json_object_get(res, "name"));
		const char *rel =
		    json_string_value(json_object_get(res, "path"));
		const struct hsds_table *t =
		    name ? hsds_table_named(name) : NULL;
		if (!t || !rel)
			continue;
		if (rel[0] == '/' || strstr(rel, "..")) {
			hsds_problem(im, "datapackage.json", "", "path",
			             "%.100s: outside the package", rel);
			continue;
		}
		snprintf(paths[t - hsds_tables], 512, "%.500s", rel);
		found++;
	}
	json_decref(root);
	return found;
}

void hsds_read_package(struct hsds_import *im, const char *dir)
{
	char paths[32][512] = {{0}};
	bool listed = package_paths(im, dir, paths) > 0;
	int read = 0;
	for (size_t t = 0; t < hsds_table_count; t++) {
		char name[600], path[4096];
		if (listed && !paths[t][0])
			continue;
		if (listed)
			snprintf(name, sizeof name, "%.500s", paths[t]);
		else
			snprintf(name, sizeof name, "%.100s.csv",
			         hsds_tables[t].name);
		snprintf(path, sizeof path, "%.3000s/%.600s", dir, name);
		struct stat st;
		if (stat(path, &st))
			continue;
		read_csv(im, (int)t, path, name);
		read++;
	}
	if (!read)
		hsds_problem(im, dir, "", "",
		             "no HSDS table here (organizations.csv, "
		             "services.csv… or datapackage.json's resources)");
}
