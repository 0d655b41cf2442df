/* statistics.c — monthly industry statistics: window, lock, revisions, completeness. */
#include "domain/statistics.h"
#include "core/util.h"
#include "db/ref_store.h"
#include "db/statistics_store.h"
#include "db/summary_store.h"
#include "domain/audit.h"
#include "domain/enterprise.h"
#include "domain/report.h"
#include "domain/stats_calc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STAT_FEN_MAX 1000000000000000LL /* 10 万亿元 */

const struct jspec_field statistics_spec[] = {
	{ "enterprise_id", JSPEC_INT, JSPEC_REQUIRED, 1, INT64_MAX, "企业", "enterprise", NULL, NULL },
	{ "month", JSPEC_STRING, JSPEC_REQUIRED, 0, 7, "月份", "month", NULL, NULL },
	{ "output_fen", JSPEC_INT, JSPEC_REQUIRED, 0, STAT_FEN_MAX, "工业总产值", "industrial output value", NULL, NULL },
	{ "revenue_fen", JSPEC_INT, JSPEC_REQUIRED, 0, STAT_FEN_MAX, "营业收入", "operating revenue", NULL, NULL },
	{ "profit_fen", JSPEC_INT, JSPEC_REQUIRED, -STAT_FEN_MAX, STAT_FEN_MAX, "利润总额", "total profit", NULL, NULL },
	{ "export_fen", JSPEC_INT, JSPEC_REQUIRED, 0, STAT_FEN_MAX, "出口交货值", "export delivery value", NULL, NULL },
	{ "rd_fen", JSPEC_INT, JSPEC_REQUIRED, 0, STAT_FEN_MAX, "研发经费支出", "R&D expenditure", NULL, NULL },
	{ "employees", JSPEC_INT, JSPEC_REQUIRED, 0, 10000000, "期末从业人数", "employees at month end", NULL, NULL },
	{ "reason", JSPEC_STRING, 0, 0, 500, "修改原因", "reason for the change", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

const struct jspec_field statistics_unlock_spec[] = {
	{ "reason", JSPEC_STRING, JSPEC_REQUIRED, 0, 500, "解锁原因", "reason", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

static const char *const figure_keys[] = { "output_fen", "revenue_fen", "profit_fen", "export_fen", "rd_fen",
	                                   "employees" };

static int fail_field(struct err *e, const char *name, enum err_code code, const char *arg)
{
	return jspec_fail(jspec_find(statistics_spec, name), e, code, arg);
}

static bool can_file(const struct actor *a)
{
	return actor_can(a, R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(ENTERPRISE));
}

static struct statistics_clock clock_now(struct db *db)
{
	return (struct statistics_clock){ report_today(db), report_close_day(db), NULL, false };
}

/* The enterprise in the actor's scope; out of scope reads as absent, naming enterprise_id. */
static json_t *find_enterprise(struct db *db, const struct actor *a, int64_t id, struct err *e)
{
	char txt[32];
	json_t *ent = enterprise_get(db, a, id, e);
	if (!ent && e->code == ERR_NOT_FOUND) {
		snprintf(txt, sizeof(txt), "%lld", (long long)id);
		fail_field(e, "enterprise_id", ERR_NOT_FOUND, txt);
	}
	return ent;
}

static void set_locked(json_t *row, calc_day today, int close_day)
{
	calc_month m;
	bool closed = !calc_month_parse(json_string_value(json_object_get(row, "month")), &m) &&
	              calc_window_state(m, today, close_day) == CALC_CLOSED;
	json_object_set_new(row, "locked", json_boolean(closed && !json_is_true(json_object_get(row, "unlocked"))));
}

/* The row with its lock state and revisions, or NULL (ERR_NOT_FOUND naming month). */
static json_t *one_row(struct db *db, int64_t enterprise_id, const char *month, struct err *e)
{
	json_t *row = statistics_store_get(db, enterprise_id, month, e), *revs, *rev;
	size_t i;
	if (!row) {
		if (!e->code)
			err_set(e, ERR_NOT_FOUND, "month", month);
		return NULL;
	}
	if (!(revs = statistics_store_revisions(db, enterprise_id, month, e))) {
		json_decref(row);
		return NULL;
	}
	set_locked(row, report_today(db), report_close_day(db));
	json_t *out = json_array();
	json_array_foreach(revs, i, rev) {
		json_t *b = json_loads(json_string_value(json_object_get(rev, "before_json")), 0, NULL);
		json_t *af = json_loads(json_string_value(json_object_get(rev, "after_json")), 0, NULL);
		json_array_append_new(out, json_pack("{s:O, s:O, s:O, s:o, s:o}", "at", json_object_get(rev, "at"), "user",
		                                     json_object_get(rev, "user"), "reason", json_object_get(rev, "reason"),
		                                     "before", b ? b : json_null(), "after", af ? af : json_null()));
	}
	json_decref(revs);
	json_object_set_new(row, "revisions", out);
	return row;
}

json_t *statistics_get(struct db *db, const struct actor *a, int64_t enterprise_id, const char *month,
                       struct err *e)
{
	calc_month m;
	json_t *ent, *row;
	if (!actor_can(a, ROLES_ALL))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (calc_month_parse(month, &m))
		return err_set(e, ERR_NOT_FOUND, "month", month), NULL;
	if (!(ent = find_enterprise(db, a, enterprise_id, e)))
		return NULL;
	if ((row = one_row(db, enterprise_id, month, e))) {
		json_object_set(row, "credit_code", json_object_get(ent, "credit_code"));
		json_object_set(row, "name", json_object_get(ent, "name"));
		json_object_set(row, "division", json_object_get(ent, "division"));
	}
	json_decref(ent);
	return row;
}

static void audit_id(char out[48], int64_t enterprise_id, const char *month)
{
	snprintf(out, 48, "%lld/%s", (long long)enterprise_id, month);
}

/* A new row for ent: window, archive, duplicate; the insert with its audit row. */
static int create_in_tx(struct db *db, const struct actor *a, const json_t *ent, json_t *body, bool known_new,
                        const struct statistics_clock *c, struct err *e)
{
	json_t *existing;
	calc_month m;
	char at[21], day[11], idtxt[48];
	int64_t id = json_integer_value(json_object_get(ent, "id"));
	const char *month = json_string_value(json_object_get(body, "month"));
	if (calc_month_parse(month, &m))
		return fail_field(e, "month", ERR_INVALID, "YYYY-MM");
	if (json_is_true(json_object_get(ent, "archived")))
		return fail_field(e, "enterprise_id", ERR_STATE, "archived");
	if (calc_window_state(m, c->today, c->close_day) == CALC_NOT_OPEN) {
		char msg[64];
		calc_day_format(calc_window_open(m), day);
		snprintf(msg, sizeof(msg), "not open yet: it opens on %s", day);
		return fail_field(e, "month", ERR_INVALID, msg);
	}
	if (!known_new && ((existing = statistics_store_get(db, id, month, e)) || e->code)) {
		json_decref(existing);
		return e->code ? -1 : fail_field(e, "month", ERR_DUPLICATE, month);
	}
	if (c->at)
		strlcpy_(at, c->at, sizeof(at));
	else
		time_iso8601(now_seconds(), at);
	calc_day_format(c->today, day);
	json_t *rec = json_pack("{s:I, s:s, s:s, s:s, s:b, s:b}", "enterprise_id", (json_int_t)id, "month", month,
	                        "submitted_at", at, "submitted_on", day, "late",
	                        calc_report_late(m, c->today, c->close_day), "unlocked", 0);
	json_t *diff = json_object();
	for (size_t i = 0; i < ARRAY_SIZE(figure_keys); i++) {
		json_object_set(rec, figure_keys[i], json_object_get(body, figure_keys[i]));
		json_object_set_new(diff, figure_keys[i], json_pack("[nO]", json_object_get(body, figure_keys[i])));
	}
	audit_id(idtxt, id, month);
	/* The summaries: the row's contribution (and that of the same month a year later, whose
	 * pair it completes) leaves before and comes back after, at once or when an import flushes. */
	int rc = (c->defer_summaries ? summary_store_note(db, id, month, false, e)
	                             : summary_store_apply(db, id, month, -1, e)) ||
	                         statistics_store_insert(db, rec, e) ||
	                         (!c->defer_summaries && summary_store_apply(db, id, month, 1, e)) ||
	                         audit_append(db, a, "create", "statistics", idtxt, diff, e)
	                 ? -1
	                 : 0;
	json_decref(diff);
	json_decref(rec);
	return rc;
}

json_t *statistics_create(struct db *db, const struct actor *a, json_t *body, struct err *e)
{
	json_t *ent, *out = NULL;
	calc_month m;
	struct statistics_clock c = clock_now(db);
	if (!can_file(a))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (jspec_check(statistics_spec, body, JSPEC_CREATE, e))
		return NULL;
	if (json_object_get(body, "reason"))
		return fail_field(e, "reason", ERR_UNKNOWN_FIELD, NULL), NULL;
	const char *month = json_string_value(json_object_get(body, "month"));
	if (calc_month_parse(month, &m))
		return fail_field(e, "month", ERR_INVALID, "YYYY-MM"), NULL;
	int64_t id = json_integer_value(json_object_get(body, "enterprise_id"));
	if (!(ent = find_enterprise(db, a, id, e)))
		return NULL;
	if (db_begin_write(db, e) || create_in_tx(db, a, ent, body, false, &c, e) ||
	    !(out = one_row(db, id, month, e)) || db_commit(db, e)) {
		db_rollback(db);
		json_decref(out);
		out = NULL;
	}
	json_decref(ent);
	return out;
}

/* After the window a row changes only once unlocked, and then with a reason. */
static int check_lock(const json_t *cur, const char *reason, const struct statistics_clock *c, struct err *e)
{
	calc_month m;
	calc_month_parse(json_string_value(json_object_get(cur, "month")), &m);
	bool closed = calc_window_state(m, c->today, c->close_day) == CALC_CLOSED;
	if (closed && !json_is_true(json_object_get(cur, "unlocked")))
		return err_set(e, ERR_REPORT_LOCKED, "month", NULL);
	if (closed && (!reason || !*reason))
		return fail_field(e, "reason", ERR_REQUIRED, NULL);
	return 0;
}

/* A change to row cur: nothing changed writes nothing (and looks at no lock); else the
 * lock rule, the update (re-locking an unlocked row), its revision and audit row. */
static int update_in_tx(struct db *db, const struct actor *a, const json_t *cur, const json_t *body,
                        bool *changed, const struct statistics_clock *c, struct err *e)
{
	const char *reason = json_string_value(json_object_get(body, "reason"));
	const char *month = json_string_value(json_object_get(cur, "month"));
	int64_t id = json_integer_value(json_object_get(cur, "enterprise_id"));
	json_t *before = json_object(), *after = json_object(), *rec = json_deep_copy(cur);
	char at[21], idtxt[48];
	int rc = 0;
	for (size_t i = 0; i < ARRAY_SIZE(figure_keys); i++) {
		json_t *v = json_object_get(body, figure_keys[i]), *old = json_object_get(cur, figure_keys[i]);
		if (!v || json_equal(v, old))
			continue;
		json_object_set(before, figure_keys[i], old);
		json_object_set(after, figure_keys[i], v);
		json_object_set(rec, figure_keys[i], v);
	}
	*changed = json_object_size(after) > 0;
	if (!*changed || check_lock(cur, reason, c, e)) {
		rc = *changed ? -1 : 0;
		goto done;
	}
	/* Each late change needs its own unlock. */
	json_object_set_new(rec, "unlocked", json_false());
	if (c->at)
		strlcpy_(at, c->at, sizeof(at));
	else
		time_iso8601(now_seconds(), at);
	audit_id(idtxt, id, month);
	char day[11];
	calc_day_format(c->today, day);
	json_t *diff = json_pack("{s:O, s:O, s:s}", "before", before, "after", after, "reason", reason ? reason : "");
	/* The row's contribution to the summaries leaves with its old figures and returns with the
	 * new, at once or (an import) when the import flushes the rows it noted. */
	rc = (c->defer_summaries ? summary_store_note(db, id, month, true, e)
	                         : summary_store_apply(db, id, month, -1, e)) ||
	     statistics_store_update(db, rec, e) ||
	     statistics_store_add_revision(db, id, month, at, day, a->username ? a->username : "",
	                                   reason ? reason : "", before, after, e) ||
	     (!c->defer_summaries && summary_store_apply(db, id, month, 1, e)) ||
	     audit_append(db, a, "revise", "statistics", idtxt, diff, e)
	             ? -1
	             : 0;
	json_decref(diff);
done:
	json_decref(before);
	json_decref(after);
	json_decref(rec);
	return rc;
}

/* The checks every change of (enterprise_id, month) shares; returns the enterprise. */
static json_t *patch_target(struct db *db, const struct actor *a, int64_t enterprise_id, const char *month,
                            json_t *body, struct err *e)
{
	calc_month m;
	json_t *v;
	if (!can_file(a))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (calc_month_parse(month, &m))
		return err_set(e, ERR_NOT_FOUND, "month", month), NULL;
	if (body && jspec_check(statistics_spec, body, JSPEC_PATCH, e))
		return NULL;
	if (body && (v = json_object_get(body, "month")) && strcmp(json_string_value(v), month))
		return fail_field(e, "month", ERR_INVALID, "a row's month cannot change"), NULL;
	if (body && (v = json_object_get(body, "enterprise_id")) && json_integer_value(v) != enterprise_id)
		return fail_field(e, "enterprise_id", ERR_INVALID, "a row's enterprise cannot change"), NULL;
	return find_enterprise(db, a, enterprise_id, e);
}

json_t *statistics_update(struct db *db, const struct actor *a, int64_t enterprise_id, const char *month,
                          json_t *body, struct err *e)
{
	json_t *ent, *cur = NULL, *out = NULL;
	bool changed;
	struct statistics_clock c = clock_now(db);
	if (!(ent = patch_target(db, a, enterprise_id, month, body, e)))
		return NULL;
	if (!(cur = statistics_store_get(db, enterprise_id, month, e))) {
		if (!e->code)
			err_set(e, ERR_NOT_FOUND, "month", month);
	} else if (db_begin_write(db, e) || update_in_tx(db, a, cur, body, &changed, &c, e) ||
	           !(out = one_row(db, enterprise_id, month, e)) || db_commit(db, e)) {
		db_rollback(db);
		json_decref(out);
		out = NULL;
	}
	json_decref(cur);
	json_decref(ent);
	return out;
}

int statistics_file_in_tx(struct db *db, const struct actor *a, const json_t *ent, json_t *body,
                          const struct statistics_clock *clock, enum sheet_outcome *outcome, struct err *e)
{
	json_t *cur;
	bool changed;
	int rc;
	if (!can_file(a))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL);
	if (jspec_check(statistics_spec, body, JSPEC_PATCH, e))
		return -1;
	const char *month = json_string_value(json_object_get(body, "month"));
	if (!month)
		return fail_field(e, "month", ERR_REQUIRED, NULL);
	cur = statistics_store_get(db, json_integer_value(json_object_get(ent, "id")), month, e);
	if (!cur && e->code)
		return -1;
	if (!cur) {
		for (size_t i = 0; i < ARRAY_SIZE(figure_keys); i++)
			if (!json_object_get(body, figure_keys[i]))
				return fail_field(e, figure_keys[i], ERR_REQUIRED, NULL);
		*outcome = SHEET_CREATED;
		return create_in_tx(db, a, ent, body, true, clock, e);
	}
	rc = update_in_tx(db, a, cur, body, &changed, clock, e);
	*outcome = changed ? SHEET_UPDATED : SHEET_UNCHANGED;
	json_decref(cur);
	return rc;
}

json_t *statistics_unlock(struct db *db, const struct actor *a, int64_t enterprise_id, const char *month,
                          json_t *body, struct err *e)
{
	json_t *ent, *cur = NULL, *out = NULL;
	calc_month m;
	char idtxt[48];
	if (!actor_can(a, R(ADMIN) | R(OFFICER)))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (jspec_check(statistics_unlock_spec, body, JSPEC_CREATE, e))
		return NULL;
	if (calc_month_parse(month, &m))
		return err_set(e, ERR_NOT_FOUND, "month", month), NULL;
	if (!(ent = find_enterprise(db, a, enterprise_id, e)))
		return NULL;
	if (!(cur = statistics_store_get(db, enterprise_id, month, e))) {
		if (!e->code)
			err_set(e, ERR_NOT_FOUND, "month", month);
		goto done;
	}
	if (calc_window_state(m, report_today(db), report_close_day(db)) != CALC_CLOSED) {
		err_set(e, ERR_NOT_LOCKED, "month", NULL);
		goto done;
	}
	json_object_set_new(cur, "unlocked", json_true());
	audit_id(idtxt, enterprise_id, month);
	json_t *diff = json_pack("{s:[bb], s:O}", "unlocked", 0, 1, "reason", json_object_get(body, "reason"));
	int rc = db_begin_write(db, e) || statistics_store_update(db, cur, e) ||
	         audit_append(db, a, "unlock", "statistics", idtxt, diff, e) ||
	         !(out = one_row(db, enterprise_id, month, e)) || db_commit(db, e);
	json_decref(diff);
	if (rc) {
		db_rollback(db);
		json_decref(out);
		out = NULL;
	}
done:
	json_decref(cur);
	json_decref(ent);
	return out;
}

/* A division argument: six digits naming a known division. */
static int division_arg(struct db *db, const char *code, const char *field, json_t **row, struct err *e)
{
	*row = NULL;
	if (strlen(code) != 6 || strspn(code, "0123456789") != 6)
		return err_set(e, ERR_INVALID, field, "six digits (GB/T 2260)");
	if (!(*row = ref_store_get(db, REF_DIVISION, code, e)))
		return e->code ? -1 : err_set(e, ERR_NOT_FOUND, field, code);
	return 0;
}

/* A month argument: "YYYY-MM", or with allow_year a whole year "YYYY". Fills lo..hi. */
static int month_arg(const char *s, bool allow_year, char lo[8], char hi[8], struct err *e)
{
	calc_month m;
	if (allow_year && strlen(s) == 4 && strspn(s, "0123456789") == 4) {
		snprintf(lo, 8, "%.4s-01", s);
		snprintf(hi, 8, "%.4s-12", s);
		return 0;
	}
	if (calc_month_parse(s, &m))
		return fail_field(e, "month", ERR_INVALID, allow_year ? "YYYY-MM or YYYY" : "YYYY-MM");
	strlcpy_(lo, s, 8);
	strlcpy_(hi, s, 8);
	return 0;
}

json_t *statistics_list(struct db *db, const struct actor *a, const struct statistics_query *q, struct err *e)
{
	struct statistics_filter f = { 0 };
	char lo[8] = "", hi[8] = "", dlo[8], dhi[8], slo[8], shi[8];
	json_t *items, *div = NULL, *row;
	int64_t total, per_page = q->per_page, page = q->page > 0 ? q->page : 1;
	size_t i;
	if (!actor_can(a, ROLES_ALL))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (q->month && *q->month && month_arg(q->month, true, lo, hi, e))
		return NULL;
	if (q->division && *q->division) {
		if (division_arg(db, q->division, "division", &div, e))
			return NULL;
		json_decref(div);
		division_range(q->division, dlo, dhi);
		f.div_lo = dlo;
		f.div_hi = dhi;
	}
	f.enterprise_id = q->enterprise_id;
	if (a->role == ROLE_PREFECTURE) {
		division_range(a->division, slo, shi);
		f.scope_lo = slo;
		f.scope_hi = shi;
	} else if (a->role == ROLE_ENTERPRISE) {
		if (q->enterprise_id && q->enterprise_id != a->enterprise_id)
			f.enterprise_id = -1; /* another's rows read as none */
		else
			f.enterprise_id = a->enterprise_id ? a->enterprise_id : -1;
	}
	f.month_lo = lo;
	f.month_hi = hi;
	f.limit = per_page;
	f.offset = per_page > 0 ? (page - 1) * per_page : 0;
	if (statistics_store_list(db, &f, &items, &total, e))
		return NULL;
	calc_day today = report_today(db);
	int close_day = report_close_day(db);
	json_array_foreach(items, i, row)
		set_locked(row, today, close_day);
	return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page", (json_int_t)page,
	                 "per_page", (json_int_t)per_page);
}

static const char *division_name(const json_t *divisions, const char *code)
{
	size_t i;
	json_t *d;
	json_array_foreach(divisions, i, d) {
		if (!strcmp(json_string_value(json_object_get(d, "code")), code))
			return json_string_value(json_object_get(d, "name"));
	}
	return code;
}

/* The month and division of a report over the user's scope: the month required, the division
 * the region by default (a prefecture user: its own), known, and no wider than the scope — a
 * prefecture sees its own division and those under it. Fills *division and its range lo..hi. */
static int scope_args(struct db *db, const struct actor *a, const char *month, const char **division, char lo[8],
                      char hi[8], struct err *e)
{
	calc_month m;
	json_t *div;
	if (!month || !*month)
		return fail_field(e, "month", ERR_REQUIRED, NULL);
	if (calc_month_parse(month, &m))
		return fail_field(e, "month", ERR_INVALID, "YYYY-MM");
	if (!*division || !**division)
		*division = a->role == ROLE_PREFECTURE ? a->division : "650000";
	if (division_arg(db, *division, "division", &div, e))
		return -1;
	json_decref(div);
	division_range(*division, lo, hi);
	if (a->role == ROLE_PREFECTURE && (!actor_in_scope(a, lo, 0) || !actor_in_scope(a, hi, 0)))
		return err_set(e, ERR_SCOPE, "division", *division);
	return 0;
}

json_t *statistics_completeness(struct db *db, const struct actor *a, const char *month, const char *division,
                                struct err *e)
{
	char lo[8], hi[8], code[8];
	json_t *divisions = NULL, *due = NULL, *groups, *row, *out = NULL;
	size_t i;
	if (!actor_can(a, R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(DEPARTMENT) | R(ASSOCIATION) | R(AUDITOR)))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (scope_args(db, a, month, &division, lo, hi, e))
		return NULL;
	/* A region is counted per prefecture; a prefecture or a county per county. */
	bool per_prefecture = !strcmp(division + 2, "0000");
	if (!(divisions = ref_store_list(db, REF_DIVISION, e)) || !(due = statistics_store_due(db, month, lo, hi, e)))
		goto done;
	groups = json_array();
	json_t *last = NULL;
	int64_t expected = 0, reported = 0;
	json_array_foreach(due, i, row) {
		const char *d = json_string_value(json_object_get(row, "division"));
		if (per_prefecture)
			snprintf(code, sizeof(code), "%.4s00", d);
		else
			strlcpy_(code, d, sizeof(code));
		if (!last || strcmp(json_string_value(json_object_get(last, "key")), code)) {
			last = json_pack("{s:s, s:s, s:i, s:i, s:[]}", "key", code, "name", division_name(divisions, code),
			                 "expected", 0, "reported", 0, "not_reported");
			json_array_append_new(groups, last);
		}
		bool did = json_is_true(json_object_get(row, "reported"));
		json_object_set_new(last, "expected", json_integer(json_integer_value(json_object_get(last, "expected")) + 1));
		expected++;
		if (did) {
			reported++;
			json_object_set_new(last, "reported",
			                    json_integer(json_integer_value(json_object_get(last, "reported")) + 1));
		} else {
			json_array_append_new(json_object_get(last, "not_reported"),
			                      json_pack("{s:O, s:O, s:O, s:O}", "enterprise_id", json_object_get(row, "id"),
			                                "credit_code", json_object_get(row, "credit_code"), "name",
			                                json_object_get(row, "name"), "division", json_object_get(row, "division")));
		}
	}
	json_array_foreach(groups, i, row)
		json_object_set_new(row, "missing", json_integer(json_integer_value(json_object_get(row, "expected")) -
		                                                 json_integer_value(json_object_get(row, "reported"))));
	out = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:o}", "month", month, "division", division, "division_name",
	                division_name(divisions, division), "expected", (json_int_t)expected, "reported",
	                (json_int_t)reported, "missing", (json_int_t)(expected - reported), "groups", groups);
done:
	json_decref(divisions);
	json_decref(due);
	return out;
}

