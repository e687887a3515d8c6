/* fuzz.h — what the libFuzzer targets in tests/fuzz/ share.
 *
 * One target per parser a stranger's bytes reach, each in its own file
 * tests/fuzz/NAME.c defining LLVMFuzzerTestOneInput, with seeds in
 * tests/fuzz/corpus/NAME/; the Makefile's FUZZ_TARGETS lists the names.
 * A target asserts properties of what the parser returned (FUZZ_CHECK), not
 * only that it did not crash; AddressSanitizer, UndefinedBehaviorSanitizer
 * and LeakSanitizer catch the rest, so every target frees what it made. */
#ifndef WAYPOINT_FUZZ_H
#define WAYPOINT_FUZZ_H

#include "http/req.h"
#include "http/request.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* FUZZ_CHECK stops the run with the failed property: libFuzzer saves the
 * input that broke it as a crash artifact. */
#define FUZZ_CHECK(cond)                                                       \
	((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond))
_Noreturn void fuzz_fail(const char *file, int line, const char *what);

/* fuzz_req_init prepares r as the server's request-line callback does (a
 * zeroed struct req with its arena, status 500) with target as the raw
 * request-target; fuzz_req_free releases everything a parser attached. */
void fuzz_req_init(struct req *r, const char *target);
void fuzz_req_free(struct req *r);

/* fuzz_cstring copies data[0..size) as a C string, cut at the first NUL
 * (what libmicrohttpd hands over for a URI); the caller frees it. */
char *fuzz_cstring(const uint8_t *data, size_t size);

/* fuzz_kvlist_check asserts what every handler relies on of a decoded
 * query string or urlencoded form: names non-empty, names and values valid
 * UTF-8 and free of NUL bytes (a NUL would cut the value short). */
void fuzz_kvlist_check(const struct kvlist *l);

/* fuzz_kvlist_roundtrip encodes l again with url_arg and decodes that:
 * the same fields must come back. */
void fuzz_kvlist_roundtrip(const struct kvlist *l);

/* A body check, called with the request after request_parse_body and the
 * status it returned (0 when the body was accepted). */
typedef void (*fuzz_body_check)(struct req *r, int status,
                                const struct parse_error *e);

/* fuzz_post sends "POST /fuzz" with this Content-Type and body through a
 * real libmicrohttpd connection (a socket pair, in this thread), the way
 * the server receives it: request_parse_body reads the Content-Type and
 * multipart boundary from the connection.  is_api marks an /api/ route,
 * which takes JSON.  check runs when the whole body has arrived; it is not
 * called when libmicrohttpd refuses the request itself (a malformed
 * header).  Everything is freed before fuzz_post returns. */
void fuzz_post(const char *content_type, const uint8_t *body, size_t size,
               bool is_api, fuzz_body_check check);

#endif
