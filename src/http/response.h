/* response.h — the ways a handler answers.  Each sets r->status,
 * r->content_type and r->out; the server sends it when the handler returns. */
#ifndef WAYPOINT_RESPONSE_H
#define WAYPOINT_RESPONSE_H

#include "req.h"

#include <jansson.h>

/* reply_json sends body (its reference is taken) with status. */
void reply_json(struct req *r, int status, json_t *body);

/* reply_json_written marks r->out, already holding JSON, as the answer. */
void reply_json_written(struct req *r, int status);

/* reply_error answers with status: under /api/ the JSON error object of
 * interfaces.md, otherwise a page in the layout with the same message.
 * field names the input at fault, or is NULL. */
void reply_error(struct req *r, int status, const char *code,
                 const char *message, const char *field);

/* reply_db_failure answers for the connection's last failure: 409 for a
 * conflict, 503 for an unavailable database, 500 otherwise.  The message
 * never carries SQL or data; the log line gets the status only. */
void reply_db_failure(struct req *r);

/* reply_audit_unavailable: 503 when an access or change could not be
 * audited, so it did not happen; message NULL: "Nothing was changed". */
void reply_audit_unavailable(struct req *r, const char *message);

/* reply_redirect answers 303 See Other to a path on this site. */
void reply_redirect(struct req *r, const char *location);

/* reply_html marks r->out as an HTML page with status. */
void reply_html(struct req *r, int status);

#endif
