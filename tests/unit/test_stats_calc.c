/* test_stats_calc.c — unit tests of the statistics and scorecard figures, each worked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "domain/stats_calc.h"

struct cum_case {
	int64_t monthly[13];
	uint8_t flag[13], from[13];
};

static struct cum_case convert(const int64_t cum[13], const bool have[13])
{
	struct cum_case c;
	memset(&c, 0xAB, sizeof(c)); /* every slot must be written */
	stats_monthly_from_cum(cum, have, c.monthly, c.flag, c.from);
	return c;
}

static void cum_header_example(void **state)
{
	/* January 100, February missing, March 350, April 300 (a decrease), May 420. */
	int64_t cum[13] = { 0, 100, 0, 350, 300, 420 };
	bool have[13] = { false, true, false, true, true, true };
	struct cum_case c = convert(cum, have);
	(void)state;
	assert_int_equal(c.monthly[1], 100); /* January as is */
	assert_int_equal(c.flag[1], STATS_CUM_MONTHLY);
	assert_int_equal(c.from[1], 1);
	assert_int_equal(c.flag[2], STATS_CUM_ABSENT);
	assert_int_equal(c.monthly[2], 0);
	assert_int_equal(c.monthly[3], 250); /* 350 - 100, covering February and March */
	assert_int_equal(c.flag[3], STATS_CUM_SPAN);
	assert_int_equal(c.from[3], 2);
	assert_int_equal(c.flag[4], STATS_CUM_DECREASE); /* 300 < 350: refused */
	assert_int_equal(c.monthly[4], 0);
	assert_int_equal(c.from[4], 4);
	assert_int_equal(c.monthly[5], 70); /* 420 - 350 (April's figure was refused) */
	assert_int_equal(c.flag[5], STATS_CUM_SPAN);
	assert_int_equal(c.from[5], 4);
	for (int m = 6; m <= 12; m++)
		assert_int_equal(c.flag[m], STATS_CUM_ABSENT);
}

static void cum_import_decrease_then_increase(void **state)
{
	/* The statistics import's case (tests/api/statistics-import.test.mjs): revenue 1–1 100,
	 * 1–2 90 (a decrease), 1–3 150 万元. February is refused; March is taken against
	 * January's 100 and covers February and March (50, SPAN from 2), so the importer,
	 * which stores monthly values only, refuses March on 月份 instead of storing 50. */
	int64_t cum[13] = { 0, 100, 90, 150 };
	bool have[13] = { false, true, true, true };
	struct cum_case c = convert(cum, have);
	(void)state;
	assert_int_equal(c.flag[1], STATS_CUM_MONTHLY);
	assert_int_equal(c.monthly[1], 100);
	assert_int_equal(c.flag[2], STATS_CUM_DECREASE);
	assert_int_equal(c.monthly[2], 0);
	assert_int_equal(c.from[2], 2);
	assert_int_equal(c.flag[3], STATS_CUM_SPAN);
	assert_int_equal(c.monthly[3], 50);
	assert_int_equal(c.from[3], 2);
	/* Exact to the fen: 1–1 100.123456 万元, 1–2 250.123456, 1–3 450.123456 → 150, 200 万元. */
	int64_t fen[13] = { 0, 100123456, 250123456, 450123456 };
	c = convert(fen, have);
	assert_int_equal(c.monthly[1], 100123456);
	assert_int_equal(c.monthly[2], 150000000);
	assert_int_equal(c.monthly[3], 200000000);
	assert_int_equal(c.flag[3], STATS_CUM_MONTHLY);
}

static void cum_plain_year(void **state)
{
	/* 10, 25, 45, ... 10 more each month up to December's 45 + 9 × 20 = 225. */
	int64_t cum[13] = { 0, 10, 25, 45 };
	bool have[13];
	(void)state;
	for (int m = 4; m <= 12; m++)
		cum[m] = cum[m - 1] + 20;
	for (int m = 0; m <= 12; m++)
		have[m] = m > 0;
	struct cum_case c = convert(cum, have);
	assert_int_equal(c.monthly[1], 10);
	assert_int_equal(c.monthly[2], 15);
	assert_int_equal(c.monthly[3], 20);
	assert_int_equal(c.monthly[12], 20);
	int64_t sum = 0;
	for (int m = 1; m <= 12; m++) {
		assert_int_equal(c.flag[m], STATS_CUM_MONTHLY);
		assert_int_equal(c.from[m], m);
		sum += c.monthly[m];
	}
	assert_int_equal(sum, cum[12]); /* the monthly values add back up to December's 225 */
	assert_int_equal(cum[12], 225);
}

