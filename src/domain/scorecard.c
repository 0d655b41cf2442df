/* scorecard.c — each target's standing, forecast and status; each measure's tasks and projects. */
#include "domain/scorecard.h"
#include "core/util.h"
#include "db/policy_store.h"
#include "db/ref_store.h"
#include "db/scorecard_store.h"
#include "db/statistics_store.h"
#include "db/summary_store.h"
#include "domain/policy.h"
#include "domain/project_calc.h"
#include "domain/report.h"
#include "domain/stats_calc.h"
#include "domain/task.h"
#include <stdio.h>
#include <string.h>

#define YEARS_BACK 4 /* the trend needs the three complete years before the latest one */

static const char *const status_names[] = { "achieved", "on_track", "at_risk", "off_track" };
static const char *const rule_names[] = { "actual", "deadline", "forecast", "path" };

/* percent with two decimals from basis points */
static json_t *pct(int64_t bp)
{
	return json_real((double)bp / 100.0);
}

struct when {
	calc_month as_of;     /* the month the card is as of */
	char as_of_text[8];
	char cut[11];         /* its last day: what was known then */
	calc_day cut_day;
};

/* A target's span: its baseline at the end of the baseline year (the year before the card's
 * without one), its deadline, and the months between. */
struct span {
	int64_t baseline;
	calc_month start, end;
	calc_day deadline;
};

static struct span span_of(const json_t *t, const struct when *w)
{
	struct span sp;
	json_t *by = json_object_get(t, "baseline_year"), *bv = json_object_get(t, "baseline_value");
	sp.baseline = json_is_integer(bv) ? json_integer_value(bv) : 0;
	sp.start = calc_month_make(json_is_integer(by) ? (int)json_integer_value(by) : calc_month_year(w->as_of) - 1, 12);
	calc_day_parse(json_string_value(json_object_get(t, "deadline")), &sp.deadline);
	sp.end = calc_day_month(sp.deadline);
	return sp;
}

/* The straight path, the status and the figures behind it, added to card t. */
static void judge(json_t *t, const struct when *w, int64_t actual, bool has_forecast, int64_t forecast)
{
	struct span sp = span_of(t, w);
	int64_t target = json_integer_value(json_object_get(t, "target_value"));
	int64_t path = stats_path_value(sp.baseline, target, (int)(w->as_of - sp.start), (int)(sp.end - sp.start));
	enum stats_direction dir = strcmp(json_string_value(json_object_get(t, "direction")), "at_most") ?
	                                   STATS_AT_LEAST : STATS_AT_MOST;
	struct stats_judgement j = stats_judge(dir, actual, target, w->cut_day > sp.deadline, has_forecast, forecast,
	                                       path, STATS_AT_RISK_BAND_DEFAULT);
	json_object_set_new(t, "path_value", json_integer(path));
	json_object_set_new(t, "pct_achieved", target > 0 ? pct(calc_bp(actual, target)) : json_null());
	json_object_set_new(t, "status", json_string(status_names[j.status]));
	json_object_set_new(t, "rule", json_pack("{s:s, s:I, s:I, s:o, s:f}", "name", rule_names[j.rule], "compared",
	                                         (json_int_t)j.compared, "against", (json_int_t)j.against,
	                                         "short_pct", pct(j.short_bp), "at_risk_band_pct",
	                                         STATS_AT_RISK_BAND_DEFAULT / 100.0));
}

/* A count since the period began (projects, values entered by hand): its pace carried to the deadline. */
static void judge_count(json_t *t, const struct when *w, int64_t actual)
{
	struct span sp = span_of(t, w);
	int elapsed = (int)(w->as_of - sp.start), total = (int)(sp.end - sp.start);
	int64_t f = stats_forecast_pace(sp.baseline, actual, elapsed, total);
	json_object_set_new(t, "forecasts", json_pack("[{s:s, s:I, s:i, s:i}]", "method", "pace", "value",
	                                              (json_int_t)f, "months_elapsed", elapsed, "months_total", total));
	json_object_set_new(t, "forecast", json_integer(f));
	judge(t, w, actual, elapsed > 0, f);
}

