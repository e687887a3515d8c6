/* dispatch.c — see dispatch.h. */
#include "dispatch.h"
#include "metrics.h"
#include "form_draft.h"
#include "../store/db.h"
#include "request.h"
#include "response.h"
#include "router.h"
#include "stream.h"
#include "auth_request.h"
#include "../core/url.h"
#include "../core/text.h"
#include "../auth/person_access.h"
#include "../handlers.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* No inline script or style anywhere: the policy forbids both. */
static const char csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/* Not allowed: someone not signed in is sent to sign in (pages) or told
 * to (API, 401); a signed-in role without the permission gets 403. */
static void refuse(struct req *r)
{
	if (r->role != ROLE_ANONYMOUS) {
		reply_error(
		    r, 403, "forbidden",
		    "Your role does not allow this. Ask an administrator "
		    "if you need it.",
		    NULL);
		return;
	}
	const char *why = r->session_expired
	                      ? "Your session ended after a time without "
	                        "activity. Please sign in again."
	                      : "Please sign in first.";
	if (r->is_api || r->method != HTTP_GET) {
		req_add_header(r, "WWW-Authenticate", "Bearer");
		reply_error(r, 401, "signin_required", why, NULL);
		return;
	}
	struct buf next = {0};
	buf_puts(&next, r->session_expired ? "/signin?expired=1&next="
	                                   : "/signin?next=");
	url_arg(&next, r->path);
	reply_redirect(r, arena_strdup(&r->arena, next.data));
	buf_free(&next);
}

/* The action an access to a person's record is audited as.  The person
 * exists already, so a POST adds to or changes their record. */
static const char *person_action(const struct req *r)
{
	if (r->route->flags & ROUTE_PRINT)
		return "print";
	if (r->route->flags & ROUTE_ASK)
		return "read";
	switch (r->method) {
	case HTTP_POST:
	case HTTP_PUT:
	case HTTP_PATCH:
		return "update";
	case HTTP_DELETE:
		return "delete";
	default:
		return "read";
	}
}

static bool person_audit_outcome(struct req *r, const char *outcome)
{
	char entity[24];
	snprintf(entity, sizeof entity, "%lld", (long long)r->person_id);
	return req_audit(
	    r, &(struct audit_entry){person_action(r), "person", entity,
	                             r->person_id, outcome,
	                             r->break_glass ? "break-the-glass" : ""});
}

/* A tombstone (a record merged into another, person_merge.h) is a pointer
 * to its survivor, for those who may open the survivor: a page read is
 * sent to the survivor's same page (303), an API call is answered 410 with
 * merged_into, a change is refused (410: nothing saved).  Anyone else is
 * told there is no such record.  Each is audited on the tombstone. */
static void person_merged(struct req *r)
{
	int64_t to = 0;
	enum person_access a = ACCESS_ERROR;
	if (person_merged_into(r->db, r->person_id, &to) == DB_ROW)
		a = person_access_for(r->db, r->session.user_id, to);
	if (a == ACCESS_ERROR) {
		reply_db_failure(r);
		return;
	}
	if (a == ACCESS_NONE) {
		person_audit_outcome(r, "denied");
		reply_error(r, 404, "not_found",
		            "There is no such person in your teams.", NULL);
		return;
	}
	bool follow = r->method == HTTP_GET && !r->is_api;
	char entity[24], detail[48];
	snprintf(entity, sizeof entity, "%lld", (long long)r->person_id);
	snprintf(detail, sizeof detail, "merged into %lld", (long long)to);
	if (!req_audit(r, &(struct audit_entry){
	                      person_action(r), "person", entity, r->person_id,
	                      r->method == HTTP_GET ? "success" : "failure",
	                      detail})) {
		reply_audit_unavailable(r, NULL);
		return;
	}
	if (follow) {
		const char *rest = strchr(r->path + strlen("/persons/"), '/');
		reply_redirect(r,
		               arena_sprintf(&r->arena, "/persons/%lld%s",
		                             (long long)to, rest ? rest : ""));
		return;
	}
	const char *message =
	    r->method == HTTP_GET
	        ? "This record was merged into another one: see merged_into."
	        : "This record was merged into another one, so nothing was "
	          "saved here. Open the record it was merged into and try "
	          "again there.";
	if (!r->is_api) {
		reply_error(r, 410, "merged", message, NULL);
		return;
	}
	reply_json(r, 410,
	           json_pack("{s:{s:s, s:s}, s:I, s:s}", "error", "code",
	                     "merged", "message", message, "merged_into",
	                     (json_int_t)to, "location",
	                     arena_sprintf(&r->arena, "/api/v1/persons/%lld",
	                                   (long long)to)));
}

/* An API token reaches only the persons its scope holds (one team, or one
 * program's teams); any other is no such record, and the attempt is
 * audited, as for staff. */
