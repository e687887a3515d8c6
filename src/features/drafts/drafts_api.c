/* drafts_api.c — a staff member's drafts of long forms (http/form_draft.h),
 * for assets/form-draft.js:
 *
 *	GET    /api/v1/drafts?form=/persons/7/consents   → {form, fields,
 *saved_at}, or 204 when there is none PUT    /api/v1/drafts {form, fields:
 *[[name, value], …]}   → 204 DELETE /api/v1/drafts?form=/persons/7/consents   →
 *204
 *
 * A form is the address a page's form posts to; it must be a route that
 * keeps drafts (ROUTE_DRAFT), one the user's role may submit, and, for a
 * person's form, a person the user may reach now. */
#include "../../auth/person_access.h"
#include "../../core/text.h"
#include "../../handlers.h"
#include "../../http/api.h"
#include "../../http/form_draft.h"
#include "../../http/response.h"
#include "../../http/router.h"
#include "../../web/json.h"

#include <stdlib.h>
#include <string.h>

/* draft_form checks form as above; GO_ON, or ANSWERED having refused. */
static enum answer draft_form(struct req *r, const char *form)
{
	if (!form || !*form || strlen(form) > FORM_DRAFT_FORM_MAX) {
		reply_error(r, 400, "invalid",
		            "Say which form the draft is for (its address).",
		            "form");
		return ANSWERED;
	}
	const struct route *route;
	const char *params[ROUTE_MAX_PARAMS], *allow;
	int n;
	if (router_match(routes, route_count, HTTP_POST, form, &r->arena,
	                 &route, params, &n, &allow) != ROUTE_FOUND ||
	    !(route->flags & ROUTE_DRAFT)) {
		reply_error(r, 400, "invalid", "That form keeps no drafts.",
		            "form");
		return ANSWERED;
	}
	if (!permission_granted(r->role, route->permission)) {
		reply_error(r, 403, "forbidden",
		            "Your role cannot send that form.", "form");
		return ANSWERED;
	}
	int64_t person;
	if (!(route->flags & ROUTE_PERSON) || !n ||
	    !text_to_id(params[0], &person))
		return GO_ON;
	switch (person_access_for(r->db, r->session.user_id, person)) {
	case ACCESS_TEAM:
	case ACCESS_BREAK_GLASS:
		return GO_ON;
	case ACCESS_ERROR:
		reply_db_failure(r);
		return ANSWERED;
	case ACCESS_NONE:
	case ACCESS_MERGED: /* a tombstone keeps no drafts */
		break;
	}
	reply_error(r, 404, "not_found",
	            "There is no such person in your teams.", "form");
	return ANSWERED;
}

/* GET /api/v1/drafts?form= */
void drafts_api_get(struct req *r)
{
	const char *form = req_query(r, "form"), *fields, *saved_at;
	if (draft_form(r, form) == ANSWERED)
		return;
	switch (form_draft_get(r->db, &r->arena, r->session.user_id, form,
	                       &fields, &saved_at)) {
	case DB_ROW:
		break;
	case DB_DONE: /* not an error: most forms have none */
		r->status = 204;
		return;
	default:
		reply_db_failure(r);
		return;
	}
	struct buf *b = &r->out;
	json_object_begin(b);
	json_field_text(b, "form", form);
	json_field(b, "fields");
	buf_puts(b, fields); /* stored as checked JSON (drafts_api_put) */
	json_field_text(b, "saved_at", saved_at);
	json_object_end(b);
	reply_json_written(r, 200);
}

/* The fields must be [[name, value], …] with text names and values. */
static bool fields_well_formed(json_t *fields)
{
	if (!json_is_array(fields) ||
	    json_array_size(fields) > FORM_DRAFT_MAX_FIELDS)
		return false;
	size_t i;
	json_t *pair;
	json_array_foreach(fields, i, pair)
	{
		if (!json_is_array(pair) || json_array_size(pair) != 2 ||
		    !json_is_string(json_array_get(pair, 0)) ||
		    !json_is_string(json_array_get(pair, 1)))
			return false;
	}
	return true;
}

/* PUT /api/v1/drafts {form, fields} */
void drafts_api_put(struct req *r)
{
	static const char *const allowed[] = {"form", "fields", NULL};
	if (!json_is_object(r->json)) {
		reply_error(r, 400, "invalid", "Send a JSON object.", NULL);
		return;
	}
	if (api_known_fields(r, allowed) == ANSWERED)
		return;
	json_t *form = json_object_get(r->json, "form");
	if (draft_form(r, json_string_value(form)) == ANSWERED)
		return;
	json_t *fields = json_object_get(r->json, "fields");
	if (!fields_well_formed(fields)) {
		reply_error(r, 400, "invalid",
		            "fields must be a list of [name, value] pairs of "
		            "text, at most 300.",
		            "fields");
		return;
	}
	char *text = json_dumps(fields, JSON_COMPACT);
	if (!text || strlen(text) > FORM_DRAFT_MAX_BYTES) {
		free(text);
		reply_error(r, 413, "too_large",
		            "The draft is larger than 64 KiB.", "fields");
		return;
	}
	enum db_status s = form_draft_save(r->db, r->session.user_id,
	                                   json_string_value(form), text);
	free(text);
	if (s != DB_OK) {
		reply_db_failure(r);
		return;
	}
	r->status = 204;
}

/* DELETE /api/v1/drafts?form= */
void drafts_api_delete(struct req *r)
{
	const char *form = req_query(r, "form");
	if (draft_form(r, form) == ANSWERED)
		return;
	if (form_draft_clear(r->db, r->session.user_id, form) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	r->status = 204;
}