/* Each prefecture's part of a statistics target: its total of the latest complete year and its
 * share, this year to date (January..through) against the same months a year before. */
static int prefectures_of(struct db *db, json_t *t, const struct when *w, int latest_year, int through,
                          struct err *e)
{
	int year = calc_month_year(w->as_of), y0 = latest_year ? latest_year : year - 1;
	char from[8];
	json_t *rows, *r, *names, *out = json_array(), *p;
	int64_t total_year = 0, total_ytd = 0;
	size_t i, j;
	calc_month_format(calc_month_make(y0 < year - 1 ? y0 : year - 1, 1), from);
	if (!(names = ref_store_list(db, REF_DIVISION, e)))
		return json_decref(out), -1;
	rows = summary_store_target_monthly(db, json_integer_value(json_object_get(t, "id")), from, w->as_of_text,
	                                    w->as_of_text, true, e);
	if (!rows) {
		json_decref(names);
		json_decref(out);
		return -1;
	}
	json_array_foreach(rows, i, r) {
		const char *code = json_string_value(json_object_get(r, "prefecture"));
		calc_month mm;
		calc_month_parse(json_string_value(json_object_get(r, "month")), &mm);
		int64_t v = json_integer_value(json_object_get(r, "value"));
		int y = calc_month_year(mm), k = calc_month_of_year(mm);
		p = NULL;
		json_array_foreach(out, j, p) {
			if (!strcmp(json_string_value(json_object_get(p, "code")), code))
				break;
			p = NULL;
		}
		if (!p) {
			const char *name = code;
			json_t *d;
			json_array_foreach(names, j, d) {
				if (!strcmp(json_string_value(json_object_get(d, "code")), code))
					name = json_string_value(json_object_get(d, "name"));
			}
			p = json_pack("{s:s, s:s, s:I, s:I, s:I}", "code", code, "name", name, "year_value", (json_int_t)0,
			              "ytd_value", (json_int_t)0, "ytd_last_year", (json_int_t)0);
			json_array_append_new(out, p);
		}
		const char *slot = y == latest_year ? "year_value" : NULL;
		if (slot) {
			json_object_set_new(p, slot, json_integer(json_integer_value(json_object_get(p, slot)) + v));
			total_year += v;
		}
		slot = k <= through ? (y == year ? "ytd_value" : y == year - 1 ? "ytd_last_year" : NULL) : NULL;
		if (slot) {
			json_object_set_new(p, slot, json_integer(json_integer_value(json_object_get(p, slot)) + v));
			total_ytd += y == year ? v : 0;
		}
	}
	json_array_foreach(out, i, p) {
		int64_t bp, yv = json_integer_value(json_object_get(p, "year_value"));
		int64_t now = json_integer_value(json_object_get(p, "ytd_value"));
		json_object_set_new(p, "year_share_pct", total_year > 0 ? pct(calc_bp(yv, total_year)) : json_null());
		json_object_set_new(p, "ytd_share_pct", total_ytd > 0 ? pct(calc_bp(now, total_ytd)) : json_null());
		json_object_set_new(p, "yoy_pct", stats_growth_bp(now, json_integer_value(json_object_get(p, "ytd_last_year")),
		                                                  &bp) ? pct(bp) : json_null());
	}
	json_object_set_new(t, "prefectures", json_pack("{s:o, s:i, s:i, s:o}", "year", latest_year ? json_integer(latest_year) : json_null(),
	                                                  "ytd_year", year, "through_month", through, "items", out));
	json_decref(rows);
	json_decref(names);
	return 0;
}

