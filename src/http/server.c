/* server.c — libmicrohttpd glue: one struct req per request, created when
 * the request line arrives (the URI log callback sees the raw target before
 * any decoding), fed the body in pieces, dispatched when complete, logged and
 * freed when libmicrohttpd reports the request done.  conn_guard.h follows
 * each connection through those steps to close slow and surplus ones. */
#include "server.h"
#include "../auth/audit_checkpoint.h"
#include "../auth/audit_index.h"
#include "../auth/audit_key.h"
#include "../auth/audit_queue.h"
#include "conn_guard.h"
#include "dispatch.h"
#include "metrics.h"
#include "req.h"
#include "request_head.h"
#include "stream.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_int requests_in_flight;

static void *on_request_line(void *cls, const char *uri,
                             struct MHD_Connection *conn)
{
	conn_guard_request_line(conn);
	struct req *r = xcalloc(1, sizeof *r);
	arena_init(&r->arena);
	r->cfg = cls;
	r->target = arena_strdup(&r->arena, uri ? uri : "");
	r->raw_target = uri;
	r->raw_target_len = uri ? strlen(uri) : 0;
	r->status = 500;
	clock_gettime(CLOCK_MONOTONIC, &r->started);
	atomic_fetch_add(&requests_in_flight, 1);
	return r;
}

/* A head that request_head_check refuses is answered at once, before a
 * byte of the body is read (libmicrohttpd then closes the connection). */
