/* project_sheet.c — key projects as spreadsheets: export, template and import.
 *
 * The columns are written as people write them: the owner by its credit code (its
 * name beside it for reading), the site and the reference lists by name or code,
 * money in 万元 (exact to the fen: up to six decimals), one column per funding
 * source, the yearly plan as "2018:1200;2019:800" (万元), milestones as
 * "名称:计划日期" (":实际日期" after it when reached) separated by ";". Export writes
 * exactly what import reads. A row without 编号 is a new draft; with 编号, a change
 * to that project (a draft or returned one the user may edit), through
 * project_write_in_tx — the project domain's own rules. */
#include "core/creditcode.h"
#include "core/money.h"
#include "core/util.h"
#include "db/enterprise_store.h"
#include "db/ref_store.h"
#include "domain/project.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { R_DIVISION, R_BASE, R_CATEGORY, R_FIELD, R_TARGET, R_MEASURE, R__COUNT };

static const struct jspec_choice statuses[] = {
	{ "draft", "草稿", "draft" },
	{ "submitted", "待地州审核", "submitted" },
	{ "prefecture_passed", "待自治区审核", "passed by the prefecture" },
	{ "returned", "已退回", "returned" },
	{ "approved", "已批准", "approved" },
	{ "rejected", "未通过", "rejected" },
	{ "in_progress", "在建", "in progress" },
	{ "completed", "已竣工验收", "completed" },
	{ "terminated", "已终止", "terminated" },
	{ NULL, NULL, NULL },
};

#define COL(name, type, flags, header, zh, en, kind, ref, field) \
	{ { name, type, flags, 0, 0, zh, en, header, NULL }, kind, ref, field }
#define FUND(code, header, en) COL("funding." code, JSPEC_STRING, 0, header, "资金来源", en, SHEET_WANYUAN, 0, "funding")

static const struct sheet_col cols[] = {
	COL("id", JSPEC_INT, 0, NULL, "编号", "id", SHEET_VALUE, 0, NULL),
	COL("credit_code", JSPEC_STRING, 0, NULL, "统一社会信用代码", "credit code", SHEET_VALUE, 0, "enterprise_id"),
	COL("enterprise_name", JSPEC_STRING, JSPEC_OUTPUT, NULL, "项目单位", "enterprise", SHEET_VALUE, 0, NULL),
	COL("name", JSPEC_STRING, JSPEC_REQUIRED, NULL, "项目名称", "name", SHEET_VALUE, 0, NULL),
	COL("division", JSPEC_STRING, 0, NULL, "建设地点", "where it is built", SHEET_REF, R_DIVISION, NULL),
	COL("base", JSPEC_STRING, 0, NULL, "所属基地", "base", SHEET_REF, R_BASE, NULL),
	COL("category", JSPEC_STRING, 0, NULL, "项目类别", "category", SHEET_REF, R_CATEGORY, NULL),
	COL("field", JSPEC_STRING, 0, NULL, "重点领域", "key field", SHEET_REF, R_FIELD, NULL),
	COL("target", JSPEC_STRING, 0, NULL, "对应目标", "target", SHEET_REF, R_TARGET, NULL),
	COL("measure", JSPEC_STRING, 0, NULL, "对应措施", "measure", SHEET_REF, R_MEASURE, NULL),
	COL("content", JSPEC_STRING, 0, NULL, "建设内容", "construction content", SHEET_VALUE, 0, NULL),
	COL("total_fen", JSPEC_INT, 0, "总投资（万元）", "总投资", "total investment", SHEET_WANYUAN, 0, NULL),
	FUND("own", "资金来源-企业自筹（万元）", "funding: own funds"),
	FUND("bank", "资金来源-银行贷款（万元）", "funding: bank loans"),
	FUND("national_tech", "资金来源-国家技术改造资金（万元）", "funding: national technical-transformation funds"),
	FUND("special_construction", "资金来源-专项建设基金（万元）", "funding: special construction funds"),
	FUND("advanced_fund", "资金来源-先进制造产业投资基金（万元）", "funding: advanced-manufacturing investment fund"),
	FUND("regional", "资金来源-自治区专项资金（万元）", "funding: the region's special funds"),
	FUND("other", "资金来源-其他（万元）", "funding: other"),
	COL("plan", JSPEC_STRING, 0, "分年度投资计划（万元）", "分年度投资计划", "investment plan by year", SHEET_VALUE, 0, NULL),
	COL("start_date", JSPEC_DATE, 0, NULL, "开工日期", "start date", SHEET_VALUE, 0, NULL),
	COL("end_date", JSPEC_DATE, 0, NULL, "计划竣工日期", "planned completion", SHEET_VALUE, 0, NULL),
	COL("milestones", JSPEC_STRING, 0, "里程碑（名称:计划日期）", "里程碑", "milestones", SHEET_VALUE, 0, NULL),
	COL("expected_output_fen", JSPEC_INT, 0, "预计新增产值（万元）", "预计新增产值", "expected new output", SHEET_WANYUAN, 0, NULL),
	COL("expected_revenue_fen", JSPEC_INT, 0, "预计新增营业收入（万元）", "预计新增营业收入", "expected new revenue", SHEET_WANYUAN, 0, NULL),
	COL("expected_jobs", JSPEC_INT, 0, NULL, "预计新增就业", "expected new jobs", SHEET_VALUE, 0, NULL),
	COL("national", JSPEC_BOOL, 0, NULL, "列入国家项目或试点", "in a national programme", SHEET_VALUE, 0, NULL),
	COL("contact", JSPEC_STRING, 0, NULL, "联系人", "contact", SHEET_VALUE, 0, NULL),
	COL("phone", JSPEC_STRING, 0, NULL, "联系电话", "phone", SHEET_VALUE, 0, NULL),
	{ { "status", JSPEC_CHOICE, JSPEC_OUTPUT, 0, 0, "状态", "status", NULL, statuses }, SHEET_VALUE, 0, NULL },
};

