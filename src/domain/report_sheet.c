/* report_sheet.c — the monthly workbook (月度调度表): pre-filled download, import, export.
 *
 * One row per project and month. The reading columns (name, enterprise, site, this
 * year's plan and the figures up to the month before) are written for people and
 * ignored on import; the columns to fill go through report_file_in_tx, so the window,
 * late marking, lock and scope are the report domain's own rules. */
#include "core/util.h"
#include "db/ref_store.h"
#include "db/report_store.h"
#include "domain/project.h"
#include "domain/report.h"
#include <stdio.h>
#include <string.h>

#define COL(name, type, flags, zh, en, kind) { { name, type, flags, 0, 0, zh, en, NULL, NULL }, kind, 0, NULL }
#define READ JSPEC_OUTPUT

/* The workbook's columns; export adds the computed figures after them. */
static const struct sheet_col cols[] = {
	COL("project_id", JSPEC_INT, JSPEC_REQUIRED, "项目编号", "project id", SHEET_VALUE),
	COL("month", JSPEC_STRING, JSPEC_REQUIRED, "月份", "month", SHEET_VALUE),
	COL("project_name", JSPEC_STRING, READ, "项目名称", "project name", SHEET_VALUE),
	COL("enterprise_name", JSPEC_STRING, READ, "项目单位", "enterprise", SHEET_VALUE),
	COL("division_name", JSPEC_STRING, READ, "建设地点", "where it is built", SHEET_VALUE),
	COL("year_plan_fen", JSPEC_INT, READ, "本年计划投资（万元）", "this year's plan (10k yuan)", SHEET_WANYUAN),
	COL("prior_ytd_fen", JSPEC_INT, READ, "截至上月本年累计（万元）", "this year to last month (10k yuan)", SHEET_WANYUAN),
	COL("prior_to_date_fen", JSPEC_INT, READ, "截至上月累计完成（万元）", "to date to last month (10k yuan)", SHEET_WANYUAN),
	COL("investment_fen", JSPEC_INT, JSPEC_REQUIRED, "本月完成投资（万元）", "investment this month (10k yuan)", SHEET_WANYUAN),
	COL("progress", JSPEC_STRING, 0, "形象进度", "physical progress", SHEET_VALUE),
	COL("problems", JSPEC_STRING, 0, "存在问题", "problems", SHEET_VALUE),
	COL("help_department", JSPEC_STRING, 0, "需协调部门", "help asked of", SHEET_REF),
	COL("jobs", JSPEC_INT, 0, "新增就业", "jobs created", SHEET_VALUE),
	COL("reason", JSPEC_STRING, 0, "修改原因", "reason for the change", SHEET_VALUE),
	COL("ytd_investment_fen", JSPEC_INT, READ, "本年累计（万元）", "year to date (10k yuan)", SHEET_WANYUAN),
	COL("to_date_investment_fen", JSPEC_INT, READ, "累计完成（万元）", "to date (10k yuan)", SHEET_WANYUAN),
	COL("pct_of_year_plan", JSPEC_STRING, READ, "占年度计划%", "% of the year's plan", SHEET_VALUE),
	COL("pct_of_total", JSPEC_STRING, READ, "占总投资%", "% of the total", SHEET_VALUE),
	COL("late", JSPEC_BOOL, READ, "迟报", "late", SHEET_VALUE),
};
#define WORKBOOK_COLS 14

struct ctx {
	json_t *departments; /* [{code, name, ...}] */
	json_t *projects;    /* id text -> the project as project_find_row returns it, or null when not ours */
	calc_day today;      /* the reporting calendar, read once per import */
	int close_day;
};

static const char *dep_code(void *ctx, int ref, const char *text)
{
	struct ctx *c = ctx;
	size_t i;
	json_t *d;
	json_array_foreach(c->departments, i, d) {
		if (!strcmp(text, json_string_value(json_object_get(d, "code"))) ||
		    !strcmp(text, json_string_value(json_object_get(d, "name"))) ||
		    (json_is_string(json_object_get(d, "short_name")) &&
		     !strcmp(text, json_string_value(json_object_get(d, "short_name")))))
			return json_string_value(json_object_get(d, "code"));
	}
	return NULL;
}

static const char *dep_name(void *ctx, int ref, const char *code)
{
	struct ctx *c = ctx;
	size_t i;
	json_t *d;
	json_array_foreach(c->departments, i, d) {
		if (!strcmp(code, json_string_value(json_object_get(d, "code"))))
			return json_string_value(json_object_get(d, "name"));
	}
	return code;
}

static int fail_col(struct err *e, const char *name, enum err_code code, const char *arg)
{
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		if (!strcmp(cols[i].f.name, name))
			return jspec_fail(&cols[i].f, e, code, arg);
	return err_set(e, code, name, arg);
}

static bool blank(const json_t *v)
{
	return !v || json_is_null(v) || (json_is_string(v) && !json_string_length(v));
}

