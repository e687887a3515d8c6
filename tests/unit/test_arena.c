/* The arena and the growable buffer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"

static void allocations_are_aligned_and_zeroed(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	for (size_t n = 1; n < 100; n += 7) {
		unsigned char *p = arena_alloc(&a, n);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(p[i], 0);
		memset(p, 0xab, n);
	}
	arena_free(&a);
	assert_null(a.head);
}

static void large_allocation_gets_its_own_block(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	char *small = arena_strdup(&a, "kept");
	char *big = arena_alloc(&a, 1 << 20);
	memset(big, 'x', 1 << 20);
	assert_string_equal(small, "kept"); /* earlier memory untouched */
	assert_true(a.total >= (1 << 20));
	arena_free(&a);
}

static void strings(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	assert_null(arena_strdup(&a, NULL));
	assert_string_equal(arena_sprintf(&a, "%s-%d", "n", 5), "n-5");
	char *long_text = arena_sprintf(&a, "%5000d", 1);
	assert_int_equal(strlen(long_text), 5000);
	arena_free(&a);
	/* reusable after free */
	assert_string_equal(arena_strdup(&a, "again"), "again");
	arena_free(&a);
}

/* A list read row by row keeps every element as it grows, each new one
 * zero-filled, and takes room for about what it holds, not its limit. */
static void list_grows_keeping_its_elements(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a);
	struct item {
		int64_t id;
		const char *name, *unset;
	} *items = NULL;
	int count = 0, room = 0;
	for (int i = 0; i < 1000; i++) {
		struct item *it = ARENA_NEXT(&a, items, count, room);
		assert_null(it->unset);
		it->id = i;
		it->name = arena_sprintf(&a, "n%d", i);
	}
	assert_int_equal(count, 1000);
	assert_int_equal(room, 1024); /* 8, doubled */
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(items[i].id, i);
		assert_string_equal(items[i].name, arena_sprintf(&a, "n%d", i));
		assert_null(items[i].unset);
	}
	arena_free(&a);

	arena_init(&a);
	items = NULL;
	count = room = 0;
	ARENA_NEXT(&a, items, count, room)->id = 7;
	assert_int_equal(room, 8);
	assert_true(a.total < 8 * sizeof *items + 64);
	assert_int_equal(items[0].id, 7);
	arena_free(&a);
}

static void buffer_grows_and_releases(void **state)
{
	(void)state;
	struct buf b = {0};
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, 'a');
	buf_printf(&b, "%d", 12);
	assert_int_equal(b.len, 10002);
	assert_int_equal(b.data[b.len], '\0');
	size_t len;
	char *p = buf_release(&b, &len);
	assert_int_equal(len, 10002);
	assert_null(b.data);
	free(p);
	buf_append(&b, "x\0y", 3); /* binary safe */
	assert_int_equal(b.len, 3);
	assert_int_equal(b.data[2], 'y');
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(allocations_are_aligned_and_zeroed),
	    cmocka_unit_test(large_allocation_gets_its_own_block),
	    cmocka_unit_test(strings),
	    cmocka_unit_test(list_grows_keeping_its_elements),
	    cmocka_unit_test(buffer_grows_and_releases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
