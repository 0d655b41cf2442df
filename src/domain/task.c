/* task.c — department tasks of the policy ledger: updates, completion, escalation, the on-time record. */
#include "domain/task.h"
#include "core/util.h"
#include "db/policy_store.h"
#include "db/ref_store.h"
#include "db/task_store.h"
#include "domain/audit.h"
#include "domain/report.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TASK_FIELDS(req) \
	{ "title", JSPEC_STRING, req, 0, 200, "任务", "task", NULL, NULL }, \
	{ "body", JSPEC_STRING, 0, 0, 2000, "任务内容", "description", NULL, NULL }, \
	{ "lead_department", JSPEC_STRING, req, 0, 16, "牵头部门", "lead department", NULL, NULL }, \
	{ "supporting", JSPEC_STRLIST, 0, 0, 10, "配合部门", "supporting departments", NULL, NULL }, \
	{ "deadline", JSPEC_DATE, req, 0, 10, "完成时限", "deadline", NULL, NULL }

static const struct jspec_choice reopen[] = {
	{ "open", "重新打开", "reopen" },
	{ NULL, NULL, NULL },
};

const struct jspec_field task_spec[] = {
	{ "measure_id", JSPEC_INT, JSPEC_REQUIRED, 1, INT64_MAX, "所属措施", "measure", NULL, NULL },
	TASK_FIELDS(JSPEC_REQUIRED),
	{ "status", JSPEC_CHOICE, 0, 0, 0, "状态", "status", NULL, reopen },
	{ "version", JSPEC_INT, 0, 1, INT32_MAX, "版本", "version", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

/* In a policy document a task names its measure by code. */
static const struct jspec_field task_document_spec[] = {
	{ "measure", JSPEC_STRING, JSPEC_REQUIRED, 0, 16, "所属措施", "measure", NULL, NULL },
	TASK_FIELDS(JSPEC_REQUIRED),
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

const struct jspec_field task_update_spec[] = {
	{ "body", JSPEC_STRING, JSPEC_REQUIRED, 0, 2000, "进展情况", "progress", NULL, NULL },
	{ "percent", JSPEC_INT, JSPEC_REQUIRED, 0, 100, "完成进度（%）", "percent done", NULL, NULL },
	{ "evidence", JSPEC_ARRAY, 0, 0, 20, "佐证材料", "evidence", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

const struct jspec_field task_complete_spec[] = {
	{ "completed_on", JSPEC_DATE, JSPEC_REQUIRED, 0, 10, "完成日期", "completed on", NULL, NULL },
	{ "evidence", JSPEC_STRING, JSPEC_REQUIRED, 0, 2000, "完成情况及佐证", "evidence of completion", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

/* Metadata of an evidence file: the file itself is kept where attachments are. */
static const struct jspec_field evidence_spec[] = {
	{ "name", JSPEC_STRING, JSPEC_REQUIRED, 0, 200, "文件名", "file name", NULL, NULL },
	{ "size", JSPEC_INT, JSPEC_REQUIRED, 0, INT64_MAX, "大小", "size", NULL, NULL },
	{ "sha256", JSPEC_STRING, JSPEC_REQUIRED, 0, 64, "SHA-256", "SHA-256", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

static int fail(const struct jspec_field *spec, const char *name, struct err *e, enum err_code c, const char *arg)
{
	return jspec_fail(jspec_find(spec, name), e, c, arg);
}

static int escalation_days(struct db *db)
{
	char v[16];
	int d = TASK_ESCALATION_DAYS_DEFAULT;
	if (settings_get(db, "task_escalation_days", v, sizeof(v), NULL) == 0)
		d = atoi(v);
	return d < 1 || d > 3650 ? TASK_ESCALATION_DAYS_DEFAULT : d;
}

static calc_day day_of(const json_t *rec, const char *key)
{
	calc_day d;
	const char *s = json_string_value(json_object_get(rec, key));
	return s && !calc_day_parse(s, &d) ? d : INT32_MIN;
}

static bool names_department(const json_t *task, const char *dep)
{
	size_t i;
	json_t *v;
	if (!strcmp(json_string_value(json_object_get(task, "lead_department")), dep))
		return true;
	json_array_foreach(json_object_get(task, "supporting"), i, v) {
		if (!strcmp(json_string_value(v), dep))
			return true;
	}
	return false;
}

/* A column stored as JSON text (supporting, evidence) shown as the array it holds. */
static void parse_list(json_t *t, const char *key)
{
	json_t *v = json_loads(json_string_value(json_object_get(t, key)), 0, NULL);
	json_object_set_new(t, key, json_is_array(v) ? v : json_array());
	if (v && !json_is_array(v))
		json_decref(v);
}

/* The computed flags: overdue, escalated (with the rule that fired), on time. */
static void task_out(json_t *t, calc_day today, int quiet_days)
{
	if (json_is_string(json_object_get(t, "supporting")))
		parse_list(t, "supporting");
	calc_day deadline = day_of(t, "deadline"), last = day_of(t, "last_update_on");
	bool open = !strcmp(json_string_value(json_object_get(t, "status")), "open");
	bool overdue = open && today > deadline;
	bool escalated = overdue && (last == INT32_MIN || last <= deadline || today - last > quiet_days);
	json_object_set_new(t, "overdue", json_boolean(overdue));
	json_object_set_new(t, "days_overdue", json_integer(overdue ? today - deadline : 0));
	json_object_set_new(t, "escalated", json_boolean(escalated));
	if (escalated) {
		char rule[200];
		snprintf(rule, sizeof(rule), "open after its deadline, no update since %s",
		         last == INT32_MIN || last <= deadline ? "the deadline" : "more than the escalation period");
		json_object_set_new(t, "escalation_rule", json_string(rule));
		json_object_set_new(t, "escalation_days", json_integer(quiet_days));
	}
	if (!open) {
		calc_day done = day_of(t, "completed_on");
		json_object_set_new(t, "on_time", json_boolean(done != INT32_MIN && done <= deadline));
	}
}

static int check_department(struct db *db, const struct jspec_field *spec, const char *field, const char *code,
                            struct err *e)
{
	json_t *ref = ref_store_get(db, REF_DEPARTMENT, code, e);
	if (!ref)
		return e->code ? -1 : fail(spec, field, e, ERR_NOT_FOUND, code);
	json_decref(ref);
	return 0;
}

/* Checks departments and dates of a task record (lead, supporting, deadline). */
static int check_task(struct db *db, const struct jspec_field *spec, json_t *rec, struct err *e)
{
	size_t i;
	json_t *v;
	if (check_department(db, spec, "lead_department", json_string_value(json_object_get(rec, "lead_department")), e))
		return -1;
	json_array_foreach(json_object_get(rec, "supporting"), i, v) {
		if (check_department(db, spec, "supporting", json_string_value(v), e))
			return -1;
		if (!strcmp(json_string_value(v), json_string_value(json_object_get(rec, "lead_department"))))
			return fail(spec, "supporting", e, ERR_INVALID, "不能包含牵头部门 / must not repeat the lead");
	}
	return 0;
}

/* A record ready for the store: supporting as JSON text, defaults filled. */
static json_t *task_record_for_store(const json_t *rec)
{
	json_t *r = json_deep_copy(rec);
	json_t *sup = json_object_get(r, "supporting");
	char *s = json_is_array(sup) ? json_dumps(sup, JSON_COMPACT) : NULL;
	json_object_set_new(r, "supporting", json_string(s ? s : "[]"));
	free(s);
	if (!json_object_get(r, "body"))
		json_object_set_new(r, "body", json_string(""));
	return r;
}

static int audit_task(struct db *db, const struct actor *a, const char *action, int64_t id, const json_t *before,
                      json_t *after, struct err *e)
{
	static const char *const skip[] = { "version", "created_at", "updated_at", "measure_code", "measure_title",
		                            "policy_id", "overdue", "days_overdue", "escalated", "escalation_rule",
		                            "escalation_days", "on_time", NULL };
	return audit_record(db, a, action, "task", id, before, after, skip, e);
}

static int insert_task(struct db *db, const struct actor *a, json_t *rec, int64_t *id, struct err *e)
{
	char at[21];
	time_iso8601(now_seconds(), at);
	json_object_set_new(rec, "status", json_string("open"));
	json_object_set_new(rec, "percent", json_integer(0));
	json_object_set_new(rec, "evidence", json_string(""));
	json_object_set_new(rec, "created_at", json_string(at));
	json_object_set_new(rec, "updated_at", json_string(at));
	json_t *row = task_record_for_store(rec);
	int rc = db_insert_record(db, "tasks", task_store_cols, row, id, e);
	json_decref(row);
	return rc ? -1 : audit_task(db, a, "create", *id, NULL, rec, e);
}

int task_check_element(json_t *task, int (*found)(void *ctx, struct err *e), void *ctx, struct err *e)
{
	return jspec_check_each(task_document_spec, task, JSPEC_CREATE, found, ctx, e);
}

int task_create_element(struct db *db, const struct actor *a, const json_t *measures, const json_t *t, struct err *e)
{
	json_t *rec = json_deep_copy(t), *m;
	int64_t mid = 0, id;
	size_t j;
	int rc;
	json_array_foreach(measures, j, m) {
		if (!strcmp(json_string_value(json_object_get(m, "code")), json_string_value(json_object_get(t, "measure"))))
			mid = json_integer_value(json_object_get(m, "id"));
	}
	json_object_del(rec, "measure");
	json_object_set_new(rec, "measure_id", json_integer(mid));
	if (!mid)
		rc = fail(task_document_spec, "measure", e, ERR_NOT_FOUND, json_string_value(json_object_get(t, "measure")));
	else
		rc = check_task(db, task_document_spec, rec, e) || insert_task(db, a, rec, &id, e) ? -1 : 0;
	json_decref(rec);
	return rc;
}

/* The task as the actor may see it: department users only the tasks naming their department. */
static json_t *visible_task(struct db *db, const struct actor *a, int64_t id, struct err *e)
{
	json_t *t;
	if (!actor_can(a, TASK_READERS))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (!(t = task_store_get(db, id, e)) && e->code)
		return NULL;
	if (t) {
		parse_list(t, "supporting");
		if (a->role == ROLE_DEPARTMENT && !names_department(t, a->department)) {
			json_decref(t);
			t = NULL;
		}
	}
	if (!t)
		err_setf(e, ERR_NOT_FOUND, "id", "task %lld", (long long)id);
	return t;
}

/* Re-reads a task for a reply: flags computed, updates attached. */
static json_t *task_full(struct db *db, int64_t id, struct err *e)
{
	json_t *t = task_store_get(db, id, e), *u;
	if (!t)
		return NULL;
	task_out(t, report_today(db), escalation_days(db));
	if (!(u = task_store_updates(db, id, e))) {
		json_decref(t);
		return NULL;
	}
	size_t i;
	json_t *x;
	json_array_foreach(u, i, x) {
		parse_list(x, "evidence");
	}
	json_object_set_new(t, "updates", u);
	return t;
}

json_t *task_list(struct db *db, const struct actor *a, const struct task_query *q, struct err *e)
{
	struct task_filter f = { q->policy_id, q->measure_id, q->department, NULL };
	static const char *const statuses[] = { "open", "done", "overdue", "escalated", NULL };
	json_t *rows, *out, *t;
	size_t i;
	if (!actor_can(a, TASK_READERS))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (q->status && *q->status) {
		bool ok = false;
		for (const char *const *s = statuses; *s; s++)
			ok = ok || !strcmp(*s, q->status);
		if (!ok)
			return err_set(e, ERR_NOT_IN_LIST, "status", "open, done, overdue, escalated"), NULL;
		f.status = strcmp(q->status, "done") ? "open" : "done";
	}
	if (q->department && *q->department) {
		json_t *ref = ref_store_get(db, REF_DEPARTMENT, q->department, e);
		if (!ref)
			return e->code ? NULL : (err_set(e, ERR_NOT_FOUND, "department", q->department), NULL);
		json_decref(ref);
	}
	if (q->department && !*q->department)
		f.department = NULL;
	if (a->role == ROLE_DEPARTMENT)
		f.department = a->department; /* a department sees the tasks naming it, whatever it asks */
	if (!(rows = task_store_list(db, &f, e)))
		return NULL;
	calc_day today = report_today(db);
	int quiet = escalation_days(db);
	out = json_array();
	json_array_foreach(rows, i, t) {
		task_out(t, today, quiet);
		if (q->status && !strcmp(q->status, "overdue") && !json_is_true(json_object_get(t, "overdue")))
			continue;
		if (q->status && !strcmp(q->status, "escalated") && !json_is_true(json_object_get(t, "escalated")))
			continue;
		json_array_append(out, t);
	}
	json_decref(rows);
	char day[11];
	calc_day_format(today, day);
	return json_pack("{s:o, s:s, s:i}", "items", out, "today", day, "escalation_days", quiet);
}

json_t *task_get(struct db *db, const struct actor *a, int64_t id, struct err *e)
{
	json_t *t = visible_task(db, a, id, e);
	if (!t)
		return NULL;
	json_decref(t);
	return task_full(db, id, e);
}

static int measure_exists(struct db *db, json_t *rec, struct err *e)
{
	json_t *m = policy_store_measure_get(db, json_integer_value(json_object_get(rec, "measure_id")), e);
	char id[24];
	if (m) {
		json_decref(m);
		return 0;
	}
	snprintf(id, sizeof(id), "%lld", (long long)json_integer_value(json_object_get(rec, "measure_id")));
	return e->code ? -1 : fail(task_spec, "measure_id", e, ERR_NOT_FOUND, id);
}

static json_t *commit_reply(struct db *db, int64_t id, struct err *e)
{
	json_t *out = task_full(db, id, e);
	if (!out || db_commit(db, e)) {
		db_rollback(db);
		json_decref(out);
		return NULL;
	}
	return out;
}

json_t *task_create(struct db *db, const struct actor *a, json_t *body, struct err *e)
{
	json_t *rec;
	int64_t id;
	if (!actor_can(a, R(ADMIN) | R(OFFICER)))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (jspec_check(task_spec, body, JSPEC_CREATE, e))
		return NULL;
	if (json_object_get(body, "status") || json_object_get(body, "version"))
		return fail(task_spec, json_object_get(body, "status") ? "status" : "version", e, ERR_UNKNOWN_FIELD,
		            NULL), NULL;
	rec = json_deep_copy(body);
	if (db_begin_write(db, e)) {
		json_decref(rec);
		return NULL;
	}
	if (measure_exists(db, rec, e) || check_task(db, task_spec, rec, e) || insert_task(db, a, rec, &id, e)) {
		db_rollback(db);
		json_decref(rec);
		return NULL;
	}
	json_decref(rec);
	return commit_reply(db, id, e);
}

/* Writes rec over the task at version with an audit row; the transaction stays open. */
static int rewrite(struct db *db, const struct actor *a, const char *action, int64_t id, int64_t version,
                   const json_t *cur, json_t *rec, struct err *e)
{
	char at[21];
	time_iso8601(now_seconds(), at);
	json_object_set_new(rec, "updated_at", json_string(at));
	json_t *row = task_record_for_store(rec);
	int rc = db_update_record(db, "tasks", task_store_cols, row, id, version, e);
	json_decref(row);
	if (rc == 1)
		return err_set(e, ERR_CONFLICT, "version", NULL);
	return rc ? -1 : audit_task(db, a, action, id, cur, rec, e);
}

json_t *task_update(struct db *db, const struct actor *a, int64_t id, json_t *body, struct err *e)
{
	json_t *cur = NULL, *rec = NULL;
	if (!actor_can(a, R(ADMIN) | R(OFFICER)))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (jspec_check(task_spec, body, JSPEC_PATCH, e))
		return NULL;
	if (!json_object_get(body, "version"))
		return fail(task_spec, "version", e, ERR_REQUIRED, NULL), NULL;
	if (db_begin_write(db, e))
		return NULL;
	if (!(cur = visible_task(db, a, id, e)))
		goto fail;
	rec = json_deep_copy(cur);
	json_object_update(rec, body);
	json_object_del(rec, "version");
	if (json_object_get(body, "status")) { /* reopening: the completion no longer stands */
		json_object_set_new(rec, "completed_on", json_null());
		json_object_set_new(rec, "evidence", json_string(""));
	}
	if (measure_exists(db, rec, e) || check_task(db, task_spec, rec, e) ||
	    rewrite(db, a, json_object_get(body, "status") ? "reopen" : "update", id,
	            json_integer_value(json_object_get(body, "version")), cur, rec, e))
		goto fail;
	json_decref(cur);
	json_decref(rec);
	return commit_reply(db, id, e);
fail:
	db_rollback(db);
	json_decref(cur);
	json_decref(rec);
	return NULL;
}

/* May the actor report on this task? Officers always; a department if the task names it (lead_only: as lead). */
static bool may_report(const struct actor *a, const json_t *t, bool lead_only)
{
	if (actor_can(a, R(ADMIN) | R(OFFICER)))
		return true;
	if (a->role != ROLE_DEPARTMENT)
		return false;
	return lead_only ? !strcmp(json_string_value(json_object_get(t, "lead_department")), a->department)
	                 : names_department(t, a->department);
}

/* The task, if it is open and the actor may report on it (lead_only: complete it); else NULL with e set. */
static json_t *task_to_report(struct db *db, const struct actor *a, int64_t id, bool lead_only, struct err *e)
{
	json_t *t = visible_task(db, a, id, e);
	if (!t)
		return NULL;
	if (!may_report(a, t, lead_only))
		err_set(e, ERR_FORBIDDEN, NULL, NULL);
	else if (strcmp(json_string_value(json_object_get(t, "status")), "open"))
		err_set(e, ERR_STATE, "status", "已完成 / done");
	else
		return t;
	json_decref(t);
	return NULL;
}

static int check_evidence(json_t *list, struct err *e)
{
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x) {
		if (jspec_check(evidence_spec, x, JSPEC_CREATE, e))
			return err_in_element(e, "evidence", i);
		const char *h = json_string_value(json_object_get(x, "sha256"));
		if (strlen(h) != 64 || strspn(h, "0123456789abcdef") != 64) {
			fail(evidence_spec, "sha256", e, ERR_INVALID, "64 hex digits");
			return err_in_element(e, "evidence", i);
		}
	}
	return 0;
}

json_t *task_post_update(struct db *db, const struct actor *a, int64_t id, json_t *body, calc_day on_day,
                         struct err *e)
{
	json_t *cur = NULL, *rec = NULL, *u = NULL;
	char day[11], at[21];
	int64_t uid;
	if (jspec_check(task_update_spec, body, JSPEC_CREATE, e) || check_evidence(json_object_get(body, "evidence"), e))
		return NULL;
	if (db_begin_write(db, e))
		return NULL;
	if (!(cur = task_to_report(db, a, id, false, e)))
		goto fail;
	calc_day_format(on_day ? on_day : report_today(db), day);
	time_iso8601(now_seconds(), at);
	json_t *ev = json_object_get(body, "evidence");
	char *evs = ev ? json_dumps(ev, JSON_COMPACT) : NULL;
	u = json_pack("{s:s, s:s, s:s, s:s?, s:O, s:O, s:s}", "at", at, "on_day", day, "username", a->username,
	              "department", a->role == ROLE_DEPARTMENT ? a->department : NULL,
	              "body", json_object_get(body, "body"), "percent", json_object_get(body, "percent"),
	              "evidence", evs ? evs : "[]");
	free(evs);
	rec = json_deep_copy(cur);
	json_object_set(rec, "percent", json_object_get(body, "percent"));
	json_object_set_new(rec, "last_update_on", json_string(day));
	if (task_store_add_update(db, id, u, &uid, e) ||
	    rewrite(db, a, "progress", id, json_integer_value(json_object_get(cur, "version")), cur, rec, e))
		goto fail;
	json_decref(cur);
	json_decref(rec);
	json_decref(u);
	return commit_reply(db, id, e);
fail:
	db_rollback(db);
	json_decref(cur);
	json_decref(rec);
	json_decref(u);
	return NULL;
}

json_t *task_complete(struct db *db, const struct actor *a, int64_t id, json_t *body, struct err *e)
{
	json_t *cur = NULL, *rec = NULL;
	calc_day done;
	if (jspec_check(task_complete_spec, body, JSPEC_CREATE, e))
		return NULL;
	if (db_begin_write(db, e))
		return NULL;
	if (!(cur = task_to_report(db, a, id, true, e)))
		goto fail;
	calc_day_parse(json_string_value(json_object_get(body, "completed_on")), &done);
	if (done > report_today(db)) {
		fail(task_complete_spec, "completed_on", e, ERR_RANGE, "≤ 今天 / today");
		goto fail;
	}
	rec = json_deep_copy(cur);
	json_object_set_new(rec, "status", json_string("done"));
	json_object_set_new(rec, "percent", json_integer(100));
	json_object_set(rec, "completed_on", json_object_get(body, "completed_on"));
	json_object_set(rec, "evidence", json_object_get(body, "evidence"));
	if (rewrite(db, a, "complete", id, json_integer_value(json_object_get(cur, "version")), cur, rec, e))
		goto fail;
	json_decref(cur);
	json_decref(rec);
	return commit_reply(db, id, e);
fail:
	db_rollback(db);
	json_decref(cur);
	json_decref(rec);
	return NULL;
}

json_t *task_record(struct db *db, const struct actor *a, int64_t policy_id, struct err *e)
{
	struct task_filter f = { policy_id, 0, NULL, NULL };
	json_t *rows, *deps, *out, *d, *t;
	size_t i, j;
	if (!actor_can(a, TASK_READERS))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (!(rows = task_store_list(db, &f, e)))
		return NULL;
	if (!(deps = ref_store_list(db, REF_DEPARTMENT, e))) {
		json_decref(rows);
		return NULL;
	}
	calc_day today = report_today(db);
	int quiet = escalation_days(db);
	json_array_foreach(rows, i, t) {
		task_out(t, today, quiet);
	}
	out = json_array();
	json_array_foreach(deps, j, d) {
		const char *code = json_string_value(json_object_get(d, "code"));
		int64_t n = 0, on_time = 0, late = 0, overdue = 0, escalated = 0, pending = 0;
		if (a->role == ROLE_DEPARTMENT && strcmp(code, a->department))
			continue;
		json_array_foreach(rows, i, t) {
			if (strcmp(json_string_value(json_object_get(t, "lead_department")), code))
				continue;
			n++;
			if (json_object_get(t, "on_time"))
				json_is_true(json_object_get(t, "on_time")) ? on_time++ : late++;
			else if (json_is_true(json_object_get(t, "overdue")))
				overdue++;
			else
				pending++;
			escalated += json_is_true(json_object_get(t, "escalated"));
		}
		if (!n)
			continue;
		int64_t due = on_time + late + overdue;
		json_array_append_new(out, json_pack("{s:s, s:O, s:O, s:I, s:I, s:I, s:I, s:I, s:I, s:o}",
		                                     "department", code, "name", json_object_get(d, "name"),
		                                     "short_name", json_object_get(d, "short_name"), "tasks", (json_int_t)n,
		                                     "done_on_time", (json_int_t)on_time, "done_late", (json_int_t)late,
		                                     "overdue", (json_int_t)overdue, "escalated", (json_int_t)escalated,
		                                     "not_yet_due", (json_int_t)pending,
		                                     "on_time_pct", due ? json_real((double)calc_bp(on_time, due) / 100.0)
		                                                        : json_null()));
	}
	json_decref(rows);
	json_decref(deps);
	char day[11];
	calc_day_format(today, day);
	return json_pack("{s:o, s:s, s:s}", "items", out, "today", day, "rule",
	                 "on time = done by the deadline; the share is of the tasks that are done or overdue");
}