static int token_gate(struct req *r)
{
	switch (person_access_in_scope(r->db, r->token_team_id,
	                               r->token_program_id, r->person_id)) {
	case ACCESS_TEAM:
		/* a read under 42 CFR Part 2 needs a release (403) */
		if (!disclosure_token_gate(r))
			return 0;
		if (r->status == 403)
			person_audit_outcome(r, "denied");
		return -1;
	case ACCESS_ERROR:
		reply_db_failure(r);
		return -1;
	default:
		break;
	}
	person_audit_outcome(r, "denied");
	reply_error(r, 404, "not_found",
	            "There is no such person in this token's scope.", NULL);
	return -1;
}

/* Only the person's team, or break-the-glass, gets in; anyone else is told
 * there is no such record, and the attempt is audited. */
static int person_gate(struct req *r)
{
	r->person_id = req_id(r, "id");
	if (r->api_token_id)
		return token_gate(r);
	if (!r->has_session) {
		reply_error(r, 404, "not_found", "There is no such person.",
		            NULL);
		return -1;
	}
	switch (person_access_for(r->db, r->session.user_id, r->person_id)) {
	case ACCESS_TEAM:
		r->person_open = true;
		return 0;
	case ACCESS_BREAK_GLASS:
		r->break_glass = r->person_open = true;
		return 0;
	case ACCESS_ERROR:
		reply_db_failure(r);
		return -1;
	case ACCESS_MERGED:
		person_merged(r);
		return -1;
	case ACCESS_NONE:
		break;
	}
	person_audit_outcome(r, "denied");
	reply_error(r, 404, "not_found",
	            "There is no such person in your teams.", NULL);
	return -1;
}

/* After a read: the access, with how it ended.  A record whose access
 * cannot be audited is not shown. */
static void person_audit(struct req *r)
{
	if (!person_audit_outcome(r, r->status < 400 ? "success" : "failure"))
		reply_audit_unavailable(
		    r, "This record cannot be shown because its "
		       "access could not be recorded in the audit "
		       "log. Please try again shortly.");
}

/* A form that keeps drafts was submitted and saved: its draft goes. */
static enum db_status draft_submitted(struct req *r)
{
	if (!(r->route->flags & ROUTE_DRAFT) || !r->has_session)
		return DB_OK;
	return form_draft_clear(r->db, r->session.user_id, r->path);
}

/* A change to a person's record runs in one transaction with its audit
 * entry (the handler's own transaction nests inside): both are saved, or
 * neither, and the change is acknowledged only once both are durable. */
static void person_change(struct req *r)
{
	if (db_begin(r->db) != DB_OK) {
		reply_db_failure(r);
		return;
	}
	r->route->handler(r);
	if (r->status < 400 && draft_submitted(r) != DB_OK)
		reply_db_failure(r);
	if (r->status >= 400) {
		db_rollback(r->db);
		person_audit_outcome(r, "failure");
		return;
	}
	if (!person_audit_outcome(r, "success")) {
		db_rollback(r->db);
		reply_audit_unavailable(r, NULL);
		return;
	}
	if (db_commit(r->db) != DB_OK)
		reply_db_failure(r);
}

static void run_change(struct req *r)
{
	if (r->route->flags & ROUTE_PERSON) {
		if (!person_gate(r))
			person_change(r);
		return;
	}
	r->route->handler(r);
	/* saved already: a draft left behind is only offered again */
	if (r->status < 400)
		draft_submitted(r);
}

/* A read sees one snapshot (audit_record ends it before it waits for the
 * audit entry). */
static void run_read(struct req *r)
{
	if (r->db)
		db_read_begin(r->db);
	if (!(r->route->flags & ROUTE_PERSON)) {
		r->route->handler(r);
	} else if (!person_gate(r)) {
		r->route->handler(r);
		person_audit(r);
		/* a token's read that went out: a row of the accounting */
		if (r->api_token_id)
			disclosure_token_record(r);
	}
	if (r->db)
		db_read_end(r->db);
}

void dispatch_begin(struct req *r)
{
	r->method = http_method_parse(r->method_name);
	r->is_api = !strncmp(r->target, "/api/", 5);
}

