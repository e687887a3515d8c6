/* request_head.c — see request_head.h.
 *
 * How a NUL is found.  libmicrohttpd parses the request head in place, in
 * one buffer: the request line, then each header line, each line end
 * overwritten with NUL bytes, and it hands out each part as a C string
 * (MHD_lookup_connection_value_n's length is that string's strlen in
 * 0.9.75, so it cannot tell).  A NUL inside a part therefore cuts the part
 * short without an error: "GET /a\0b" is served as "/a".  The bytes cut
 * off stay in the buffer, between the end of the string and the start of
 * the next part, so the check walks the parts in the order they arrived
 * and requires each to be followed only by its separator: one space after
 * the method (a NUL in "GET\0X" would make it GET) and after the target
 * (strict mode refuses spaces inside it), a line end (CRLF, or
 * a bare LF, which libmicrohttpd accepts) after each header value, and an
 * empty line after the last, where the head ends
 * (MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE counts from the method).  Any
 * other gap is hidden bytes: 400.  A NUL directly before a bare LF hides
 * nothing and cannot be told from the line end (both are NUL by now); a
 * folded header line (obs-fold), which libmicrohttpd copies elsewhere, is
 * refused by the same rule, as RFC 9112 section 5.2 allows.  Addresses
 * are compared as integers: they may lie in different strings. */
#include "request_head.h"

#include <microhttpd.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

static int fail(struct parse_error *e, const char *code, const char *message)
{
	e->code = code;
	e->message = message;
	e->field = NULL;
	return 400;
}

/* The address just past a C string. */
static uintptr_t end_of(const char *s)
{
	return (uintptr_t)s + strlen(s);
}

/* The method must end at the one space before the target, and the target
 * as the URI callback saw it at the space before the version. */
static bool line_whole(const struct req *r, const char *method,
                       const char *version)
{
	return r->raw_target &&
	       end_of(method) + 1 == (uintptr_t)r->raw_target &&
	       (uintptr_t)r->raw_target + r->raw_target_len + 1 ==
	           (uintptr_t)version;
}

struct walk {
	uintptr_t after; /* the end of the last part seen */
	bool ok;
	const char *content_length; /* the first one */
	bool lengths_differ;
	int transfer_encodings;
	bool chunked_only;
};

/* Between the end of one line and the start of the next: CRLF or LF. */
static bool line_end(uintptr_t from, uintptr_t to)
{
	return to > from && to - from <= 2;
}

static enum MHD_Result walk_header(void *cls, enum MHD_ValueKind kind,
                                   const char *key, const char *value)
{
	(void)kind;
	struct walk *w = cls;
	if (!value || !line_end(w->after, (uintptr_t)key)) {
		w->ok = false;
		return MHD_YES;
	}
	w->after = end_of(value);
	if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH)) {
		if (!w->content_length)
			w->content_length = value;
		else if (strcmp(w->content_length, value))
			w->lengths_differ = true;
	}
	if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING)) {
		w->transfer_encodings++;
		w->chunked_only = !strcasecmp(value, "chunked");
	}
	return MHD_YES;
}

/* The last header's line end and the empty line that ends the head: two
 * line ends, each CRLF or LF. */
static bool head_ends(const struct walk *w, struct MHD_Connection *conn,
                      const char *method)
{
	const union MHD_ConnectionInfo *size = MHD_get_connection_info(
	    conn, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
	if (!size)
		return false;
	uintptr_t end = (uintptr_t)method + size->header_size;
	return end >= w->after + 2 && end - w->after <= 4;
}

int request_head_check(struct req *r, const char *method, const char *version,
                       struct parse_error *e)
{
	if (!line_whole(r, method, version))
		return fail(e, "bad_request",
		            "The request line holds a NUL byte or more than "
		            "one space between its parts.");
	struct walk w = {.after = end_of(version), .ok = true};
	MHD_get_connection_values(r->conn, MHD_HEADER_KIND, walk_header, &w);
	if (!w.ok || !head_ends(&w, r->conn, method))
		return fail(e, "bad_request",
		            "A header holds a NUL byte or is folded over "
		            "lines; send each header on one line of text.");
	if (w.lengths_differ)
		return fail(e, "bad_length",
		            "The request has Content-Length headers that "
		            "differ; send one.");
	/* Only Content-Length bodies are read: the size is known before a
	 * byte of the body (413 above the limit), and libmicrohttpd, which
	 * decodes chunks itself, would wait for a chunk of any announced
	 * size, or for a body under a coding it does not know, until the
	 * idle timeout.  Browsers and ordinary API clients send a length. */
	if (w.transfer_encodings == 1 && w.chunked_only) {
		e->code = "length_required";
		e->message = "Send the request body with a Content-Length "
		             "header; chunked transfer encoding is not "
		             "accepted.";
		e->field = NULL;
		return 411;
	}
	if (w.transfer_encodings)
		return fail(e, "bad_transfer_encoding",
		            "The only transfer encoding understood is "
		            "chunked, and a request body is sent with a "
		            "Content-Length header instead.");
	return 0;
}
