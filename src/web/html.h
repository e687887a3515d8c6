/* html.h — the only way bytes reach an HTML page.
 *
 * Writers are named for the context they escape for (cgit's html_txt /
 * html_attr / html_url_arg).  Markup is written with html_raw(), which only
 * compiles with a string literal, so user data cannot reach a page without
 * escaping.  html_printf() escapes every %s; `make check` (tools/codecheck)
 * rejects a %s in its format, and -Wformat=2 rejects a non-literal format. */
#ifndef WAYPOINT_HTML_H
#define WAYPOINT_HTML_H

#include "../core/buf.h"
#include "../core/url.h" /* url_arg, for links in pages */

#include <stddef.h>

/* A page being written.  Its own type, not struct buf, so that nothing
 * but these writers can add to a page: buf_puts(page, text) does not
 * compile.  It is the request's output buffer seen through this type
 * (page_html, layout.h); only web/ converts between the two. */
struct html;

/* html_raw(b, "literal markup") — the "" "" makes a non-literal a compile
 * error. */
#define html_raw(b, markup) html_raw_literal((b), "" markup "")
void html_raw_literal(struct html *b, const char *markup);

/* html_text escapes text for element content: & < > " ' */
void html_text(struct html *b, const char *text);

/* html_attr escapes a value for a double-quoted attribute. */
void html_attr(struct html *b, const char *value);

/* html_reset drops what was written so far (a form shown again after an
 * error starts its page over). */
void html_reset(struct html *b);

/* html_url_arg percent-encodes a value into a link's address (url_arg);
 * the encoded form needs no further escaping in an attribute. */
void html_url_arg(struct html *b, const char *value);

/* html_printf writes markup with values in it, so page code reads like
 * the page: html_printf(b, "<li><a href=\"/persons/%lld\">%s</a></li>",
 * id, name).  The format is a literal (codecheck), checked by the compiler
 * like printf's; unlike printf, every %s (and %c) is written escaped, as
 * html_text would, so text can only reach a page escaped.  Numbers take
 * d i u o x X f e g with their flags, width, precision and length; %s takes
 * a precision (bytes); %n, %p and %ls are refused. */
void html_printf(struct html *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* html_stamp writes a stored UTC time ("2026-11-01T06:30:00Z") as people
 * read it, in local time in zone (core/local_time.h) with the zone's
 * abbreviation, "2026-11-01 01:30 EST" (which tells apart the hour that
 * happens twice when the clocks go back), in a <time> element that keeps
 * the exact value; anything of another shape is written as escaped text. */
void html_stamp(struct html *b, const char *utc, const char *zone);

/* html_qr_code draws text as a QR code (inline SVG) labelled for screen
 * readers. */
void html_qr_code(struct html *b, const char *text, const char *label);

/* html_escape_len returns how many bytes html_text would write (tests). */
size_t html_escape_len(const char *text);

#endif
