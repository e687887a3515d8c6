/* target.c — fuzzes request_parse_target: the raw request-target (as the
 * server's request-line callback receives it) split into the decoded path
 * and the query string's fields. */
#include "fuzz.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *target = fuzz_cstring(data, size);
	struct req r;
	fuzz_req_init(&r, target);
	struct parse_error e = {0};
	int status = request_parse_target(&r, &e);
	if (status == 0) {
		/* a decoded path: absolute, UTF-8, without the query */
		FUZZ_CHECK(r.path && r.path[0] == '/');
		FUZZ_CHECK(utf8_valid(r.path, strlen(r.path)));
		FUZZ_CHECK(strlen(r.path) <= strcspn(target, "?"));
		FUZZ_CHECK(strchr(target, '?') || r.query.count == 0);
		fuzz_kvlist_check(&r.query);
		fuzz_kvlist_roundtrip(&r.query);
	} else {
		/* refused with a 400 that says why */
		FUZZ_CHECK(status == 400);
		FUZZ_CHECK(e.code && e.message && e.message[0]);
		FUZZ_CHECK(!strcmp(e.code, "bad_target") ||
		           !strcmp(e.code, "bad_path") ||
		           !strcmp(e.code, "bad_encoding"));
	}
	fuzz_req_free(&r);
	free(target);
	return 0;
}