/* Growth in percent over a base (同比, 环比); null without one. */
static json_t *yoy(int64_t cur, int64_t base)
{
	int64_t bp;
	return stats_growth_bp(cur, base, &bp) ? json_real((double)bp / 100.0) : json_null();
}

json_t *statistics_aggregate(struct db *db, const struct actor *a, const char *indicator, const char *by,
                             const char *month, const char *division, struct err *e)
{
	static const char *const bys[] = { "division", "industry", "field", "base", "scale" };
	const char *column = statistics_column(indicator), *group = NULL;
	char lo[8], hi[8];
	json_t *names = NULL, *rows = NULL, *g, *out = NULL;
	size_t i;
	if (!actor_can(a, ROLES_ALL))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (!indicator || !*indicator)
		return err_set(e, ERR_REQUIRED, "indicator", NULL), NULL;
	if (!column)
		return err_set(e, ERR_NOT_IN_LIST, "indicator", "output, revenue, profit, export, rd, employees"), NULL;
	for (i = 0; by && i < ARRAY_SIZE(bys); i++)
		if (!strcmp(by, bys[i]))
			group = bys[i];
	if (!by || !*by)
		return err_set(e, ERR_REQUIRED, "by", NULL), NULL;
	if (!group)
		return err_set(e, ERR_NOT_IN_LIST, "by", "division, industry, field, base, scale"), NULL;
	if (scope_args(db, a, month, &division, lo, hi, e))
		return NULL;
	const char *sql_by = group;
	enum ref_kind kind = REF_DIVISION;
	if (!strcmp(group, "division"))
		sql_by = !strcmp(division + 2, "0000") ? "prefecture" : "county";
	else if (!strcmp(group, "industry"))
		kind = REF_INDUSTRY;
	else if (!strcmp(group, "field"))
		kind = REF_FIELD;
	else if (!strcmp(group, "base"))
		kind = REF_BASE;
	int64_t own = a->role == ROLE_ENTERPRISE ? (a->enterprise_id ? a->enterprise_id : -1) : 0;
	if ((strcmp(group, "scale") && !(names = ref_store_list(db, kind, e))) ||
	    !(rows = summary_store_aggregate(db, column, sql_by, month, lo, hi, own, e)))
		goto done;
	int64_t t_month = 0, t_ytd = 0, t_ly = 0, t_prev = 0, t_mc = 0, t_mp = 0, t_rep = 0;
	json_array_foreach(rows, i, g) {
		const char *key = json_string_value(json_object_get(g, "key"));
		const char *name = key;
		if (!strcmp(group, "scale")) {
			const struct jspec_choice *ch = enterprise_scales;
			for (; ch->code; ch++)
				if (!strcmp(ch->code, key))
					name = a->lang == LANG_EN ? ch->en : ch->zh;
		} else {
			name = division_name(names, key); /* any reference list by code */
		}
		if (!*key)
			name = a->lang == LANG_EN ? "none" : "未填";
		int64_t mo = json_integer_value(json_object_get(g, "month_fen"));
		int64_t ytd = json_integer_value(json_object_get(g, "ytd_fen"));
		int64_t ly = json_integer_value(json_object_get(g, "ytd_last_year_fen"));
		int64_t prev = json_integer_value(json_object_get(g, "last_month_fen"));
		int64_t mc = json_integer_value(json_object_get(g, "ytd_matched_fen"));
		int64_t mp = json_integer_value(json_object_get(g, "ytd_matched_last_year_fen"));
		t_mc += mc;
		t_mp += mp;
		t_prev += prev;
		t_month += mo;
		t_ytd += ytd;
		t_ly += ly;
		t_rep += json_integer_value(json_object_get(g, "reporting"));
		json_object_set_new(g, "name", json_string(name));
		json_object_set_new(g, "yoy_pct", yoy(ytd, ly));
		json_object_set_new(g, "yoy_matched_pct", yoy(mc, mp));
		json_object_set_new(g, "mom_pct", yoy(mo, prev));
	}
	json_t *total = json_null();
	/* An enterprise may be in several key fields: those groups overlap and have no total. */
	if (strcmp(group, "field"))
		total = json_pack("{s:I, s:I, s:I, s:o, s:I, s:I, s:o, s:I, s:o, s:I}", "month_fen", (json_int_t)t_month,
		                  "ytd_fen", (json_int_t)t_ytd, "ytd_last_year_fen", (json_int_t)t_ly, "yoy_pct",
		                  yoy(t_ytd, t_ly), "ytd_matched_fen", (json_int_t)t_mc, "ytd_matched_last_year_fen",
		                  (json_int_t)t_mp, "yoy_matched_pct", yoy(t_mc, t_mp), "last_month_fen", (json_int_t)t_prev,
		                  "mom_pct", yoy(t_month, t_prev), "reporting", (json_int_t)t_rep);
	out = json_pack("{s:s, s:s, s:s, s:s, s:O, s:o}", "indicator", indicator, "by", group, "month", month,
	                "division", division, "groups", rows, "total", total);
done:
	json_decref(names);
	json_decref(rows);
	return out;
}

