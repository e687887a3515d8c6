/* today_api.c — GET /api/v1/today: the Today page's sections as JSON,
 * audited as the page is. */
#include "../../handlers.h"
#include "../../http/response.h"
#include "../../web/json.h"
#include "today.h"

static void item_json(struct buf *b, const struct today_section *s,
                      const struct today_item *x)
{
	const struct today_source *src = s->src;
	json_object_begin(b);
	json_field_int(b, "id", x->id);
	if (x->person_id)
		json_field_int(b, "person_id", x->person_id);
	if (x->kind)
		json_field_text(b, "kind", x->kind);
	json_field_text(b, "name", x->name);
	if (src->date_key)
		json_field_text_or_null(b, src->date_key, x->on);
	if (x->detail && *x->detail)
		json_field_text(b, "detail", x->detail);
	if (x->by)
		json_field_text(b, "by", x->by);
	if (x->comment)
		json_field_text(b, "comment", x->comment);
	if (src->kind == TODAY_TABLE)
		json_field_int(b, "count", x->count);
	if (src->flag_key)
		json_field_bool(b, src->flag_key, x->flag);
	json_field_text_or_null(b, "url", x->url);
	json_object_end(b);
}

/* GET /api/v1/today → {"date", "sections": [{"name", "count", "items"}]}:
 * the sections the requester's role sees, in the page's order. */
void today_api(struct req *r)
{
	struct today t;
	if (today_read(r, &t) == ANSWERED)
		return;
	struct buf *b = &r->out;
	json_object_begin(b);
	json_field_text(b, "date", t.today);
	json_field(b, "sections");
	json_raw(b, "[");
	for (int i = 0; i < t.nsections; i++) {
		const struct today_section *s = &t.sections[i];
		if (i)
			json_raw(b, ",");
		json_object_begin(b);
		json_field_text(b, "name", s->src->name);
		json_field_int(b, "count", s->count);
		json_field_bool(b, "count_capped", s->count >= TODAY_COUNT_CAP);
		if (*s->oldest)
			json_field_text(b, "oldest_since", s->oldest);
		json_field_text_or_null(b, "url", s->more_url);
		json_field(b, "items");
		json_raw(b, "[");
		for (int j = 0; j < s->n; j++) {
			if (j)
				json_raw(b, ",");
			item_json(b, s, &s->items[j]);
		}
		json_raw(b, "]");
		json_object_end(b);
	}
	json_raw(b, "]");
	json_object_end(b);
	reply_json_written(r, 200);
}
