/* person_merge_pages.c — merging a duplicate into the record whose page it
 * is: choosing the other record (by record number or a search among one's
 * teams), both side by side, the merge and its undoing, as pages and in the
 * API (ROUTE_PERSON: the router checks the team and audits the access; the
 * merge audits itself on both records). */
#include "../../auth/permissions.h"
#include "../../core/text.h"
#include "../../http/api.h"
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/form.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../wellness/wellness_plan.h"
#include "../programs/program_zone.h"
#include "person.h"
#include "person_merge.h"

#include <string.h>

/* What the merge form and the API send: the other record's id and the
 * confirmation that both are the same person. */
struct merge_request {
	int64_t other;
	bool confirm;
};

static const struct field merge_fields[] = {
    FIELD_ID_AT(struct merge_request, other, "other",
                "Record to merge into this one", FIELD_REQUIRED,
                .message = "Choose the record to merge into this one."),
    FIELD_FLAG_AT(struct merge_request, confirm, "confirm",
                  "These two records are the same person"),
};

struct undo_request {
	int64_t merge;
};

static const struct field undo_fields[] = {
    FIELD_ID_AT(struct undo_request, merge, "merge", "Merge to undo",
                FIELD_REQUIRED, .message = "Say which merge to undo."),
};

static const struct field_error unconfirmed = {
    .field = "confirm",
    .message = "Confirm that these two records are the same person: the "
               "other record's contacts, plans, consents and assessments "
               "all move to this one."};

#define ERR(f) field_error_for(e, f)

/* One row of the side-by-side comparison. */
static void compare_row(struct html *b, const char *label, const char *mine,
                        const char *theirs)
{
	html_printf(b,
	            "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td></tr>",
	            label, mine && *mine ? mine : "—",
	            theirs && *theirs ? theirs : "—");
}

static void compare_count(struct html *b, const char *label, int mine,
                          int theirs)
{
	html_printf(b,
	            "<tr><th scope=\"row\">%s</th><td>%d</td><td>%d</td></tr>",
	            label, mine, theirs);
}

/* Both records side by side, with what each holds, and the form. */
static int compare(struct req *r, const struct person *p, int64_t other,
                   const struct merge_request *sent,
                   const struct field_error *e)
{
	struct person o;
	struct merge_counts mine, theirs;
	if (person_get(r->db, &r->arena, other, &o) != DB_ROW ||
	    merge_record_counts(r->db, p->id, &mine) != DB_OK ||
	    merge_record_counts(r->db, other, &theirs) != DB_OK)
		return -1;
	struct html *b = page_html(r);
	html_raw(b, "<h2>Side by side</h2>\n<div class=\"usa-table-container"
	            "--scrollable\" tabindex=\"0\"><table class=\"usa-table "
	            "usa-table--borderless\"><caption>This record stays; the "
	            "other one's records move to it</caption><thead><tr><th "
	            "scope=\"col\">Detail</th><th scope=\"col\">This record "
	            "(stays)</th><th scope=\"col\">Other record (merged into "
	            "this one)</th></tr></thead><tbody>");
	compare_row(b, "Legal name", p->legal_name, o.legal_name);
	compare_row(b, "Preferred name", p->preferred_name, o.preferred_name);
	compare_row(b, "Date of birth", p->date_of_birth, o.date_of_birth);
	compare_row(b, "Record number", p->record_number, o.record_number);
	compare_row(b, "Team", p->team_name, o.team_name);
	compare_row(b, "Phone", p->phone, o.phone);
	compare_row(b, "E-mail", p->email, o.email);
	compare_row(b, "Address", p->address, o.address);
	compare_row(b, "Added", p->created_at, o.created_at);
	compare_count(b, "Contacts and notes", mine.contacts, theirs.contacts);
	compare_count(b, "Recovery plan versions", mine.plan_versions,
	              theirs.plan_versions);
	compare_count(b, "Consents and releases", mine.consents,
	              theirs.consents);
	compare_count(b, "BARC-10 assessments", mine.barc10, theirs.barc10);
	compare_count(b, "Enrollments", mine.enrollments, theirs.enrollments);
	compare_count(b, "Supports", mine.supports, theirs.supports);
	compare_row(b, r->cfg->wellness_plan_label,
	            mine.wellness_plans ? "Yes" : "No",
	            theirs.wellness_plans ? "Yes" : "No");
	html_raw(b, "</tbody></table></div>\n");
	if (mine.wellness_plans && theirs.wellness_plans)
		html_printf(b,
		            "<p>Both have a %s: this record keeps its own; the "
		            "other one's stays with the merged record and is "
		            "shown on this page after the merge.</p>\n",
		            r->cfg->wellness_plan_label);
	html_printf(b,
	            "<form class=\"usa-form usa-form--large\" method=\"post\" "
	            "action=\"/persons/%lld/merge\">"
	            "<input type=\"hidden\" name=\"other\" value=\"%lld\">",
	            (long long)p->id, (long long)other);
	form_csrf(r);
	if (ERR("confirm"))
		html_printf(b,
		            "<span class=\"usa-error-message\" "
		            "id=\"confirm-error\">%s</span>",
		            ERR("confirm"));
	form_checkbox(b, "confirm",
	              "I have checked: these two records are the same person, "
	              "and this record is the one to keep",
	              sent && sent->confirm);
	html_printf(b,
	            "<button class=\"usa-button usa-button--secondary\" "
	            "type=\"submit\">Merge record %s into this one</button>"
	            "</form>\n",
	            o.record_number);
	return 0;
}

