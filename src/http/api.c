/* api.c — see api.h. */
#include "api.h"
#include "../core/text.h"
#include "../web/json.h"
#include "response.h"

#include <string.h>

enum answer api_page(struct req *r, int *limit, int64_t *after)
{
	*limit = API_LIMIT_DEFAULT;
	*after = 0;
	const char *l = req_query(r, "limit"), *c = req_query(r, "cursor");
	int64_t v;
	if (l) {
		if (!text_to_id(l, &v) || v > API_LIMIT_MAX) {
			reply_error(
			    r, 400, "bad_limit",
			    "limit must be a whole number from 1 to 200.",
			    "limit");
			return ANSWERED;
		}
		*limit = (int)v;
	}
	if (c && *c) {
		if (!text_to_id(c, &v)) {
			reply_error(
			    r, 400, "bad_cursor",
			    "cursor must be a next_cursor value from an "
			    "earlier answer.",
			    "cursor");
			return ANSWERED;
		}
		*after = v;
	}
	return GO_ON;
}

enum answer api_known_fields(struct req *r, const char *const *allowed)
{
	const char *key;
	json_t *value;
	json_object_foreach(r->json, key, value)
	{
		bool known = false;
		for (const char *const *a = allowed; *a && !known; a++)
			known = !strcmp(*a, key);
		if (!known) {
			reply_error(
			    r, 400, "unknown_field",
			    arena_sprintf(&r->arena,
			                  "\"%s\" is not a field of this "
			                  "request.",
			                  key),
			    arena_strdup(&r->arena, key));
			return ANSWERED;
		}
	}
	return GO_ON;
}

enum answer api_string(struct req *r, json_t *obj, const char *field,
                       const char **out)
{
	json_t *v = json_object_get(obj, field);
	*out = NULL;
	if (!v || json_is_null(v))
		return GO_ON;
	if (!json_is_string(v)) {
		reply_error(
		    r, 400, "bad_type",
		    arena_sprintf(&r->arena, "%s must be a string.", field),
		    field);
		return ANSWERED;
	}
	*out = text_trim(arena_strdup(&r->arena, json_string_value(v)));
	return GO_ON;
}

void api_list_end(struct req *r, bool more, int64_t last_id)
{
	/* the cursor is the last id as a string: clients must not do sums */
	json_raw(&r->out, "],\"next_cursor\":");
	json_text(&r->out,
	          more ? arena_sprintf(&r->arena, "%lld", (long long)last_id)
	               : NULL);
	json_raw(&r->out, "}");
	reply_json_written(r, 200);
}

void api_reply_id(struct req *r, int status, int64_t id)
{
	buf_reset(&r->out);
	json_raw(&r->out, "{\"id\":");
	json_int(&r->out, id);
	json_raw(&r->out, "}");
	reply_json_written(r, status);
}

void api_list_whole(struct req *r, const void *items, size_t size, int count,
                    void (*write)(struct buf *b, const void *item))
{
	json_raw(&r->out, "{\"items\":[");
	for (int i = 0; i < count; i++) {
		if (i)
			json_raw(&r->out, ",");
		write(&r->out, (const char *)items + (size_t)i * size);
	}
	api_list_end(r, false, 0);
}