struct ctx {
	json_t *by_text[R__COUNT]; /* name or code -> code ("" when a name is ambiguous) */
	json_t *by_code[R__COUNT]; /* code -> name */
	json_t *enterprises;       /* id text -> credit code */
};

static const char *ref_code(void *ctx, int ref, const char *text)
{
	const char *code = json_string_value(json_object_get(((struct ctx *)ctx)->by_text[ref], text));
	return code && *code ? code : NULL;
}

/* A name written when it names one thing only, else the code. */
static const char *ref_name(void *ctx, int ref, const char *code)
{
	struct ctx *c = ctx;
	const char *name = json_string_value(json_object_get(c->by_code[ref], code));
	return name && ref_code(c, ref, name) ? name : code;
}

static void add_ref(struct ctx *c, int ref, const char *code, const char *name)
{
	json_object_set_new(c->by_code[ref], code, json_string(name));
	json_object_set_new(c->by_text[ref], name, json_string(json_object_get(c->by_text[ref], name) ? "" : code));
}

static int load_refs(struct db *db, struct ctx *c, struct err *e)
{
	static const enum ref_kind kinds[R__COUNT] = { REF_DIVISION, REF_BASE, REF_PROJECT_CATEGORY, REF_FIELD,
		                                       REF_POLICY_ITEM, REF_POLICY_ITEM };
	c->enterprises = json_object();
	for (int r = 0; r < R__COUNT; r++) {
		c->by_text[r] = json_object();
		c->by_code[r] = json_object();
	}
	for (int r = 0; r < R__COUNT; r++) {
		json_t *list = ref_store_list(db, kinds[r], e), *v;
		size_t i;
		if (!list)
			return -1;
		json_array_foreach(list, i, v) {
			const char *code = json_string_value(json_object_get(v, "code"));
			const char *level = json_string_value(json_object_get(v, "level"));
			const char *kind = json_string_value(json_object_get(v, "kind"));
			if ((r == R_DIVISION && level && strcmp(level, "county")) || (r == R_TARGET && strcmp(kind, "target")) ||
			    (r == R_MEASURE && strcmp(kind, "measure")))
				continue;
			add_ref(c, r, code, json_string_value(json_object_get(v, "name")));
		}
		/* Codes are read too (after the names, so a code always wins). */
		json_array_foreach(list, i, v) {
			const char *code = json_string_value(json_object_get(v, "code"));
			if (json_object_get(c->by_code[r], code))
				json_object_set_new(c->by_text[r], code, json_string(code));
		}
		json_decref(list);
	}
	return 0;
}

