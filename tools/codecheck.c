/* codecheck.c — rejects the ways user data could reach HTML or SQL unescaped
 * or unbound, by reading calls, not lines (after Fossil's
 * tools/codecheck1.c).  Run by tools/codecheck.sh (`make codecheck`).
 *
 *	codecheck [--as PATH] FILE...
 *
 * It blanks comments and preprocessor lines (a macro body is not a call),
 * finds each call to a checked function however it is split over lines,
 * splits its arguments at the top-level commas and checks them:
 *
 *  - html_printf's format must be string literals (concatenated ones too)
 *    with no %n, %p, %ls or *: html_printf escapes %s and %c itself.
 *  - the entry points that take SQL or markup as a plain string
 *    (db_prepare_literal, db_exec_literal, db_exec_schema, the db_*_args
 *    behind the db_run/db_query macros; html_raw_literal) are called only
 *    in their own module: elsewhere the literal-only macros are used.
 *  - under src/features/, nothing writes into the page with buf_puts,
 *    buf_append or buf_printf on &r->out: a page is written through the
 *    escaping writers (html_*, json_*, csv_*).
 *
 * Declarations and definitions (the name follows a type) are not calls.
 * --as judges every FILE as if it lived at PATH, so that the samples in
 * tests/codecheck/ can stand for a file under src/features/.  Each problem
 * is printed as "file:line: message"; the exit status is 1 if there was
 * any, 2 if a file could not be read. */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One source file, its comments and preprocessor lines blanked (newlines
 * kept, so offsets still give line numbers). */
struct source {
	const char *name; /* as printed */
	const char *path; /* as the placement rules judge it */
	char *text;
	size_t len;
};

/* One argument of a call: text[start, end), spaces included. */
struct arg {
	size_t start, end;
};

enum { ARGS_MAX = 16 };

enum rule {
	RULE_FORMAT,     /* argument `arg` is an HTML format */
	RULE_PLACE,      /* only in files whose path starts with `where` */
	RULE_PAGE_WRITE, /* not on &r->out under src/features/ */
};

struct check {
	const char *function;
	enum rule rule;
	int arg;           /* RULE_FORMAT: which argument, from 0 */
	const char *where; /* RULE_PLACE: the allowed path prefixes, '|' */
};

static const struct check checks[] = {
    {"html_printf", RULE_FORMAT, 1, NULL},
    {"html_raw_literal", RULE_PLACE, 0, "src/web/html.c"},
    {"db_prepare_literal", RULE_PLACE, 0, "src/store/"},
    {"db_exec_literal", RULE_PLACE, 0, "src/store/"},
    {"db_exec_schema", RULE_PLACE, 0, "src/store/"},
    {"db_query_args", RULE_PLACE, 0, "src/store/"},
    {"db_run_args", RULE_PLACE, 0, "src/store/"},
    {"db_one_int_args", RULE_PLACE, 0, "src/store/"},
    {"db_one_text_args", RULE_PLACE, 0, "src/store/"},
    {"db_run_returning_id_args", RULE_PLACE, 0, "src/store/"},
    {"buf_puts", RULE_PAGE_WRITE, 0, NULL},
    {"buf_append", RULE_PAGE_WRITE, 0, NULL},
    {"buf_printf", RULE_PAGE_WRITE, 0, NULL},
};

static int problems;

static bool is_ident(int c)
{
	return isalnum(c) || c == '_';
}