json_t *statistics_enterprises(struct db *db, const struct actor *a, const char *indicator, const char *by,
                               const char *key, const char *month, const char *division, struct err *e)
{
	json_t *agg, *rows, *g, *group = NULL, *r;
	char lo[8], hi[8];
	size_t i;
	/* The aggregate checks the arguments and the scope, and gives the group's own figures. */
	if (!(agg = statistics_aggregate(db, a, indicator, by, month, division, e)))
		return NULL;
	if (!key)
		key = "";
	const char *div = json_string_value(json_object_get(agg, "division"));
	division_range(div, lo, hi);
	const char *sql_by = strcmp(by, "division") ? by : !strcmp(div + 2, "0000") ? "prefecture" : "county";
	const char *column = statistics_column(indicator); /* checked by the aggregate */
	int64_t own = a->role == ROLE_ENTERPRISE ? (a->enterprise_id ? a->enterprise_id : -1) : 0;
	if (!(rows = statistics_store_enterprises(db, column, sql_by, key, month, lo, hi, own, e))) {
		json_decref(agg);
		return NULL;
	}
	json_array_foreach(rows, i, r) {
		json_object_set_new(r, "reported", json_boolean(json_integer_value(json_object_get(r, "reported"))));
		json_object_set_new(r, "yoy_pct", yoy(json_integer_value(json_object_get(r, "ytd_fen")),
		                                      json_integer_value(json_object_get(r, "ytd_last_year_fen"))));
	}
	json_array_foreach(json_object_get(agg, "groups"), i, g) {
		if (!strcmp(json_string_value(json_object_get(g, "key")), key))
			group = g;
	}
	json_t *out = json_pack("{s:O, s:s, s:s, s:O, s:s, s:O?, s:o}", "indicator", json_object_get(agg, "indicator"),
	                        "by", by, "key", key, "month", json_object_get(agg, "month"), "division", div, "group",
	                        group, "items", rows);
	json_decref(agg);
	return out;
}
