/* programs_api.c — /api/v1/programs: list (paged), create, read. */
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/json.h"
#include "program.h"

#include <stdio.h>

/* Writes one program's members, as a list has them. */
static void program_members(struct buf *b, const struct program *p)
{
	fields_json(b, program_fields, program_field_count, p);
	json_field(b, "crisis_lines");
	json_raw(b, "[");
	for (int i = 0; i < p->crisis_line_count; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		json_field_text(b, "label", p->crisis_lines[i].label);
		json_field_text(b, "number", p->crisis_lines[i].number);
		json_object_end(b);
	}
	json_raw(b, "]");
	json_field_int(b, "referral_overdue_days", p->referral_overdue_days);
	json_field_text(b, "created_at", p->created_at);
	json_field_text(b, "updated_at", p->updated_at);
}

/* Writes one program as a JSON object. */
static void program_json(struct buf *b, const struct program *p)
{
	json_object_begin(b);
	program_members(b, p);
	json_object_end(b);
}

void program_reply(struct req *r, int status, const struct program *p)
{
	struct program with = *p;
	struct rounding_change *history;
	int n;
	if (program_codes_get(r->db, &r->arena, &with) != DB_OK ||
	    program_rounding_history(r->db, &r->arena, p->id, &history, &n) !=
	        DB_OK) {
		reply_db_failure(r);
		return;
	}
	struct buf *b = &r->out;
	buf_reset(b);
	/* one program's answer says more than a list's item: its own service
	 * codes and every rounding rule it has had */
	json_object_begin(b);
	program_members(b, &with);
	json_field(b, "service_codes");
	json_object_begin(b);
	for (int i = 0; i < with.service_code_count; i++)
		json_field_text(b, with.service_codes[i].kind,
		                with.service_codes[i].code);
	json_object_end(b);
	json_field(b, "unit_rounding_history");
	json_raw(b, "[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		json_field_text(b, "unit_rounding", history[i].rule);
		json_field_text(b, "from", history[i].effective_on);
		json_field_text(b, "changed_by", history[i].changed_by);
		json_field_text(b, "changed_at", history[i].changed_at);
		json_object_end(b);
	}
	json_raw(b, "]");
	json_object_end(b);
	reply_json_written(r, status);
}

/* GET /api/v1/programs?limit=&cursor= → 200 {items, next_cursor}; 400 for
 * a bad limit or cursor; 503 when the database is unavailable. */
void programs_api_list(struct req *r)
{
	struct program *list;
	int count, limit;
	if (program_list_page(r, &list, &count, &limit))
		return;
	struct buf *b = &r->out;
	json_raw(b, "{\"items\":[");
	for (int i = 0; i < count && i < limit; i++) {
		if (i)
			json_raw(b, ",");
		program_json(b, &list[i]);
	}
	api_list_end(r, count > limit, count > limit ? list[limit - 1].id : 0);
}

/* Reads the crisis_lines array: [{"label": "...", "number": "..."}]. */
int program_read_crisis_lines(struct req *r, struct program *p)
{
	json_t *lines = json_object_get(r->json, "crisis_lines");
	p->crisis_line_count = 0;
	if (!lines || json_is_null(lines))
		return 0;
	if (!json_is_array(lines) ||
	    json_array_size(lines) > PROGRAM_MAX_CRISIS_LINES) {
		reply_error(r, 400, "bad_type",
		            "crisis_lines must be a list of at most 10 "
		            "{\"label\", \"number\"} objects.",
		            "crisis_lines");
		return -1;
	}
	size_t i;
	json_t *line;
	json_array_foreach(lines, i, line)
	{
		struct crisis_line *c = &p->crisis_lines[i];
		if (!json_is_object(line) ||
		    api_string(r, line, "label", &c->label) ||
		    api_string(r, line, "number", &c->number)) {
			if (r->status != 400)
				reply_error(
				    r, 400, "bad_type",
				    "Each crisis line must be an object "
				    "with label and number.",
				    "crisis_lines");
			return -1;
		}
		p->crisis_line_count++;
	}
	return 0;
}

int program_read_overdue_days(struct req *r, struct program *p)
{
	json_t *v = json_object_get(r->json, "referral_overdue_days");
	p->referral_overdue_days = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v)) {
		reply_error(r, 400, "bad_type",
		            "referral_overdue_days must be a whole number of "
		            "days from 1 to 365.",
		            "referral_overdue_days");
		return -1;
	}
	json_int_t d = json_integer_value(v);
	p->referral_overdue_days = d >= 1 && d <= 365 ? (int)d : -1;
	return 0;
}

/* POST /api/v1/programs → 201 with the program and its Location; 400 naming
 * the field at fault; 409 when the name is taken; 503 when the database is
 * unavailable (nothing is saved then). */
void programs_api_create(struct req *r)
{
	static const char *const lines[] = {"crisis_lines",
	                                    "referral_overdue_days", NULL};
	struct program p = {0};
	if (fields_from_json(r, program_fields, program_field_count, lines,
	                     &p) == ANSWERED ||
	    program_read_crisis_lines(r, &p) ||
	    program_read_overdue_days(r, &p))
		return;
	struct field_error e;
	if (program_validate(&r->arena, &p, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	int64_t id;
	struct actor who = req_actor(r);
	enum db_status s = program_create(r->db, &who, &p, &id);
	if (s == DB_CONSTRAINT) {
		reply_error(r, 409, "name_taken",
		            "A program with this name already exists.", "name");
		return;
	}
	if (s != DB_OK) {
		reply_db_failure(r);
		return;
	}
	struct program saved;
	if (program_get(r->db, &r->arena, id, &saved) != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	req_add_header(
	    r, "Location",
	    arena_sprintf(&r->arena, "/api/v1/programs/%lld", (long long)id));
	program_reply(r, 201, &saved);
}

/* GET /api/v1/programs/{id} → 200, or 404 when there is no such program. */
void programs_api_get(struct req *r)
{
	int64_t id = req_id(r, "id");
	struct program p;
	enum db_status s = program_get(r->db, &r->arena, id, &p);
	if (s == DB_DONE)
		reply_error(r, 404, "not_found", "There is no such program.",
		            NULL);
	else if (s != DB_ROW)
		reply_db_failure(r);
	else
		program_reply(r, 200, &p);
}
