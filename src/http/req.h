/* req.h — one HTTP request and its response, passed to every handler.
 *
 * The server is threaded, so there is no per-request global: everything a
 * handler needs is here.  Memory for the request comes from req->arena and
 * is released when the response has been queued.  The response body is
 * collected whole in req->out, so status and headers may change until the
 * handler returns (Fossil's cgi.c). */
#ifndef WAYPOINT_REQ_H
#define WAYPOINT_REQ_H

#include "../core/arena.h"
#include "../core/buf.h"
#include "../auth/session.h"
#include "../core/config.h"

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

struct db;
struct route;
struct MHD_Connection;
struct stream_state;

enum { ROUTE_MAX_PARAMS = 4, REQ_MAX_HEADERS = 16 };

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
	HTTP_OTHER,
};

/* A decoded name/value pair (query string or form field). */
struct kv {
	const char *name;
	const char *value;
	size_t value_len; /* a form upload may hold NUL bytes */
};

struct kvlist {
	struct kv *items; /* arena memory */
	size_t count, cap;
};

struct req {
	struct arena arena;
	const struct config *cfg;
	struct MHD_Connection *conn;
	struct timespec started;

	/* request */
	enum http_method method;
	const char *method_name;
	char *target; /* request-target as received, before decoding */
	/* where libmicrohttpd's own copy of the target lies, and its length
	 * when the request line came: a NUL cut it short if it does not
	 * reach the version (request_head.c) */
	const char *raw_target;
	size_t raw_target_len;
	int head_status; /* nonzero: the head was refused (request_head.h) */
	const char *head_code, *head_message;
	char *path; /* decoded path, never with a query */
	struct kvlist query;
	struct kvlist form; /* urlencoded or multipart body */
	json_t *json;       /* JSON body when Content-Type says so; owned */
	struct buf body;    /* raw body */
	bool body_too_large;
	bool headers_seen;
	const struct route *route;
	const char *params[ROUTE_MAX_PARAMS]; /* {name} path segments */
	int nparams;
	bool is_api;   /* under /api/: errors are JSON */
	struct db *db; /* this thread's connection */

	/* who is asking (dispatch.c fills these before the handler runs) */
	char client[64];        /* the peer's address */
	enum role role;         /* ROLE_ANONYMOUS unless signed in or a token */
	struct session session; /* valid when has_session */
	bool has_session;       /* a session cookie matched (any stage) */
	bool session_expired;   /* the cookie's session timed out */
	int64_t api_token_id;   /* nonzero: Authorization: Bearer */
	int64_t token_owner;    /* the token's: who created it (api_tokens) */
	int64_t token_team_id, token_program_id; /* a persons scope: one set */
	char token_actor[64]; /* the audit's role: "api_token_read (token 7)" */
	int64_t person_id; /* ROUTE_PERSON: the person whose record this is */
	bool break_glass;  /* ROUTE_PERSON: reached through break-the-glass */
	bool person_open;  /* ROUTE_PERSON: the requester may see the person */
	/* a token's read of a person: the release it is disclosed under (0:
	 * none needed), for its row in the accounting (disclosures/) */
	int64_t disclosure_consent_id;

	/* response */
	int status;
	const char *content_type;
	struct buf out;
	const char *header_names[REQ_MAX_HEADERS];
	const char *header_values[REQ_MAX_HEADERS];
	int nheaders;
	const unsigned char *static_body; /* an embedded asset, not copied */
	size_t static_len;
	struct stream_state *stream; /* a body sent as written (stream.h) */
};

/* req_query / req_form return the value of the first field called name, or
 * NULL.  Memory is the request's. */
const char *req_query(const struct req *r, const char *name);
const char *req_form(const struct req *r, const char *name);
/* req_form_text: the field trimmed, in the request's arena; "" if absent. */
const char *req_form_text(struct req *r, const char *name);

/* Path parameters by name.  req_id reads a {name:id} segment, which the
 * router has already checked (a malformed id never reaches a handler: it
 * is a 404); req_path_text reads a {name} (or {*}) segment as text.  A
 * name the route's pattern lacks stops the program: a handler bug. */
int64_t req_id(const struct req *r, const char *name);
const char *req_path_text(const struct req *r, const char *name);

/* What a step of a handler did: GO_ON, or ANSWERED — it answered the
 * request itself (an error, a redirect) and the handler just returns. */
enum answer { GO_ON = 0, ANSWERED = -1 };

/* req_header returns a request header (case-insensitive) or NULL. */
const char *req_header(const struct req *r, const char *name);

/* req_add_header adds a response header; name and value must outlive the
 * request (literals or arena memory).  More than REQ_MAX_HEADERS is a bug
 * and stops the program rather than drop one silently. */
void req_add_header(struct req *r, const char *name, const char *value);

/* kvlist_add appends to a list in the request's arena. */
void kvlist_add(struct arena *a, struct kvlist *l, const char *name,
                const char *value, size_t value_len);

#endif
