/* throttle.h — slowing down password guessing without locking people out.
 *
 * Failures are counted under three keys: the client address, the account,
 * and the account at that address.  Past a few free failures each key
 * imposes a growing wait (doubling, capped).  The account-wide cap is short
 * (30 s) so that an attacker elsewhere can only slow a real user down, never
 * lock them out; the long waits (15 min) fall on the attacking address and
 * on the account-at-address pair.  A success clears the account's keys.
 *
 * An attempt is counted before it is checked, not after: throttle_reserve
 * counts it under all three keys in one transaction, or refuses it when
 * any key is blocked, so that attempts arriving together (one server or
 * several on one database) are let through one at a time — of fifty at
 * once, exactly as many are checked as one after another would be. */
#ifndef WAYPOINT_THROTTLE_H
#define WAYPOINT_THROTTLE_H

#include "../store/db.h"

#include <stdint.h>

enum { THROTTLE_KEYS = 3 };

/* What a reservation did to each key, so that it can be taken back
 * exactly: the block it set (0: none) and the one it found. */
struct throttle_ticket {
	int64_t set[THROTTLE_KEYS], found[THROTTLE_KEYS];
};

/* throttle_reserve counts an attempt as a failure before it is checked.
 * DB_OK with *wait 0 when it may go ahead (counted, and *t says how; the
 * count past the free failures blocks the next ones), DB_OK with *wait
 * the seconds to wait when it is refused (not counted), or the database's
 * error. */
enum db_status throttle_reserve(struct db *db, const char *email,
                                const char *client, int64_t now, int64_t *wait,
                                struct throttle_ticket *t);

/* throttle_release takes a reserved attempt back uncounted when it was no
 * guess: the password was right and a code is still to come, the server
 * was too busy to check it, or the database failed.  A block the
 * reservation set goes with it (the one it found comes back). */
enum db_status throttle_release(struct db *db, const char *email,
                                const char *client,
                                const struct throttle_ticket *t);

/* throttle_clear, on a success: forgets the account's failures (the
 * account, and the account at this address) and takes this attempt back
 * from the address's count, as throttle_release does. */
enum db_status throttle_clear(struct db *db, const char *email,
                              const char *client,
                              const struct throttle_ticket *t);

#endif
