/* test_money.c — unit tests of fen amounts: parsing yuan and 万元, formatting 元/万元/亿元. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/money.h"

static void yuan_ok(const char *s, unsigned flags, int64_t want)
{
	int64_t fen = 42;
	struct err e = { 0 };

	if (money_parse_yuan_flags(s, flags, "amount", &fen, &e) != 0)
		fail_msg("\"%s\": rejected with %s (%s)", s, err_name(e.code), e.arg);
	assert_int_equal(fen, want);
}

static void yuan_fails(const char *s, unsigned flags, enum err_code code, const char *arg)
{
	int64_t fen = 42;
	struct err e = { 0 };

	if (money_parse_yuan_flags(s, flags, "amount", &fen, &e) != -1)
		fail_msg("\"%s\": accepted as %lld fen", s, (long long)fen);
	assert_int_equal(e.code, code);
	assert_string_equal(e.field, "amount");
	if (arg)
		assert_string_equal(e.arg, arg);
	assert_int_equal(fen, 42);	/* untouched on error */
}

static void wan_ok(const char *s, int64_t want)
{
	int64_t fen = 42;
	struct err e = { 0 };

	if (money_parse_wanyuan_flags(s, MONEY_ALLOW_NEGATIVE, "investment", &fen, &e) != 0)
		fail_msg("\"%s\": rejected with %s (%s)", s, err_name(e.code), e.arg);
	assert_int_equal(fen, want);
}

static void test_parse_plain(void **state)
{
	yuan_ok("1234.56", 0, 123456);
	yuan_ok("1234", 0, 123400);
	yuan_ok("1234.5", 0, 123450);
	yuan_ok("0", 0, 0);
	yuan_ok("0.01", 0, 1);
	yuan_ok("0.10", 0, 10);
	yuan_ok("007.5", 0, 750);
	yuan_ok(".5", 0, 50);
	yuan_ok("5.", 0, 500);
	yuan_ok("+5", 0, 500);
	/* Trailing zeros past the second decimal lose nothing. */
	yuan_ok("1.500", 0, 150);
	yuan_ok("  12.3\t", 0, 1230);

	int64_t fen = 0;
	struct err e = { 0 };
	assert_int_equal(money_parse_yuan("99.99", "amount", &fen, &e), 0);
	assert_int_equal(fen, 9999);
}

static void test_parse_grouping(void **state)
{
	yuan_ok("1,234.5", 0, 123450);
	yuan_ok("1,234,567.89", 0, 123456789);
	yuan_ok("123,456", 0, 12345600);
	yuan_ok("12,345,678", 0, 1234567800);
	yuan_ok("1，234", 0, 123400);		/* full-width comma */

	/* A decimal comma or a misplaced separator is an error, never a guess. */
	yuan_fails("1,5", 0, ERR_INVALID, "1,5");
	yuan_fails("12,34", 0, ERR_INVALID, NULL);
	yuan_fails("1,2345", 0, ERR_INVALID, NULL);
	yuan_fails("1234,567", 0, ERR_INVALID, NULL);
	yuan_fails(",123", 0, ERR_INVALID, NULL);
	yuan_fails("1,,234", 0, ERR_INVALID, NULL);
	yuan_fails("1,234,", 0, ERR_INVALID, NULL);
	yuan_fails("1,23.45", 0, ERR_INVALID, NULL);
	yuan_fails("1.234,5", 0, ERR_INVALID, NULL);
}

static void test_parse_full_width_and_currency(void **state)
{
	yuan_ok("１２３４．５６", 0, 123456);
	yuan_ok("１，２３４", 0, 123400);
	yuan_ok("¥1,234.00", 0, 123400);
	yuan_ok("￥ 12", 0, 1200);
	yuan_ok("　８８　", 0, 8800);		/* U+3000 around */
	yuan_ok("-¥1.00", MONEY_ALLOW_NEGATIVE, -100);
	yuan_ok("¥-1.00", MONEY_ALLOW_NEGATIVE, -100);
	yuan_ok("－５", MONEY_ALLOW_NEGATIVE, -500);	/* U+FF0D */
	yuan_ok("\xe2\x88\x92" "5", MONEY_ALLOW_NEGATIVE, -500);	/* U+2212 */
}

static void test_parse_negative(void **state)
{
	yuan_fails("-0.01", 0, ERR_RANGE, ">= 0");
	yuan_fails("-1,000", 0, ERR_RANGE, ">= 0");
	yuan_ok("-0.01", MONEY_ALLOW_NEGATIVE, -1);
	yuan_ok("-1,000", MONEY_ALLOW_NEGATIVE, -100000);
	/* Minus zero is zero, allowed or not. */
	yuan_ok("-0", 0, 0);
	yuan_ok("-0.00", 0, 0);
}

