/* request.c — see request.h, and req.h for the accessors. */
#include "request.h"
#include "../core/text.h"
#include "router.h"

#include <microhttpd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void kvlist_add(struct arena *a, struct kvlist *l, const char *name,
                const char *value, size_t value_len)
{
	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct kv *items = arena_alloc(a, cap * sizeof *items);
		if (l->count)
			memcpy(items, l->items, l->count * sizeof *items);
		l->items = items;
		l->cap = cap;
	}
	l->items[l->count++] = (struct kv){name, value, value_len};
}

static const char *kvlist_get(const struct kvlist *l, const char *name)
{
	for (size_t i = 0; i < l->count; i++)
		if (!strcmp(l->items[i].name, name))
			return l->items[i].value;
	return NULL;
}

const char *req_query(const struct req *r, const char *name)
{
	return kvlist_get(&r->query, name);
}

const char *req_form(const struct req *r, const char *name)
{
	return kvlist_get(&r->form, name);
}

/* The position of {name} or {name:type} in the matched route's pattern;
 * a name the pattern lacks is a bug in the handler: stop loudly. */
static int param_index(const struct req *r, const char *name)
{
	size_t len = strlen(name);
	int i = 0;
	for (const char *p = r->route ? r->route->pattern : "";
	     (p = strchr(p, '{')); p++, i++)
		if (!strncmp(p + 1, name, len) &&
		    (p[len + 1] == '}' || p[len + 1] == ':'))
			return i < r->nparams ? i : -1;
	fprintf(stderr, "waypoint: route %s has no {%s}\n",
	        r->route ? r->route->pattern : "(none)", name);
	abort();
}

int64_t req_id(const struct req *r, const char *name)
{
	int64_t id = 0;
	int i = param_index(r, name);
	if (i < 0 || !text_to_id(r->params[i], &id))
		abort(); /* the router matched only a valid id */
	return id;
}

const char *req_path_text(const struct req *r, const char *name)
{
	int i = param_index(r, name);
	return i < 0 ? NULL : r->params[i];
}

const char *req_header(const struct req *r, const char *name)
{
	return r->conn
	           ? MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name)
	           : NULL;
}

void req_add_header(struct req *r, const char *name, const char *value)
{
	if (r->nheaders == REQ_MAX_HEADERS) {
		/* a response that silently lost a header (a cookie, a
		 * Location) would be worse than none: it is a bug */
		fprintf(stderr, "waypoint: more than %d headers on %s\n",
		        REQ_MAX_HEADERS,
		        r->route ? r->route->pattern : r->path);
		abort();
	}
	r->header_names[r->nheaders] = name;
	r->header_values[r->nheaders++] = value;
}

static int fail(struct parse_error *e, const char *code, const char *message,
                const char *field)
{
	e->code = code;
	e->message = message;
	e->field = field;
	return 400;
}

int request_parse_target(struct req *r, struct parse_error *e)
{
	const char *t = r->target;
	if (!t || t[0] != '/')
		return fail(
		    e, "bad_target",
		    "The request target must be a path starting with /.", NULL);
	const char *q = strchr(t, '?');
	size_t n = q ? (size_t)(q - t) : strlen(t);
	if (memchr(t, '#', n))
		return fail(e, "bad_target", "The path must not contain #.",
		            NULL);
	char *path = arena_alloc(&r->arena, n + 1);
	if (percent_decode(t, n, path, false) < 0)
		return fail(e, "bad_path",
		            "The path has a malformed percent-escape.", NULL);
	if (!utf8_valid(path, strlen(path)))
		return fail(e, "bad_path", "The path is not valid UTF-8.",
		            NULL);
	r->path = path;
	if (q)
		return request_parse_urlencoded(&r->arena, &r->query, q + 1,
		                                strlen(q + 1), "query string",
		                                e);
	return 0;
}

int request_parse_urlencoded(struct arena *a, struct kvlist *list,
                             const char *s, size_t n, const char *where,
                             struct parse_error *e)
{
	const char *end = s + n;
	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s));
		const char *stop = amp ? amp : end;
		if (stop == s) { /* "a=1&&b=2": an empty pair, harmless */
			s = stop + 1;
			continue;
		}
		const char *eq = memchr(s, '=', (size_t)(stop - s));
		const char *name_end = eq ? eq : stop;
		char *name = arena_alloc(a, (size_t)(name_end - s) + 1);
		long nlen =
		    percent_decode(s, (size_t)(name_end - s), name, true);
		if (nlen <= 0 || !utf8_valid(name, (size_t)nlen))
			return fail(e, "bad_encoding",
			            arena_sprintf(a,
			                          "The %s has a field with a "
			                          "malformed or empty name.",
			                          where),
			            NULL);
		const char *v = eq ? eq + 1 : stop;
		char *value = arena_alloc(a, (size_t)(stop - v) + 1);
		long vlen = percent_decode(v, (size_t)(stop - v), value, true);
		if (vlen < 0 || !utf8_valid(value, (size_t)vlen))
			return fail(e, "bad_encoding",
			            arena_sprintf(a,
			                          "The %s field \"%s\" is not "
			                          "valid percent-encoded UTF-8 "
			                          "text.",
			                          where, name),
			            name);
		kvlist_add(a, list, name, value, (size_t)vlen);
		s = stop + (amp ? 1 : 0);
	}
	return 0;
}

