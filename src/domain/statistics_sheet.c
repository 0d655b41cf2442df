/* statistics_sheet.c — statistics-bureau files (CSV/XLSX): import, monthly or 1–M
 * cumulative, and export.
 *
 * Rows go through statistics_file_in_tx, so window, late marking, lock and scope are
 * the statistics domain's own rules. A cumulative file is read twice: a first dry pass
 * collects every row's figures, so that month M−1 is found in the same file whatever
 * the order of its rows; month M−1 not in the file is taken from the stored monthly
 * values of that year (their sum). stats_monthly_from_cum does the arithmetic. */
#include "core/money.h"
#include "core/util.h"
#include "db/enterprise_store.h"
#include "db/statistics_store.h"
#include "db/summary_store.h"
#include "domain/enterprise.h"
#include "domain/report.h"
#include "domain/statistics.h"
#include "domain/stats_calc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uthash.h>

#define COL(name, type, flags, zh, en, kind) { { name, type, flags, 0, 0, zh, en, NULL, NULL }, kind, 0, NULL }
#define READ JSPEC_OUTPUT

static const struct sheet_col cols[] = {
	COL("credit_code", JSPEC_STRING, JSPEC_REQUIRED, "统一社会信用代码", "credit code", SHEET_VALUE),
	COL("name", JSPEC_STRING, READ, "企业名称", "enterprise name", SHEET_VALUE),
	COL("month", JSPEC_STRING, JSPEC_REQUIRED, "月份", "month", SHEET_VALUE),
	COL("output_fen", JSPEC_INT, JSPEC_REQUIRED, "工业总产值（万元）", "industrial output value (10k yuan)", SHEET_WANYUAN),
	COL("revenue_fen", JSPEC_INT, JSPEC_REQUIRED, "营业收入（万元）", "operating revenue (10k yuan)", SHEET_WANYUAN),
	/* Profit may be negative: read as text and parsed here with negatives allowed. */
	COL("profit_fen", JSPEC_STRING, JSPEC_REQUIRED, "利润总额（万元）", "total profit (10k yuan)", SHEET_VALUE),
	COL("export_fen", JSPEC_INT, JSPEC_REQUIRED, "出口交货值（万元）", "export delivery value (10k yuan)", SHEET_WANYUAN),
	COL("rd_fen", JSPEC_INT, JSPEC_REQUIRED, "研发经费支出（万元）", "R&D expenditure (10k yuan)", SHEET_WANYUAN),
	COL("employees", JSPEC_INT, JSPEC_REQUIRED, "期末从业人数", "employees at month end", SHEET_VALUE),
	COL("reason", JSPEC_STRING, 0, "修改原因", "reason for the change", SHEET_VALUE),
	COL("late", JSPEC_BOOL, READ, "迟报", "late", SHEET_VALUE),
};

/* The money columns a 1–M file cumulates (employees are a month-end count). */
static const char *const cum_keys[] = { "output_fen", "revenue_fen", "profit_fen", "export_fen", "rd_fen" };
#define NCUM 5
#define PROFIT 2

/* The fast path's enterprises by credit code: looked up once each. */
struct brief {
	char code[40];
	bool usable; /* found, in the actor's scope, not archived */
	struct enterprise_brief b;
	UT_hash_handle hh;
};

#define STATISTICS_HELD 500

struct ctx {
	json_t *ents;      /* credit code -> enterprise in the actor's scope, or null */
	json_t *file;      /* cumulative: "code|YYYY-MM" -> {the row's figures in fen} */
	bool cumulative;
	bool collecting;   /* the first pass of a cumulative file */
	struct statistics_clock clock;
	/* The fast path of a monthly file (fast_row): new rows written from their cells. */
	struct summary_batch *batch; /* NULL: no fast path */
	struct db *db;
	struct statistics_row *held; /* surely new rows, written STATISTICS_HELD at a time */
	size_t nheld;
	struct brief *briefs;
	size_t nbriefs;
	char at[21], day[11]; /* the rows' submitted_at and submitted_on */
	int64_t fast_rows, fast_sums[STATISTICS_FIGURES];
	char fast_lo[8], fast_hi[8];    /* the months of the rows it wrote */
};

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