static void cum_missing_january_and_flat_month(void **state)
{
	/* Only February (30) and March (30: nothing happened in March). */
	int64_t cum[13] = { 0, 0, 30, 30 };
	bool have[13] = { false, false, true, true };
	struct cum_case c = convert(cum, have);
	(void)state;
	assert_int_equal(c.flag[1], STATS_CUM_ABSENT);
	assert_int_equal(c.monthly[2], 30); /* a year-to-date figure covers January too */
	assert_int_equal(c.flag[2], STATS_CUM_SPAN);
	assert_int_equal(c.from[2], 1);
	assert_int_equal(c.monthly[3], 0); /* equal is not a decrease */
	assert_int_equal(c.flag[3], STATS_CUM_MONTHLY);
}

static void growth(void **state)
{
	int64_t bp = 42;
	(void)state;
	assert_true(stats_growth_bp(110, 100, &bp));
	assert_int_equal(bp, 1000);
	assert_true(stats_growth_bp(95, 100, &bp));
	assert_int_equal(bp, -500);
	assert_true(stats_growth_bp(1, 3, &bp)); /* -2/3 = -66.666…% */
	assert_int_equal(bp, -6667);
	assert_true(stats_growth_bp(9, 8, &bp)); /* 1/8 */
	assert_int_equal(bp, 1250);
	assert_true(stats_growth_bp(20001, 20000, &bp)); /* 0.5 bp rounds away from zero */
	assert_int_equal(bp, 1);
	assert_true(stats_growth_bp(19999, 20000, &bp));
	assert_int_equal(bp, -1);
	assert_true(stats_growth_bp(0, 100, &bp));
	assert_int_equal(bp, -10000);
	bp = 42;
	assert_false(stats_growth_bp(100, 0, &bp)); /* no base: null, not 0 % */
	assert_false(stats_growth_bp(100, -5, &bp));
	assert_int_equal(bp, 42);
	/* 10^14 fen over 1 fen: exact; 10^15 over 1 would be 10^19 bp and saturates. */
	assert_true(stats_growth_bp(100000000000000LL, 1, &bp));
	assert_int_equal(bp, (100000000000000LL - 1) * 10000);
	assert_true(stats_growth_bp(1000000000000000LL, 1, &bp));
	assert_int_equal(bp, INT64_MAX);
}

static void muldiv(void **state)
{
	(void)state;
	assert_int_equal(stats_muldiv(480, 2100, 850), 1186); /* 1185.88 */
	assert_int_equal(stats_muldiv(-7, 1, 2), -4);         /* -3.5 away from zero */
	assert_int_equal(stats_muldiv(7, 1, 2), 4);
	assert_int_equal(stats_muldiv(INT64_MAX, INT64_MAX, INT64_MAX), INT64_MAX); /* exact, no overflow */
	assert_int_equal(stats_muldiv(INT64_MAX, 2, 1), INT64_MAX);                 /* saturates */
	assert_int_equal(stats_muldiv(5, 5, 0), 0);
}

static void annual_growth(void **state)
{
	int64_t bp = 42;
	(void)state;
	assert_true(stats_annual_growth_bp(1000, 1331, 36, &bp)); /* 1.1³ = 1.331 */
	assert_int_equal(bp, 1000);
	assert_true(stats_annual_growth_bp(100, 121, 24, &bp)); /* 1.1² */
	assert_int_equal(bp, 1000);
	assert_true(stats_annual_growth_bp(100, 110, 6, &bp)); /* 10 % in half a year: 1.1² - 1 a year */
	assert_int_equal(bp, 2100);
	assert_true(stats_annual_growth_bp(100, 100, 12, &bp));
	assert_int_equal(bp, 0);
	assert_true(stats_annual_growth_bp(200, 100, 12, &bp));
	assert_int_equal(bp, -5000);
	/* From 700 (2017) to 1000 in 2020: (10/7)^(1/3) = 1.12624… → 1262 bp. */
	assert_true(stats_annual_growth_bp(700, 1000, 36, &bp));
	assert_int_equal(bp, 1262);
	bp = 42;
	assert_false(stats_annual_growth_bp(0, 100, 12, &bp));
	assert_false(stats_annual_growth_bp(100, 0, 12, &bp));
	assert_false(stats_annual_growth_bp(100, 110, 0, &bp));
	assert_int_equal(bp, 42);
}

