/* multipart.c — fuzzes request_parse_body with a form body: the input's
 * first line is the Content-Type (multipart/form-data with its boundary,
 * mostly), the rest the body, sent through a real libmicrohttpd connection
 * because its post processor reads the boundary from there. */
#include "fuzz.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

static void check(struct req *r, int status, const struct parse_error *e)
{
	if (status == 0) {
		/* every part is a named field; its value is NUL-terminated
		 * (a file may hold NUL bytes, a text field may not) */
		for (size_t i = 0; i < r->form.count; i++) {
			const struct kv *kv = &r->form.items[i];
			FUZZ_CHECK(kv->name && kv->value);
			FUZZ_CHECK(kv->value[kv->value_len] == '\0');
		}
		return;
	}
	FUZZ_CHECK(status == 400 || status == 415);
	FUZZ_CHECK(e->code && e->message && e->message[0]);
	FUZZ_CHECK(status == 415 ? !strcmp(e->code, "unsupported_media_type")
	                         : !strcmp(e->code, "bad_form") ||
	                               !strcmp(e->code, "bad_encoding"));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	if (!nl)
		return 0;
	char *type = fuzz_cstring(data, (size_t)(nl - data));
	/* a header value cannot hold a NUL or a line break */
	if (strlen(type) == (size_t)(nl - data) && !strchr(type, '\r'))
		fuzz_post(type, nl + 1, size - (size_t)(nl - data) - 1, false,
		          check);
	free(type);
	return 0;
}
