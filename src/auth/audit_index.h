/* audit_index.h — a person's audit entries, indexed behind the log.
 *
 * An index on audit_log (person_id, id) put every audited read in a
 * different person's leaf: a 4 KB page in the write-ahead log for each
 * entry, written again at random into the database file at the next
 * checkpoint.  On 16 cores that was most of what the disk did under the
 * person overview, and its p99 (docs/architecture.md).  Instead,
 * audit_person (person_id, id) is filled in rounds: the entries written
 * since the last round, sorted by person, in small transactions, so that
 * one page takes many entries.  audit_person_head.indexed_through says
 * how far it is complete; a review of a person's entries reads
 * audit_person up to there and the log itself beyond (audit_query.c), so
 * nothing is missed while a round is pending or if none ever runs. */
#ifndef WAYPOINT_AUDIT_INDEX_H
#define WAYPOINT_AUDIT_INDEX_H

#include "../store/db.h"

#include <stdbool.h>
#include <stdint.h>

/* audit_index_catch_up indexes what the log holds past the watermark, in
 * rounds, until it is complete.  Returns DB_OK with how many entries it
 * indexed and the new watermark, or the first error (what was committed
 * before it stays). */
enum db_status audit_index_catch_up(struct db *db, int64_t *indexed,
                                    int64_t *through);

/* audit_index_catch_up_paced is audit_index_catch_up waiting pause(ms,
 * arg) between two of a round's chunks (the server's indexer); a false
 * from pause ends it with DB_OK, that round's watermark unmoved and what it
 * had added kept. */
typedef bool audit_index_pause_fn(int ms, void *arg);
enum db_status audit_index_catch_up_paced(struct db *db, int64_t *indexed,
                                          int64_t *through,
                                          audit_index_pause_fn *pause,
                                          void *arg);

/* audit_index_pause_ms: how long the server's indexer waits between two
 * of a round's chunks (0 for a round of one). */
int audit_index_pause_ms(int chunks);

/* audit_index_watermark reads how far audit_person is complete. */
enum db_status audit_index_watermark(struct db *db, int64_t *through);

/* While the server runs, a thread of its own catches up every second. */
int audit_index_start(const char *url);
void audit_index_stop(void);

#endif