/* The search among the user's teams for the other record. */
static int search(struct req *r, const char *q)
{
	struct html *b = page_html(r);
	html_printf(b,
	            "<h2>Find the other record</h2>\n<form class=\"usa-form\" "
	            "method=\"get\" action=\"/persons/%lld/merge\">",
	            (long long)r->person_id);
	form_text(
	    b, &(struct form_field){"q", "Record number, name or date of birth",
	                            q, "Among the persons of your teams.", NULL,
	                            "off", false});
	html_raw(b, "<button class=\"usa-button usa-button--outline\" "
	            "type=\"submit\">Find</button></form>\n");
	if (!q || !*q)
		return 0;
	struct person *list;
	int count;
	if (person_find(r->db, &r->arena, r->session.user_id, q,
	                PERSON_SORT_NAME, 0, 20, &list, &count) != DB_DONE)
		return -1;
	html_raw(b, "<ul class=\"usa-list usa-list--unstyled\">");
	int shown = 0;
	for (int i = 0; i < count; i++) {
		if (list[i].id == r->person_id)
			continue;
		html_printf(b,
		            "<li class=\"padding-y-1 border-bottom-1px "
		            "border-base-lighter\">%s · %s · born %s · %s · "
		            "<a class=\"usa-link\" "
		            "href=\"/persons/%lld/merge?other=%lld\">Compare"
		            "</a></li>",
		            person_display_name(&list[i]),
		            list[i].record_number, list[i].date_of_birth,
		            list[i].team_name, (long long)r->person_id,
		            (long long)list[i].id);
		shown++;
	}
	if (!shown)
		html_raw(b, "<li>No other record found in your teams.</li>");
	html_raw(b, "</ul>\n");
	return 0;
}

/* The merged record's wellness plan, kept on it because both had one. */
static void kept_wellness(struct req *r, const struct person_merge *m)
{
	json_t *doc = NULL;
	const char *at, *by;
	struct html *b = page_html(r);
	if (wellness_get(r->db, &r->arena, m->merged_id, &doc, &at, &by) !=
	    DB_OK) {
		html_raw(b, "<p>The kept plan cannot be shown just now.</p>");
		return;
	}
	html_printf(b,
	            "<details><summary>%s of record %s (kept when merged)"
	            "</summary><dl>",
	            r->cfg->wellness_plan_label, m->merged_record_number);
	for (int i = 0; i < wellness_section_count; i++) {
		json_t *items = json_object_get(doc, wellness_sections[i].code);
		if (!json_array_size(items))
			continue;
		html_printf(b, "<dt class=\"text-bold\">%s</dt>",
		            wellness_sections[i].label);
		for (size_t j = 0; j < json_array_size(items); j++) {
			const char *t =
			    json_string_value(json_array_get(items, j));
			html_printf(b, "<dd>%s</dd>", t ? t : "");
		}
	}
	html_raw(b, "</dl></details>");
	json_decref(doc);
}

