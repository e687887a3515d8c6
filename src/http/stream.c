/* stream.c — see stream.h. */
#include "stream.h"
#include "response.h"
#include "../store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct stream_state {
	struct stream_source src;
	const char
	    *db_url; /* the configuration's: lives as long as the server */
	struct buf pending;
	size_t sent; /* of pending */
	bool done, failed;
};

int reply_stream(struct req *r, int status, const char *content_type,
                 const struct stream_source *src)
{
	struct stream_state *st = xcalloc(1, sizeof *st);
	st->src = *src;
	st->db_url = r->cfg->db_url;
	if (src->fill(src->cls, r->db, &st->pending, &st->done)) {
		stream_free(st);
		reply_db_failure(r);
		return -1;
	}
	buf_reset(&r->out);
	r->status = status;
	r->content_type = content_type;
	r->stream = st;
	return 0;
}

ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	(void)pos;
	struct stream_state *st = cls;
	while (st->sent == st->pending.len) {
		if (st->done)
			return -1; /* MHD_CONTENT_READER_END_OF_STREAM */
		buf_reset(&st->pending);
		st->sent = 0;
		char err[256];
		struct db *db = db_pool_take(st->db_url, err, sizeof err);
		int bad = !db || st->src.fill(st->src.cls, db, &st->pending,
		                              &st->done);
		db_pool_give(db);
		if (bad) {
			fprintf(stderr,
			        "waypoint: a streamed answer broke off: %s\n",
			        db ? "the database failed" : err);
			st->failed = true;
			return -2; /* MHD_CONTENT_READER_END_WITH_ERROR */
		}
	}
	size_t n = st->pending.len - st->sent;
	if (n > max)
		n = max;
	memcpy(out, st->pending.data + st->sent, n);
	st->sent += n;
	return (ssize_t)n;
}

void stream_free(void *cls)
{
	struct stream_state *st = cls;
	if (!st)
		return;
	if (st->src.free)
		st->src.free(st->src.cls);
	buf_free(&st->pending);
	free(st);
}
