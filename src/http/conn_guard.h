/* conn_guard.h — keeps slow clients from taking the server (issue 22).
 *
 * libmicrohttpd's connection timeout is an idle timeout: it starts again
 * with every byte, so a client that sends one header line every few
 * seconds holds its connection (and, with a thread per connection, a
 * thread) for ever, and a thousand such clients fill the connection table.
 * The guard follows every connection from libmicrohttpd's notifications
 * and the access handler:
 *
 *   waiting    just opened, or a kept-alive connection's next request
 *              line has come: the request line and headers must be
 *              complete within --header-timeout seconds of then, or the
 *              connection is closed;
 *   receiving  headers complete, body arriving (bounded by --max-body and
 *              --idle-timeout);
 *   answering  the request is complete and being answered;
 *   idle       its answer sent, kept alive: the next request line must
 *              come within --idle-timeout of the answer, however slowly
 *              it trickles in (libmicrohttpd does not report a request's
 *              first byte, only its complete line).
 *
 * So a connection's head takes at most --header-timeout on a new
 * connection, and --idle-timeout plus --header-timeout on a kept-alive
 * one, which has already sent a complete request.
 *
 * And the table is never let fill up: when fewer than an eighth of
 * --max-connections are free, the connections that have not completed a
 * request (waiting, receiving or idle) are closed, oldest first, so a new
 * client always finds room.  A connection answering is never closed; a
 * new one over --max-connections when all are answering is.  A closed
 * connection keeps its place in libmicrohttpd's table for a moment (its
 * thread ends, then the daemon's cleans up), and an attacker reconnects
 * at once, so libmicrohttpd's own limit is an eighth higher
 * (conn_guard_table_size): connections being closed do not keep new
 * clients out.
 *
 * Connections are closed with shutdown(2) from the guard's thread: the
 * connection's own thread wakes, sees the end of input and closes it
 * through libmicrohttpd as if the client had gone. */
#ifndef WAYPOINT_CONN_GUARD_H
#define WAYPOINT_CONN_GUARD_H

#include <microhttpd.h>

/* conn_guard_start starts the sweeping thread; 0 or -1 (message on
 * stderr).  conn_guard_stop ends it, after the daemon has stopped. */
int conn_guard_start(unsigned max_connections, unsigned header_timeout,
                     unsigned idle_timeout);

/* The size of libmicrohttpd's connection table for max_connections. */
unsigned conn_guard_table_size(unsigned max_connections);
void conn_guard_stop(void);

/* For MHD_OPTION_NOTIFY_CONNECTION. */
void conn_guard_notify(void *cls, struct MHD_Connection *conn,
                       void **socket_context,
                       enum MHD_ConnectionNotificationCode code);

/* The milestones: a request line come (the URI callback); headers
 * complete; request complete (or answered early); its answer sent
 * (MHD_OPTION_NOTIFY_COMPLETED). */
void conn_guard_request_line(struct MHD_Connection *conn);
void conn_guard_headers_done(struct MHD_Connection *conn);
void conn_guard_answering(struct MHD_Connection *conn);
void conn_guard_answered(struct MHD_Connection *conn);

#endif
