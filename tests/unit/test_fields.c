/* Declared inputs: one field table parses forms and JSON, validates with
 * errors naming the field, and writes JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "web/fields.h"

static const struct choice colours[] = {{"red", "Red"}, {"blue", "Blue"}};
static const int colour_count = 2;

struct thing {
	const char *name, *notes, *born, *at, *email, *colour;
	bool ok;
	int64_t team_id;
	const char *created_at;
};

static const struct field thing_fields[] = {
    FIELD_LINE_AT(struct thing, name, "name", "Name", FIELD_REQUIRED, 10),
    FIELD_TEXT_AT(struct thing, notes, "notes", "Notes", 0, 20),
    FIELD_DATE_AT(struct thing, born, "born", "Date of birth",
                  FIELD_NOT_FUTURE),
    FIELD_TIME_AT(struct thing, at, "at", "Start time", 0),
    FIELD_EMAIL_AT(struct thing, email, "email", "E-mail", 0, 254),
    FIELD_CHOICE_AT(struct thing, colour, "colour", "Colour", FIELD_REQUIRED,
                    colours, &colour_count),
    FIELD_FLAG_AT(struct thing, ok, "ok", "OK to call"),
    FIELD_ID_AT(struct thing, team_id, "team_id", "Team", FIELD_REQUIRED),
    FIELD_LINE_AT(struct thing, created_at, "created_at", "Created",
                  FIELD_OUTPUT_ONLY, 0),
};

static struct thing good(void)
{
	return (struct thing){"Ann",
	                      "line one\nline two",
	                      "1990-04-17",
	                      "14:30",
	                      "ann@example.org",
	                      "red",
	                      true,
	                      7,
	                      "2026-01-01T00:00:00Z"};
}

/* Validates t and returns the field at fault, or NULL. */
static const char *fault(struct arena *a, struct thing t, const char **msg)
{
	struct field_error e = {0};
	if (!fields_validate(a, FIELDS(thing_fields), &t, &e))
		return NULL;
	if (msg)
		*msg = e.message;
	return e.field;
}

static void good_values_pass(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	assert_null(fault(&a, good(), NULL));
	struct thing t = good();
	t.notes = t.born = t.at = t.email = ""; /* optional ones left out */
	assert_null(fault(&a, t, NULL));
	t.name = "ÉÉÉÉÉÉÉÉÉÉ"; /* ten characters, twenty bytes */
	assert_null(fault(&a, t, NULL));
	arena_free(&a);
}

static void each_rule_names_its_field(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	const char *msg = NULL;
	struct thing t = good();
	t.name = "";
	assert_string_equal(fault(&a, t, &msg), "name");
	assert_string_equal(msg, "Name is required.");
	t = good(), t.name = "eleven char";
	assert_string_equal(fault(&a, t, &msg), "name");
	assert_string_equal(msg, "Name must be at most 10 characters.");
	t = good(), t.name = "two\nlines";
	assert_string_equal(fault(&a, t, &msg), "name");
	assert_string_equal(msg, "Name must be on one line.");
	t = good(), t.notes = "a\x01"; /* lines may break, not hold controls */
	assert_string_equal(fault(&a, t, NULL), "notes");
	t = good(), t.notes = "123456789012345678901";
	assert_string_equal(fault(&a, t, NULL), "notes");
	t = good(), t.born = "1990-02-30";
	assert_string_equal(fault(&a, t, &msg), "born");
	assert_string_equal(msg,
	                    "Date of birth must be a date like 2026-04-17.");
	t = good(), t.born = "2999-01-01";
	assert_string_equal(fault(&a, t, &msg), "born");
	assert_string_equal(msg, "Date of birth must not be in the future.");
	const char *bad_times[] = {"24:00", "7:30", "12:60", "12-30", "1230"};
	for (size_t i = 0; i < sizeof bad_times / sizeof *bad_times; i++) {
		t = good(), t.at = bad_times[i];
		assert_string_equal(fault(&a, t, NULL), "at");
	}
	t = good(), t.email = "not an address";
	assert_string_equal(fault(&a, t, NULL), "email");
	t = good(), t.colour = "green";
	assert_string_equal(fault(&a, t, &msg), "colour");
	assert_string_equal(msg, "Colour must be red or blue.");
	t = good(), t.colour = NULL;
	assert_string_equal(fault(&a, t, NULL), "colour");
	t = good(), t.team_id = 0;
	assert_string_equal(fault(&a, t, &msg), "team_id");
	assert_string_equal(msg, "Team is required.");
	arena_free(&a);
}

static void own_message_wins(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	static const struct field f[] = {FIELD_CHOICE_AT(
	    struct thing, colour, "colour", "Colour", FIELD_REQUIRED, colours,
	    &colour_count, .message = "Choose one of the colours.")};
	struct thing t = good();
	t.colour = "green";
	struct field_error e;
	assert_int_equal(fields_validate(&a, FIELDS(f), &t, &e), -1);
	assert_string_equal(e.message, "Choose one of the colours.");
	arena_free(&a);
}

