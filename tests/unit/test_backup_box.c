/* The backup file (store/backup_box.h): data of every size around a chunk
 * comes back whole, and a wrong key, a file cut at a chunk's edge, a
 * changed byte and bytes added at the end are each refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/backup_box.h"

static char dir[] = "/tmp/waypoint-box-XXXXXX";
static char data[256], out[256], back[256];
static unsigned char key[BOX_KEY_SIZE];

static void write_file(const char *path, const unsigned char *b, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, n, f), n);
	fclose(f);
}

static unsigned char *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*n = (size_t)ftell(f);
	rewind(f);
	unsigned char *b = malloc(*n + 1);
	assert_int_equal(fread(b, 1, *n, f), *n);
	fclose(f);
	return b;
}

/* Seals n random bytes into out; returns them. */
static unsigned char *seal(size_t n)
{
	unsigned char *b = malloc(n + 1);
	randombytes_buf(b, n);
	write_file(data, b, n);
	char err[512];
	assert_int_equal(
	    box_seal(out, key, "{\"size\":1}", data, err, sizeof err), 0);
	return b;
}

static int open_out(char *err, size_t errlen)
{
	char manifest[BOX_MANIFEST_MAX];
	uint64_t size;
	return box_open(out, key, manifest, NULL, &size, err, errlen);
}

static void every_size_comes_back(void **state)
{
	(void)state;
	const size_t sizes[] = {0,
	                        1,
	                        BOX_CHUNK - 1,
	                        BOX_CHUNK,
	                        BOX_CHUNK + 1,
	                        3 * BOX_CHUNK,
	                        3 * BOX_CHUNK + 7};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		unsigned char *b = seal(sizes[i]);
		char manifest[BOX_MANIFEST_MAX], err[512];
		uint64_t size;
		assert_int_equal(
		    box_open(out, key, manifest, back, &size, err, sizeof err),
		    0);
		assert_string_equal(manifest, "{\"size\":1}");
		assert_int_equal(size, sizes[i]);
		size_t n;
		unsigned char *got = read_file(back, &n);
		assert_int_equal(n, sizes[i]);
		if (n)
			assert_memory_equal(got, b, n);
		free(got);
		free(b);
	}
}

static void a_wrong_key_is_named(void **state)
{
	(void)state;
	free(seal(1000));
	unsigned char other[BOX_KEY_SIZE];
	char manifest[BOX_MANIFEST_MAX], err[512];
	uint64_t size;
	randombytes_buf(other, sizeof other);
	assert_int_equal(
	    box_open(out, other, manifest, NULL, &size, err, sizeof err), -1);
	assert_non_null(strstr(err, "wrong backup key"));
}

static void a_cut_at_a_chunk_edge_is_found(void **state)
{
	(void)state;
	free(seal(2 * BOX_CHUNK + 10));
	size_t n;
	unsigned char *b = read_file(out, &n);
	/* header 58, manifest 4 + 10 + 17, then one whole data chunk */
	size_t edge = 58 + 4 + 10 + 17 + 4 + BOX_CHUNK + 17;
	write_file(out, b, edge);
	char err[512];
	assert_int_equal(open_out(err, sizeof err), -1);
	assert_non_null(strstr(err, "truncated"));
	free(b);
}

static void a_changed_byte_or_a_tail_is_found(void **state)
{
	(void)state;
	free(seal(BOX_CHUNK + 10));
	size_t n;
	unsigned char *b = read_file(out, &n);
	char err[512];
	b[n - 5] ^= 0x80;
	write_file(out, b, n);
	assert_int_equal(open_out(err, sizeof err), -1);
	assert_non_null(strstr(err, "damaged"));
	b[n - 5] ^= 0x80;
	b[n] = 'x';
	write_file(out, b, n + 1);
	assert_int_equal(open_out(err, sizeof err), -1);
	assert_non_null(strstr(err, "after its last chunk"));
	write_file(out, b, n);
	assert_int_equal(open_out(err, sizeof err), 0);
	free(b);
}

static void the_key_file_is_made_once_and_kept_private(void **state)
{
	(void)state;
	char path[300], err[512];
	unsigned char k1[BOX_KEY_SIZE], k2[BOX_KEY_SIZE];
	bool created;
	snprintf(path, sizeof path, "%s/backup.key", dir);
	assert_int_equal(
	    box_key_load(path, false, &created, k1, err, sizeof err), -1);
	assert_int_equal(
	    box_key_load(path, true, &created, k1, err, sizeof err), 0);
	assert_true(created);
	assert_int_equal(
	    box_key_load(path, true, &created, k2, err, sizeof err), 0);
	assert_false(created);
	assert_memory_equal(k1, k2, BOX_KEY_SIZE);
	chmod(path, 0644);
	assert_int_equal(
	    box_key_load(path, false, &created, k2, err, sizeof err), -1);
	assert_non_null(strstr(err, "readable by others"));
	unlink(path);
}

int main(void)
{
	assert_int_equal(sodium_init() < 0, 0);
	assert_non_null(mkdtemp(dir));
	snprintf(data, sizeof data, "%s/data", dir);
	snprintf(out, sizeof out, "%s/out.wbk", dir);
	snprintf(back, sizeof back, "%s/back", dir);
	randombytes_buf(key, sizeof key);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_size_comes_back),
	    cmocka_unit_test(a_wrong_key_is_named),
	    cmocka_unit_test(a_cut_at_a_chunk_edge_is_found),
	    cmocka_unit_test(a_changed_byte_or_a_tail_is_found),
	    cmocka_unit_test(the_key_file_is_made_once_and_kept_private),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(data);
	unlink(out);
	unlink(back);
	rmdir(dir);
	return failed;
}
