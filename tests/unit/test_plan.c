/* The recovery plan's document check (the field at fault by its path, the
 * sentence by its label), the signature, and BARC-10's answers by item:
 * pure validators over the field tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "features/plans/plan.h"
#include "features/wellness/barc10.h"

static const char *goal = "{\"words\":\"A home\",\"domain\":\"housing\","
                          "\"status\":\"active\",\"steps\":[{\"what\":"
                          "\"Call\",\"who\":\"person\",\"done\":false}]";

/* The path of the first fault in {"goals":[goal + extra}]}, or NULL. */
static const char *fault(struct arena *a, const char *extra,
                         struct field_error *e)
{
	char text[512];
	snprintf(text, sizeof text, "{\"goals\":[%s%s}]}", goal, extra);
	json_t *doc = json_loads(text, 0, NULL);
	assert_non_null(doc);
	int bad = plan_validate(doc, a, e);
	json_decref(doc);
	return bad ? e->field : NULL;
}

static void plan_faults_are_named_by_path_and_label(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct field_error e;
	assert_null(fault(&a, "", &e));
	assert_string_equal(fault(&a, ",\"domain\":\"astrology\"", &e),
	                    "goals[0].domain");
	assert_non_null(strstr(e.message, "Life domain must be"));
	assert_string_equal(fault(&a, ",\"target_date\":\"soon\"", &e),
	                    "goals[0].target_date");
	assert_string_equal(fault(&a, ",\"why\":7", &e), "goals[0].why");
	assert_string_equal(e.message, "Why it matters to them must be text.");
	assert_string_equal(fault(&a, ",\"colour\":\"red\"", &e),
	                    "goals[0].colour");
	assert_string_equal(
	    fault(&a, ",\"progress\":[{\"on\":\"2026-01-02\"}]", &e),
	    "goals[0].progress[0].note");
	assert_string_equal(
	    fault(&a, ",\"progress\":[{\"note\":\"x\",\"on\":null}]", &e),
	    "goals[0].progress[0].on");
	arena_free(&a);
}

static void a_signature_is_typed_unless_drawn(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct field_error e;
	struct plan_signature s = {"Kim Ode", "2026-11-20", "", ""};
	assert_int_equal(plan_sign_validate(&a, &s, &e), 0);
	assert_string_equal(s.signature_method, "typed");
	s.signature_method = "drawn";
	assert_int_equal(plan_sign_validate(&a, &s, &e), -1);
	assert_string_equal(e.field, "signature_path");
	s.signature_path = "M1 1 L2 2";
	assert_int_equal(plan_sign_validate(&a, &s, &e), 0);
	s.signed_on = "2026-13-01";
	assert_int_equal(plan_sign_validate(&a, &s, &e), -1);
	assert_string_equal(e.field, "signed_on");
	s = (struct plan_signature){"", "2026-11-20", "", ""};
	assert_int_equal(plan_sign_validate(&a, &s, &e), -1);
	assert_string_equal(e.message, "The person signs: type their name.");
	arena_free(&a);
}

/* A goal's new wording: the words as a goal's (required, at most 1000),
 * who wrote them; a summary quotes words cut at a word boundary. */
static void a_new_wording_is_checked_as_a_goal_is(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct field_error e;
	struct plan_wording w = {"Have my own place by spring", "person"};
	assert_int_equal(fields_validate(&a, PLAN_FIELDS(wording), &w, &e), 0);
	w.words = "";
	assert_int_equal(fields_validate(&a, PLAN_FIELDS(wording), &w, &e), -1);
	assert_string_equal(e.field, "words");
	assert_string_equal(e.message,
	                    "The new wording, in their words is required.");
	char long_words[1002];
	memset(long_words, 'w', sizeof long_words - 1);
	long_words[sizeof long_words - 1] = '\0';
	w.words = long_words;
	assert_int_equal(fields_validate(&a, PLAN_FIELDS(wording), &w, &e), -1);
	assert_string_equal(e.field, "words");
	w = (struct plan_wording){"New words", "robot"};
	assert_int_equal(fields_validate(&a, PLAN_FIELDS(wording), &w, &e), -1);
	assert_string_equal(e.field, "author_kind");
	assert_string_equal(
	    plan_summary_quote(&a, "Move into a flat of my own near the bus "
	                           "line, with room for my daughter"),
	    "Move into a flat of my own near the bus line, with room for…");
	arena_free(&a);
}

static void barc10_names_the_first_missing_answer(void **state)
{
	(void)state;
	struct field_error e;
	struct barc10 b = {.taken_on = "2026-01-02",
	                   .filled_by = "person",
	                   .answers = {5, 4, 3, 4, 2, 5, 3, 6, 4, 5}};
	assert_int_equal(barc10_validate(&b, "UTC", &e), 0);
	assert_int_equal(b.total, 41);
	b.answers[6] = 7;
	assert_int_equal(barc10_validate(&b, "UTC", &e), -1);
	assert_string_equal(e.field, "item7");
	assert_string_equal(
	    e.message,
	    "Answer statement 7 (1 to 6): no answer is ever guessed.");
	b.filled_by = "robot";
	assert_int_equal(barc10_validate(&b, "UTC", &e), -1);
	assert_string_equal(e.field, "filled_by");
	b.taken_on = "2999-01-01";
	assert_int_equal(barc10_validate(&b, "UTC", &e), -1);
	assert_string_equal(e.field, "taken_on");
	assert_int_equal(barc10_answer("6"), 6);
	assert_int_equal(barc10_answer("7"), 0);
	assert_int_equal(barc10_answer(""), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(plan_faults_are_named_by_path_and_label),
	    cmocka_unit_test(a_signature_is_typed_unless_drawn),
	    cmocka_unit_test(a_new_wording_is_checked_as_a_goal_is),
	    cmocka_unit_test(barc10_names_the_first_missing_answer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
