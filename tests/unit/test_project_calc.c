/* test_project_calc.c — unit tests of key-project figures: months, days, windows, sums, bp and the lag rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/project_calc.h"

/* Days since 1970-01-01, worked by hand:
 * 1900-01-01: 70 years back, 17 leap days (1904..1968) → -(70*365 + 17) = -25567;
 * 2000-01-01: 30 years, 7 leap days (1972..1996)       → 30*365 + 7   = 10957;
 * 2019-01-01: 49 years, 12 leap days (1972..2016)      → 49*365 + 12  = 17897;
 * 2020-01-01: 50 years, 12 leap days                   → 50*365 + 12  = 18262. */
#define D_1900_01_01 (-25567)
#define D_2000_01_01 10957
#define D_2019_01_01 17897
#define D_2020_01_01 18262

static calc_month month(const char *s)
{
	calc_month m = -1;

	if (calc_month_parse(s, &m) != 0)
		fail_msg("\"%s\": refused as a month", s);
	return m;
}

static calc_day day(const char *s)
{
	calc_day d = -1;

	if (calc_day_parse(s, &d) != 0)
		fail_msg("\"%s\": refused as a date", s);
	return d;
}

static void month_bad(const char *s)
{
	calc_month m = 42;

	if (calc_month_parse(s, &m) != -1)
		fail_msg("\"%s\": accepted as month %d", s ? s : "(null)", (int)m);
	assert_int_equal(m, 42);	/* untouched on error */
}

static void day_bad(const char *s)
{
	calc_day d = 42;

	if (calc_day_parse(s, &d) != -1)
		fail_msg("\"%s\": accepted as day %d", s ? s : "(null)", (int)d);
	assert_int_equal(d, 42);
}

static void assert_month_text(calc_month m, const char *want)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	calc_month_format(m, buf);
	assert_string_equal(buf, want);
}

static void assert_day_text(calc_day d, const char *want)
{
	char buf[11];

	memset(buf, 'x', sizeof(buf));
	calc_day_format(d, buf);
	assert_string_equal(buf, want);
}

/* ---- months -------------------------------------------------------------- */

static void test_month_parse(void **state)
{
	/* 2019*12 + 2 = 24230 */
	assert_int_equal(month("2019-03"), 24230);
	assert_int_equal(month("2019-01"), 24228);
	assert_int_equal(month("2019-12"), 24239);
	assert_int_equal(month("2020-01"), 24240);	/* December + 1 */
	assert_int_equal(month("1900-01"), 22800);
	assert_int_equal(month("2200-12"), 26411);
	assert_int_equal(calc_month_make(2019, 3), 24230);

	month_bad("2019-13");
	month_bad("2019-00");
	month_bad("2019-3");
	month_bad("19-03");
	month_bad("2019-03x");
	month_bad("2019-03-01");
	month_bad(" 2019-03");
	month_bad("2019-03 ");
	month_bad("2019/03");
	month_bad("201903");
	month_bad("+019-03");
	month_bad("2019--3");
	month_bad("1899-12");	/* outside 1900..2200 */
	month_bad("2201-01");
	month_bad("");
	month_bad("2019-");
	month_bad(NULL);
}

static void test_month_format(void **state)
{
	assert_month_text(24230, "2019-03");
	assert_month_text(24239, "2019-12");
	assert_month_text(24240, "2020-01");
	assert_month_text(calc_month_make(1900, 1), "1900-01");
	assert_month_text(calc_month_make(2200, 12), "2200-12");
	assert_month_text(calc_month_make(5, 7), "0005-07");
	/* Out of the documented range: clamped, never overrunning the buffer. */
	assert_month_text(-1, "0000-12");
	assert_month_text(INT32_MAX, "9999-08");
	assert_month_text(INT32_MIN, "0000-05");

	assert_int_equal(calc_month_year(24230), 2019);
	assert_int_equal(calc_month_of_year(24230), 3);
	assert_int_equal(calc_month_year(24239), 2019);
	assert_int_equal(calc_month_of_year(24239), 12);
	assert_int_equal(calc_month_year(24240), 2020);
	assert_int_equal(calc_month_of_year(24240), 1);
	/* Floor division: month -1 is December of year -1, not "month 0 of year 0". */
	assert_int_equal(calc_month_year(-1), -1);
	assert_int_equal(calc_month_of_year(-1), 12);
	assert_int_equal(calc_month_year(-12), -1);
	assert_int_equal(calc_month_of_year(-12), 1);
}

