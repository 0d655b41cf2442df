/* programme.c — warnings from the projects' data, and the programme counters. */
#include "domain/programme.h"
#include "core/money.h"
#include "core/util.h"
#include "core/strbuf.h"
#include "db/programme_store.h"
#include "db/ref_store.h"
#include "domain/project_calc.h"
#include "domain/report.h"
#include <stdint.h>
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

/* ---- warnings -------------------------------------------------------------
 *
 * The data a day's warnings are computed from is loaded once, in six streamed queries
 * (projects in progress, the months they reported, the amounts of the years the lag rule reads,
 * open help requests, plans and open milestones; no JSON per row), into
 * plain arrays; the rules then run per project in one pass for any day (today, and
 * yesterday for the summary), giving compact items. Only the items a reply shows are
 * turned into JSON with their messages. */

enum wkind { K_MISSING, K_LAG, K_MILESTONE, K_HELP, K__COUNT };
static const char *const kinds[K__COUNT] = { "report_missing", "investment_lag", "milestone_overdue", "help_open" };
#define KIND_LIST "report_missing, investment_lag, milestone_overdue, help_open"

struct wproj {
	int64_t id;
	char *name;
	char division[8];
	calc_month start;  /* the month of the start date */
	bool start_ok;
	size_t r0, rn, h0, hn, m0, mn;
	int64_t plan[2];
};
struct whelp {
	calc_month month;
	char dep[16];
};
struct wms {
	int64_t id;
	char *name;
	calc_day planned;
};
struct wdata {
	struct wproj *p;
	struct calc_report *r;
	struct whelp *h;
	struct wms *m;
	size_t np, nr, nh, nm, cap_p, cap_r, cap_h, cap_m, cur;
	int years[2];
	int close_day, threshold, help_days;
	calc_day today;
};
/* One warning: which project, which rule, and the numbers that fired it. */
struct witem {
	uint8_t kind;
	uint32_t proj, ref;  /* ref: the help request's or the milestone's index */
	int32_t days, missing, months, year;
	calc_month first, last;
	int64_t ytd, plan, abp, ebp;
};
struct wlist {
	struct witem *v;
	size_t n, cap;
};

#define GROW(arr, n, cap) \
	do { \
		if ((n) == (cap)) { \
			(cap) = (cap) ? (cap) * 2 : 256; \
			(arr) = xrealloc((arr), (cap) * sizeof(*(arr))); \
		} \
	} while (0)

static void wdata_free(struct wdata *d)
{
	for (size_t i = 0; i < d->np; i++)
		free(d->p[i].name);
	for (size_t i = 0; i < d->nm; i++)
		free(d->m[i].name);
	free(d->p);
	free(d->r);
	free(d->h);
	free(d->m);
}

/* The project a row belongs to: rows come by project id, as the projects do. */
static struct wproj *row_project(struct wdata *d, int64_t pid)
{
	while (d->cur < d->np && d->p[d->cur].id < pid)
		d->cur++;
	return d->cur < d->np && d->p[d->cur].id == pid ? &d->p[d->cur] : NULL;
}

static int on_project(void *ctx, struct db_stmt *st)
{
	struct wdata *d = ctx;
	GROW(d->p, d->np, d->cap_p);
	struct wproj *p = &d->p[d->np++];
	memset(p, 0, sizeof(*p));
	p->id = db_col_int(st, 0);
	p->name = xstrdup(db_col_text(st, 1));
	strlcpy_(p->division, db_col_text(st, 2), sizeof(p->division));
	calc_day start;
	p->start_ok = !calc_day_parse(db_col_text(st, 3), &start);
	if (p->start_ok)
		p->start = calc_day_month(start);
	return 0;
}