static void compound(void **state)
{
	(void)state;
	assert_int_equal(stats_compound(1331, 1000, 2), 1611); /* 1610.51 */
	assert_int_equal(stats_compound(100, 1000, 3), 133);   /* 133.1 */
	assert_int_equal(stats_compound(15, 1000, 1), 17);     /* 16.5 away from zero */
	assert_int_equal(stats_compound(-15, 1000, 1), -17);
	assert_int_equal(stats_compound(1000, -5000, 1), 500);
	assert_int_equal(stats_compound(1000, -20000, 1), 0); /* below -100 % is -100 % */
	assert_int_equal(stats_compound(777, 1234, 0), 777);
	assert_int_equal(stats_compound(INT64_MAX, 1000, 1), INT64_MAX);
	assert_int_equal(stats_compound(1000000, 1000000000000LL, 30), INT64_MAX); /* absurd rate: saturates */
	/* 100 billion yuan in fen at 7.25 % for 3 years: 10^13 × 1.0725³ = 1.233649828125e13, exact. */
	assert_int_equal(stats_compound(10000000000000LL, 725, 3), 12336498281250LL);
}

static void path(void **state)
{
	(void)state;
	assert_int_equal(stats_path_value(600, 1000, 30, 48), 850); /* 600 + 400 × 30 / 48 */
	assert_int_equal(stats_path_value(600, 1000, 0, 48), 600);
	assert_int_equal(stats_path_value(600, 1000, 60, 48), 1000); /* past the deadline: the target */
	assert_int_equal(stats_path_value(600, 1000, -3, 48), 600);
	assert_int_equal(stats_path_value(1000, 600, 12, 48), 900); /* an "at most" path goes down */
	assert_int_equal(stats_path_value(0, 10, 1, 3), 3);         /* 3.33 */
	assert_int_equal(stats_path_value(0, 10, 2, 3), 7);         /* 6.67 */
	assert_int_equal(stats_path_value(5, 9, 0, 0), 9);
}

static void trend(void **state)
{
	const int64_t annual[4] = { 1000, 1050, 1150, 1331 };
	const int64_t with_zero[4] = { 0, 1050, 1150, 1331 };
	int64_t rate = 42, f = 42;
	(void)state;
	assert_true(stats_forecast_trend(annual, 2019, 2021, &rate, &f));
	assert_int_equal(rate, 1000);
	assert_int_equal(f, 1611);
	assert_true(stats_forecast_trend(annual, 2019, 2019, &rate, &f)); /* deadline is the latest year */
	assert_int_equal(f, 1331);
	rate = f = 42;
	assert_false(stats_forecast_trend(annual, 2019, 2018, &rate, &f));
	assert_false(stats_forecast_trend(with_zero, 2019, 2020, &rate, &f));
	assert_int_equal(rate, 42);
	assert_int_equal(f, 42);
}

static void seasonal(void **state)
{
	const int64_t ytd[2] = { 400, 450 }, annual[2] = { 1000, 1100 };
	const int64_t zero[2] = { 0, 0 };
	int64_t est = 42;
	(void)state;
	assert_true(stats_forecast_seasonal(480, ytd, annual, 2, &est)); /* 480 × 2100 / 850 = 1185.88 */
	assert_int_equal(est, 1186);
	assert_true(stats_forecast_seasonal(480, ytd, annual, 1, &est)); /* 480 × 1000 / 400 */
	assert_int_equal(est, 1200);
	est = 42;
	assert_false(stats_forecast_seasonal(480, ytd, annual, 0, &est));
	assert_false(stats_forecast_seasonal(480, zero, annual, 2, &est));
	assert_int_equal(est, 42);
}