/* A month as statistics files write it: 2020-06, 2020-6, 2020/06, 2020.6, 202006, 2020年6月. */
static int month_of(const char *s, char out[8])
{
	int y = 0, m = 0;
	char tail;
	calc_month cm;
	if (sscanf(s, "%d-%d%c", &y, &m, &tail) == 2 || sscanf(s, "%d/%d%c", &y, &m, &tail) == 2 ||
	    sscanf(s, "%d.%d%c", &y, &m, &tail) == 2 || sscanf(s, "%d年%d月%c", &y, &m, &tail) == 2 ||
	    (strlen(s) == 6 && strspn(s, "0123456789") == 6 && sscanf(s, "%4d%2d", &y, &m) == 2)) {
		if (y < 1900 || y > 2200 || m < 1 || m > 12)
			return -1;
		snprintf(out, 8, "%04d-%02d", y, m);
		return calc_month_parse(out, &cm);
	}
	return -1;
}

/* The row's figures in fen: money cells are integers already, profit is parsed here;
 * blank export and R&D cells are 0 (most enterprises export nothing). */
static int figures_of(json_t *row, json_t *fig, struct err *e)
{
	for (size_t i = 0; i < NCUM; i++) {
		json_t *v = json_object_get(row, cum_keys[i]);
		if (i == PROFIT && json_is_string(v) && json_string_length(v)) {
			int64_t fen;
			if (money_parse_wanyuan_flags(json_string_value(v), MONEY_ALLOW_NEGATIVE, "profit_fen", &fen, e))
			{
				char arg[sizeof(e->arg)];
				strlcpy_(arg, e->arg, sizeof(arg));
				return fail_col(e, "profit_fen", e->code, arg);
			}
			json_object_set_new(fig, cum_keys[i], json_integer(fen));
		} else if (blank(v) && (!strcmp(cum_keys[i], "export_fen") || !strcmp(cum_keys[i], "rd_fen"))) {
			json_object_set_new(fig, cum_keys[i], json_integer(0));
		} else if (blank(v)) {
			return fail_col(e, cum_keys[i], ERR_REQUIRED, NULL);
		} else {
			json_object_set(fig, cum_keys[i], v);
		}
	}
	return 0;
}

