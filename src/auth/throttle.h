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

/* throttle_reserve counts an attempt as a failure before it is checked:
 * 0 when it may go ahead (counted; the count past the free failures
 * blocks the next ones), the seconds to wait when it is refused (not
 * counted), or -1 on a database error. */
int64_t throttle_reserve(struct db *db, const char *email, const char *client,
                         int64_t now);

/* throttle_release takes a reserved attempt back uncounted when it was no
 * guess: the password was right and a code is still to come, or the
 * server was too busy to check it. */
enum db_status throttle_release(struct db *db, const char *email,
                                const char *client);

/* throttle_clear, on a success: forgets the account's failures (the
 * account, and the account at this address) and takes this attempt back
 * from the address's count. */
enum db_status throttle_clear(struct db *db, const char *email,
                              const char *client);

#endif
