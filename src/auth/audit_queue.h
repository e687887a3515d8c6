/* audit_queue.h — group commit for audit entries that stand alone.
 *
 * Every read of a person's record is audited before the record is sent,
 * and the entry must be durable first.  One transaction (and one fsync)
 * per read would make the disk the limit and, with SQLite, make readers
 * queue for the write lock.  So while the server runs, entries written in
 * a transaction of their own (audit_record) go to two writer threads; each
 * takes everything waiting and appends it in one transaction, and each
 * caller still waits until its own entry is durable, and learns if it
 * failed. */
#ifndef WAYPOINT_AUDIT_QUEUE_H
#define WAYPOINT_AUDIT_QUEUE_H

#include "audit.h"

#include <stdbool.h>

/* Starts the writers, each with its own connection to url (opened lazily,
 * and again after a failure).  Returns 0, or -1 if no thread can start. */
int audit_queue_start(const char *url);

/* Writes what is waiting, then stops the writers. */
void audit_queue_stop(void);

/* Appends e through a writer, waits for its commit and sets *status.
 * Returns false at once when the writers are not running (audit_record
 * then writes the entry itself). */
bool audit_queue_record(const struct actor *who, const struct audit_entry *e,
                        enum db_status *status);

/* audit_queue_depth: entries waiting to be written (for /metrics). */
int audit_queue_depth(void);

#endif