/* Replaces the 1–M figures of fig (month `month` of enterprise id / code) by monthly ones. */
static int monthly_of(struct ctx *c, struct db *db, int64_t id, const char *code, const char *month, json_t *fig,
                      struct err *e)
{
	int year = 0, mon = 0;
	sscanf(month, "%d-%d", &year, &mon);
	if (mon == 1)
		return 0; /* January's year to date is January */
	int64_t cum[NCUM][13] = { { 0 } }, stored[NCUM][13] = { { 0 } };
	bool have[13] = { false }, in_db[13] = { false };
	char lo[32], hi[32], key[48];
	snprintf(lo, sizeof(lo), "%04d-01", year);
	snprintf(hi, sizeof(hi), "%04d-%02d", year, mon - 1);
	struct statistics_filter f = { .enterprise_id = id, .month_lo = lo, .month_hi = hi };
	json_t *rows, *r;
	int64_t total;
	size_t i;
	if (statistics_store_list(db, &f, &rows, &total, e))
		return -1;
	json_array_foreach(rows, i, r) {
		int m = 0;
		sscanf(json_string_value(json_object_get(r, "month")), "%*d-%d", &m);
		if (m < 1 || m >= mon)
			continue;
		in_db[m] = true;
		for (int k = 0; k < NCUM; k++)
			stored[k][m] = json_integer_value(json_object_get(r, cum_keys[k]));
	}
	json_decref(rows);
	/* Earlier months: the file's figure, else the stored months' sum when all are stored. */
	bool all_stored = true;
	int64_t run[NCUM] = { 0 };
	for (int m = 1; m < mon; m++) {
		all_stored = all_stored && in_db[m];
		for (int k = 0; k < NCUM; k++)
			run[k] += stored[k][m];
		snprintf(key, sizeof(key), "%s|%04d-%02d", code, year, m);
		json_t *ff = json_object_get(c->file, key);
		if (ff) {
			have[m] = true;
			for (int k = 0; k < NCUM; k++)
				cum[k][m] = json_integer_value(json_object_get(ff, cum_keys[k]));
		} else if (all_stored) {
			have[m] = true;
			for (int k = 0; k < NCUM; k++)
				cum[k][m] = run[k];
		}
	}
	have[mon] = true;
	int64_t out[NCUM];
	uint8_t span_from = 0;
	for (int k = 0; k < NCUM; k++) {
		int64_t monthly[13];
		uint8_t flag[13], from[13];
		cum[k][mon] = json_integer_value(json_object_get(fig, cum_keys[k]));
		if (k == PROFIT) {
			/* Profit may fall (a loss): monthly = 1–M minus 1–(M−1), negative or not. */
			out[k] = have[mon - 1] ? cum[k][mon] - cum[k][mon - 1] : 0;
			continue;
		}
		stats_monthly_from_cum(cum[k], have, monthly, flag, from);
		if (flag[mon] == STATS_CUM_DECREASE) {
			char msg[192], a1[MONEY_BUF_SIZE], a2[MONEY_BUF_SIZE];
			int p = from[mon] - 1;
			money_format_wanyuan(cum[k][mon], a1, sizeof(a1));
			money_format_wanyuan(cum[k][p], a2, sizeof(a2));
			snprintf(msg, sizeof(msg), "the 1–%d cumulative figure %s 万元 is below the 1–%d figure %s 万元", mon,
			         a1, p, a2);
			return fail_col(e, cum_keys[k], ERR_INVALID, msg);
		}
		if (flag[mon] == STATS_CUM_SPAN && !span_from)
			span_from = from[mon];
		out[k] = monthly[mon];
	}
	if (span_from || !have[mon - 1]) {
		char msg[192];
		int first = span_from ? span_from : mon - 1;
		snprintf(msg, sizeof(msg), "the cumulative figures of %04d-%02d%s are neither in the file nor stored, "
		                           "or were refused: the monthly value cannot be derived", year, first,
		         first < mon - 1 ? " and after" : "");
		return fail_col(e, "month", ERR_INVALID, msg);
	}
	for (int k = 0; k < NCUM; k++)
		json_object_set_new(fig, cum_keys[k], json_integer(out[k]));
	return 0;
}

/* The enterprise of a credit code in the actor's scope (looked up once per import). */
static json_t *enterprise_of(struct ctx *c, struct db *db, const struct actor *a, const char *code, struct err *e)
{
	json_t *ent = json_object_get(c->ents, code);
	/* Files come enterprise by enterprise: a small cache holds, however long the file. */
	if (!ent && json_object_size(c->ents) >= 10000)
		json_object_clear(c->ents);
	if (!ent) {
		int64_t id = enterprise_store_id_by_code(db, code, e);
		if (id < 0)
			return NULL;
		ent = id ? enterprise_get(db, a, id, e) : NULL;
		if (!ent && id && e->code != ERR_NOT_FOUND)
			return NULL;
		err_clear(e);
		json_object_set_new(c->ents, code, ent ? ent : json_null());
		ent = json_object_get(c->ents, code);
	}
	if (json_is_null(ent)) {
		fail_col(e, "credit_code", ERR_NOT_FOUND, code);
		return NULL;
	}
	return ent;
}