/* Prints "file:line: message" for the call at offset at. */
static void report(const struct source *s, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void report(const struct source *s, size_t at, const char *fmt, ...)
{
	int line = 1;
	for (size_t i = 0; i < at && i < s->len; i++)
		line += s->text[i] == '\n';
	fprintf(stderr, "%s:%d: ", s->name, line);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	problems++;
}

/* Skips the string or character literal that starts at i (its quote);
 * returns the offset just after it. */
static size_t skip_literal(const char *t, size_t len, size_t i)
{
	char quote = t[i++];
	while (i < len && t[i] != quote && t[i] != '\n') {
		if (t[i] == '\\' && i + 1 < len)
			i++;
		i++;
	}
	return i < len ? i + 1 : len;
}

/* Blanks comments and preprocessor lines (with their continuations),
 * keeping newlines and literals. */
static void blank_comments(char *t, size_t len)
{
	bool line_start = true;
	for (size_t i = 0; i < len;) {
		char c = t[i];
		if (c == '"' || c == '\'') {
			i = skip_literal(t, len, i);
			line_start = false;
		} else if (c == '/' && i + 1 < len && t[i + 1] == '/') {
			for (; i < len && t[i] != '\n'; i++)
				t[i] = ' ';
		} else if (c == '/' && i + 1 < len && t[i + 1] == '*') {
			size_t end = i + 2;
			while (end + 1 < len &&
			       !(t[end] == '*' && t[end + 1] == '/'))
				end++;
			end = end + 1 < len ? end + 2 : len;
			for (; i < end; i++)
				if (t[i] != '\n')
					t[i] = ' ';
		} else if (c == '#' && line_start) {
			for (; i < len && t[i] != '\n'; i++) {
				if (t[i] == '\\' && i + 1 < len &&
				    t[i + 1] == '\n')
					t[i++] = ' '; /* keep the continuation's
					                 newline */
				else
					t[i] = ' ';
			}
		} else {
			if (c == '\n')
				line_start = true;
			else if (!isspace((unsigned char)c))
				line_start = false;
			i++;
		}
	}
}

/* Splits the arguments of the call whose '(' is at open; returns their
 * number (at most ARGS_MAX kept) or -1 if the call is not closed. */
static int split_args(const struct source *s, size_t open, struct arg *args)
{
	const char *t = s->text;
	int depth = 0, n = 0;
	size_t start = open + 1;
	for (size_t i = open + 1; i < s->len; i++) {
		char c = t[i];
		if (c == '"' || c == '\'') {
			i = skip_literal(t, s->len, i) - 1;
		} else if (c == '(' || c == '[' || c == '{') {
			depth++;
		} else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
			depth--;
		} else if ((c == ',' && depth == 0) || c == ')') {
			if (n < ARGS_MAX)
				args[n] = (struct arg){start, i};
			n++;
			start = i + 1;
			if (c == ')')
				return n < ARGS_MAX ? n : ARGS_MAX;
		}
	}
	return -1;
}

/* Whether the name at offset at follows a type (a declaration or a
 * definition) rather than being called. */
static bool is_declared(const struct source *s, size_t at)
{
	size_t i = at;
	while (i > 0 && isspace((unsigned char)s->text[i - 1]))
		i--;
	if (i > 0 && s->text[i - 1] == '*')
		return true;
	size_t end = i;
	while (i > 0 && is_ident((unsigned char)s->text[i - 1]))
		i--;
	return end > i && !(end - i == 6 && !strncmp(s->text + i, "return", 6));
}

/* Checks the conversions of one format's text (a literal's contents,
 * escapes left as written). */
static void check_conversions(const struct source *s, size_t at,
                              const char *function, const char *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (f[i] != '%')
			continue;
		size_t start = i++;
		if (i < n && f[i] == '%')
			continue;
		bool star = false, wide = false;
		while (i < n && strchr("-+ #0'", f[i]))
			i++;
		while (i < n && (isdigit((unsigned char)f[i]) || f[i] == '*' ||
		                 f[i] == '.'))
			star |= f[i++] == '*';
		while (i < n && strchr("hljztLq", f[i]))
			wide |= f[i++] == 'l';
		/* %s and %c are written escaped (html.c); what html_printf
		 * cannot write safely, or reads an argument it does not
		 * take, is refused */
		bool text = i < n && strchr("sc", f[i]);
		if (i < n && (strchr("npSCaA", f[i]) || star || (text && wide)))
			report(s, at,
			       "%s format has %.*s: html_printf takes %%s, %%c "
			       "and numbers, without * or wide text",
			       function, (int)(i - start + 1), f + start);
	}
}

/* Checks that the argument is nothing but string literals, and their
 * conversions. */
