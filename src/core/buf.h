/* buf.h — a growable byte buffer, the whole-response buffer among others.
 *
 * It never truncates: it grows (or aborts on out-of-memory).  The bytes are
 * always NUL-terminated so that text can be read as a C string. */
#ifndef WAYPOINT_BUF_H
#define WAYPOINT_BUF_H

#include <stddef.h>

struct buf {
	char *data; /* malloc'd, owned by the buf; NULL until the first write */
	size_t len, cap;
};

void buf_append(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
#include <stdarg.h>
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
void buf_reset(struct buf *b); /* length 0, keeps memory */
void buf_free(struct buf *b);  /* releases memory */

/* buf_release hands the malloc'd bytes to the caller (who frees them) and
 * leaves b empty. */
char *buf_release(struct buf *b, size_t *len);

#endif
