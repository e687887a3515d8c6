/* csv.h — writing CSV exports straight into the response buffer.
 *
 * Every CSV the program writes (the billing units, the audit log) goes
 * through these writers, so that a field typed by one person cannot become
 * a formula in the spreadsheet of another: a field that begins with
 * = + - @ TAB or CR is prefixed with a single quote (OWASP's "CSV
 * injection" guard), which spreadsheets show as text.  Text fields are
 * always quoted, inner quotes doubled (RFC 4180), so commas, quotes and
 * line breaks stay inside their field.
 *
 * Fields of a row are separated by the writers themselves: a field that
 * does not start a row (the buffer is empty or ends with a line break)
 * writes a comma first.  csv_row_end ends the row. */
#ifndef WAYPOINT_CSV_H
#define WAYPOINT_CSV_H

#include "../core/buf.h"

#include <stdint.h>

/* csv_header writes the header row; names is a string literal of
 * comma-separated column names, written as it is. */
#define csv_header(b, names) buf_puts((b), "" names "\r\n")

/* csv_text writes s as one quoted field, guarded against formulas.  NULL
 * writes an empty field (""). */
void csv_text(struct buf *b, const char *s);

/* csv_int writes a whole number, unquoted. */
void csv_int(struct buf *b, int64_t v);

/* csv_row_end ends the row with CRLF (RFC 4180). */
void csv_row_end(struct buf *b);

#endif
