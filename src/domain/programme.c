/* programme.c — warnings from the projects' data, and the programme counters. */
#include "domain/programme.h"
#include "core/money.h"
#include "core/util.h"
#include "db/project_store.h"
#include "db/ref_store.h"
#include "domain/project_calc.h"
#include "domain/report.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HELP_DAYS_DEFAULT 30

static int setting_int(struct db *db, const char *key, int def, int lo, int hi)
{
	char v[16];
	int x = def;
	if (settings_get(db, key, v, sizeof(v), NULL) == 0)
		x = atoi(v);
	return x < lo || x > hi ? def : x;
}

static int make_scope(const struct actor *a, const char *division, int64_t project_id, struct project_scope *s,
                      char slo[8], char shi[8], char dlo[8], char dhi[8], struct err *e)
{
	memset(s, 0, sizeof(*s));
	if (a->role == ROLE_PREFECTURE) {
		division_range(a->division, slo, shi);
		s->scope_lo = slo;
		s->scope_hi = shi;
	} else if (a->role == ROLE_ENTERPRISE) {
		s->scope_enterprise = a->enterprise_id ? a->enterprise_id : -1;
	}
	if (division && *division) {
		if (strlen(division) != 6 || strspn(division, "0123456789") != 6)
			return err_set(e, ERR_INVALID, "division", "6-digit division code");
		division_range(division, dlo, dhi);
		s->div_lo = dlo;
		s->div_hi = dhi;
	}
	s->project_id = project_id;
	return 0;
}

static void add(json_t *items, const char *want, const char *kind, const json_t *p, json_t *fields,
                const char *rule, const char *message)
{
	if (want && *want && strcmp(want, kind)) {
		json_decref(fields);
		return;
	}
	json_t *w = json_pack("{s:s, s:O, s:O, s:O, s:s, s:s}", "kind", kind, "project_id", json_object_get(p, "id"),
	                      "project_name", json_object_get(p, "name"), "division", json_object_get(p, "division"),
	                      "rule", rule, "message", message);
	json_object_update(w, fields);
	json_decref(fields);
	json_array_append_new(items, w);
}

