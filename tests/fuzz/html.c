/* html.c — fuzzes the escaping writers html_text, html_attr and url_arg:
 * whatever the text, the markup they write holds no raw < > " ' from it,
 * and unescaping gives the text back. */
#include "fuzz.h"
#include "core/text.h"
#include "web/html.h"
#include "web/html_buf.h"

#include <stdlib.h>
#include <string.h>

static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;",
                                       "&#39;"};
static const char plain[] = "&<>\"'";

/* Undoes html_text: every & must begin one of the five entities. */
static char *html_unescape(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	while (*s) {
		if (*s != '&') {
			*o++ = *s++;
			continue;
		}
		size_t i = 0;
		while (i < 5 && strncmp(s, entities[i], strlen(entities[i])))
			i++;
		FUZZ_CHECK(i < 5);
		*o++ = plain[i];
		s += strlen(entities[i]);
	}
	*o = '\0';
	return out;
}

static void check_escaped(const char *text, const struct buf *b)
{
	const char *out = b->data ? b->data : "";
	FUZZ_CHECK(b->len == strlen(out));
	FUZZ_CHECK(!strpbrk(out, "<>\"'"));
	FUZZ_CHECK(b->len == html_escape_len(text));
	char *back = html_unescape(out);
	FUZZ_CHECK(!strcmp(back, text));
	free(back);
}

static void check_url_arg(const char *text, const struct buf *b)
{
	const char *out = b->data ? b->data : "";
	FUZZ_CHECK(strspn(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                       "abcdefghijklmnopqrstuvwxyz0123456789-._~%") ==
	           b->len);
	char *back = xmalloc(b->len + 1);
	long n = percent_decode(out, b->len, back, false);
	FUZZ_CHECK(n >= 0 && (size_t)n == strlen(text));
	FUZZ_CHECK(!strcmp(back, text));
	free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	struct buf b = {0};
	html_text(html_of(&b), text);
	check_escaped(text, &b);
	buf_reset(&b);
	html_attr(html_of(&b), text);
	check_escaped(text, &b);
	buf_reset(&b);
	url_arg(&b, text);
	check_url_arg(text, &b);
	buf_free(&b);
	free(text);
	return 0;
}