static int write_row(void *ctx, struct db *db, const struct actor *a, json_t *row, json_t *warnings,
                     enum sheet_outcome *outcome, struct err *e)
{
	struct ctx *c = ctx;
	json_t *code_v = json_object_get(row, "credit_code"), *month_v = json_object_get(row, "month"), *ent, *body;
	char month[8], key[48];
	int rc;
	(void)warnings;
	*outcome = SHEET_UNCHANGED;
	if (blank(code_v))
		return fail_col(e, "credit_code", ERR_REQUIRED, NULL);
	if (blank(month_v))
		return fail_col(e, "month", ERR_REQUIRED, NULL);
	if (month_of(json_string_value(month_v), month))
		return fail_col(e, "month", ERR_INVALID, "YYYY-MM");
	const char *code = json_string_value(code_v);
	body = json_pack("{s:s}", "month", month);
	if (figures_of(row, body, e))
		goto fail;
	if (c->collecting) {
		snprintf(key, sizeof(key), "%s|%s", code, month);
		json_object_set(c->file, key, body);
		json_decref(body);
		return 0;
	}
	if (!(ent = enterprise_of(c, db, a, code, e)))
		goto fail;
	int64_t id = json_integer_value(json_object_get(ent, "id"));
	if (c->cumulative && monthly_of(c, db, id, code, month, body, e))
		goto fail;
	json_object_set_new(body, "enterprise_id", json_integer(id));
	if (!blank(json_object_get(row, "employees")))
		json_object_set(body, "employees", json_object_get(row, "employees"));
	if (!blank(json_object_get(row, "reason")))
		json_object_set(body, "reason", json_object_get(row, "reason"));
	if (c->batch) /* the row may be noted for summary_store_flush: the batch must look */
		summary_batch_notes_made(c->batch);
	rc = statistics_file_in_tx(db, a, ent, body, &c->clock, outcome, e);
	json_decref(body);
	if (rc && !strcmp(e->field, "enterprise_id"))
		strlcpy_(e->field, "credit_code", sizeof(e->field));
	return rc;
fail:
	json_decref(body);
	return -1;
}

/* ---- the fast path ---------------------------------------------------------------------- */

/* A new row of a monthly file whose every cell reads plainly, of an enterprise in scope, for a
 * month whose window has opened, and not yet stored, is inserted from its cells and summed in
 * memory; there is no audit row per row: the import's audit row carries its count, months and
 * control totals. Any other row is declined and goes through write_row, which owns every rule
 * and error message; so both paths store the same row for the same cells. */
enum { C_CODE, C_NAME, C_MONTH, C_OUTPUT, C_REVENUE, C_PROFIT, C_EXPORT, C_RD, C_EMPLOYEES, C_REASON };

static const struct brief *brief_of(struct ctx *c, struct db *db, const struct actor *a, const char *code,
                                    struct err *e)
{
	struct brief *b;
	if (strlen(code) >= sizeof(b->code))
		return NULL;
	HASH_FIND_STR(c->briefs, code, b);
	if (b)
		return b->usable ? b : NULL;
	if (c->nbriefs >= 100000) { /* more enterprises than a province has: start again */
		struct brief *tmp;
		HASH_ITER(hh, c->briefs, b, tmp) {
			HASH_DEL(c->briefs, b);
			free(b);
		}
		c->nbriefs = 0;
	}
	b = xcalloc(1, sizeof(*b));
	strlcpy_(b->code, code, sizeof(b->code));
	int rc = enterprise_store_brief_by_code(db, code, &b->b, e);
	b->usable = rc == 1 && !b->b.archived && actor_in_scope(a, b->b.division, b->b.id);
	HASH_ADD_STR(c->briefs, code, b);
	c->nbriefs++;
	return rc < 0 ? NULL : b->usable ? b : NULL;
}

