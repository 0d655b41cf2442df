/* project.c — key projects: validation, scope, the review life cycle, the timeline. */
#include "domain/project.h"
#include "core/money.h"
#include "core/util.h"
#include "db/enterprise_store.h"
#include "db/project_change_store.h"
#include "db/project_store.h"
#include "db/ref_store.h"
#include "domain/audit.h"
#include "domain/programme.h"
#include "domain/report.h"
#include <stdio.h>
#include <string.h>

#define FEN_MAX 1000000000000000LL /* 10 trillion yuan: far above any project, far below overflow */

const struct jspec_choice project_funding_sources[] = {
	{ "own", "企业自筹", "enterprise's own funds" },
	{ "bank", "银行贷款", "bank loans" },
	{ "national_tech", "国家技术改造资金", "national technical-transformation funds" },
	{ "special_construction", "专项建设基金", "special construction funds" },
	{ "advanced_fund", "先进制造产业投资基金", "advanced-manufacturing investment fund" },
	{ "regional", "自治区专项资金", "the region's special funds" },
	{ "other", "其他", "other" },
	{ NULL, NULL, NULL },
};

const struct jspec_field project_spec[] = {
	{ "enterprise_id", JSPEC_INT, JSPEC_REQUIRED, 1, INT64_MAX, "项目单位", "enterprise", NULL, NULL },
	{ "name", JSPEC_STRING, JSPEC_REQUIRED, 0, 100, "项目名称", "name", NULL, NULL },
	{ "division", JSPEC_STRING, JSPEC_REQUIRED, 0, 6, "建设地点", "where it is built", NULL, NULL },
	{ "base", JSPEC_STRING, JSPEC_NULLABLE, 0, 32, "所属基地", "base", NULL, NULL },
	{ "category", JSPEC_STRING, JSPEC_REQUIRED, 0, 32, "项目类别", "category", NULL, NULL },
	{ "field", JSPEC_STRING, JSPEC_NULLABLE, 0, 32, "重点领域", "key field", NULL, NULL },
	{ "target", JSPEC_STRING, JSPEC_NULLABLE, 0, 8, "对应目标", "target", NULL, NULL },
	{ "measure", JSPEC_STRING, JSPEC_NULLABLE, 0, 8, "对应措施", "measure", NULL, NULL },
	{ "content", JSPEC_STRING, 0, 0, 2000, "建设内容", "construction content", NULL, NULL },
	{ "total_fen", JSPEC_INT, JSPEC_REQUIRED, 1, FEN_MAX, "总投资", "total investment", NULL, NULL },
	{ "funding", JSPEC_ARRAY, 0, 0, 10, "资金来源", "funding plan", NULL, NULL },
	{ "plan", JSPEC_ARRAY, 0, 0, 20, "分年度投资计划", "investment plan by year", NULL, NULL },
	{ "start_date", JSPEC_DATE, JSPEC_REQUIRED, 0, 10, "开工日期", "start date", NULL, NULL },
	{ "end_date", JSPEC_DATE, JSPEC_REQUIRED, 0, 10, "计划竣工日期", "planned completion", NULL, NULL },
	{ "milestones", JSPEC_ARRAY, 0, 0, 50, "里程碑", "milestones", NULL, NULL },
	{ "expected_output_fen", JSPEC_INT, JSPEC_NULLABLE, 0, FEN_MAX, "预计新增产值", "expected new output", NULL, NULL },
	{ "expected_revenue_fen", JSPEC_INT, JSPEC_NULLABLE, 0, FEN_MAX, "预计新增营业收入", "expected new revenue", NULL, NULL },
	{ "expected_jobs", JSPEC_INT, JSPEC_NULLABLE, 0, 10000000, "预计新增就业", "expected new jobs", NULL, NULL },
	{ "national", JSPEC_BOOL, 0, 0, 0, "列入国家项目或试点", "in a national programme", NULL, NULL },
	{ "contact", JSPEC_STRING, 0, 0, 50, "联系人", "contact", NULL, NULL },
	{ "phone", JSPEC_STRING, 0, 0, 40, "联系电话", "phone", NULL, NULL },
	{ "version", JSPEC_INT, 0, 1, INT32_MAX, "版本", "version", NULL, NULL },
	{ "id", JSPEC_INT, JSPEC_OUTPUT, 0, 0, "编号", "id", NULL, NULL },
	{ "enterprise_name", JSPEC_STRING, JSPEC_OUTPUT, 0, 0, "企业名称", "enterprise name", NULL, NULL },
	{ "division_name", JSPEC_STRING, JSPEC_OUTPUT, 0, 0, "区划名称", "division name", NULL, NULL },
	{ "status", JSPEC_STRING, JSPEC_OUTPUT, 0, 0, "状态", "status", NULL, NULL },
	{ "accepted_date", JSPEC_DATE, JSPEC_OUTPUT, 0, 0, "验收日期", "acceptance date", NULL, NULL },
	{ "acceptance_result", JSPEC_STRING, JSPEC_OUTPUT, 0, 0, "验收结论", "acceptance result", NULL, NULL },
	{ "final_investment_fen", JSPEC_INT, JSPEC_OUTPUT, 0, 0, "决算投资", "final investment", NULL, NULL },
	{ "termination_reason", JSPEC_STRING, JSPEC_OUTPUT, 0, 0, "终止原因", "termination reason", NULL, NULL },
	{ "events", JSPEC_ARRAY, JSPEC_OUTPUT, 0, 0, "流程记录", "timeline", NULL, NULL },
	{ "created_at", JSPEC_STRING, JSPEC_OUTPUT, 0, 0, "创建时间", "created", NULL, NULL },
	{ "updated_at", JSPEC_STRING, JSPEC_OUTPUT, 0, 0, "更新时间", "updated", NULL, NULL },
	{ "pending_change", JSPEC_INT, JSPEC_OUTPUT, 0, 0, "待审批变更申请", "pending change request", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

static const struct jspec_choice actions[] = {
	{ "submit", "提交", "submit" },
	{ "pass", "地州审核通过", "pass (prefecture)" },
	{ "return", "退回", "return" },
	{ "approve", "批准", "approve" },
	{ "reject", "不予通过", "reject" },
	{ "start", "开工", "start" },
	{ "complete", "竣工验收", "complete" },
	{ "terminate", "终止", "terminate" },
	{ NULL, NULL, NULL },
};

#define TRANSITION_FIELDS \
	{ "action", JSPEC_CHOICE, JSPEC_REQUIRED, 0, 0, "操作", "action", NULL, actions }, \
	{ "comment", JSPEC_STRING, 0, 0, 500, "意见", "comment", NULL, NULL }

const struct jspec_field project_transition_spec[] = {
	TRANSITION_FIELDS,
	{ "accepted_date", JSPEC_DATE, 0, 0, 10, "验收日期", "acceptance date", NULL, NULL },
	{ "acceptance_result", JSPEC_STRING, 0, 0, 500, "验收结论", "acceptance result", NULL, NULL },
	{ "final_investment_fen", JSPEC_INT, 0, 0, FEN_MAX, "决算投资", "final investment", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

const struct jspec_field project_batch_spec[] = {
	{ "ids", JSPEC_IDLIST, JSPEC_REQUIRED, 0, 200, "项目", "projects", NULL, NULL },
	TRANSITION_FIELDS,
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

const struct jspec_field project_category_spec[] = {
	{ "code", JSPEC_STRING, JSPEC_REQUIRED, 0, 32, "代码", "code", NULL, NULL },
	{ "name", JSPEC_STRING, JSPEC_REQUIRED, 0, 30, "名称", "name", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

/* The life cycle. "who" may take the action from any of "from"; a prefecture user
 * only within its division, an enterprise user only on its own projects. */
static const struct transition {
	const char *action;
	const char *from[3];
	const char *to;
	unsigned who;
	bool needs_comment;
} transitions[] = {
	{ "submit", { "draft", "returned" }, "submitted",
	  R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(ENTERPRISE), false },
	{ "pass", { "submitted" }, "prefecture_passed", R(ADMIN) | R(OFFICER) | R(PREFECTURE), false },
	{ "return", { "submitted" }, "returned", R(ADMIN) | R(OFFICER) | R(PREFECTURE), true },
	{ "return", { "prefecture_passed" }, "returned", R(ADMIN) | R(OFFICER), true },
	{ "approve", { "prefecture_passed" }, "approved", R(ADMIN) | R(OFFICER), false },
	{ "reject", { "prefecture_passed" }, "rejected", R(ADMIN) | R(OFFICER), true },
	{ "start", { "approved" }, "in_progress", R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(ENTERPRISE), false },
	{ "complete", { "in_progress" }, "completed", R(ADMIN) | R(OFFICER), false },
	{ "terminate", { "approved", "in_progress" }, "terminated", R(ADMIN) | R(OFFICER), true },
};

static int fail_field(struct err *e, const char *name, enum err_code code, const char *arg)
{
	const struct jspec_field *f = jspec_find(project_spec, name);
	if (!f)
		f = jspec_find(project_transition_spec, name);
	return jspec_fail(f, e, code, arg);
}

/* May the actor see (and, for writers, act on) a project built in division by enterprise? */
static bool can_edit(const struct actor *a)
{
	return actor_can(a, R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(ENTERPRISE));
}

/* A reference code must name a row of kind (and, for policy items, of the right kind). */
static int check_ref(struct db *db, json_t *rec, const char *field, enum ref_kind kind, const char *item_kind,
                     struct err *e)
{
	json_t *v = json_object_get(rec, field);
	if (json_is_string(v) && !*json_string_value(v)) {
		json_object_set_new(rec, field, json_null());
		return 0;
	}
	if (!json_is_string(v))
		return 0;
	json_t *ref = ref_store_get(db, kind, json_string_value(v), e);
	if (!ref)
		return e->code ? -1 : fail_field(e, field, ERR_NOT_FOUND, json_string_value(v));
	bool ok = !item_kind || !strcmp(json_string_value(json_object_get(ref, "kind")), item_kind);
	bool county = kind != REF_DIVISION || !strcmp(json_string_value(json_object_get(ref, "level")), "county");
	json_decref(ref);
	if (!ok)
		return fail_field(e, field, ERR_INVALID, item_kind);
	if (!county)
		return fail_field(e, field, ERR_INVALID, "county-level code");
	return 0;
}

/* Every key of o must be one of keys (NULL-terminated). */
static bool only_keys(json_t *o, const char *const *keys)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		const char *const *p;
		for (p = keys; *p && strcmp(*p, k); p++)
			;
		if (!*p)
			return false;
	}
	return true;
}

static int check_amount(json_t *v, int64_t *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > FEN_MAX)
		return -1;
	*out = json_integer_value(v);
	return 0;
}

static int check_funding_and_plan(json_t *rec, struct err *e)
{
	static const char *const fkeys[] = { "source", "amount_fen", NULL };
	static const char *const pkeys[] = { "year", "amount_fen", NULL };
	int64_t total = json_integer_value(json_object_get(rec, "total_fen")), sum = 0, amount;
	char a[32], b[32], msg[160];
	size_t i, j;
	json_t *v, *w;
	const struct jspec_field *src = &(const struct jspec_field){ "source", JSPEC_CHOICE, 0, 0, 0, "资金来源",
		                                                  "funding source", NULL, project_funding_sources };

	json_array_foreach(json_object_get(rec, "funding"), i, v) {
		if (!only_keys(v, fkeys) || !json_is_string(json_object_get(v, "source")) ||
		    !jspec_choice_find(src, json_string_value(json_object_get(v, "source"))))
			return fail_field(e, "funding", ERR_INVALID, "{source, amount_fen}, source from /funding-sources");
		/* A label typed for the code is taken as the code. */
		json_object_set_new(v, "source",
		                    json_string(jspec_choice_find(src, json_string_value(json_object_get(v, "source")))->code));
		if (check_amount(json_object_get(v, "amount_fen"), &amount))
			return fail_field(e, "funding", ERR_RANGE, "amount_fen 0–10^15");
		json_array_foreach(json_object_get(rec, "funding"), j, w) {
			if (j < i && json_equal(json_object_get(w, "source"), json_object_get(v, "source")))
				return fail_field(e, "funding", ERR_DUPLICATE, json_string_value(json_object_get(v, "source")));
		}
		sum += amount;
	}
	if (json_array_size(json_object_get(rec, "funding")) && sum != total) {
		money_format_yuan(sum, a, sizeof(a));
		money_format_yuan(total, b, sizeof(b));
		snprintf(msg, sizeof(msg), "sources sum to %s yuan, total is %s yuan", a, b);
		return fail_field(e, "funding", ERR_INVALID, msg);
	}
	sum = 0;
	json_array_foreach(json_object_get(rec, "plan"), i, v) {
		json_t *y = json_object_get(v, "year");
		if (!only_keys(v, pkeys) || !json_is_integer(y) || json_integer_value(y) < 2000 ||
		    json_integer_value(y) > 2100)
			return fail_field(e, "plan", ERR_INVALID, "{year 2000–2100, amount_fen}");
		if (check_amount(json_object_get(v, "amount_fen"), &amount))
			return fail_field(e, "plan", ERR_RANGE, "amount_fen 0–10^15");
		json_array_foreach(json_object_get(rec, "plan"), j, w) {
			if (j < i && json_equal(json_object_get(w, "year"), y)) {
				snprintf(msg, sizeof(msg), "%lld", (long long)json_integer_value(y));
				return fail_field(e, "plan", ERR_DUPLICATE, msg);
			}
		}
		sum += amount;
	}
	if (json_array_size(json_object_get(rec, "plan")) && sum != total) {
		money_format_yuan(sum, a, sizeof(a));
		money_format_yuan(total, b, sizeof(b));
		snprintf(msg, sizeof(msg), "years sum to %s yuan, total is %s yuan", a, b);
		return fail_field(e, "plan", ERR_INVALID, msg);
	}
	return 0;
}

/* Milestones keep their ids, so an id must be one this project already has (known:
 * the current record's milestones, NULL for a new project). */
static int check_milestones(json_t *rec, const json_t *known, struct err *e)
{
	static const char *const keys[] = { "id", "name", "planned_date", "actual_date", NULL };
	size_t i, j;
	json_t *m, *k;
	json_array_foreach(json_object_get(rec, "milestones"), i, m) {
		json_t *mid = json_object_get(m, "id");
		if (json_is_integer(mid)) {
			bool ours = false;
			json_array_foreach(known, j, k) {
				ours = ours || json_equal(json_object_get(k, "id"), mid);
			}
			if (!ours) {
				char arg[64];
				snprintf(arg, sizeof(arg), "id %lld is not a milestone of this project",
				         (long long)json_integer_value(mid));
				return fail_field(e, "milestones", ERR_INVALID, arg);
			}
		}
		json_t *name = json_object_get(m, "name"), *pd = json_object_get(m, "planned_date"),
		       *ad = json_object_get(m, "actual_date"), *id = json_object_get(m, "id");
		if (!only_keys(m, keys) || !json_is_string(name) || !json_string_length(name) ||
		    utf8_chars(json_string_value(name)) > 100 || (id && !json_is_integer(id) && !json_is_null(id)))
			return fail_field(e, "milestones", ERR_INVALID, "{name (1–100 characters), planned_date, actual_date}");
		if (!json_is_string(pd) || !jspec_date_valid(json_string_value(pd)))
			return fail_field(e, "milestones", ERR_INVALID, "planned_date YYYY-MM-DD");
		if (ad && !json_is_null(ad) && (!json_is_string(ad) || !jspec_date_valid(json_string_value(ad))))
			return fail_field(e, "milestones", ERR_INVALID, "actual_date YYYY-MM-DD or null");
		if (!ad)
			json_object_set_new(m, "actual_date", json_null());
	}
	return 0;
}

static int validate(struct db *db, const struct actor *a, json_t *rec, const json_t *known_milestones,
                    struct err *e)
{
	int64_t ent = json_integer_value(json_object_get(rec, "enterprise_id"));
	json_t *er = enterprise_store_get(db, ent, e);
	char id[24];
	if (!er) {
		snprintf(id, sizeof(id), "%lld", (long long)ent);
		return e->code ? -1 : fail_field(e, "enterprise_id", ERR_NOT_FOUND, id);
	}
	bool archived = json_is_true(json_object_get(er, "archived"));
	/* The owner must be in the user's scope as well as the site: a prefecture does not
	 * apply for enterprises it cannot see. */
	bool owner_in_scope = actor_in_scope(a, json_string_value(json_object_get(er, "division")), ent);
	json_decref(er);
	if (archived)
		return fail_field(e, "enterprise_id", ERR_INVALID, "the enterprise is archived");
	if (check_ref(db, rec, "division", REF_DIVISION, NULL, e) || check_ref(db, rec, "base", REF_BASE, NULL, e) ||
	    check_ref(db, rec, "category", REF_PROJECT_CATEGORY, NULL, e) ||
	    check_ref(db, rec, "field", REF_FIELD, NULL, e) ||
	    check_ref(db, rec, "target", REF_POLICY_ITEM, "target", e) ||
	    check_ref(db, rec, "measure", REF_POLICY_ITEM, "measure", e))
		return -1;
	if (strcmp(json_string_value(json_object_get(rec, "end_date")),
	           json_string_value(json_object_get(rec, "start_date"))) < 0)
		return fail_field(e, "end_date", ERR_INVALID, "before the start date");
	if (check_funding_and_plan(rec, e) || check_milestones(rec, known_milestones, e))
		return -1;
	if (!actor_in_scope(a, json_string_value(json_object_get(rec, "division")), ent))
		return fail_field(e, a->role == ROLE_ENTERPRISE ? "enterprise_id" : "division", ERR_SCOPE,
		                  a->role == ROLE_ENTERPRISE ? "only your own enterprise" : json_string_value(json_object_get(rec, "division")));
	if (!owner_in_scope)
		return fail_field(e, "enterprise_id", ERR_SCOPE, "an enterprise outside your area");
	return 0;
}

static json_t *with_defaults(json_t *body)
{
	json_t *rec = json_pack("{s:n, s:n, s:n, s:n, s:s, s:[], s:[], s:[], s:n, s:n, s:n, s:b, s:s, s:s, "
	                        "s:n, s:n, s:n, s:n}",
	                        "base", "field", "target", "measure", "content", "", "funding", "plan",
	                        "milestones", "expected_output_fen", "expected_revenue_fen", "expected_jobs",
	                        "national", 0, "contact", "", "phone", "", "accepted_date", "acceptance_result",
	                        "final_investment_fen", "termination_reason");
	json_object_update(rec, body);
	json_object_del(rec, "version");
	return rec;
}

static void drop_output_keys(json_t *body)
{
	for (const struct jspec_field *f = project_spec; f->name; f++)
		if (f->flags & JSPEC_OUTPUT)
			json_object_del(body, f->name);
}

static json_t *find(struct db *db, const struct actor *a, int64_t id, bool children, struct err *e)
{
	json_t *rec = children ? project_store_get(db, id, e) : project_store_get_row(db, id, e);
	if (rec && !actor_in_scope(a, json_string_value(json_object_get(rec, "division")),
	                     json_integer_value(json_object_get(rec, "enterprise_id")))) {
		json_decref(rec);
		rec = NULL;
	}
	if (!rec && !e->code)
		err_setf(e, ERR_NOT_FOUND, "id", "project %lld", (long long)id);
	return rec;
}

json_t *project_find(struct db *db, const struct actor *a, int64_t id, struct err *e)
{
	return find(db, a, id, true, e);
}

json_t *project_find_row(struct db *db, const struct actor *a, int64_t id, struct err *e)
{
	return find(db, a, id, false, e);
}

/* What every reply of one project carries beside the record: its timeline and the id of
 * a pending change request (or null). */
static int add_timeline(struct db *db, json_t *rec, int64_t id, struct err *e)
{
	json_t *ev = project_store_events(db, id, e);
	int64_t pending;
	if (!ev)
		return -1;
	json_object_set_new(rec, "events", ev);
	if ((pending = project_change_store_pending(db, id, e)) < 0)
		return -1;
	json_object_set_new(rec, "pending_change", pending ? json_integer(pending) : json_null());
	return 0;
}

json_t *project_get(struct db *db, const struct actor *a, int64_t id, struct err *e)
{
	json_t *rec = project_find(db, a, id, e);
	if (rec && add_timeline(db, rec, id, e)) {
		json_decref(rec);
		return NULL;
	}
	return rec;
}

static const char *const audit_skip[] = { "version", "updated_at", "created_at", "id", "enterprise_name",
	                                  "division_name", "events", NULL };

/* Writes rec (insert when *id is 0) with its event and audit row inside the
 * caller's write transaction. */
static int save_in_tx(struct db *db, const struct actor *a, int64_t *id, int64_t version, const json_t *before,
                      json_t *rec, const char *action, const char *from, const char *comment, struct err *e)
{
	char at[21], idtxt[24];
	json_t *diff;
	int rc;
	time_iso8601(now_seconds(), at);
	json_object_set_new(rec, "updated_at", json_string(at));
	if (*id) {
		rc = project_store_update(db, *id, version, rec, e);
		if (rc == 1)
			rc = err_set(e, ERR_CONFLICT, "version", NULL);
	} else {
		rc = project_store_insert(db, rec, id, e);
	}
	if (rc)
		return -1;
	snprintf(idtxt, sizeof(idtxt), "%lld", (long long)*id);
	diff = audit_diff(before, rec, audit_skip);
	if (comment && *comment)
		json_object_set_new(diff, "comment", json_pack("[ns]", comment));
	rc = audit_append(db, a, action, "project", idtxt, diff, e);
	json_decref(diff);
	if (rc)
		return -1;
	char day[11];
	calc_day_format(report_today(db), day);
	if (strcmp(action, "update") &&
	    project_store_add_event(db, *id, at, day, a->username ? a->username : "", action, from,
	                            json_string_value(json_object_get(rec, "status")), comment, e))
		return -1;
	return 0;
}

/* save_in_tx, then the reply read back, inside the caller's write transaction. */
static json_t *write_locked(struct db *db, const struct actor *a, int64_t *id, int64_t version,
                            const json_t *before, json_t *rec, const char *action, const char *from,
                            const char *comment, struct err *e)
{
	json_t *out = NULL;
	if (save_in_tx(db, a, id, version, before, rec, action, from, comment, e) ||
	    !(out = project_store_get(db, *id, e)) || add_timeline(db, out, *id, e)) {
		json_decref(out);
		return NULL;
	}
	return out;
}

/* write_locked in a transaction of its own. */
static json_t *save(struct db *db, const struct actor *a, int64_t *id, int64_t version, const json_t *before,
                    json_t *rec, const char *action, const char *from, const char *comment, struct err *e)
{
	json_t *out;
	if (db_begin_write(db, e))
		return NULL;
	if (!(out = write_locked(db, a, id, version, before, rec, action, from, comment, e)) || db_commit(db, e)) {
		db_rollback(db);
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *project_write(struct db *db, const struct actor *a, int64_t id, int64_t version, const json_t *before,
                      json_t *rec, const char *action, const char *comment, struct err *e)
{
	return write_locked(db, a, &id, version, before, rec, action,
	                    json_string_value(json_object_get(before, "status")), comment, e);
}

int project_validate(struct db *db, const struct actor *a, json_t *rec, const json_t *known_milestones,
                     struct err *e)
{
	return validate(db, a, rec, known_milestones, e);
}

/* The new draft of body, checked under the actor's rules; NULL with e set. */
static json_t *new_record(struct db *db, const struct actor *a, json_t *body, struct err *e)
{
	json_t *rec;
	if (!can_edit(a))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	drop_output_keys(body);
	/* An enterprise applies for itself: the owner need not be named. */
	if (a->role == ROLE_ENTERPRISE && !json_object_get(body, "enterprise_id"))
		json_object_set_new(body, "enterprise_id", json_integer(a->enterprise_id));
	if (jspec_check(project_spec, body, JSPEC_CREATE, e))
		return NULL;
	rec = with_defaults(body);
	json_object_set_new(rec, "status", json_string("draft"));
	if (validate(db, a, rec, NULL, e)) {
		json_decref(rec);
		return NULL;
	}
	return rec;
}

json_t *project_create(struct db *db, const struct actor *a, json_t *body, struct err *e)
{
	json_t *rec = new_record(db, a, body, e), *out = NULL;
	int64_t id = 0;
	if (rec)
		out = save(db, a, &id, 0, NULL, rec, "create", NULL, NULL, e);
	json_decref(rec);
	return out;
}

static json_t *store_shape(const json_t *cur)
{
	json_t *rec = json_deep_copy(cur);
	json_object_del(rec, "events");
	json_object_del(rec, "pending_change");
	return rec;
}

json_t *project_merge(struct db *db, const struct actor *a, const json_t *cur, json_t *changes, struct err *e)
{
	json_t *rec;
	drop_output_keys(changes);
	if (jspec_check(project_spec, changes, JSPEC_PATCH, e))
		return NULL;
	if (a->role == ROLE_ENTERPRISE && json_object_get(changes, "enterprise_id") &&
	    json_integer_value(json_object_get(changes, "enterprise_id")) != a->enterprise_id)
		return fail_field(e, "enterprise_id", ERR_SCOPE, "only your own enterprise"), NULL;
	rec = store_shape(cur);
	json_object_update(rec, changes);
	json_object_del(rec, "version");
	if (validate(db, a, rec, json_object_get(cur, "milestones"), e)) {
		json_decref(rec);
		return NULL;
	}
	return rec;
}

/* cur changed by body (a PATCH body with or without version), checked under the
 * actor's rules: only drafts and returned projects change; NULL with e set. */
static json_t *changed_record(struct db *db, const struct actor *a, const json_t *cur, json_t *body, struct err *e)
{
	const char *status = json_string_value(json_object_get(cur, "status"));
	if (strcmp(status, "draft") && strcmp(status, "returned"))
		return err_set(e, ERR_STATE, "status", status), NULL;
	return project_merge(db, a, cur, body, e);
}

json_t *project_update(struct db *db, const struct actor *a, int64_t id, json_t *body, json_t **current,
                       struct err *e)
{
	json_t *cur = NULL, *rec = NULL, *out = NULL;
	*current = NULL;
	if (!can_edit(a))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	drop_output_keys(body);
	if (jspec_check(project_spec, body, JSPEC_PATCH, e))
		return NULL;
	json_t *ver = json_object_get(body, "version");
	if (!ver)
		return fail_field(e, "version", ERR_REQUIRED, NULL), NULL;
	if (!(cur = project_find(db, a, id, e)))
		return NULL;
	const char *status = json_string_value(json_object_get(cur, "status"));
	if (strcmp(status, "draft") && strcmp(status, "returned")) {
		err_set(e, ERR_STATE, "status", status);
		goto done;
	}
	if (json_integer_value(json_object_get(cur, "version")) != json_integer_value(ver)) {
		err_set(e, ERR_CONFLICT, "version", NULL);
		*current = cur;
		cur = NULL;
		goto done;
	}
	if ((rec = changed_record(db, a, cur, body, e)))
		out = save(db, a, &id, json_integer_value(ver), cur, rec, "update", NULL, NULL, e);
	if (!out && e->code == ERR_CONFLICT)
		*current = project_store_get(db, id, NULL);
done:
	json_decref(cur);
	json_decref(rec);
	return out;
}

int project_write_in_tx(struct db *db, const struct actor *a, int64_t id, json_t *body, enum sheet_outcome *outcome,
                        struct err *e)
{
	json_t *cur = NULL, *rec = NULL, *diff;
	int rc = -1;
	if (!id) {
		if (!(rec = new_record(db, a, body, e)) || save_in_tx(db, a, &id, 0, NULL, rec, "create", NULL, NULL, e))
			goto done;
		*outcome = SHEET_CREATED;
		rc = 0;
		goto done;
	}
	if (!can_edit(a)) {
		err_set(e, ERR_FORBIDDEN, NULL, NULL);
		goto done;
	}
	drop_output_keys(body);
	json_object_del(body, "version");
	if (jspec_check(project_spec, body, JSPEC_PATCH, e) || !(cur = project_find(db, a, id, e)))
		goto done;
	/* A file names milestones, not their ids: one with the name of a current milestone is
	 * that milestone (keeping its actual date unless the file gives one). */
	json_t *known = json_object_get(cur, "milestones"), *used = json_object(), *m, *k;
	size_t i, j;
	json_array_foreach(json_object_get(body, "milestones"), i, m) {
		if (!json_is_object(m) || json_object_get(m, "id"))
			continue;
		json_array_foreach(known, j, k) {
			char key[24];
			snprintf(key, sizeof(key), "%zu", j);
			if (json_object_get(used, key) || !json_equal(json_object_get(k, "name"), json_object_get(m, "name")))
				continue;
			json_object_set_new(used, key, json_true());
			json_object_set(m, "id", json_object_get(k, "id"));
			if (!json_object_get(m, "actual_date"))
				json_object_set(m, "actual_date", json_object_get(k, "actual_date"));
			break;
		}
	}
	json_decref(used);
	/* A row equal to the record is unchanged whatever its state: an export imports back as is. */
	rec = store_shape(cur);
	json_object_update(rec, body);
	diff = audit_diff(cur, rec, audit_skip);
	json_decref(rec);
	rec = NULL;
	if (!json_object_size(diff)) {
		json_decref(diff);
		*outcome = SHEET_UNCHANGED;
		rc = 0;
		goto done;
	}
	json_decref(diff);
	if (!(rec = changed_record(db, a, cur, body, e)))
		goto done;
	diff = audit_diff(cur, rec, audit_skip);
	bool changed = json_object_size(diff) > 0;
	json_decref(diff);
	*outcome = changed ? SHEET_UPDATED : SHEET_UNCHANGED;
	rc = changed ? save_in_tx(db, a, &id, json_integer_value(json_object_get(cur, "version")), cur, rec,
	                          "update", NULL, NULL, e)
	             : 0;
done:
	json_decref(cur);
	json_decref(rec);
	return rc;
}

json_t *project_transition(struct db *db, const struct actor *a, int64_t id, json_t *body, struct err *e)
{
	json_t *cur = NULL, *rec = NULL, *out = NULL;
	const struct transition *t = NULL;
	if (jspec_check(project_transition_spec, body, JSPEC_CREATE, e))
		return NULL;
	const char *action = json_string_value(json_object_get(body, "action"));
	const char *comment = json_string_value(json_object_get(body, "comment"));
	if (!(cur = project_find(db, a, id, e)))
		return NULL;
	const char *status = json_string_value(json_object_get(cur, "status"));
	bool known_from = false;
	for (size_t i = 0; i < ARRAY_SIZE(transitions) && !t; i++) {
		if (strcmp(transitions[i].action, action))
			continue;
		for (int k = 0; k < 3 && transitions[i].from[k]; k++) {
			if (!strcmp(transitions[i].from[k], status)) {
				known_from = true;
				if (actor_can(a, transitions[i].who))
					t = &transitions[i];
			}
		}
	}
	if (!t) {
		if (known_from)
			err_set(e, ERR_FORBIDDEN, "action", NULL);
		else
			err_set(e, ERR_STATE, "action", status);
		goto done;
	}
	if (t->needs_comment && (!comment || !*comment)) {
		fail_field(e, "comment", ERR_REQUIRED, NULL);
		goto done;
	}
	rec = store_shape(cur);
	json_object_set_new(rec, "status", json_string(t->to));
	if (!strcmp(action, "complete")) {
		static const char *const need[] = { "accepted_date", "acceptance_result", "final_investment_fen" };
		for (size_t i = 0; i < ARRAY_SIZE(need); i++) {
			json_t *v = json_object_get(body, need[i]);
			if (!v || (json_is_string(v) && !json_string_length(v))) {
				fail_field(e, need[i], ERR_REQUIRED, NULL);
				goto done;
			}
			json_object_set(rec, need[i], v);
		}
	}
	if (!strcmp(action, "terminate"))
		json_object_set_new(rec, "termination_reason", json_string(comment));
	out = save(db, a, &id, json_integer_value(json_object_get(cur, "version")), cur, rec, action, status,
	           comment, e);
done:
	json_decref(cur);
	json_decref(rec);
	return out;
}

json_t *project_transition_many(struct db *db, const struct actor *a, json_t *body, struct err *e)
{
	json_t *done = json_array(), *failed = json_array();
	size_t i;
	json_t *id;
	if (jspec_check(project_batch_spec, body, JSPEC_CREATE, e)) {
		json_decref(done);
		json_decref(failed);
		return NULL;
	}
	json_array_foreach(json_object_get(body, "ids"), i, id) {
		struct err one = { 0 };
		char msg[512];
		json_t *step = json_pack("{s:O}", "action", json_object_get(body, "action"));
		if (json_object_get(body, "comment"))
			json_object_set(step, "comment", json_object_get(body, "comment"));
		json_t *r = project_transition(db, a, json_integer_value(id), step, &one);
		json_decref(step);
		if (r) {
			json_array_append(done, id);
			json_decref(r);
			continue;
		}
		err_message(&one, a->lang, msg, sizeof(msg));
		json_array_append_new(failed, json_pack("{s:O, s:{s:s, s:s, s:s}}", "id", id, "error", "code",
		                                        err_name(one.code), "field", one.field, "message", msg));
	}
	return json_pack("{s:o, s:o}", "done", done, "failed", failed);
}

json_t *project_list(struct db *db, const struct actor *a, const struct project_query *q, struct err *e)
{
	struct project_filter f;
	char slo[8], shi[8], dlo[8], dhi[8];
	char lower[512];
	json_t *items;
	int64_t total;
	memset(&f, 0, sizeof(f));
	if (a->role == ROLE_PREFECTURE) {
		division_range(a->division, slo, shi);
		f.scope_lo = slo;
		f.scope_hi = shi;
	} else if (a->role == ROLE_ENTERPRISE) {
		f.scope_enterprise = a->enterprise_id ? a->enterprise_id : -1;
	}
	if (q->division && *q->division) {
		if (strlen(q->division) != 6 || strspn(q->division, "0123456789") != 6)
			return err_set(e, ERR_INVALID, "division", "6-digit division code"), NULL;
		division_range(q->division, dlo, dhi);
		f.div_lo = dlo;
		f.div_hi = dhi;
	}
	if (q->q && *q->q) {
		size_t n = 0;
		for (const char *p = q->q; *p && n < sizeof(lower) - 1; p++)
			lower[n++] = *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p;
		lower[n] = '\0';
		f.q = lower;
	}
	f.category = q->category;
	f.field = q->field;
	f.base = q->base;
	f.status = q->status;
	f.enterprise_id = q->enterprise_id;
	f.year = q->year;
	f.national = q->national;
	f.sort = q->sort && *q->sort == '-' ? q->sort + 1 : q->sort;
	if (f.sort && *f.sort) {
		static const char *const ok[] = { "name", "total_fen", "start_date", "updated_at", "id" };
		size_t i;
		for (i = 0; i < ARRAY_SIZE(ok) && strcmp(ok[i], f.sort); i++)
			;
		if (i == ARRAY_SIZE(ok))
			return err_set(e, ERR_NOT_IN_LIST, "sort", "name, total_fen, start_date, updated_at, id"), NULL;
	}
	f.desc = q->sort && *q->sort ? *q->sort == '-' : 1; /* newest first unless asked */
	if (q->per_page) {
		f.limit = q->per_page;
		f.offset = (q->page - 1) * q->per_page;
	}
	struct strbuf ids = STRBUF_INIT;
	if (q->warning && *q->warning && programme_warned_projects(db, a, q->warning, &ids, e))
		return strbuf_release(&ids), NULL;
	f.ids = ids.len ? ids.buf : NULL;
	int rc = project_store_list(db, &f, &items, &total, e);
	strbuf_release(&ids);
	if (rc)
		return NULL;
	return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
	                 (json_int_t)q->page, "per_page", (json_int_t)q->per_page);
}

json_t *project_categories(struct db *db, struct err *e)
{
	json_t *items = ref_store_list(db, REF_PROJECT_CATEGORY, e);
	return items ? json_pack("{s:o}", "items", items) : NULL;
}

json_t *project_category_add(struct db *db, const struct actor *a, json_t *body, struct err *e)
{
	char seq[24];
	if (a->role != ROLE_ADMIN)
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (jspec_check(project_category_spec, body, JSPEC_CREATE, e))
		return NULL;
	const char *code = json_string_value(json_object_get(body, "code"));
	const char *name = json_string_value(json_object_get(body, "name"));
	if (strlen(code) < 2 || strspn(code, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(code))
		return jspec_fail(&project_category_spec[0], e, ERR_INVALID, "a-z 0-9 _, 2–32"), NULL;
	json_t *list = ref_store_list(db, REF_PROJECT_CATEGORY, e), *v;
	size_t i;
	if (!list)
		return NULL;
	json_array_foreach(list, i, v) {
		if (!strcmp(json_string_value(json_object_get(v, "code")), code) ||
		    !strcmp(json_string_value(json_object_get(v, "name")), name)) {
			bool same_code = !strcmp(json_string_value(json_object_get(v, "code")), code); /* before list is freed */
			json_decref(list);
			return jspec_fail(&project_category_spec[same_code ? 0 : 1], e, ERR_DUPLICATE, same_code ? code : name), NULL;
		}
	}
	snprintf(seq, sizeof(seq), "%zu", json_array_size(list) + 1);
	json_decref(list);
	const char *cols[] = { code, name, seq };
	json_t *diff = json_pack("{s:[ns], s:[ns]}", "code", code, "name", name);
	if (db_begin_write(db, e) || ref_store_put(db, REF_PROJECT_CATEGORY, cols, e) ||
	    audit_append(db, a, "create", "project_category", code, diff, e) || db_commit(db, e)) {
		db_rollback(db);
		json_decref(diff);
		return NULL;
	}
	json_decref(diff);
	return json_pack("{s:s, s:s}", "code", code, "name", name);
}

json_t *project_policy_items(struct db *db, struct err *e)
{
	json_t *items = ref_store_list(db, REF_POLICY_ITEM, e);
	return items ? json_pack("{s:o}", "items", items) : NULL;
}

json_t *project_funding_source_list(void)
{
	json_t *items = json_array();
	for (const struct jspec_choice *c = project_funding_sources; c->code; c++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "code", c->code, "name", c->zh, "name_en", c->en));
	return json_pack("{s:o}", "items", items);
}