static void merge_history(struct req *r, struct person_merge *list, int count,
                          int64_t undoable, const struct field_error *e)
{
	struct html *b = page_html(r);
	if (!count)
		return;
	html_raw(b,
	         "<h2>Records merged into this one</h2>\n<ul class=\"usa-list "
	         "usa-list--unstyled\">");
	for (int i = 0; i < count; i++) {
		const struct person_merge *m = &list[i];
		html_printf(
		    b,
		    "<li class=\"padding-y-1 border-bottom-1px "
		    "border-base-lighter\" id=\"merge-%lld\">Record %s (%s), "
		    "merged by %s on ",
		    (long long)m->id, m->merged_record_number, m->merged_name,
		    m->merged_by_name);
		html_stamp(b, m->merged_at, zone_of_request(r));
		html_printf(b,
		            ": %d contacts, %d plan versions, %d consents, %d "
		            "BARC-10, %d enrollments, %d supports moved",
		            m->moved.contacts, m->moved.plan_versions,
		            m->moved.consents, m->moved.barc10,
		            m->moved.enrollments, m->moved.supports);
		if (*m->undone_at) {
			html_raw(b, ". <strong>Undone</strong> on ");
			html_stamp(b, m->undone_at, zone_of_request(r));
		} else if (m->wellness_kept) {
			kept_wellness(r, m);
		}
		if (m->id == undoable &&
		    permission_granted(r->role, PERM_PERSONS_MERGE)) {
			html_printf(b,
			            "<form class=\"usa-form\" method=\"post\" "
			            "action=\"/persons/%lld/merge/undo\">"
			            "<input type=\"hidden\" name=\"merge\" "
			            "value=\"%lld\">",
			            (long long)r->person_id, (long long)m->id);
			form_csrf(r);
			html_raw(b,
			         "<button class=\"usa-button "
			         "usa-button--outline\" type=\"submit\">Undo "
			         "this merge</button></form>");
		}
		html_raw(b, "</li>");
	}
	html_raw(b, "</ul>\n");
	if (ERR("merge"))
		html_printf(b, "<p class=\"usa-error-message\">%s</p>",
		            ERR("merge"));
}

/* The page: history, search and, with other chosen, the comparison; e
 * and sent describe a refused merge or undo. */
