/* test_sheet.c — unit tests of the spreadsheet cells shared by every import: money in 万元
 * written exactly (and read back to the same fen), dates as people type them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/err.h"
#include "core/money.h"
#include "domain/sheet.h"

static void wan_is(int64_t fen, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	sheet_format_wanyuan(fen, &sb);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_format_wanyuan_exact(void **state)
{
	(void)state;
	wan_is(0, "0");
	wan_is(1, "0.000001");
	wan_is(100, "0.0001");
	wan_is(1000000, "1");
	wan_is(150500000, "150.5");
	wan_is(123456789, "123.456789");
	wan_is(-1500000, "-1.5");
	wan_is(INT64_MAX, "9223372036854.775807");
	wan_is(INT64_MIN, "-9223372036854.775808");
}

static void test_wanyuan_round_trip(void **state)
{
	static const int64_t cases[] = { 0, 1, 99, 100, 101, 999999, 1000000, 1000001, 123456789, 2000000000,
		                         1000000000000000LL, INT64_MAX, -1, -123456789 };
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct err e = { 0 };
		int64_t back = 42;
		sheet_format_wanyuan(cases[i], &sb);
		if (money_parse_wanyuan_flags(sb.buf, MONEY_ALLOW_NEGATIVE, "x", &back, &e))
			fail_msg("%lld → \"%s\" does not parse: %s", (long long)cases[i], sb.buf, e.arg);
		assert_int_equal(back, cases[i]);
		strbuf_release(&sb);
	}
}

static void date_is(const char *typed, const char *want)
{
	char out[32];
	sheet_normalise_date(typed, out);
	assert_string_equal(out, want);
}

static void test_dates_as_typed(void **state)
{
	(void)state;
	date_is("2020-01-05", "2020-01-05");
	date_is("2020/1/5", "2020-01-05");
	date_is("2020.01.05", "2020-01-05");
	date_is("2020-1-5", "2020-01-05");
	date_is("2020年1月5日", "2020-01-05");
	date_is("43831", "2020-01-01");     /* an Excel serial day */
	date_is("2019/12/31", "2019-12-31");
	date_is("", "");
	date_is("明年", "明年");           /* left for the check to refuse, naming the field */
	date_is("2020/1/5x", "2020/1/5x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_wanyuan_exact),
		cmocka_unit_test(test_wanyuan_round_trip),
		cmocka_unit_test(test_dates_as_typed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
