/* audit_index.c — see audit_index.h. */
#include "audit_index.h"
#include "../core/every.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

/* ROUND_MAX entries are read and sorted at a time (16 bytes each).  A
 * transaction adds CHUNK of them: neighbours in person order, so a few
 * dozen pages, and the writer turn is held well under a millisecond.
 * INDEX_EVERY_MS: a longer pause gathers more entries onto each page (at
 * 20,000 audited reads a second, a round touches each leaf about once);
 * a shorter one leaves less of the log for a review to scan. */
enum { ROUND_MAX = 65536, CHUNK = 256, INDEX_EVERY_MS = 1000 };

/* The server's indexer spreads a round's chunks over most of a second
 * (SPREAD_MS), waiting up to PAUSE_MAX_MS between two.  Added at once, a
 * round's pages (one leaf per person read, thousands) reached the database
 * file in one checkpoint, whose sync then held up the log's fsyncs and with
 * them every audited read: on 2 cores checkpoint syncs reached 60-100 ms.
 * Spread, each checkpoint takes a share: in six interleaved pairs the
 * syncs' p90 went from 9-81 ms to 8-27 ms and their maximum from 18-101
 * ms to 9-34 ms, and the overview's p99 was lower in every pair (4-32 %).
 * At 20,000 entries a second a round has 80 chunks and the pause 10 ms,
 * so the indexer keeps up. */
enum { SPREAD_MS = 800, PAUSE_MAX_MS = 20 };

int audit_index_pause_ms(int chunks)
{
	if (chunks < 2)
		return 0;
	int ms = SPREAD_MS / chunks;
	return ms < PAUSE_MAX_MS ? ms : PAUSE_MAX_MS;
}

struct person_entry {
	int64_t person_id, id;
};

enum db_status audit_index_watermark(struct db *db, int64_t *through)
{
	*through = 0;
	enum db_status s = db_one_int(
	    db, "SELECT indexed_through FROM audit_person_head WHERE one = 1",
	    through);
	return s == DB_ROW ? DB_OK : s == DB_DONE ? DB_ERROR : s;
}

/* The watermark and the last entry's number, in one snapshot. */
static enum db_status read_bounds(struct db *db, int64_t *from, int64_t *last)
{
	struct db_stmt *st =
	    db_query(db, "SELECT h.indexed_through, a.seq"
	                 " FROM audit_person_head h, audit_head a"
	                 " WHERE h.one = 1 AND a.one = 1");
	bool found = db_row(st);
	if (found) {
		*from = db_column_int(st, 0);
		*last = db_column_int(st, 1);
	}
	enum db_status s = db_end(db, st);
	return s != DB_DONE ? s : found ? DB_OK : DB_ERROR;
}

/* The person entries numbered (from, upto], in person order. */
static enum db_status read_round(struct db *db, int64_t from, int64_t upto,
                                 struct person_entry *out, int *count)
{
	struct db_stmt *st = db_query(
	    db,
	    "SELECT person_id, id FROM audit_log WHERE id > ? AND id <= ?"
	    " AND person_id IS NOT NULL ORDER BY person_id, id",
	    DB_INT(from), DB_INT(upto));
	*count = 0;
	while (*count < ROUND_MAX && db_row(st))
		out[(*count)++] = (struct person_entry){db_column_int(st, 0),
		                                        db_column_int(st, 1)};
	enum db_status s = db_end(db, st);
	return s == DB_DONE ? DB_OK : s;
}

/* Adds n entries in one transaction; the round's last chunk (or an empty
 * round) moves the watermark with them.  An entry already there (a round
 * that failed before its end is done again) is skipped. */
static enum db_status add_chunk(struct db *db, const struct person_entry *e,
                                int n, int64_t from, int64_t upto, bool last)
{
	enum db_status s = db_begin(db);
	for (int i = 0; s == DB_OK && i < n; i++)
		s = db_run(
		    db,
		    "INSERT INTO audit_person (person_id, id) VALUES (?, ?)"
		    " ON CONFLICT DO NOTHING",
		    DB_INT(e[i].person_id), DB_INT(e[i].id));
	if (s == DB_OK && last)
		s = db_run(db,
		           "UPDATE audit_person_head SET indexed_through = ?"
		           " WHERE one = 1 AND indexed_through = ?",
		           DB_INT(upto), DB_INT(from));
	if (s != DB_OK) {
		db_rollback(db);
		return s;
	}
	return db_commit(db);
}

enum db_status audit_index_catch_up_paced(struct db *db, int64_t *indexed,
                                          int64_t *through,
                                          audit_index_pause_fn *pause,
                                          void *arg)
{
	*indexed = 0;
	struct person_entry *round = malloc(ROUND_MAX * sizeof *round);
	if (!round)
		return DB_UNAVAILABLE;
	int64_t from = 0, last = 0;
	enum db_status s = read_bounds(db, &from, &last);
	*through = from;
	/* A round spans at most ROUND_MAX numbers, so that it cannot hold
	 * more person entries than that. */
	while (s == DB_OK && from < last) {
		int64_t upto =
		    last - from > ROUND_MAX ? from + ROUND_MAX : last;
		int n = 0;
		if ((s = read_round(db, from, upto, round, &n)) != DB_OK)
			break;
		int wait =
		    pause ? audit_index_pause_ms((n + CHUNK - 1) / CHUNK) : 0;
		bool stopped = false;
		for (int at = 0; s == DB_OK && !stopped && (at < n || at == 0);
		     at += CHUNK) {
			int size = n - at < CHUNK ? n - at : CHUNK;
			s = add_chunk(db, round + at, size, from, upto,
			              at + size >= n);
			if (wait && at + size < n)
				stopped = !pause(wait, arg);
		}
		if (s != DB_OK || stopped)
			break;
		*indexed += n;
		*through = from = upto;
	}
	free(round);
	return s;
}

enum db_status audit_index_catch_up(struct db *db, int64_t *indexed,
                                    int64_t *through)
{
	return audit_index_catch_up_paced(db, indexed, through, NULL, NULL);
}

/* The server's indexer: its connection is opened at its first round, and
 * again after a failure. */
static struct {
	struct every every;
	const char *url;
	struct db *db;
} ix = {.every = EVERY_INIT};

static bool pause_indexer(int ms, void *unused)
{
	(void)unused;
	return every_sleep(&ix.every, ms);
}

static void catch_up(void *unused)
{
	(void)unused;
	char err[256];
	if (!ix.db && !(ix.db = db_open(ix.url, err, sizeof err))) {
		fprintf(stderr, "waypoint: audit index: %s\n", err);
		return;
	}
	int64_t indexed, through;
	enum db_status s = audit_index_catch_up_paced(ix.db, &indexed, &through,
	                                              pause_indexer, NULL);
	if (s == DB_OK)
		return;
	/* The log beyond the watermark is still read in full: a review
	 * misses nothing, and the next round tries again. */
	fprintf(stderr, "waypoint: audit index: %s\n", db_errmsg(ix.db));
	if (s == DB_UNAVAILABLE) {
		db_close(ix.db);
		ix.db = NULL;
	}
}

int audit_index_start(const char *url)
{
	ix.url = url;
	return every_start(&ix.every, INDEX_EVERY_MS, catch_up, NULL);
}

void audit_index_stop(void)
{
	every_stop(&ix.every);
	db_close(ix.db);
	ix.db = NULL;
}