static void test_month_round_trip(void **state)
{
	calc_month m;

	for (m = calc_month_make(1900, 1); m <= calc_month_make(2200, 12); m++) {
		char buf[8];
		calc_month back = -1;

		calc_month_format(m, buf);
		assert_int_equal(calc_month_parse(buf, &back), 0);
		assert_int_equal(back, m);
		assert_int_equal(calc_month_make(calc_month_year(m), calc_month_of_year(m)), m);
	}
}

/* ---- days ---------------------------------------------------------------- */

static void test_day_parse(void **state)
{
	assert_int_equal(day("1970-01-01"), 0);
	assert_int_equal(day("1969-12-31"), -1);
	assert_int_equal(day("1900-01-01"), D_1900_01_01);
	assert_int_equal(day("2000-01-01"), D_2000_01_01);
	assert_int_equal(day("2019-01-01"), D_2019_01_01);
	assert_int_equal(day("2020-01-01"), D_2020_01_01);
	/* 2019-07-10: 17897 + 31+28+31+30+31+30 (Jan..Jun = 181) + 9 = 18087. */
	assert_int_equal(day("2019-07-10"), 18087);

	/* Leap years: every 4th, but not centuries, but yes every 400th. */
	assert_int_equal(day("2020-02-29"), D_2020_01_01 + 31 + 28);		/* 18321 */
	assert_int_equal(day("2020-03-01"), D_2020_01_01 + 31 + 29);
	assert_int_equal(day("2000-02-29"), D_2000_01_01 + 31 + 28);		/* 11016 */
	assert_int_equal(day("1900-02-28"), D_1900_01_01 + 31 + 27);
	assert_int_equal(day("1900-03-01"), D_1900_01_01 + 31 + 28);		/* no 29th */
	assert_int_equal(day("2019-12-31") + 1, D_2020_01_01);
	assert_int_equal(day("2020-12-31") - D_2020_01_01, 365);		/* 366 days */
	day_bad("2019-02-29");
	day_bad("1900-02-29");
	day_bad("2100-02-29");
	day_bad("2020-02-30");

	day_bad("2019-04-31");
	day_bad("2019-06-31");
	day_bad("2019-01-32");
	day_bad("2019-01-00");
	day_bad("2019-00-10");
	day_bad("2019-13-01");
	day_bad("2019-1-01");
	day_bad("2019-01-1");
	day_bad("19-01-01");
	day_bad("2019-01-01x");
	day_bad("2019-01-01 ");
	day_bad("2019/01/01");
	day_bad("2019-01");
	day_bad("1899-12-31");
	day_bad("2201-01-01");
	day_bad("");
	day_bad(NULL);
}

static void test_day_format(void **state)
{
	assert_day_text(0, "1970-01-01");
	assert_day_text(-1, "1969-12-31");
	assert_day_text(D_1900_01_01, "1900-01-01");
	assert_day_text(D_2020_01_01 + 31 + 28, "2020-02-29");
	assert_day_text(D_2000_01_01 + 31 + 28, "2000-02-29");
	assert_day_text(D_1900_01_01 + 31 + 28, "1900-03-01");
	/* Out of range: the year is clamped, the buffer never overrun. */
	assert_day_text(INT32_MIN, "0000-06-23");
	assert_day_text(INT32_MAX, "9999-07-11");

	assert_int_equal(calc_day_month(day("2019-12-31")), month("2019-12"));
	assert_int_equal(calc_day_month(day("2020-01-01")), month("2020-01"));
	assert_int_equal(calc_day_of_month(day("2020-02-29")), 29);
	assert_int_equal(calc_day_of_month(day("2020-03-01")), 1);
	assert_int_equal(calc_day_month(-1), month("1969-12"));

	/* calc_day_make rolls over as a calendar does. */
	assert_int_equal(calc_day_make(2020, 2, 29), day("2020-02-29"));
	assert_int_equal(calc_day_make(2019, 2, 29), day("2019-03-01"));
	assert_int_equal(calc_day_make(2019, 13, 1), day("2020-01-01"));
	assert_int_equal(calc_day_make(2020, 1, 0), day("2019-12-31"));
	assert_int_equal(calc_day_make(2020, 0, 1), day("2019-12-01"));
}

/* Every day of 1900..2200: format and parse agree, days are consecutive, month and day follow. */
static void test_day_round_trip(void **state)
{
	calc_day d, last = day("2200-12-31");
	int prev_mday = 31;

	assert_int_equal(last - D_1900_01_01 + 1, 301 * 365 + 73);	/* 1900..2200: 73 leap years */
	for (d = D_1900_01_01; d <= last; d++) {
		char buf[11];
		calc_day back = 0;
		int mday = calc_day_of_month(d);

		calc_day_format(d, buf);
		assert_int_equal(calc_day_parse(buf, &back), 0);
		assert_int_equal(back, d);
		assert_int_equal(mday == 1 ? prev_mday >= 28 : mday == prev_mday + 1, 1);
		assert_int_equal(calc_day_make(calc_month_year(calc_day_month(d)),
					       calc_month_of_year(calc_day_month(d)), mday), d);
		prev_mday = mday;
	}
}

