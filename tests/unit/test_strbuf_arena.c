/* test_strbuf_arena.c — the growable string and the per-request arena. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/arena.h"
#include "core/strbuf.h"
#include "core/util.h"

static void strbuf_grows_and_stays_terminated(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	assert_non_null(sb.buf);
	assert_string_equal(sb.buf, "");
	for (int i = 0; i < 1000; i++)
		strbuf_addch(&sb, 'a' + i % 26);
	assert_int_equal(sb.len, 1000);
	assert_int_equal(sb.buf[1000], '\0');
	assert_true(sb.alloc > 1000);
	strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
	assert_int_equal(sb.alloc, 0);
	assert_ptr_equal(sb.buf, strbuf_empty);
}

static void strbuf_formats(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s=%d", "企业", 42);
	strbuf_addstr(&sb, ";");
	/* Longer than the first allocation: the second vsnprintf path. */
	strbuf_addf(&sb, "%0200d", 7);
	assert_int_equal(sb.len, strlen("企业=42;") + 200);
	assert_memory_equal(sb.buf, "企业=42;", strlen("企业=42;"));
	size_t len;
	char *owned = strbuf_detach(&sb, &len);
	assert_int_equal(len, strlen(owned));
	assert_ptr_equal(sb.buf, strbuf_empty);
	free(owned);
}

static void strbuf_trims(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, " \t 特变电工 \r\n");
	strbuf_trim(&sb);
	assert_string_equal(sb.buf, "特变电工");
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "   ");
	strbuf_trim(&sb);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
}

static int destroyed;
static void count_destroy(void *p)
{
	destroyed += *(int *)p;
}

static void arena_allocates_aligned_zeroed(void **state)
{
	struct arena a = ARENA_INIT;
	for (int i = 1; i < 500; i++) {
		unsigned char *p = arena_alloc(&a, (size_t)i);
		assert_int_equal((uintptr_t)p % 16, 0);
		for (int k = 0; k < i; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xAB, (size_t)i);
	}
	/* A block bigger than the standard size. */
	char *big = arena_alloc(&a, 100000);
	memset(big, 1, 100000);
	assert_string_equal(arena_strdup(&a, "区划"), "区划");
	assert_string_equal(arena_printf(&a, "%s-%03d", "C", 34), "C-034");
	assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
	arena_release(&a);
}

static void arena_runs_destructors_on_reset(void **state)
{
	struct arena a = ARENA_INIT;
	int one = 1, ten = 10;
	destroyed = 0;
	arena_defer(&a, count_destroy, &one);
	arena_defer(&a, count_destroy, &ten);
	arena_reset(&a);
	assert_int_equal(destroyed, 11);
	/* Reset keeps working: allocate again, release runs nothing twice. */
	arena_alloc(&a, 10);
	arena_release(&a);
	assert_int_equal(destroyed, 11);
}

static void utf8_validation(void **state)
{
	assert_true(utf8_valid("企业ABC", strlen("企业ABC")));
	assert_false(utf8_valid("\xC0\xAF", 2));          /* overlong '/' */
	assert_false(utf8_valid("\xED\xA0\x80", 3));      /* surrogate */
	assert_false(utf8_valid("\xF4\x90\x80\x80", 4));  /* above U+10FFFF */
	assert_false(utf8_valid("\xE4\xBC", 2));          /* truncated */
	assert_false(utf8_valid("a\0b", 3));              /* NUL */
	assert_int_equal(utf8_chars("企业ab"), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strbuf_grows_and_stays_terminated),
		cmocka_unit_test(strbuf_formats),
		cmocka_unit_test(strbuf_trims),
		cmocka_unit_test(arena_allocates_aligned_zeroed),
		cmocka_unit_test(arena_runs_destructors_on_reset),
		cmocka_unit_test(utf8_validation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