/* Which months a project reported, a year per row: the reports, with no amounts yet. */
static int on_months(void *ctx, struct db_stmt *st)
{
	struct wdata *d = ctx;
	struct wproj *p = row_project(d, db_col_int(st, 0));
	int64_t year = db_col_int(st, 1), months = db_col_int(st, 2);
	if (!p || year < CALC_YEAR_MIN || year > CALC_YEAR_MAX)
		return 0;
	if (!p->rn)
		p->r0 = d->nr;
	/* Room for the year's months at once (twice the reports so far, as GROW would). */
	size_t need = d->nr + (size_t)__builtin_popcountll((unsigned long long)(months & 0xfff));
	if (need > d->cap_r) {
		d->cap_r = need > 2 * d->cap_r ? need : 2 * d->cap_r;
		d->r = xrealloc(d->r, d->cap_r * sizeof(*d->r));
	}
	for (int m = 1; m <= 12; m++) {
		if (!(months & ((int64_t)1 << (m - 1))))
			continue;
		d->r[d->nr].month = calc_month_make((int)year, m);
		d->r[d->nr++].investment_fen = 0;
		p->rn++;
	}
	return 0;
}

/* The amounts of the years the lag rule reads (this year and, in January, last year). */
static int on_amounts(void *ctx, struct db_stmt *st)
{
	struct wdata *d = ctx;
	struct wproj *p = row_project(d, db_col_int(st, 0));
	int64_t year = db_col_int(st, 1);
	if (!p || year < CALC_YEAR_MIN || year > CALC_YEAR_MAX)
		return 0;
	calc_month jan = calc_month_make((int)year, 1);
	for (size_t k = 0; k < p->rn; k++) {
		struct calc_report *r = &d->r[p->r0 + k];
		if (r->month >= jan && r->month < jan + 12)
			r->investment_fen = db_col_int(st, 3 + (int)(r->month - jan));
	}
	return 0;
}

static int on_help(void *ctx, struct db_stmt *st)
{
	struct wdata *d = ctx;
	struct wproj *p = row_project(d, db_col_int(st, 0));
	calc_month m;
	if (!p || calc_month_parse(db_col_text(st, 1), &m))
		return 0;
	if (!p->hn)
		p->h0 = d->nh;
	GROW(d->h, d->nh, d->cap_h);
	d->h[d->nh].month = m;
	strlcpy_(d->h[d->nh++].dep, db_col_text(st, 2), sizeof(d->h[0].dep));
	p->hn++;
	return 0;
}

static int on_plan(void *ctx, struct db_stmt *st)
{
	struct wdata *d = ctx;
	struct wproj *p = row_project(d, db_col_int(st, 0));
	int64_t year = db_col_int(st, 1);
	for (int k = 0; p && k < 2; k++)
		if (year == d->years[k])
			p->plan[k] = db_col_int(st, 2);
	return 0;
}

static int on_milestone(void *ctx, struct db_stmt *st)
{
	struct wdata *d = ctx;
	struct wproj *p = row_project(d, db_col_int(st, 0));
	calc_day pd;
	if (!p || calc_day_parse(db_col_text(st, 3), &pd))
		return 0;
	if (!p->mn)
		p->m0 = d->nm;
	GROW(d->m, d->nm, d->cap_m);
	d->m[d->nm].id = db_col_int(st, 1);
	d->m[d->nm].name = xstrdup(db_col_text(st, 2));
	d->m[d->nm++].planned = pd;
	p->mn++;
	return 0;
}

/* Loads what the rules need for today and yesterday. */
static int wdata_load(struct db *db, const struct project_scope *s, struct wdata *d, struct err *e)
{
	memset(d, 0, sizeof(*d));
	d->today = report_today(db);
	d->close_day = report_close_day(db);
	d->threshold = setting_int(db, "lag_threshold_pp", CALC_LAG_THRESHOLD_DEFAULT, 0, 100);
	d->help_days = setting_int(db, "help_open_days", HELP_DAYS_DEFAULT, 1, 3650);
	d->years[0] = calc_month_year(calc_day_month(d->today) - 1);
	d->years[1] = calc_month_year(calc_day_month(d->today - 1) - 1);
	if (programme_store_projects(db, s, on_project, d, e))
		return -1;
	if (!d->np)
		return 0;
	d->cur = 0;
	if (programme_store_report_months(db, s, on_months, d, e))
		return -1;
	/* The amounts and the plans a year at a time (two years only in the first days of January). */
	for (int k = 0; k < 2; k++) {
		if (k && d->years[1] == d->years[0])
			break;
		d->cur = 0;
		if (programme_store_report_amounts(db, s, d->years[k], on_amounts, d, e))
			return -1;
		d->cur = 0;
		if (programme_store_plans(db, s, d->years[k], on_plan, d, e))
			return -1;
	}
	d->cur = 0;
	if (programme_store_open_help(db, s, on_help, d, e))
		return -1;
	d->cur = 0;
	return programme_store_open_milestones(db, s, on_milestone, d, e);
}