/* ---- report windows ------------------------------------------------------ */

static void test_window_year_boundary(void **state)
{
	calc_month dec = month("2019-12");

	/* December 2019's window: 2020-01-01 to 2020-01-10. */
	assert_int_equal(calc_window_open(dec), day("2020-01-01"));
	assert_int_equal(calc_window_close(dec, 10), day("2020-01-10"));
	assert_int_equal(calc_window_state(dec, day("2019-12-31"), 10), CALC_NOT_OPEN);
	assert_int_equal(calc_window_state(dec, day("2020-01-01"), 10), CALC_OPEN);
	assert_int_equal(calc_window_state(dec, day("2020-01-10"), 10), CALC_OPEN);
	assert_int_equal(calc_window_state(dec, day("2020-01-11"), 10), CALC_CLOSED);
	assert_int_equal(calc_window_state(dec, day("2019-01-15"), 10), CALC_NOT_OPEN);
	assert_int_equal(calc_window_state(dec, day("2021-01-05"), 10), CALC_CLOSED);
}

static void test_window_close_day(void **state)
{
	calc_month jun = month("2019-06"), jan = month("2020-01");

	assert_int_equal(calc_window_open(jun), day("2019-07-01"));
	assert_int_equal(calc_window_close(jun, CALC_CLOSE_DAY_DEFAULT), day("2019-07-10"));
	assert_int_equal(calc_window_close(jun, 1), day("2019-07-01"));
	assert_int_equal(calc_window_close(jun, 28), day("2019-07-28"));
	/* Out of 1..28: clamped, never into August. */
	assert_int_equal(calc_window_close(jun, 0), day("2019-07-01"));
	assert_int_equal(calc_window_close(jun, -5), day("2019-07-01"));
	assert_int_equal(calc_window_close(jun, 31), day("2019-07-28"));
	/* January 2020's window is in a leap February: day 28 closes it, the 29th is late. */
	assert_int_equal(calc_window_close(jan, 28), day("2020-02-28"));
	assert_int_equal(calc_window_state(jan, day("2020-02-29"), 28), CALC_CLOSED);
	/* close_day 1: open and closed on the same day. */
	assert_int_equal(calc_window_state(jun, day("2019-06-30"), 1), CALC_NOT_OPEN);
	assert_int_equal(calc_window_state(jun, day("2019-07-01"), 1), CALC_OPEN);
	assert_int_equal(calc_window_state(jun, day("2019-07-02"), 1), CALC_CLOSED);
}

static void test_report_late(void **state)
{
	calc_month dec = month("2019-12");

	assert_false(calc_report_late(dec, day("2020-01-01"), 10));
	assert_false(calc_report_late(dec, day("2020-01-10"), 10));	/* the last day is on time */
	assert_true(calc_report_late(dec, day("2020-01-11"), 10));
	assert_true(calc_report_late(dec, day("2020-03-01"), 10));
	assert_false(calc_report_late(dec, day("2019-12-20"), 10));	/* early: not late */
	assert_false(calc_report_late(dec, day("2020-01-15"), 20));
	assert_true(calc_report_late(dec, day("2020-01-15"), 14));
}

/* ---- sums ---------------------------------------------------------------- */

/* Nov 2019 1.00 元, Dec 2019 2.00 元, Jan 2020 4.00 元, Mar 2020 8.00 元 (no February report). */
static const struct calc_report reports[] = {
	{ 24238, 100 },	/* 2019-11 */
	{ 24239, 200 },	/* 2019-12 */
	{ 24240, 400 },	/* 2020-01 */
	{ 24242, 800 },	/* 2020-03 */
};
#define NREPORTS (sizeof(reports) / sizeof(reports[0]))

