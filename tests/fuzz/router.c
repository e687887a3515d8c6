/* router.c — fuzzes router_match over the real route table with any
 * method byte and path: it never reads out of bounds, a match is a route
 * of the table whose method fits, its parameters are as many as the
 * pattern's, never empty, and each {name:id} is a record id — so no
 * handler ever sees a malformed id. */
#include "fuzz.h"
#include "core/text.h"
#include "http/router.h"

#include <stdlib.h>
#include <string.h>

static int params_in(const char *pattern)
{
	int n = 0;
	for (const char *p = pattern; (p = strchr(p, '{')); p++)
		n++;
	return n;
}

/* The i-th parameter's type: true for {name:id}. */
static bool param_is_id(const char *pattern, int i)
{
	const char *p = pattern;
	for (int k = 0; (p = strchr(p, '{')); p++, k++)
		if (k == i) {
			const char *end = strchr(p, '}');
			return end - p > 3 && !strncmp(end - 3, ":id", 3);
		}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	enum http_method method =
	    (enum http_method)(data[0] % (HTTP_OTHER + 1));
	char *path = fuzz_cstring(data + 1, size - 1);
	struct arena a;
	arena_init(&a);
	const struct route *found = NULL;
	const char *params[ROUTE_MAX_PARAMS] = {0}, *allow = NULL;
	int n = -1;
	switch (router_match(routes, route_count, method, path, &a, &found,
	                     params, &n, &allow)) {
	case ROUTE_FOUND:
		FUZZ_CHECK(found >= routes && found < routes + route_count);
		FUZZ_CHECK(found->method == method ||
		           (method == HTTP_HEAD && found->method == HTTP_GET));
		FUZZ_CHECK(n == params_in(found->pattern));
		for (int i = 0; i < n; i++) {
			FUZZ_CHECK(params[i] && *params[i]);
			int64_t id;
			if (param_is_id(found->pattern, i))
				FUZZ_CHECK(text_to_id(params[i], &id));
		}
		break;
	case ROUTE_WRONG_METHOD:
		FUZZ_CHECK(!found && allow && *allow);
		break;
	case ROUTE_NOT_FOUND:
		FUZZ_CHECK(!found);
		break;
	}
	arena_free(&a);
	free(path);
	return 0;
}