static int write_row(void *ctx, struct db *db, const struct actor *a, json_t *row, json_t *warnings,
                     enum sheet_outcome *outcome, struct err *e)
{
	struct ctx *c = ctx;
	json_t *id = json_object_get(row, "project_id"), *p, *body;
	char key[24];
	int rc;
	if (!json_is_integer(id))
		return fail_col(e, "project_id", ERR_REQUIRED, NULL);
	if (blank(json_object_get(row, "month")))
		return fail_col(e, "month", ERR_REQUIRED, NULL);
	/* A row left blank has nothing to file. */
	if (blank(json_object_get(row, "investment_fen")) && blank(json_object_get(row, "progress")) &&
	    blank(json_object_get(row, "problems")) && blank(json_object_get(row, "help_department")) &&
	    blank(json_object_get(row, "jobs"))) {
		*outcome = SHEET_UNCHANGED;
		return 0;
	}
	/* The same project comes back once a row per month: looked up once per import. */
	snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(id));
	if (!(p = json_object_get(c->projects, key))) {
		p = project_find_row(db, a, json_integer_value(id), e);
		if (!p && e->code != ERR_NOT_FOUND)
			return -1;
		json_object_set_new(c->projects, key, p ? p : json_null());
		p = json_object_get(c->projects, key);
	}
	if (json_is_null(p))
		return fail_col(e, "project_id", ERR_NOT_FOUND, key);
	body = json_object();
	static const char *const keys[] = { "month", "investment_fen", "progress", "problems", "help_department", "jobs",
		                            "reason" };
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		json_t *v = json_object_get(row, keys[i]);
		if (v && !(json_is_null(v) && strcmp(keys[i], "help_department")) &&
		    !(!strcmp(keys[i], "reason") && blank(v)))
			json_object_set(body, keys[i], v);
	}
	rc = report_file_in_tx(db, a, p, body, c->today, c->close_day, outcome, e);
	json_decref(body);
	if (rc && (!strcmp(e->field, "status") || !strcmp(e->field, "id")))
		strlcpy_(e->field, "project_id", sizeof(e->field));
	(void)warnings;
	return rc;
}

static struct sheet_ops ops_of(struct ctx *c, size_t ncols)
{
	return (struct sheet_ops){ cols, ncols, "project_report", false, c, dep_code, dep_name, write_row, NULL, NULL, NULL };
}

static void ctx_release(struct ctx *c)
{
	json_decref(c->departments);
	json_decref(c->projects);
}

json_t *report_import(struct db *db, const struct actor *a, const char *buf, size_t len, bool dry_run,
                      enum import_mode mode, json_t **report, struct err *e)
{
	struct ctx c = { ref_store_list(db, REF_DEPARTMENT, e), json_object(), report_today(db), report_close_day(db) };
	struct sheet_ops ops = ops_of(&c, ARRAY_SIZE(cols));
	json_t *rep = NULL;
	*report = NULL;
	if (!actor_can(a, R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(ENTERPRISE)))
		err_set(e, ERR_FORBIDDEN, NULL, NULL);
	else if (c.departments)
		rep = sheet_import(db, a, &ops, buf, len, dry_run, mode, report, e);
	ctx_release(&c);
	return rep;
}

/* The projects of q in the actor's scope, by id. */
static json_t *projects_of(struct db *db, const struct actor *a, const struct project_query *q, const char *status,
                           struct err *e)
{
	struct project_query all = *q;
	all.per_page = 0;
	all.page = 1;
	all.sort = "id";
	if (status)
		all.status = status;
	json_t *list = project_list(db, a, &all, e), *items;
	if (!list)
		return NULL;
	items = json_incref(json_object_get(list, "items"));
	json_decref(list);
	return items;
}

static int64_t year_plan(const json_t *p, int year)
{
	size_t i;
	json_t *py;
	json_array_foreach(json_object_get(p, "plan"), i, py) {
		if (json_integer_value(json_object_get(py, "year")) == year)
			return json_integer_value(json_object_get(py, "amount_fen"));
	}
	return 0;
}

static json_t *reading_row(const json_t *p, const char *month)
{
	return json_pack("{s:O, s:s, s:O, s:O, s:O}", "project_id", json_object_get(p, "id"), "month", month,
	                 "project_name", json_object_get(p, "name"), "enterprise_name",
	                 json_object_get(p, "enterprise_name"), "division_name", json_object_get(p, "division_name"));
}

static int month_arg(const char *month, calc_month *m, struct err *e)
{
	if (!month || !*month)
		return fail_col(e, "month", ERR_REQUIRED, NULL);
	if (calc_month_parse(month, m))
		return fail_col(e, "month", ERR_INVALID, "YYYY-MM");
	return 0;
}

static int write_file(struct ctx *c, size_t ncols, json_t *rows, enum table_format fmt, const char *sheet,
                      struct strbuf *out, struct err *e)
{
	struct sheet_ops ops = ops_of(c, ncols);
	int rc = sheet_export(&ops, rows, fmt, sheet, out, e);
	json_decref(rows);
	ctx_release(c);
	return rc;
}

