/* policy_pages.c — the code of ethics and policies as pages (policy.h;
 * the API is policy_api.c): the list (/policies), one policy with its current
 * text, its history, the acknowledgement form and, for managers, who has not
 * acknowledged it and the form that publishes a new version. */
#include "../../handlers.h"
#include "../../http/api.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../../auth/users.h"
#include "../programs/program_zone.h"
#include "policy.h"
#include "policy_request.h"

#include <stdlib.h>
#include <string.h>

#define ERR(f) field_error_for(e, f)

bool policy_keeper(const struct req *r)
{
	return permission_granted(r->role, PERM_WORKFORCE);
}

/* The cutoff of this request; false after answering. */
bool policy_request_cutoff(struct req *r, char cutoff[32])
{
	if (policy_ack_cutoff(r->db, cutoff, NULL) == DB_DONE)
		return true;
	reply_db_failure(r);
	return false;
}

/* Plain text as written: paragraphs (blank lines between) in <p>, line
 * breaks kept, everything escaped. */
static void policy_text(struct req *r, const char *body)
{
	struct html *b = page_html(r);
	const char *p = body;
	html_raw(b, "<div class=\"policy-text usa-prose\">");
	while (*p) {
		while (*p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		html_raw(b, "<p>");
		bool first = true;
		while (*p && *p != '\n' && *p != '\r') {
			size_t len = strcspn(p, "\r\n");
			if (!first)
				html_raw(b, "<br>");
			html_printf(
			    b, "%s",
			    arena_sprintf(&r->arena, "%.*s", (int)len, p));
			first = false;
			p += len;
			/* one line break continues the paragraph */
			if (*p == '\r')
				p++;
			if (*p == '\n')
				p++;
		}
		html_raw(b, "</p>");
	}
	html_raw(b, "</div>\n");
}

static void ack_status(struct req *r, const struct policy *p)
{
	struct html *b = page_html(r);
	if (!*p->my_ack_at)
		html_raw(b, "<span class=\"usa-tag bg-secondary-dark\">To read "
		            "and acknowledge</span>");
	else if (p->due) {
		html_raw(b, "<span class=\"usa-tag bg-secondary-dark\">Due "
		            "again</span> acknowledged ");
		html_stamp(b, p->my_ack_at, zone_of_request(r));
	} else {
		html_raw(b, "Acknowledged ");
		html_stamp(b, p->my_ack_at, zone_of_request(r));
	}
}

static void create_form(struct req *r, const struct field_error *e,
                        const struct policy_input *d)
{
	struct html *b = page_html(r);
	html_raw(b, "<h2 id=\"new-policy\">Add a policy</h2>\n");
	if (e)
		form_error_summary(b, e,
		                   fields_label(policy_input_fields,
		                                policy_input_field_count,
		                                e->field));
	html_raw(b, "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/policies\">");
	form_csrf(r);
	form_required_note(b);
	form_text(b, &(struct form_field){"title", "Title", d ? d->title : NULL,
	                                  NULL, ERR("title"), "off", true});
	form_textarea(
	    b, &(struct form_field){"body", "Text", d ? d->body : NULL,
	                            "Plain text; leave a blank line between "
	                            "paragraphs. It is published as version 1.",
	                            ERR("body"), NULL, true});
	html_raw(b, "<button class=\"usa-button\" type=\"submit\">Publish the "
	            "policy</button></form>\n");
}

static void policies_view(struct req *r, int status,
                          const struct field_error *e,
                          const struct policy_input *d)
{
	char cutoff[32];
	struct policy *list;
	int n;
	if (!policy_request_cutoff(r, cutoff))
		return;
	if (policy_list(r->db, &r->arena, req_user_id(r), cutoff, &list, &n) !=
	    DB_DONE) {
		reply_db_failure(r);
		return;
	}
	bool keeps = policy_keeper(r);
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Policies", "policies");
	html_raw(b, "<h1>Code of ethics and policies</h1>\n<p>Read each "
	            "policy's current version and acknowledge it. A new "
	            "version, or a year gone by, makes it due again.</p>\n");
	if (!n)
		html_raw(b, "<p>No policy has been published yet.</p>\n");
	else
		html_raw(b, "<ul class=\"usa-list usa-list--unstyled\" "
		            "id=\"policies\">");
	for (int i = 0; i < n; i++) {
		const struct policy *p = &list[i];
		html_printf(b,
		            "<li class=\"padding-y-1 border-bottom-1px "
		            "border-base-lighter\"><a class=\"usa-link "
		            "text-bold\" href=\"/policies/%lld\">%s</a><br>"
		            "<span class=\"text-base-dark\">Version %lld, "
		            "published ",
		            (long long)p->id, p->title, (long long)p->version);
		html_stamp(b, p->published_at, zone_of_request(r));
		html_raw(b, "</span><br>");
		ack_status(r, p);
		if (keeps)
			html_printf(b,
			            "<br><span class=\"text-base-dark\">%lld "
			            "staff member%s still to acknowledge "
			            "it</span>",
			            (long long)p->outstanding,
			            p->outstanding == 1 ? "" : "s");
		html_raw(b, "</li>");
	}
	if (n)
		html_raw(b, "</ul>\n");
	if (keeps)
		create_form(r, e, d);
	page_end(r);
	reply_html(r, status);
}

/* GET /policies */
void policies_page(struct req *r)
{
	policies_view(r, 200, NULL, NULL);
}

static int change_status(enum policy_change c)
{
	return c == POLICY_CONFLICT ? 409 : c == POLICY_NOT_FOUND ? 404 : 400;
}

/* POST /policies */
void policies_submit(struct req *r)
{
	struct policy_input d = {0};
	struct field_error e;
	int64_t id;
	fields_from_form(r, policy_input_fields, policy_input_field_count, &d);
	struct actor who = req_actor(r);
	enum policy_change c =
	    policy_create(r->db, &r->arena, &who, &d, &id, &e);
	if (c == POLICY_FAILED)
		reply_db_failure(r);
	else if (c != POLICY_DONE)
		policies_view(r, change_status(c), &e, &d);
	else
		reply_redirect(r, arena_sprintf(&r->arena, "/policies/%lld",
		                                (long long)id));
}

/* The policy of the request (current version) and the cutoff; false after
 * answering. */
bool policy_of_request(struct req *r, struct policy *p, char cutoff[32])
{
	if (!policy_request_cutoff(r, cutoff))
		return false;
	switch (policy_get(r->db, &r->arena, req_id(r, "id"), req_user_id(r),
	                   cutoff, p)) {
	case DB_ROW:
		return true;
	case DB_DONE:
		reply_error(r, 404, "not_found", "There is no such policy.",
		            NULL);
		return false;
	default:
		reply_db_failure(r);
		return false;
	}
}

/* The pending list names staff members: one audit entry for it. */
bool policy_pending_read(struct req *r, int64_t id, const char *cutoff,
                         struct policy_pending **list, int *n)
{
	if (policy_pending_of(r->db, &r->arena, id, cutoff, list, n) !=
	    DB_DONE) {
		reply_db_failure(r);
		return false;
	}
	if (!req_audit(r, &(struct audit_entry){
	                      "list", "policy_pending",
	                      arena_sprintf(&r->arena, "%lld", (long long)id),
	                      0, "success",
	                      arena_sprintf(&r->arena, "%d listed", *n)})) {
		reply_audit_unavailable(r, NULL);
		return false;
	}
	return true;
}

static void pending_section(struct req *r, const struct policy *p,
                            const struct policy_pending *list, int n)
{
	struct html *b = page_html(r);
	html_printf(b,
	            "<section aria-labelledby=\"pending-heading\"><h2 "
	            "id=\"pending-heading\">Not acknowledged (version "
	            "%lld)</h2>\n",
	            (long long)p->version);
	if (!n) {
		html_raw(b,
		         "<p>Every staff member has acknowledged the current "
		         "version.</p></section>\n");
		return;
	}
	html_printf(b,
	            "<p>%d staff member%s must acknowledge it: never, an "
	            "earlier version, or longer ago than the setting "
	            "allows.</p>\n<ul class=\"usa-list usa-list--unstyled\" "
	            "id=\"pending\">",
	            n, n == 1 ? "" : "s");
	for (int i = 0; i < n; i++) {
		const struct policy_pending *x = &list[i];
		html_printf(b,
		            "<li class=\"padding-y-05\"><a class=\"usa-link\" "
		            "href=\"/staff/%lld\">%s</a>, %s: ",
		            (long long)x->user_id, x->name,
		            role_label(role_parse(x->role)));
		if (!x->last_version) {
			html_raw(b, "never acknowledged");
		} else {
			html_printf(b, "acknowledged version %lld ",
			            (long long)x->last_version);
			html_stamp(b, x->last_ack_at, zone_of_request(r));
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul></section>\n");
}

static void versions_section(struct req *r, const struct policy *p,
                             int64_t shown)
{
	struct policy_version *list;
	int n;
	struct html *b = page_html(r);
	if (policy_versions_of(r->db, &r->arena, p->id, false, &list, &n) !=
	    DB_DONE)
		return;
	html_raw(b, "<section aria-labelledby=\"versions-heading\"><h2 "
	            "id=\"versions-heading\">Versions</h2>\n<ul "
	            "class=\"usa-list\" id=\"versions\">");
	for (int i = 0; i < n; i++) {
		const struct policy_version *v = &list[i];
		if (v->version == shown)
			html_printf(b, "<li><strong>Version %lld</strong>",
			            (long long)v->version);
		else if (v->version == p->version)
			html_printf(b,
			            "<li><a class=\"usa-link\" "
			            "href=\"/policies/%lld\">Version %lld</a>",
			            (long long)p->id, (long long)v->version);
		else
			html_printf(
			    b,
			    "<li><a class=\"usa-link\" "
			    "href=\"/policies/%lld?version=%lld\">Version "
			    "%lld</a>",
			    (long long)p->id, (long long)v->version,
			    (long long)v->version);
		html_raw(b, ", published ");
		html_stamp(b, v->published_at, zone_of_request(r));
		html_printf(b, " by %s%s</li>", v->published_by,
		            v->version == p->version ? " (current)" : "");
	}
	html_raw(b, "</ul></section>\n");
}

static void ack_form(struct req *r, const struct policy *p,
                     const struct field_error *e)
{
	struct html *b = page_html(r);
	html_raw(b, "<section aria-labelledby=\"ack-heading\" "
	            "class=\"usa-summary-box margin-y-2\"><h2 "
	            "id=\"ack-heading\" class=\"usa-summary-box__heading\">"
	            "Your acknowledgement</h2><p>");
	ack_status(r, p);
	html_raw(b, "</p>");
	if (e && e->field)
		form_error_summary(b, e, "Version");
	if (p->due) {
		html_printf(b,
		            "<form method=\"post\" "
		            "action=\"/policies/%lld/acknowledge\">",
		            (long long)p->id);
		form_csrf(r);
		html_printf(b,
		            "<input type=\"hidden\" name=\"version_id\" "
		            "id=\"version_id\" value=\"%lld\"><button "
		            "class=\"usa-button\" type=\"submit\">I have read "
		            "version %lld and acknowledge it</button></form>",
		            (long long)p->version_id, (long long)p->version);
	}
	html_raw(b, "</section>\n");
}

static void publish_form(struct req *r, const struct policy *p,
                         const struct field_error *e, const char *draft)
{
	struct html *b = page_html(r);
	html_raw(b, "<section aria-labelledby=\"publish-heading\"><h2 "
	            "id=\"publish-heading\">Publish a new version</h2>\n<p>A "
	            "new version is due for every staff member to "
	            "acknowledge.</p>\n");
	if (e && e->field)
		form_error_summary(b, e, "Text");
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/policies/%lld/versions\">",
	            (long long)p->id);
	form_csrf(r);
	form_required_note(b);
	form_textarea(
	    b, &(struct form_field){"body", "Text", draft ? draft : p->body,
	                            "Plain text; leave a blank line between "
	                            "paragraphs.",
	                            ERR("body"), NULL, true});
	html_printf(b,
	            "<button class=\"usa-button\" type=\"submit\">Publish "
	            "version %lld</button></form></section>\n",
	            (long long)p->version + 1);
}

/* The policy page; ack_e: the acknowledgement refused, pub_e and draft:
 * the new version refused as typed. */
static void policy_view(struct req *r, int status,
                        const struct field_error *ack_e,
                        const struct field_error *pub_e, const char *draft)
{
	char cutoff[32];
	struct policy p;
	if (!policy_of_request(r, &p, cutoff))
		return;
	bool keeps = policy_keeper(r);
	struct policy_pending *pending = NULL;
	int npending = 0;
	if (keeps && !policy_pending_read(r, p.id, cutoff, &pending, &npending))
		return;
	/* ?version=N: an earlier version's text */
	struct policy_version old = {0};
	const char *asked = req_query(r, "version");
	if (asked && *asked) {
		char *end;
		long long v = strtoll(asked, &end, 10);
		enum db_status s =
		    *end || v < 1
		        ? DB_DONE
		        : policy_version_get(r->db, &r->arena, p.id, v, &old);
		if (s == DB_DONE) {
			reply_error(r, 404, "not_found",
			            "This policy has no such version.", NULL);
			return;
		}
		if (s != DB_ROW) {
			reply_db_failure(r);
			return;
		}
	}
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, p.title, "policies");
	html_printf(b,
	            "<p><a class=\"usa-link\" href=\"/policies\">All "
	            "policies</a></p><h1>%s</h1>\n",
	            p.title);
	if (old.id && old.version != p.version) {
		html_printf(
		    b,
		    "<div class=\"usa-alert usa-alert--warning "
		    "usa-alert--slim\"><div class=\"usa-alert__body\"><p "
		    "class=\"usa-alert__text\">Version %lld, not the "
		    "current one: <a class=\"usa-link\" "
		    "href=\"/policies/%lld\">read version %lld</a>."
		    "</p></div></div>\n",
		    (long long)old.version, (long long)p.id,
		    (long long)p.version);
		html_printf(b,
		            "<p class=\"text-base-dark\">Version %lld, "
		            "published ",
		            (long long)old.version);
		html_stamp(b, old.published_at, zone_of_request(r));
		html_printf(b, " by %s</p>\n", old.published_by);
		policy_text(r, old.body);
	} else {
		html_printf(b,
		            "<p class=\"text-base-dark\">Version %lld, "
		            "published ",
		            (long long)p.version);
		html_stamp(b, p.published_at, zone_of_request(r));
		html_printf(b, " by %s</p>\n", p.published_by);
		ack_form(r, &p, ack_e);
		policy_text(r, p.body);
	}
	versions_section(r, &p, old.id ? old.version : p.version);
	if (keeps) {
		pending_section(r, &p, pending, npending);
		publish_form(r, &p, pub_e, draft);
	}
	page_end(r);
	reply_html(r, status);
}

/* GET /policies/{id}[?version=N] */
void policy_page(struct req *r)
{
	policy_view(r, 200, NULL, NULL, NULL);
}

/* POST /policies/{id}/versions */
void policy_version_submit(struct req *r)
{
	struct policy_version v = {0};
	struct field_error e;
	int64_t version_id, version;
	fields_from_form(r, policy_version_fields, policy_version_field_count,
	                 &v);
	struct actor who = req_actor(r);
	enum policy_change c =
	    policy_publish(r->db, &r->arena, &who, req_id(r, "id"), &v,
	                   &version_id, &version, &e);
	if (c == POLICY_FAILED)
		reply_db_failure(r);
	else if (c == POLICY_NOT_FOUND)
		reply_error(r, 404, "not_found", "There is no such policy.",
		            NULL);
	else if (c != POLICY_DONE)
		policy_view(r, 400, NULL, &e, v.body);
	else
		reply_redirect(r, arena_sprintf(&r->arena, "/policies/%lld",
		                                (long long)req_id(r, "id")));
}

/* POST /policies/{id}/acknowledge (version_id) */
void policy_ack_submit(struct req *r)
{
	struct policy_ack_input d = {0};
	struct field_error e;
	char cutoff[32];
	fields_from_form(r, policy_ack_fields, policy_ack_field_count, &d);
	if (!policy_request_cutoff(r, cutoff))
		return;
	struct actor who = req_actor(r);
	const char *at;
	bool recorded;
	enum policy_change c =
	    policy_acknowledge(r->db, &r->arena, &who, req_id(r, "id"),
	                       d.version_id, cutoff, &at, &recorded, &e);
	if (c == POLICY_FAILED)
		reply_db_failure(r);
	else if (c == POLICY_NOT_FOUND)
		reply_error(r, 404, "not_found", e.message, e.field);
	else if (c != POLICY_DONE)
		policy_view(r, change_status(c), &e, NULL, NULL);
	else
		reply_redirect(r, arena_sprintf(&r->arena, "/policies/%lld",
		                                (long long)req_id(r, "id")));
}

/* The "Policies" section of the staff record: where u stands with each
 * policy's current version (a read of their record, audited). */
void policy_staff_section(struct req *r, const struct user *u)
{
	struct html *b = page_html(r);
	char cutoff[32];
	struct policy *list;
	int n;
	if (policy_ack_cutoff(r->db, cutoff, NULL) != DB_DONE ||
	    policy_list(r->db, &r->arena, u->id, cutoff, &list, &n) !=
	        DB_DONE ||
	    !req_audit(r, &(struct audit_entry){"read", "staff_policy_acks",
	                                        arena_sprintf(&r->arena, "%lld",
	                                                      (long long)u->id),
	                                        0, "success", ""})) {
		html_raw(b, "<p>The policies could not be read just now.</p>");
		return;
	}
	if (!n)
		html_raw(b, "<p>No policy has been published yet.</p>");
	else
		html_raw(b, "<ul class=\"usa-list usa-list--unstyled\" "
		            "id=\"staff-policies\">");
	for (int i = 0; i < n; i++) {
		const struct policy *p = &list[i];
		html_printf(b,
		            "<li class=\"padding-y-05\"><a class=\"usa-link\" "
		            "href=\"/policies/%lld\">%s</a>, version %lld: ",
		            (long long)p->id, p->title, (long long)p->version);
		if (!*p->my_ack_at) {
			html_raw(b,
			         "<span class=\"usa-tag "
			         "bg-secondary-dark\">Not acknowledged</span>");
		} else {
			if (p->due)
				html_raw(
				    b, "<span class=\"usa-tag "
				       "bg-secondary-dark\">Due again</span> ");
			html_raw(b, "acknowledged ");
			html_stamp(b, p->my_ack_at, zone_of_request(r));
		}
		html_raw(b, "</li>");
	}
	if (n)
		html_raw(b, "</ul>");
	html_raw(b, "<p><a class=\"usa-link\" href=\"/policies\">All "
	            "policies</a></p>");
}

/* ---- the API ---- */
