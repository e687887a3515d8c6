/* hsds_api.c — HSDS 3.0 import and export through the API (admins:
 * PERM_DIRECTORY_EXCHANGE).
 *
 *	POST /api/v1/resources/import   a JSON form of HSDS 3.0 (an object:
 *	    a record, {"contents": […]}, {"services": […], …} or tabular.json)
 *	GET  /api/v1/resources/export   {"services": […], "organizations": […],
 *	    …}: the JSON form, each list as the file of the same name that
 *	    `waypoint export hsds` writes */
#include "../../handlers.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/json.h"
#include "hsds_export.h"
#include "hsds_import.h"

/* The problems (and warnings, marked) as a JSON list. */
static void write_problems(struct req *r, struct hsds_import *im)
{
	int kept, count;
	const struct hsds_problem *p = hsds_import_problems(im, &kept, &count);
	json_raw(&r->out, "[");
	for (int i = 0; i < kept; i++) {
		if (i)
			json_raw(&r->out, ",");
		json_object_begin(&r->out);
		json_field_text(&r->out, "file", p[i].file);
		json_field_text(&r->out, "where", p[i].where);
		json_field_text(&r->out, "field", p[i].field);
		json_field_text(&r->out, "message", p[i].message);
		json_field_bool(&r->out, "warning", p[i].warning);
		json_object_end(&r->out);
	}
	json_raw(&r->out, "]");
}

/* POST /api/v1/resources/import */
void hsds_import_api(struct req *r)
{
	struct hsds_import *im = hsds_import_new();
	hsds_import_json(im, r->json, "body");
	struct actor who = req_actor(r);
	long records;
	enum db_status s =
	    hsds_import_commit(r->db, im, &who, "the API", &records);
	if (s == DB_OK) {
		json_object_begin(&r->out);
		json_field_int(&r->out, "imported", records);
		json_field(&r->out, "warnings");
		write_problems(r, im);
		json_object_end(&r->out);
		reply_json_written(r, 200);
	} else if (s == DB_CONSTRAINT) {
		int kept, count;
		const struct hsds_problem *p =
		    hsds_import_problems(im, &kept, &count);
		json_object_begin(&r->out);
		json_field(&r->out, "error");
		json_object_begin(&r->out);
		json_field_text(&r->out, "code", "invalid_hsds");
		char msg[160];
		snprintf(msg, sizeof msg,
		         "%d problem%s in the HSDS data; nothing was imported.",
		         count, count == 1 ? "" : "s");
		json_field_text(&r->out, "message", msg);
		const char *field = NULL;
		for (int i = 0; i < kept && !field; i++)
			if (!p[i].warning)
				field = *p[i].field ? p[i].field : NULL;
		json_field_text(&r->out, "field", field);
		json_object_end(&r->out);
		json_field_int(&r->out, "problem_count", count);
		json_field(&r->out, "problems");
		write_problems(r, im);
		json_object_end(&r->out);
		reply_json_written(r, 400);
	} else {
		reply_db_failure(r);
	}
	hsds_import_free(im);
}

/* GET /api/v1/resources/export */
void hsds_export_api(struct req *r)
{
	struct hsds_export *x = hsds_export_load(r->db);
	if (!x) {
		reply_db_failure(r);
		return;
	}
	struct actor who = req_actor(r);
	if (audit_record(
	        r->db, &who,
	        &(struct audit_entry){"export", "directory", "", 0, "success",
	                              "HSDS 3.0 through the API"}) != DB_OK) {
		hsds_export_free(x);
		reply_audit_unavailable(r, "The export was not made");
		return;
	}
	json_object_begin(&r->out);
	for (int i = 0; i < hsds_json_root_count; i++) {
		json_field(&r->out, hsds_json_roots[i]);
		hsds_export_json_list(&r->out, x, hsds_json_roots[i]);
	}
	json_object_end(&r->out);
	hsds_export_free(x);
	reply_json_written(r, 200);
}