static void test_ytd_year_boundary(void **state)
{
	assert_int_equal(reports[0].month, month("2019-11"));
	assert_int_equal(reports[3].month, month("2020-03"));

	/* ytd(2020-03) = Jan + Mar = 400 + 800; 2019's reports do not count. */
	assert_int_equal(calc_ytd(reports, NREPORTS, month("2020-03")), 1200);
	/* ytd(2020-02) = Jan alone (February has no report). */
	assert_int_equal(calc_ytd(reports, NREPORTS, month("2020-02")), 400);
	/* A January's year-to-date is that January alone. */
	assert_int_equal(calc_ytd(reports, NREPORTS, month("2020-01")), 400);
	/* ytd(2019-12) = Nov + Dec = 300. */
	assert_int_equal(calc_ytd(reports, NREPORTS, month("2019-12")), 300);
	assert_int_equal(calc_ytd(reports, NREPORTS, month("2019-11")), 100);
	assert_int_equal(calc_ytd(reports, NREPORTS, month("2019-10")), 0);
	assert_int_equal(calc_ytd(reports, NREPORTS, month("2020-12")), 1200);
	assert_int_equal(calc_ytd(reports, NREPORTS, month("2021-01")), 0);
}

static void test_to_date(void **state)
{
	/* to_date(2020-03) = all four = 100 + 200 + 400 + 800. */
	assert_int_equal(calc_to_date(reports, NREPORTS, month("2020-03")), 1500);
	assert_int_equal(calc_to_date(reports, NREPORTS, month("2020-02")), 700);
	assert_int_equal(calc_to_date(reports, NREPORTS, month("2020-01")), 700);
	assert_int_equal(calc_to_date(reports, NREPORTS, month("2019-12")), 300);
	assert_int_equal(calc_to_date(reports, NREPORTS, month("2019-10")), 0);
	assert_int_equal(calc_to_date(reports, NREPORTS, month("2030-01")), 1500);

	/* No reports at all. */
	assert_int_equal(calc_to_date(NULL, 0, month("2020-03")), 0);
	assert_int_equal(calc_ytd(NULL, 0, month("2020-03")), 0);
}

static void test_sums_order_and_overflow(void **state)
{
	/* The order is not relied on. */
	static const struct calc_report shuffled[] = {
		{ 24242, 800 }, { 24238, 100 }, { 24240, 400 }, { 24239, 200 },
	};
	/* 10^15 fen (10 万亿元) a month: 12 of them are 1.2e16, far from the limit. */
	struct calc_report big[12];
	/* Beyond any real figure: saturates instead of wrapping. */
	static const struct calc_report huge[] = {
		{ 24240, INT64_MAX }, { 24241, 1 }, { 24242, INT64_MAX },
	};
	static const struct calc_report neg[] = {
		{ 24240, -INT64_MAX }, { 24241, -INT64_MAX },
	};
	int i;

	assert_int_equal(calc_ytd(shuffled, 4, month("2020-03")), 1200);
	assert_int_equal(calc_to_date(shuffled, 4, month("2020-02")), 700);

	for (i = 0; i < 12; i++) {
		big[i].month = calc_month_make(2020, i + 1);
		big[i].investment_fen = 1000000000000000LL;
	}
	assert_int_equal(calc_ytd(big, 12, month("2020-12")), 12000000000000000LL);
	assert_int_equal(calc_ytd(big, 12, month("2020-06")), 6000000000000000LL);

	assert_int_equal(calc_to_date(huge, 3, month("2020-03")), INT64_MAX);
	assert_int_equal(calc_ytd(huge, 3, month("2020-02")), INT64_MAX);
	assert_int_equal(calc_to_date(neg, 2, month("2020-03")), -INT64_MAX);
}

/* ---- basis points -------------------------------------------------------- */

static void test_bp_rounding(void **state)
{
	assert_int_equal(calc_bp(1, 3), 3333);		/* 33.333… % */
	assert_int_equal(calc_bp(2, 3), 6667);		/* 66.666… % rounds up */
	assert_int_equal(calc_bp(1, 8), 1250);		/* exact */
	assert_int_equal(calc_bp(3, 3), 10000);
	assert_int_equal(calc_bp(0, 3), 0);
	assert_int_equal(calc_bp(3, 2), 15000);		/* over plan: 150 % */
	/* Half a basis point rounds away from zero: 1/20000 = 0.5 bp → 1, 3/20000 = 1.5 bp → 2. */
	assert_int_equal(calc_bp(1, 20000), 1);
	assert_int_equal(calc_bp(3, 20000), 2);
	assert_int_equal(calc_bp(1, 30000), 0);		/* 0.333 bp */
	assert_int_equal(calc_bp(2, 30000), 1);		/* 0.667 bp */
	/* 1/6 = 1666.67 → 1667, 5/12 = 4166.67 → 4167, 1/12 = 833.33 → 833. */
	assert_int_equal(calc_bp(1, 6), 1667);
	assert_int_equal(calc_bp(5, 12), 4167);
	assert_int_equal(calc_bp(1, 12), 833);
}