static struct req *request(void)
{
	struct req *r = calloc(1, sizeof *r);
	arena_init(&r->arena);
	r->is_api = true;
	return r;
}

static void request_free(struct req *r)
{
	buf_free(&r->out);
	arena_free(&r->arena);
	free(r);
}

static void form_reads_every_type(void **state)
{
	(void)state;
	struct req *r = request();
	const char *pairs[][2] = {{"name", "  Ann  "},
	                          {"ok", "on"},
	                          {"team_id", "12"},
	                          {"colour", "blue"},
	                          {"created_at", "x"}};
	for (size_t i = 0; i < 5; i++)
		kvlist_add(&r->arena, &r->form, pairs[i][0], pairs[i][1],
		           strlen(pairs[i][1]));
	struct thing t = {0};
	fields_from_form(r, FIELDS(thing_fields), &t);
	assert_string_equal(t.name, "Ann");
	assert_string_equal(t.notes, ""); /* absent reads as empty */
	assert_true(t.ok);
	assert_int_equal(t.team_id, 12);
	assert_string_equal(t.colour, "blue");
	assert_null(t.created_at); /* output-only: never read */
	request_free(r);
}

static void json_reads_and_refuses(void **state)
{
	(void)state;
	struct req *r = request();
	r->json = json_loads("{\"name\":\" Bo \",\"ok\":true,\"team_id\":3,"
	                     "\"notes\":null,\"confirm\":true}",
	                     0, NULL);
	struct thing t = {0};
	static const char *const extra[] = {"confirm", NULL};
	assert_int_equal(fields_from_json(r, FIELDS(thing_fields), extra, &t),
	                 GO_ON);
	assert_string_equal(t.name, "Bo");
	assert_string_equal(t.notes, "");
	assert_true(t.ok);
	assert_int_equal(t.team_id, 3);
	json_decref(r->json);
	const char *bad[] = {"{\"nmae\":\"x\"}", "{\"name\":3}",
	                     "{\"ok\":\"yes\"}", "{\"team_id\":\"3\"}",
	                     "{\"created_at\":\"x\"}"};
	const char *field[] = {"nmae", "name", "ok", "team_id", "created_at"};
	for (size_t i = 0; i < 5; i++) {
		r->json = json_loads(bad[i], 0, NULL);
		r->status = 0;
		buf_reset(&r->out);
		assert_int_equal(
		    fields_from_json(r, FIELDS(thing_fields), NULL, &t),
		    ANSWERED);
		assert_int_equal(r->status, 400);
		assert_non_null(strstr(r->out.data, field[i]));
		json_decref(r->json);
	}
	request_free(r);
}

/* A password keeps its spaces, from a form and from JSON alike. */
static void as_typed_keeps_spaces(void **state)
{
	(void)state;
	struct secret {
		const char *password;
	};
	static const struct field f[] = {
	    FIELD_LINE_AT(struct secret, password, "password", "Password",
	                  FIELD_AS_TYPED, 0),
	};
	struct req *r = request();
	kvlist_add(&r->arena, &r->form, "password", " two words ", 11);
	struct secret s = {0};
	fields_from_form(r, FIELDS(f), &s);
	assert_string_equal(s.password, " two words ");
	r->json = json_loads("{\"password\":\"\\tkey \"}", 0, NULL);
	assert_int_equal(fields_from_json(r, FIELDS(f), NULL, &s), GO_ON);
	assert_string_equal(s.password, "\tkey ");
	json_decref(r->json);
	r->json = json_loads("{}", 0, NULL);
	assert_int_equal(fields_from_json(r, FIELDS(f), NULL, &s), GO_ON);
	assert_string_equal(s.password, ""); /* absent reads as empty */
	json_decref(r->json);
	request_free(r);
}

static void json_writer_follows_the_table(void **state)
{
	(void)state;
	struct buf b = {0};
	struct thing t = good();
	t.notes = NULL;
	t.name = "A \"quoted\" name";
	fields_json(&b, FIELDS(thing_fields), &t);
	assert_string_equal(b.data,
	                    "\"name\":\"A \\\"quoted\\\" name\",\"notes\":null,"
	                    "\"born\":\"1990-04-17\",\"at\":\"14:30\","
	                    "\"email\":\"ann@example.org\",\"colour\":\"red\","
	                    "\"ok\":true,\"team_id\":7,"
	                    "\"created_at\":\"2026-01-01T00:00:00Z\"");
	buf_free(&b);
	assert_string_equal(fields_label(FIELDS(thing_fields), "born"),
	                    "Date of birth");
	assert_string_equal(fields_label(FIELDS(thing_fields), "x"), "x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(good_values_pass),
	    cmocka_unit_test(each_rule_names_its_field),
	    cmocka_unit_test(own_message_wins),
	    cmocka_unit_test(form_reads_every_type),
	    cmocka_unit_test(json_reads_and_refuses),
	    cmocka_unit_test(as_typed_keeps_spaces),
	    cmocka_unit_test(json_writer_follows_the_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