/* Multipart parts arrive in pieces (offset > 0 continues the last part);
 * they are joined here and added to the form when complete. */
struct multipart {
	struct req *r;
	struct buf value;
	char *name;
	bool is_file;
	bool bad;
};

static void multipart_flush(struct multipart *m)
{
	if (!m->name)
		return;
	/* Text fields must be UTF-8 without NUL bytes (a NUL would silently
	 * cut the value short as a C string); files may hold any bytes. */
	if (!m->is_file &&
	    (!utf8_valid(m->value.data ? m->value.data : "", m->value.len) ||
	     (m->value.len && memchr(m->value.data, 0, m->value.len))))
		m->bad = true;
	size_t len = m->value.len;
	char *copy = arena_strndup(&m->r->arena,
	                           m->value.data ? m->value.data : "", len);
	kvlist_add(&m->r->arena, &m->r->form, m->name, copy, len);
	buf_reset(&m->value);
	m->name = NULL;
}

static enum MHD_Result multipart_part(void *cls, enum MHD_ValueKind kind,
                                      const char *key, const char *filename,
                                      const char *content_type,
                                      const char *transfer_encoding,
                                      const char *data, uint64_t off,
                                      size_t size)
{
	(void)kind, (void)content_type, (void)transfer_encoding;
	struct multipart *m = cls;
	if (off == 0 || !m->name || strcmp(m->name, key)) {
		multipart_flush(m);
		m->name = arena_strdup(&m->r->arena, key);
		m->is_file = filename != NULL;
	}
	buf_append(&m->value, data, size);
	return MHD_YES;
}

static int parse_multipart(struct req *r, struct parse_error *e)
{
	struct multipart m = {.r = r};
	struct MHD_PostProcessor *pp =
	    MHD_create_post_processor(r->conn, 16384, multipart_part, &m);
	if (!pp)
		return fail(e, "bad_form",
		            "The multipart form has no usable boundary.", NULL);
	enum MHD_Result ok =
	    MHD_post_process(pp, r->body.data ? r->body.data : "", r->body.len);
	MHD_destroy_post_processor(pp);
	multipart_flush(&m);
	buf_free(&m.value);
	if (ok != MHD_YES)
		return fail(e, "bad_form", "The multipart form is malformed.",
		            NULL);
	if (m.bad)
		return fail(e, "bad_encoding",
		            "A form field is not valid UTF-8 text.", NULL);
	return 0;
}

static bool type_is(const char *content_type, const char *want)
{
	size_t n = strlen(want);
	return content_type && !strncasecmp(content_type, want, n) &&
	       (content_type[n] == '\0' || content_type[n] == ';' ||
	        content_type[n] == ' ');
}

int request_parse_body(struct req *r, struct parse_error *e)
{
	const char *type = req_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	const char *data = r->body.data ? r->body.data : "";
	if (r->is_api) {
		if (!type_is(type, "application/json")) {
			e->code = "unsupported_media_type";
			e->message =
			    "Send the request body as application/json.";
			e->field = NULL;
			return 415;
		}
		json_error_t err;
		r->json =
		    json_loadb(data, r->body.len, JSON_REJECT_DUPLICATES, &err);
		if (!r->json)
			return fail(
			    e, "bad_json",
			    arena_sprintf(&r->arena,
			                  "The JSON body is malformed at line "
			                  "%d, column %d: %s.",
			                  err.line, err.column, err.text),
			    NULL);
		if (!json_is_object(r->json))
			return fail(e, "bad_json",
			            "The JSON body must be an object.", NULL);
		return 0;
	}
	if (type_is(type, "application/x-www-form-urlencoded"))
		return request_parse_urlencoded(&r->arena, &r->form, data,
		                                r->body.len, "form", e);
	if (type_is(type, "multipart/form-data"))
		return parse_multipart(r, e);
	e->code = "unsupported_media_type";
	e->message = "Send the form as application/x-www-form-urlencoded or "
	             "multipart/form-data.";
	e->field = NULL;
	return 415;
}

const char *req_form_text(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	return text_trim(arena_strdup(&r->arena, v ? v : ""));
}