static void merge_view(struct req *r, int status, int64_t other,
                       const struct merge_request *sent,
                       const struct field_error *e)
{
	struct person p;
	struct person_merge *list;
	int count;
	int64_t undoable;
	if (person_get(r->db, &r->arena, r->person_id, &p) != DB_ROW ||
	    person_merges(r->db, &r->arena, r->person_id, &list, &count,
	                  &undoable) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	struct html *b = page_html(r);
	html_reset(b);
	page_begin(r, "Merge a duplicate", "persons");
	html_printf(b,
	            "<h1>Merge a duplicate into %s</h1>\n<p><a "
	            "class=\"usa-link\" href=\"/persons/%lld\">Back to the "
	            "person</a></p>\n<p>When two records turn out to be one "
	            "person, merge the other record into this one: its "
	            "contacts, plans, consents, assessments and enrollments "
	            "move here, and it is kept as a pointer to this record. A "
	            "merge can be undone until a note is signed on this "
	            "record.</p>\n",
	            person_display_name(&p), (long long)p.id);
	if (e)
		form_error_summary(
		    b, e,
		    !strcmp(e->field, "merge")
		        ? fields_label(FIELDS(undo_fields), e->field)
		        : fields_label(FIELDS(merge_fields), e->field));
	merge_history(r, list, count, undoable, e);
	if (permission_granted(r->role, PERM_PERSONS_MERGE)) {
		const char *q = req_query(r, "q");
		if (search(r, q) ||
		    (other && (!e || strcmp(e->field, "other")) &&
		     compare(r, &p, other, sent, e))) {
			reply_db_failure(r);
			return;
		}
	}
	page_end(r);
	reply_html(r, status);
}

static void reply_refusal(struct req *r, enum merge_result how,
                          const struct field_error *e)
{
	reply_error(r, how == MERGE_CONFLICT ? 409 : 400,
	            how == MERGE_CONFLICT ? "conflict" : "invalid", e->message,
	            e->field);
}

/* GET /persons/{id}/merge?q=&other= */
void person_merge_page(struct req *r)
{
	const char *v = req_query(r, "other");
	int64_t other = 0;
	if (v && *v) {
		struct merge_request m = {0};
		struct field_error e;
		if (!text_to_id(v, &other)) {
			e = (struct field_error){
			    .field = "other",
			    .message = "Choose the record from the "
			               "list."};
			merge_view(r, 400, 0, NULL, &e);
			return;
		}
		enum merge_result how = person_merge_check(r, other, &e);
		if (how == MERGE_ANSWERED)
			return;
		if (how != MERGE_DONE) {
			merge_view(r, how == MERGE_CONFLICT ? 409 : 400, other,
			           &m, &e);
			return;
		}
	}
	merge_view(r, 200, other, NULL, NULL);
}

/* POST /persons/{id}/merge: other, confirm */
void person_merge_submit(struct req *r)
{
	struct merge_request m = {0};
	struct person_merge done;
	struct field_error e;
	fields_from_form(r, FIELDS(merge_fields), &m);
	if (fields_validate(&r->arena, FIELDS(merge_fields), &m, &e)) {
		merge_view(r, 400, 0, &m, &e);
		return;
	}
	enum merge_result how = person_merge_check(r, m.other, &e);
	if (how == MERGE_DONE && !m.confirm) {
		e = unconfirmed;
		how = MERGE_REFUSED;
	}
	if (how == MERGE_DONE)
		how = person_merge_into(r, m.other, &done, &e);
	switch (how) {
	case MERGE_DONE:
		reply_redirect(
		    r,
		    arena_sprintf(&r->arena, "/persons/%lld/merge#merge-%lld",
		                  (long long)r->person_id, (long long)done.id));
		return;
	case MERGE_REFUSED:
	case MERGE_CONFLICT:
		merge_view(r, how == MERGE_CONFLICT ? 409 : 400, m.other, &m,
		           &e);
		return;
	case MERGE_ANSWERED:
		return;
	}
}

/* POST /persons/{id}/merge/undo: merge */
void person_merge_undo_submit(struct req *r)
{
	struct undo_request u = {0};
	struct person_merge done;
	struct field_error e;
	fields_from_form(r, FIELDS(undo_fields), &u);
	enum merge_result how =
	    fields_validate(&r->arena, FIELDS(undo_fields), &u, &e)
	        ? MERGE_REFUSED
	        : person_merge_undo(r, u.merge, &done, &e);
	switch (how) {
	case MERGE_DONE:
		reply_redirect(
		    r,
		    arena_sprintf(&r->arena, "/persons/%lld/merge#merge-%lld",
		                  (long long)r->person_id, (long long)done.id));
		return;
	case MERGE_REFUSED:
	case MERGE_CONFLICT:
		merge_view(r, how == MERGE_CONFLICT ? 409 : 400, 0, NULL, &e);
		return;
	case MERGE_ANSWERED:
		return;
	}
}

static void merge_json(struct buf *b, const void *item)
{
	const struct person_merge *m = item;
	json_object_begin(b);
	json_field_int(b, "id", m->id);
	json_field_int(b, "survivor_id", m->survivor_id);
	json_field_int(b, "merged_id", m->merged_id);
	json_field_text(b, "merged_record_number", m->merged_record_number);
	json_field_text(b, "merged_at", m->merged_at);
	json_field_text(b, "merged_by", m->merged_by_name);
	json_field_text_or_null(b, "undone_at", m->undone_at);
	json_field_bool(b, "wellness_plan_kept", m->wellness_kept);
	json_field(b, "moved");
	json_object_begin(b);
	json_field_int(b, "contacts", m->moved.contacts);
	json_field_int(b, "plan_versions", m->moved.plan_versions);
	json_field_int(b, "consents", m->moved.consents);
	json_field_int(b, "barc10", m->moved.barc10);
	json_field_int(b, "enrollments", m->moved.enrollments);
	json_field_int(b, "supports", m->moved.supports);
	json_field_int(b, "recovery_stages", m->moved.recovery_stages);
	json_field_int(b, "break_glass", m->moved.break_glass);
	json_field_int(b, "wellness_plans", m->moved.wellness_plans);
	json_object_end(b);
	json_object_end(b);
}

static void reply_merge(struct req *r, const struct person_merge *m)
{
	buf_reset(&r->out);
	merge_json(&r->out, m);
	reply_json_written(r, 200);
}

/* POST /api/v1/persons/{id}/merge {other, confirm: true} → 200 the merge */
void person_merge_api(struct req *r)
{
	struct merge_request m = {0};
	struct person_merge done;
	struct field_error e;
	if (fields_from_json(r, FIELDS(merge_fields), NULL, &m) == ANSWERED)
		return;
	enum merge_result how = MERGE_REFUSED;
	if (!fields_validate(&r->arena, FIELDS(merge_fields), &m, &e)) {
		how = person_merge_check(r, m.other, &e);
		if (how == MERGE_DONE && !m.confirm) {
			e = unconfirmed;
			how = MERGE_REFUSED;
		}
		if (how == MERGE_DONE)
			how = person_merge_into(r, m.other, &done, &e);
	}
	if (how == MERGE_DONE)
		reply_merge(r, &done);
	else if (how != MERGE_ANSWERED)
		reply_refusal(r, how, &e);
}

/* POST /api/v1/persons/{id}/merge/undo {merge} → 200 the merge, undone */
void person_merge_undo_api(struct req *r)
{
	struct undo_request u = {0};
	struct person_merge done;
	struct field_error e;
	if (fields_from_json(r, FIELDS(undo_fields), NULL, &u) == ANSWERED)
		return;
	enum merge_result how =
	    fields_validate(&r->arena, FIELDS(undo_fields), &u, &e)
	        ? MERGE_REFUSED
	        : person_merge_undo(r, u.merge, &done, &e);
	if (how == MERGE_DONE)
		reply_merge(r, &done);
	else if (how != MERGE_ANSWERED)
		reply_refusal(r, how, &e);
}

/* GET /api/v1/persons/{id}/merges — the merges into this record */
void person_merges_api(struct req *r)
{
	struct person_merge *list;
	int count;
	int64_t undoable;
	if (person_merges(r->db, &r->arena, r->person_id, &list, &count,
	                  &undoable) != DB_DONE) {
		reply_db_failure(r);
		return;
	}
	api_list_whole(r, list, sizeof *list, count, merge_json);
}

void merge_overview(struct req *r)
{
	struct html *b = page_html(r);
	struct person_merge *list = NULL;
	int count = 0, shown = 0;
	bool kept = false;
	if (person_merges(r->db, &r->arena, r->person_id, &list, &count,
	                  NULL) == DB_DONE)
		for (int i = 0; i < count; i++) {
			if (*list[i].undone_at)
				continue;
			if (shown++)
				html_raw(b, ", ");
			else
				html_raw(b, "<p>Merged into this record: ");
			html_printf(b, "%s (record %s)", list[i].merged_name,
			            list[i].merged_record_number);
			kept |= list[i].wellness_kept;
		}
	if (shown)
		html_raw(b, ".</p>\n");
	for (int i = 0; kept && i < count; i++)
		if (!*list[i].undone_at && list[i].wellness_kept)
			kept_wellness(r, &list[i]);
	if (permission_granted(r->role, PERM_PERSONS_MERGE))
		html_printf(b,
		            "<p><a class=\"usa-button usa-button--outline\" "
		            "href=\"/persons/%lld/merge\">Merge a duplicate</a>"
		            "</p>\n",
		            (long long)r->person_id);
}
