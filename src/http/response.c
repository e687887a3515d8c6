/* response.c — see response.h. */
#include "response.h"
#include "../store/db.h"
#include "../web/html.h"
#include "../web/layout.h"

#include <stdio.h>

void reply_json(struct req *r, int status, json_t *body)
{
	buf_reset(&r->out);
	char *text = json_dumps(body, JSON_COMPACT);
	buf_puts(&r->out, text ? text : "{}");
	free(text);
	json_decref(body);
	r->status = status;
	r->content_type = "application/json";
	r->static_body = NULL;
}

void reply_json_written(struct req *r, int status)
{
	r->status = status;
	r->content_type = "application/json";
	r->static_body = NULL;
}

void reply_html(struct req *r, int status)
{
	r->status = status;
	r->content_type = "text/html; charset=utf-8";
}

static const char *status_title(int status)
{
	switch (status) {
	case 400:
		return "Something in the request is not right";
	case 403:
		return "Not allowed";
	case 404:
		return "Page not found";
	case 405:
		return "Not allowed here";
	case 409:
		return "That conflicts with what is saved";
	case 411:
		return "Length required";
	case 413:
		return "Too large";
	case 415:
		return "Unsupported format";
	case 503:
		return "Temporarily unavailable";
	default:
		return "Something went wrong";
	}
}

void reply_error(struct req *r, int status, const char *code,
                 const char *message, const char *field)
{
	if (r->is_api) {
		json_t *err =
		    json_pack("{s:s, s:s}", "code", code, "message", message);
		if (field)
			json_object_set_new(err, "field", json_string(field));
		reply_json(r, status, json_pack("{s:o}", "error", err));
		return;
	}
	buf_reset(&r->out);
	r->static_body = NULL;
	r->person_open = false; /* an error page names nobody */
	page_begin(r, status_title(status), NULL);
	html_raw(page_html(r), "<h1>");
	html_text(page_html(r), status_title(status));
	html_raw(page_html(r),
	         "</h1>\n<div class=\"usa-alert usa-alert--error\" "
	         "role=\"alert\"><div class=\"usa-alert__body\">"
	         "<p class=\"usa-alert__text\">");
	html_text(page_html(r), message);
	html_raw(page_html(r), "</p></div></div>\n<p><a class=\"usa-link\" "
	                       "href=\"/\">Go to the start page</a></p>\n");
	page_end(r);
	reply_html(r, status);
}

void reply_db_failure(struct req *r)
{
	switch (r->db ? db_last_status(r->db) : DB_UNAVAILABLE) {
	case DB_CONSTRAINT:
		reply_error(r, 409, "conflict",
		            "That conflicts with a record already saved.",
		            NULL);
		return;
	case DB_UNAVAILABLE:
		req_add_header(r, "Retry-After", "5");
		reply_error(
		    r, 503, "database_unavailable",
		    "The database is not answering right now (it may be "
		    "full, failing, or restarting). Nothing was changed; "
		    "please try again shortly.",
		    NULL);
		return;
	default:
		reply_error(r, 500, "internal_error",
		            "Something went wrong on our side. Nothing was "
		            "changed.",
		            NULL);
	}
}

void reply_audit_unavailable(struct req *r, const char *message)
{
	req_add_header(r, "Retry-After", "5");
	reply_error(r, 503, "audit_unavailable",
	            message ? message
	                    : "Nothing was changed, because the change could "
	                      "not be recorded in the audit log. Please try "
	                      "again shortly.",
	            NULL);
}

void reply_redirect(struct req *r, const char *location)
{
	buf_reset(&r->out);
	r->status = 303;
	r->content_type = "text/plain; charset=utf-8";
	req_add_header(r, "Location", location);
}
