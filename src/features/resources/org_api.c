/* org_api.c — the directory's organizations in the JSON API
 * (/api/v1/resources/organizations…): list with a cursor, one with its
 * services, add, edit, remove; partner contacts and the liaison log. */
#include "../../handlers.h"
#include "../../http/api.h"
#include "../../http/response.h"
#include "../../web/json.h"
#include "../programs/program_zone.h"
#include "directory.h"
#include "org_view.h"

#include "../../core/text.h"

#include <stdlib.h>

static void org_json(struct req *r, const struct dir_org *o, bool services)
{
	struct buf *b = &r->out;
	json_object_begin(b);
	fields_json(b, dir_org_fields, dir_org_field_count, o);
	if (services) {
		json_raw(b, ",\"services\":[");
		struct db_stmt *st =
		    db_query(r->db,
		             "SELECT id, name, status FROM hsds_services WHERE"
		             " organization_id = ? ORDER BY name, id",
		             DB_TEXT(o->id));
		for (int n = 0; db_row(st); n++) {
			if (n)
				json_raw(b, ",");
			json_object_begin(b);
			json_field_text(b, "id", db_column_text(st, 0));
			json_field_text(b, "name", db_column_text(st, 1));
			json_field_text(b, "status", db_column_text(st, 2));
			json_object_end(b);
		}
		db_end(r->db, st);
		json_raw(b, "]");
	}
	json_object_end(b);
}

/* GET /api/v1/resources/organizations?limit=&cursor= (the cursor is the
 * last id of the page before) */
