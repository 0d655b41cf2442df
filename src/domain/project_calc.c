/* project_calc.c — key-project months, days, report windows, sums and the lag rule, in integers only. */
#include "domain/project_calc.h"

#include <limits.h>

/* Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar. */
#define CALC_EPOCH_SHIFT 719468
#define CALC_DAYS_PER_ERA 146097	/* 400 years */

/* Floor division and modulo for b > 0, so that month -1 is December of year -1. */
static int64_t calc_floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static int64_t calc_floor_mod(int64_t a, int64_t b)
{
	return a - calc_floor_div(a, b) * b;
}

static int calc_clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/*
 * Days since 1970-01-01 of a civil date, mon 1..12 and mday 1..31 (H. Hinnant's
 * days_from_civil): years counted from March, so the leap day ends the year.
 */
static int64_t calc_days_from_civil(int64_t y, int mon, int mday)
{
	int64_t era, yoe, doy, doe;

	y -= mon <= 2;
	era = calc_floor_div(y, 400);
	yoe = y - era * 400;					/* 0..399 */
	doy = (153 * (mon > 2 ? mon - 3 : mon + 9) + 2) / 5 + mday - 1; /* 0..365 */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;		/* 0..146096 */
	return era * CALC_DAYS_PER_ERA + doe - CALC_EPOCH_SHIFT;
}

/* The inverse: year, month 1..12 and day 1..31 of a day number. */
static void calc_civil_from_days(int64_t z, int64_t *y, int *mon, int *mday)
{
	int64_t era, doe, yoe, doy, mp;

	z += CALC_EPOCH_SHIFT;
	era = calc_floor_div(z, CALC_DAYS_PER_ERA);
	doe = z - era * CALC_DAYS_PER_ERA;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;				/* 0 is March */
	*mday = (int)(doy - (153 * mp + 2) / 5 + 1);
	*mon = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*mon <= 2);
}

static bool calc_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int calc_month_days(int64_t y, int mon)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return mon == 2 && calc_leap(y) ? 29 : days[mon - 1];
}

/* Reads n ASCII digits at s into *v; false on anything else, NUL included. */
static bool calc_digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

/* Writes n decimal digits of v (0 <= v < 10^n), zero-padded. */
static void calc_put_digits(char *out, int n, int v)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Parses "YYYY-MM" at s (more may follow: the caller checks); year and month checked. */
static bool calc_parse_ym(const char *s, int *y, int *mon)
{
	return calc_digits(s, 4, y) && s[4] == '-' && calc_digits(s + 5, 2, mon) &&
	       *y >= CALC_YEAR_MIN && *y <= CALC_YEAR_MAX && *mon >= 1 && *mon <= 12;
}

static void calc_put_ym(char *out, int64_t y, int mon)
{
	calc_put_digits(out, 4, (int)(y < 0 ? 0 : y > 9999 ? 9999 : y));
	out[4] = '-';
	calc_put_digits(out + 5, 2, mon);
}

/* ---- months -------------------------------------------------------------- */

int calc_month_parse(const char *yyyy_mm, calc_month *out)
{
	int y, mon;

	if (!yyyy_mm || !calc_parse_ym(yyyy_mm, &y, &mon) || yyyy_mm[7] != '\0')
		return -1;
	*out = calc_month_make(y, mon);
	return 0;
}

void calc_month_format(calc_month m, char out[8])
{
	calc_put_ym(out, calc_floor_div(m, 12), (int)calc_floor_mod(m, 12) + 1);
	out[7] = '\0';
}

int calc_month_year(calc_month m)
{
	return (int)calc_floor_div(m, 12);
}

int calc_month_of_year(calc_month m)
{
	return (int)calc_floor_mod(m, 12) + 1;
}

calc_month calc_month_make(int year, int mon)
{
	return (calc_month)((int64_t)year * 12 + mon - 1);
}

/* ---- days ---------------------------------------------------------------- */

int calc_day_parse(const char *yyyy_mm_dd, calc_day *out)
{
	const char *s = yyyy_mm_dd;
	int y, mon, mday;

	if (!s || !calc_parse_ym(s, &y, &mon) || s[7] != '-' || !calc_digits(s + 8, 2, &mday) ||
	    s[10] != '\0')
		return -1;
	if (mday < 1 || mday > calc_month_days(y, mon))
		return -1;
	*out = (calc_day)calc_days_from_civil(y, mon, mday);
	return 0;
}

void calc_day_format(calc_day d, char out[11])
{
	int64_t y;
	int mon, mday;

	calc_civil_from_days(d, &y, &mon, &mday);
	calc_put_ym(out, y, mon);
	out[7] = '-';
	calc_put_digits(out + 8, 2, mday);
	out[10] = '\0';
}

calc_day calc_day_make(int year, int mon, int mday)
{
	int64_t m0 = (int64_t)mon - 1;
	int64_t y = (int64_t)year + calc_floor_div(m0, 12);

	return (calc_day)(calc_days_from_civil(y, (int)calc_floor_mod(m0, 12) + 1, 1) + mday - 1);
}

calc_month calc_day_month(calc_day d)
{
	int64_t y;
	int mon, mday;

	calc_civil_from_days(d, &y, &mon, &mday);
	return (calc_month)(y * 12 + mon - 1);
}

int calc_day_of_month(calc_day d)
{
	int64_t y;
	int mon, mday;

	calc_civil_from_days(d, &y, &mon, &mday);
	return mday;
}

/* ---- report windows ------------------------------------------------------ */

/* Day 1 of month m + 1, worked in 64 bits so that no month overflows on the way. */
static int64_t calc_open64(calc_month m)
{
	int64_t next = (int64_t)m + 1;

	return calc_days_from_civil(calc_floor_div(next, 12), (int)calc_floor_mod(next, 12) + 1, 1);
}