static void test_bp_no_plan_and_negative(void **state)
{
	/* whole <= 0: no plan, 0 (the caller shows "no plan"). */
	assert_int_equal(calc_bp(5, 0), 0);
	assert_int_equal(calc_bp(5, -100), 0);
	assert_int_equal(calc_bp(0, 0), 0);
	/* A negative part is not expected (the API refuses negative investment);
	 * it is mirrored, rounded half away from zero, not hidden. */
	assert_int_equal(calc_bp(-1, 3), -3333);
	assert_int_equal(calc_bp(-2, 3), -6667);
	assert_int_equal(calc_bp(-1, 20000), -1);
	assert_int_equal(calc_bp(INT64_MIN, 1), -INT64_MAX);
}

static void test_bp_large(void **state)
{
	const int64_t e15 = 1000000000000000LL;

	/* part * 10000 would overflow int64 from 9.2e14 fen on: none of these may. */
	assert_int_equal(calc_bp(e15, e15), 10000);
	assert_int_equal(calc_bp(e15, 3 * e15), 3333);
	assert_int_equal(calc_bp(2 * e15, 3 * e15), 6667);
	assert_int_equal(calc_bp(e15 - 1, e15), 10000);		/* 9999.99999999999 bp */
	assert_int_equal(calc_bp(e15 / 2, e15), 5000);
	assert_int_equal(calc_bp(e15 / 20000, e15), 1);		/* 0.5 bp */
	assert_int_equal(calc_bp(e15 / 20000 - 1, e15), 0);
	assert_int_equal(calc_bp(e15, 7), 1428571428571428571LL);	/* 10^19/7 = 1428571428571428571.43 */
	assert_int_equal(calc_bp(INT64_MAX, INT64_MAX), 10000);
	assert_int_equal(calc_bp(INT64_MAX - 1, INT64_MAX), 10000);
	assert_int_equal(calc_bp(INT64_MAX / 2, INT64_MAX), 5000);	/* 4999.99999… */
	assert_int_equal(calc_bp(1, INT64_MAX), 0);
	/* INT64_MAX / 10000 = 922337203685477.5807: the largest ratio that fits. */
	assert_int_equal(calc_bp(922337203685477LL, 1), 9223372036854770000LL);
	assert_int_equal(calc_bp(922337203685478LL, 1), INT64_MAX);	/* saturates */
	assert_int_equal(calc_bp(e15, 1), INT64_MAX);
	assert_int_equal(calc_bp(INT64_MAX, 1), INT64_MAX);
	assert_int_equal(calc_bp(-e15, 1), -INT64_MAX);
}

/* Against 128-bit arithmetic (test only; the module needs none) on pseudo-random operands. */
static void test_bp_reference(void **state)
{
	uint64_t x = 0x9E3779B97F4A7C15ULL;
	int i;

	for (i = 0; i < 200000; i++) {
		int64_t part, whole, want;
		unsigned __int128 num, q, rem;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		/* Mix scales: tiny, around 10^15, and the full range. */
		switch (i % 3) {
		case 0:
			part = (int64_t)(x % 1000);
			whole = (int64_t)((x >> 20) % 1000);
			break;
		case 1:
			part = (int64_t)(x % 1000000000000001ULL);
			whole = (int64_t)((x >> 7) % 1000000000000001ULL);
			break;
		default:
			part = (int64_t)(x >> 1);
			whole = (int64_t)((x << 3 | x >> 61) >> 1);
			break;
		}
		if (whole <= 0) {
			assert_int_equal(calc_bp(part, whole), 0);
			continue;
		}
		num = (unsigned __int128)(uint64_t)part * 10000;
		q = num / (uint64_t)whole;
		rem = num % (uint64_t)whole;
		if (2 * rem >= (uint64_t)whole)
			q++;
		want = q > INT64_MAX ? INT64_MAX : (int64_t)q;
		if (calc_bp(part, whole) != want)
			fail_msg("calc_bp(%lld, %lld) = %lld, want %lld", (long long)part,
				 (long long)whole, (long long)calc_bp(part, whole), (long long)want);
	}
}

/* ---- the lag rule -------------------------------------------------------- */

static void test_lag_worked_example(void **state)
{
	int64_t actual = -1, expected = -1;
	/* Plan for 2019: 1,200,000.00 元 = 120000000 fen. End of June: 6 months elapsed. */
	const int64_t plan = 120000000;

	/* Completed 300,000.00 元 = 30000000 fen: 30000000 / 120000000 = 25.00 % = 2500 bp.
	 * Expected: 6/12 = 50.00 % minus 15 pp = 35.00 % = 3500 bp. 2500 < 3500 → lagging. */
	assert_true(calc_lagging(30000000, plan, 6, 15, &actual, &expected));
	assert_int_equal(actual, 2500);
	assert_int_equal(expected, 3500);

	/* Completed 450,000.00 元: 450000 / 1200000 = 37.50 % = 3750 bp ≥ 3500 → not lagging. */
	assert_false(calc_lagging(45000000, plan, 6, CALC_LAG_THRESHOLD_DEFAULT, &actual, &expected));
	assert_int_equal(actual, 3750);
	assert_int_equal(expected, 3500);
}

