/* search_api.c — GET /api/v1/resources: the directory's search as JSON,
 * with the page's parameters (resource_search.h) and cursor paging as
 * the other collections (the cursor is the position of the next page). */
#include "../../core/buf.h"
#include "../../handlers.h"
#include "../../http/api.h"
#include "../../http/response.h"
#include "../../web/json.h"
#include "resource_search.h"

#include <string.h>

static void number_field(struct buf *b, const char *name, const char *value)
{
	json_field(b, name);
	if (*value)
		buf_puts(b, value); /* as the database wrote the number */
	else
		json_raw(b, "null");
}

static void hit_json(struct buf *b, const struct resource_hit *h)
{
	json_object_begin(b);
	json_field_text(b, "id", h->service_id);
	json_field_text_or_null(b, "location_id",
	                        *h->location_id ? h->location_id : NULL);
	json_field_text(b, "name", h->name);
	json_field_text(b, "organization", h->organization);
	json_field_text(b, "address", h->address);
	number_field(b, "latitude", h->lat);
	number_field(b, "longitude", h->lon);
	if (h->has_distance) {
		json_field(b, "distance_km");
		buf_printf(b, "%.3f", h->km);
	}
	json_field_text(b, "phone", h->phone);
	json_field_text_or_null(b, "hours_today",
	                        *h->hours_today ? h->hours_today : NULL);
	json_field_text(b, "cost", h->cost);
	json_field_bool(b, "free", h->free);
	json_field(b, "languages");
	buf_putc(b, '[');
	for (const char *p = h->languages; *p;) {
		const char *end = strstr(p, ", ");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (p != h->languages)
			buf_putc(b, ',');
		char one[128];
		snprintf(one, sizeof one, "%.*s", (int)(n < 127 ? n : 127), p);
		json_text(b, one);
		p = end ? end + 2 : p + n;
	}
	buf_putc(b, ']');
	json_field_bool(b, "accessible", h->accessible);
	json_field_bool(b, "recovery_friendly", h->recovery_friendly);
	json_field_bool(b, "peer_run", h->peer_run);
	json_field_text(b, "alert", h->alert);
	json_object_end(b);
}

/* GET /api/v1/resources?q=&category=&language=&free=&accessible=
 * &recovery_friendly=&peer_run=&open=&lat=&lon=|near=&limit=&cursor= */
void resources_api_search(struct req *r)
{
	struct resource_query q = {0};
	struct field_error e;
	enum db_status dbs;
	int limit;
	int64_t after;
	if (api_page(r, &limit, &after) == ANSWERED)
		return;
	if (resource_query_read(r, &q, &e, &dbs)) {
		if (dbs != DB_OK)
			reply_db_failure(r);
		else
			reply_error(r, 400, "invalid", e.message, e.field);
		return;
	}
	q.limit = limit;
	q.offset = after;
	struct resource_hit *hits;
	int n;
	bool more;
	if (resource_search(r->db, &r->arena, &q, &hits, &n, &more) !=
	    DB_DONE) {
		reply_db_failure(r);
		return;
	}
	json_raw(&r->out, "{\"items\":[");
	for (int i = 0; i < n; i++) {
		if (i)
			json_raw(&r->out, ",");
		hit_json(&r->out, &hits[i]);
	}
	api_list_end(r, more, after + n);
}
