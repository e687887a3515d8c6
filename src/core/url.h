/* url.h — percent-encoding for addresses.  In core/ because more than
 * pages build addresses: the sign-in redirect, the authenticator's
 * otpauth:// link. */
#ifndef WAYPOINT_URL_H
#define WAYPOINT_URL_H

#include "buf.h"

/* url_arg percent-encodes a value for a URL path segment or query value
 * (RFC 3986 unreserved characters pass). */
void url_arg(struct buf *b, const char *value);

#endif
