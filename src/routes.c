/* routes.c — every route Waypoint answers, in one table.
 *
 * Each names the permission it needs; router_check() refuses to start the
 * server if one does not.  Public routes say PERM_PUBLIC explicitly.  The
 * HTTP tests call every route here with every role (tests/http/matrix). */
#include "http/handlers.h"
#include "http/router.h"

#define B ROUTE_BODY
#define P ROUTE_PERSON
const struct route routes[] = {
    /* plumbing */
    {HTTP_GET, "/healthz", health_check, PERM_PUBLIC, ROUTE_NO_DB},
    {HTTP_GET, "/assets/{*}", static_asset, PERM_PUBLIC, ROUTE_NO_DB},

    /* signing in and out; the account */
    {HTTP_GET, "/signin", signin_page, PERM_PUBLIC, 0},
    {HTTP_POST, "/signin", signin_submit, PERM_PUBLIC, B},
    {HTTP_GET, "/signin/code", signin_code_page, PERM_PUBLIC, 0},
    {HTTP_POST, "/signin/code", signin_code_submit, PERM_PUBLIC, B},
    {HTTP_POST, "/signout", signout_submit, PERM_PUBLIC, B},
    {HTTP_GET, "/invite/{token}", invite_page, PERM_PUBLIC, 0},
    {HTTP_POST, "/invite/{token}", invite_submit, PERM_PUBLIC, B},
    {HTTP_GET, "/account/password", password_page, PERM_SIGNED_IN, 0},
    {HTTP_POST, "/account/password", password_submit, PERM_SIGNED_IN, B},
    {HTTP_GET, "/account/two-step", two_step_page, PERM_PUBLIC, 0},
    {HTTP_POST, "/account/two-step", two_step_submit, PERM_PUBLIC, B},
    {HTTP_POST, "/api/v1/session", session_api_create, PERM_PUBLIC, B},
    {HTTP_GET, "/api/v1/session", session_api_get, PERM_SIGNED_IN, 0},
    {HTTP_DELETE, "/api/v1/session", session_api_delete, PERM_SIGNED_IN, 0},
    {HTTP_POST, "/api/v1/session/extend", session_api_extend, PERM_SIGNED_IN,
     0},

    /* pages */
    {HTTP_GET, "/", home_page, PERM_SIGNED_IN, 0},
    {HTTP_GET, "/programs", programs_page, PERM_PROGRAMS_READ, 0},
    {HTTP_GET, "/programs/new", program_new_page, PERM_PROGRAMS_WRITE, 0},
    {HTTP_POST, "/programs", program_create_page, PERM_PROGRAMS_WRITE, B},
    {HTTP_GET, "/programs/{id}", program_page, PERM_PROGRAMS_READ, 0},
    {HTTP_GET, "/users", users_page, PERM_USERS_ADMIN, 0},
    {HTTP_GET, "/users/new", user_new_page, PERM_USERS_ADMIN, 0},
    {HTTP_POST, "/users", user_create_page, PERM_USERS_ADMIN, B},
    {HTTP_GET, "/users/{id}", user_page, PERM_USERS_ADMIN, 0},
    {HTTP_POST, "/users/{id}", user_action_submit, PERM_USERS_ADMIN, B},
    {HTTP_GET, "/audit", audit_page, PERM_AUDIT_READ, 0},
    {HTTP_GET, "/audit.csv", audit_csv, PERM_AUDIT_READ, 0},
    {HTTP_GET, "/api-tokens", tokens_page, PERM_API_TOKENS_ADMIN, 0},
    {HTTP_POST, "/api-tokens", token_create_page, PERM_API_TOKENS_ADMIN, B},
    {HTTP_POST, "/api-tokens/{id}/revoke", token_revoke_page,
     PERM_API_TOKENS_ADMIN, B},

    {HTTP_GET, "/teams", teams_page, PERM_TEAMS_ADMIN, 0},
    {HTTP_POST, "/teams", team_create_page, PERM_TEAMS_ADMIN, B},
    {HTTP_POST, "/teams/members", team_members_page, PERM_TEAMS_ADMIN, B},
    {HTTP_GET, "/persons", persons_page, PERM_PERSONS, 0},
    {HTTP_GET, "/persons/new", person_new_page, PERM_PERSONS, 0},
    {HTTP_POST, "/persons", person_create_page, PERM_PERSONS, B},
    {HTTP_GET, "/persons/{id}", person_page, PERM_PERSONS, P},
    {HTTP_GET, "/persons/{id}/summary", person_summary_page, PERM_PERSONS,
     P | ROUTE_PRINT},
    {HTTP_POST, "/persons/{id}/stage", person_stage_submit, PERM_PERSONS,
     B | P},
    {HTTP_GET, "/persons/{id}/consents", consents_page, PERM_PERSONS, P},
    {HTTP_POST, "/persons/{id}/consents", consent_create_page, PERM_PERSONS,
     B | P},
    {HTTP_POST, "/persons/{id}/consents/{cid}/revoke", consent_revoke_page,
     PERM_PERSONS, B | P},
    {HTTP_GET, "/persons/{id}/emergency", break_glass_page, PERM_PERSONS, 0},
    {HTTP_POST, "/persons/{id}/emergency", break_glass_submit, PERM_PERSONS, B},
    {HTTP_GET, "/break-glass", break_glass_review_page, PERM_BREAK_GLASS_REVIEW,
     0},
    {HTTP_POST, "/break-glass/{id}/review", break_glass_review_submit,
     PERM_BREAK_GLASS_REVIEW, B},

    /* API */
    {HTTP_GET, "/api/v1/programs", programs_api_list, PERM_PROGRAMS_READ, 0},
    {HTTP_POST, "/api/v1/programs", programs_api_create, PERM_PROGRAMS_WRITE,
     B},
    {HTTP_GET, "/api/v1/programs/{id}", programs_api_get, PERM_PROGRAMS_READ,
     0},
    {HTTP_GET, "/api/v1/users", users_api_list, PERM_USERS_ADMIN, 0},
    {HTTP_POST, "/api/v1/users", users_api_create, PERM_USERS_ADMIN, B},
    {HTTP_GET, "/api/v1/users/{id}", users_api_get, PERM_USERS_ADMIN, 0},
    {HTTP_PATCH, "/api/v1/users/{id}", users_api_update, PERM_USERS_ADMIN, B},
    {HTTP_POST, "/api/v1/users/{id}/invite", users_api_invite, PERM_USERS_ADMIN,
     B},
    {HTTP_DELETE, "/api/v1/users/{id}/sessions", users_api_end_sessions,
     PERM_USERS_ADMIN, 0},
    {HTTP_GET, "/api/v1/audit", audit_api_list, PERM_AUDIT_READ, 0},
    {HTTP_GET, "/api/v1/teams", teams_api_list, PERM_TEAMS_ADMIN, 0},
    {HTTP_POST, "/api/v1/teams", teams_api_create, PERM_TEAMS_ADMIN, B},
    {HTTP_POST, "/api/v1/teams/{id}/members", teams_api_members,
     PERM_TEAMS_ADMIN, B},
    {HTTP_GET, "/api/v1/persons", persons_api_list, PERM_PERSONS, 0},
    {HTTP_POST, "/api/v1/persons", persons_api_create, PERM_PERSONS, B},
    {HTTP_GET, "/api/v1/persons/{id}", persons_api_get, PERM_PERSONS, P},
    {HTTP_GET, "/api/v1/fhir/Patient/{id}", fhir_api_patient, PERM_PERSONS, P},
    {HTTP_GET, "/api/v1/persons/{id}/consents", consents_api_list, PERM_PERSONS,
     P},
    {HTTP_POST, "/api/v1/persons/{id}/consents", consents_api_create,
     PERM_PERSONS, B | P},
    {HTTP_POST, "/api/v1/persons/{id}/consents/{cid}/revoke",
     consent_api_revoke, PERM_PERSONS, P},
    {HTTP_POST, "/api/v1/persons/{id}/emergency", break_glass_api, PERM_PERSONS,
     B},
};
#undef B
#undef P
const size_t route_count = sizeof routes / sizeof routes[0];
