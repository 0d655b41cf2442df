/* project_calc.h — key-project figures: months, dates, report windows, year-to-date sums, the lag rule.
 *
 * Pure computations for monthly progress reports (月度调度) and warnings (预警):
 * no I/O, no SQL, no JSON, no clock (the caller passes "today") and no
 * floating point. Money is int64 fen; a percentage is an integer number of
 * basis points (1 bp = 0.01 %, 10000 bp = 100 %), rounded half away from
 * zero (四舍五入) as Chinese statistical tables round.
 *
 * Months and days are plain integers so that they sort, subtract and key a
 * table without a struct: a calc_month counts months from year 0, a calc_day
 * counts days from 1970-01-01. The parsers accept years 1900..2200 only; the
 * other functions are defined (no undefined behaviour) for any argument, and
 * correct for every month and day of years 0..9999.
 *
 * Amounts are expected up to 10^15 fen (10 万亿元) each; sums saturate at
 * ±INT64_MAX instead of wrapping, and no intermediate product overflows.
 */
#ifndef DOMAIN_PROJECT_CALC_H
#define DOMAIN_PROJECT_CALC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CALC_CLOSE_DAY_DEFAULT	10	/* the window for M closes after day 10 of M+1 */
#define CALC_CLOSE_DAY_MIN	1
#define CALC_CLOSE_DAY_MAX	28	/* every month has a day 28 */
#define CALC_LAG_THRESHOLD_DEFAULT 15	/* percentage points below months/12 */
#define CALC_YEAR_MIN		1900	/* years the parsers accept */
#define CALC_YEAR_MAX		2200
#define CALC_BP_WHOLE		10000	/* 100 % in basis points */

/* ---- months -------------------------------------------------------------- */

/* A month as an integer: year * 12 + (month - 1). "2019-03" ↔ 2019*12+2 = 24230. */
typedef int32_t calc_month;

/*
 * Parses exactly "YYYY-MM": four digits, '-', two digits, nothing before or
 * after, the year in 1900..2200 and the month in 01..12. "2019-3", "19-03",
 * "2019-13", "2019-00", "2019-03x", " 2019-03" and NULL are all refused.
 * Returns 0, or -1 with *out left alone.
 */
int calc_month_parse(const char *yyyy_mm, calc_month *out);
/* Writes "YYYY-MM" and a NUL (8 bytes). A year outside 0..9999 is clamped to it. */
void calc_month_format(calc_month m, char out[8]);
/* The year and the month of the year (1..12) of m; floor division, so sound for m < 0 too. */
int calc_month_year(calc_month m);
int calc_month_of_year(calc_month m);
/* The month numbered by year and month of the year (1..12): calc_month_make(2019, 3) is "2019-03". */
calc_month calc_month_make(int year, int mon);

/* ---- days ---------------------------------------------------------------- */

/* A date as days since 1970-01-01 in the proleptic Gregorian calendar (1969-12-31 is -1). */
typedef int32_t calc_day;

/*
 * Parses exactly "YYYY-MM-DD", a real date of years 1900..2200: February has
 * 29 days in leap years (divisible by 4, except centuries not divisible by
 * 400: 2000-02-29 and 2020-02-29 exist, 1900-02-29 and 2019-02-29 do not).
 * Returns 0, or -1 with *out left alone.
 */
int calc_day_parse(const char *yyyy_mm_dd, calc_day *out);
/* Writes "YYYY-MM-DD" and a NUL (11 bytes). A year outside 0..9999 is clamped to it. */
void calc_day_format(calc_day d, char out[11]);
/*
 * The day numbered by year, month and day of the month, not validated but
 * rolled over as a calendar does: month 13 is January of the next year, day 0
 * the last day of the previous month, 2019-02-29 is 2019-03-01.
 */
calc_day calc_day_make(int year, int mon, int mday);
/* The month d falls in, and its day of the month (1..31). */
calc_month calc_day_month(calc_day d);
int calc_day_of_month(calc_day d);

/* ---- report windows ------------------------------------------------------ */

/*
 * The report window for month m opens on day 1 of m+1 and closes at the end
 * of day close_day of m+1: for 2019-06 with close_day 10, 2019-07-01 to
 * 2019-07-10 inclusive. December's window is in the next January: 2019-12
 * opens 2020-01-01 and closes 2020-01-10.
 *
 * close_day is 1..28 (CALC_CLOSE_DAY_DEFAULT is 10); a value outside is
 * clamped to that range, so a bad setting can never push a window into the
 * month after next. Validate the setting where it is configured.
 */
calc_day calc_window_open(calc_month m);
/* The last day on which a report for m is still on time. */
calc_day calc_window_close(calc_month m, int close_day);

enum calc_window { CALC_NOT_OPEN, CALC_OPEN, CALC_CLOSED };
/* NOT_OPEN before calc_window_open(m), OPEN up to and including calc_window_close(), CLOSED after. */
enum calc_window calc_window_state(calc_month m, calc_day today, int close_day);
/*
 * True when a report for m submitted on day `submitted` is late: after the
 * window's last day. A report submitted before the window opens is not late
 * (refusing it is the caller's business).
 */