static bool head_refused(struct req *r, const char *method, const char *version)
{
	struct parse_error e = {0};
	r->head_status = request_head_check(r, method, version, &e);
	if (!r->head_status)
		return false;
	r->head_code = e.code;
	r->head_message = e.message;
	return true;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	(void)cls, (void)url;
	struct req *r = *con_cls;
	if (!r->headers_seen) {
		r->headers_seen = true;
		r->conn = conn;
		r->method_name = arena_strdup(&r->arena, method);
		dispatch_begin(r);
		conn_guard_headers_done(conn);
		if (head_refused(r, method, version)) {
			conn_guard_answering(conn);
			dispatch_finish(r);
			return dispatch_send(r);
		}
		/* A declared length over the limit is refused before reading
		 * a byte of the body. */
		const char *len = MHD_lookup_connection_value(
		    conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (len && strtoull(len, NULL, 10) >
		               (unsigned long long)r->cfg->max_body) {
			r->body_too_large = true;
			conn_guard_answering(conn);
			dispatch_finish(r);
			return dispatch_send(r);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (!r->body_too_large) {
			if (r->body.len + *upload_size >
			    (size_t)r->cfg->max_body) {
				/* libmicrohttpd reads no more than the
				 * declared length (and no body comes
				 * without one, request_head.c): a guard */
				r->body_too_large = true;
				buf_free(&r->body);
			} else {
				buf_append(&r->body, upload, *upload_size);
			}
		}
		*upload_size = 0;
		return MHD_YES;
	}
	conn_guard_answering(conn);
	dispatch_finish(r);
	return dispatch_send(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode why)
{
	(void)cls, (void)why;
	conn_guard_answered(conn);
	struct req *r = *con_cls;
	if (!r)
		return;
	dispatch_log(r);
	stream_free(r->stream); /* one never handed to libmicrohttpd */
	json_decref(r->json);
	buf_free(&r->body);
	buf_free(&r->out);
	arena_free(&r->arena);
	free(r);
	*con_cls = NULL;
	atomic_fetch_sub(&requests_in_flight, 1);
}

static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("waypoint: http: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/* listen is "ADDR:PORT" or "[IPv6]:PORT". */
static int resolve_listen(const char *listen, struct sockaddr_storage *ss)
{
	char host[256];
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen ||
	    (size_t)(colon - listen) >= sizeof host)
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *h = host;
	if (h[0] == '[' && h[strlen(h) - 1] == ']') {
		h[strlen(h) - 1] = '\0';
		h++;
	}
	struct addrinfo hints = {.ai_flags = AI_NUMERICSERV | AI_PASSIVE,
	                         .ai_socktype = SOCK_STREAM},
	                *res;
	if (getaddrinfo(*h ? h : NULL, colon + 1, &hints, &res))
		return -1;
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	freeaddrinfo(res);
	return 0;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	return buf_release(&b, NULL);
}

/* Requests wait for the disk (every read of a person's record waits for
 * its audit entry to be committed, audit_queue.h) while holding their
 * database connection, so there are several per core, as many as the
 * driver says: with SQLite at 32 HTTP connections on 2 cores, 8 database
 * connections answered the person overview at 4,500-4,750 requests a
 * second, 16 at 5,100 and 32 at 6,300 (bench/people.sh).  They are opened
 * as requests need them. */
static unsigned connection_count(const struct config *cfg)
{
	if (cfg->threads > 0)
		return (unsigned)cfg->threads;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned n = (unsigned)db_connections_per_core(cfg->db_url) *
	             (cores > 0 ? (unsigned)cores : 2);
	return n < 256 ? n : 256;
}

/* In WAL mode SQLite empties a connection's page cache whenever another
 * connection has committed, and every read of a record commits its audit
 * entry, so under load each request frees its connection's cached pages
 * and allocates them again.  glibc would hand the freed heap back to the
 * kernel and fault it in again (sysmalloc, madvise and page faults were a
 * sixth of a loaded name search's CPU); keep it instead.  The name search
 * at 4 connections went from 441 to 962 requests/s (bench/people.sh). */
static void keep_freed_memory(void)
{
	mallopt(M_TRIM_THRESHOLD, 512 << 20);
	mallopt(M_TOP_PAD, 16 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
}

int server_run(const struct config *cfg)
{
	struct sockaddr_storage addr = {0};
	if (resolve_listen(cfg->listen, &addr)) {
		fprintf(stderr, "waypoint: --listen %s: expected ADDR:PORT\n",
		        cfg->listen);
		return 1;
	}
	if (strcmp(cfg->log_format, "text") &&
	    strcmp(cfg->log_format, "json")) {
		fprintf(stderr,
		        "waypoint: --log-format %s: expected text or "
		        "json\n",
		        cfg->log_format);
		return 1;
	}
	if (metrics_start(cfg))
		return 1;
	char *cert = NULL, *key = NULL;
	/* A thread per connection: a request waits for the disk (its audit
	 * entry, audit_queue.h), and with a pool of threads each serving
	 * several connections, the others on its thread waited with it.  The
	 * pool's threads took their connections unevenly (of 32 wrk
	 * connections, one thread of 8 served 16 and another 12), and the
	 * person overview answered 2,800 requests a second on 2 cores where
	 * a thread per connection answers 6,500 (bench/people.sh). */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD |
	                 MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL |
	                 MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (addr.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (cfg->tls_cert || cfg->tls_key) {
		cert = cfg->tls_cert ? read_file(cfg->tls_cert) : NULL;
		key = cfg->tls_key ? read_file(cfg->tls_key) : NULL;
		if (!cert || !key) {
			fprintf(stderr,
			        "waypoint: TLS needs both --tls-cert and "
			        "--tls-key as readable PEM files\n");
			free(cert), free(key);
			return 1;
		}
		flags |= MHD_USE_TLS;
	}

	/* Block the stop signals in every thread; main waits for them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct MHD_OptionItem tls[] = {
	    {MHD_OPTION_HTTPS_MEM_CERT, 0, cert},
	    {MHD_OPTION_HTTPS_MEM_KEY, 0, key},
	    {MHD_OPTION_END, 0, NULL},
	};
	keep_freed_memory();
	if (db_pool_size((int)connection_count(cfg))) {
		free(cert), free(key);
		return 1;
	}
	db_background(cfg->db_url, true);
	if (audit_queue_start(cfg->db_url)) {
		db_background(cfg->db_url, false);
		fprintf(stderr, "waypoint: cannot start the audit writer\n");
		free(cert), free(key);
		return 1;
	}
	/* Without it, a review of a person's entries scans more of the log. */
	if (audit_index_start(cfg->db_url))
		fprintf(stderr, "waypoint: cannot start the audit indexer\n");
	/* The log's head signed and kept outside the database: now, while
	 * it grows, and at the end (audit_checkpoint.h). */
	static char checkpoints[4200];
	char key_file[4096] = "";
	audit_key_path(cfg->audit_key, cfg->db_url, key_file, sizeof key_file);
	audit_checkpoint_path(cfg->audit_checkpoints, cfg->db_url, key_file,
	                      checkpoints, sizeof checkpoints);
	if (audit_checkpoints_start(cfg->db_url, checkpoints,
	                            cfg->checkpoint_every))
		fprintf(stderr, "waypoint: cannot start audit checkpoints\n");
	if (conn_guard_start((unsigned)cfg->max_connections,
	                     (unsigned)cfg->header_timeout,
	                     (unsigned)cfg->idle_timeout)) {
		audit_checkpoints_stop();
		audit_index_stop();
		audit_queue_stop();
		db_background(cfg->db_url, false);
		free(cert), free(key);
		return 1;
	}
	struct MHD_Daemon *d = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, (void *)cfg,
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_CONNECTION_LIMIT,
	    conn_guard_table_size((unsigned)cfg->max_connections),
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)cfg->max_per_ip,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->idle_timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg->max_header,
	    /* strict HTTP/1.1 parsing: e.g. no Host header is a 400 */
	    MHD_OPTION_STRICT_FOR_CLIENT, (int)1, MHD_OPTION_URI_LOG_CALLBACK,
	    on_request_line, (void *)cfg, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION, conn_guard_notify,
	    NULL, MHD_OPTION_ARRAY, cert ? tls : tls + 2, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr,
		        "waypoint: cannot serve on %s (in use, or not "
		        "an address of this machine?)\n",
		        cfg->listen);
		audit_checkpoints_stop();
		conn_guard_stop();
		audit_index_stop();
		audit_queue_stop();
		db_background(cfg->db_url, false);
		free(cert), free(key);
		return 1;
	}
	fprintf(stderr,
	        "waypoint: serving on %s://%s with %u database connections\n",
	        cert ? "https" : "http", cfg->listen, connection_count(cfg));

	int sig = 0;
	sigwait(&stop, &sig);
	fprintf(stderr, "waypoint: %s received, finishing requests in flight\n",
	        sig == SIGTERM ? "SIGTERM" : "SIGINT");
	MHD_socket listener = MHD_quiesce_daemon(d);
	if (listener != MHD_INVALID_SOCKET)
		close(listener);
	for (int waited = 0;
	     atomic_load(&requests_in_flight) > 0 && waited < 1000; waited++)
		usleep(10000);
	MHD_stop_daemon(d);
	conn_guard_stop();
	db_pool_close();
	audit_index_stop();
	audit_queue_stop();
	audit_checkpoints_stop(); /* after the last entry is written */
	db_background(cfg->db_url, false);
	free(cert), free(key);
	fprintf(stderr, "waypoint: stopped\n");
	return 0;
}