static void pace(void **state)
{
	(void)state;
	assert_int_equal(stats_forecast_pace(0, 30, 18, 36), 60);  /* half the time, half the way */
	assert_int_equal(stats_forecast_pace(5, 20, 24, 48), 35);  /* 5 + 15 × 2 */
	assert_int_equal(stats_forecast_pace(0, 7, 0, 36), 7);     /* nothing elapsed: the count as it is */
	assert_int_equal(stats_forecast_pace(0, 30, 40, 36), 30);  /* past the end: the count itself */
	assert_int_equal(stats_forecast_pace(0, 10, 3, 36), 120);
	assert_int_equal(stats_forecast_pace(0, 1, 7, 36), 5);     /* 5.14 */
}

static void judge(void **state)
{
	struct stats_judgement j;
	(void)state;
	j = stats_judge(STATS_AT_LEAST, 1000, 1000, false, false, 0, 0, 1000);
	assert_int_equal(j.status, STATS_ACHIEVED);
	assert_int_equal(j.rule, STATS_RULE_ACTUAL);
	j = stats_judge(STATS_AT_LEAST, 1200, 1000, true, false, 0, 0, 1000); /* achieved stays achieved */
	assert_int_equal(j.status, STATS_ACHIEVED);
	j = stats_judge(STATS_AT_LEAST, 900, 1000, true, true, 5000, 0, 1000);
	assert_int_equal(j.status, STATS_OFF_TRACK);
	assert_int_equal(j.rule, STATS_RULE_DEADLINE);
	assert_int_equal(j.short_bp, 1000);
	j = stats_judge(STATS_AT_LEAST, 800, 1000, false, true, 1050, 0, 1000);
	assert_int_equal(j.status, STATS_ON_TRACK);
	assert_int_equal(j.rule, STATS_RULE_FORECAST);
	assert_int_equal(j.compared, 1050);
	assert_int_equal(j.against, 1000);
	assert_int_equal(j.short_bp, 0);
	j = stats_judge(STATS_AT_LEAST, 800, 1000, false, true, 950, 0, 1000);
	assert_int_equal(j.status, STATS_AT_RISK);
	assert_int_equal(j.short_bp, 500);
	j = stats_judge(STATS_AT_LEAST, 800, 1000, false, true, 900, 0, 1000); /* exactly the band */
	assert_int_equal(j.status, STATS_AT_RISK);
	assert_int_equal(j.short_bp, 1000);
	j = stats_judge(STATS_AT_LEAST, 800, 1000, false, true, 899, 0, 1000); /* 10.1 % short */
	assert_int_equal(j.status, STATS_OFF_TRACK);
	assert_int_equal(j.short_bp, 1010);
	j = stats_judge(STATS_AT_LEAST, 840, 1000, false, false, 0, 850, 1000); /* 10 / 850 = 1.18 % */
	assert_int_equal(j.status, STATS_AT_RISK);
	assert_int_equal(j.rule, STATS_RULE_PATH);
	assert_int_equal(j.compared, 840);
	assert_int_equal(j.against, 850);
	assert_int_equal(j.short_bp, 118);
	j = stats_judge(STATS_AT_LEAST, 860, 1000, false, false, 0, 850, 1000);
	assert_int_equal(j.status, STATS_ON_TRACK);
	j = stats_judge(STATS_AT_LEAST, 840, 1000, false, false, 0, 850, -5); /* no band: any shortfall is off */
	assert_int_equal(j.status, STATS_OFF_TRACK);
	/* At most: 90 ≤ 100 is achieved; a forecast of 105 exceeds by 5 %. */
	j = stats_judge(STATS_AT_MOST, 90, 100, false, false, 0, 0, 1000);
	assert_int_equal(j.status, STATS_ACHIEVED);
	j = stats_judge(STATS_AT_MOST, 120, 100, false, true, 105, 0, 1000);
	assert_int_equal(j.status, STATS_AT_RISK);
	assert_int_equal(j.short_bp, 500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cum_header_example),
		cmocka_unit_test(cum_import_decrease_then_increase),
		cmocka_unit_test(cum_plain_year),
		cmocka_unit_test(cum_missing_january_and_flat_month),
		cmocka_unit_test(growth),
		cmocka_unit_test(muldiv),
		cmocka_unit_test(annual_growth),
		cmocka_unit_test(compound),
		cmocka_unit_test(path),
		cmocka_unit_test(trend),
		cmocka_unit_test(seasonal),
		cmocka_unit_test(pace),
		cmocka_unit_test(judge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