bool calc_report_late(calc_month m, calc_day submitted, int close_day);

/* ---- sums ---------------------------------------------------------------- */

/*
 * One project's reports, sorted by month, months unique. The sums below do
 * not depend on the order, and r may be NULL when n is 0. Investment is
 * never negative in stored reports; a negative figure is summed as it is.
 */
struct calc_report {
	calc_month month;
	int64_t investment_fen;
};

/*
 * Investment of the reports of m's year up to and including m (本年累计).
 * Year boundaries reset it: a January report's year-to-date is that January
 * alone, and no report of the previous year ever counts. Saturates at
 * ±INT64_MAX.
 */
int64_t calc_ytd(const struct calc_report *r, size_t n, calc_month m);
/* Investment of all reports up to and including m, across years (自开工累计). Saturates. */
int64_t calc_to_date(const struct calc_report *r, size_t n, calc_month m);

/*
 * part / whole in basis points, rounded half away from zero: 1/3 → 3333,
 * 2/3 → 6667, 1/8 → 1250, 1/20000 → 1 (0.5 bp rounds up), 1/30000 → 0.
 * Exact for any int64 operands (no intermediate product can overflow).
 *
 * whole <= 0 gives 0: there is no plan, and the caller shows "no plan", not
 * 0 %. part should not be negative (investment never is; the API refuses it);
 * if it is, the figure is mirrored (-1/3 → -3333) rather than hidden. A result
 * beyond ±INT64_MAX (only when |part| / whole exceeds about 9.2 × 10^14)
 * saturates.
 */
int64_t calc_bp(int64_t part, int64_t whole);

/* ---- the lag rule -------------------------------------------------------- */

/*
 * The lag rule (投资进度滞后): this year's completed / this year's plan is
 * below months_elapsed / 12 minus threshold_pp percentage points.
 *
 *   *actual_bp   = calc_bp(ytd_fen, year_plan_fen)
 *   *expected_bp = calc_bp(months_elapsed, 12) - threshold_pp * 100
 *   lagging      = *actual_bp < *expected_bp
 *
 * The comparison is made on the two rounded figures that the message shows,
 * so a warning never reads "25.00 % below 25.00 %"; exactly equal is not
 * lagging. (Rounding moves the edge by at most half a basis point.)
 *
 * Example: plan 120000000 fen (1,200,000.00 元) for 2019, 30000000 fen
 * completed by the end of June (months_elapsed 6), threshold 15: actual 2500
 * bp, expected 5000 - 1500 = 3500 bp → lagging. With 45000000 fen completed:
 * 3750 bp → not lagging.
 *
 * months_elapsed is the number of whole months of the year whose reports are
 * due (calc_months_due()), clamped to 0..12; threshold_pp is clamped to
 * 0..100 (CALC_LAG_THRESHOLD_DEFAULT is 15). No plan (year_plan_fen <= 0)
 * never lags and gives *actual_bp 0; months_elapsed 0 never lags. While
 * months/12 is below the threshold (the first month with 15 pp: 833 - 1500 =
 * -667 bp), *expected_bp is negative and nothing lags. Both figures are
 * always written; either pointer may be NULL.
 */
bool calc_lagging(int64_t ytd_fen, int64_t year_plan_fen, int months_elapsed, int threshold_pp,
		  int64_t *actual_bp, int64_t *expected_bp);

/*
 * Months of year y whose report windows have closed by today (0..12), i.e.
 * whose window state is CALC_CLOSED; the months_elapsed of the lag rule.
 * With close_day 10: on 2019-07-10 June's window is still open → 5; on
 * 2019-07-11 → 6. On 2020-01-05, 0 months of 2020 and 11 of 2019 (December's
 * window closes on 2020-01-10); from 2020-01-11, 12 of 2019. A year not yet
 * begun gives 0, a year long past 12.
 */
int calc_months_due(int year, calc_day today, int close_day);

/*
 * Months in [from, last] where last is the latest month whose window has
 * closed by today: the months a project in progress since `from` must have
 * reported (a missing one is a "report missing" warning). Returns their
 * number, 0 when last < from (a project that started this month or last
 * month, before its first window has closed). *last_due (if not NULL) gets
 * last in every case. A project that has finished reports only up to its
 * completion month: the caller takes the lesser of that and *last_due.
 */
int calc_due_months(calc_month from, calc_day today, int close_day, calc_month *last_due);
/*
 * The months of [from, last_due] that have no report in r (sorted by month,
 * months unique; reports outside the range are ignored): their number, and
 * the first and last of them in *first and *last (either may be NULL; left
 * alone when none is missing). 0 when last_due < from. This is the "report
 * missing" rule once calc_due_months() has given last_due.
 */
int calc_missing(const struct calc_report *r, size_t n, calc_month from, calc_month last_due, calc_month *first,
		 calc_month *last);
#endif
