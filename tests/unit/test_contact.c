/* Contact rules: minutes from times, validation naming the field, what
 * makes a note billable, and the content hash a signature covers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "features/cosign/cosign.h"
#include "features/notes/contact.h"

static struct contact signed_note(void)
{
	return (struct contact){.id = 7,
	                        .person_id = 3,
	                        .staff_id = 2,
	                        .kind = "individual",
	                        .contact_on = "2026-11-20",
	                        .starts_at = "10:00",
	                        .ends_at = "10:45",
	                        .location = "community",
	                        .visitor_name = "",
	                        .goals = "[\"Keep my job\"]",
	                        .did_together = "Practised the interview.",
	                        .response = "",
	                        .next_steps = "",
	                        .team_notice = "",
	                        .state = "signed",
	                        .cosign_state = "none",
	                        .signed_at = "2026-11-20T11:00:00Z"};
}

static void minutes_from_times(void **state)
{
	(void)state;
	assert_int_equal(contact_minutes("10:00", "10:45"), 45);
	assert_int_equal(contact_minutes("09:59", "23:59"), 840);
	assert_int_equal(contact_minutes("10:00", "10:00"), -1);
	assert_int_equal(contact_minutes("10:45", "10:00"), -1);
	assert_int_equal(contact_minutes("", "10:00"), -1);
	assert_int_equal(contact_minutes("24:00", "24:30"), -1);
	assert_int_equal(contact_minutes("9:00", "10:00"), -1);
	assert_int_equal(contact_minutes("10:0a", "11:00"), -1);
}

static void each_bad_field_is_named(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct field_error e;
	struct contact c = signed_note();
	assert_int_equal(contact_validate(&a, &c, "UTC", true, &e), 0);
	c.kind = "lunch";
	assert_int_equal(contact_validate(&a, &c, "UTC", false, &e), -1);
	assert_string_equal(e.field, "kind");
	c = signed_note();
	c.person_id = 0;
	assert_int_equal(contact_validate(&a, &c, "UTC", false, &e), -1);
	assert_string_equal(e.field, "person_id");
	c.kind = "peer_desk"; /* someone not enrolled may drop in */
	assert_int_equal(contact_validate(&a, &c, "UTC", false, &e), 0);
	c = signed_note();
	c.ends_at = "09:00";
	assert_int_equal(contact_validate(&a, &c, "UTC", false, &e), -1);
	assert_string_equal(e.field, "ends_at");
	c = signed_note();
	c.miles_tenths = 50;
	assert_int_equal(contact_validate(&a, &c, "UTC", false, &e), -1);
	assert_string_equal(e.field, "miles");
	c.kind = "transportation";
	assert_int_equal(contact_validate(&a, &c, "UTC", false, &e), 0);
	c = signed_note();
	c.did_together = "";
	assert_int_equal(contact_validate(&a, &c, "UTC", false, &e), 0);
	assert_int_equal(contact_validate(&a, &c, "UTC", true, &e), -1);
	assert_string_equal(e.field, "did_together");
	c = signed_note();
	c.contact_on = "2026-02-30";
	assert_int_equal(contact_validate(&a, &c, "UTC", false, &e), -1);
	assert_string_equal(e.field, "contact_on");
	arena_free(&a);
}

/* contact_validate refuses c, naming field. */
static void refused(struct arena *a, struct contact c, const char *field)
{
	struct field_error e;
	assert_int_equal(contact_validate(a, &c, "UTC", false, &e), -1);
	assert_string_equal(e.field, field);
}

/* Each rule the table says, with the field it names. */
static void table_rules_name_the_field(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct contact c = signed_note();
	c.kind = "";
	refused(&a, c, "kind");
	c = signed_note();
	c.location = "moon";
	refused(&a, c, "location");
	c = signed_note();
	c.visitor_name = "two\nlines";
	refused(&a, c, "visitor_name");
	c = signed_note();
	c.starts_at = "9:30";
	refused(&a, c, "starts_at");
	c = signed_note();
	c.team_notice = "a\x01b";
	refused(&a, c, "team_notice");
	/* the message uses the label the form shows */
	struct field_error e;
	c = signed_note();
	c.location = "moon";
	contact_validate(&a, &c, "UTC", false, &e);
	assert_non_null(strstr(e.message, "Where must be"));
	arena_free(&a);
}

static void a_return_needs_a_comment(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct field_error e;
	struct cosign_decision d = {.decision = "cosign", .comment = ""};
	assert_int_equal(cosign_decision_check(&a, &d, &e), 0);
	assert_true(d.approve);
	d = (struct cosign_decision){.decision = "return", .comment = ""};
	assert_int_equal(cosign_decision_check(&a, &d, &e), -1);
	assert_string_equal(e.field, "comment");
	d.comment = "Name the goal.";
	assert_int_equal(cosign_decision_check(&a, &d, &e), 0);
	assert_false(d.approve);
	d = (struct cosign_decision){.decision = "maybe", .comment = "x"};
	assert_int_equal(cosign_decision_check(&a, &d, &e), -1);
	assert_string_equal(e.field, "decision");
	arena_free(&a);
}

