/* program_edit.c — editing a program: its settings (programs/: the field
 * table, the form shared with Add a program, the update and its audit)
 * with its own service codes, one per billable kind of contact, on one
 * form and in one PUT.  It lives here, not in programs/, because the kinds
 * are the notes' (contact_kinds) and programs/ sits below notes; billing
 * is the folder above both. */
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../programs/program.h"
#include "billing.h"

#include <string.h>

/* The program's own code for kind, or "". */
static const char *code_of(const struct program *p, const char *kind)
{
	for (int i = 0; i < p->service_code_count; i++)
		if (!strcmp(p->service_codes[i].kind, kind))
			return p->service_codes[i].code;
	return "";
}

/* The form's service code fields, one per billable kind, showing p's. */
static const struct program_code_field *
code_fields(struct req *r, const struct program *p, int *n)
{
	struct program_code_field *out =
	    arena_alloc(&r->arena, (size_t)contact_kind_count * sizeof *out);
	*n = 0;
	for (int i = 0; i < contact_kind_count; i++)
		if (contact_kinds[i].billable)
			out[(*n)++] = (struct program_code_field){
			    arena_sprintf(&r->arena, "code-%s",
			                  contact_kinds[i].code),
			    contact_kinds[i].label,
			    code_of(p, contact_kinds[i].code)};
	return out;
}

static int add_code(struct program *p, const char *kind, const char *code)
{
	if (p->service_code_count == PROGRAM_MAX_CODES)
		return -1;
	p->service_codes[p->service_code_count++] =
	    (struct program_code){kind, code};
	return 0;
}

/* Reads code-<kind> for each billable kind ("" for none: the
 * installation's); names the first refused one in *e, keeping them all. */
static void codes_from_form(struct req *r, struct program *p,
                            struct field_error *e)
{
	p->service_code_count = 0;
	for (int i = 0; i < contact_kind_count; i++) {
		const struct contact_kind *k = &contact_kinds[i];
		if (!k->billable)
			continue;
		const char *name = arena_sprintf(&r->arena, "code-%s", k->code);
		struct service_code c = {k->code, k->label,
		                         req_form_text(r, name)};
		if (!*c.code)
			continue;
		add_code(p, k->code, c.code);
		if (!e->field && service_code_validate(&r->arena, &c, e))
			e->field = name;
	}
}

/* Reads {"service_codes": {"<kind>": "<code>", …}}: absent, null, or a
 * kind's null or "" is none.  -1 having answered 400. */
static int codes_from_json(struct req *r, struct program *p)
{
	json_t *codes = json_object_get(r->json, "service_codes");
	p->service_code_count = 0;
	if (!codes || json_is_null(codes))
		return 0;
	if (!json_is_object(codes)) {
		reply_error(r, 400, "bad_type",
		            "service_codes must be an object of codes by kind "
		            "of contact, such as {\"individual\": \"H0038\"}.",
		            "service_codes");
		return -1;
	}
	const char *kind;
	json_t *v;
	json_object_foreach(codes, kind, v)
	{
		const struct contact_kind *k = contact_kind_find(kind);
		struct field_error e;
		if (!k || !k->billable) {
			reply_error(
			    r, 400, "invalid",
			    arena_sprintf(&r->arena,
			                  "service_codes: \"%s\" is not a "
			                  "billable kind of contact.",
			                  kind),
			    "service_codes");
			return -1;
		}
		if (json_is_null(v) ||
		    (json_is_string(v) && !*json_string_value(v)))
			continue;
		struct service_code c = {k->code, k->label,
		                         json_string_value(v)};
		if (!json_is_string(v) ||
		    service_code_validate(&r->arena, &c, &e) ||
		    add_code(p, k->code, c.code)) {
			reply_error(
			    r, 400, "invalid",
			    arena_sprintf(&r->arena,
			                  "service_codes: the code for %s "
			                  "must be like H0038: capital "
			                  "letters, digits and hyphens, at "
			                  "most 12.",
			                  k->code),
			    "service_codes");
			return -1;
		}
	}
	return 0;
}

/* The rule's date: required when the rule changes, a date when given. */
static int edit_validate(struct arena *a, const struct program *old,
                         const struct program *p, const struct program_edit *ed,
                         struct field_error *e)
{
	const char *from = ed->rounding_from ? ed->rounding_from : "";
	if (*from)
		return fields_validate(a, program_edit_fields,
		                       program_edit_field_count, ed, e);
	if (strcmp(old->unit_rounding, p->unit_rounding))
		return field_fail(
		    e, "unit_rounding_from",
		    "New billing units from is required when the "
		    "billing units change: notes signed from that "
		    "date use the new rule.");
	return 0;
}

/* Reads the route's program (with its codes); answers 404 or 503. */
static enum answer load(struct req *r, struct program *p)
{
	enum db_status s = program_get(r->db, &r->arena, req_id(r, "id"), p);
	if (s == DB_DONE) {
		reply_error(r, 404, "not_found", "There is no such program.",
		            NULL);
		return ANSWERED;
	}
	if (s == DB_ROW)
		s = program_codes_get(r->db, &r->arena, p);
	if (s != DB_OK) {
		reply_db_failure(r);
		return ANSWERED;
	}
	return GO_ON;
}