static struct witem *push(struct wlist *l, enum wkind k, size_t proj)
{
	GROW(l->v, l->n, l->cap);
	struct witem *w = &l->v[l->n++];
	memset(w, 0, sizeof(*w));
	w->kind = (uint8_t)k;
	w->proj = (uint32_t)proj;
	return w;
}

/* The first of the n reports (in month order) of month m or later. */
static size_t first_from(const struct calc_report *r, size_t n, int64_t m)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r[mid].month < m)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The rules as of `day`, for every project loaded, in the order of the list: by project;
 * in a project, open help requests by month, missing reports, lag, overdue milestones.
 * dep (not NULL) keeps only the help requests addressed to that department. */
static void wdata_eval(const struct wdata *d, calc_day day, const char *dep, struct wlist *out)
{
	memset(out, 0, sizeof(*out));
	int year = calc_month_year(calc_day_month(day) - 1);
	int months = calc_months_due(year, day, d->close_day);
	int py = year == d->years[0] ? 0 : 1;
	calc_month last_due, jan = calc_month_make(year, 1);
	calc_due_months(0, day, d->close_day, &last_due);  /* the last month due: the same for every project */
	for (size_t i = 0; i < d->np; i++) {
		const struct wproj *p = &d->p[i];
		const struct calc_report *r = p->rn ? &d->r[p->r0] : NULL;
		for (size_t k = 0; k < p->hn; k++) {
			const struct whelp *h = &d->h[p->h0 + k];
			calc_day asked = calc_window_open(h->month);
			if (day - asked > d->help_days && (!dep || !strcmp(dep, h->dep))) {
				struct witem *w = push(out, K_HELP, i);
				w->ref = (uint32_t)(p->h0 + k);
				w->days = (int32_t)(day - asked);
			}
		}
		if (dep)
			continue;
		calc_month first = 0, last = 0;
		if (p->start_ok && p->start <= last_due) {
			/* Every month from the start to the last due reported (reports are by month, one
			 * each): nothing missing, without walking the months. */
			size_t lo = first_from(r, p->rn, p->start), hi = first_from(r, p->rn, (int64_t)last_due + 1);
			int missing = (int64_t)(hi - lo) == (int64_t)last_due - p->start + 1
			                      ? 0 : calc_missing(r, p->rn, p->start, last_due, &first, &last);
			if (missing) {
				struct witem *w = push(out, K_MISSING, i);
				w->missing = missing;
				w->first = first;
				w->last = last;
			}
		}
		int64_t plan = p->plan[py], actual_bp, expected_bp;
		if (months > 0 && plan > 0) {
			/* Reports before January of the year never count: start the sum there. */
			size_t lo = first_from(r, p->rn, jan);
			int64_t ytd = calc_ytd(r ? r + lo : r, p->rn - lo, calc_month_make(year, months));
			if (calc_lagging(ytd, plan, months, d->threshold, &actual_bp, &expected_bp)) {
				struct witem *w = push(out, K_LAG, i);
				w->year = year;
				w->months = months;
				w->ytd = ytd;
				w->plan = plan;
				w->abp = actual_bp;
				w->ebp = expected_bp;
			}
		}
		for (size_t k = 0; k < p->mn; k++) {
			const struct wms *m = &d->m[p->m0 + k];
			if (m->planned < day) {
				struct witem *w = push(out, K_MILESTONE, i);
				w->ref = (uint32_t)(p->m0 + k);
				w->days = (int32_t)(day - m->planned);
			}
		}
	}
}

