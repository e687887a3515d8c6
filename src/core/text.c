/* text.c — see text.h. */
#include "text.h"

#include "arena.h"

#include <iconv.h>
#include <locale.h>

#include <stdio.h>
#include <string.h>

bool utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;
	while (s < end) {
		unsigned c = *s;
		size_t len;
		unsigned min, cp;
		if (c < 0x80) {
			s++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2, min = 0x80, cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3, min = 0x800, cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4, min = 0x10000, cp = c & 0x07;
		} else {
			return false;
		}
		if ((size_t)(end - s) < len)
			return false;
		for (size_t i = 1; i < len; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		s += len;
	}
	return true;
}

size_t utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long percent_decode(const char *s, size_t n, char *out, bool plus_is_space)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return -1; /* fewer than two hex digits follow
				            */
			int h = hex_value(s[i + 1]), l = hex_value(s[i + 2]);
			if (h < 0 || l < 0)
				return -1;
			c = (char)(h * 16 + l);
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		/* raw or encoded, a NUL would cut the C string short: a
		 * form field "csrf_token\0x" would be read as csrf_token */
		if (c == '\0')
			return -1;
		out[o++] = c;
	}
	out[o] = '\0';
	return (long)o;
}

char *text_trim(char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
	             s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

bool text_to_id(const char *s, int64_t *id)
{
	if (!s || *s < '1' || *s > '9')
		return false;
	int64_t v = 0;
	int n = 0;
	for (; *s; s++, n++) {
		if (*s < '0' || *s > '9' || n == 18)
			return false;
		v = v * 10 + (*s - '0');
	}
	*id = v;
	return true;
}

/* Lower-cases ASCII letters in place. */
static void ascii_lower(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

char *text_fold(struct arena *a, const char *s)
{
	/* glibc's iconv transliterates by the thread's LC_CTYPE: C.UTF-8
	 * turns "José Núñez" into "Jose Nunez".  Characters it cannot
	 * spell in ASCII become '?', so the original is kept beside it. */
	static _Thread_local locale_t utf8;
	if (!utf8)
		utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	locale_t before = utf8 ? uselocale(utf8) : (locale_t)0;
	size_t n = strlen(s);
	char *out = arena_alloc(a, 4 * n + 2 + n + 1);
	iconv_t cd = iconv_open("ASCII//TRANSLIT", "UTF-8");
	char *ip = (char *)s, *op = out;
	size_t il = n, ol = 4 * n + 1;
	if (cd == (iconv_t)-1 || iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
		op = out; /* fall back to the original alone */
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	if (before)
		uselocale(before);
	*op++ = '\x1f';
	memcpy(op, s, n + 1);
	ascii_lower(out);
	return out;
}

bool text_is_date(const char *s)
{
	static const int days[] = {31, 29, 31, 30, 31, 30,
	                           31, 31, 30, 31, 30, 31};
	int y, m, d;
	char tail;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 1900 ||
	    y > 2999 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m != 2 || d <= 28 || leap;
}

bool text_is_one_line(const char *s, size_t max)
{
	return s && utf8_length(s) <= max && !strpbrk(s, "\r\n\t");
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
	       c == '\f';
}

/* The code point that starts at s, and its length in *len; a broken
 * sequence (never in valid UTF-8) reads as its bytes so far, never past
 * the end. */
static unsigned code_point(const char *str, size_t *len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = s[0] < 0x80             ? 1
	           : (s[0] & 0xE0) == 0xC0 ? 2
	           : (s[0] & 0xF0) == 0xE0 ? 3
	                                   : 4;
	unsigned cp = n == 1 ? s[0] : s[0] & (0x7Fu >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			n = i;
			break;
		}
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	*len = n;
	return cp;
}

/* Combining marks, variation selectors and the zero-width joiner: they
 * belong to the character before them. */
static bool joins_previous(unsigned cp)
{
	return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	       (cp >= 0x1DC0 && cp <= 0x1DFF) ||
	       (cp >= 0x20D0 && cp <= 0x20FF) ||
	       (cp >= 0xFE00 && cp <= 0xFE0F) ||
	       (cp >= 0xFE20 && cp <= 0xFE2F) || cp == 0x200D ||
	       (cp >= 0xE0100 && cp <= 0xE01EF);
}

/* Where the code point before end (> 0) starts. */
static size_t previous_start(const char *s, size_t end)
{
	do
		end--;
	while (end && ((unsigned char)s[end] & 0xC0) == 0x80);
	return end;
}

/* A cut's end: no space nor joining punctuation left before "…". */
static size_t tidy_end(const char *s, size_t end)
{
	while (end) {
		size_t at = previous_start(s, end), len;
		unsigned cp = code_point(s + at, &len);
		if (cp != ' ' && cp != ',' && cp != ';' && cp != ':' &&
		    cp != '-' && cp != 0x2013 && cp != 0x2014)
			break;
		end = at;
	}
	return end;
}

const char *text_shorten(struct arena *a, const char *s, size_t max)
{
	static const char ellipsis[] = "\xe2\x80\xa6"; /* … */
	if (!s)
		s = "";
	size_t n = strlen(s);
	char *t = arena_alloc(a, n + sizeof ellipsis);
	size_t o = 0, chars = 0, cut = 0; /* cut: after max - 1 characters */
	bool pending_space = false;
	for (const char *p = s; *p;) {
		if (is_space(*p)) {
			pending_space = o > 0;
			p++;
			continue;
		}
		if (pending_space) {
			if (++chars == max)
				cut = o;
			t[o++] = ' ';
			pending_space = false;
		}
		size_t len;
		code_point(p, &len);
		if (++chars == max)
			cut = o;
		memcpy(t + o, p, len);
		o += len;
		p += len;
	}
	t[o] = '\0';
	if (chars <= max)
		return t;
	if (max == 0)
		return "";
	/* the last space at or before the cut: the words before it fit */
	size_t end = cut;
	while (end && t[end] != ' ')
		end = previous_start(t, end);
	end = tidy_end(t, end);
	if (!end) { /* one long word: cut between characters */
		end = cut;
		size_t len;
		while (end && joins_previous(code_point(t + end, &len)))
			end = previous_start(t, end);
		end = tidy_end(t, end);
	}
	memcpy(t + end, ellipsis, sizeof ellipsis);
	return t;
}