/* A statistics target: annual totals, this year to date, the trend and seasonal forecasts. */
static int card_statistics(struct db *db, json_t *t, const struct when *w, struct err *e)
{
	const char *column = statistics_column(json_string_value(json_object_get(t, "indicator_key")));
	int year = calc_month_year(w->as_of), m = calc_month_of_year(w->as_of);
	int64_t sum[YEARS_BACK + 1][13];
	bool have[YEARS_BACK + 1][13];
	char from[8];
	size_t i;
	json_t *rows, *r;
	if (!column)
		return err_set(e, ERR_INVALID, "indicator_key", json_string_value(json_object_get(t, "indicator_key")));
	calc_month_format(calc_month_make(year - YEARS_BACK, 1), from);
	/* Known by the end of the month: its own last day (w->cut) is in the month. */
	rows = summary_store_target_monthly(db, json_integer_value(json_object_get(t, "id")), from, w->as_of_text,
	                                    w->as_of_text, false, e);
	if (!rows)
		return -1;
	memset(sum, 0, sizeof(sum));
	memset(have, 0, sizeof(have));
	json_array_foreach(rows, i, r) {
		calc_month mm;
		if (calc_month_parse(json_string_value(json_object_get(r, "month")), &mm))
			continue;
		int y = calc_month_year(mm) - (year - YEARS_BACK);
		sum[y][calc_month_of_year(mm)] = json_integer_value(json_object_get(r, "value"));
		have[y][calc_month_of_year(mm)] = true;
	}
	json_decref(rows);
	/* Years whose twelve months are all in, their totals, and each year's January..m. */
	int64_t annual[YEARS_BACK + 1] = { 0 }, ytd[YEARS_BACK + 1] = { 0 };
	bool complete[YEARS_BACK + 1];
	json_t *years = json_array();
	for (int y = 0; y <= YEARS_BACK; y++) {
		complete[y] = true;
		for (int k = 1; k <= 12; k++) {
			complete[y] = complete[y] && have[y][k];
			annual[y] += sum[y][k];
			if (k <= m)
				ytd[y] += sum[y][k];
		}
		json_array_append_new(years, json_pack("{s:i, s:I, s:b}", "year", year - YEARS_BACK + y, "value",
		                                       (json_int_t)annual[y], "complete", complete[y]));
	}
	json_object_set_new(t, "annual", years);
	/* The newest month with data, this year. */
	int last = 0;
	for (int k = 1; k <= m; k++)
		if (have[YEARS_BACK][k])
			last = k;
	json_object_set_new(t, "ytd", json_pack("{s:i, s:i, s:I}", "year", year, "through_month", last, "value",
	                                        (json_int_t)ytd[YEARS_BACK]));
	int latest = -1; /* index of the latest complete year */
	for (int y = YEARS_BACK; y >= 0 && latest < 0; y--)
		if (complete[y])
			latest = y;
	int64_t actual = latest >= 0 ? annual[latest] : 0;
	if (latest >= 0)
		json_object_set_new(t, "actual", json_pack("{s:I, s:i}", "value", (json_int_t)actual, "year",
		                                           year - YEARS_BACK + latest));
	else
		json_object_set_new(t, "actual", json_null());

	int dyear = calc_month_year(span_of(t, w).end);
	json_t *forecasts = json_array();
	int64_t rate = 0, trend = 0, seasonal = 0;
	bool has_trend = false, has_seasonal = false;
	if (latest >= 3 && complete[latest - 3] && complete[latest - 2] && complete[latest - 1]) {
		const int64_t four[4] = { annual[latest - 3], annual[latest - 2], annual[latest - 1], annual[latest] };
		int ly = year - YEARS_BACK + latest;
		if ((has_trend = stats_forecast_trend(four, ly, dyear, &rate, &trend)))
			json_array_append_new(forecasts, json_pack("{s:s, s:I, s:o, s:i, s:i}", "method", "trend", "value",
			                                           (json_int_t)trend, "rate_pct", pct(rate), "from_year",
			                                           ly - 3, "to_year", ly));
	}
	/* Seasonal: this year's January..last carried by the share those months had in the
	 * complete years before (at most three), then the trend's rate to the deadline. */
	if (last > 0 && !complete[YEARS_BACK]) {
		int64_t yp[3], ap[3];
		size_t n = 0;
		for (int y = YEARS_BACK - 1; y >= YEARS_BACK - 3 && y >= 0; y--) {
			if (!complete[y])
				continue;
			int64_t s = 0;
			for (int k = 1; k <= last; k++)
				s += sum[y][k];
			yp[n] = s;
			ap[n++] = annual[y];
		}
		int64_t now = 0, est;
		for (int k = 1; k <= last; k++)
			now += sum[YEARS_BACK][k];
		if (dyear >= year && stats_forecast_seasonal(now, yp, ap, n, &est)) {
			seasonal = dyear == year ? est : has_trend ? stats_compound(est, rate, dyear - year) : 0;
			has_seasonal = dyear == year || has_trend;
			if (has_seasonal)
				json_array_append_new(forecasts, json_pack("{s:s, s:I, s:I, s:i, s:i}", "method", "seasonal",
				                                           "value", (json_int_t)seasonal, "this_year",
				                                           (json_int_t)est, "through_month", last,
				                                           "years", (int)n));
		}
	}
	json_object_set_new(t, "forecasts", forecasts);
	bool has = has_seasonal || has_trend;
	int64_t forecast = has_seasonal ? seasonal : trend;
	json_object_set_new(t, "forecast", has ? json_integer(forecast) : json_null());
	int64_t need;
	int64_t target = json_integer_value(json_object_get(t, "target_value"));
	if (latest >= 0 && stats_annual_growth_bp(actual, target, (dyear - (year - YEARS_BACK + latest)) * 12, &need))
		json_object_set_new(t, "required_growth_pct", pct(need));
	else
		json_object_set_new(t, "required_growth_pct", json_null());
	judge(t, w, actual, has, forecast);
	return prefectures_of(db, t, w, latest >= 0 ? year - YEARS_BACK + latest : 0, last, e);
}