void organizations_api_list(struct req *r)
{
	int64_t limit = API_LIMIT_DEFAULT;
	const char *cursor = req_query(r, "cursor");
	const char *lim = req_query(r, "limit");
	const char *after_name = "", *after_id = "";
	if (lim && (!text_to_id(lim, &limit) || limit > API_LIMIT_MAX)) {
		reply_error(r, 400, "bad_limit",
		            "limit must be a whole number from 1 to 200.",
		            "limit");
		return;
	}
	if (cursor && *cursor) {
		if (db_one_text(
		        r->db, &r->arena,
		        "SELECT name FROM hsds_organizations WHERE id = ?",
		        &after_name, DB_TEXT(cursor)) != DB_ROW) {
			reply_error(
			    r, 400, "bad_cursor",
			    "cursor must be a next_cursor value from an "
			    "earlier answer.",
			    "cursor");
			return;
		}
		after_id = cursor;
	}
	struct dir_org *list;
	int n;
	if (dir_org_list(r->db, &r->arena, after_name, after_id, (int)limit,
	                 &list, &n) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	bool more = n > limit;
	if (more)
		n = limit;
	struct buf *b = &r->out;
	buf_reset(b);
	json_raw(b, "{\"items\":[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		json_field_text(b, "id", list[i].id);
		json_field_text(b, "name", list[i].name);
		json_field_text(b, "description", list[i].description);
		json_field_bool(b, "recovery_friendly",
		                list[i].recovery_friendly);
		json_field_bool(b, "peer_run", list[i].peer_run);
		json_object_end(b);
	}
	json_raw(b, "],\"next_cursor\":");
	json_text(b, more ? list[n - 1].id : NULL);
	json_raw(b, "}");
	reply_json_written(r, 200);
}

/* GET /api/v1/resources/organizations/{uuid} */
void organization_api_get(struct req *r)
{
	struct dir_org o;
	if (!dir_org_of_route(r, &o))
		return;
	buf_reset(&r->out);
	org_json(r, &o, true);
	reply_json_written(r, 200);
}

static void org_save(struct req *r, const struct dir_org *old)
{
	struct dir_org o = {0};
	if (fields_from_json(r, dir_org_fields, dir_org_field_count, NULL,
	                     &o) == ANSWERED)
		return;
	struct field_error e;
	if (fields_validate(&r->arena, dir_org_fields, dir_org_field_count, &o,
	                    &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	enum db_status st = db_begin(r->db);
	if (st == DB_OK)
		st = dir_org_save(r->db, &r->arena, &o, old);
	st = dir_commit(r, st, old ? "update" : "create",
	                "resource_organization", o.id, o.name);
	if (st != DB_OK) {
		reply_db_failure(r);
		return;
	}
	buf_reset(&r->out);
	org_json(r, &o, false);
	reply_json_written(r, old ? 200 : 201);
}

/* POST /api/v1/resources/organizations → 201 */
void organizations_api_create(struct req *r)
{
	org_save(r, NULL);
}

/* PUT /api/v1/resources/organizations/{uuid} → 200 */
void organization_api_update(struct req *r)
{
	struct dir_org old;
	if (dir_org_of_route(r, &old))
		org_save(r, &old);
}

/* DELETE /api/v1/resources/organizations/{uuid} → 204 */
void organization_api_delete(struct req *r)
{
	if (!dir_org_remove_of_route(r))
		return;
	buf_reset(&r->out);
	r->status = 204;
}

/* ---- partner contacts ------------------------------------------------- */

static void partner_json(struct buf *b, const void *item)
{
	json_object_begin(b);
	fields_json(b, dir_partner_fields, dir_partner_field_count, item);
	json_object_end(b);
}

/* GET /api/v1/resources/organizations/{uuid}/partners */
void organization_partners_api(struct req *r)
{
	struct dir_org o;
	struct dir_partner *list;
	int n;
	if (!dir_org_of_route(r, &o))
		return;
	if (dir_partners_of(r->db, &r->arena, o.id, &list, &n) != DB_DONE)
		reply_db_failure(r);
	else
		api_list_whole(r, list, sizeof *list, n, partner_json);
}

/* POST /api/v1/resources/organizations/{uuid}/partners → 201 {id} */
void organization_partners_api_add(struct req *r)
{
	struct dir_org o;
	struct dir_partner p = {0};
	if (!dir_org_of_route(r, &o) ||
	    fields_from_json(r, dir_partner_fields, dir_partner_field_count,
	                     NULL, &p) == ANSWERED)
		return;
	p.organization_id = o.id;
	struct field_error e;
	if (fields_validate(&r->arena, dir_partner_fields,
	                    dir_partner_field_count, &p, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	int64_t id = 0;
	enum db_status st = db_begin(r->db);
	if (st == DB_OK)
		st = dir_partner_add(r->db, &p, &id);
	st = dir_commit(r, st, "create", "resource_partner",
	                arena_sprintf(&r->arena, "%lld", (long long)id), o.id);
	if (st != DB_OK)
		reply_db_failure(r);
	else
		api_reply_id(r, 201, id);
}

/* DELETE /api/v1/resources/organizations/{uuid}/partners/{pid} → 204 */
void organization_partner_api_delete(struct req *r)
{
	struct dir_org o;
	if (!dir_org_of_route(r, &o))
		return;
	enum db_status st = db_begin(r->db);
	if (st == DB_OK)
		st = dir_partner_remove(r->db, o.id, req_id(r, "pid"));
	if (st == DB_DONE) {
		db_rollback(r->db);
		reply_error(r, 404, "not_found",
		            "The organization has no such partner contact.",
		            NULL);
		return;
	}
	st = dir_commit(
	    r, st == DB_ROW ? DB_OK : st, "delete", "resource_partner",
	    arena_sprintf(&r->arena, "%lld", (long long)req_id(r, "pid")),
	    o.id);
	if (st != DB_OK) {
		reply_db_failure(r);
		return;
	}
	buf_reset(&r->out);
	r->status = 204;
}

/* ---- liaison log ------------------------------------------------------ */

static void liaison_json(struct buf *b, const void *item)
{
	json_object_begin(b);
	fields_json(b, dir_liaison_fields, dir_liaison_field_count, item);
	json_object_end(b);
}

/* GET /api/v1/resources/organizations/{uuid}/liaison, newest first */
void organization_liaison_api(struct req *r)
{
	struct dir_org o;
	struct dir_liaison *list;
	int n;
	if (!dir_org_of_route(r, &o))
		return;
	if (dir_liaison_of(r->db, &r->arena, o.id, &list, &n) != DB_DONE)
		reply_db_failure(r);
	else
		api_list_whole(r, list, sizeof *list, n, liaison_json);
}

/* POST /api/v1/resources/organizations/{uuid}/liaison → 201 {id} */
void organization_liaison_api_add(struct req *r)
{
	struct dir_org o;
	struct dir_liaison l = {0};
	if (!dir_org_of_route(r, &o) ||
	    fields_from_json(r, dir_liaison_fields, dir_liaison_field_count,
	                     NULL, &l) == ANSWERED)
		return;
	l.organization_id = o.id;
	l.staff_id = r->has_session ? r->session.user_id : r->token_owner;
	struct field_error e;
	if (fields_validate_in(&r->arena, dir_liaison_fields,
	                       dir_liaison_field_count, &l, zone_of_request(r),
	                       &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	int64_t id = 0;
	enum db_status st = db_begin(r->db);
	if (st == DB_OK)
		st = dir_liaison_add(r->db, &l, &id);
	st = dir_commit(r, st, "create", "resource_liaison",
	                arena_sprintf(&r->arena, "%lld", (long long)id), o.id);
	if (st != DB_OK)
		reply_db_failure(r);
	else
		api_reply_id(r, 201, id);
}