/* GET /programs/{id}/edit */
void program_edit_page(struct req *r)
{
	struct program p;
	char from[PROGRAM_DATE_SIZE];
	if (load(r, &p) == ANSWERED)
		return;
	if (program_rounding_earliest(r->db, &p, from) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	struct buf lines = {0};
	for (int i = 0; i < p.crisis_line_count; i++)
		buf_printf(&lines, "%s: %s\n", p.crisis_lines[i].label,
		           p.crisis_lines[i].number);
	const char *crisis_text =
	    arena_strdup(&r->arena, lines.data ? lines.data : "");
	buf_free(&lines);
	int n;
	const struct program_code_field *codes = code_fields(r, &p, &n);
	program_form(r, &(struct program_form_view){
	                    &p, crisis_text, arena_strdup(&r->arena, from),
	                    codes, n, NULL});
	reply_html(r, 200);
}

/* POST /programs/{id} → 303 to the program; 400 with the form again and
 * the field at fault named; 409 when the name is taken or the new rule's
 * date would change a signed note; nothing is saved then. */
void program_update_page(struct req *r)
{
	struct program old, p = {0};
	struct program_edit ed = {0};
	if (load(r, &old) == ANSWERED)
		return;
	fields_from_form(r, program_fields, program_field_count, &p);
	fields_from_form(r, program_edit_fields, program_edit_field_count, &ed);
	p.id = old.id;
	p.referral_overdue_days = program_overdue_days_text(
	    req_form_text(r, "referral_overdue_days"));
	const char *crisis_text = req_form(r, "crisis_lines");
	struct field_error e = {0};
	int status = 400;
	codes_from_form(r, &p, &e);
	struct field_error first = {0};
	if (program_parse_crisis_lines(&r->arena, crisis_text, &p, &first) ||
	    program_validate(&r->arena, &p, &first) ||
	    edit_validate(&r->arena, &old, &p, &ed, &first))
		e = first; /* the form's order: the program's fields first */
	if (!e.field) {
		struct actor who = req_actor(r);
		enum db_status s =
		    program_update(r->db, &r->arena, &who, old.id, &p, &ed, &e);
		if (s == DB_OK) {
			reply_redirect(r, arena_sprintf(&r->arena,
			                                "/programs/%lld",
			                                (long long)old.id));
			return;
		}
		if (s != DB_CONSTRAINT) {
			reply_db_failure(r);
			return;
		}
		status = 409;
	}
	int n;
	const struct program_code_field *codes = code_fields(r, &p, &n);
	program_form(r, &(struct program_form_view){
	                    &p, crisis_text, ed.rounding_from, codes, n, &e});
	reply_html(r, status);
}

/* PUT /api/v1/programs/{id} — the whole program, as GET gives it (its
 * read-only members are accepted and ignored), with unit_rounding_from
 * when unit_rounding changes → 200 with the program; 400 naming the
 * field; 404; 409 when the name is taken (name_taken) or the rule's date
 * would change a signed note (signed_notes).  Nothing is saved unless
 * 200. */
void programs_api_update(struct req *r)
{
	static const char *const extra[] = {"crisis_lines",
	                                    "service_codes",
	                                    "unit_rounding_from",
	                                    "id",
	                                    "created_at",
	                                    "unit_rounding_history",
	                                    "updated_at",
	                                    "referral_overdue_days",
	                                    NULL};
	struct program old, p = {0};
	struct program_edit ed = {0};
	if (load(r, &old) == ANSWERED ||
	    fields_from_json(r, program_fields, program_field_count, extra,
	                     &p) == ANSWERED ||
	    api_string(r, r->json, "unit_rounding_from", &ed.rounding_from) ==
	        ANSWERED ||
	    program_read_crisis_lines(r, &p) || codes_from_json(r, &p) ||
	    program_read_overdue_days(r, &p))
		return;
	json_t *id = json_object_get(r->json, "id");
	if (id && !json_is_null(id) &&
	    (!json_is_integer(id) || json_integer_value(id) != old.id)) {
		reply_error(r, 400, "invalid",
		            "id, when sent, must be this program's.", "id");
		return;
	}
	p.id = old.id;
	struct field_error e;
	if (program_validate(&r->arena, &p, &e) ||
	    edit_validate(&r->arena, &old, &p, &ed, &e)) {
		reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	struct actor who = req_actor(r);
	enum db_status s =
	    program_update(r->db, &r->arena, &who, old.id, &p, &ed, &e);
	if (s == DB_CONSTRAINT) {
		reply_error(r, 409,
		            strcmp(e.field, "name") ? "signed_notes"
		                                    : "name_taken",
		            e.message, e.field);
		return;
	}
	struct program saved;
	if (s != DB_OK ||
	    program_get(r->db, &r->arena, old.id, &saved) != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	program_reply(r, 200, &saved);
}
