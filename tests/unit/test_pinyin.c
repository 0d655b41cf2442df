/* test_pinyin.c — unit tests of pinyin initials for search. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/pinyin.h"
#include "core/strbuf.h"

static void expect_initials(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	pinyin_initials(in, &sb);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_enterprise_names(void **state)
{
	expect_initials("特变电工", "tbdg");
	expect_initials("金风科技", "jfkj");
	expect_initials("新华能电气", "xhndq");
	expect_initials("广汽新疆", "gqxj");
	expect_initials("中车新疆轨道车辆", "zcxjgdcl");
	expect_initials("武汉枭龙", "whxl");
	expect_initials("江苏金晟", "jsjs");
}

static void test_place_names(void **state)
{
	expect_initials("新疆维吾尔自治区", "xjwwezzq");
	expect_initials("乌鲁木齐市", "wlmqs");
	expect_initials("昌吉回族自治州", "cjhzzzz");
	expect_initials("哈密", "hm");
	expect_initials("克拉玛依", "klmy");
	expect_initials("伊犁哈萨克自治州", "ylhskzzz");
	expect_initials("石河子", "shz");
	expect_initials("深圳", "sz");
}

static void test_beyond_gb2312_level1(void **state)
{
	/*
	 * Characters outside GB2312's first level, where first-letter
	 * boundaries in GB2312 order go wrong; common in company names.
	 */
	expect_initials("鑫", "x");
	expect_initials("犇", "b");
	expect_initials("淼", "m");
	expect_initials("喆", "z");
	expect_initials("昊", "h");
	expect_initials("彧", "y");
	expect_initials("晟", "s");
	expect_initials("亳", "b");
	expect_initials("珺", "j");
}

static void test_polyphonic_most_common(void **state)
{
	/* One letter each, the most common reading. */
	expect_initials("行", "x");
	expect_initials("长", "c");
	expect_initials("重", "z");
	expect_initials("乐", "l");
	expect_initials("的", "d");
}

static void test_ascii_and_full_width(void **state)
{
	expect_initials("TBEA 新疆2号", "tbeaxj2h");
	expect_initials("ABC-123", "abc123");
	expect_initials("ＴＢＥＡ１", "tbea1");
	expect_initials("ｘｊ", "xj");
	expect_initials("二〇一七", "elyq");
}

static void test_dropped(void **state)
{
	expect_initials("（新疆）有限公司，", "xjyxgs");
	expect_initials("、。；：“”《》", "");
	expect_initials("", "");
	/* U+4E65 乥 has no reading in the dictionary; an emoji has none either. */
	expect_initials("乥特", "t");
	expect_initials("\xf0\x9f\x98\x80" "特", "t");
	/* Hangul and kana are not Chinese. */
	expect_initials("한글かな", "");
}

static void test_invalid_utf8(void **state)
{
	expect_initials("\xff特", "t");
	expect_initials("特\xe7\x89", "t");		/* cut off at the end */
	expect_initials("\xe7\x89" "A", "a");		/* cut off, then ASCII */
	expect_initials("\xc0\xaf" "b", "b");		/* overlong '/' */
	expect_initials("\xed\xa0\x80" "c", "c");	/* a surrogate */
	expect_initials("\xf4\x90\x80\x80" "d", "d");	/* past U+10FFFF */
	expect_initials("\x80\x80\x80", "");
}

static void test_appends(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "tbea ");
	pinyin_initials("特变电工", &sb);
	assert_string_equal(sb.buf, "tbea tbdg");
	assert_int_equal(sb.len, 9);
	strbuf_release(&sb);
}

static void test_initial(void **state)
{
	assert_int_equal(pinyin_initial(0x4E00), 'y');		/* 一 */
	assert_int_equal(pinyin_initial(0x9F9F), 'g');		/* 龟 */
	assert_int_equal(pinyin_initial(0x4DFF), 0);		/* just before the block */
	assert_int_equal(pinyin_initial(0x9FA6), 0);		/* just after it */
	assert_int_equal(pinyin_initial(0x3007), 'l');		/* 〇 */
	assert_int_equal(pinyin_initial('Q'), 'q');
	assert_int_equal(pinyin_initial('7'), '7');
	assert_int_equal(pinyin_initial(' '), 0);
	assert_int_equal(pinyin_initial(0xFF3A), 'z');		/* Ｚ */
	assert_int_equal(pinyin_initial(0xFF5A), 'z');		/* ｚ */
	assert_int_equal(pinyin_initial(0xFF19), '9');		/* ９ */
	assert_int_equal(pinyin_initial(0x110000), 0);
}

static void test_table_shape(void **state)
{
	size_t n = (size_t)(PINYIN_TABLE_LAST - PINYIN_TABLE_FIRST + 1);
	size_t i, missing = 0;

	/* 20902 letters and the terminating NUL, nothing else. */
	assert_int_equal(n, 20902);
	assert_int_equal(strlen(pinyin_table), n);
	for (i = 0; i < n; i++) {
		char c = pinyin_table[i];
		if (c == '-')
			missing++;
		else if (c < 'a' || c > 'z')
			fail_msg("pinyin_table[%zu] is %d", i, c);
	}
	/* The dictionary knows all but a few dozen rare characters. */
	assert_true(missing < 100);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enterprise_names),
		cmocka_unit_test(test_place_names),
		cmocka_unit_test(test_beyond_gb2312_level1),
		cmocka_unit_test(test_polyphonic_most_common),
		cmocka_unit_test(test_ascii_and_full_width),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_appends),
		cmocka_unit_test(test_initial),
		cmocka_unit_test(test_table_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
