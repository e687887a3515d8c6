/* static.c — GET /assets/{*}: files embedded at build time, with ETag and
 * 304, gzip when the client takes it, and a year's cache for the versioned
 * URLs the pages link to (asset_url adds ?v=ETAG). */
#include "assets.h"
#include "../handlers.h"
#include "response.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct asset *asset_find(const char *path)
{
	for (unsigned i = 0; i < asset_count; i++)
		if (!strcmp(assets[i].path, path))
			return &assets[i];
	return NULL;
}

const char *asset_url(const char *path)
{
	const struct asset *a = asset_find(path);
	if (!a) {
		fprintf(stderr, "waypoint: no embedded asset %s\n", path);
		abort();
	}
	return a->url;
}

/* Does an Accept-Encoding header allow gzip?  Each comma-separated coding
 * may carry ";q=VALUE"; q=0 refuses it. */
static bool accepts_gzip(const char *accept)
{
	for (const char *p = accept; p && *p;) {
		p += strspn(p, " ,");
		size_t len = strcspn(p, ",");
		size_t name = strcspn(p, " ;,");
		if ((name == 4 && !strncmp(p, "gzip", 4)) ||
		    (name == 1 && *p == '*')) {
			const char *q = strstr(p, "q=");
			if (!q || q >= p + len)
				return true;
			return strtod(q + 2, NULL) > 0;
		}
		p += len;
	}
	return false;
}

void static_asset(struct req *r)
{
	const struct asset *a = asset_find(req_path_text(r, "*"));
	if (!a) {
		reply_error(r, 404, "not_found", "There is no such file.",
		            NULL);
		return;
	}
	req_add_header(r, "ETag", a->etag);
	req_add_header(r, "Vary", "Accept-Encoding");
	req_add_header(r, "Cache-Control",
	               req_query(r, "v") ? "public, max-age=31536000, immutable"
	                                 : "public, max-age=86400");
	const char *match = req_header(r, "If-None-Match");
	if (match && (strstr(match, a->etag) || !strcmp(match, "*"))) {
		r->status = 304;
		return;
	}
	r->status = 200;
	r->content_type = a->content_type;
	if (a->gz && accepts_gzip(req_header(r, "Accept-Encoding"))) {
		req_add_header(r, "Content-Encoding", "gzip");
		r->static_body = a->gz;
		r->static_len = (size_t)(a->gz_end - a->gz);
	} else {
		r->static_body = a->data;
		r->static_len = (size_t)(a->data_end - a->data);
	}
}
