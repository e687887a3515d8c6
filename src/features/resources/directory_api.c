/* directory_api.c — a service in the JSON API: GET answers the HSDS 3.0
 * service object; POST and PUT take the form's fields (directory.h's
 * table: numbers may be JSON numbers, the list fields arrays of strings,
 * taxonomy_terms an array of term ids); DELETE removes it. */
#include "../../handlers.h"
#include "../../http/api.h"
#include "../../http/response.h"
#include "../../web/json.h"
#include "directory_view.h"

#include <stdio.h>
#include <string.h>

/* GET /api/v1/resources/{uuid} */
void resource_api_get(struct req *r)
{
	struct buf *b = &r->out;
	buf_reset(b);
	if (dir_service_hsds_json(r->db, &r->arena, b,
	                          req_path_text(r, "uuid"))) {
		reply_json_written(r, 200);
		return;
	}
	int64_t one = 0;
	if (db_one_int(r->db, "SELECT 1 FROM hsds_services WHERE id = ?", &one,
	               DB_TEXT(req_path_text(r, "uuid"))) == DB_DONE)
		reply_error(r, 404, "not_found",
		            "There is no such service in the directory.", NULL);
	else
		reply_db_failure(r);
}

static const char *const numbers[] = {"latitude", "longitude", "minimum_age",
                                      "maximum_age", "cost_amount"};
static const char *const lists[] = {"languages", "required_documents",
                                    "service_areas"};
static const char *const extra[] = {"taxonomy_terms", NULL};

/* Turns the body's JSON numbers and lists into the text the field table
 * reads; a list of anything but strings is refused. */
static enum answer normalise(struct req *r)
{
	if (!json_is_object(r->json))
		return GO_ON;
	for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		json_t *v = json_object_get(r->json, numbers[i]);
		if (v && json_is_number(v)) {
			char text[40];
			snprintf(text, sizeof text, "%.15g",
			         json_number_value(v));
			json_object_set_new(r->json, numbers[i],
			                    json_string(text));
		}
	}
	for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
		json_t *v = json_object_get(r->json, lists[i]);
		if (!v || !json_is_array(v))
			continue;
		const char *sep = i == 0 ? ", " : "\n";
		const char *text = "";
		size_t k;
		json_t *item;
		json_array_foreach(v, k, item)
		{
			if (!json_is_string(item) ||
			    strpbrk(json_string_value(item),
			            i ? "\n" : ",\n")) {
				reply_error(
				    r, 400, "invalid",
				    arena_sprintf(&r->arena,
				                  "%s must be a list of "
				                  "strings, each one line%s.",
				                  lists[i],
				                  i ? "" : " without commas"),
				    lists[i]);
				return ANSWERED;
			}
			text = arena_sprintf(&r->arena, "%s%s%s", text,
			                     k ? sep : "",
			                     json_string_value(item));
		}
		json_object_set_new(r->json, lists[i], json_string(text));
	}
	return GO_ON;
}

static enum answer terms(struct req *r, struct dir_service *s)
{
	json_t *v = json_object_get(r->json, "taxonomy_terms");
	s->nterms = 0;
	if (!v || json_is_null(v))
		return GO_ON;
	size_t k;
	json_t *item;
	bool ok = json_is_array(v) && json_array_size(v) <= DIR_TERMS_MAX;
	json_array_foreach(v, k, item)
	{
		if (!ok || !json_is_string(item)) {
			ok = false;
			break;
		}
		s->terms[s->nterms++] =
		    arena_strdup(&r->arena, json_string_value(item));
	}
	if (!ok) {
		reply_error(r, 400, "invalid",
		            "taxonomy_terms must be a list of at most 40 "
		            "taxonomy term ids.",
		            "taxonomy_terms");
		return ANSWERED;
	}
	return GO_ON;
}

/* The body into s, checked: GO_ON, or ANSWERED (400 naming the field). */
static enum answer from_body(struct req *r, struct dir_service *s)
{
	dir_service_blank(s);
	if (normalise(r) == ANSWERED ||
	    fields_from_json(r, dir_service_fields, dir_service_field_count,
	                     extra, s) == ANSWERED ||
	    terms(r, s) == ANSWERED)
		return ANSWERED;
	if (!*s->status)
		s->status = "active";
	struct field_error e;
	if (dir_service_validate(r->db, &r->arena, s, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return ANSWERED;
	}
	return GO_ON;
}

static void save(struct req *r, struct dir_service *s,
                 const struct dir_service *old)
{
	enum db_status st = db_begin(r->db);
	if (st == DB_OK)
		st = dir_service_save(r->db, &r->arena, s, old);
	st = dir_commit(r, st, old ? "update" : "create", "resource_service",
	                s->id, s->name);
	if (st != DB_OK) {
		reply_db_failure(r);
		return;
	}
	buf_reset(&r->out);
	if (!dir_service_hsds_json(r->db, &r->arena, &r->out, s->id)) {
		reply_db_failure(r);
		return;
	}
	reply_json_written(r, old ? 200 : 201);
}

/* POST /api/v1/resources → 201 with the service */
void resource_api_create(struct req *r)
{
	struct dir_service s;
	if (from_body(r, &s) == GO_ON)
		save(r, &s, NULL);
}

/* PUT /api/v1/resources/{uuid} → 200: the whole service as the form has
 * it (absent fields are emptied, as on the form). */
void resource_api_update(struct req *r)
{
	struct dir_service old, s;
	if (!dir_service_of_route(r, &old) || from_body(r, &s) == ANSWERED)
		return;
	save(r, &s, &old);
}

/* DELETE /api/v1/resources/{uuid} → 204 */
void resource_api_delete(struct req *r)
{
	struct dir_service s;
	if (!dir_service_of_route(r, &s))
		return;
	enum db_status st = db_begin(r->db);
	if (st == DB_OK)
		st = dir_service_remove(r->db, s.id);
	st = dir_commit(r, st, "delete", "resource_service", s.id, s.name);
	if (st != DB_OK) {
		reply_db_failure(r);
		return;
	}
	buf_reset(&r->out);
	r->status = 204;
}
