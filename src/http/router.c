/* router.c — see router.h. */
#include "router.h"
#include "../core/text.h"

#include <stdio.h>
#include <ctype.h>
#include <string.h>

static const char *const method_names[] = {
    [HTTP_GET] = "GET",         [HTTP_HEAD] = "HEAD",
    [HTTP_POST] = "POST",       [HTTP_PUT] = "PUT",
    [HTTP_PATCH] = "PATCH",     [HTTP_DELETE] = "DELETE",
    [HTTP_OPTIONS] = "OPTIONS", [HTTP_OTHER] = "OTHER",
};

const char *http_method_name(enum http_method m)
{
	return m <= HTTP_OTHER ? method_names[m] : "OTHER";
}

enum http_method http_method_parse(const char *name)
{
	for (int m = HTTP_GET; m < HTTP_OTHER; m++)
		if (!strcmp(name, method_names[m]))
			return (enum http_method)m;
	return HTTP_OTHER;
}

/* A {name:id} segment: a record id (text_to_id's rules). */
static bool segment_is_id(const char *s, size_t len)
{
	char copy[24];
	int64_t id;
	if (len >= sizeof copy)
		return false;
	memcpy(copy, s, len);
	copy[len] = '\0';
	return text_to_id(copy, &id);
}

/* A {name:uuid} segment: an id from outside, as HSDS 3.0 gives its
 * records (8-4-4-4-12 hexadecimal digits, either case). */
static bool segment_is_uuid(const char *s, size_t len)
{
	if (len != 36)
		return false;
	for (size_t i = 0; i < len; i++)
		if (i == 8 || i == 13 || i == 18 || i == 23
		        ? s[i] != '-'
		        : !isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* A parameter's type after the colon, if any, must be one the router
 * knows; returns false for "{x:other}". */
static bool param_types_known(const char *pattern)
{
	for (const char *p = pattern; (p = strchr(p, '{')); p++) {
		const char *end = strchr(p, '}'), *colon = strchr(p, ':');
		if (!end)
			return false;
		if (colon && colon < end && strncmp(colon, ":id}", 4) &&
		    strncmp(colon, ":uuid}", 6))
			return false;
	}
	return true;
}

/* Matches path against pattern segment by segment.  Captured segments are
 * copied into the arena.  Empty segments ("//") never match a parameter. */
static bool pattern_match(const char *pattern, const char *path,
                          struct arena *a, const char **params, int *nparams)
{
	int n = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p != '/' || *s != '/')
			return false;
		p++, s++;
		const char *pend = strchr(p, '/'), *send = strchr(s, '/');
		size_t plen = pend ? (size_t)(pend - p) : strlen(p);
		size_t slen = send ? (size_t)(send - s) : strlen(s);
		if (plen == 3 && !strncmp(p, "{*}", 3)) {
			if (!*s || n >= ROUTE_MAX_PARAMS)
				return false;
			if (params)
				params[n] = arena_strdup(a, s);
			*nparams = n + 1;
			return true;
		}
		if (plen > 2 && p[0] == '{' && p[plen - 1] == '}') {
			if (slen == 0 || n >= ROUTE_MAX_PARAMS)
				return false;
			if (plen > 4 && !strncmp(p + plen - 4, ":id}", 4) &&
			    !segment_is_id(s, slen))
				return false; /* a malformed id: 404 */
			if (plen > 6 && !strncmp(p + plen - 6, ":uuid}", 6) &&
			    !segment_is_uuid(s, slen))
				return false;
			if (params)
				params[n] = arena_strndup(a, s, slen);
			n++;
		} else if (plen != slen || strncmp(p, s, plen)) {
			return false;
		}
		p += plen, s += slen;
	}
	*nparams = n;
	return !*p && !*s;
}

enum route_match router_match(const struct route *table, size_t count,
                              enum http_method method, const char *path,
                              struct arena *a, const struct route **found,
                              const char **params, int *nparams,
                              const char **allow)
{
	unsigned methods = 0; /* bit per method the path takes */
	enum http_method want = method == HTTP_HEAD ? HTTP_GET : method;
	for (size_t i = 0; i < count; i++) {
		int n = 0;
		if (!pattern_match(table[i].pattern, path, NULL, NULL, &n))
			continue;
		if (table[i].method == want) {
			pattern_match(table[i].pattern, path, a, params,
			              nparams);
			*found = &table[i];
			return ROUTE_FOUND;
		}
		methods |= 1u << table[i].method;
		if (table[i].method == HTTP_GET)
			methods |= 1u << HTTP_HEAD;
	}
	*found = NULL;
	if (!methods)
		return ROUTE_NOT_FOUND;
	if (allow) {
		char list[64] = "";
		for (int m = HTTP_GET; m < HTTP_OTHER; m++) {
			if (!(methods & (1u << m)))
				continue;
			size_t used = strlen(list);
			snprintf(list + used, sizeof list - used, "%s%s",
			         used ? ", " : "",
			         http_method_name((enum http_method)m));
		}
		*allow = arena_strdup(a, list);
	}
	return ROUTE_WRONG_METHOD;
}

const char *router_check(const struct route *table, size_t count)
{
	static _Thread_local char msg[256];
	for (size_t i = 0; i < count; i++) {
		const struct route *r = &table[i];
		const char *why = NULL;
		int params = 0;
		for (const char *p = r->pattern; p && (p = strchr(p, '{')); p++)
			params++;
		if (!r->pattern || r->pattern[0] != '/')
			why = "pattern must start with /";
		else if (!r->handler)
			why = "no handler";
		else if (r->permission <= PERM_NONE ||
		         r->permission >= PERM_COUNT)
			why = "no permission (public routes say PERM_PUBLIC)";
		else if (r->method >= HTTP_OTHER || r->method == HTTP_HEAD)
			why = "method must be GET, POST, PUT, PATCH, DELETE or "
			      "OPTIONS";
		else if (params > ROUTE_MAX_PARAMS)
			why = "too many {parameters}";
		else if (!param_types_known(r->pattern))
			why = "unknown parameter type (only {name:id}, "
			      "{name:uuid})";
		else if (r->nav.order &&
		         (r->method != HTTP_GET || params ||
		          r->nav.order > ROUTE_NAV_MAX || !r->nav.label))
			why = "navigation only on a GET without parameters, "
			      "with a label and a place up to ROUTE_NAV_MAX";
		for (size_t j = 0; !why && j < i; j++)
			if (table[j].method == r->method &&
			    !strcmp(table[j].pattern, r->pattern))
				why = "declared twice";
			else if (r->nav.order &&
			         table[j].nav.order == r->nav.order)
				why = "two routes in one navigation place";
		if (why) {
			snprintf(msg, sizeof msg, "route %s %s: %s",
			         http_method_name(r->method),
			         r->pattern ? r->pattern : "(null)", why);
			return msg;
		}
	}
	return NULL;
}

const char *route_pattern_shown(const struct route *route, char *out,
                                size_t size)
{
	size_t n = 0;
	for (const char *p = route->pattern; *p && n + 1 < size; p++) {
		if (*p == ':')
			while (p[1] && p[1] != '}')
				p++;
		else
			out[n++] = *p;
	}
	out[n] = '\0';
	return out;
}
