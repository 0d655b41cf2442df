/* test_blobstore.c — unit tests of the content-addressed file store under a directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/blobstore.h"
#include "core/err.h"

static char dir[64];

static int setup(void **state)
{
	strcpy(dir, "/tmp/luoshi-blob-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Files (not temporaries) in dir/sub. */
static int count_files(const char *sub)
{
	char path[128];
	struct dirent *d;
	int n = 0;
	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	DIR *dp = opendir(path);
	if (!dp)
		return -1;
	while ((d = readdir(dp)))
		n += d->d_name[0] != '.';
	closedir(dp);
	return n;
}

static void hash_of_abc(void **state)
{
	char hex[65];
	blob_hash("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	blob_hash("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void put_then_open_reads_the_same_bytes(void **state)
{
	char hex[65], buf[64];
	struct err e = { 0 };
	uint64_t size = 0;
	const char *data = "可行性研究报告 v1";
	assert_int_equal(blob_put(dir, data, strlen(data), hex, &e), 0);
	int fd = blob_open(dir, hex, &size, &e);
	assert_true(fd >= 0);
	assert_int_equal(size, strlen(data));
	ssize_t n = read(fd, buf, sizeof(buf));
	close(fd);
	assert_int_equal(n, (ssize_t)strlen(data));
	assert_memory_equal(buf, data, strlen(data));
}

static void same_content_is_stored_once(void **state)
{
	char a[65], b[65], sub[3];
	struct err e = { 0 };
	assert_int_equal(blob_put(dir, "twice", 5, a, &e), 0);
	assert_int_equal(blob_put(dir, "twice", 5, b, &e), 0);
	assert_string_equal(a, b);
	memcpy(sub, a, 2);
	sub[2] = '\0';
	assert_int_equal(count_files(sub), 1);
}

static void missing_and_bad_hashes_are_not_found(void **state)
{
	struct err e = { 0 };
	uint64_t size;
	assert_int_equal(blob_open(dir, "0000000000000000000000000000000000000000000000000000000000000000", &size, &e), -1);
	assert_int_equal(e.code, ERR_NOT_FOUND);
	err_clear(&e);
	assert_int_equal(blob_open(dir, "../../etc/passwd", &size, &e), -1);
	assert_int_equal(e.code, ERR_NOT_FOUND);
	err_clear(&e);
	assert_int_equal(blob_open(dir, "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", &size, &e), -1);
	assert_int_equal(e.code, ERR_NOT_FOUND);
}

static void an_unwritable_directory_is_an_error(void **state)
{
	char hex[65];
	struct err e = { 0 };
	assert_int_equal(blob_put("/proc/luoshi-no-such-dir", "x", 1, hex, &e), -1);
	assert_int_equal(e.code, ERR_INTERNAL);
	assert_string_equal(e.field, "files");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hash_of_abc),
		cmocka_unit_test(put_then_open_reads_the_same_bytes),
		cmocka_unit_test(same_content_is_stored_once),
		cmocka_unit_test(missing_and_bad_hashes_are_not_found),
		cmocka_unit_test(an_unwritable_directory_is_an_error),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
