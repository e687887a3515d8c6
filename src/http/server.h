/* server.h — the HTTP server: libmicrohttpd with a thread pool on epoll. */
#ifndef WAYPOINT_SERVER_H
#define WAYPOINT_SERVER_H

#include "../core/config.h"

/* server_run serves cfg->listen until SIGTERM or SIGINT, then stops taking
 * connections, lets requests in flight finish (up to 10 s) and returns 0.
 * Returns 1 with a message on stderr when it cannot start. */
int server_run(const struct config *cfg);

#endif
