/* person_history.c — what changed in a person's record: corrections to
 * their details (person_edit.h) and transfers between teams (transfer.h),
 * as a page and in the API.  ROUTE_PERSON: the router checks the team and
 * audits the read. */
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/fields.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "../programs/program_zone.h"
#include "person.h"
#include "person_edit.h"
#include "transfer.h"

#include <string.h>

/* Reads both lists; answers and returns ANSWERED on a failure. */
static enum answer load(struct req *r, struct person_change **changes,
                        int *nchanges, struct transfer **transfers,
                        int *ntransfers)
{
	if (person_changes(r->db, &r->arena, r->person_id, changes, nchanges) !=
	        DB_DONE ||
	    transfer_list(r->db, &r->arena, r->person_id, transfers,
	                  ntransfers) != DB_DONE) {
		reply_db_failure(r);
		return ANSWERED;
	}
	return GO_ON;
}

/* A value as people read it: flags as Yes and No, nothing as a dash. */
static const char *shown(const struct field *f, const char *v)
{
	if (f && f->type == FIELD_FLAG)
		return strcmp(v, "true") ? "No" : "Yes";
	return *v ? v : "—";
}

static const struct field *field_named(const char *name)
{
	for (int i = 0; i < person_field_count; i++)
		if (!strcmp(person_fields[i].name, name))
			return &person_fields[i];
	return NULL;
}

static void transfers_table(struct html *b, const char *zone,
                            const struct transfer *t, int n)
{
	html_raw(b, "<h2>Moves between teams</h2>\n");
	if (!n) {
		html_raw(b, "<p>None: they have been on one team.</p>\n");
		return;
	}
	html_raw(b, "<table class=\"usa-table usa-table--stacked\"><thead><tr>"
	            "<th scope=\"col\">Date</th><th scope=\"col\">From</th>"
	            "<th scope=\"col\">To</th><th scope=\"col\">Reason</th>"
	            "<th scope=\"col\">Recorded</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		html_printf(b,
		            "<tr><td data-label=\"Date\">%s</td><td "
		            "data-label=\"From\">%s (%s)</td><td "
		            "data-label=\"To\">%s (%s)</td><td "
		            "data-label=\"Reason\">%s</td><td "
		            "data-label=\"Recorded\">%s, ",
		            t[i].transferred_on, t[i].from_team_name,
		            t[i].from_program_name, t[i].to_team_name,
		            t[i].to_program_name, t[i].reason,
		            t[i].transferred_by_name);
		html_stamp(b, t[i].created_at, zone);
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table>\n");
}

static void changes_table(struct html *b, const char *zone,
                          const struct person_change *c, int n)
{
	html_raw(b, "<h2>Corrections to their details</h2>\n");
	if (!n) {
		html_raw(b, "<p>None: the details are as they were "
		            "entered.</p>\n");
		return;
	}
	html_raw(b, "<table class=\"usa-table usa-table--stacked\"><thead><tr>"
	            "<th scope=\"col\">When</th><th scope=\"col\">Field</th>"
	            "<th scope=\"col\">Before</th><th scope=\"col\">After</th>"
	            "<th scope=\"col\">By</th></tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		const struct field *f = field_named(c[i].field);
		html_raw(b, "<tr><td data-label=\"When\">");
		html_stamp(b, c[i].changed_at, zone);
		html_printf(b,
		            "</td><td data-label=\"Field\">%s</td><td "
		            "data-label=\"Before\">%s</td><td "
		            "data-label=\"After\">%s</td><td "
		            "data-label=\"By\">%s</td></tr>",
		            f ? f->label : c[i].field, shown(f, c[i].old_value),
		            shown(f, c[i].new_value), c[i].changed_by_name);
	}
	html_raw(b, "</tbody></table>\n");
}

/* GET /persons/{id}/history */
void person_history_page(struct req *r)
{
	struct person p;
	struct person_change *changes;
	struct transfer *transfers;
	int nchanges, ntransfers;
	if (person_get(r->db, &r->arena, r->person_id, &p) != DB_ROW) {
		reply_db_failure(r);
		return;
	}
	if (load(r, &changes, &nchanges, &transfers, &ntransfers) == ANSWERED)
		return;
	struct html *b = page_html(r);
	page_begin(r, "Record history", "persons");
	html_printf(b,
	            "<h1>Record history</h1>\n<p class=\"usa-intro\">%s · "
	            "%s</p>\n<p>Newest first. The recovery stage has its own "
	            "history on the <a class=\"usa-link\" "
	            "href=\"/persons/%lld\">overview</a>.</p>\n",
	            person_display_name(&p), p.team_name, (long long)p.id);
	transfers_table(b, zone_of_request(r), transfers, ntransfers);
	changes_table(b, zone_of_request(r), changes, nchanges);
	page_end(r);
	reply_html(r, 200);
}

/* GET /api/v1/persons/{id}/history → {"changes": […], "transfers": […]},
 * each newest first. */
void person_history_api(struct req *r)
{
	struct person_change *changes;
	struct transfer *transfers;
	int nchanges, ntransfers;
	if (load(r, &changes, &nchanges, &transfers, &ntransfers) == ANSWERED)
		return;
	struct buf *b = &r->out;
	buf_reset(b);
	json_raw(b, "{\"changes\":[");
	for (int i = 0; i < nchanges; i++) {
		const struct field *f = field_named(changes[i].field);
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		json_field_int(b, "id", changes[i].id);
		json_field_text(b, "field", changes[i].field);
		json_field_text(b, "label", f ? f->label : changes[i].field);
		json_field_text(b, "old_value", changes[i].old_value);
		json_field_text(b, "new_value", changes[i].new_value);
		json_field_int(b, "changed_by", changes[i].changed_by);
		json_field_text(b, "changed_by_name",
		                changes[i].changed_by_name);
		json_field_text(b, "changed_at", changes[i].changed_at);
		json_object_end(b);
	}
	json_raw(b, "],\"transfers\":[");
	for (int i = 0; i < ntransfers; i++) {
		if (i)
			json_raw(b, ",");
		transfer_json(b, &transfers[i]);
	}
	json_raw(b, "]}");
	reply_json_written(r, 200);
}