static void test_lag_threshold_edge(void **state)
{
	int64_t actual = -1, expected = -1;
	const int64_t plan = 120000000;

	/* Exactly at the line: 420,000.00 元 = 35.00 % = 3500 bp = expected → not lagging. */
	assert_false(calc_lagging(42000000, plan, 6, 15, &actual, &expected));
	assert_int_equal(actual, 3500);
	assert_int_equal(expected, 3500);
	/* One bp below: 41,988,000 fen = 34.99 % → lagging. */
	assert_true(calc_lagging(41988000, plan, 6, 15, &actual, &expected));
	assert_int_equal(actual, 3499);
	/* The rule compares the figures shown: 41,994,000 fen is 3499.5 bp, shown as 35.00 %,
	 * so it does not lag; 41,993,999 fen is 3499.49992 bp, shown as 34.99 %, and lags. */
	assert_false(calc_lagging(41994000, plan, 6, 15, &actual, &expected));
	assert_int_equal(actual, 3500);
	assert_true(calc_lagging(41993999, plan, 6, 15, &actual, &expected));
	assert_int_equal(actual, 3499);

	/* Five months: 5/12 = 41.67 % (4167 bp) − 15 pp = 2667 bp. 32,000,000 fen is
	 * 26.6667 % = 2667 bp: not lagging; 31,980,000 fen is 26.65 % = 2665 bp: lagging. */
	assert_false(calc_lagging(32000000, plan, 5, 15, &actual, &expected));
	assert_int_equal(actual, 2667);
	assert_int_equal(expected, 2667);
	assert_true(calc_lagging(31980000, plan, 5, 15, &actual, &expected));
	assert_int_equal(actual, 2665);
	/* 31,999,999 fen is 2666.6666 bp, a hair under 5/12 − 15 pp exactly, but shown as
	 * 26.67 % like the expected figure: not lagging (the message never contradicts itself). */
	assert_false(calc_lagging(31999999, plan, 5, 15, &actual, &expected));
	assert_int_equal(actual, 2667);
}

static void test_lag_no_plan_and_edges(void **state)
{
	int64_t actual = -1, expected = -1;
	const int64_t plan = 120000000;

	/* No plan for the year: never lags, whatever was completed. */
	assert_false(calc_lagging(0, 0, 12, 15, &actual, &expected));
	assert_int_equal(actual, 0);
	assert_int_equal(expected, 8500);
	assert_false(calc_lagging(5, -1, 12, 15, &actual, &expected));
	assert_int_equal(actual, 0);

	/* No month elapsed: never lags; the expected figure is 0 − 15 pp. */
	assert_false(calc_lagging(0, plan, 0, 15, &actual, &expected));
	assert_int_equal(actual, 0);
	assert_int_equal(expected, -1500);

	/* First month, 15 pp: 1/12 = 833 bp − 1500 = −667 bp, nothing can lag yet. */
	assert_false(calc_lagging(0, plan, 1, 15, &actual, &expected));
	assert_int_equal(expected, -667);
	/* Second month: 1667 − 1500 = 167 bp; nothing done yet lags. */
	assert_true(calc_lagging(0, plan, 2, 15, &actual, &expected));
	assert_int_equal(expected, 167);

	/* Year over, nothing done: 0 < 10000 − 1500 = 8500. */
	assert_true(calc_lagging(0, plan, 12, 15, &actual, &expected));
	assert_int_equal(expected, 8500);
	/* Threshold 0, the whole plan done: 10000 = 10000, not lagging. */
	assert_false(calc_lagging(plan, plan, 12, 0, &actual, &expected));
	assert_int_equal(actual, 10000);
	assert_int_equal(expected, 10000);

	/* Out-of-range arguments are clamped: 13 months → 12, threshold 150 → 100, −5 → 0. */
	assert_true(calc_lagging(0, plan, 13, 15, &actual, &expected));
	assert_int_equal(expected, 8500);
	assert_false(calc_lagging(0, plan, 12, 150, &actual, &expected));
	assert_int_equal(expected, 0);
	assert_true(calc_lagging(plan - 1000000, plan, 12, -5, &actual, &expected));
	assert_int_equal(expected, 10000);
	assert_false(calc_lagging(0, plan, -3, 15, &actual, &expected));
	assert_int_equal(expected, -1500);

	/* Amounts of 10^15 fen: no overflow. 6·10^14 / 1.2·10^15 = 50 % ≥ 35 %. */
	assert_false(calc_lagging(600000000000000LL, 1200000000000000LL, 6, 15, &actual, &expected));
	assert_int_equal(actual, 5000);

	/* Either output may be NULL. */
	assert_true(calc_lagging(30000000, plan, 6, 15, NULL, NULL));
}

