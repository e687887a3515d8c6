/* routes.c — every route Waypoint answers, in one table.
 *
 * Each names the permission it needs; router_check() refuses to start the
 * server if one does not.  Public routes say PERM_PUBLIC explicitly. */
#include "http/handlers.h"
#include "http/router.h"

const struct route routes[] = {
    /* plumbing */
    {HTTP_GET, "/healthz", health_check, PERM_PUBLIC, ROUTE_NO_DB},
    {HTTP_GET, "/assets/{*}", static_asset, PERM_PUBLIC, ROUTE_NO_DB},

    /* pages */
    {HTTP_GET, "/", home_page, PERM_PUBLIC, ROUTE_NO_DB},
    {HTTP_GET, "/programs", programs_page, PERM_PROGRAMS_READ, 0},
    {HTTP_GET, "/programs/new", program_new_page, PERM_PROGRAMS_WRITE,
     ROUTE_NO_DB},
    {HTTP_POST, "/programs", program_create_page, PERM_PROGRAMS_WRITE,
     ROUTE_BODY},
    {HTTP_GET, "/programs/{id}", program_page, PERM_PROGRAMS_READ, 0},

    /* API */
    {HTTP_GET, "/api/v1/programs", programs_api_list, PERM_PROGRAMS_READ, 0},
    {HTTP_POST, "/api/v1/programs", programs_api_create, PERM_PROGRAMS_WRITE,
     ROUTE_BODY},
    {HTTP_GET, "/api/v1/programs/{id}", programs_api_get, PERM_PROGRAMS_READ,
     0},
};
const size_t route_count = sizeof routes / sizeof routes[0];
