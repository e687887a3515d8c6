/* cli_hsds.c — HSDS 3.0 import and export from the command line
 * (issue 23, 3).  Exit status: 0 done; 1 problems in the data (each on
 * stderr as "FILE: WHERE: FIELD: MESSAGE", nothing imported) or a
 * database failure; 2 usage. */
#include "cli_hsds.h"

#include "features/resources/hsds_export.h"
#include "features/resources/hsds_import.h"
#include "store/db.h"

#include <stdio.h>

static const struct actor cli = {0, "system", "cli"};

int cli_import_hsds(const struct config *cfg, const char *path)
{
	if (!path) {
		fprintf(stderr, "waypoint: import hsds needs a FILE or DIR "
		                "(see waypoint --help)\n");
		return 2;
	}
	char err[512];
	struct db *db = db_open(cfg->db_url, err, sizeof err);
	if (!db) {
		fprintf(stderr, "waypoint: cannot open database: %s\n", err);
		return 1;
	}
	struct hsds_import *im = hsds_import_new();
	hsds_import_path(im, path);
	long records;
	enum db_status s = hsds_import_commit(db, im, &cli, path, &records);
	int kept, count;
	const struct hsds_problem *p = hsds_import_problems(im, &kept, &count);
	for (int i = 0; i < kept; i++)
		if (s == DB_CONSTRAINT || p[i].warning)
			fprintf(stderr, "%s%s: %s: %s: %s\n",
			        p[i].warning ? "warning: " : "", p[i].file,
			        *p[i].where ? p[i].where : "-",
			        *p[i].field ? p[i].field : "-", p[i].message);
	if (s == DB_OK) {
		fprintf(stderr, "waypoint: imported %ld HSDS records from %s\n",
		        records, path);
	} else if (s == DB_CONSTRAINT) {
		if (kept >= 500)
			fprintf(stderr, "… and more\n");
		fprintf(stderr,
		        "waypoint: %d problem%s in %s; nothing was imported\n",
		        count, count == 1 ? "" : "s", path);
	} else {
		fprintf(stderr,
		        "waypoint: import failed: %s; nothing was "
		        "imported\n",
		        db_errmsg(db));
	}
	hsds_import_free(im);
	db_close(db);
	return s != DB_OK;
}

int cli_export_hsds(const struct config *cfg)
{
	if (!cfg->out) {
		fprintf(stderr, "waypoint: export hsds needs --out DIR\n");
		return 2;
	}
	char err[512];
	struct db *db = db_open(cfg->db_url, err, sizeof err);
	if (!db) {
		fprintf(stderr, "waypoint: cannot open database: %s\n", err);
		return 1;
	}
	long records;
	int rc = hsds_export_dir(db, &cli, cfg->out, &records, err, sizeof err);
	db_close(db);
	if (rc) {
		fprintf(stderr, "waypoint: export failed: %s\n", err);
		return 1;
	}
	fprintf(stderr,
	        "waypoint: wrote %ld HSDS records to %s (JSON and CSV)\n",
	        records, cfg->out);
	return 0;
}
