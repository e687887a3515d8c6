/* json.c — fuzzes request_parse_body on an API route: the input is an
 * application/json body, sent through a real libmicrohttpd connection. */
#include "fuzz.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void check(struct req *r, int status, const struct parse_error *e)
{
	if (status == 0) {
		/* an object, which jansson writes and reads back the same */
		FUZZ_CHECK(json_is_object(r->json));
		char *text = json_dumps(r->json, JSON_COMPACT);
		FUZZ_CHECK(text);
		json_t *again = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
		FUZZ_CHECK(again && json_equal(again, r->json));
		json_decref(again);
		free(text);
		return;
	}
	FUZZ_CHECK(status == 400);
	FUZZ_CHECK(e->code && !strcmp(e->code, "bad_json"));
	FUZZ_CHECK(e->message && e->message[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_post("application/json", data, size, true, check);
	return 0;
}