/* The item as the API shows it: {kind, project_id, project_name, division, rule, message, ...}. */
static json_t *witem_json(struct db *db, const struct wdata *d, const struct witem *w, bool en)
{
	const struct wproj *p = &d->p[w->proj];
	char first[8], last[8], day[11], msg[320];
	const char *rule = "";
	json_t *fields = NULL;
	switch ((enum wkind)w->kind) {
	case K_HELP: {
		const struct whelp *h = &d->h[w->ref];
		/* The message names the department as people know it (发改委), the field keeps the code. */
		json_t *dref = ref_store_get(db, REF_DEPARTMENT, h->dep, NULL);
		const char *dname = dref ? json_string_value(json_object_get(dref, "short_name")) : h->dep;
		calc_month_format(h->month, first);
		snprintf(msg, sizeof(msg), en ? "help asked of %s in the %s report open for %d days"
		                              : "%s 月报请求%s协调，已 %d 天未解决", en ? h->dep : first,
		         en ? first : dname, w->days);
		json_decref(dref);
		fields = json_pack("{s:s, s:s, s:{s:i, s:i}}", "month", first, "help_department", h->dep, "figures",
		                   "days_open", w->days, "limit_days", d->help_days);
		rule = "help asked of a department still open after N days";
		break;
	}
	case K_MISSING:
		calc_month_format(w->first, first);
		calc_month_format(w->last, last);
		snprintf(msg, sizeof(msg), en ? "%d monthly reports missing (%s to %s)" : "缺报 %d 个月度报告（%s 至 %s）",
		         w->missing, first, last);
		fields = json_pack("{s:s, s:{s:i, s:s, s:s}}", "month", last, "figures", "missing", w->missing, "first",
		                   first, "last", last);
		rule = "report missing after its window closed";
		break;
	case K_LAG: {
		char done[32], planned[32];
		money_format_wanyuan(w->ytd, done, sizeof(done));
		money_format_wanyuan(w->plan, planned, sizeof(planned));
		long long ab = (long long)w->abp, eb = (long long)w->ebp;
		if (en)
			snprintf(msg, sizeof(msg), "%d: %s of %s (10k yuan) done, %lld.%02lld %% against "
			         "%lld.%02lld %% expected after %d months", w->year, done, planned, ab / 100, ab % 100,
			         eb / 100, eb % 100, w->months);
		else
			snprintf(msg, sizeof(msg), "%d 年完成投资 %s 万元 / 计划 %s 万元，完成率 %lld.%02lld%%，"
			         "低于 %d 个月应达的 %lld.%02lld%%", w->year, done, planned, ab / 100, ab % 100,
			         w->months, eb / 100, eb % 100);
		fields = json_pack("{s:{s:i, s:I, s:I, s:i, s:f, s:f, s:i}}", "figures", "year", w->year,
		                   "ytd_investment_fen", (json_int_t)w->ytd, "year_plan_fen", (json_int_t)w->plan,
		                   "months", w->months, "actual_pct", (double)w->abp / 100,
		                   "expected_pct", (double)w->ebp / 100, "threshold_pp", d->threshold);
		rule = "this year's completed / this year's plan < months elapsed / 12 − threshold";
		break;
	}
	case K_MILESTONE:
	default: {
		const struct wms *m = &d->m[w->ref];
		calc_day_format(m->planned, day);
		snprintf(msg, sizeof(msg), en ? "milestone %s was due on %s (%d days ago)" : "节点“%s”计划 %s 完成，已逾期 %d 天",
		         m->name, day, w->days);
		fields = json_pack("{s:I, s:{s:s, s:i}}", "milestone_id", (json_int_t)m->id, "figures", "planned_date", day,
		                   "days_overdue", w->days);
		rule = "a milestone past its planned date without an actual date";
		break;
	}
	}
	json_t *o = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s}", "kind", kinds[w->kind], "project_id",
	                      (json_int_t)p->id, "project_name", p->name, "division", p->division, "rule", rule,
	                      "message", msg);
	json_object_update(o, fields);
	json_decref(fields);
	return o;
}

static int parse_kind(const char *s, const char *field, bool any_ok, int *out, struct err *e)
{
	*out = -1;
	if (!s || !*s || (any_ok && !strcmp(s, "any")))
		return 0;
	for (int k = 0; k < K__COUNT; k++)
		if (!strcmp(kinds[k], s)) {
			*out = k;
			return 0;
		}
	return err_set(e, ERR_NOT_IN_LIST, field, any_ok ? "any, " KIND_LIST : KIND_LIST);
}

