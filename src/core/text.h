/* text.h — small text checks shared by parsing and validation. */
#ifndef WAYPOINT_TEXT_H
#define WAYPOINT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

/* utf8_valid answers whether s[0..n) is well-formed UTF-8 (no overlongs,
 * no surrogates, nothing above U+10FFFF). */
bool utf8_valid(const char *s, size_t n);

/* utf8_length counts code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);

/* percent_decode decodes s[0..n) into out (at least n+1 bytes), turning '+'
 * into a space when plus_is_space.  Returns the decoded length, or -1 for a
 * bad escape or a NUL, encoded or raw (a form body may hold one). */
long percent_decode(const char *s, size_t n, char *out, bool plus_is_space);

/* text_trim returns s without leading and trailing ASCII space, in place. */
char *text_trim(char *s);

/* text_fold makes a name searchable: lower-case, accents removed ("José
 * Núñez" → "jose nunez"), then the lower-cased original after a \x1f, so a
 * search matches with or without accents and in any script.  Arena memory. */
char *text_fold(struct arena *a, const char *s);

/* text_to_id reads a record id: 1 to 18 decimal digits, not starting with 0.
 * Returns false for anything else. */
bool text_to_id(const char *s, int64_t *id);

/* text_is_date: s is a calendar date written YYYY-MM-DD (1900–2999), so
 * that such dates compare and sort as text. */
bool text_is_date(const char *s);

/* text_is_one_line: at most max characters, and no line breaks or tabs. */
bool text_is_one_line(const char *s, size_t max);

/* text_shorten is s as a one-line summary of at most max characters: each
 * run of white space one space, none at the ends; when longer, cut at the
 * last word boundary that fits, with "…" after (counted in max).  A single
 * word longer than max is cut between characters, never inside one nor
 * between a letter and its accent.  s must be valid UTF-8 (NULL reads as
 * "").  Arena memory. */
const char *text_shorten(struct arena *a, const char *s, size_t max);

#endif
