/* csv.c — fuzzes the CSV writer: whatever the text, it is one quoted
 * field that reads back to the text (with a leading quote where the guard
 * added one), and no field a spreadsheet sees begins with = + - @ TAB or
 * CR, so nothing typed becomes a formula. */
#include "fuzz.h"
#include "web/csv.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	struct buf b = {0};
	csv_int(&b, 7);
	csv_text(&b, text);
	csv_row_end(&b);
	const char *out = b.data;
	FUZZ_CHECK(!strncmp(out, "7,\"", 3));
	/* read the quoted field back (RFC 4180) */
	const char *p = out + 3;
	char *field = xmalloc(b.len + 1), *f = field;
	for (;;) {
		FUZZ_CHECK(*p);
		if (*p == '"' && p[1] == '"') {
			*f++ = '"';
			p += 2;
		} else if (*p == '"') {
			p++;
			break;
		} else {
			*f++ = *p++;
		}
	}
	*f = '\0';
	FUZZ_CHECK(!strcmp(p, "\r\n")); /* the row ends after the field */
	FUZZ_CHECK(!strchr("=+-@\t\r", field[0]) || field[0] == '\0');
	bool guarded = text[0] && strchr("=+-@\t\r", text[0]);
	FUZZ_CHECK(!strcmp(field + (guarded ? 1 : 0), text));
	FUZZ_CHECK(!guarded || field[0] == '\'');
	free(field);
	buf_free(&b);
	free(text);
	return 0;
}
