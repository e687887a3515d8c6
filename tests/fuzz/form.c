/* form.c — fuzzes request_parse_urlencoded on a form body
 * (application/x-www-form-urlencoded): any bytes, NUL included, since a
 * body is not a C string. */
#include "fuzz.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	arena_init(&a);
	struct kvlist form = {0};
	struct parse_error e = {0};
	int status = request_parse_urlencoded(&a, &form, (const char *)data,
	                                      size, "form", &e);
	if (status == 0) {
		fuzz_kvlist_check(&form);
		fuzz_kvlist_roundtrip(&form);
	} else {
		FUZZ_CHECK(status == 400);
		FUZZ_CHECK(e.code && !strcmp(e.code, "bad_encoding"));
		FUZZ_CHECK(e.message && e.message[0]);
	}
	arena_free(&a);
	return 0;
}