static void finish(struct req *r)
{
	struct parse_error e = {0};
	int status;
	if (r->head_status) {
		reply_error(r, r->head_status, r->head_code, r->head_message,
		            NULL);
		return;
	}
	if (r->body_too_large) {
		reply_error(r, 413, "too_large",
		            arena_sprintf(&r->arena,
		                          "The request body is larger than the "
		                          "limit of %ld bytes.",
		                          r->cfg->max_body),
		            NULL);
		return;
	}
	if ((status = request_parse_target(r, &e))) {
		reply_error(r, status, e.code, e.message, e.field);
		return;
	}
	const char *allow = NULL;
	switch (router_match(routes, route_count, r->method, r->path, &r->arena,
	                     &r->route, r->params, &r->nparams, &allow)) {
	case ROUTE_NOT_FOUND:
		reply_error(r, 404, "not_found",
		            "There is nothing at this address.", NULL);
		return;
	case ROUTE_WRONG_METHOD:
		req_add_header(r, "Allow", allow);
		reply_error(
		    r, 405, "method_not_allowed",
		    arena_sprintf(&r->arena, "This address takes %s.", allow),
		    NULL);
		return;
	case ROUTE_FOUND:
		break;
	}
	if (!(r->route->flags & ROUTE_NO_DB)) {
		char err[256];
		r->db = db_pool_take(r->cfg->db_url, err, sizeof err);
		if (!r->db) {
			fprintf(stderr, "waypoint: database: %s\n", err);
			reply_db_failure(r);
			return;
		}
	}
	if (auth_identify(r))
		return;
	if (!permission_granted(r->role, r->route->permission)) {
		refuse(r);
		return;
	}
	bool changes = r->method == HTTP_POST || r->method == HTTP_PUT ||
	               r->method == HTTP_PATCH || r->method == HTTP_DELETE;
	if (changes && auth_same_origin(r))
		return;
	if ((r->route->flags & ROUTE_BODY) && changes &&
	    r->method != HTTP_DELETE && (status = request_parse_body(r, &e))) {
		reply_error(r, status, e.code, e.message, e.field);
		return;
	}
	/* A session's requests carry its CSRF token; API tokens are not
	 * sent by browsers on their own, so they need none. */
	if (changes && r->has_session && auth_csrf(r))
		return;
	if (changes && !(r->route->flags & ROUTE_ASK))
		run_change(r);
	else
		run_read(r);
	if (r->db && db_in_transaction(r->db)) { /* a handler's bug */
		fprintf(stderr, "waypoint: %s left a transaction open\n",
		        r->route->pattern);
		db_rollback(r->db);
		reply_error(r, 500, "internal_error",
		            "Something went wrong on our side. Nothing was "
		            "changed.",
		            NULL);
	}
}

/* The database connection goes back before the answer is sent: a slow
 * client must not keep one from the others. */
void dispatch_finish(struct req *r)
{
	finish(r);
	db_pool_give(r->db);
	r->db = NULL;
}

enum MHD_Result dispatch_send(struct req *r)
{
	struct MHD_Response *resp;
	if (r->stream) {
		/* the body written while it is sent (stream.h); the
		 * response owns the state from here */
		resp = MHD_create_response_from_callback(
		    MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, r->stream,
		    stream_free);
		if (!resp)
			stream_free(r->stream);
		r->stream = NULL;
	} else if (r->static_body) {
		resp = MHD_create_response_from_buffer(r->static_len,
		                                       (void *)r->static_body,
		                                       MHD_RESPMEM_PERSISTENT);
	} else {
		size_t len;
		char *data = buf_release(&r->out, &len);
		resp = data
		           ? MHD_create_response_from_buffer_with_free_callback(
		                 len, data, free)
		           : MHD_create_response_from_buffer(
		                 0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (!resp)
		return MHD_NO;
	if (r->content_type)
		MHD_add_response_header(resp, "Content-Type", r->content_type);
	bool cache_set = false;
	for (int i = 0; i < r->nheaders; i++) {
		MHD_add_response_header(resp, r->header_names[i],
		                        r->header_values[i]);
		cache_set |= !strcmp(r->header_names[i], "Cache-Control");
	}
	/* Pages and API answers may hold personal data: never cached. */
	if (!cache_set)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy",
	                        "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy",
	                        "camera=(), microphone=(), geolocation=()");
	if (r->cfg->tls_cert)
		MHD_add_response_header(resp, "Strict-Transport-Security",
		                        "max-age=31536000; includeSubDomains");
	enum MHD_Result ok =
	    MHD_queue_response(r->conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ok;
}

/* Who asked, for the log line: a staff member's number, "token:ID" for an
 * API token, "-" for nobody.  Numbers only: a name or e-mail address in
 * the log would be personal data. */
static const char *log_user(const struct req *r, char *buf, size_t size)
{
	if (r->api_token_id)
		snprintf(buf, size, "token:%lld", (long long)r->api_token_id);
	else if (r->has_session)
		snprintf(buf, size, "%lld", (long long)r->session.user_id);
	else
		return "-";
	return buf;
}

void dispatch_log(const struct req *r)
{
	char user[32];
	char pattern[256];
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double ms = (double)(now.tv_sec - r->started.tv_sec) * 1e3 +
	            (double)(now.tv_nsec - r->started.tv_nsec) / 1e6;
	metrics_record(r->route, r->status, ms);
	char stamp[32];
	time_t t = time(NULL);
	struct tm tm;
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	const char *method = r->method_name ? http_method_name(r->method) : "-";
	const char *route =
	    r->route ? route_pattern_shown(r->route, pattern, sizeof pattern)
	             : "-";
	/* Every field is ours (a pattern from the route table, a number):
	 * nothing a client sent reaches the line, so neither form needs
	 * escaping. */
	if (r->cfg->log_format && !strcmp(r->cfg->log_format, "json"))
		fprintf(stderr,
		        "{\"time\":\"%s\",\"method\":\"%s\",\"route\":\"%s\","
		        "\"status\":%d,\"ms\":%.2f,\"user\":\"%s\"}\n",
		        stamp, method, route, r->status, ms,
		        log_user(r, user, sizeof user));
	else
		fprintf(stderr, "%s %s %s %d %.2fms user=%s\n", stamp, method,
		        route, r->status, ms, log_user(r, user, sizeof user));
}
