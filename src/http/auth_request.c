/* auth_request.c — see auth_request.h. */
#include "auth_request.h"
#include "../auth/secret.h"
#include "response.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static void client_address(struct req *r)
{
	snprintf(r->client, sizeof r->client, "unknown");
	const union MHD_ConnectionInfo *ci =
	    r->conn ? MHD_get_connection_info(
	                  r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS)
	            : NULL;
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(
		    AF_INET,
		    &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		    r->client, sizeof r->client);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(
		    AF_INET6,
		    &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		    r->client, sizeof r->client);
}

/* Authorization: Bearer TOKEN → the integration's role, from its scope
 * and access: programs (read, or read and write), or the persons of one
 * team or program (read, or read and add contact drafts). */
static int identify_token(struct req *r, const char *token)
{
	char hash[SECRET_HASH_SIZE];
	secret_hash(token, hash);
	struct db_stmt *st = db_query(
	    r->db,
	    "SELECT id, access, scope, created_by, COALESCE(team_id, 0),"
	    " COALESCE(program_id, 0) FROM api_tokens"
	    " WHERE token_hash = ? AND revoked_at IS NULL",
	    DB_TEXT(hash));
	if (db_row(st)) {
		r->api_token_id = db_column_int(st, 0);
		bool writes = !strcmp(db_column_text(st, 1), "read_write");
		bool persons = strcmp(db_column_text(st, 2), "programs") != 0;
		r->role = persons  ? writes ? ROLE_TOKEN_PERSONS_CONTACTS
		                            : ROLE_TOKEN_PERSONS_READ
		          : writes ? ROLE_TOKEN_READ_WRITE
		                   : ROLE_TOKEN_READ;
		r->token_owner = db_column_int(st, 3);
		r->token_team_id = db_column_int(st, 4);
		r->token_program_id = db_column_int(st, 5);
		snprintf(r->token_actor, sizeof r->token_actor,
		         "%s (token %lld)", role_name(r->role),
		         (long long)r->api_token_id);
	}
	if (db_end(r->db, st) != DB_DONE) {
		reply_db_failure(r);
		return -1;
	}
	return 0;
}

int auth_identify(struct req *r)
{
	client_address(r);
	r->role = ROLE_ANONYMOUS;
	if (!r->db)
		return 0;
	const char *authz = req_header(r, "Authorization");
	if (authz && !strncasecmp(authz, "Bearer ", 7))
		return identify_token(r, authz + 7);
	const char *token =
	    r->conn ? MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND,
	                                          SESSION_COOKIE)
	            : NULL;
	if (!token)
		return 0;
	enum db_status s;
	enum session_state state = session_check(
	    r->db, &r->arena, token, (int64_t)time(NULL), r->cfg->session_idle,
	    r->cfg->session_max, &r->session, &s);
	if (s != DB_OK) {
		reply_db_failure(r);
		return -1;
	}
	r->session_expired = state == SESSION_EXPIRED;
	if (state != SESSION_VALID)
		return 0;
	r->has_session = true;
	if (!strcmp(r->session.stage, SESSION_ACTIVE))
		r->role = r->session.role;
	return 0;
}

/* "http://host:port" for this request, to compare with Origin. */
static bool origin_matches(struct req *r, const char *origin)
{
	const char *host = req_header(r, "Host");
	if (!host)
		return false;
	const char *scheme = r->cfg->tls_cert ? "https://" : "http://";
	size_t n = strlen(scheme);
	return !strncmp(origin, scheme, n) && !strcmp(origin + n, host);
}

int auth_same_origin(struct req *r)
{
	/* Browsers since 2020 say where a request came from in Sec-Fetch-Site;
	 * older ones send Origin, compared with this server's own. */
	const char *site = req_header(r, "Sec-Fetch-Site");
	const char *origin = req_header(r, "Origin");
	bool cross = site ? strcmp(site, "same-origin") && strcmp(site, "none")
	                  : origin && !origin_matches(r, origin);
	if (!cross)
		return 0;
	reply_error(r, 403, "cross_site",
	            "This request came from another site and was refused.",
	            NULL);
	return -1;
}

int auth_csrf(struct req *r)
{
	const char *sent = req_header(r, "X-CSRF-Token");
	if (!sent)
		sent = req_form(r, "csrf_token");
	if (sent && secret_equal(sent, r->session.csrf))
		return 0;
	reply_error(r, 403, "csrf",
	            "This form has expired or did not come from Waypoint. Go "
	            "back, reload the page and try again.",
	            NULL);
	return -1;
}

void auth_set_session_cookie(struct req *r, const char *token)
{
	req_add_header(
	    r, "Set-Cookie",
	    arena_sprintf(&r->arena,
	                  "%s=%s; Path=/; HttpOnly; Secure; SameSite=Strict",
	                  SESSION_COOKIE, token));
}

void auth_clear_session_cookie(struct req *r)
{
	req_add_header(r, "Set-Cookie",
	               SESSION_COOKIE "=; Path=/; HttpOnly; Secure; "
	                              "SameSite=Strict; Max-Age=0");
}

int64_t req_user_id(const struct req *r)
{
	return r->api_token_id  ? r->token_owner
	       : r->has_session ? r->session.user_id
	                        : 0;
}

struct actor req_actor(const struct req *r)
{
	/* a token acts for its owner, and the entry names the token */
	if (r->api_token_id)
		return (struct actor){r->token_owner, r->token_actor,
		                      r->client};
	int64_t user = r->has_session ? r->session.user_id : 0;
	return (struct actor){
	    user, role_name(r->has_session ? r->session.role : r->role),
	    r->client};
}

bool req_audit(struct req *r, const struct audit_entry *e)
{
	struct actor who = req_actor(r);
	if (!r->db)
		return false;
	enum db_status s = audit_record(r->db, &who, e);
	if (s != DB_OK)
		fprintf(stderr, "waypoint: audit: %s failed (%d)\n", e->action,
		        (int)s);
	return s == DB_OK;
}