/* A figure cell as the slow path reads it, within statistics_spec's range; false: decline. */
static bool fast_figure(const char *s, const char *name, bool blank_zero, int64_t *out)
{
	const struct jspec_field *f = jspec_find(statistics_spec, name);
	struct err pe = { 0 };
	if (!*s) {
		*out = 0;
		return blank_zero;
	}
	if (!strcmp(name, "employees")) {
		char *end;
		if (strspn(s, "0123456789") != strlen(s) || strlen(s) > 12)
			return false;
		*out = strtoll(s, &end, 10);
	} else if (money_parse_wanyuan_flags(s, f->min < 0 ? MONEY_ALLOW_NEGATIVE : 0, name, out, &pe)) {
		return false;
	}
	return *out >= f->min && *out <= f->max;
}

/* Writes the rows held back (summary_batch's before_read, too: it reads rows only after). */
static int write_held(void *ctx, struct err *e)
{
	struct ctx *c = ctx;
	int rc = c->nheld ? statistics_store_insert_many(c->db, c->held, c->nheld, e) : 0;
	c->nheld = 0;
	return rc;
}

static int try_fast_row(struct ctx *c, struct db *db, const struct actor *a, const char *const *cells,
                        enum sheet_outcome *outcome, struct err *e)
{
	struct statistics_row r = { 0 };
	const struct brief *b;
	calc_month m;
	int rc;
	if (!*cells[C_CODE] || *cells[C_REASON] || month_of(cells[C_MONTH], r.month) ||
	    calc_month_parse(r.month, &m) || calc_window_state(m, c->clock.today, c->clock.close_day) == CALC_NOT_OPEN)
		return 0;
	for (int k = 0; k < STATISTICS_FIGURES; k++)
		if (!fast_figure(cells[C_OUTPUT + k], k < NCUM ? cum_keys[k] : "employees",
		                 C_OUTPUT + k == C_EXPORT || C_OUTPUT + k == C_RD, &r.fig[k]))
			return 0;
	if (!(b = brief_of(c, db, a, cells[C_CODE], e)))
		return e->code ? -1 : 0;
	r.enterprise_id = b->b.id;
	r.late = calc_report_late(m, c->clock.today, c->clock.close_day);
	r.submitted_at = c->at;
	r.submitted_on = c->day;
	/* A row the batch knows to be new is held back and written with others; any other is
	 * written now (after those held), and one there already is a change, for write_row. */
	if ((rc = summary_batch_surely_new(c->batch, &b->b, r.month, e)) < 0)
		return -1;
	if (rc) {
		if (c->nheld == STATISTICS_HELD && write_held(c, e))
			return -1;
		c->held[c->nheld++] = r;
	} else if (write_held(c, e) || (rc = statistics_store_insert_new(db, &r, e)) <= 0) {
		return rc;
	}
	if (summary_batch_add(c->batch, &b->b, r.month, r.fig, e))
		return -1;
	if (!c->fast_rows++ || strcmp(r.month, c->fast_lo) < 0)
		strlcpy_(c->fast_lo, r.month, sizeof(c->fast_lo));
	if (strcmp(r.month, c->fast_hi) > 0)
		strlcpy_(c->fast_hi, r.month, sizeof(c->fast_hi));
	for (int k = 0; k < STATISTICS_FIGURES; k++)
		c->fast_sums[k] += r.fig[k];
	*outcome = SHEET_CREATED;
	return 1;
}

static int fast_row(void *ctx, struct db *db, const struct actor *a, const char *const *cells,
                    enum sheet_outcome *outcome, struct err *e)
{
	struct ctx *c = ctx;
	if (!c->batch)
		return 0;
	int rc = cells ? try_fast_row(c, db, a, cells, outcome, e) : 0;
	/* A row declined (or the end of the file): the rows held back go first. */
	if (rc)
		return rc;
	return write_held(c, e) ? -1 : 0;
}