static void ctx_release(struct ctx *c)
{
	for (int r = 0; r < R__COUNT; r++) {
		json_decref(c->by_text[r]);
		json_decref(c->by_code[r]);
	}
	json_decref(c->enterprises);
}

static const struct sheet_col *col_named(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
		if (!strcmp(cols[i].f.name, name))
			return &cols[i];
	return NULL;
}

static int fail_col(struct err *e, const char *name, enum err_code code, const char *arg)
{
	return jspec_fail(&col_named(name)->f, e, code, arg);
}

/* ---- the cells that hold lists ----------------------------------------------- */

/* Splits s at ; ； and line ends into trimmed, non-empty items. */
static json_t *items_of(const char *s)
{
	json_t *out = json_array();
	struct strbuf item = STRBUF_INIT;
	for (const char *p = s;; p++) {
		bool sep = !*p || *p == ';' || *p == '\n' || *p == '\r' || !strncmp(p, "；", 3);
		if (!sep) {
			strbuf_addch(&item, *p);
			continue;
		}
		strbuf_trim(&item);
		if (item.len)
			json_array_append_new(out, json_string(item.buf));
		strbuf_reset(&item);
		if (!*p)
			break;
		if (*p != ';' && *p != '\n' && *p != '\r')
			p += 2;
	}
	strbuf_release(&item);
	return out;
}

/* The last ':' or '：' in s[0..len), or -1; *w its width. */
static long last_sep(const char *s, size_t len, size_t *w)
{
	long at = -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ':') {
			at = (long)i;
			*w = 1;
		} else if (i + 3 <= len && !strncmp(s + i, "：", 3)) {
			at = (long)i;
			*w = 3;
			i += 2;
		}
	}
	return at;
}

static int parse_plan(const char *s, json_t **out, struct err *e)
{
	json_t *items = items_of(s), *it;
	size_t i, w = 1;
	*out = json_array();
	json_array_foreach(items, i, it) {
		const char *t = json_string_value(it);
		long at = last_sep(t, strlen(t), &w);
		char year_text[16] = "", *end = NULL;
		int64_t fen;
		struct err me = { 0 };
		if (at > 0 && at < (long)sizeof(year_text))
			memcpy(year_text, t, (size_t)at);
		long year = strtol(year_text, &end, 10);
		if (at <= 0 || !*year_text || *end || money_parse_wanyuan(t + at + w, "plan", &fen, &me)) {
			char arg[192];
			if (me.code && me.code != ERR_INVALID)
				strlcpy_(arg, me.arg, sizeof(arg));
			else
				snprintf(arg, sizeof(arg), "\"%.60s\" (年份:万元；…, e.g. 2018:1200;2019:800)", t);
			json_decref(items);
			return fail_col(e, "plan", me.code && me.code != ERR_INVALID ? me.code : ERR_INVALID, arg);
		}
		json_array_append_new(*out, json_pack("{s:I, s:I}", "year", (json_int_t)year, "amount_fen", (json_int_t)fen));
	}
	json_decref(items);
	return 0;
}

static int parse_milestones(const char *s, json_t **out, struct err *e)
{
	json_t *items = items_of(s), *it;
	size_t i, w1 = 1, w2 = 1;
	*out = json_array();
	json_array_foreach(items, i, it) {
		const char *t = json_string_value(it);
		char planned[32], actual[32] = "", mid[32];
		long at = last_sep(t, strlen(t), &w1), at2;
		if (at <= 0) {
			json_decref(items);
			return fail_col(e, "milestones", ERR_INVALID, "名称:计划日期；…");
		}
		sheet_normalise_date(t + at + w1, planned);
		size_t name_len = (size_t)at;
		/* name:planned:actual when the part before the last is a date too (a name may hold colons). */
		if ((at2 = last_sep(t, (size_t)at, &w2)) > 0 && (size_t)at - (size_t)at2 - w2 < sizeof(mid)) {
			char raw[32];
			memcpy(raw, t + at2 + w2, (size_t)at - (size_t)at2 - w2);
			raw[(size_t)at - (size_t)at2 - w2] = '\0';
			sheet_normalise_date(raw, mid);
			if (jspec_date_valid(mid) && jspec_date_valid(planned)) {
				strlcpy_(actual, planned, sizeof(actual));
				strlcpy_(planned, mid, sizeof(planned));
				name_len = (size_t)at2;
			}
		}
		json_t *m = json_pack("{s:s%, s:s}", "name", t, name_len, "planned_date", planned);
		if (*actual)
			json_object_set_new(m, "actual_date", json_string(actual));
		json_array_append_new(*out, m);
	}
	json_decref(items);
	return 0;
}

