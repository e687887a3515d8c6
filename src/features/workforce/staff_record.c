/* staff_record.c — GET /staff/{id}: a staff member's record, one section
 * a part of issue 27 (see the table below). */
#include "staff_record.h"
#include "credential_pages.h"
#include "progress_pages.h"
#include "supervision_log.h"
#include "../../auth/permissions.h"
#include "../../handlers.h"
#include "../../http/auth_request.h"
#include "../../http/response.h"
#include "../../web/html.h"
#include "../../web/layout.h"

bool staff_record_access(struct req *r, int64_t id, bool keep, struct user *u)
{
	bool self = r->has_session && r->session.user_id == id;
	bool may = keep ? permission_granted(r->role, PERM_WORKFORCE)
	                : self || permission_granted(r->role, PERM_WORKFORCE) ||
	                      permission_granted(r->role, PERM_COSIGN);
	enum db_status s = may ? user_get(r->db, &r->arena, id, u) : DB_DONE;
	if (s == DB_ROW && role_is_staff(u->role))
		return true;
	if (s == DB_ROW || s == DB_DONE)
		reply_error(r, 404, "not_found",
		            "There is no such staff record.", NULL);
	else
		reply_db_failure(r);
	return false;
}

static void account_section(struct req *r, const struct user *u)
{
	struct html *b = page_html(r);
	html_printf(b, "<p>%s, %s%s.</p>", u->email, role_label(u->role),
	            u->disabled ? " (signed out for good: account disabled)"
	                        : "");
}

/* Each part of issue 27 adds its row. */
static const struct staff_record_section sections[] = {
    {"Account", account_section},
    /* the workforce: credentials and languages */
    {"Credentials", credentials_section},
    {"Languages", languages_section},

    /* ---- */

    /* the workforce: trainee progression and the supervision log */
    {"Trainee progression", progress_section},
    {"Supervision", supervision_log_section},

    /* ---- */

    /* the workforce: policies and trainings */
    {"Policies", policy_staff_section},
    {"Trainings", training_staff_section},

    /* ---- */
};

void staff_record_page(struct req *r)
{
	struct user u;
	if (!staff_record_access(r, req_id(r, "id"), false, &u))
		return;
	/* a staff member's record is read like a person's: audited */
	if (!req_audit(r, &(struct audit_entry){
	                      "read", "staff_record",
	                      arena_sprintf(&r->arena, "%lld", (long long)u.id),
	                      0, "success", ""})) {
		reply_audit_unavailable(r, NULL);
		return;
	}
	page_begin(r, u.name, NULL);
	struct html *b = page_html(r);
	html_printf(b, "<h1>%s</h1>", u.name);
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
		html_printf(b,
		            "<section aria-labelledby=\"sr-%zu\"><h2 "
		            "id=\"sr-%zu\">%s</h2>",
		            i, i, sections[i].heading);
		sections[i].write(r, &u);
		html_raw(b, "</section>");
	}
	page_end(r);
	reply_html(r, 200);
}
