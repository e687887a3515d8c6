/* assets.h — static files embedded in the binary at build time
 * (tools/embed-assets.sh writes the table). */
#ifndef WAYPOINT_ASSETS_H
#define WAYPOINT_ASSETS_H

#include <stddef.h>

struct asset {
	const char *path; /* below /assets/, e.g. "uswds/css/uswds.min.css" */
	const char *content_type;
	const char *etag; /* quoted, as sent */
	const char *url;  /* "/assets/PATH?v=ETAG", for links in pages */
	const unsigned char *data, *data_end;
	const unsigned char *gz, *gz_end; /* NULL when gzip would not help */
};

extern const struct asset assets[];
extern const unsigned asset_count;

/* asset_find returns the asset at path (below /assets/) or NULL. */
const struct asset *asset_find(const char *path);

/* asset_url returns "/assets/PATH?v=ETAG" for links in pages, so that the
 * long cache lifetime ends when the file changes.  An unknown path is a
 * programming error and aborts.  Static storage. */
const char *asset_url(const char *path);

#endif