static void test_parse_bad(void **state)
{
	yuan_fails("", 0, ERR_REQUIRED, "");
	yuan_fails("   ", 0, ERR_REQUIRED, "");
	yuan_fails(NULL, 0, ERR_REQUIRED, "");
	yuan_fails("abc", 0, ERR_INVALID, "abc");
	yuan_fails("1.005", 0, ERR_INVALID, "1.005");	/* would need rounding */
	yuan_fails("0.001", 0, ERR_INVALID, NULL);
	yuan_fails("1.2.3", 0, ERR_INVALID, NULL);
	yuan_fails("1..2", 0, ERR_INVALID, NULL);
	yuan_fails(".", 0, ERR_INVALID, NULL);
	yuan_fails("¥", 0, ERR_INVALID, NULL);
	yuan_fails("-", 0, ERR_INVALID, NULL);
	yuan_fails("¥¥1", 0, ERR_INVALID, NULL);
	yuan_fails("--1", 0, ERR_INVALID, NULL);
	yuan_fails("+-1", 0, ERR_INVALID, NULL);
	yuan_fails("1-", 0, ERR_INVALID, NULL);
	yuan_fails("1e5", 0, ERR_INVALID, NULL);
	yuan_fails("0x10", 0, ERR_INVALID, NULL);
	yuan_fails("1 000", 0, ERR_INVALID, NULL);
	yuan_fails("12元", 0, ERR_INVALID, "12元");
	yuan_fails("NaN", 0, ERR_INVALID, NULL);
	yuan_fails("inf", 0, ERR_INVALID, NULL);
	yuan_fails("12\xff", 0, ERR_INVALID, NULL);
	yuan_fails("1\xe2\x80", 0, ERR_INVALID, NULL);	/* cut-off sequence */

	/* A long input is echoed cut short, on a character boundary. */
	int64_t fen;
	struct err e = { 0 };
	assert_int_equal(money_parse_yuan("一二三四五六七八九十一二三四五六七八九十", "amount",
					  &fen, &e), -1);
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(e.arg, "一二三四五六七八九十一二三四五六…");
	assert_int_equal(money_parse_yuan("1111111111222222222233333333334444444444"
					  "55555555556666666666777777777788888888889", "amount",
					  &fen, &e), -1);
	assert_int_equal(e.code, ERR_INVALID);
}

static void test_parse_overflow(void **state)
{
	/* INT64_MAX = 9223372036854775807 fen. */
	yuan_ok("92233720368547758.07", 0, INT64_MAX);
	yuan_ok("92,233,720,368,547,758.07", 0, INT64_MAX);
	yuan_ok("-92233720368547758.07", MONEY_ALLOW_NEGATIVE, -INT64_MAX);
	yuan_fails("92233720368547758.08", 0, ERR_RANGE, "<= 92233720368547758.07");
	yuan_fails("92233720368547759", 0, ERR_RANGE, NULL);
	yuan_fails("100000000000000000", 0, ERR_RANGE, NULL);
	yuan_fails("99999999999999999999999999", 0, ERR_RANGE, NULL);
	yuan_fails("-92233720368547758.08", MONEY_ALLOW_NEGATIVE, ERR_RANGE,
		   ">= -92233720368547758.07");
	/* Out of range and negative when negatives are refused: the sign is the news. */
	yuan_fails("-99999999999999999999", 0, ERR_RANGE, ">= 0");
	/* The scale-up of an integer overflows too, not only the digits. */
	yuan_fails("922337203685477581", 0, ERR_RANGE, NULL);
}

static void test_parse_wanyuan(void **state)
{
	/* 1 万元 = 10,000 yuan = 1,000,000 fen. */
	wan_ok("1", 1000000);
	wan_ok("12.345678", 12345678);
	wan_ok("0.000001", 1);
	wan_ok("1,000", 1000000000);
	wan_ok("1.50000000", 1500000);
	wan_ok("-2.5", -2500000);
	/* T1's target, 100 billion yuan, as 1,000 亿元 = 10,000,000 万元. */
	wan_ok("10000000", 10000000000000LL);

	int64_t fen = 42;
	struct err e = { 0 };
	assert_int_equal(money_parse_wanyuan("0.0000001", "investment", &fen, &e), -1);
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(e.field, "investment");
	assert_int_equal(money_parse_wanyuan("-1", "investment", &fen, &e), -1);
	assert_int_equal(e.code, ERR_RANGE);
	/* INT64_MAX fen = 9223372036854.775807 万元. */
	assert_int_equal(money_parse_wanyuan("9223372036854.775807", "investment", &fen, &e), 0);
	assert_int_equal(fen, INT64_MAX);
	assert_int_equal(money_parse_wanyuan("9223372036854.775808", "investment", &fen, &e), -1);
	assert_int_equal(e.code, ERR_RANGE);
	assert_string_equal(e.arg, "<= 9223372036854.775807");
}