static void billable_needs_everything(void **state)
{
	(void)state;
	struct contact c = signed_note();
	assert_true(contact_billable(&c));
	c.cosign_state = "pending";
	assert_false(contact_billable(&c));
	c.cosign_state = "cosigned";
	assert_true(contact_billable(&c));
	c.state = "draft";
	assert_false(contact_billable(&c));
	c = signed_note();
	c.goals = "[]";
	assert_false(contact_billable(&c));
	c = signed_note();
	c.location = "";
	assert_false(contact_billable(&c));
	c = signed_note();
	c.ends_at = "";
	assert_false(contact_billable(&c));
	c = signed_note();
	c.kind = "volunteer";
	assert_false(contact_billable(&c));
}

/* Each reason is its own bit; a kind that is not billable is the only
 * reason given; the bill's units follow the rule, and too few minutes for
 * a unit is a reason of its own. */
static void why_not_billable(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct contact c = signed_note();
	struct contact_bill b;
	assert_int_equal(contact_unbillable(&c), 0);
	c.ends_at = "";
	c.goals = "[]";
	assert_int_equal(contact_unbillable(&c),
	                 UNBILLED_NO_END | UNBILLED_GOAL);
	contact_bill_from(&c, "eight_minute", "H0038", 0, &b);
	assert_int_equal(b.units, 0);
	assert_string_equal(
	    contact_bill_text(&a, &c, &b, false),
	    "Not billable: no end time; no plan goal addressed");
	c = signed_note();
	c.ends_at = "09:00";
	assert_int_equal(contact_unbillable(&c), UNBILLED_TIMES);
	c = signed_note();
	c.kind = "volunteer";
	c.goals = "[]";
	c.state = "draft";
	assert_int_equal(contact_unbillable(&c), UNBILLED_KIND);
	contact_bill_from(&c, "eight_minute", "H0038", 0, &b);
	assert_string_equal(b.code, "");
	assert_string_equal(
	    contact_bill_text(&a, &c, &b, false),
	    "Not billable: Volunteer activity is not a billable service");
	/* a draft without a narrative, as a preview sees it: signing settles
	 * both */
	c = signed_note();
	c.state = "draft";
	c.did_together = "";
	assert_int_equal(contact_unbillable(&c),
	                 UNBILLED_UNSIGNED | UNBILLED_NARRATIVE);
	contact_bill_from(&c, "eight_minute", "H0038", UNBILLED_SIGNING, &b);
	assert_int_equal(b.why_not, 0);
	assert_int_equal(b.units, 3);
	assert_int_equal(b.minutes, 45);
	assert_string_equal(contact_bill_text(&a, &c, &b, true),
	                    "Billable: 3 units (H0038), once a supervisor "
	                    "co-signs it");
	/* units by rule; under one unit is a reason */
	c = signed_note();
	c.ends_at = "10:20";
	contact_bill_from(&c, "any_part", "H0038-HE", 0, &b);
	assert_int_equal(b.units, 2);
	assert_string_equal(contact_bill_text(&a, &c, &b, false),
	                    "Billable: 2 units (H0038-HE)");
	contact_bill_from(&c, "eight_minute", "H0038", 0, &b);
	assert_string_equal(contact_bill_text(&a, &c, &b, false),
	                    "Billable: 1 unit (H0038)");
	c.ends_at = "10:07";
	contact_bill_from(&c, "eight_minute", "H0038", 0, &b);
	assert_int_equal(b.why_not, UNBILLED_SHORT);
	assert_string_equal(contact_bill_text(&a, &c, &b, false),
	                    "Not billable: 7 minutes make no unit under this "
	                    "program's rule");
	/* a contact not saved yet has no state or co-signature */
	c = (struct contact){.kind = "individual"};
	assert_int_equal(contact_unbillable(&c),
	                 UNBILLED_NO_START | UNBILLED_NO_END |
	                     UNBILLED_LOCATION | UNBILLED_GOAL |
	                     UNBILLED_NARRATIVE | UNBILLED_UNSIGNED);
	arena_free(&a);
}

static void hash_covers_the_content(void **state)
{
	(void)state;
	struct contact c = signed_note();
	char a[CONTACT_HASH_HEX], b[CONTACT_HASH_HEX];
	contact_hash(&c, a);
	contact_hash(&c, b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 64);
	c.did_together = "Practised the interview!";
	contact_hash(&c, b);
	assert_string_not_equal(a, b);
	/* moving text between fields is a different note */
	c = signed_note();
	c.response = "Practised the interview.";
	c.did_together = "";
	contact_hash(&c, b);
	assert_string_not_equal(a, b);
	c = signed_note();
	c.person_id = 4;
	contact_hash(&c, b);
	assert_string_not_equal(a, b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(minutes_from_times),
	    cmocka_unit_test(each_bad_field_is_named),
	    cmocka_unit_test(table_rules_name_the_field),
	    cmocka_unit_test(a_return_needs_a_comment),
	    cmocka_unit_test(billable_needs_everything),
	    cmocka_unit_test(why_not_billable),
	    cmocka_unit_test(hash_covers_the_content),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
