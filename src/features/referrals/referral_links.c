/* referral_links.c — a contact note names the referrals it worked on
 * (issue 23, point 5): the contact form's checkboxes, the contacts API's
 * "referrals" field, and saving the links with the draft (referral.h,
 * referral_pages.h).  The referral's page lists the signed notes. */
#include "../../core/text.h"
#include "../../http/response.h"
#include "../../web/html.h"
#include "../../web/json.h"
#include "../../web/layout.h"
#include "referral_pages.h"

#include <jansson.h>
#include <string.h>

static const char *const bad_ids =
    "Referrals worked on: choose referrals of this person (at most 20).";

int referral_ids_from_form(struct req *r, int64_t *ids, int *n,
                           struct field_error *e)
{
	*n = 0;
	for (size_t i = 0; i < r->form.count; i++) {
		struct kv *f = &r->form.items[i];
		int64_t id;
		if (strcmp(f->name, "referral"))
			continue;
		if (*n >= REFERRAL_LINKS_MAX || !text_to_id(f->value, &id))
			return field_fail(e, "referrals", bad_ids);
		ids[(*n)++] = id;
	}
	return 0;
}

enum answer referral_ids_from_json(struct req *r, int64_t *ids, int *n,
                                   bool *given)
{
	json_t *list = r->json ? json_object_get(r->json, "referrals") : NULL;
	*n = 0;
	*given = list && !json_is_null(list);
	if (!*given)
		return GO_ON;
	size_t i;
	json_t *v;
	if (!json_is_array(list) || json_array_size(list) > REFERRAL_LINKS_MAX)
		goto bad;
	json_array_foreach(list, i, v)
	{
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			goto bad;
		ids[(*n)++] = json_integer_value(v);
	}
	return GO_ON;
bad:
	reply_error(r, 400, "invalid",
	            "referrals must be a list of the person's referral ids "
	            "(at most 20).",
	            "referrals");
	return ANSWERED;
}

enum answer referral_link_contact(struct req *r, int64_t contact_id,
                                  const int64_t *ids, int n, bool *refused,
                                  struct field_error *e)
{
	struct field_error local;
	if (!e)
		e = &local;
	if (refused)
		*refused = false;
	if (!referral_links_set(r->db, r->person_id, contact_id, ids, n, e))
		return GO_ON;
	if (!e->field) {
		reply_db_failure(r);
		return ANSWERED;
	}
	if (refused) {
		*refused = true;
		return GO_ON;
	}
	reply_error(r, 400, "invalid", e->message, e->field);
	return ANSWERED;
}

static bool has(const int64_t *ids, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

void referral_boxes(struct req *r, int64_t contact_id, bool typed,
                    const struct field_error *e)
{
	struct html *b = page_html(r);
	struct referral *list;
	int n, nlinked = 0, shown = 0;
	int64_t *linked = NULL, chosen[REFERRAL_LINKS_MAX];
	int nchosen = 0;
	struct field_error ignore;
	if (referrals_of_person(r->db, &r->arena, r->person_id, 0,
	                        REFERRAL_LIST_MAX, &list, &n) != DB_DONE)
		return;
	if (contact_id && referral_links_of(r->db, &r->arena, contact_id,
	                                    &linked, &nlinked) != DB_DONE)
		nlinked = 0;
	if (typed)
		referral_ids_from_form(r, chosen, &nchosen, &ignore);
	for (int i = 0; i < n; i++) {
		const struct referral *f = &list[i];
		bool on = typed ? has(chosen, nchosen, f->id)
		                : has(linked, nlinked, f->id);
		if (!referral_is_open(f->status) && !on &&
		    !has(linked, nlinked, f->id))
			continue;
		if (!shown++) {
			html_raw(b, "<fieldset class=\"usa-fieldset\" "
			            "id=\"referrals\"><legend "
			            "class=\"usa-legend\">Referrals it worked "
			            "on</legend>");
			if (field_error_for(e, "referrals"))
				html_printf(b,
				            "<span class=\"usa-error-message\">"
				            "%s</span>",
				            field_error_for(e, "referrals"));
		}
		html_printf(b,
		            "<div class=\"usa-checkbox\"><input "
		            "class=\"usa-checkbox__input\" type=\"checkbox\" "
		            "name=\"referral\" id=\"referral-%lld\" "
		            "value=\"%lld\"",
		            (long long)f->id, (long long)f->id);
		if (on)
			html_raw(b, " checked");
		html_printf(b,
		            "><label class=\"usa-checkbox__label\" "
		            "for=\"referral-%lld\">%s (%s)</label></div>",
		            (long long)f->id, f->to_name,
		            referral_status_label(f->status));
	}
	if (shown)
		html_raw(b, "</fieldset>");
}

void referral_links_json(struct req *r, struct buf *b, int64_t contact_id)
{
	int64_t *ids;
	int n = 0;
	if (referral_links_of(r->db, &r->arena, contact_id, &ids, &n) !=
	    DB_DONE)
		n = 0;
	json_field(b, "referrals");
	json_raw(b, "[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(b, ",");
		json_int(b, ids[i]);
	}
	json_raw(b, "]");
}