int report_workbook(struct db *db, const struct actor *a, const char *month, const struct project_query *q,
                    enum table_format fmt, struct strbuf *out, struct err *e)
{
	struct ctx c = { NULL, NULL, 0, 0 };
	calc_month m;
	calc_day start;
	json_t *list, *rows, *p;
	size_t i, j;
	if (!actor_can(a, R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(ENTERPRISE)))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL);
	if (month_arg(month, &m, e))
		return -1;
	if (calc_window_state(m, report_today(db), report_close_day(db)) == CALC_NOT_OPEN) {
		char day[11], msg[96];
		calc_day_format(calc_window_open(m), day);
		snprintf(msg, sizeof(msg), "%s is not open yet: it opens on %s", month, day);
		return fail_col(e, "month", ERR_INVALID, msg);
	}
	if (!(c.departments = ref_store_list(db, REF_DEPARTMENT, e)) || !(list = projects_of(db, a, q, "in_progress", e))) {
		ctx_release(&c);
		return -1;
	}
	rows = json_array();
	json_array_foreach(list, i, p) {
		calc_day_parse(json_string_value(json_object_get(p, "start_date")), &start);
		if (calc_day_month(start) > m)
			continue;
		json_t *reports = report_store_list(db, json_integer_value(json_object_get(p, "id")), e), *r;
		if (!reports) {
			json_decref(rows);
			json_decref(list);
			ctx_release(&c);
			return -1;
		}
		json_t *row = reading_row(p, month);
		int64_t ytd = 0, to_date = 0;
		json_array_foreach(reports, j, r) {
			calc_month rm;
			int64_t inv = json_integer_value(json_object_get(r, "investment_fen"));
			if (calc_month_parse(json_string_value(json_object_get(r, "month")), &rm))
				continue;
			if (rm < m) {
				to_date += inv;
				if (calc_month_year(rm) == calc_month_year(m))
					ytd += inv;
			} else if (rm == m) {
				static const char *const keys[] = { "investment_fen", "progress", "problems", "help_department",
					                            "jobs" };
				for (size_t k = 0; k < ARRAY_SIZE(keys); k++)
					json_object_set(row, keys[k], json_object_get(r, keys[k]));
			}
		}
		json_object_set_new(row, "year_plan_fen", json_integer(year_plan(p, calc_month_year(m))));
		json_object_set_new(row, "prior_ytd_fen", json_integer(ytd));
		json_object_set_new(row, "prior_to_date_fen", json_integer(to_date));
		json_array_append_new(rows, row);
		json_decref(reports);
	}
	json_decref(list);
	return write_file(&c, WORKBOOK_COLS, rows, fmt, "月度调度", out, e);
}

static json_t *pct_text(const json_t *v)
{
	char buf[32];
	if (!json_is_number(v))
		return json_string("");
	snprintf(buf, sizeof(buf), "%.2f", json_number_value(v));
	return json_string(buf);
}

int report_export(struct db *db, const struct actor *a, const char *month, const struct project_query *q,
                  enum table_format fmt, struct strbuf *out, struct err *e)
{
	struct ctx c = { NULL, NULL, 0, 0 };
	calc_month m;
	json_t *list, *rows, *p;
	size_t i, j;
	if (!actor_can(a, ROLES_ALL))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL);
	if (month_arg(month, &m, e))
		return -1;
	if (!(c.departments = ref_store_list(db, REF_DEPARTMENT, e)) || !(list = projects_of(db, a, q, NULL, e))) {
		ctx_release(&c);
		return -1;
	}
	rows = json_array();
	json_array_foreach(list, i, p) {
		int64_t id = json_integer_value(json_object_get(p, "id"));
		json_t *reports = report_list(db, a, id, e), *r;
		if (!reports) {
			json_decref(rows);
			json_decref(list);
			ctx_release(&c);
			return -1;
		}
		json_array_foreach(json_object_get(reports, "items"), j, r) {
			if (strcmp(json_string_value(json_object_get(r, "month")), month))
				continue;
			json_t *row = reading_row(p, month);
			static const char *const keys[] = { "investment_fen", "progress", "problems", "help_department", "jobs",
				                            "ytd_investment_fen", "to_date_investment_fen", "late" };
			for (size_t k = 0; k < ARRAY_SIZE(keys); k++)
				json_object_set(row, keys[k], json_object_get(r, keys[k]));
			int64_t inv = json_integer_value(json_object_get(r, "investment_fen"));
			json_object_set_new(row, "year_plan_fen", json_integer(year_plan(p, calc_month_year(m))));
			json_object_set_new(row, "prior_ytd_fen",
			                    json_integer(json_integer_value(json_object_get(r, "ytd_investment_fen")) - inv));
			json_object_set_new(row, "prior_to_date_fen",
			                    json_integer(json_integer_value(json_object_get(r, "to_date_investment_fen")) - inv));
			json_object_set_new(row, "pct_of_year_plan", pct_text(json_object_get(r, "pct_of_year_plan")));
			json_object_set_new(row, "pct_of_total", pct_text(json_object_get(r, "pct_of_total")));
			json_array_append_new(rows, row);
		}
		json_decref(reports);
	}
	json_decref(list);
	return write_file(&c, ARRAY_SIZE(cols), rows, fmt, "月度调度", out, e);
}