/* An import sums its rows once, at its end, instead of row by row (db/summary_store.h). */
static int begin_import(void *ctx, struct db *db, struct err *e)
{
	struct ctx *c = ctx;
	if (summary_store_defer(db, e))
		return -1;
	if (c->cumulative || c->collecting)
		return 0;
	if (c->clock.at)
		strlcpy_(c->at, c->clock.at, sizeof(c->at));
	else
		time_iso8601(now_seconds(), c->at);
	calc_day_format(c->clock.today, c->day);
	c->db = db;
	c->nheld = 0;
	if (!c->held)
		c->held = xcalloc(STATISTICS_HELD, sizeof(*c->held));
	if (!c->batch)
		c->batch = summary_batch_new(db, c->day, write_held, c, e);
	return c->batch || !e->code ? 0 : -1;
}

static int finish_import(void *ctx, struct db *db, json_t *audit, struct err *e)
{
	struct ctx *c = ctx;
	if (c->batch && (write_held(c, e) || summary_batch_flush(c->batch, e)))
		return -1;
	if (c->fast_rows) {
		json_t *sums = json_object();
		for (int k = 0; k < STATISTICS_FIGURES; k++)
			json_object_set_new(sums, k < NCUM ? cum_keys[k] : "employees", json_integer(c->fast_sums[k]));
		/* The rows written without an audit row each, with their control totals. */
		json_object_set_new(audit, "new_rows", json_pack("{s:I, s:s, s:s, s:o}", "count", (json_int_t)c->fast_rows,
		                                                 "from", c->fast_lo, "to", c->fast_hi, "sums", sums));
	}
	return summary_store_flush(db, e);
}

static void ctx_release(struct ctx *c)
{
	struct brief *b, *tmp;
	HASH_ITER(hh, c->briefs, b, tmp) {
		HASH_DEL(c->briefs, b);
		free(b);
	}
	summary_batch_free(c->batch);
	free(c->held);
	json_decref(c->ents);
	json_decref(c->file);
}

static struct sheet_ops ops_of(struct ctx *c)
{
	return (struct sheet_ops){ cols, ARRAY_SIZE(cols), "statistics", false, c, NULL, NULL, write_row,
		                   begin_import, finish_import, fast_row };
}

json_t *statistics_import_csv(struct db *db, const struct actor *a, FILE *f, bool dry_run, enum import_mode mode,
                              json_t **report, struct err *e)
{
	struct ctx c = { .ents = json_object(), .file = json_object(),
		         .clock = { report_today(db), report_close_day(db), NULL, true } };
	struct sheet_ops ops = ops_of(&c);
	json_t *rep = NULL;
	*report = NULL;
	if (!actor_can(a, R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(ENTERPRISE)))
		err_set(e, ERR_FORBIDDEN, NULL, NULL);
	else if ((rep = sheet_import_csv_stream(db, a, &ops, f, dry_run, mode, report, e)))
		json_object_set_new(rep, "cumulative", json_false());
	ctx_release(&c);
	return rep;
}

json_t *statistics_import(struct db *db, const struct actor *a, const char *buf, size_t len, bool dry_run,
                          enum import_mode mode, bool cumulative, json_t **report, struct err *e)
{
	struct ctx c = { .ents = json_object(), .file = json_object(), .cumulative = cumulative,
		         .clock = { report_today(db), report_close_day(db), NULL, true } };
	struct sheet_ops ops = ops_of(&c);
	json_t *rep = NULL, *first = NULL;
	*report = NULL;
	if (!actor_can(a, R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(ENTERPRISE))) {
		err_set(e, ERR_FORBIDDEN, NULL, NULL);
		goto done;
	}
	if (cumulative) {
		/* First pass: every row's 1–M figures, whatever their order; writes nothing. */
		c.collecting = true;
		rep = sheet_import(db, a, &ops, buf, len, true, IMPORT_VALID, &first, e);
		c.collecting = false;
		json_decref(first);
		if (!rep)
			goto done;
		json_decref(rep);
	}
	rep = sheet_import(db, a, &ops, buf, len, dry_run, mode, report, e);
	if (rep)
		json_object_set_new(rep, "cumulative", json_boolean(cumulative));
done:
	ctx_release(&c);
	return rep;
}

