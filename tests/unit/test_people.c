/* The people folder's validators: each names the field at fault, by the
 * label the form shows, and keeps the rules a field table cannot say. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "features/people/consent.h"
#include "features/people/enrollment.h"
#include "features/people/person.h"
#include "features/people/support.h"

static struct person valid_person(void)
{
	return (struct person){.legal_name = "Dana Reyes",
	                       .preferred_name = "",
	                       .pronouns = "she/her",
	                       .date_of_birth = "1979-05-06",
	                       .record_number = "N-1",
	                       .phone = "",
	                       .email = "dana@example.org",
	                       .address = "12 Elm Street\nApt 3",
	                       .preferred_language = "",
	                       .recovery_stage = "stabilization",
	                       .team_id = 3};
}

/* Checks that p is refused naming field, with a sentence that starts
 * with the field's label (NULL: p is accepted). */
static void expect_person(struct arena *a, struct person p, const char *field,
                          const char *starts)
{
	struct field_error e = {0};
	int rc = person_validate(a, &p, "UTC", &e);
	if (!field) {
		assert_int_equal(rc, 0);
		return;
	}
	assert_int_equal(rc, -1);
	assert_string_equal(e.field, field);
	assert_true(!strncmp(e.message, starts, strlen(starts)));
}

static void person_fields_named(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct person p = valid_person();
	expect_person(&a, p, NULL, NULL);
	p.legal_name = "";
	expect_person(&a, p, "legal_name", "Legal name is required");
	p = valid_person();
	p.legal_name = "Two\nLines";
	expect_person(&a, p, "legal_name", "Legal name must be on one line");
	p = valid_person();
	p.pronouns = "0123456789012345678901234567890123456789x";
	expect_person(&a, p, "pronouns", "Pronouns must be at most 40");
	p = valid_person();
	p.date_of_birth = "2999-01-01";
	expect_person(&a, p, "date_of_birth", "Date of birth must not be");
	p = valid_person();
	p.date_of_birth = "1990-02-30";
	expect_person(&a, p, "date_of_birth", "Date of birth must be a date");
	p = valid_person();
	p.email = "nowhere";
	expect_person(&a, p, "email", "E-mail must be an address");
	p = valid_person();
	p.recovery_stage = "cured";
	expect_person(&a, p, "recovery_stage", "Recovery stage must be");
	p = valid_person();
	p.team_id = 0;
	expect_person(&a, p, "team_id", "Choose the person's team.");
	arena_free(&a);
}

static struct support valid_support(void)
{
	return (struct support){.name = "Ana",
	                        .relationship = "sister",
	                        .phone = "555-0111",
	                        .email = ""};
}

static void support_fields_named(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct field_error e;
	struct support s = valid_support();
	assert_int_equal(support_validate(&a, &s, &e), 0);
	s.name = "";
	assert_int_equal(support_validate(&a, &s, &e), -1);
	assert_string_equal(e.field, "name");
	assert_string_equal(e.message, "Name is required.");
	s = valid_support();
	s.relationship = "";
	assert_int_equal(support_validate(&a, &s, &e), -1);
	assert_string_equal(e.field, "relationship");
	assert_non_null(strstr(e.message, "for example sister"));
	s = valid_support();
	s.email = "ana";
	assert_int_equal(support_validate(&a, &s, &e), -1);
	assert_string_equal(e.field, "email");
	arena_free(&a);
}

static struct consent valid_release(void)
{
	return (struct consent){.kind = "release",
	                        .discloser = "Harbor",
	                        .information = "Attendance",
	                        .recipient = "Housing Office",
	                        .purpose = "Housing",
	                        .revocation = "In writing",
	                        .expires_on = "",
	                        .expiry_event = "discharge",
	                        .signer_name = "Dana Reyes",
	                        .signed_on = "2026-11-20",
	                        .signature_method = "typed",
	                        .signature_path = ""};
}

static void consent_rules(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct field_error e;
	struct consent c = valid_release();
	assert_int_equal(consent_validate(&a, &c, &e), 0);
	/* a release's elements are required of a release only */
	c.recipient = "";
	assert_int_equal(consent_validate(&a, &c, &e), -1);
	assert_string_equal(e.field, "recipient");
	c.kind = "services";
	assert_int_equal(consent_validate(&a, &c, &e), 0);
	/* the release's elements come before the signature */
	c = valid_release();
	c.purpose = "";
	c.signature_method = "";
	assert_int_equal(consent_validate(&a, &c, &e), -1);
	assert_string_equal(e.field, "purpose");
	c = valid_release();
	c.expiry_event = "";
	assert_int_equal(consent_validate(&a, &c, &e), -1);
	assert_string_equal(e.field, "expires_on");
	c = valid_release();
	c.kind = "verbal";
	assert_int_equal(consent_validate(&a, &c, &e), -1);
	assert_string_equal(e.field, "kind");
	c = valid_release();
	c.signature_method = "drawn";
	c.signature_path = "M1 1 L2 2\"/><script>";
	assert_int_equal(consent_validate(&a, &c, &e), -1);
	assert_string_equal(e.field, "signature_path");
	c.signature_path = "M1 1 L2 2";
	assert_int_equal(consent_validate(&a, &c, &e), 0);
	c = valid_release();
	c.signed_on = "";
	assert_int_equal(consent_validate(&a, &c, &e), -1);
	assert_string_equal(e.field, "signed_on");
	assert_string_equal(e.message, "Date signed is required.");
	arena_free(&a);
}

static void admission_fields_named(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct field_error e;
	struct enrollment en = {.program_id = 2,
	                        .admitted_on = "2025-01-10",
	                        .admission_reason = "Referred"};
	assert_int_equal(enrollment_validate_admission(&a, &en, "UTC", &e), 0);
	en.program_id = 0;
	assert_int_equal(enrollment_validate_admission(&a, &en, "UTC", &e), -1);
	assert_string_equal(e.field, "program_id");
	en.program_id = 2;
	en.admitted_on = "10/01/2025";
	assert_int_equal(enrollment_validate_admission(&a, &en, "UTC", &e), -1);
	assert_string_equal(e.field, "admitted_on");
	assert_string_equal(e.message,
	                    "Admission date must be a date like 2026-04-17.");
	en.admitted_on = "2025-01-10";
	en.admission_reason = "";
	assert_int_equal(enrollment_validate_admission(&a, &en, "UTC", &e), -1);
	assert_string_equal(e.field, "admission_reason");
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(person_fields_named),
	    cmocka_unit_test(support_fields_named),
	    cmocka_unit_test(consent_rules),
	    cmocka_unit_test(admission_fields_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
