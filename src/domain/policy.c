/* policy.c — the policy ledger: policies, measures, targets and entered target values. */
#include "domain/policy.h"
#include "core/util.h"
#include "db/policy_store.h"
#include "db/summary_store.h"
#include "db/ref_store.h"
#include "domain/audit.h"
#include "domain/project_calc.h"
#include "domain/task.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEDGER_WRITERS (R(ADMIN) | R(OFFICER))
#define VALUE_MAX 1000000000000000000LL /* 10^18: any count, or 10^16 yuan in fen */

static const struct jspec_choice policy_statuses[] = {
	{ "draft", "草稿", "draft" },
	{ "in_force", "执行中", "in force" },
	{ "expired", "已到期", "expired" },
	{ NULL, NULL, NULL },
};

const struct jspec_field policy_spec[] = {
	{ "doc_no", JSPEC_STRING, JSPEC_REQUIRED, 0, 60, "文号", "document number", NULL, NULL },
	{ "title", JSPEC_STRING, JSPEC_REQUIRED, 0, 200, "标题", "title", NULL, NULL },
	{ "issuer", JSPEC_STRING, 0, 0, 100, "发文机关", "issuer", NULL, NULL },
	{ "issued_on", JSPEC_DATE, JSPEC_NULLABLE, 0, 10, "发文日期", "date issued", NULL, NULL },
	{ "period_from", JSPEC_INT, JSPEC_NULLABLE, CALC_YEAR_MIN, CALC_YEAR_MAX, "起始年份", "first year", NULL, NULL },
	{ "period_to", JSPEC_INT, JSPEC_NULLABLE, CALC_YEAR_MIN, CALC_YEAR_MAX, "截止年份", "last year", NULL, NULL },
	{ "status", JSPEC_CHOICE, 0, 0, 0, "状态", "status", NULL, policy_statuses },
	{ "body", JSPEC_STRING, 0, 0, 200000, "全文", "full text", NULL, NULL },
	{ "measures", JSPEC_ARRAY, 0, 0, 100, "措施", "measures", NULL, NULL },
	{ "targets", JSPEC_ARRAY, 0, 0, 100, "目标", "targets", NULL, NULL },
	{ "tasks", JSPEC_ARRAY, 0, 0, 500, "任务", "tasks", NULL, NULL },
	{ "version", JSPEC_INT, 0, 1, INT32_MAX, "版本", "version", NULL, NULL },
	{ "id", JSPEC_INT, JSPEC_OUTPUT, 0, 0, "编号", "id", NULL, NULL },
	{ "demo", JSPEC_BOOL, JSPEC_OUTPUT, 0, 0, "示例数据", "demo data", NULL, NULL },
	{ "created_at", JSPEC_STRING, JSPEC_OUTPUT, 0, 0, "创建时间", "created", NULL, NULL },
	{ "updated_at", JSPEC_STRING, JSPEC_OUTPUT, 0, 0, "更新时间", "updated", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

static const struct jspec_choice measure_kinds[] = {
	{ "main", "主要工作", "main work" },
	{ "safeguard", "保障措施", "safeguard" },
	{ NULL, NULL, NULL },
};

const struct jspec_field policy_measure_spec[] = {
	{ "code", JSPEC_STRING, JSPEC_REQUIRED, 0, 16, "措施编号", "measure code", NULL, NULL },
	{ "kind", JSPEC_CHOICE, JSPEC_REQUIRED, 0, 0, "类别", "kind", NULL, measure_kinds },
	{ "title", JSPEC_STRING, JSPEC_REQUIRED, 0, 200, "标题", "title", NULL, NULL },
	{ "body", JSPEC_STRING, 0, 0, 5000, "内容", "text", NULL, NULL },
	{ "anchor", JSPEC_STRING, 0, 0, 200, "原文定位", "anchor in the text", NULL, NULL },
	{ "seq", JSPEC_INT, 0, 0, 10000, "顺序", "order", NULL, NULL },
	{ "targets", JSPEC_STRLIST, 0, 0, 50, "服务目标", "targets served", NULL, NULL },
	{ "version", JSPEC_INT, 0, 1, INT32_MAX, "版本", "version", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

static const struct jspec_choice target_units[] = {
	{ "fen", "金额（元）", "money (yuan)" },
	{ "count", "个数", "count" },
	{ NULL, NULL, NULL },
};

static const struct jspec_choice directions[] = {
	{ "at_least", "不低于", "at least" },
	{ "at_most", "不高于", "at most" },
	{ NULL, NULL, NULL },
};

static const struct jspec_choice sources[] = {
	{ "statistics", "由月度统计计算", "computed from monthly statistics" },
	{ "projects", "由重点项目计数", "counted from key projects" },
	{ "manual", "人工填报（附依据）", "entered by an officer with evidence" },
	{ NULL, NULL, NULL },
};

static const struct jspec_choice stat_indicators[] = {
	{ "output", "工业总产值", "industrial output value" },
	{ "revenue", "营业收入", "operating revenue" },
	{ "profit", "利润总额", "total profit" },
	{ "export", "出口交货值", "export delivery value" },
	{ "rd", "研发经费支出", "R&D expenditure" },
	{ "employees", "从业人员", "employees" },
	{ NULL, NULL, NULL },
};

/* The fields that say how a target's actual value is obtained; stored together in source_spec. */
#define SOURCE_FIELDS \
	X("indicator_key") X("industries") X("above_size_only") X("project_item") X("project_statuses")

const struct jspec_field policy_target_spec[] = {
	{ "code", JSPEC_STRING, JSPEC_REQUIRED, 0, 16, "目标编号", "target code", NULL, NULL },
	{ "name", JSPEC_STRING, JSPEC_REQUIRED, 0, 200, "目标", "target", NULL, NULL },
	{ "indicator", JSPEC_STRING, 0, 0, 200, "指标", "indicator", NULL, NULL },
	{ "unit", JSPEC_CHOICE, JSPEC_REQUIRED, 0, 0, "单位", "unit", NULL, target_units },
	{ "baseline_value", JSPEC_INT, JSPEC_NULLABLE, 0, VALUE_MAX, "基期值", "baseline", NULL, NULL },
	{ "baseline_year", JSPEC_INT, JSPEC_NULLABLE, CALC_YEAR_MIN, CALC_YEAR_MAX, "基期年份", "baseline year", NULL, NULL },
	{ "target_value", JSPEC_INT, JSPEC_REQUIRED, 0, VALUE_MAX, "目标值", "target value", NULL, NULL },
	{ "deadline", JSPEC_DATE, JSPEC_REQUIRED, 0, 10, "完成时限", "deadline", NULL, NULL },
	{ "direction", JSPEC_CHOICE, 0, 0, 0, "方向", "direction", NULL, directions },
	{ "source", JSPEC_CHOICE, JSPEC_REQUIRED, 0, 0, "取值方式", "how it is measured", NULL, sources },
	{ "indicator_key", JSPEC_CHOICE, JSPEC_NULLABLE, 0, 0, "统计指标", "statistics indicator", NULL, stat_indicators },
	{ "industries", JSPEC_STRLIST, 0, 0, 50, "行业范围", "industry classes", NULL, NULL },
	{ "above_size_only", JSPEC_BOOL, 0, 0, 0, "仅规模以上企业", "above-size enterprises only", NULL, NULL },
	{ "project_item", JSPEC_STRING, JSPEC_NULLABLE, 0, 8, "项目所对应目标", "projects counted toward", NULL, NULL },
	{ "project_statuses", JSPEC_STRLIST, 0, 0, 10, "计入的项目状态", "project states counted", NULL, NULL },
	{ "seq", JSPEC_INT, 0, 0, 10000, "顺序", "order", NULL, NULL },
	{ "version", JSPEC_INT, 0, 1, INT32_MAX, "版本", "version", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

const struct jspec_field target_entry_spec[] = {
	{ "as_of", JSPEC_STRING, JSPEC_REQUIRED, 0, 7, "截至月份", "as of month", NULL, NULL },
	{ "value", JSPEC_INT, JSPEC_REQUIRED, 0, VALUE_MAX, "实际值", "value", NULL, NULL },
	{ "evidence", JSPEC_STRING, JSPEC_REQUIRED, 0, 1000, "依据", "evidence", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

static const char *const project_states[] = { "approved", "in_progress", "completed", "terminated", NULL };

static int fail(const struct jspec_field *spec, const char *name, struct err *e, enum err_code c, const char *arg)
{
	return jspec_fail(jspec_find(spec, name), e, c, arg);
}

static bool may_write(const struct actor *a, struct err *e)
{
	if (actor_can(a, LEDGER_WRITERS))
		return true;
	err_set(e, ERR_FORBIDDEN, NULL, NULL);
	return false;
}

static void now_iso(char at[21])
{
	time_iso8601(now_seconds(), at);
}

/* Writes rec to table: a new row when *id is 0, else the row *id at version (409 when stale). */
static int store_write(struct db *db, const char *table, const char *const *cols, const json_t *rec, int64_t *id,
                       int64_t version, struct err *e)
{
	if (!*id)
		return db_insert_record(db, table, cols, rec, id, e);
	int rc = db_update_record(db, table, cols, rec, *id, version, e);
	if (rc == 1)
		return err_set(e, ERR_CONFLICT, "version", NULL);
	return rc;
}

static int audit_write(struct db *db, const struct actor *a, const char *action, const char *entity, int64_t id,
                       const json_t *before, json_t *after, struct err *e)
{
	static const char *const skip[] = { "version", "created_at", "updated_at", NULL };
	return audit_record(db, a, action, entity, id, before, after, skip, e);
}

static json_t *not_found(struct err *e, const char *what, int64_t id)
{
	if (!e->code)
		err_setf(e, ERR_NOT_FOUND, "id", "%s %lld", what, (long long)id);
	return NULL;
}

/* ---- policies ------------------------------------------------------------------- */

json_t *policy_list(struct db *db, const struct actor *a, struct err *e)
{
	json_t *items;
	if (!actor_can(a, ROLES_ALL))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (!(items = policy_store_list(db, e)))
		return NULL;
	return json_pack("{s:o}", "items", items);
}

static int check_policy(json_t *rec, struct err *e)
{
	json_t *from = json_object_get(rec, "period_from"), *to = json_object_get(rec, "period_to");
	if (json_is_integer(from) && json_is_integer(to) && json_integer_value(to) < json_integer_value(from))
		return fail(policy_spec, "period_to", e, ERR_RANGE, "≥ 起始年份 / first year");
	return 0;
}

/* The paragraph (0-based line of the text) that holds anchor; -1 when none does. */
int policy_paragraph_of(const char *text, const char *anchor)
{
	const char *hit = *anchor ? strstr(text, anchor) : NULL;
	int n = 0;
	if (!hit)
		return -1;
	for (const char *p = text; p < hit; p++)
		n += *p == '\n';
	return n;
}

/* target codes → ids within the policy. */
static json_t *target_ids(struct db *db, int64_t policy_id, const json_t *codes, struct err *e)
{
	json_t *targets = policy_store_targets(db, policy_id, e), *ids, *c, *t;
	size_t i, j;
	if (!targets)
		return NULL;
	ids = json_array();
	json_array_foreach(codes, i, c) {
		json_t *found = NULL;
		json_array_foreach(targets, j, t) {
			if (!strcmp(json_string_value(json_object_get(t, "code")), json_string_value(c)))
				found = json_object_get(t, "id");
		}
		if (!found) {
			fail(policy_measure_spec, "targets", e, ERR_NOT_FOUND, json_string_value(c));
			json_decref(ids);
			ids = NULL;
			break;
		}
		json_array_append(ids, found);
	}
	json_decref(targets);
	return ids;
}

static int check_code(const struct jspec_field *spec, json_t *rec, struct err *e)
{
	const char *code = json_string_value(json_object_get(rec, "code"));
	if (!code || !*code || strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_") !=
	                           strlen(code))
		return fail(spec, "code", e, ERR_INVALID, "A-Z a-z 0-9 . - _");
	return 0;
}

/* Writes a measure (insert when *id is 0) with its links; body already checked. */
static int write_measure(struct db *db, const struct actor *a, int64_t policy_id, const char *text, json_t *body,
                         const json_t *cur, int64_t *id, int seq_default, struct err *e)
{
	json_t *rec = cur ? json_deep_copy(cur) : json_object(), *ids = NULL;
	int rc = -1;
	json_object_del(rec, "target_ids");
	json_object_del(rec, "tasks");
	json_object_update(rec, body);
	json_object_set_new(rec, "policy_id", json_integer(policy_id));
	if (!json_object_get(rec, "seq"))
		json_object_set_new(rec, "seq", json_integer(seq_default));
	if (!json_object_get(rec, "body"))
		json_object_set_new(rec, "body", json_string(""));
	if (check_code(policy_measure_spec, rec, e))
		goto out;
	const char *anchor = json_string_value(json_object_get(body, "anchor"));
	if (anchor && *anchor) {
		int p = policy_paragraph_of(text, anchor);
		if (p < 0) {
			fail(policy_measure_spec, "anchor", e, ERR_NOT_FOUND, anchor);
			goto out;
		}
		json_object_set_new(rec, "paragraph", json_integer(p));
	} else if (!cur) {
		json_object_set_new(rec, "paragraph", json_null());
	}
	json_object_del(rec, "anchor");
	json_t *codes = json_object_get(body, "targets");
	if (codes && !(ids = target_ids(db, policy_id, codes, e)))
		goto out;
	json_object_del(rec, "targets");
	if (store_write(db, "policy_measures", policy_store_measure_cols, rec, id,
	                cur ? json_integer_value(json_object_get(body, "version")) : 0, e)) {
		if (e->code == ERR_DUPLICATE)
			fail(policy_measure_spec, "code", e, ERR_DUPLICATE, json_string_value(json_object_get(rec, "code")));
		goto out;
	}
	if (ids) {
		json_object_set(rec, "target_ids", ids);
		if (policy_store_link_targets(db, *id, ids, e))
			goto out;
	}
	rc = audit_write(db, a, cur ? "update" : "create", "measure", *id, cur, rec, e);
out:
	json_decref(ids);
	json_decref(rec);
	return rc;
}

/* The source fields of a target as stored (source_spec) ↔ as shown (flat). */
static void spec_pack(json_t *rec)
{
	json_t *spec = json_object();
#define X(name) \
	if (json_object_get(rec, name) && !json_is_null(json_object_get(rec, name))) \
		json_object_set(spec, name, json_object_get(rec, name)); \
	json_object_del(rec, name);
	SOURCE_FIELDS
#undef X
	char *s = json_dumps(spec, JSON_SORT_KEYS | JSON_COMPACT);
	json_object_set_new(rec, "source_spec", json_string(s));
	free(s);
	json_decref(spec);
}

static void spec_unpack(json_t *rec)
{
	json_t *spec = json_loads(json_string_value(json_object_get(rec, "source_spec")), 0, NULL);
	json_object_del(rec, "source_spec");
	if (json_is_object(spec))
		json_object_update(rec, spec);
	json_decref(spec);
}

static int check_target(struct db *db, json_t *rec, struct err *e)
{
	const char *source = json_string_value(json_object_get(rec, "source"));
	json_t *by = json_object_get(rec, "baseline_year"), *v, *ref;
	calc_day deadline;
	size_t i;
	if (check_code(policy_target_spec, rec, e))
		return -1;
	calc_day_parse(json_string_value(json_object_get(rec, "deadline")), &deadline);
	if (json_is_integer(by) && json_integer_value(by) > calc_month_year(calc_day_month(deadline)))
		return fail(policy_target_spec, "baseline_year", e, ERR_RANGE, "≤ 完成时限的年份 / the deadline's year");
	if (!strcmp(source, "statistics")) {
		if (!json_is_string(json_object_get(rec, "indicator_key")))
			return fail(policy_target_spec, "indicator_key", e, ERR_REQUIRED, NULL);
		/* Classes as GB/T 4754 writes them: divisions C34 (or 34), groups 341, classes 3411. */
		json_array_foreach(json_object_get(rec, "industries"), i, v) {
			char code[8];
			const char *c = json_string_value(v);
			snprintf(code, sizeof(code), "%s%s", strlen(c) == 2 && *c != 'C' ? "C" : "", c);
			if (!(ref = ref_store_get(db, REF_INDUSTRY, code, e)))
				return e->code ? -1 : fail(policy_target_spec, "industries", e, ERR_NOT_FOUND, c);
			json_decref(ref);
			json_array_set_new(json_object_get(rec, "industries"), i, json_string(code));
		}
	} else if (!strcmp(source, "projects")) {
		const char *item = json_string_value(json_object_get(rec, "project_item"));
		if (!item || !*item)
			return fail(policy_target_spec, "project_item", e, ERR_REQUIRED, NULL);
		if (!(ref = ref_store_get(db, REF_POLICY_ITEM, item, e)))
			return e->code ? -1 : fail(policy_target_spec, "project_item", e, ERR_NOT_FOUND, item);
		json_decref(ref);
		json_array_foreach(json_object_get(rec, "project_statuses"), i, v) {
			bool ok = false;
			for (const char *const *s = project_states; *s; s++)
				ok = ok || !strcmp(*s, json_string_value(v));
			if (!ok)
				return fail(policy_target_spec, "project_statuses", e, ERR_NOT_IN_LIST,
				            "approved, in_progress, completed, terminated");
		}
	}
	return 0;
}

static int write_target(struct db *db, const struct actor *a, int64_t policy_id, json_t *body, const json_t *cur,
                        int64_t *id, int seq_default, struct err *e)
{
	json_t *rec = cur ? json_deep_copy(cur) : json_object();
	int rc = -1;
	json_object_update(rec, body);
	json_object_set_new(rec, "policy_id", json_integer(policy_id));
	if (!json_object_get(rec, "seq"))
		json_object_set_new(rec, "seq", json_integer(seq_default));
	if (!json_is_string(json_object_get(rec, "direction")))
		json_object_set_new(rec, "direction", json_string("at_least"));
	if (!json_is_string(json_object_get(rec, "indicator")))
		json_object_set_new(rec, "indicator", json_string(""));
	if (check_target(db, rec, e))
		goto out;
	spec_pack(rec);
	if (store_write(db, "policy_targets", policy_store_target_cols, rec, id,
	                cur ? json_integer_value(json_object_get(body, "version")) : 0, e)) {
		if (e->code == ERR_DUPLICATE)
			fail(policy_target_spec, "code", e, ERR_DUPLICATE, json_string_value(json_object_get(rec, "code")));
		goto out;
	}
	/* Its sums over the statistics, for the definition it now has. */
	if (summary_store_rebuild_target(db, *id, e))
		goto out;
	json_t *before = cur ? json_deep_copy(cur) : NULL;
	if (before)
		spec_pack(before);
	rc = audit_write(db, a, cur ? "update" : "create", "target", *id, before, rec, e);
	json_decref(before);
out:
	json_decref(rec);
	return rc;
}

static json_t *target_out(json_t *t)
{
	if (t)
		spec_unpack(t);
	return t;
}

static json_t *targets_out(json_t *list)
{
	size_t i;
	json_t *t;
	json_array_foreach(list, i, t) {
		spec_unpack(t);
	}
	return list;
}

json_t *policy_get(struct db *db, const struct actor *a, int64_t id, struct err *e)
{
	json_t *p, *m = NULL, *t = NULL;
	if (!actor_can(a, ROLES_ALL))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (!(p = policy_store_get(db, id, e)))
		return not_found(e, "policy", id);
	if (!(m = policy_store_measures(db, id, e)) || !(t = policy_store_targets(db, id, e))) {
		json_decref(p);
		json_decref(m);
		return NULL;
	}
	json_object_set_new(p, "measures", m);
	json_object_set_new(p, "targets", targets_out(t));
	return p;
}

/* How a document is checked: stopping at the first error (errs NULL), or noting each and going on. */
struct check {
	struct policy_errors *errs;
	const char *array; /* the element being looked at, if any: its array and index */
	size_t index;
	bool bad; /* an error was noted since this was last cleared */
};

/* An error met: placed in its element, then noted when every error is wanted (0: go on), else
 * it ends the check (-1). A failure of the database or of the actor's rights always ends it. */
static int found(void *ctx, struct err *e)
{
	struct check *c = ctx;
	if (e->code == ERR_UNAVAILABLE || e->code == ERR_INTERNAL || e->code == ERR_FORBIDDEN)
		return -1;
	if (c->array)
		err_in_element(e, c->array, c->index);
	if (!c->errs)
		return -1;
	if (c->errs->n < POLICY_ERRORS_MAX)
		c->errs->list[c->errs->n++] = *e;
	else
		c->errs->more++;
	c->bad = true;
	err_clear(e);
	return 0;
}

/* The document's arrays, each element checked against its spec (NULL: a task); bad[i] says
 * which had errors. */
static int check_elements(json_t *arr, const char *name, const struct jspec_field *spec, struct check *c, char *bad,
                          struct err *e)
{
	size_t i;
	json_t *el;
	json_array_foreach(arr, i, el) {
		c->array = name;
		c->index = i;
		c->bad = false;
		if (spec ? jspec_check_each(spec, el, JSPEC_CREATE, found, c, e) ||
		                   (json_object_get(el, "version") && fail(spec, "version", e, ERR_UNKNOWN_FIELD, NULL) &&
		                    found(c, e))
		         : task_check_element(el, found, c, e))
			return -1;
		bad[i] = c->bad;
	}
	c->array = NULL;
	return 0;
}

/* Writes one element (write: 0 or -1 filling e) in a savepoint when every error is wanted, so
 * that a failure leaves the transaction usable; returns 1 when the element failed and the
 * check goes on, -1 when the check ends. */
static int element(struct db *db, struct check *c, const char *array, size_t i, int write, struct err *e)
{
	c->array = array;
	c->index = i;
	if (!write) {
		c->array = NULL;
		return c->errs && db_release_savepoint(db, e) ? -1 : 0;
	}
	if (found(c, e))
		return -1;
	c->array = NULL;
	db_rollback_savepoint(db); /* and released */
	return 1;
}

static int savepoint(struct db *db, const struct check *c, struct err *e)
{
	return c->errs ? db_savepoint(db, e) : 0;
}

/* Which codes of an array were written (true) and which were left out for an error (false): a
 * code written once stays written (a second element with it is the one in error). */
static void mark_code(json_t *codes, const json_t *el, bool written)
{
	const char *code = json_string_value(json_object_get(el, "code"));
	if (code && !json_is_true(json_object_get(codes, code)))
		json_object_set_new(codes, code, json_boolean(written));
}

/* A measure as written when another error already keeps a target it serves out: without that
 * target (its own error says what is wrong with it). */
static json_t *measure_without(const json_t *el, const json_t *target_codes)
{
	json_t *m = json_deep_copy(el), *codes = json_object_get(m, "targets"), *v;
	size_t i = 0;
	while ((v = json_array_get(codes, i))) {
		if (json_is_string(v) && json_is_false(json_object_get(target_codes, json_string_value(v))))
			json_array_remove(codes, i);
		else
			i++;
	}
	return m;
}

/* action names the policy's audit row: "create", or "import" for a document read from a file.
 * With c->errs every error is noted (up to POLICY_ERRORS_MAX) and nothing is written when there
 * is any; elements written in savepoints, an element with an error left out, and what depends
 * on it (a measure's target, a task's measure) not reported again. A policy whose own fields
 * are wrong is stood in for by a placeholder row while its elements are checked. */
static json_t *create_document(struct db *db, const struct actor *a, json_t *body, bool demo, const char *action,
                               struct check *c, bool dry_run, struct err *e)
{
	json_t *rec = NULL, *out = NULL, *measures, *targets, *tasks, *el, *ms = NULL;
	json_t *codes_t = json_object(), *codes_m = json_object();
	char *bad[3] = { NULL, NULL, NULL };
	int64_t id = 0;
	char at[21];
	size_t i;
	bool began = false, stand_in;
	int rc;
	if (!may_write(a, e))
		goto done;
	c->bad = false;
	if (jspec_check_each(policy_spec, body, JSPEC_CREATE, found, c, e))
		goto done;
	stand_in = c->bad;
	measures = json_object_get(body, "measures");
	targets = json_object_get(body, "targets");
	tasks = json_object_get(body, "tasks");
	bad[0] = calloc(json_array_size(targets) + 1, 1);
	bad[1] = calloc(json_array_size(measures) + 1, 1);
	bad[2] = calloc(json_array_size(tasks) + 1, 1);
	if (!bad[0] || !bad[1] || !bad[2]) {
		err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto done;
	}
	if (check_elements(targets, "targets", policy_target_spec, c, bad[0], e) ||
	    check_elements(measures, "measures", policy_measure_spec, c, bad[1], e) ||
	    check_elements(tasks, "tasks", NULL, c, bad[2], e))
		goto done;
	rec = json_deep_copy(body);
	json_object_del(rec, "measures");
	json_object_del(rec, "targets");
	json_object_del(rec, "tasks");
	json_object_del(rec, "version");
	if (!json_is_string(json_object_get(rec, "status")))
		json_object_set_new(rec, "status", json_string("in_force"));
	if (!json_is_string(json_object_get(rec, "body")))
		json_object_set_new(rec, "body", json_string(""));
	if (!json_object_get(rec, "issuer"))
		json_object_set_new(rec, "issuer", json_string(""));
	json_object_set_new(rec, "demo", json_boolean(demo));
	now_iso(at);
	json_object_set_new(rec, "created_at", json_string(at));
	json_object_set_new(rec, "updated_at", json_string(at));
	c->bad = false;
	if ((check_policy(rec, e) && found(c, e)) || db_begin_write(db, e))
		goto done;
	began = true;
	stand_in = stand_in || c->bad;
	if (!stand_in) {
		if (savepoint(db, c, e))
			goto fail;
		rc = store_write(db, "policies", policy_store_cols, rec, &id, 0, e);
		if (rc && e->code == ERR_DUPLICATE)
			fail(policy_spec, "doc_no", e, ERR_DUPLICATE, json_string_value(json_object_get(rec, "doc_no")));
		if ((rc = element(db, c, NULL, 0, rc, e)) < 0 ||
		    (!rc && audit_write(db, a, action, "policy", id, NULL, rec, e)))
			goto fail;
		stand_in = rc;
	}
	if (stand_in) {
		json_t *s = json_pack("{s:s, s:s, s:s, s:s, s:O, s:b, s:s, s:s}", "doc_no", "\001policy check", "title",
		                      "", "issuer", "", "status", "draft", "body", json_object_get(rec, "body"), "demo", 0,
		                      "created_at", at, "updated_at", at);
		rc = store_write(db, "policies", policy_store_cols, s, &id, 0, e);
		json_decref(s);
		if (rc)
			goto fail;
	}
	/* Targets first: measures name the targets they serve, tasks the measure they serve. */
	json_array_foreach(targets, i, el) {
		int64_t tid = 0;
		if (!(rc = bad[0][i] ? 1 : savepoint(db, c, e)))
			rc = element(db, c, "targets", i, write_target(db, a, id, el, NULL, &tid, (int)i + 1, e), e);
		if (rc < 0)
			goto fail;
		mark_code(codes_t, el, !rc);
	}
	const char *text = json_string_value(json_object_get(rec, "body"));
	json_array_foreach(measures, i, el) {
		int64_t mid = 0;
		json_t *m = bad[1][i] ? NULL : measure_without(el, codes_t);
		if (!(rc = m ? savepoint(db, c, e) : 1))
			rc = element(db, c, "measures", i, write_measure(db, a, id, text, m, NULL, &mid, (int)i + 1, e), e);
		json_decref(m);
		if (rc < 0)
			goto fail;
		mark_code(codes_m, el, !rc);
	}
	if (json_array_size(tasks) && !(ms = policy_store_measures(db, id, e)))
		goto fail;
	json_array_foreach(tasks, i, el) {
		const char *mc = json_string_value(json_object_get(el, "measure"));
		if (bad[2][i] || (mc && json_is_false(json_object_get(codes_m, mc))))
			continue;
		if (savepoint(db, c, e) || element(db, c, "tasks", i, task_create_element(db, a, ms, el, e), e) < 0)
			goto fail;
	}
	if (c->errs && (c->errs->n || c->errs->more)) {
		*e = c->errs->list[0];
		goto fail;
	}
	if (!(out = policy_get(db, a, id, e)))
		goto fail;
	if (dry_run)
		db_rollback(db);
	else if (db_commit(db, e))
		goto fail;
	goto done;
fail:
	json_decref(out);
	out = NULL;
done:
	if (!out && began)
		db_rollback(db);
	for (int k = 0; k < 3; k++)
		free(bad[k]);
	json_decref(ms);
	json_decref(codes_t);
	json_decref(codes_m);
	json_decref(rec);
	return out;
}

json_t *policy_create(struct db *db, const struct actor *a, json_t *body, bool demo, struct err *e)
{
	struct check c = { 0 };
	return create_document(db, a, body, demo, "create", &c, false, e);
}

json_t *policy_create_imported(struct db *db, const struct actor *a, json_t *body, struct err *e)
{
	struct check c = { 0 };
	return create_document(db, a, body, false, "import", &c, false, e);
}

json_t *policy_import_document(struct db *db, const struct actor *a, json_t *body, bool dry_run,
                               struct policy_errors *errs, struct err *e)
{
	struct check c = { errs, NULL, 0, false };
	errs->n = errs->more = 0;
	return create_document(db, a, body, false, "import", &c, dry_run, e);
}

json_t *policy_update(struct db *db, const struct actor *a, int64_t id, json_t *body, struct err *e)
{
	json_t *cur = NULL, *rec = NULL, *out = NULL;
	char at[21];
	if (!may_write(a, e) || jspec_check(policy_spec, body, JSPEC_PATCH, e))
		return NULL;
	if (!json_object_get(body, "version"))
		return fail(policy_spec, "version", e, ERR_REQUIRED, NULL), NULL;
	if (json_object_get(body, "measures") || json_object_get(body, "targets") || json_object_get(body, "tasks"))
		return fail(policy_spec, "measures", e, ERR_UNKNOWN_FIELD, NULL), NULL;
	if (db_begin_write(db, e))
		return NULL;
	if (!(cur = policy_store_get(db, id, e))) {
		not_found(e, "policy", id);
		goto fail;
	}
	rec = json_deep_copy(cur);
	json_object_update(rec, body);
	now_iso(at);
	json_object_set_new(rec, "updated_at", json_string(at));
	if (check_policy(rec, e) ||
	    store_write(db, "policies", policy_store_cols, rec, &id, json_integer_value(json_object_get(body, "version")),
	                e)) {
		if (e->code == ERR_DUPLICATE)
			fail(policy_spec, "doc_no", e, ERR_DUPLICATE, json_string_value(json_object_get(rec, "doc_no")));
		goto fail;
	}
	if (audit_write(db, a, "update", "policy", id, cur, rec, e) || !(out = policy_get(db, a, id, e)) ||
	    db_commit(db, e))
		goto fail;
	goto done;
fail:
	db_rollback(db);
	json_decref(out);
	out = NULL;
done:
	json_decref(cur);
	json_decref(rec);
	return out;
}

/* ---- measures and targets ---------------------------------------------------- */

static json_t *existing_policy(struct db *db, int64_t policy_id, struct err *e)
{
	json_t *p = policy_store_get(db, policy_id, e);
	return p ? p : not_found(e, "policy", policy_id);
}

json_t *policy_measures(struct db *db, const struct actor *a, int64_t policy_id, struct err *e)
{
	json_t *p, *items;
	if (!actor_can(a, ROLES_ALL))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (!(p = existing_policy(db, policy_id, e)))
		return NULL;
	json_decref(p);
	return (items = policy_store_measures(db, policy_id, e)) ? json_pack("{s:o}", "items", items) : NULL;
}

json_t *policy_targets(struct db *db, const struct actor *a, int64_t policy_id, struct err *e)
{
	json_t *p, *items;
	if (!actor_can(a, ROLES_ALL))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (!(p = existing_policy(db, policy_id, e)))
		return NULL;
	json_decref(p);
	return (items = policy_store_targets(db, policy_id, e)) ? json_pack("{s:o}", "items", targets_out(items)) : NULL;
}

/* One measure or target written in its own transaction, read back before COMMIT. */
static json_t *write_child(struct db *db, const struct actor *a, bool measure, int64_t policy_id, int64_t id,
                           json_t *body, struct err *e)
{
	const struct jspec_field *spec = measure ? policy_measure_spec : policy_target_spec;
	json_t *cur = NULL, *p = NULL, *out = NULL;
	if (!may_write(a, e) || jspec_check(spec, body, id ? JSPEC_PATCH : JSPEC_CREATE, e))
		return NULL;
	if (id && !json_object_get(body, "version"))
		return fail(spec, "version", e, ERR_REQUIRED, NULL), NULL;
	if (db_begin_write(db, e))
		return NULL;
	if (id) {
		cur = measure ? policy_store_measure_get(db, id, e) : target_out(policy_store_target_get(db, id, e));
		if (!cur) {
			not_found(e, measure ? "measure" : "target", id);
			goto fail;
		}
		policy_id = json_integer_value(json_object_get(cur, "policy_id"));
	}
	if (!(p = existing_policy(db, policy_id, e)))
		goto fail;
	if (measure ? write_measure(db, a, policy_id, json_string_value(json_object_get(p, "body")), body, cur, &id,
	                            1000, e)
	            : write_target(db, a, policy_id, body, cur, &id, 1000, e))
		goto fail;
	out = measure ? policy_store_measure_get(db, id, e) : target_out(policy_store_target_get(db, id, e));
	if (!out || db_commit(db, e))
		goto fail;
	goto done;
fail:
	db_rollback(db);
	json_decref(out);
	out = NULL;
done:
	json_decref(cur);
	json_decref(p);
	return out;
}

json_t *policy_measure_create(struct db *db, const struct actor *a, int64_t policy_id, json_t *body, struct err *e)
{
	return write_child(db, a, true, policy_id, 0, body, e);
}

json_t *policy_measure_update(struct db *db, const struct actor *a, int64_t id, json_t *body, struct err *e)
{
	return write_child(db, a, true, 0, id, body, e);
}

json_t *policy_target_create(struct db *db, const struct actor *a, int64_t policy_id, json_t *body, struct err *e)
{
	return write_child(db, a, false, policy_id, 0, body, e);
}

json_t *policy_target_update(struct db *db, const struct actor *a, int64_t id, json_t *body, struct err *e)
{
	return write_child(db, a, false, 0, id, body, e);
}

json_t *policy_target_add_entry(struct db *db, const struct actor *a, int64_t id, json_t *body, struct err *e)
{
	json_t *t = NULL, *out = NULL;
	calc_month m;
	int64_t eid;
	char at[21];
	if (!may_write(a, e) || jspec_check(target_entry_spec, body, JSPEC_CREATE, e))
		return NULL;
	const char *as_of = json_string_value(json_object_get(body, "as_of"));
	if (calc_month_parse(as_of, &m))
		return fail(target_entry_spec, "as_of", e, ERR_INVALID, "YYYY-MM"), NULL;
	if (db_begin_write(db, e))
		return NULL;
	if (!(t = policy_store_target_get(db, id, e))) {
		not_found(e, "target", id);
		goto fail;
	}
	if (strcmp(json_string_value(json_object_get(t, "source")), "manual")) {
		err_set(e, ERR_STATE, "source", json_string_value(json_object_get(t, "source")));
		goto fail;
	}
	now_iso(at);
	if (policy_store_add_entry(db, id, as_of, json_integer_value(json_object_get(body, "value")),
	                           json_string_value(json_object_get(body, "evidence")), a->username, at, &eid, e) ||
	    audit_write(db, a, "enter_value", "target", id, NULL, body, e) || !(out = policy_store_entries(db, id, e)) ||
	    db_commit(db, e))
		goto fail;
	json_decref(t);
	return json_pack("{s:o}", "items", out);
fail:
	db_rollback(db);
	json_decref(out);
	json_decref(t);
	return NULL;
}

json_t *policy_target_entries(struct db *db, const struct actor *a, int64_t id, struct err *e)
{
	json_t *t, *items;
	if (!actor_can(a, ROLES_ALL))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (!(t = policy_store_target_get(db, id, e)))
		return not_found(e, "target", id);
	json_decref(t);
	return (items = policy_store_entries(db, id, e)) ? json_pack("{s:o}", "items", items) : NULL;
}
