/* json.h — writing JSON answers straight into the response buffer.
 *
 * Answers are written, not built as a jansson tree and then serialised:
 * that halves the allocations on the hottest API paths.  As with html.h,
 * structure goes through json_raw(), which only compiles with a string
 * literal, and every value through a writer that escapes it.  Parsing
 * request bodies stays with jansson. */
#ifndef WAYPOINT_JSON_H
#define WAYPOINT_JSON_H

#include "../core/buf.h"

#include <stdint.h>

#define json_raw(b, text) buf_puts((b), "" text "")

/* json_text writes s as a JSON string, quotes included (RFC 8259: ", \ and
 * control characters escaped; UTF-8 passes through).  NULL writes null. */
void json_text(struct buf *b, const char *s);

/* json_bool writes true or false. */
void json_bool(struct buf *b, int v);

/* json_int writes a whole number. */
void json_int(struct buf *b, int64_t v);

#endif
