/* Router: matching, parameters, 404 vs 405, and the table check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "handlers.h"
#include "http/router.h"

/* The last column, the navigation place, is left out where a route has
 * none. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static void handler(struct req *r)
{
	(void)r;
}

static const struct route table[] = {
    {HTTP_GET, "/", handler, PERM_PUBLIC, 0},
    {HTTP_GET, "/programs", handler, PERM_PROGRAMS_READ, 0},
    {HTTP_POST, "/programs", handler, PERM_PROGRAMS_WRITE, 0},
    {HTTP_GET, "/programs/new", handler, PERM_PROGRAMS_WRITE, 0},
    {HTTP_GET, "/programs/{id}", handler, PERM_PROGRAMS_READ, 0},
    {HTTP_GET, "/a/{x}/b/{y}", handler, PERM_PUBLIC, 0},
    {HTTP_GET, "/assets/{*}", handler, PERM_PUBLIC, 0},
    {HTTP_GET, "/people/{id:id}/notes/{cid:id}", handler, PERM_PUBLIC, 0},
    {HTTP_GET, "/resources/{uuid:uuid}", handler, PERM_PUBLIC, 0},
};
enum { N = sizeof table / sizeof table[0] };

static enum route_match match(struct arena *a, enum http_method m,
                              const char *path, const struct route **found,
                              const char **params, int *n, const char **allow)
{
	return router_match(table, N, m, path, a, found, params, n, allow);
}

static void literal_and_parameter(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	const struct route *f;
	const char *p[ROUTE_MAX_PARAMS];
	int n = 0;
	assert_int_equal(match(&a, HTTP_GET, "/programs/new", &f, p, &n, NULL),
	                 ROUTE_FOUND);
	assert_ptr_equal(f, &table[3]); /* the literal wins: it comes first */
	assert_int_equal(match(&a, HTTP_GET, "/programs/42", &f, p, &n, NULL),
	                 ROUTE_FOUND);
	assert_ptr_equal(f, &table[4]);
	assert_int_equal(n, 1);
	assert_string_equal(p[0], "42");
	assert_int_equal(match(&a, HTTP_GET, "/a/1/b/two", &f, p, &n, NULL),
	                 ROUTE_FOUND);
	assert_int_equal(n, 2);
	assert_string_equal(p[1], "two");
	assert_int_equal(
	    match(&a, HTTP_GET, "/assets/uswds/css/x.css", &f, p, &n, NULL),
	    ROUTE_FOUND);
	assert_string_equal(p[0], "uswds/css/x.css");
	arena_free(&a);
}

static void head_is_answered_by_get(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	const struct route *f;
	const char *p[ROUTE_MAX_PARAMS];
	int n;
	assert_int_equal(match(&a, HTTP_HEAD, "/programs", &f, p, &n, NULL),
	                 ROUTE_FOUND);
	assert_ptr_equal(f, &table[1]);
	arena_free(&a);
}

static void not_found_and_wrong_method(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	const struct route *f;
	const char *p[ROUTE_MAX_PARAMS], *allow = NULL;
	int n;
	const char *missing[] = {
	    "/nope",    "/programs/", "/programs//x", "/programs/1/extra",
	    "/assets/", "",           "programs",     "/a/1/b/",
	    "//"};
	for (size_t i = 0; i < sizeof missing / sizeof *missing; i++)
		assert_int_equal(
		    match(&a, HTTP_GET, missing[i], &f, p, &n, NULL),
		    ROUTE_NOT_FOUND);
	assert_int_equal(match(&a, HTTP_DELETE, "/programs", &f, p, &n, &allow),
	                 ROUTE_WRONG_METHOD);
	assert_null(f);
	assert_string_equal(allow, "GET, HEAD, POST");
	assert_int_equal(match(&a, HTTP_OTHER, "/", &f, p, &n, &allow),
	                 ROUTE_WRONG_METHOD);
	arena_free(&a);
}

/* A {name:id} segment matches only a record id, so a handler never sees
 * a malformed one: anything else is not found. */
