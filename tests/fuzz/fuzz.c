/* fuzz.c — see fuzz.h. */
#include "fuzz.h"
#include "core/text.h"
#include "web/html.h"

#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

_Noreturn void fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: property failed: %s\n", file, line, what);
	abort();
}

void fuzz_req_init(struct req *r, const char *target)
{
	memset(r, 0, sizeof *r);
	arena_init(&r->arena);
	r->target = arena_strdup(&r->arena, target ? target : "");
	r->status = 500;
}

void fuzz_req_free(struct req *r)
{
	json_decref(r->json);
	buf_free(&r->body);
	buf_free(&r->out);
	arena_free(&r->arena);
}

char *fuzz_cstring(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t n = nul ? (size_t)(nul - data) : size;
	char *s = xmalloc(n + 1);
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

void fuzz_kvlist_check(const struct kvlist *l)
{
	FUZZ_CHECK(l->count <= l->cap);
	for (size_t i = 0; i < l->count; i++) {
		const struct kv *kv = &l->items[i];
		FUZZ_CHECK(kv->name && kv->name[0]);
		FUZZ_CHECK(utf8_valid(kv->name, strlen(kv->name)));
		FUZZ_CHECK(kv->value && kv->value[kv->value_len] == '\0');
		FUZZ_CHECK(strlen(kv->value) == kv->value_len);
		FUZZ_CHECK(utf8_valid(kv->value, kv->value_len));
	}
}

void fuzz_kvlist_roundtrip(const struct kvlist *l)
{
	struct buf enc = {0};
	for (size_t i = 0; i < l->count; i++) {
		if (i)
			buf_putc(&enc, '&');
		url_arg(&enc, l->items[i].name);
		buf_putc(&enc, '=');
		url_arg(&enc, l->items[i].value);
	}
	struct arena a;
	arena_init(&a);
	struct kvlist again = {0};
	struct parse_error e = {0};
	int status = request_parse_urlencoded(
	    &a, &again, enc.data ? enc.data : "", enc.len, "form", &e);
	FUZZ_CHECK(status == 0);
	FUZZ_CHECK(again.count == l->count);
	for (size_t i = 0; i < l->count; i++) {
		FUZZ_CHECK(!strcmp(again.items[i].name, l->items[i].name));
		FUZZ_CHECK(again.items[i].value_len == l->items[i].value_len);
		FUZZ_CHECK(!memcmp(again.items[i].value, l->items[i].value,
		                   l->items[i].value_len));
	}
	arena_free(&a);
	buf_free(&enc);
}

/* The connection's request, as server.c keeps it: created when the request
 * line arrives, freed when libmicrohttpd reports the request done. */
struct post {
	bool is_api;
	fuzz_body_check check;
};

static void *on_request_line(void *cls, const char *uri,
                             struct MHD_Connection *conn)
{
	(void)cls, (void)conn;
	struct req *r = xmalloc(sizeof *r);
	fuzz_req_init(r, uri);
	return r;
}

static enum MHD_Result answer(struct req *r)
{
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ok = MHD_queue_response(
	    r->conn, r->status ? (unsigned)r->status : 200, resp);
	MHD_destroy_response(resp);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
	(void)url, (void)method, (void)version;
	const struct post *p = cls;
	struct req *r = *con_cls;
	if (!r->headers_seen) {
		r->headers_seen = true;
		r->conn = conn;
		r->is_api = p->is_api;
		r->method = HTTP_POST;
		return MHD_YES;
	}
	if (*upload_size) {
		buf_append(&r->body, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	struct parse_error e = {0};
	r->status = request_parse_body(r, &e);
	if (p->check)
		p->check(r, r->status, &e);
	return answer(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode why)
{
	(void)cls, (void)conn, (void)why;
	struct req *r = *con_cls;
	if (!r)
		return;
	fuzz_req_free(r);
	free(r);
	*con_cls = NULL;
}

static unsigned connections(struct MHD_Daemon *d)
{
	const union MHD_DaemonInfo *info =
	    MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
	return info ? info->num_connections : 0;
}

/* Writes what it can of the request without blocking; returns how much. */
static size_t send_some(int fd, const char *data, size_t n)
{
	ssize_t w = send(fd, data, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
		return n; /* the server closed early: nothing more to send */
	return w < 0 ? 0 : (size_t)w;
}

/* Drains the reply; true at end of file (the server closed). */
static bool read_some(int fd)
{
	char sink[4096];
	ssize_t n = recv(fd, sink, sizeof sink, MSG_DONTWAIT);
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

void fuzz_post(const char *content_type, const uint8_t *body, size_t size,
               bool is_api, fuzz_body_check check)
{
	/* one daemon per call: the callbacks' context is this call's */
	struct post p = {is_api, check};
	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL, on_request, &p,
	    MHD_OPTION_STRICT_FOR_CLIENT, (int)1, MHD_OPTION_URI_LOG_CALLBACK,
	    on_request_line, NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
	    NULL, MHD_OPTION_END);
	int sv[2];
	if (!d || socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		abort();
	struct sockaddr_in peer = {.sin_family = AF_INET};
	if (MHD_add_connection(d, sv[0], (struct sockaddr *)&peer,
	                       sizeof peer) != MHD_YES)
		abort();

	struct buf req = {0};
	buf_printf(&req,
	           "POST /fuzz HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n"
	           "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n",
	           content_type, size);
	buf_append(&req, body, size);
	size_t sent = 0;
	bool eof = false;
	for (int round = 0; !eof || connections(d); round++) {
		if (round == 100000) {
			fprintf(stderr, "fuzz_post: the request never ended\n");
			abort();
		}
		if (sent < req.len) {
			sent +=
			    send_some(sv[1], req.data + sent, req.len - sent);
			if (sent == req.len)
				shutdown(sv[1], SHUT_WR);
		}
		MHD_run(d);
		eof = eof || read_some(sv[1]);
	}
	close(sv[1]);
	buf_free(&req);
	MHD_stop_daemon(d);
}