static void check_format(const struct source *s, size_t at,
                         const char *function, struct arg a)
{
	const char *t = s->text;
	int literals = 0;
	for (size_t i = a.start; i < a.end;) {
		if (isspace((unsigned char)t[i])) {
			i++;
		} else if (t[i] == '"') {
			size_t end = skip_literal(t, a.end, i);
			check_conversions(s, at, function, t + i + 1,
			                  end - i - 2);
			literals++;
			i = end;
		} else {
			report(s, at, "%s format is not a string literal",
			       function);
			return;
		}
	}
	if (!literals)
		report(s, at, "%s has no format", function);
}

static bool path_allowed(const char *path, const char *prefixes)
{
	for (const char *p = prefixes; *p;) {
		size_t n = strcspn(p, "|");
		if (!strncmp(path, p, n))
			return true;
		p += n + (p[n] == '|');
	}
	return false;
}

/* Whether the argument is &r->out (spaces ignored). */
static bool is_page_buffer(const struct source *s, struct arg a)
{
	static const char want[] = "&r->out";
	size_t k = 0;
	for (size_t i = a.start; i < a.end; i++) {
		if (isspace((unsigned char)s->text[i]))
			continue;
		if (k == sizeof want - 1 || s->text[i] != want[k])
			return false;
		k++;
	}
	return k == sizeof want - 1;
}

static void check_call(const struct source *s, const struct check *c, size_t at,
                       size_t open)
{
	struct arg args[ARGS_MAX];
	int n = split_args(s, open, args);
	if (n < 0) {
		report(s, at, "%s: call not closed", c->function);
		return;
	}
	switch (c->rule) {
	case RULE_FORMAT:
		if (n <= c->arg)
			report(s, at, "%s has no format", c->function);
		else
			check_format(s, at, c->function, args[c->arg]);
		break;
	case RULE_PLACE:
		if (!path_allowed(s->path, c->where))
			report(s, at,
			       "%s called outside %s: use the macro that takes "
			       "only a literal",
			       c->function, c->where);
		break;
	case RULE_PAGE_WRITE:
		if (!strncmp(s->path, "src/features/", 13) && n > 0 &&
		    is_page_buffer(s, args[0]))
			report(s, at,
			       "%s(&r->out, …) writes into the page unescaped: "
			       "use html_*, json_* or csv_*",
			       c->function);
		break;
	}
}

static void check_source(const struct source *s)
{
	const char *t = s->text;
	for (size_t i = 0; i < s->len; i++) {
		if (t[i] == '"' || t[i] == '\'') {
			/* a name inside a literal is not a call */
			i = skip_literal(t, s->len, i) - 1;
			continue;
		}
		if (!is_ident((unsigned char)t[i]) ||
		    (i > 0 && is_ident((unsigned char)t[i - 1])))
			continue;
		size_t end = i;
		while (end < s->len && is_ident((unsigned char)t[end]))
			end++;
		size_t open = end;
		while (open < s->len && isspace((unsigned char)t[open]))
			open++;
		if (open < s->len && t[open] == '(') {
			for (size_t k = 0; k < sizeof checks / sizeof checks[0];
			     k++) {
				const struct check *c = &checks[k];
				if (strlen(c->function) == end - i &&
				    !strncmp(t + i, c->function, end - i) &&
				    !is_declared(s, i))
					check_call(s, c, i, open);
			}
		}
		i = end - 1;
	}
}

/* Reads the whole file; NULL if it cannot. */
static char *read_file(const char *name, size_t *len)
{
	FILE *f = fopen(name, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *text = malloc(cap);
	size_t got;
	while (text && (got = fread(text + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			text = realloc(text, cap *= 2);
	}
	fclose(f);
	*len = n;
	return text;
}

int main(int argc, char **argv)
{
	const char *as = NULL;
	int i = 1;
	if (i + 1 < argc && !strcmp(argv[i], "--as")) {
		as = argv[i + 1];
		i += 2;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: codecheck [--as PATH] FILE...\n");
		return 2;
	}
	for (; i < argc; i++) {
		struct source s = {argv[i], as ? as : argv[i], NULL, 0};
		s.text = read_file(argv[i], &s.len);
		if (!s.text) {
			perror(argv[i]);
			return 2;
		}
		blank_comments(s.text, s.len);
		check_source(&s);
		free(s.text);
	}
	return problems ? 1 : 0;
}
