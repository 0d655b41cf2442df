/* stats_calc.h — industry statistics and the scorecard: cumulative to monthly, growth,
 * the path to a target, forecasts and the status rule.
 *
 * Pure computations, as in project_calc.h: no I/O, no SQL, no JSON, no clock.
 * Figures are int64 (fen for money, plain counts otherwise); a rate or share is
 * an integer number of basis points (1 bp = 0.01 %), rounded half away from
 * zero. Quotients are exact for any int64 operands (128-bit intermediates).
 *
 * Growth rates of forecasts are the one place a fractional power is needed
 * ((to / from)^(12 / months)); it is taken in double and rounded to a whole
 * basis point at once, and everything after it works from that rounded rate,
 * so a reader can redo a forecast from the figures shown ("× (1 + 7.25 %)²").
 * No amount of money is ever held in floating point.
 */
#ifndef DOMAIN_STATS_CALC_H
#define DOMAIN_STATS_CALC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STATS_AT_RISK_BAND_DEFAULT 1000 /* bp: a forecast within 10 % short of the target is "at risk" */

/* ---- cumulative (1–M 累计) to monthly --------------------------------------- */

enum stats_cum_flag {
	STATS_CUM_ABSENT = 0, /* no cumulative figure for the month */
	STATS_CUM_MONTHLY,    /* monthly = cum[m] - cum[m-1] (January: cum[1]) */
	STATS_CUM_SPAN,       /* months before m are missing: the value covers from[m]..m */
	STATS_CUM_DECREASE,   /* cum[m] < the previous figure: refused, monthly[m] = 0 */
};

/*
 * One enterprise's year-to-date figures for one year, indexed by month 1..12
 * (index 0 unused): have[m] says whether month m's figure is known. For each
 * known month, monthly[m] = cum[m] - cum[p], p the latest earlier month that
 * is known and was not refused (cum[0] = 0: before January nothing has
 * accumulated). flag[m] tells which case applied; from[m] is the first month
 * the value covers (p + 1). A figure below the one before it is flagged
 * STATS_CUM_DECREASE (monthly 0, from p + 1) and later months are taken
 * against the last accepted figure.
 *
 * Example: cum 100, -, 350, 300, 420 for January..May → January 100
 * (MONTHLY), February ABSENT, March 250 covering 2..3 (SPAN), April refused
 * (DECREASE: 300 < 350), May 70 against March's 350 (SPAN from 4: April's
 * figure was refused, so May's value covers April and May).
 */
void stats_monthly_from_cum(const int64_t cum[13], const bool have[13], int64_t monthly[13], uint8_t flag[13],
                            uint8_t from[13]);

/* ---- growth and shares ------------------------------------------------------- */

/*
 * Growth from base to cur in bp: (cur - base) / base, rounded half away from
 * zero (同比 / 环比). False when there is no base (base <= 0): the caller shows
 * null, never 0 %. 110 over 100 → 1000; 95 over 100 → -500; 1 over 3 → -6667.
 */
bool stats_growth_bp(int64_t cur, int64_t base, int64_t *bp);

/* a * b / c rounded half away from zero, exact (128-bit intermediate); c must be > 0. Saturates at ±INT64_MAX. */
int64_t stats_muldiv(int64_t a, int64_t b, int64_t c);

/*
 * Annualised compound growth from `from` to `to` over `months` months, in bp:
 * (to / from)^(12 / months) - 1. False when from <= 0, to <= 0 or months < 1.
 * 1000 → 1331 over 36 months → 1000 bp (10 %); 100 → 121 over 24 → 1000;
 * 100 → 110 over 6 months → 2100 (1.1² - 1).
 */
bool stats_annual_growth_bp(int64_t from, int64_t to, int months, int64_t *bp);

/* value × (1 + rate_bp / 10000)^years, rounded to a whole unit; years >= 0 (0 gives value). Saturates. */
int64_t stats_compound(int64_t value, int64_t rate_bp, int years);

/* ---- the path to a target ---------------------------------------------------- */

/*
 * The straight path from baseline (at month 0) to target (at month `total`):
 * its value after `elapsed` months, baseline + (target - baseline) × elapsed /
 * total, rounded; elapsed is clamped to 0..total; total < 1 gives target.
 * Baseline 600, target 1000 over 48 months, after 30 → 850.
 */