json_t *programme_warnings(struct db *db, const struct actor *a, const struct warning_query *q, struct err *e)
{
	struct project_scope s;
	char slo[8], shi[8], dlo[8], dhi[8], day[11], first[8], last[8], msg[320];
	static const char *const kinds[] = { "report_missing", "investment_lag", "milestone_overdue", "help_open" };
	if (q->kind && *q->kind) {
		size_t k;
		for (k = 0; k < ARRAY_SIZE(kinds) && strcmp(kinds[k], q->kind); k++)
			;
		if (k == ARRAY_SIZE(kinds))
			return err_set(e, ERR_NOT_IN_LIST, "kind", "report_missing, investment_lag, milestone_overdue, help_open"), NULL;
	}
	if (make_scope(a, q->division, q->project_id, &s, slo, shi, dlo, dhi, e))
		return NULL;
	calc_day today = report_today(db);
	int close_day = report_close_day(db);
	int threshold = setting_int(db, "lag_threshold_pp", CALC_LAG_THRESHOLD_DEFAULT, 0, 100);
	int help_days = setting_int(db, "help_open_days", HELP_DAYS_DEFAULT, 1, 3650);
	bool en = a->lang == LANG_EN;
	json_t *projects = project_store_in_progress(db, &s, e), *reports = NULL, *items = json_array();
	if (!projects || !(reports = project_store_progress_reports(db, &s, e)))
		goto fail;
	size_t ri = 0, i, nrep = json_array_size(reports);
	json_t *p;
	json_array_foreach(projects, i, p) {
		int64_t pid = json_integer_value(json_object_get(p, "id"));
		/* This project's reports: the list is sorted by project and month. */
		while (ri < nrep && json_integer_value(json_object_get(json_array_get(reports, ri), "project_id")) < pid)
			ri++;
		size_t from = ri, n = 0;
		while (ri < nrep && json_integer_value(json_object_get(json_array_get(reports, ri), "project_id")) == pid)
			ri++;
		struct calc_report *r = xcalloc(ri - from + 1, sizeof(*r));
		for (size_t k = from; k < ri; k++, n++) {
			json_t *rep = json_array_get(reports, k);
			calc_month_parse(json_string_value(json_object_get(rep, "month")), &r[n].month);
			r[n].investment_fen = json_integer_value(json_object_get(rep, "investment_fen"));
			/* A request for help still open after N days from the month's window opening. */
			const char *dep = json_string_value(json_object_get(rep, "help_department"));
			if (dep && json_is_null(json_object_get(rep, "help_resolved_at"))) {
				calc_day asked = calc_window_open(r[n].month);
				if (today - asked > help_days) {
					/* The message names the department as people know it (发改委), the field keeps the code. */
					json_t *dref = ref_store_get(db, REF_DEPARTMENT, dep, NULL);
					const char *dname = dref ? json_string_value(json_object_get(dref, "short_name")) : dep;
					calc_month_format(r[n].month, first);
					snprintf(msg, sizeof(msg), en ? "help asked of %s in the %s report open for %d days"
					                              : "%s 月报请求%s协调，已 %d 天未解决", en ? dep : first,
					         en ? first : dname, (int)(today - asked));
					json_decref(dref);
					add(items, q->kind, "help_open", p,
					    json_pack("{s:s, s:s, s:{s:i, s:i}}", "month", first, "help_department", dep,
					              "figures", "days_open", (int)(today - asked), "limit_days", help_days),
					    "help asked of a department still open after N days", msg);
				}
			}
		}
		/* Reports missing after their windows closed, from the start month on. */
		calc_day sd;
		calc_day_parse(json_string_value(json_object_get(p, "start_date")), &sd);
		calc_month last_due;
		int due = calc_due_months(calc_day_month(sd), today, close_day, &last_due);
		if (due > 0) {
			int missing = 0;
			calc_month first_missing = 0, last_missing = 0;
			size_t k = 0;
			for (calc_month m = calc_day_month(sd); m <= last_due; m++) {
				while (k < n && r[k].month < m)
					k++;
				if (k < n && r[k].month == m)
					continue;
				if (!missing++)
					first_missing = m;
				last_missing = m;
			}
			if (missing) {
				calc_month_format(first_missing, first);
				calc_month_format(last_missing, last);
				snprintf(msg, sizeof(msg), en ? "%d monthly reports missing (%s to %s)"
				                              : "缺报 %d 个月度报告（%s 至 %s）", missing, first, last);
				add(items, q->kind, "report_missing", p,
				    json_pack("{s:s, s:{s:i, s:s, s:s}}", "month", last, "figures", "missing", missing,
				              "first", first, "last", last),
				    "report missing after its window closed", msg);
			}
		}
		/* Investment lagging the year's plan. */
		int year = calc_month_year(calc_day_month(today) - 1);
		int months = calc_months_due(year, today, close_day);
		int64_t plan = 0, actual_bp, expected_bp;
		size_t j;
		json_t *py;
		json_array_foreach(json_object_get(p, "plan"), j, py) {
			if (json_integer_value(json_object_get(py, "year")) == year)
				plan = json_integer_value(json_object_get(py, "amount_fen"));
		}
		if (months > 0 && plan > 0) {
			int64_t ytd = calc_ytd(r, n, calc_month_make(year, months));
			if (calc_lagging(ytd, plan, months, threshold, &actual_bp, &expected_bp)) {
				char done[32], planned[32];
				money_format_wanyuan(ytd, done, sizeof(done));
				money_format_wanyuan(plan, planned, sizeof(planned));
				long long ab = (long long)actual_bp, eb = (long long)expected_bp;
				if (en)
					snprintf(msg, sizeof(msg), "%d: %s of %s (10k yuan) done, %lld.%02lld %% against "
					         "%lld.%02lld %% expected after %d months", year, done, planned, ab / 100, ab % 100,
					         eb / 100, eb % 100, months);
				else
					snprintf(msg, sizeof(msg), "%d 年完成投资 %s 万元 / 计划 %s 万元，完成率 %lld.%02lld%%，"
					         "低于 %d 个月应达的 %lld.%02lld%%", year, done, planned, ab / 100, ab % 100,
					         months, eb / 100, eb % 100);
				add(items, q->kind, "investment_lag", p,
				    json_pack("{s:{s:i, s:I, s:I, s:i, s:f, s:f, s:i}}", "figures", "year", year,
				              "ytd_investment_fen", (json_int_t)ytd, "year_plan_fen", (json_int_t)plan,
				              "months", months, "actual_pct", (double)actual_bp / 100,
				              "expected_pct", (double)expected_bp / 100, "threshold_pp", threshold),
				    "this year's completed / this year's plan < months elapsed / 12 − threshold", msg);
			}
		}
		free(r);
		/* Milestones past their planned date without an actual one. */
		json_t *m;
		json_array_foreach(json_object_get(p, "milestones"), j, m) {
			calc_day pd;
			if (!json_is_null(json_object_get(m, "actual_date")) ||
			    calc_day_parse(json_string_value(json_object_get(m, "planned_date")), &pd) || pd >= today)
				continue;
			calc_day_format(pd, day);
			snprintf(msg, sizeof(msg), en ? "milestone %s was due on %s (%d days ago)" : "节点“%s”计划 %s 完成，已逾期 %d 天",
			         json_string_value(json_object_get(m, "name")), day, (int)(today - pd));
			add(items, q->kind, "milestone_overdue", p,
			    json_pack("{s:O, s:{s:s, s:i}}", "milestone_id", json_object_get(m, "id"), "figures",
			              "planned_date", day, "days_overdue", (int)(today - pd)),
			    "a milestone past its planned date without an actual date", msg);
		}
	}
	calc_day_format(today, day);
	json_decref(projects);
	json_decref(reports);
	return json_pack("{s:o, s:s}", "items", items, "today", day);
fail:
	json_decref(projects);
	json_decref(reports);
	json_decref(items);
	return NULL;
}

