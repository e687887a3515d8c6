/* handlers.h — every route handler, for the route table (src/routes.c). */
#ifndef WAYPOINT_HANDLERS_H
#define WAYPOINT_HANDLERS_H

#include "req.h"

/* plumbing */
void static_asset(struct req *r); /* GET /assets/{*} */
void health_check(struct req *r); /* GET /healthz */

/* features/home */
void home_page(struct req *r);

/* features/programs */
void programs_page(struct req *r);
void program_new_page(struct req *r);
void program_create_page(struct req *r);
void program_page(struct req *r);
void programs_api_list(struct req *r);
void programs_api_create(struct req *r);
void programs_api_get(struct req *r);

#endif