int statistics_export(struct db *db, const struct actor *a, const struct statistics_query *q,
                      enum table_format fmt, bool template_only, struct strbuf *out, struct err *e)
{
	struct ctx c = { .ents = NULL };
	struct sheet_ops ops = ops_of(&c);
	struct statistics_query all = *q;
	json_t *list = NULL, *rows = NULL, *r;
	size_t i;
	int rc;
	if (!actor_can(a, ROLES_ALL))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL);
	if (!template_only) {
		all.per_page = 0;
		all.page = 1;
		if (!(list = statistics_list(db, a, &all, e)))
			return -1;
		rows = json_array();
		json_array_foreach(json_object_get(list, "items"), i, r) {
			struct strbuf p = STRBUF_INIT;
			json_t *row = json_deep_copy(r);
			sheet_format_wanyuan(json_integer_value(json_object_get(r, "profit_fen")), &p);
			json_object_set_new(row, "profit_fen", json_string(p.buf));
			strbuf_release(&p);
			json_array_append_new(rows, row);
		}
		json_decref(list);
	}
	rc = sheet_export(&ops, rows, fmt, "运行监测", out, e);
	json_decref(rows);
	return rc;
}

/* ---- the enterprises behind an aggregate's figure ------------------------------ */

#define DRILL_COLS(unit, kind) \
	COL("credit_code", JSPEC_STRING, READ, "统一社会信用代码", "credit code", SHEET_VALUE), \
	COL("name", JSPEC_STRING, READ, "企业名称", "enterprise name", SHEET_VALUE), \
	COL("division_name", JSPEC_STRING, READ, "所在地区", "division", SHEET_VALUE), \
	COL("month_fen", JSPEC_INT, READ, "本月" unit, "the month", kind), \
	COL("ytd_fen", JSPEC_INT, READ, "1–M月累计" unit, "year to date", kind), \
	COL("ytd_last_year_fen", JSPEC_INT, READ, "上年同期累计" unit, "same period last year", kind), \
	COL("yoy", JSPEC_STRING, READ, "同比增长（%）", "year on year (%)", SHEET_VALUE), \
	COL("reported", JSPEC_BOOL, READ, "本月已报", "reported for the month", SHEET_VALUE)

static const struct sheet_col drill_money[] = { DRILL_COLS("（万元）", SHEET_WANYUAN) };
static const struct sheet_col drill_count[] = { DRILL_COLS("（人）", SHEET_VALUE) };

int statistics_enterprises_export(struct db *db, const struct actor *a, const char *indicator, const char *by,
                                  const char *key, const char *month, const char *division, enum table_format fmt,
                                  struct strbuf *out, json_t **shown, struct err *e)
{
	bool count = indicator && !strcmp(indicator, "employees");
	struct sheet_ops ops = { .cols = count ? drill_count : drill_money,
		                 .ncols = count ? ARRAY_SIZE(drill_count) : ARRAY_SIZE(drill_money),
		                 .entity = "statistics" };
	json_t *list = statistics_enterprises(db, a, indicator, by, key, month, division, e), *rows, *r;
	size_t i;
	int rc;
	*shown = list;
	if (!list)
		return -1;
	rows = json_array();
	json_array_foreach(json_object_get(list, "items"), i, r) {
		json_t *row = json_deep_copy(r), *y = json_object_get(r, "yoy_pct");
		char pct[32] = "";
		if (json_is_number(y))
			snprintf(pct, sizeof(pct), "%.2f", json_number_value(y));
		json_object_set_new(row, "yoy", json_string(pct));
		json_array_append_new(rows, row);
	}
	rc = sheet_export(&ops, rows, fmt, "运行监测明细", out, e);
	json_decref(rows);
	return rc;
}