static json_t *counts_json(const size_t c[K__COUNT])
{
	json_t *o = json_object();
	for (int k = 0; k < K__COUNT; k++)
		json_object_set_new(o, kinds[k], json_integer((json_int_t)c[k]));
	return o;
}

json_t *programme_warnings(struct db *db, const struct actor *a, const struct warning_query *q, struct err *e)
{
	struct project_scope s;
	struct wdata d;
	struct wlist l = { 0 };
	char slo[8], shi[8], dlo[8], dhi[8], day[11];
	int want;
	if (parse_kind(q->kind, "kind", false, &want, e) || make_scope(a, q->division, q->project_id, &s, slo, shi, dlo, dhi, e))
		return NULL;
	if (wdata_load(db, &s, &d, e)) {
		wdata_free(&d);
		return NULL;
	}
	wdata_eval(&d, d.today, NULL, &l);
	size_t counts[K__COUNT] = { 0 }, total = 0, i;
	int64_t per_page = q->per_page > 0 ? q->per_page : 100, page = q->page > 0 ? q->page : 1;
	int64_t from = (page - 1) * per_page;
	json_t *items = json_array();
	for (i = 0; i < l.n; i++) {
		counts[l.v[i].kind]++;
		if (want >= 0 && l.v[i].kind != want)
			continue;
		if ((int64_t)total >= from && (int64_t)total < from + per_page)
			json_array_append_new(items, witem_json(db, &d, &l.v[i], a->lang == LANG_EN));
		total++;
	}
	calc_day_format(d.today, day);
	free(l.v);
	wdata_free(&d);
	return json_pack("{s:o, s:s, s:I, s:I, s:I, s:o}", "items", items, "today", day, "total", (json_int_t)total,
	                 "page", (json_int_t)page, "per_page", (json_int_t)per_page, "counts", counts_json(counts));
}

static int warned_scope(const struct actor *a, struct project_scope *s, char slo[8], char shi[8], struct err *e)
{
	char dlo[8], dhi[8];
	return make_scope(a, NULL, 0, s, slo, shi, dlo, dhi, e);
}

int programme_warned_projects(struct db *db, const struct actor *a, const char *kind, struct strbuf *ids,
                              struct err *e)
{
	struct project_scope s;
	struct wdata d;
	struct wlist l = { 0 };
	char slo[8], shi[8];
	int want;
	if (parse_kind(kind, "warning", true, &want, e) || warned_scope(a, &s, slo, shi, e))
		return -1;
	if (wdata_load(db, &s, &d, e)) {
		wdata_free(&d);
		return -1;
	}
	wdata_eval(&d, d.today, NULL, &l);
	strbuf_addstr(ids, "0");
	size_t last = SIZE_MAX;
	for (size_t i = 0; i < l.n; i++) {
		if ((want >= 0 && l.v[i].kind != want) || l.v[i].proj == last)
			continue;
		last = l.v[i].proj;
		strbuf_addf(ids, ",%lld", (long long)d.p[last].id);
	}
	free(l.v);
	wdata_free(&d);
	return 0;
}

/* Order of the two lists' items: by project, then as the rules run (help, missing, lag,
 * milestones), then the help request or milestone; both lists are built in this order. */
static int wcmp(const struct witem *x, const struct witem *y)
{
	static const int order[K__COUNT] = { [K_HELP] = 0, [K_MISSING] = 1, [K_LAG] = 2, [K_MILESTONE] = 3 };
	if (x->proj != y->proj)
		return x->proj < y->proj ? -1 : 1;
	if (x->kind != y->kind)
		return order[x->kind] - order[y->kind];
	return x->ref < y->ref ? -1 : x->ref > y->ref;
}

/* Items in a that are not in b (both in wcmp order): their count by kind, the first `max` as JSON. */
static json_t *difference(struct db *db, const struct wdata *d, const struct wlist *a, const struct wlist *b,
                          size_t max, bool en)
{
	size_t j = 0, n = 0, counts[K__COUNT] = { 0 };
	json_t *items = json_array();
	for (size_t i = 0; i < a->n; i++) {
		while (j < b->n && wcmp(&b->v[j], &a->v[i]) < 0)
			j++;
		if (j < b->n && !wcmp(&b->v[j], &a->v[i]))
			continue;
		counts[a->v[i].kind]++;
		if (n++ < max)
			json_array_append_new(items, witem_json(db, d, &a->v[i], en));
	}
	return json_pack("{s:I, s:o, s:o}", "total", (json_int_t)n, "counts", counts_json(counts), "items", items);
}

