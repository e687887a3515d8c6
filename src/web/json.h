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

/* The object writer: an object is json_object_begin, its members, then
 * json_object_end.  Each json_field_* writes one member: the comma before
 * it unless it is the first (the buffer ends with the object's '{'), the
 * name escaped as json_text does, the colon and the value.  Members come
 * out in the order they are written, so an answer's shape reads top to
 * bottom in the code that writes it. */
void json_object_begin(struct buf *b);
void json_object_end(struct buf *b);

/* json_field writes the member's name and colon; the caller then writes a
 * value the other writers do not cover (a list, an object, a decimal). */
void json_field(struct buf *b, const char *name);

/* json_field_text: the value as json_text writes it (NULL: null). */
void json_field_text(struct buf *b, const char *name, const char *value);

/* json_field_text_or_null: as json_field_text, but an empty value (a date
 * not yet set, in a column that stores "" for none) is null. */
void json_field_text_or_null(struct buf *b, const char *name,
                             const char *value);

void json_field_int(struct buf *b, const char *name, int64_t value);
void json_field_bool(struct buf *b, const char *name, int value);

#endif
