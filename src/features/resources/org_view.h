/* org_view.h — an organization's page (org_view.c) and the route's
 * organization (org_pages.c). */
#ifndef WAYPOINT_ORG_VIEW_H
#define WAYPOINT_ORG_VIEW_H

#include "../../http/req.h"
#include "org.h"

#include <string.h>

/* Writes the page with status; e and one of the drafts when a partner
 * or liaison form was refused (shown open, as typed). */
void org_page_show(struct req *r, const struct dir_org *o, int status,
                   const struct field_error *e,
                   const struct dir_partner *partner,
                   const struct dir_liaison *log);

/* The route's {uuid} organization: false having answered 404 or 503. */
bool dir_org_of_route(struct req *r, struct dir_org *o);

/* Removes the route's organization (and its services) with its audit
 * entry: true when done; false having answered 404 or 503.  The page and
 * the API answer the success each their own way. */
bool dir_org_remove_of_route(struct req *r);

#endif