static int64_t calc_close64(calc_month m, int close_day)
{
	return calc_open64(m) + calc_clamp(close_day, CALC_CLOSE_DAY_MIN, CALC_CLOSE_DAY_MAX) - 1;
}

calc_day calc_window_open(calc_month m)
{
	return (calc_day)calc_open64(m);
}

calc_day calc_window_close(calc_month m, int close_day)
{
	return (calc_day)calc_close64(m, close_day);
}

enum calc_window calc_window_state(calc_month m, calc_day today, int close_day)
{
	if (today < calc_open64(m))
		return CALC_NOT_OPEN;
	if (today <= calc_close64(m, close_day))
		return CALC_OPEN;
	return CALC_CLOSED;
}

bool calc_report_late(calc_month m, calc_day submitted, int close_day)
{
	return submitted > calc_close64(m, close_day);
}

/*
 * The latest month whose window has closed by today. Windows close in month
 * order, one per month: that of the month before today's closes on day
 * close_day of today's month, that of the month before it is long closed.
 */
static int64_t calc_last_closed(calc_day today, int close_day)
{
	int64_t y;
	int mon, mday;

	calc_civil_from_days(today, &y, &mon, &mday);
	close_day = calc_clamp(close_day, CALC_CLOSE_DAY_MIN, CALC_CLOSE_DAY_MAX);
	return y * 12 + (mon - 1) - (mday > close_day ? 1 : 2);
}

int calc_months_due(int year, calc_day today, int close_day)
{
	int64_t n = calc_last_closed(today, close_day) - (int64_t)year * 12 + 1;

	return (int)(n < 0 ? 0 : n > 12 ? 12 : n);
}

int calc_due_months(calc_month from, calc_day today, int close_day, calc_month *last_due)
{
	int64_t last = calc_last_closed(today, close_day);
	int64_t n = last - from + 1;

	if (last_due)
		*last_due = (calc_month)last;
	return (int)(n < 0 ? 0 : n > INT_MAX ? INT_MAX : n);
}

/* ---- sums ---------------------------------------------------------------- */

/* a + b, held to ±INT64_MAX rather than wrapping. */
static int64_t calc_add_sat(int64_t a, int64_t b)
{
	if (b > 0 && a > INT64_MAX - b)
		return INT64_MAX;
	if (b < 0 && a < -INT64_MAX - b)
		return -INT64_MAX;
	return a + b;
}

static int64_t calc_sum(const struct calc_report *r, size_t n, calc_month from, calc_month to)
{
	int64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (r[i].month >= from && r[i].month <= to)
			sum = calc_add_sat(sum, r[i].investment_fen);
	return sum;
}

int64_t calc_ytd(const struct calc_report *r, size_t n, calc_month m)
{
	return calc_sum(r, n, (calc_month)(m - calc_floor_mod(m, 12)), m);
}

int64_t calc_to_date(const struct calc_report *r, size_t n, calc_month m)
{
	return calc_sum(r, n, INT32_MIN, m);
}

int64_t calc_bp(int64_t part, int64_t whole)
{
	const uint64_t k = CALC_BP_WHOLE;
	uint64_t a, b, q, r, acc = 0, frac = 0, res;
	bool neg = part < 0;
	int bit;

	if (whole <= 0)
		return 0;
	a = neg ? (uint64_t)0 - (uint64_t)part : (uint64_t)part;
	b = (uint64_t)whole;
	q = a / b;
	r = a % b;
	/*
	 * a * k / b = q * k + r * k / b. The second term by shift-and-add over
	 * the bits of k: frac * b + acc == r * (the bits of k seen so far), and
	 * acc and r stay below b < 2^63, so neither 2 * acc nor acc + r wraps
	 * where r * k would (r may be as large as 9.2e18).
	 */
	for (bit = 13; bit >= 0; bit--) {	/* k < 2^14 */
		acc <<= 1;
		frac <<= 1;
		if (acc >= b) {
			acc -= b;
			frac++;
		}
		if ((k >> bit) & 1) {
			acc += r;
			if (acc >= b) {
				acc -= b;
				frac++;
			}
		}
	}
	if (acc >= b - acc)	/* the rest is at least half: round away from zero */
		frac++;
	res = q > (INT64_MAX - frac) / k ? INT64_MAX : q * k + frac;
	return neg ? -(int64_t)res : (int64_t)res;
}

/* ---- the lag rule -------------------------------------------------------- */

bool calc_lagging(int64_t ytd_fen, int64_t year_plan_fen, int months_elapsed, int threshold_pp,
		  int64_t *actual_bp, int64_t *expected_bp)
{
	int months = calc_clamp(months_elapsed, 0, 12);
	int threshold = calc_clamp(threshold_pp, 0, 100);
	int64_t actual = calc_bp(ytd_fen, year_plan_fen);	/* 0 without a plan */
	int64_t expected = calc_bp(months, 12) - (int64_t)threshold * (CALC_BP_WHOLE / 100);

	if (actual_bp)
		*actual_bp = actual;
	if (expected_bp)
		*expected_bp = expected;
	if (year_plan_fen <= 0 || months == 0)
		return false;
	return actual < expected;
}

int calc_missing(const struct calc_report *r, size_t n, calc_month from, calc_month last_due, calc_month *first,
		 calc_month *last)
{
	int missing = 0;
	size_t k = 0;
	for (calc_month m = from; m <= last_due; m++) {
		while (k < n && r[k].month < m)
			k++;
		if (k < n && r[k].month == m)
			continue;
		if (!missing++ && first)
			*first = m;
		if (last)
			*last = m;
	}
	return missing;
}