static void expect_format(void (*fmt)(int64_t, char *, size_t), int64_t fen, const char *want)
{
	char buf[MONEY_BUF_SIZE];

	memset(buf, 'x', sizeof(buf));
	fmt(fen, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void test_format_yuan(void **state)
{
	expect_format(money_format_yuan, 123456, "1234.56");
	expect_format(money_format_yuan, 0, "0.00");
	expect_format(money_format_yuan, 5, "0.05");
	expect_format(money_format_yuan, 50, "0.50");
	expect_format(money_format_yuan, 100, "1.00");
	expect_format(money_format_yuan, -1, "-0.01");
	expect_format(money_format_yuan, -123456, "-1234.56");
	expect_format(money_format_yuan, INT64_MAX, "92233720368547758.07");
	expect_format(money_format_yuan, INT64_MIN, "-92233720368547758.08");
}

static void test_format_wanyuan(void **state)
{
	/*
	 * 123456789 fen = 1,234,567.89 yuan = 123.456789 万元; the third
	 * decimal is 6, so 123.45|6789 rounds up to 123.46.
	 */
	expect_format(money_format_wanyuan, 123456789, "123.46");
	expect_format(money_format_wanyuan, -123456789, "-123.46");
	expect_format(money_format_wanyuan, 1000000, "1.00");
	expect_format(money_format_wanyuan, 0, "0.00");
	/* 0.01 万元 = 100 yuan = 10,000 fen; half of that rounds away from zero. */
	expect_format(money_format_wanyuan, 5000, "0.01");
	expect_format(money_format_wanyuan, 4999, "0.00");
	expect_format(money_format_wanyuan, -5000, "-0.01");
	expect_format(money_format_wanyuan, -4999, "0.00");	/* never "-0.00" */
	expect_format(money_format_wanyuan, 12345000, "12.35");	/* 12.345 → 12.35 */
	expect_format(money_format_wanyuan, 12344999, "12.34");
	/* 9223372036854775807 fen = 9223372036854.775807 万元. */
	expect_format(money_format_wanyuan, INT64_MAX, "9223372036854.78");
	expect_format(money_format_wanyuan, INT64_MIN, "-9223372036854.78");
}

static void test_format_yiyuan(void **state)
{
	/* 1 亿元 = 10^8 yuan = 10^10 fen; 0.01 亿元 = 10^8 fen. */
	expect_format(money_format_yiyuan, 10000000000LL, "1.00");
	expect_format(money_format_yiyuan, 123456789, "0.01");	/* 0.0123456789 */
	expect_format(money_format_yiyuan, 50000000, "0.01");
	expect_format(money_format_yiyuan, 49999999, "0.00");
	expect_format(money_format_yiyuan, -50000000, "-0.01");
	/* T1: 100 billion yuan = 10^13 fen = 1000 亿元. */
	expect_format(money_format_yiyuan, 10000000000000LL, "1000.00");
	/* 4,567,890,123,456 fen = 45,678,901,234.56 yuan = 456.7890123456 亿元. */
	expect_format(money_format_yiyuan, 4567890123456LL, "456.79");
	expect_format(money_format_yiyuan, INT64_MAX, "922337203.69");
}

static void test_format_small_buffer(void **state)
{
	char buf[5] = "zzzz";

	money_format_yuan(123456, buf, sizeof(buf));
	assert_string_equal(buf, "1234");
	money_format_yuan(123456, buf, 0);	/* writes nothing */
	assert_string_equal(buf, "1234");
	money_format_wanyuan(INT64_MIN, buf, 1);
	assert_string_equal(buf, "");
}

static void test_round_trip(void **state)
{
	static const int64_t values[] = {
		0, 1, -1, 99, 100, 101, 123456, -987654321, 1000000000000LL,
		INT64_MAX, -INT64_MAX,
	};
	size_t i;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		char buf[MONEY_BUF_SIZE];
		int64_t back = 42;
		struct err e = { 0 };

		money_format_yuan(values[i], buf, sizeof(buf));
		assert_int_equal(money_parse_yuan_flags(buf, MONEY_ALLOW_NEGATIVE, "amount",
							&back, &e), 0);
		assert_int_equal(back, values[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_plain),
		cmocka_unit_test(test_parse_grouping),
		cmocka_unit_test(test_parse_full_width_and_currency),
		cmocka_unit_test(test_parse_negative),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_overflow),
		cmocka_unit_test(test_parse_wanyuan),
		cmocka_unit_test(test_format_yuan),
		cmocka_unit_test(test_format_wanyuan),
		cmocka_unit_test(test_format_yiyuan),
		cmocka_unit_test(test_format_small_buffer),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