/* Pivots [{key, status, projects, total_fen}] into one row per key with a count per status. */
static json_t *pivot(json_t *rows, json_t *completed, json_t *(*name_of)(struct db *, const char *), struct db *db)
{
	json_t *out = json_array(), *row, *cur = NULL;
	size_t i, j;
	json_array_foreach(rows, i, row) {
		json_t *key = json_object_get(row, "key");
		if (!cur || !json_equal(json_object_get(cur, "key"), key)) {
			cur = json_pack("{s:O, s:i, s:i, s:i, s:i, s:i, s:I, s:I}", "key", key, "under_review", 0, "approved", 0,
			                "in_progress", 0, "completed", 0, "terminated", 0, "planned_fen", (json_int_t)0,
			                "completed_fen", (json_int_t)0);
			json_t *nm = name_of && json_is_string(key) ? name_of(db, json_string_value(key)) : NULL;
			json_object_set_new(cur, "name", nm ? nm : json_incref(key));
			json_array_append_new(out, cur);
		}
		const char *st = json_string_value(json_object_get(row, "status"));
		const char *bucket = !strcmp(st, "approved") || !strcmp(st, "in_progress") || !strcmp(st, "completed") ||
		                     !strcmp(st, "terminated") ? st :
		                     (!strcmp(st, "submitted") || !strcmp(st, "prefecture_passed")) ? "under_review" : NULL;
		if (!bucket)
			continue;
		json_object_set_new(cur, bucket, json_integer(json_integer_value(json_object_get(cur, bucket)) +
		                                              json_integer_value(json_object_get(row, "projects"))));
		if (strcmp(bucket, "under_review") && strcmp(bucket, "terminated"))
			json_object_set_new(cur, "planned_fen",
			                    json_integer(json_integer_value(json_object_get(cur, "planned_fen")) +
			                                 json_integer_value(json_object_get(row, "total_fen"))));
	}
	json_array_foreach(out, i, cur) {
		json_array_foreach(completed, j, row) {
			if (json_equal(json_object_get(row, "key"), json_object_get(cur, "key")))
				json_object_set(cur, "completed_fen", json_object_get(row, "completed_fen"));
		}
	}
	return out;
}

static json_t *name_in(struct db *db, enum ref_kind kind, const char *code)
{
	json_t *ref = ref_store_get(db, kind, code, NULL), *n = NULL;
	if (ref)
		n = json_incref(json_object_get(ref, "name"));
	json_decref(ref);
	return n;
}

static json_t *category_name(struct db *db, const char *c) { return name_in(db, REF_PROJECT_CATEGORY, c); }
static json_t *field_name(struct db *db, const char *c) { return name_in(db, REF_FIELD, c); }
static json_t *base_name(struct db *db, const char *c) { return name_in(db, REF_BASE, c); }
static json_t *target_name(struct db *db, const char *c) { return name_in(db, REF_POLICY_ITEM, c); }
static json_t *prefecture_name(struct db *db, const char *c)
{
	char code[8];
	snprintf(code, sizeof(code), "%.4s00", c);
	return name_in(db, REF_DIVISION, code);
}

json_t *programme_counters(struct db *db, const struct actor *a, const char *division, struct err *e)
{
	static const struct {
		const char *key;
		enum project_group g;
		json_t *(*name_of)(struct db *, const char *);
	} groups[] = {
		{ "targets", GROUP_TARGET, target_name },         { "by_category", GROUP_CATEGORY, category_name },
		{ "by_field", GROUP_FIELD, field_name },          { "by_prefecture", GROUP_PREFECTURE, prefecture_name },
		{ "by_base", GROUP_BASE, base_name },             { "by_year", GROUP_YEAR, NULL },
	};
	struct project_scope s;
	char slo[8], shi[8], dlo[8], dhi[8];
	if (make_scope(a, division, 0, &s, slo, shi, dlo, dhi, e))
		return NULL;
	json_t *out = json_object();
	int64_t planned = 0, completed = 0;
	for (size_t i = 0; i < ARRAY_SIZE(groups); i++) {
		json_t *rows = project_store_counts(db, &s, groups[i].g, e), *done = NULL;
		if (!rows || !(done = project_store_completed(db, &s, groups[i].g, e))) {
			json_decref(rows);
			json_decref(out);
			return NULL;
		}
		json_t *list = pivot(rows, done, groups[i].name_of, db), *row;
		size_t j;
		json_array_foreach(list, j, row) {
			if (groups[i].g == GROUP_CATEGORY) {
				planned += json_integer_value(json_object_get(row, "planned_fen"));
				completed += json_integer_value(json_object_get(row, "completed_fen"));
			}
			if (groups[i].g == GROUP_TARGET && json_is_string(json_object_get(row, "key"))) {
				json_t *ref = ref_store_get(db, REF_POLICY_ITEM, json_string_value(json_object_get(row, "key")), NULL);
				json_object_set(row, "goal", ref ? json_object_get(ref, "goal") : json_null());
				json_decref(ref);
			}
		}
		json_object_set_new(out, groups[i].key, list);
		json_decref(rows);
		json_decref(done);
	}
	json_object_set_new(out, "investment", json_pack("{s:I, s:I}", "planned_fen", (json_int_t)planned,
	                                                 "completed_fen", (json_int_t)completed));
	return out;
}