/* ---- months due ---------------------------------------------------------- */

static void test_months_due(void **state)
{
	/* 2019-07-10, close_day 10: June's window is open until the end of today → Jan..May = 5. */
	assert_int_equal(calc_months_due(2019, day("2019-07-10"), 10), 5);
	/* 2019-07-11: June's closed too → 6. */
	assert_int_equal(calc_months_due(2019, day("2019-07-11"), 10), 6);
	assert_int_equal(calc_months_due(2019, day("2019-07-01"), 1), 5);
	assert_int_equal(calc_months_due(2019, day("2019-07-02"), 1), 6);
	assert_int_equal(calc_months_due(2019, day("2019-07-28"), 28), 5);
	assert_int_equal(calc_months_due(2019, day("2019-07-29"), 28), 6);
	assert_int_equal(calc_months_due(2019, day("2019-07-31"), 28), 6);

	/* Early in the year: January's window is in February. */
	assert_int_equal(calc_months_due(2019, day("2019-01-01"), 10), 0);
	assert_int_equal(calc_months_due(2019, day("2019-02-10"), 10), 0);
	assert_int_equal(calc_months_due(2019, day("2019-02-11"), 10), 1);

	/* Early January 2020: December 2019's window is open until 2020-01-10. */
	assert_int_equal(calc_months_due(2020, day("2020-01-05"), 10), 0);
	assert_int_equal(calc_months_due(2019, day("2020-01-05"), 10), 11);
	assert_int_equal(calc_months_due(2019, day("2020-01-10"), 10), 11);
	assert_int_equal(calc_months_due(2019, day("2020-01-11"), 10), 12);
	assert_int_equal(calc_months_due(2020, day("2020-01-11"), 10), 0);
	assert_int_equal(calc_months_due(2019, day("2019-12-31"), 10), 11);	/* Nov closed on 12-10 */

	/* Years long past and not yet begun. */
	assert_int_equal(calc_months_due(2018, day("2020-01-05"), 10), 12);
	assert_int_equal(calc_months_due(2021, day("2020-01-05"), 10), 0);
	assert_int_equal(calc_months_due(2200, day("1900-01-01"), 10), 0);
	assert_int_equal(calc_months_due(1900, day("2200-12-31"), 10), 12);
}

/* months_due agrees with the window state of each month, every day of 2018..2021. */
static void test_months_due_matches_windows(void **state)
{
	static const int close_days[] = { 1, 10, 28 };
	calc_day d;
	size_t c;

	for (c = 0; c < sizeof(close_days) / sizeof(close_days[0]); c++) {
		for (d = day("2018-01-01"); d <= day("2021-12-31"); d++) {
			int year, mon;

			for (year = 2018; year <= 2021; year++) {
				int closed = 0;

				for (mon = 1; mon <= 12; mon++)
					closed += calc_window_state(calc_month_make(year, mon), d,
								    close_days[c]) == CALC_CLOSED;
				assert_int_equal(calc_months_due(year, d, close_days[c]), closed);
			}
		}
	}
}

static void test_due_months(void **state)
{
	calc_month last = 0;

	/* From 2019-03, on 2019-07-11: March..June are due → 4, last 2019-06. */
	assert_int_equal(calc_due_months(month("2019-03"), day("2019-07-11"), 10, &last), 4);
	assert_int_equal(last, month("2019-06"));
	/* On 2019-07-10 June's window is open: March..May → 3. */
	assert_int_equal(calc_due_months(month("2019-03"), day("2019-07-10"), 10, &last), 3);
	assert_int_equal(last, month("2019-05"));
	/* Across the year: from 2019-11, on 2020-01-10 only November; on 01-11 December too. */
	assert_int_equal(calc_due_months(month("2019-11"), day("2020-01-10"), 10, &last), 1);
	assert_int_equal(last, month("2019-11"));
	assert_int_equal(calc_due_months(month("2019-11"), day("2020-01-11"), 10, &last), 2);
	assert_int_equal(last, month("2019-12"));
	/* Started this month or last month, first window not closed: 0, last still given. */
	assert_int_equal(calc_due_months(month("2019-06"), day("2019-07-05"), 10, &last), 0);
	assert_int_equal(last, month("2019-05"));
	assert_int_equal(calc_due_months(month("2019-07"), day("2019-07-20"), 10, &last), 0);
	assert_int_equal(last, month("2019-06"));
	/* Four whole years: 2017-01 .. 2020-12 on 2021-01-11 → 48. */
	assert_int_equal(calc_due_months(month("2017-01"), day("2021-01-11"), 10, NULL), 48);
	assert_int_equal(calc_due_months(month("2017-01"), day("2021-01-10"), 10, NULL), 47);
}

