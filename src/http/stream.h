/* stream.h — an answer too large to hold: its body is written chunk by
 * chunk while libmicrohttpd sends it, instead of collected whole in
 * r->out (the billing batch's CSV: a month of a 50-staff program).
 *
 * The handler checks and audits everything first (status and headers are
 * final once it returns), then calls reply_stream with a source.  Each
 * time the sent part is used up, the source's fill appends the next chunk
 * to a buffer, with a database connection taken from the pool for that
 * chunk alone and given back at once: a slow client holds no connection
 * between chunks, and memory stays one chunk's.  A source reads from a
 * key it moves on (the last line sent), so each chunk is its own
 * statement.  A failure after the first byte cannot change the status:
 * the connection is closed before the end of the chunked body, which a
 * client sees as a broken download. */
#ifndef WAYPOINT_STREAM_H
#define WAYPOINT_STREAM_H

#include "../core/buf.h"
#include "req.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct db;

struct stream_source {
	/* appends the next chunk to out; *done once the last is written.
	 * Returns 0, or -1 on a failure (the download is broken off). */
	int (*fill)(void *cls, struct db *db, struct buf *out, bool *done);
	void (*free)(void *cls); /* may be NULL */
	void *cls;               /* malloc'd: it outlives the request */
};

/* reply_stream answers status with content_type, the body from src; the
 * first chunk is written now, with the request's own connection, so that
 * a failure there is still an ordinary 503/500.  Returns 0, or -1 having
 * answered the failure (src freed). */
int reply_stream(struct req *r, int status, const char *content_type,
                 const struct stream_source *src);

/* libmicrohttpd's content reader and its free callback for r->stream
 * (dispatch_send): stream_read returns the bytes written, -1 at the end
 * (MHD_CONTENT_READER_END_OF_STREAM), -2 when broken off
 * (…_END_WITH_ERROR). */
ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max);
void stream_free(void *cls);

#endif
