/* throttle.h — slowing down password guessing without locking people out.
 *
 * Failures are counted under three keys: the client address, the account,
 * and the account at that address.  Past a few free failures each key
 * imposes a growing wait (doubling, capped).  The account-wide cap is short
 * (30 s) so that an attacker elsewhere can only slow a real user down, never
 * lock them out; the long waits (15 min) fall on the attacking address and
 * on the account-at-address pair.  A success clears the account's keys. */
#ifndef WAYPOINT_THROTTLE_H
#define WAYPOINT_THROTTLE_H

#include "../store/db.h"

#include <stdint.h>

/* throttle_wait returns how many seconds must pass before the next try
 * (0: go ahead), or -1 on a database error. */
int64_t throttle_wait(struct db *db, const char *email, const char *client,
                      int64_t now);

/* throttle_fail counts a failure; throttle_clear forgets the account's. */
enum db_status throttle_fail(struct db *db, const char *email,
                             const char *client, int64_t now);
enum db_status throttle_clear(struct db *db, const char *email,
                              const char *client);

#endif