static int card_projects(struct db *db, json_t *t, const struct when *w, struct err *e)
{
	json_t *statuses = json_object_get(t, "project_statuses");
	json_t *dflt = json_pack("[sss]", "approved", "in_progress", "completed");
	int64_t n = scorecard_store_projects(db, json_string_value(json_object_get(t, "project_item")),
	                                     json_array_size(statuses) ? statuses : dflt, w->cut, e);
	json_decref(dflt);
	if (n < 0)
		return -1;
	json_object_set_new(t, "actual", json_pack("{s:I, s:s}", "value", (json_int_t)n, "as_of", w->cut));
	judge_count(t, w, n);
	return 0;
}

static int card_manual(struct db *db, json_t *t, const struct when *w, struct err *e)
{
	json_t *entries = policy_store_entries(db, json_integer_value(json_object_get(t, "id")), e), *x, *last = NULL;
	size_t i;
	if (!entries)
		return -1;
	json_array_foreach(entries, i, x) { /* by as_of then id: the last one up to the month */
		if (strcmp(json_string_value(json_object_get(x, "as_of")), w->as_of_text) <= 0)
			last = x;
	}
	if (last) {
		json_object_set_new(t, "actual", json_pack("{s:O, s:O, s:O}", "value", json_object_get(last, "value"),
		                                           "as_of", json_object_get(last, "as_of"), "evidence",
		                                           json_object_get(last, "evidence")));
		judge_count(t, w, json_integer_value(json_object_get(last, "value")));
	} else {
		json_object_set_new(t, "actual", json_null());
		json_object_set_new(t, "status", json_null());
		json_object_set_new(t, "rule", json_pack("{s:s}", "name", "no_value"));
	}
	json_decref(entries);
	return 0;
}