/* Rank for "needing action": missing reports first, then help requests, overdue milestones
 * and lag; within a kind the larger figure (months missing, days open, days overdue,
 * percentage points behind) first. */
struct ranked {
	int64_t score;
	size_t i;
};
static int by_score(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;
	return a->score != b->score ? (a->score > b->score ? -1 : 1) : (a->i > b->i) - (a->i < b->i);
}

json_t *programme_warning_summary(struct db *db, const struct actor *a, struct err *e)
{
	static const int64_t prio[K__COUNT] = { [K_MISSING] = 3, [K_HELP] = 2, [K_MILESTONE] = 1, [K_LAG] = 0 };
	struct project_scope s;
	struct wdata d;
	struct wlist now = { 0 }, before = { 0 };
	char slo[8], shi[8], day[11], yday[11];
	bool en = a->lang == LANG_EN;
	const char *dep = a->role == ROLE_DEPARTMENT ? a->department : NULL;
	if (warned_scope(a, &s, slo, shi, e))
		return NULL;
	if (wdata_load(db, &s, &d, e)) {
		wdata_free(&d);
		return NULL;
	}
	wdata_eval(&d, d.today, dep, &now);
	wdata_eval(&d, d.today - 1, dep, &before);
	size_t counts[K__COUNT] = { 0 }, projects = 0, last = SIZE_MAX;
	struct ranked *rank = xcalloc(now.n + 1, sizeof(*rank));
	for (size_t i = 0; i < now.n; i++) {
		const struct witem *w = &now.v[i];
		counts[w->kind]++;
		if (w->proj != last)
			projects++;
		last = w->proj;
		int64_t size = w->kind == K_MISSING ? w->missing : w->kind == K_LAG ? w->ebp - w->abp : w->days;
		rank[i].score = prio[w->kind] * ((int64_t)1 << 40) + (size < 0 ? 0 : size);
		rank[i].i = i;
	}
	qsort(rank, now.n, sizeof(*rank), by_score);
	json_t *top = json_array();
	for (size_t i = 0; i < now.n && i < 10; i++)
		json_array_append_new(top, witem_json(db, &d, &now.v[rank[i].i], en));
	free(rank);
	calc_day_format(d.today, day);
	calc_day_format(d.today - 1, yday);
	json_t *out = json_pack("{s:s, s:s, s:I, s:I, s:o, s:o, s:o, s:o}", "today", day, "yesterday", yday, "total",
	                        (json_int_t)now.n, "projects", (json_int_t)projects, "counts", counts_json(counts),
	                        "new", difference(db, &d, &now, &before, 20, en),
	                        "cleared", difference(db, &d, &before, &now, 20, en), "top", top);
	if (dep)
		json_object_set_new(out, "help_department", json_string(dep));
	free(now.v);
	free(before.v);
	wdata_free(&d);
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

/* ---- counters -------------------------------------------------------------
 *
 * One pass over the projects in scope (with each one's reported investment, summed from the
 * reports a year per row) adds every project to its row of each grouping. */
#define NGROUPS 6
enum { B_REVIEW, B_APPROVED, B_PROGRESS, B_COMPLETED, B_TERMINATED, B__COUNT };
static const char *const buckets[B__COUNT] = { "under_review", "approved", "in_progress", "completed", "terminated" };

struct centry {
	char key[64];
	bool null;
	int64_t n[B__COUNT], planned, completed;
};
struct cgroup {
	struct centry *v;
	size_t n, cap;
};

static int bucket_of(const char *st)
{
	if (!strcmp(st, "submitted") || !strcmp(st, "prefecture_passed"))
		return B_REVIEW;
	for (int b = B_APPROVED; b < B__COUNT; b++)
		if (!strcmp(st, buckets[b]))
			return b;
	return -1;
}

static int on_counted(void *ctx, struct db_stmt *st)
{
	struct cgroup *groups = ctx;
	int b = bucket_of(db_col_text(st, NGROUPS));
	int64_t total = db_col_int(st, NGROUPS + 1), done = db_col_int(st, NGROUPS + 2);
	for (int g = 0; g < NGROUPS; g++) {
		struct cgroup *cg = &groups[g];
		bool null = db_col_null(st, g);
		const char *key = null ? "" : db_col_text(st, g);
		size_t i;
		for (i = 0; i < cg->n && (cg->v[i].null != null || strcmp(cg->v[i].key, key)); i++)
			;
		if (i == cg->n) {
			GROW(cg->v, cg->n, cg->cap);
			memset(&cg->v[cg->n], 0, sizeof(cg->v[0]));
			cg->v[cg->n].null = null;
			strlcpy_(cg->v[cg->n++].key, key, sizeof(cg->v[0].key));
		}
		struct centry *c = &cg->v[i];
		if (b >= 0)
			c->n[b]++;
		if (b == B_APPROVED || b == B_PROGRESS || b == B_COMPLETED)
			c->planned += total;
		c->completed += done;
	}
	return 0;
}

/* Keys in byte order, no key first. */
static int by_key(const void *x, const void *y)
{
	const struct centry *a = x, *b = y;
	if (a->null || b->null)
		return (int)b->null - (int)a->null;
	return strcmp(a->key, b->key);
}

json_t *programme_counters(struct db *db, const struct actor *a, const char *division, struct err *e)
{
	/* In the order of programme_store_counted()'s columns. */
	static const struct {
		const char *key;
		json_t *(*name_of)(struct db *, const char *);
	} groups[NGROUPS] = {
		{ "targets", target_name },   { "by_category", category_name },     { "by_field", field_name },
		{ "by_prefecture", prefecture_name }, { "by_base", base_name },     { "by_year", NULL },
	};
	struct project_scope s;
	struct cgroup cg[NGROUPS];
	char slo[8], shi[8], dlo[8], dhi[8];
	if (make_scope(a, division, 0, &s, slo, shi, dlo, dhi, e))
		return NULL;
	memset(cg, 0, sizeof(cg));
	json_t *out = NULL;
	if (programme_store_counted(db, &s, on_counted, cg, e))
		goto done;
	out = json_object();
	int64_t planned = 0, completed = 0;
	for (int g = 0; g < NGROUPS; g++) {
		json_t *list = json_array();
		qsort(cg[g].v, cg[g].n, sizeof(cg[g].v[0]), by_key);
		for (size_t i = 0; i < cg[g].n; i++) {
			const struct centry *c = &cg[g].v[i];
			json_t *key = c->null ? json_null() : json_string(c->key);
			json_t *row = json_pack("{s:O, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "key", key,
			                        "under_review", (json_int_t)c->n[B_REVIEW], "approved", (json_int_t)c->n[B_APPROVED],
			                        "in_progress", (json_int_t)c->n[B_PROGRESS], "completed",
			                        (json_int_t)c->n[B_COMPLETED], "terminated", (json_int_t)c->n[B_TERMINATED],
			                        "planned_fen", (json_int_t)c->planned, "completed_fen", (json_int_t)c->completed);
			json_t *nm = groups[g].name_of && !c->null ? groups[g].name_of(db, c->key) : NULL;
			json_object_set_new(row, "name", nm ? nm : json_incref(key));
			if (g == 0 && !c->null) {
				json_t *ref = ref_store_get(db, REF_POLICY_ITEM, c->key, NULL);
				json_object_set(row, "goal", ref ? json_object_get(ref, "goal") : json_null());
				json_decref(ref);
			}
			if (g == 1) {
				planned += c->planned;
				completed += c->completed;
			}
			json_decref(key);
			json_array_append_new(list, row);
		}
		json_object_set_new(out, groups[g].key, list);
	}
	json_object_set_new(out, "investment", json_pack("{s:I, s:I}", "planned_fen", (json_int_t)planned,
	                                                 "completed_fen", (json_int_t)completed));
done:
	for (int g = 0; g < NGROUPS; g++)
		free(cg[g].v);
	return out;
}
