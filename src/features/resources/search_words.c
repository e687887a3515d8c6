/* search_words.c — the words of the directory's search (resource_search.h).
 * Both databases search folded words: SQLite's FTS5 folds with its
 * unicode61 tokenizer (remove_diacritics 2), PostgreSQL reads words folded
 * here with the 'simple' configuration, and a query is folded here for
 * both, so "cafe" finds "Café" and "Café" finds "cafe". */
#include "../../core/buf.h"
#include "../../core/text.h"
#include "resource_search.h"

#include <string.h>

const char *search_fold(struct arena *a, const char *s)
{
	char *f = text_fold(a, s ? s : "");
	char *sep = strchr(f, '\x1f');
	if (sep && sep == f) /* folding failed: the lower-cased original */
		return sep + 1;
	if (sep)
		*sep = '\0';
	return f;
}

const char *search_fold_words(struct arena *a, const char *s)
{
	char *f = text_fold(a, s ? s : "");
	char *sep = strchr(f, '\x1f');
	if (!sep)
		return f;
	if (sep == f)
		return sep + 1;
	*sep = '\0';
	if (!strchr(f, '?') || !strcmp(f, sep + 1))
		return f;
	*sep = ' '; /* both: the letters folding could not spell too */
	return f;
}

const char *search_tidy_address(struct arena *a, const char *s)
{
	struct buf b = {0};
	const char *p = s;
	while (*p) {
		/* a part between commas, trimmed; empty ones dropped */
		while (*p == ' ' || *p == ',')
			p++;
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		while (n && p[n - 1] == ' ')
			n--;
		if (n) {
			if (b.len)
				buf_puts(&b, ", ");
			buf_append(&b, p, n);
		}
		p = end ? end : p + strlen(p);
	}
	const char *out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

int search_words(struct arena *a, const char *q,
                 const char *out[SEARCH_WORDS_MAX])
{
	const char *f = search_fold(a, q);
	if (strchr(f, '?')) /* another script: its own letters */
		f = strchr(text_fold(a, q), '\x1f') + 1;
	int n = 0;
	for (const char *p = f; *p && n < SEARCH_WORDS_MAX;) {
		while (*p && !word_byte((unsigned char)*p))
			p++;
		const char *start = p;
		while (*p && word_byte((unsigned char)*p))
			p++;
		if (p > start)
			out[n++] = arena_strndup(a, start, (size_t)(p - start));
	}
	return n;
}

const char *search_fts5_query(struct arena *a, const char *const *w, int n)
{
	struct buf b = {0};
	for (int i = 0; i < n; i++)
		buf_printf(&b, "%s\"%s\"*", i ? " AND " : "", w[i]);
	const char *out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

const char *search_tsquery(struct arena *a, const char *const *w, int n)
{
	struct buf b = {0};
	for (int i = 0; i < n; i++)
		buf_printf(&b, "%s%s:*", i ? " & " : "", w[i]);
	const char *out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}