/* Each measure: its tasks by state (as today), its key projects by their state on the day. */
static json_t *measures_of(struct db *db, const struct actor *a, int64_t policy_id, const struct when *w,
                           struct err *e)
{
	json_t *ms = policy_store_measures(db, policy_id, e), *projects = NULL, *tasks = NULL, *m, *x;
	struct task_query q = { .policy_id = policy_id };
	size_t i, j;
	if (!ms || !(projects = scorecard_store_projects_by_measure(db, w->cut, e)))
		goto fail;
	/* Officers and auditors see every task; others see the projects side only. */
	if (actor_can(a, TASK_READERS) && !(tasks = task_list(db, a, &q, e)))
		goto fail;
	json_array_foreach(ms, i, m) {
		json_object_del(m, "body");
		int64_t open = 0, done = 0, overdue = 0, np = 0, planned = 0, completed = 0;
		json_t *by = json_object();
		json_array_foreach(json_object_get(tasks, "items"), j, x) {
			if (!json_equal(json_object_get(x, "measure_id"), json_object_get(m, "id")))
				continue;
			if (!strcmp(json_string_value(json_object_get(x, "status")), "done"))
				done++;
			else
				open++;
			overdue += json_is_true(json_object_get(x, "overdue"));
		}
		json_array_foreach(projects, j, x) {
			if (strcmp(json_string_value(json_object_get(x, "measure")), json_string_value(json_object_get(m, "code"))))
				continue;
			json_object_set(by, json_string_value(json_object_get(x, "status")), json_object_get(x, "projects"));
			np += json_integer_value(json_object_get(x, "projects"));
			planned += json_integer_value(json_object_get(x, "total_fen"));
			completed += json_integer_value(json_object_get(x, "completed_fen"));
		}
		json_object_set_new(m, "tasks", tasks ? json_pack("{s:I, s:I, s:I}", "open", (json_int_t)open, "done",
		                                                  (json_int_t)done, "overdue", (json_int_t)overdue)
		                                      : json_null());
		json_object_set_new(m, "projects", json_pack("{s:I, s:o, s:I, s:I}", "count", (json_int_t)np, "by_status",
		                                             by, "planned_fen", (json_int_t)planned, "completed_fen",
		                                             (json_int_t)completed));
	}
	json_decref(projects);
	json_decref(tasks);
	return ms;
fail:
	json_decref(ms);
	json_decref(projects);
	json_decref(tasks);
	return NULL;
}

json_t *scorecard_get(struct db *db, const struct actor *a, int64_t policy_id, const char *as_of, struct err *e)
{
	struct when w;
	json_t *p = NULL, *targets = NULL, *out = NULL, *t, *measures;
	size_t i;
	if (!actor_can(a, SCORECARD_READERS))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (as_of && *as_of) {
		if (calc_month_parse(as_of, &w.as_of))
			return err_set(e, ERR_INVALID, "as_of", "YYYY-MM"), NULL;
	} else {
		w.as_of = calc_day_month(report_today(db)) - 1;
	}
	calc_month_format(w.as_of, w.as_of_text);
	w.cut_day = calc_window_open(w.as_of) - 1;
	calc_day_format(w.cut_day, w.cut);
	if (!(p = policy_get(db, a, policy_id, e)))
		return NULL;
	targets = json_incref(json_object_get(p, "targets"));
	json_array_foreach(targets, i, t) {
		const char *source = json_string_value(json_object_get(t, "source"));
		int rc = !strcmp(source, "statistics") ? card_statistics(db, t, &w, e)
		         : !strcmp(source, "projects") ? card_projects(db, t, &w, e)
		                                       : card_manual(db, t, &w, e);
		if (rc)
			goto done;
	}
	if (!(measures = measures_of(db, a, policy_id, &w, e)))
		goto done;
	/* Each lead department's tasks of this policy and its on-time record (as today), for the
	 * roles that read tasks. */
	json_t *departments = json_null();
	if (actor_can(a, TASK_READERS)) {
		json_t *rec = task_record(db, a, policy_id, e);
		if (!rec) {
			json_decref(measures);
			goto done;
		}
		departments = json_incref(json_object_get(rec, "items"));
		json_decref(rec);
	}
	out = json_pack("{s:{s:O, s:O, s:O}, s:s, s:s, s:O, s:o, s:o}", "policy", "id", json_object_get(p, "id"),
	                "doc_no", json_object_get(p, "doc_no"), "title", json_object_get(p, "title"), "as_of",
	                w.as_of_text, "known_by", w.cut, "targets", targets, "measures", measures, "departments",
	                departments);
done:
	json_decref(targets);
	json_decref(p);
	return out;
}