static int cmp_source(const void *a, const void *b)
{
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "source")),
	              json_string_value(json_object_get(*(json_t *const *)b, "source")));
}

/* ---- import -------------------------------------------------------------------- */

static int write_row(void *ctx, struct db *db, const struct actor *a, json_t *row, json_t *warnings,
                     enum sheet_outcome *outcome, struct err *e)
{
	static const char *const plain[] = { "name", "division", "base", "category", "field", "target", "measure",
		                             "content", "total_fen", "start_date", "end_date", "expected_output_fen",
		                             "expected_revenue_fen", "expected_jobs", "national", "contact", "phone" };
	json_t *body = json_object(), *v, *funding = NULL, *list;
	int64_t id = json_integer_value(json_object_get(row, "id"));
	const char *code = json_string_value(json_object_get(row, "credit_code"));
	const char *k;
	int rc = -1;
	(void)ctx;
	(void)warnings;
	if (code && *code) {
		char norm[CREDITCODE_LEN + 1];
		bool orgw;
		int64_t ent;
		if (creditcode_check(code, norm, &orgw, e)) {
			char arg[sizeof(e->arg)];
			strlcpy_(arg, e->arg, sizeof(arg));
			fail_col(e, "credit_code", e->code, arg);
			goto done;
		}
		if ((ent = enterprise_store_id_by_code(db, norm, e)) < 0)
			goto done;
		if (!ent) {
			fail_col(e, "credit_code", ERR_NOT_FOUND, norm);
			goto done;
		}
		json_object_set_new(body, "enterprise_id", json_integer(ent));
	}
	for (size_t i = 0; i < ARRAY_SIZE(plain); i++)
		if ((v = json_object_get(row, plain[i])))
			json_object_set(body, plain[i], v);
	json_object_foreach(row, k, v) {
		if (strncmp(k, "funding.", 8))
			continue;
		if (!funding)
			funding = json_array();
		if (!json_is_null(v))
			json_array_append_new(funding, json_pack("{s:s, s:O}", "source", k + 8, "amount_fen", v));
	}
	if (funding) {
		/* In the order the store gives them back, so an unchanged row compares equal. */
		size_t n = json_array_size(funding);
		json_t **fs = xcalloc(n ? n : 1, sizeof(*fs));
		for (size_t i = 0; i < n; i++)
			fs[i] = json_incref(json_array_get(funding, i));
		qsort(fs, n, sizeof(*fs), cmp_source);
		json_array_clear(funding);
		for (size_t i = 0; i < n; i++)
			json_array_append_new(funding, fs[i]);
		free(fs);
		json_object_set_new(body, "funding", funding);
	}
	if ((v = json_object_get(row, "plan"))) {
		if (parse_plan(json_string_value(v), &list, e)) {
			json_decref(list);
			goto done;
		}
		json_object_set_new(body, "plan", list);
	}
	if ((v = json_object_get(row, "milestones"))) {
		if (parse_milestones(json_string_value(v), &list, e)) {
			json_decref(list);
			goto done;
		}
		json_object_set_new(body, "milestones", list);
	}
	rc = project_write_in_tx(db, a, id, body, outcome, e);
	if (rc && !strcmp(e->field, "status"))
		strlcpy_(e->field, "id", sizeof(e->field));
done:
	json_decref(body);
	return rc;
}

static struct sheet_ops ops_of(struct ctx *c)
{
	return (struct sheet_ops){ cols, ARRAY_SIZE(cols), "project", false, c, ref_code, ref_name, write_row, NULL, NULL, NULL };
}