static void typed_id_parameters(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	const struct route *f;
	const char *p[ROUTE_MAX_PARAMS];
	int n = 0;
	assert_int_equal(
	    match(&a, HTTP_GET, "/people/12/notes/345", &f, p, &n, NULL),
	    ROUTE_FOUND);
	assert_ptr_equal(f, &table[7]);
	assert_int_equal(n, 2);
	assert_string_equal(p[1], "345");
	const char *bad[] = {"/people/abc/notes/1",
	                     "/people/1/notes/x",
	                     "/people/0/notes/1",
	                     "/people/01/notes/1",
	                     "/people/-1/notes/1",
	                     "/people/1/notes/1e3",
	                     "/people/1/notes/1234567890123456789",
	                     "/people/%31/notes/1",
	                     "/people/1 /notes/1"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(match(&a, HTTP_GET, bad[i], &f, p, &n, NULL),
		                 ROUTE_NOT_FOUND);
	arena_free(&a);
}

/* A {name:uuid} segment matches only an 8-4-4-4-12 hexadecimal id. */
static void typed_uuid_parameters(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	const struct route *f;
	const char *p[ROUTE_MAX_PARAMS];
	int n = 0;
	assert_int_equal(
	    match(&a, HTTP_GET,
	          "/resources/ac148810-d857-441c-9679-408f346DE14B", &f, p, &n,
	          NULL),
	    ROUTE_FOUND);
	assert_ptr_equal(f, &table[8]);
	assert_string_equal(p[0], "ac148810-d857-441c-9679-408f346DE14B");
	const char *bad[] = {
	    "/resources/1",
	    "/resources/ac148810-d857-441c-9679-408f346de14",
	    "/resources/ac148810-d857-441c-9679-408f346de14bb",
	    "/resources/ac148810xd857-441c-9679-408f346de14b",
	    "/resources/gc148810-d857-441c-9679-408f346de14b",
	    "/resources/ac148810-d857-441c-9679-408f346de1%20"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_int_equal(match(&a, HTTP_GET, bad[i], &f, p, &n, NULL),
		                 ROUTE_NOT_FOUND);
	arena_free(&a);
}

static void table_check_refuses_bad_routes(void **state)
{
	(void)state;
	const struct route no_perm[] = {
	    {HTTP_GET, "/x", handler, PERM_NONE, 0}};
	const struct route no_handler[] = {
	    {HTTP_GET, "/x", NULL, PERM_PUBLIC, 0}};
	const struct route bad_pattern[] = {
	    {HTTP_GET, "x", handler, PERM_PUBLIC, 0}};
	const struct route twice[] = {
	    {HTTP_GET, "/x", handler, PERM_PUBLIC, 0},
	    {HTTP_GET, "/x", handler, PERM_PUBLIC, 0}};
	const struct route head[] = {
	    {HTTP_HEAD, "/x", handler, PERM_PUBLIC, 0}};
	assert_non_null(strstr(router_check(no_perm, 1), "no permission"));
	assert_non_null(strstr(router_check(no_handler, 1), "no handler"));
	assert_non_null(strstr(router_check(bad_pattern, 1), "start with /"));
	assert_non_null(strstr(router_check(twice, 2), "declared twice"));
	assert_non_null(router_check(head, 1));
	const struct route bad_type[] = {
	    {HTTP_GET, "/x/{id:number}", handler, PERM_PUBLIC, 0}};
	assert_non_null(
	    strstr(router_check(bad_type, 1), "unknown parameter type"));
	assert_null(router_check(table, N));
}

/* The real table must pass: every route names a permission. */
static void real_route_table_is_valid(void **state)
{
	(void)state;
	assert_null(router_check(routes, route_count));
	for (size_t i = 0; i < route_count; i++)
		assert_true(routes[i].permission > PERM_NONE);
}

static void method_names_round_trip(void **state)
{
	(void)state;
	for (int m = HTTP_GET; m < HTTP_OTHER; m++)
		assert_int_equal(
		    http_method_parse(http_method_name((enum http_method)m)),
		    m);
	assert_int_equal(http_method_parse("get"), HTTP_OTHER);
	assert_int_equal(http_method_parse("BREW"), HTTP_OTHER);
}

static void deny_by_default(void **state)
{
	(void)state;
	assert_false(permission_granted(ROLE_ANONYMOUS, PERM_NONE));
	assert_false(permission_granted(ROLE_ANONYMOUS, PERM_COUNT));
	assert_false(permission_granted(ROLE_COUNT, PERM_PUBLIC));
	assert_true(permission_granted(ROLE_ANONYMOUS, PERM_PUBLIC));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(literal_and_parameter),
	    cmocka_unit_test(head_is_answered_by_get),
	    cmocka_unit_test(not_found_and_wrong_method),
	    cmocka_unit_test(typed_id_parameters),
	    cmocka_unit_test(typed_uuid_parameters),
	    cmocka_unit_test(table_check_refuses_bad_routes),
	    cmocka_unit_test(real_route_table_is_valid),
	    cmocka_unit_test(method_names_round_trip),
	    cmocka_unit_test(deny_by_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
