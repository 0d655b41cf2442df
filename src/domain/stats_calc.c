/* stats_calc.c — industry statistics and the scorecard's figures (see stats_calc.h). */
#include "domain/stats_calc.h"
#include <math.h>

typedef __int128 i128;

static int64_t saturate(i128 x)
{
	if (x > INT64_MAX)
		return INT64_MAX;
	if (x < -INT64_MAX)
		return -INT64_MAX;
	return (int64_t)x;
}

/* n / d rounded half away from zero; d > 0. */
static i128 div_round(i128 n, i128 d)
{
	i128 q = n / d, r = n % d;
	if (r < 0)
		r = -r;
	if (2 * r >= d)
		q += n < 0 ? -1 : 1;
	return q;
}

int64_t stats_muldiv(int64_t a, int64_t b, int64_t c)
{
	if (c <= 0)
		return 0;
	return saturate(div_round((i128)a * b, c));
}

void stats_monthly_from_cum(const int64_t cum[13], const bool have[13], int64_t monthly[13], uint8_t flag[13],
                            uint8_t from[13])
{
	int64_t last = 0; /* the last accepted cumulative figure */
	int last_month = 0;
	monthly[0] = 0;
	flag[0] = STATS_CUM_ABSENT;
	from[0] = 0;
	for (int m = 1; m <= 12; m++) {
		monthly[m] = 0;
		from[m] = 0;
		flag[m] = STATS_CUM_ABSENT;
		if (!have[m])
			continue;
		from[m] = (uint8_t)(last_month + 1);
		if (cum[m] < last) {
			flag[m] = STATS_CUM_DECREASE;
			continue;
		}
		monthly[m] = cum[m] - last;
		flag[m] = last_month == m - 1 ? STATS_CUM_MONTHLY : STATS_CUM_SPAN;
		last = cum[m];
		last_month = m;
	}
}

bool stats_growth_bp(int64_t cur, int64_t base, int64_t *bp)
{
	if (base <= 0)
		return false;
	*bp = saturate(div_round(((i128)cur - base) * 10000, base));
	return true;
}

bool stats_annual_growth_bp(int64_t from, int64_t to, int months, int64_t *bp)
{
	if (from <= 0 || to <= 0 || months < 1)
		return false;
	double rate = pow((double)to / (double)from, 12.0 / months) - 1.0;
	double x = rate * 10000.0;
	/* A rate beyond ±10^12 % means nothing; keep llround defined. */
	if (!(x < 1e16))
		x = 1e16;
	*bp = llround(x);
	return true;
}

int64_t stats_compound(int64_t value, int64_t rate_bp, int years)
{
	/* In integers, a year at a time, carrying 10^-8 of a unit and rounding to a
	 * whole unit once at the end. The rate is clamped to -100 %..+10^7 %, so a
	 * year's product stays far inside 128 bits. */
	const i128 scale = 100000000;
	i128 num = (i128)value * scale, limit = (i128)INT64_MAX * scale;
	if (rate_bp < -10000)
		rate_bp = -10000;
	if (rate_bp > 1000000000)
		rate_bp = 1000000000;
	for (int y = 0; y < years; y++) {
		num = div_round(num * (10000 + rate_bp), 10000);
		if (num > limit || num < -limit)
			return num < 0 ? -INT64_MAX : INT64_MAX;
	}
	return saturate(div_round(num, scale));
}

int64_t stats_path_value(int64_t baseline, int64_t target, int elapsed, int total)
{
	if (total < 1)
		return target;
	if (elapsed < 0)
		elapsed = 0;
	if (elapsed > total)
		elapsed = total;
	return saturate((i128)baseline + div_round(((i128)target - baseline) * elapsed, total));
}

bool stats_forecast_trend(const int64_t annual[4], int latest_year, int deadline_year, int64_t *rate_bp,
                          int64_t *forecast)
{
	int64_t rate;
	for (int i = 0; i < 4; i++)
		if (annual[i] <= 0)
			return false;
	if (deadline_year < latest_year || !stats_annual_growth_bp(annual[0], annual[3], 36, &rate))
		return false;
	*rate_bp = rate;
	*forecast = stats_compound(annual[3], rate, deadline_year - latest_year);
	return true;
}

bool stats_forecast_seasonal(int64_t ytd_now, const int64_t *ytd_prev, const int64_t *annual_prev, size_t n,
                             int64_t *estimate)
{
	i128 sy = 0, sa = 0;
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		sy += ytd_prev[i];
		sa += annual_prev[i];
	}
	if (sy <= 0)
		return false;
	/* ytd_now × Σ annual: up to 2^63 × 2^63 × n — clamp the sums first. */
	*estimate = saturate(div_round((i128)ytd_now * saturate(sa), saturate(sy)));
	return true;
}

int64_t stats_forecast_pace(int64_t baseline, int64_t now, int elapsed, int total)
{
	if (elapsed < 1)
		return now;
	if (elapsed > total)
		elapsed = total;
	return saturate((i128)baseline + div_round(((i128)now - baseline) * total, elapsed));
}

/* How far `value` falls short of `goal` in bp of goal, 0 when it meets it. */
static int64_t shortfall_bp(enum stats_direction dir, int64_t value, int64_t goal)
{
	i128 gap = dir == STATS_AT_LEAST ? (i128)goal - value : (i128)value - goal;
	if (gap <= 0)
		return 0;
	if (goal <= 0)
		return INT64_MAX;
	return saturate(div_round(gap * 10000, goal));
}

static bool meets(enum stats_direction dir, int64_t value, int64_t goal)
{
	return dir == STATS_AT_LEAST ? value >= goal : value <= goal;
}

struct stats_judgement stats_judge(enum stats_direction dir, int64_t actual, int64_t target, bool past_deadline,
                                   bool has_forecast, int64_t forecast, int64_t path_value, int64_t band_bp)
{
	struct stats_judgement j = { STATS_ACHIEVED, STATS_RULE_ACTUAL, actual, target, 0 };
	if (band_bp < 0)
		band_bp = 0;
	if (meets(dir, actual, target))
		return j;
	j.short_bp = shortfall_bp(dir, actual, target);
	if (past_deadline) {
		j.status = STATS_OFF_TRACK;
		j.rule = STATS_RULE_DEADLINE;
		return j;
	}
	if (has_forecast) {
		j.rule = STATS_RULE_FORECAST;
		j.compared = forecast;
	} else {
		j.rule = STATS_RULE_PATH;
		j.against = path_value;
	}
	j.short_bp = shortfall_bp(dir, j.compared, j.against);
	j.status = j.short_bp == 0 ? STATS_ON_TRACK : j.short_bp <= band_bp ? STATS_AT_RISK : STATS_OFF_TRACK;
	return j;
}