json_t *project_import(struct db *db, const struct actor *a, const char *buf, size_t len, bool dry_run,
                       enum import_mode mode, json_t **report, struct err *e)
{
	struct ctx c = { 0 };
	struct sheet_ops ops = ops_of(&c);
	json_t *rep = NULL;
	*report = NULL;
	if (!actor_can(a, R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(ENTERPRISE)))
		err_set(e, ERR_FORBIDDEN, NULL, NULL);
	else if (!load_refs(db, &c, e))
		rep = sheet_import(db, a, &ops, buf, len, dry_run, mode, report, e);
	ctx_release(&c);
	return rep;
}

/* ---- export -------------------------------------------------------------------- */

static json_t *flat_row(struct db *db, struct ctx *c, const json_t *p, struct err *e)
{
	static const char *const plain[] = { "id", "enterprise_name", "name", "division", "base", "category", "field",
		                             "target", "measure", "content", "total_fen", "start_date", "end_date",
		                             "expected_output_fen", "expected_revenue_fen", "expected_jobs", "national",
		                             "contact", "phone", "status" };
	json_t *row = json_object(), *v;
	struct strbuf sb = STRBUF_INIT;
	char key[24];
	size_t i;
	for (size_t k = 0; k < ARRAY_SIZE(plain); k++)
		json_object_set(row, plain[k], json_object_get(p, plain[k]));
	snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(json_object_get(p, "enterprise_id")));
	if (!json_object_get(c->enterprises, key)) {
		json_t *ent = enterprise_store_get(db, json_integer_value(json_object_get(p, "enterprise_id")), e);
		if (!ent && e->code) {
			json_decref(row);
			return NULL;
		}
		json_object_set(c->enterprises, key, ent ? json_object_get(ent, "credit_code") : json_string(""));
		json_decref(ent);
	}
	json_object_set(row, "credit_code", json_object_get(c->enterprises, key));
	json_array_foreach(json_object_get(p, "funding"), i, v) {
		char fk[64];
		snprintf(fk, sizeof(fk), "funding.%s", json_string_value(json_object_get(v, "source")));
		json_object_set(row, fk, json_object_get(v, "amount_fen"));
	}
	json_array_foreach(json_object_get(p, "plan"), i, v) {
		strbuf_addf(&sb, "%s%lld:", i ? ";" : "", (long long)json_integer_value(json_object_get(v, "year")));
		sheet_format_wanyuan(json_integer_value(json_object_get(v, "amount_fen")), &sb);
	}
	json_object_set_new(row, "plan", json_string(sb.buf));
	strbuf_reset(&sb);
	json_array_foreach(json_object_get(p, "milestones"), i, v) {
		const char *ad = json_string_value(json_object_get(v, "actual_date"));
		strbuf_addf(&sb, "%s%s:%s", i ? ";" : "", json_string_value(json_object_get(v, "name")),
		            json_string_value(json_object_get(v, "planned_date")));
		if (ad && *ad)
			strbuf_addf(&sb, ":%s", ad);
	}
	json_object_set_new(row, "milestones", json_string(sb.buf));
	strbuf_release(&sb);
	return row;
}

int project_export(struct db *db, const struct actor *a, const struct project_query *q, enum table_format fmt,
                   bool template_only, struct strbuf *out, struct err *e)
{
	struct ctx c = { 0 };
	struct sheet_ops ops = ops_of(&c);
	json_t *list = NULL, *rows = json_array(), *p;
	size_t i;
	int rc = -1;
	if (!actor_can(a, ROLES_ALL)) {
		json_decref(rows);
		return err_set(e, ERR_FORBIDDEN, NULL, NULL);
	}
	if (load_refs(db, &c, e))
		goto out;
	if (!template_only) {
		struct project_query all = *q;
		all.per_page = 0;
		all.page = 1;
		if (!(list = project_list(db, a, &all, e)))
			goto out;
		json_array_foreach(json_object_get(list, "items"), i, p) {
			json_t *row = flat_row(db, &c, p, e);
			if (!row)
				goto out;
			json_array_append_new(rows, row);
		}
	}
	rc = sheet_export(&ops, rows, fmt, "重点项目", out, e);
out:
	json_decref(list);
	json_decref(rows);
	ctx_release(&c);
	return rc;
}