int64_t stats_path_value(int64_t baseline, int64_t target, int elapsed, int total);

/* ---- forecasts --------------------------------------------------------------- */

/*
 * Trailing compound growth (趋势外推): the annual growth of the last three
 * complete years, annual[0] the oldest and annual[3] the latest complete year
 * Y, applied to the years from Y to the deadline year D:
 *   rate = stats_annual_growth_bp(annual[0], annual[3], 36)
 *   forecast = stats_compound(annual[3], rate, D - Y)
 * False when a year is not positive or D < Y.
 * 1000, 1050, 1150, 1331 for 2016..2019 → rate 1000 bp (1331 / 1000 = 1.1³);
 * deadline 2021 → 1331 × 1.1² = 1610.51 → 1611.
 */
bool stats_forecast_trend(const int64_t annual[4], int latest_year, int deadline_year, int64_t *rate_bp,
                          int64_t *forecast);

/*
 * Seasonal year-to-date extrapolation (季节外推): this year's whole-year
 * estimate from its figure for months 1..m and the same months of n previous
 * complete years: estimate = ytd_now × Σ annual_prev / Σ ytd_prev, i.e. the
 * months 1..m are taken to carry the share of the year they carried then.
 * False when n is 0 or Σ ytd_prev <= 0. Sums saturate.
 * Example: 2020 January–June 480; 2018: 400 of 1000, 2019: 450 of 1100 →
 * 480 × 2100 / 850 = 1185.88 → 1186.
 */
bool stats_forecast_seasonal(int64_t ytd_now, const int64_t *ytd_prev, const int64_t *annual_prev, size_t n,
                             int64_t *estimate);

/*
 * A count's linear pace (按进度外推), for targets counted since the start of
 * the period (projects approved, bases recognised): at the same pace, the
 * count at the deadline is baseline + (now - baseline) × total / elapsed.
 * elapsed < 1 gives now; elapsed is clamped to total.
 */
int64_t stats_forecast_pace(int64_t baseline, int64_t now, int elapsed, int total);

/* ---- the status rule --------------------------------------------------------- */

enum stats_direction { STATS_AT_LEAST, STATS_AT_MOST };

enum stats_status {
	STATS_ACHIEVED,  /* the latest actual meets the target */
	STATS_ON_TRACK,  /* the forecast (or, without one, the actual against the path) meets it */
	STATS_AT_RISK,   /* short of it by no more than the band */
	STATS_OFF_TRACK, /* short by more, or the deadline has passed unmet */
};

/* Which comparison set the status; it is shown beside the status with its figures. */
enum stats_rule {
	STATS_RULE_ACTUAL,    /* actual vs target */
	STATS_RULE_DEADLINE,  /* the deadline passed and the actual falls short */
	STATS_RULE_FORECAST,  /* forecast vs target */
	STATS_RULE_PATH,      /* no forecast: actual vs the straight path at this month */
};

struct stats_judgement {
	enum stats_status status;
	enum stats_rule rule;
	int64_t compared;  /* the figure compared: actual, forecast or actual (path) */
	int64_t against;   /* what it was compared with: target or the path's value */
	int64_t short_bp;  /* how far short, in bp of `against` (0 when it meets it) */
};

/*
 * The status of a target as of a month:
 *  1. the actual meets the target (>= for AT_LEAST, <= for AT_MOST) → ACHIEVED (rule ACTUAL);
 *  2. the deadline has passed (past_deadline) → OFF_TRACK (DEADLINE);
 *  3. with a forecast (has_forecast): it meets the target → ON_TRACK, short by at
 *     most band_bp of the target → AT_RISK, else OFF_TRACK (FORECAST);
 *  4. without one: the actual against path_value, the same three ways (PATH).
 * "Short" for AT_MOST is by how much it exceeds. band_bp < 0 is taken as 0.
 */
struct stats_judgement stats_judge(enum stats_direction dir, int64_t actual, int64_t target, bool past_deadline,
                                   bool has_forecast, int64_t forecast, int64_t path_value, int64_t band_bp);
#endif
