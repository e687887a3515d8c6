/* Corrections and transfers (issue 20): which of the person's fields a
 * correction may change and how history keeps their values; the
 * transfer's fields, each refused by name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/text.h"
#include "features/people/person_edit.h"
#include "features/people/transfer.h"

/* Every field of the add form is correctable but the team and the stage,
 * and each is text or a flag: person_field_value and person_field_copy
 * know no other kind, so a new field of another kind fails here first. */
static void correctable_fields(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	int n, seen = 0;
	const struct field *f = person_correctable_fields(&a, &n);
	assert_int_equal(n, person_field_count - 2);
	for (int i = 0; i < person_field_count; i++) {
		const struct field *p = &person_fields[i];
		bool fixed = !strcmp(p->name, "team_id") ||
		             !strcmp(p->name, "recovery_stage");
		assert_int_equal(person_field_correctable(p), !fixed);
		if (fixed)
			continue;
		assert_true(p->type == FIELD_LINE || p->type == FIELD_TEXT ||
		            p->type == FIELD_DATE || p->type == FIELD_EMAIL ||
		            p->type == FIELD_FLAG);
		assert_string_equal(f[seen++].name, p->name); /* form order */
	}
	assert_int_equal(seen, n);
	arena_free(&a);
}

static const struct field *named(const char *name)
{
	for (int i = 0; i < person_field_count; i++)
		if (!strcmp(person_fields[i].name, name))
			return &person_fields[i];
	fail();
	return NULL;
}

static void values_and_copies(void **state)
{
	(void)state;
	struct person from = {.legal_name = "Dana Reyes", .texts_ok = true};
	struct person to = {.legal_name = "Old", .phone = NULL};
	assert_string_equal(person_field_value(named("texts_ok"), &from),
	                    "true");
	assert_string_equal(person_field_value(named("texts_ok"), &to),
	                    "false");
	assert_string_equal(person_field_value(named("phone"), &to), "");
	person_field_copy(named("texts_ok"), &to, &from);
	person_field_copy(named("legal_name"), &to, &from);
	assert_true(to.texts_ok);
	assert_string_equal(to.legal_name, "Dana Reyes");
	assert_null(to.phone); /* only the field named */
}

static void search_name_as_created(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct person p = {.legal_name = "José Núñez",
	                   .preferred_name = "Pepe"};
	assert_string_equal(person_search_name(&a, &p),
	                    text_fold(&a, "José Núñez Pepe"));
	assert_true(
	    !strncmp(person_search_name(&a, &p), "jose nunez pepe", 15));
	arena_free(&a);
}

static void expect_transfer(struct arena *a, struct transfer t,
                            const char *field, const char *starts)
{
	struct field_error e = {0};
	int rc =
	    fields_validate(a, transfer_fields, transfer_field_count, &t, &e);
	if (!field) {
		assert_int_equal(rc, 0);
		return;
	}
	assert_int_equal(rc, -1);
	assert_string_equal(e.field, field);
	assert_string_equal(arena_strndup(a, e.message, strlen(starts)),
	                    starts);
}

static void transfer_fields_named(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	char reason[502];
	memset(reason, 'r', 501);
	reason[501] = '\0';
	const struct transfer ok = {
	    .to_team_id = 4, .transferred_on = "2026-01-05", .reason = "Moved"};
	expect_transfer(&a, ok, NULL, NULL);
	struct transfer t = ok;
	t.to_team_id = 0;
	expect_transfer(&a, t, "to_team_id", "Choose the team they move to.");
	t = ok;
	t.transferred_on = "";
	expect_transfer(&a, t, "transferred_on",
	                "Date of the move is required");
	t.transferred_on = "2026-02-30";
	expect_transfer(&a, t, "transferred_on", "Date of the move must be a");
	t.transferred_on = "2999-01-01";
	expect_transfer(&a, t, "transferred_on",
	                "Date of the move must not be in the future");
	t = ok;
	t.reason = "";
	expect_transfer(&a, t, "reason", "Reason is required");
	t.reason = reason;
	expect_transfer(&a, t, "reason", "Reason must be at most 500");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(correctable_fields),
	    cmocka_unit_test(values_and_copies),
	    cmocka_unit_test(search_name_as_created),
	    cmocka_unit_test(transfer_fields_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