/* The "report missing" rule on two consecutive days: what is new on the second. */
static int missing_on(const struct calc_report *r, size_t n, const char *from, const char *today, calc_month *first,
                      calc_month *last)
{
	calc_month last_due;
	calc_due_months(month(from), day(today), 10, &last_due);
	return calc_missing(r, n, month(from), last_due, first, last);
}

static void test_missing(void **state)
{
	calc_month first = -1, last = -1;
	/* Reports for 2019-01..2019-05 of a project started 2019-01. On 2019-07-10 June's window
	 * is still open: nothing missing (first/last left alone). On 2019-07-11 it has closed:
	 * June is missing — new that day. */
	struct calc_report r[] = { { month("2019-01"), 1 }, { month("2019-02"), 1 }, { month("2019-03"), 1 },
		                   { month("2019-04"), 1 }, { month("2019-05"), 1 } };
	assert_int_equal(missing_on(r, 5, "2019-01", "2019-07-10", &first, &last), 0);
	assert_int_equal(first, -1);
	assert_int_equal(missing_on(r, 5, "2019-01", "2019-07-11", &first, &last), 1);
	assert_int_equal(first, month("2019-06"));
	assert_int_equal(last, month("2019-06"));
	/* Across the year, when the window closes on day 10: reports 2019-10 and 2019-11 of a
	 * project started 2019-09. On 2020-01-10: September missing (first = last = 2019-09); on
	 * 2020-01-11 December falls due too: 2 missing, 2019-09 to 2019-12. */
	struct calc_report q[] = { { month("2019-10"), 5 }, { month("2019-11"), 5 } };
	assert_int_equal(missing_on(q, 2, "2019-09", "2020-01-10", &first, &last), 1);
	assert_int_equal(first, month("2019-09"));
	assert_int_equal(last, month("2019-09"));
	assert_int_equal(missing_on(q, 2, "2019-09", "2020-01-11", &first, &last), 2);
	assert_int_equal(first, month("2019-09"));
	assert_int_equal(last, month("2019-12"));
	/* A gap in the middle; reports outside the range (before the start, the open month) ignored. */
	struct calc_report g[] = { { month("2018-12"), 1 }, { month("2019-01"), 1 }, { month("2019-03"), 1 },
		                   { month("2019-04"), 1 }, { month("2019-05"), 1 }, { month("2019-06"), 1 } };
	assert_int_equal(missing_on(g, 6, "2019-01", "2019-07-05", &first, &last), 1);
	assert_int_equal(first, month("2019-02"));
	assert_int_equal(last, month("2019-02"));
	/* No reports at all; NULL pointers allowed; a project not yet due. */
	assert_int_equal(calc_missing(NULL, 0, month("2019-01"), month("2019-12"), NULL, NULL), 12);
	assert_int_equal(calc_missing(NULL, 0, month("2019-07"), month("2019-06"), &first, &last), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_month_parse),
		cmocka_unit_test(test_month_format),
		cmocka_unit_test(test_month_round_trip),
		cmocka_unit_test(test_day_parse),
		cmocka_unit_test(test_day_format),
		cmocka_unit_test(test_day_round_trip),
		cmocka_unit_test(test_window_year_boundary),
		cmocka_unit_test(test_window_close_day),
		cmocka_unit_test(test_report_late),
		cmocka_unit_test(test_ytd_year_boundary),
		cmocka_unit_test(test_to_date),
		cmocka_unit_test(test_sums_order_and_overflow),
		cmocka_unit_test(test_bp_rounding),
		cmocka_unit_test(test_bp_no_plan_and_negative),
		cmocka_unit_test(test_bp_large),
		cmocka_unit_test(test_bp_reference),
		cmocka_unit_test(test_lag_worked_example),
		cmocka_unit_test(test_lag_threshold_edge),
		cmocka_unit_test(test_lag_no_plan_and_edges),
		cmocka_unit_test(test_months_due),
		cmocka_unit_test(test_months_due_matches_windows),
		cmocka_unit_test(test_due_months),
		cmocka_unit_test(test_missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
