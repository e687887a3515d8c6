/* directory_view.h — a service shown (directory_view.c), written as the
 * HSDS 3.0 service object (directory_hsds_json.c), and the route's
 * service (directory_pages.c). */
#ifndef WAYPOINT_DIRECTORY_VIEW_H
#define WAYPOINT_DIRECTORY_VIEW_H

#include "../../http/req.h"
#include "../../web/html.h"
#include "directory.h"

/* A phone number as a tap-to-call link (tel: with its digits). */
void dir_tel_link(struct html *b, const char *number);

/* A map link built from the coordinates (OpenStreetMap, and geo: for a
 * phone's map app); nothing without them. */
void dir_map_link(struct html *b, const char *lat, const char *lon);

/* The page's body for service s. */
void dir_service_view(struct req *r, const struct dir_service *s);

/* The service with HSDS id as the HSDS 3.0 service object, written to b:
 * false when there is none or the database failed. */
bool dir_service_hsds_json(struct db *db, struct arena *a, struct buf *b,
                           const char *id);

/* The route's {uuid} service into s: false having answered 404 or 503. */
bool dir_service_of_route(struct req *r, struct dir_service *s);

#endif
