/* fhir_export.c — `waypoint export fhir --out DIR`: one Bundle per person,
 * DIR/Patient-ID.json, each export audited. */
#include "../auth/audit.h"
#include "fhir.h"
#include "fhir_export.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

enum { PAGE = 500 }; /* persons per query, as the LIMIT below */

/* The next persons' ids after after, up to PAGE: DB_DONE, or the error.
 * A merged record (a tombstone) has nothing of its own to export: its
 * survivor's Bundle holds what it had. */
static enum db_status next_ids(struct db *db, int64_t after, int64_t ids[PAGE],
                               int *n)
{
	struct db_stmt *st = db_query(db,
	                              "SELECT id FROM persons WHERE id > ?"
	                              " AND merged_into IS NULL"
	                              " ORDER BY id LIMIT 500",
	                              DB_INT(after));
	*n = 0;
	while (*n < PAGE && db_row(st))
		ids[(*n)++] = db_column_int(st, 0);
	return db_end(db, st);
}

int fhir_export(struct db *db, const char *dir, int *written, char *err,
                size_t errlen)
{
	static const struct actor cli = {0, "system", "cli"};
	*written = 0;
	if (mkdir(dir, 0700) && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", dir,
		         strerror(errno));
		return -1;
	}
	int64_t after = 0;
	for (;;) {
		int64_t ids[PAGE];
		int n = 0;
		if (next_ids(db, after, ids, &n) != DB_DONE) {
			snprintf(err, errlen, "%s", db_errmsg(db));
			return -1;
		}
		if (n == 0)
			return 0;
		for (int i = 0; i < n; i++) {
			struct arena a;
			struct fhir_record rec;
			arena_init(&a);
			if (fhir_record_load(db, &a, ids[i], &rec) != DB_ROW) {
				arena_free(&a);
				snprintf(err, errlen, "%s", db_errmsg(db));
				return -1;
			}
			struct buf b = {0};
			fhir_person_bundle(&b, &rec);
			fhir_record_free(&rec);
			char path[4096];
			snprintf(path, sizeof path, "%s/Patient-%lld.json", dir,
			         (long long)ids[i]);
			FILE *f = fopen(path, "w");
			bool ok = f && fwrite(b.data, 1, b.len, f) == b.len;
			ok = f && fclose(f) == 0 && ok;
			buf_free(&b);
			arena_free(&a);
			if (!ok) {
				snprintf(err, errlen, "cannot write %s: %s",
				         path, strerror(errno));
				return -1;
			}
			char entity[24];
			snprintf(entity, sizeof entity, "%lld",
			         (long long)ids[i]);
			audit_record(db, &cli,
			             &(struct audit_entry){
			                 "export", "person", entity, ids[i],
			                 "success", "FHIR Bundle"});
			(*written)++;
		}
		after = ids[n - 1];
	}
}
