/* The JSON writers: escaping, and the object writer's members and commas
 * (the API's answers must come out byte for byte as they always have). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "web/json.h"

static void text_is_escaped(void **state)
{
	(void)state;
	struct buf b = {0};
	json_text(&b, "a \"q\" \\ \n\t\x01 é");
	assert_string_equal(b.data, "\"a \\\"q\\\" \\\\ \\n\\t\\u0001 é\"");
	buf_reset(&b);
	json_text(&b, NULL);
	assert_string_equal(b.data, "null");
	buf_free(&b);
}

static void object_members_in_order(void **state)
{
	(void)state;
	struct buf b = {0};
	json_object_begin(&b);
	json_field_int(&b, "id", 7);
	json_field_text(&b, "name", "Ana \"A\"");
	json_field_text(&b, "none", NULL);
	json_field_text_or_null(&b, "ended", "");
	json_field_text_or_null(&b, "started", "2026-01-02");
	json_field_bool(&b, "ok", 1);
	json_field(&b, "list");
	json_raw(&b, "[");
	json_object_begin(&b);
	json_field_text(&b, "label", "988");
	json_object_end(&b);
	json_raw(&b, ",");
	json_object_begin(&b);
	json_object_end(&b);
	json_raw(&b, "]");
	json_field_int(&b, "n", -3);
	json_object_end(&b);
	assert_string_equal(
	    b.data, "{\"id\":7,\"name\":\"Ana \\\"A\\\"\",\"none\":null,"
	            "\"ended\":null,\"started\":\"2026-01-02\","
	            "\"ok\":true,\"list\":[{\"label\":\"988\"},{}],"
	            "\"n\":-3}");
	buf_free(&b);
}

static void first_member_after_a_prefix(void **state)
{
	(void)state;
	struct buf b = {0};
	json_raw(&b, "{\"items\":[");
	json_object_begin(&b);
	json_field_bool(&b, "a", 0);
	json_object_end(&b);
	json_raw(&b, "]}");
	assert_string_equal(b.data, "{\"items\":[{\"a\":false}]}");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(text_is_escaped),
	    cmocka_unit_test(object_members_in_order),
	    cmocka_unit_test(first_member_after_a_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
