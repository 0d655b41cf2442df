/* report.c — monthly progress reports: window, lock, revisions, computed figures. */
#include "domain/report.h"
#include "core/util.h"
#include "db/ref_store.h"
#include "db/report_store.h"
#include "domain/audit.h"
#include "domain/project.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_FEN_MAX 1000000000000000LL

const struct jspec_field report_spec[] = {
	{ "month", JSPEC_STRING, JSPEC_REQUIRED, 0, 7, "月份", "month", NULL, NULL },
	{ "investment_fen", JSPEC_INT, JSPEC_REQUIRED, 0, REPORT_FEN_MAX, "本月完成投资", "investment this month", NULL, NULL },
	{ "progress", JSPEC_STRING, 0, 0, 1000, "形象进度", "physical progress", NULL, NULL },
	{ "problems", JSPEC_STRING, 0, 0, 1000, "存在问题", "problems", NULL, NULL },
	{ "help_department", JSPEC_STRING, JSPEC_NULLABLE, 0, 16, "需协调部门", "help asked of", NULL, NULL },
	{ "jobs", JSPEC_INT, 0, 0, 1000000, "新增就业", "jobs created", NULL, NULL },
	{ "milestones_reached", JSPEC_ARRAY, 0, 0, 50, "完成节点", "milestones reached", NULL, NULL },
	{ "reason", JSPEC_STRING, 0, 0, 500, "修改原因", "reason for the change", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

const struct jspec_field report_resolve_spec[] = {
	{ "comment", JSPEC_STRING, JSPEC_REQUIRED, 0, 500, "办理意见", "how it was resolved", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

const struct jspec_field report_unlock_spec[] = {
	{ "reason", JSPEC_STRING, JSPEC_REQUIRED, 0, 500, "解锁原因", "reason", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

static int fail_field(struct err *e, const char *name, enum err_code code, const char *arg)
{
	return jspec_fail(jspec_find(report_spec, name), e, code, arg);
}

calc_day report_today(struct db *db)
{
	const char *env = getenv("LUOSHI_TODAY");
	calc_day d;
	char iso[21];
	if (env && !calc_day_parse(env, &d))
		return d;
	if (settings_get(db, "calendar_today", iso, sizeof(iso), NULL) == 0 && !calc_day_parse(iso, &d))
		return d;
	time_iso8601(now_seconds(), iso);
	iso[10] = '\0';
	calc_day_parse(iso, &d);
	return d;
}

int report_close_day(struct db *db)
{
	char v[16];
	int day = CALC_CLOSE_DAY_DEFAULT;
	if (settings_get(db, "report_close_day", v, sizeof(v), NULL) == 0)
		day = atoi(v);
	return day < CALC_CLOSE_DAY_MIN || day > CALC_CLOSE_DAY_MAX ? CALC_CLOSE_DAY_DEFAULT : day;
}

/* A percentage with two decimals from basis points, or null without a base. */
static json_t *pct(int64_t part, int64_t whole)
{
	if (whole <= 0)
		return json_null();
	return json_real((double)calc_bp(part, whole) / 100.0);
}

/* The reports with their computed figures, lock state and revisions. */
static json_t *decorate(json_t *reports, const json_t *project, json_t *revisions, calc_day today, int close_day)
{
	size_t n = json_array_size(reports), i, j;
	struct calc_report *r = xcalloc(n ? n : 1, sizeof(*r));
	json_t *rep, *rev, *plan = json_object_get(project, "plan"), *py;
	int64_t total = json_integer_value(json_object_get(project, "total_fen"));
	json_array_foreach(reports, i, rep) {
		calc_month_parse(json_string_value(json_object_get(rep, "month")), &r[i].month);
		r[i].investment_fen = json_integer_value(json_object_get(rep, "investment_fen"));
	}
	json_array_foreach(reports, i, rep) {
		calc_month m = r[i].month;
		int64_t ytd = calc_ytd(r, n, m), to_date = calc_to_date(r, n, m), year_plan = 0;
		json_array_foreach(plan, j, py) {
			if (json_integer_value(json_object_get(py, "year")) == calc_month_year(m))
				year_plan = json_integer_value(json_object_get(py, "amount_fen"));
		}
		json_object_set_new(rep, "ytd_investment_fen", json_integer(ytd));
		json_object_set_new(rep, "to_date_investment_fen", json_integer(to_date));
		json_object_set_new(rep, "pct_of_year_plan", pct(ytd, year_plan));
		json_object_set_new(rep, "pct_of_total", pct(to_date, total));
		bool closed = calc_window_state(m, today, close_day) == CALC_CLOSED;
		json_object_set_new(rep, "locked", json_boolean(closed && !json_is_true(json_object_get(rep, "unlocked"))));
		json_t *ms = json_loads(json_string_value(json_object_get(rep, "milestones_reached")), 0, NULL);
		json_object_set_new(rep, "milestones_reached", ms ? ms : json_array());
		json_t *mine = json_array();
		json_array_foreach(revisions, j, rev) {
			if (!json_equal(json_object_get(rev, "month"), json_object_get(rep, "month")))
				continue;
			json_t *b = json_loads(json_string_value(json_object_get(rev, "before_json")), 0, NULL);
			json_t *a = json_loads(json_string_value(json_object_get(rev, "after_json")), 0, NULL);
			json_array_append_new(mine, json_pack("{s:O, s:O, s:O, s:o, s:o}", "at", json_object_get(rev, "at"),
			                                      "user", json_object_get(rev, "user"), "reason",
			                                      json_object_get(rev, "reason"), "before", b ? b : json_null(),
			                                      "after", a ? a : json_null()));
		}
		json_object_set_new(rep, "revisions", mine);
	}
	free(r);
	return reports;
}

json_t *report_list(struct db *db, const struct actor *a, int64_t project_id, struct err *e)
{
	json_t *p = project_find(db, a, project_id, e), *reports = NULL, *revs = NULL, *out = NULL;
	if (!p)
		return NULL;
	if ((reports = report_store_list(db, project_id, e)) && (revs = report_store_revisions(db, project_id, e)))
		out = json_pack("{s:o}", "items", decorate(json_incref(reports), p, revs, report_today(db), report_close_day(db)));
	json_decref(reports);
	json_decref(revs);
	json_decref(p);
	return out;
}

static bool can_file(const struct actor *a)
{
	return actor_can(a, R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(ENTERPRISE));
}

/* Checks the fields of body that describe the month's work; sets milestones' dates. */
static int check_content(struct db *db, int64_t project_id, json_t *body, calc_day today, struct err *e)
{
	json_t *dep = json_object_get(body, "help_department"), *m;
	size_t i;
	if (json_is_string(dep) && !*json_string_value(dep))
		json_object_set_new(body, "help_department", json_null());
	else if (json_is_string(dep)) {
		json_t *ref = ref_store_get(db, REF_DEPARTMENT, json_string_value(dep), e);
		if (!ref)
			return e->code ? -1 : fail_field(e, "help_department", ERR_NOT_FOUND, json_string_value(dep));
		json_decref(ref);
	}
	json_array_foreach(json_object_get(body, "milestones_reached"), i, m) {
		json_t *id = json_object_get(m, "milestone_id"), *d = json_object_get(m, "actual_date");
		calc_day day;
		if (json_object_size(m) != 2 || !json_is_integer(id) || !json_is_string(d) ||
		    calc_day_parse(json_string_value(d), &day))
			return fail_field(e, "milestones_reached", ERR_INVALID, "{milestone_id, actual_date YYYY-MM-DD}");
		if (day > today)
			return fail_field(e, "milestones_reached", ERR_INVALID, "actual_date is in the future");
	}
	(void)project_id;
	return 0;
}

static int apply_milestones(struct db *db, int64_t project_id, json_t *body, struct err *e)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(body, "milestones_reached"), i, m) {
		int rc = report_store_milestone_reached(db, project_id, json_integer_value(json_object_get(m, "milestone_id")),
		                                        json_string_value(json_object_get(m, "actual_date")), e);
		if (rc)
			return rc < 0 ? -1 : fail_field(e, "milestones_reached", ERR_NOT_FOUND, "a milestone of this project");
	}
	return 0;
}

/* The whole answer after a write: the one report, decorated like the list. */
static json_t *one_report(struct db *db, const json_t *project, int64_t project_id, const char *month,
                          struct err *e)
{
	json_t *reports = report_store_list(db, project_id, e), *revs, *hit = NULL, *r;
	size_t i;
	if (!reports)
		return NULL;
	if (!(revs = report_store_revisions(db, project_id, e))) {
		json_decref(reports);
		return NULL;
	}
	decorate(reports, project, revs, report_today(db), report_close_day(db));
	json_array_foreach(reports, i, r) {
		if (!strcmp(json_string_value(json_object_get(r, "month")), month))
			hit = json_incref(r);
	}
	json_decref(reports);
	json_decref(revs);
	if (!hit)
		err_set(e, ERR_NOT_FOUND, "month", month);
	return hit;
}

/* The checks of a new report for project p (found in the actor's scope) and its
 * writes with their audit row, inside the caller's write transaction. */
static int create_in_tx(struct db *db, const struct actor *a, const json_t *p, json_t *body, bool known_new,
                        calc_day today, int close_day, struct err *e)
{
	json_t *rec = NULL, *existing;
	calc_month m, start;
	calc_day d;
	char at[21], idtxt[64], day[11];
	int64_t project_id = json_integer_value(json_object_get(p, "id"));
	const char *month = json_string_value(json_object_get(body, "month"));
	if (calc_month_parse(month, &m))
		return fail_field(e, "month", ERR_INVALID, "YYYY-MM");
	if (strcmp(json_string_value(json_object_get(p, "status")), "in_progress"))
		return err_set(e, ERR_STATE, "status", json_string_value(json_object_get(p, "status")));
	calc_day_parse(json_string_value(json_object_get(p, "start_date")), &d);
	start = calc_day_month(d);
	if (m < start)
		return fail_field(e, "month", ERR_INVALID, "before the project's start");
	if (calc_window_state(m, today, close_day) == CALC_NOT_OPEN) {
		char msg[64];
		calc_day_format(calc_window_open(m), day);
		snprintf(msg, sizeof(msg), "not open yet: it opens on %s", day);
		return fail_field(e, "month", ERR_INVALID, msg);
	}
	if (!known_new && ((existing = report_store_get(db, project_id, month, e)) || e->code)) {
		json_decref(existing);
		return e->code ? -1 : fail_field(e, "month", ERR_DUPLICATE, month);
	}
	if (check_content(db, project_id, body, today, e))
		return -1;
	rec = json_deep_copy(body);
	time_iso8601(now_seconds(), at);
	json_t *ms = json_object_get(body, "milestones_reached");
	char *ms_text = ms ? json_dumps(ms, JSON_COMPACT) : xstrdup("[]");
	json_object_set_new(rec, "milestones_reached", json_string(ms_text));
	free(ms_text);
	json_object_set_new(rec, "submitted_at", json_string(at));
	json_object_set_new(rec, "late", json_boolean(calc_report_late(m, today, close_day)));
	json_object_set_new(rec, "unlocked", json_false());
	if (!json_object_get(rec, "help_department"))
		json_object_set_new(rec, "help_department", json_null());
	if (!json_object_get(rec, "jobs"))
		json_object_set_new(rec, "jobs", json_integer(0));
	if (!json_object_get(rec, "progress"))
		json_object_set_new(rec, "progress", json_string(""));
	if (!json_object_get(rec, "problems"))
		json_object_set_new(rec, "problems", json_string(""));
	snprintf(idtxt, sizeof(idtxt), "%lld/%s", (long long)project_id, month);
	json_t *diff = json_pack("{s:[nO]}", "investment_fen", json_object_get(rec, "investment_fen"));
	int rc = report_store_insert(db, project_id, rec, e) || apply_milestones(db, project_id, body, e) ||
	         audit_append(db, a, "report", "project_report", idtxt, diff, e) ? -1 : 0;
	json_decref(diff);
	json_decref(rec);
	return rc;
}

json_t *report_create(struct db *db, const struct actor *a, int64_t project_id, json_t *body, struct err *e)
{
	json_t *p = NULL, *out = NULL;
	calc_month m;
	if (!can_file(a))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (jspec_check(report_spec, body, JSPEC_CREATE, e))
		return NULL;
	if (json_object_get(body, "reason"))
		return fail_field(e, "reason", ERR_UNKNOWN_FIELD, NULL), NULL;
	const char *month = json_string_value(json_object_get(body, "month"));
	if (calc_month_parse(month, &m))
		return fail_field(e, "month", ERR_INVALID, "YYYY-MM"), NULL;
	if (!(p = project_find(db, a, project_id, e)))
		return NULL;
	if (db_begin_write(db, e) || create_in_tx(db, a, p, body, false, report_today(db), report_close_day(db), e) ||
	    !(out = one_report(db, p, project_id, month, e)) || db_commit(db, e)) {
		db_rollback(db);
		json_decref(out);
		out = NULL;
	}
	json_decref(p);
	return out;
}

static const char *const content_keys[] = { "investment_fen", "progress", "problems", "help_department", "jobs",
	                                    "milestones_reached" };

/* A closed report changes only once unlocked, and then with a reason. */
static int check_lock(const json_t *cur, calc_month m, const char *reason, calc_day today, int close_day,
                      struct err *e)
{
	bool closed = calc_window_state(m, today, close_day) == CALC_CLOSED;
	if (closed && !json_is_true(json_object_get(cur, "unlocked")))
		return err_set(e, ERR_REPORT_LOCKED, "month", NULL);
	if (closed && (!reason || !*reason))
		return fail_field(e, "reason", ERR_REQUIRED, NULL);
	return 0;
}

/* The checks of a change to report cur of project p and its writes (revision, audit row),
 * inside the caller's write transaction. With only_if_changed, a body that changes
 * nothing writes nothing and sets *changed false before any lock is looked at. */
static int update_in_tx(struct db *db, const struct actor *a, const json_t *p, const json_t *cur, json_t *body,
                        bool only_if_changed, bool *changed, calc_day today, int close_day, struct err *e)
{
	calc_month m;
	char at[21], idtxt[64];
	int64_t project_id = json_integer_value(json_object_get(p, "id"));
	const char *month = json_string_value(json_object_get(cur, "month"));
	const char *reason = json_string_value(json_object_get(body, "reason"));
	calc_month_parse(month, &m);
	*changed = false;
	if (!only_if_changed && check_lock(cur, m, reason, today, close_day, e))
		return -1;
	if (check_content(db, project_id, body, today, e))
		return -1;
	json_t *rec = json_deep_copy(cur);
	json_t *before = json_object(), *after = json_object();
	for (size_t i = 0; i < ARRAY_SIZE(content_keys); i++) {
		json_t *v = json_object_get(body, content_keys[i]);
		if (!v)
			continue;
		if (!strcmp(content_keys[i], "milestones_reached")) {
			char *t = json_dumps(v, JSON_COMPACT);
			json_object_set_new(rec, content_keys[i], json_string(t));
			free(t);
		} else {
			json_object_set(rec, content_keys[i], v);
		}
		json_t *old = json_object_get(cur, content_keys[i]);
		if (!strcmp(content_keys[i], "milestones_reached"))
			old = json_loads(json_string_value(old), 0, NULL);
		else
			json_incref(old);
		if (!json_equal(old, v)) {
			json_object_set(before, content_keys[i], old ? old : json_null());
			json_object_set(after, content_keys[i], v);
		}
		json_decref(old);
	}
	*changed = json_object_size(after) > 0;
	int rc = 0;
	if (only_if_changed && (!*changed || check_lock(cur, m, reason, today, close_day, e))) {
		rc = *changed ? -1 : 0;
		goto done;
	}
	/* An edit after the window re-locks the report: each late change needs its own unlock. */
	json_object_set_new(rec, "unlocked", json_false());
	time_iso8601(now_seconds(), at);
	snprintf(idtxt, sizeof(idtxt), "%lld/%s", (long long)project_id, month);
	char *bt = json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS), *atx = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
	json_t *diff = json_pack("{s:O, s:O, s:s}", "before", before, "after", after, "reason", reason ? reason : "");
	rc = report_store_update(db, project_id, month, rec, e) || apply_milestones(db, project_id, body, e) ||
	     (*changed && report_store_add_revision(db, project_id, month, at, a->username ? a->username : "",
	                                            reason ? reason : "", bt, atx, e)) ||
	     audit_append(db, a, "revise", "project_report", idtxt, diff, e) ? -1 : 0;
	free(bt);
	free(atx);
	json_decref(diff);
done:
	json_decref(before);
	json_decref(after);
	json_decref(rec);
	return rc;
}

/* The project (in the actor's scope) and its report for month, both there; else -1 with e set
 * (an unknown month or report: not found on month) and *p, *cur left NULL. */
static int existing_report(struct db *db, const struct actor *a, int64_t project_id, const char *month,
                           calc_month *m, json_t **p, json_t **cur, struct err *e)
{
	if (calc_month_parse(month, m))
		return err_set(e, ERR_NOT_FOUND, "month", month);
	if (!(*p = project_find(db, a, project_id, e)))
		return -1;
	if ((*cur = report_store_get(db, project_id, month, e)))
		return 0;
	if (!e->code)
		err_set(e, ERR_NOT_FOUND, "month", month);
	json_decref(*p);
	*p = NULL;
	return -1;
}

json_t *report_update(struct db *db, const struct actor *a, int64_t project_id, const char *month, json_t *body,
                      struct err *e)
{
	json_t *p = NULL, *cur = NULL, *out = NULL;
	calc_month m;
	bool changed;
	if (!can_file(a))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (calc_month_parse(month, &m))
		return err_set(e, ERR_NOT_FOUND, "month", month), NULL;
	if (jspec_check(report_spec, body, JSPEC_PATCH, e))
		return NULL;
	if (json_object_get(body, "month") && strcmp(json_string_value(json_object_get(body, "month")), month))
		return fail_field(e, "month", ERR_INVALID, "a report's month cannot change"), NULL;
	if (existing_report(db, a, project_id, month, &m, &p, &cur, e))
		return NULL;
	if (db_begin_write(db, e) ||
	    update_in_tx(db, a, p, cur, body, false, &changed, report_today(db), report_close_day(db), e) ||
	    !(out = one_report(db, p, project_id, month, e)) || db_commit(db, e)) {
		db_rollback(db);
		json_decref(out);
		out = NULL;
	}
	json_decref(cur);
	json_decref(p);
	return out;
}

int report_file_in_tx(struct db *db, const struct actor *a, const json_t *project, json_t *body, calc_day today,
                      int close_day, enum sheet_outcome *outcome, struct err *e)
{
	json_t *cur;
	bool changed;
	int rc;
	if (!can_file(a))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL);
	if (jspec_check(report_spec, body, JSPEC_PATCH, e))
		return -1;
	const char *month = json_string_value(json_object_get(body, "month"));
	if (!month)
		return fail_field(e, "month", ERR_REQUIRED, NULL);
	cur = report_store_get(db, json_integer_value(json_object_get(project, "id")), month, e);
	if (!cur && e->code)
		return -1;
	if (!cur) {
		if (!json_object_get(body, "investment_fen"))
			return fail_field(e, "investment_fen", ERR_REQUIRED, NULL);
		json_object_del(body, "reason");
		*outcome = SHEET_CREATED;
		return create_in_tx(db, a, project, body, true, today, close_day, e);
	}
	rc = update_in_tx(db, a, project, cur, body, true, &changed, today, close_day, e);
	*outcome = changed ? SHEET_UPDATED : SHEET_UNCHANGED;
	json_decref(cur);
	return rc;
}

json_t *report_unlock(struct db *db, const struct actor *a, int64_t project_id, const char *month, json_t *body,
                      struct err *e)
{
	json_t *p = NULL, *cur = NULL, *out = NULL;
	calc_month m;
	char idtxt[64];
	if (!actor_can(a, R(ADMIN) | R(OFFICER)))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (jspec_check(report_unlock_spec, body, JSPEC_CREATE, e) ||
	    existing_report(db, a, project_id, month, &m, &p, &cur, e))
		goto done;
	if (calc_window_state(m, report_today(db), report_close_day(db)) != CALC_CLOSED) {
		err_set(e, ERR_NOT_LOCKED, "month", NULL);
		goto done;
	}
	json_object_set_new(cur, "unlocked", json_true());
	snprintf(idtxt, sizeof(idtxt), "%lld/%s", (long long)project_id, month);
	json_t *diff = json_pack("{s:[bb], s:O}", "unlocked", 0, 1, "reason", json_object_get(body, "reason"));
	int rc = db_begin_write(db, e) || report_store_update(db, project_id, month, cur, e) ||
	         audit_append(db, a, "unlock", "project_report", idtxt, diff, e) ||
	         !(out = one_report(db, p, project_id, month, e)) || db_commit(db, e);
	json_decref(diff);
	if (rc) {
		db_rollback(db);
		json_decref(out);
		out = NULL;
	}
done:
	json_decref(cur);
	json_decref(p);
	return out;
}

json_t *report_resolve_help(struct db *db, const struct actor *a, int64_t project_id, const char *month,
                            json_t *body, struct err *e)
{
	json_t *p = NULL, *cur = NULL, *out = NULL;
	calc_month m;
	char idtxt[64], at[21];
	if (!actor_can(a, R(ADMIN) | R(OFFICER) | R(DEPARTMENT)))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (jspec_check(report_resolve_spec, body, JSPEC_CREATE, e) ||
	    existing_report(db, a, project_id, month, &m, &p, &cur, e))
		goto done;
	const char *dep = json_string_value(json_object_get(cur, "help_department"));
	/* A department answers only what was asked of it. */
	if (a->role == ROLE_DEPARTMENT && (!dep || strcmp(dep, a->department))) {
		err_set(e, ERR_FORBIDDEN, NULL, NULL);
		goto done;
	}
	time_iso8601(now_seconds(), at);
	snprintf(idtxt, sizeof(idtxt), "%lld/%s", (long long)project_id, month);
	json_t *diff = json_pack("{s:[ns], s:O}", "help_resolved_at", at, "comment", json_object_get(body, "comment"));
	int rc = db_begin_write(db, e);
	if (!rc) {
		int r = report_store_resolve_help(db, project_id, month, at, e);
		rc = r < 0 ? -1 : r == 1 ? err_set(e, ERR_STATE, "month", "no open request for help") : 0;
	}
	rc = rc || audit_append(db, a, "resolve_help", "project_report", idtxt, diff, e) ||
	     !(out = one_report(db, p, project_id, month, e)) || db_commit(db, e);
	json_decref(diff);
	if (rc) {
		db_rollback(db);
		json_decref(out);
		out = NULL;
	}
done:
	json_decref(cur);
	json_decref(p);
	return out;
}
