/* statistics_store.c — SQL for monthly statistics and their revisions. */
#include "db/statistics_store.h"
#include "core/strbuf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const bool_cols[] = { "late", "unlocked", "reported", NULL };

#define STAT_COLS "s.enterprise_id, s.month, s.output_fen, s.revenue_fen, s.profit_fen, s.export_fen, s.rd_fen, " \
	"s.employees, s.submitted_at, s.submitted_on, s.late, s.unlocked"

const char *statistics_column(const char *indicator)
{
	static const char *const map[][2] = { { "output", "output_fen" }, { "revenue", "revenue_fen" },
		                              { "profit", "profit_fen" },  { "export", "export_fen" },
		                              { "rd", "rd_fen" },          { "employees", "employees" } };
	for (size_t i = 0; indicator && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(indicator, map[i][0]) || !strcmp(indicator, map[i][1]))
			return map[i][1];
	return NULL;
}

struct ytd_months statistics_ytd_months(const char *month)
{
	struct ytd_months m;
	int year = atoi(month), mon = atoi(month + 5);
	snprintf(m.jan, sizeof(m.jan), "%04d-01", year % 10000);
	snprintf(m.ly_jan, sizeof(m.ly_jan), "%04d-01", (year - 1) % 10000);
	snprintf(m.ly_m, sizeof(m.ly_m), "%04d-%02d", (year - 1) % 10000, mon % 100);
	snprintf(m.prev, sizeof(m.prev), "%04d-%02d", (mon == 1 ? year - 1 : year) % 10000, (mon == 1 ? 12 : mon - 1) % 100);
	return m;
}

json_t *statistics_store_get(struct db *db, int64_t enterprise_id, const char *month, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT " STAT_COLS " FROM statistics s "
	                                    "WHERE s.enterprise_id = ? AND s.month = ?");
	json_t *rec = NULL;
	err_clear(e);
	db_bind_int(st, 1, enterprise_id);
	db_bind_text(st, 2, month);
	if (db_step(st, e) == DB_ROW)
		rec = db_row_json(st, bool_cols);
	db_reset(st);
	return rec;
}

static const char *const value_cols[] = { "output_fen", "revenue_fen", "profit_fen", "export_fen", "rd_fen",
	                                  "employees", "late", "unlocked" };

static void bind_values(struct db_stmt *st, const json_t *rec)
{
	for (int i = 0; i < 8; i++)
		db_bind_json(st, 1 + i, json_object_get(rec, value_cols[i]));
	db_bind_json(st, 9, json_object_get(rec, "enterprise_id"));
	db_bind_json(st, 10, json_object_get(rec, "month"));
}

#define INSERT_ROW "INSERT INTO statistics (output_fen, revenue_fen, profit_fen, export_fen, rd_fen, employees, " \
	"late, unlocked, enterprise_id, month, submitted_at, submitted_on) VALUES "
#define ROW_VALUES "(?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)"
#define ROW_PARAMS 11
#define MANY_ROWS 100 /* rows to an INSERT: 1,100 parameters, far within both engines' limits */

/* Binds r as the values of the row at position at (0-based) of an insert. */
static void bind_row(struct db_stmt *st, int at, const struct statistics_row *r)
{
	int p = 1 + at * ROW_PARAMS;
	for (int i = 0; i < STATISTICS_FIGURES; i++)
		db_bind_int(st, p + i, r->fig[i]);
	db_bind_int(st, p + 6, r->late);
	db_bind_int(st, p + 7, r->enterprise_id);
	db_bind_text(st, p + 8, r->month);
	db_bind_text(st, p + 9, r->submitted_at);
	db_bind_text(st, p + 10, r->submitted_on);
}

int statistics_store_insert_new(struct db *db, const struct statistics_row *r, struct err *e)
{
	struct db_stmt *st = db_prepare(db, INSERT_ROW ROW_VALUES " ON CONFLICT (enterprise_id, month) DO NOTHING");
	bind_row(st, 0, r);
	if (db_exec_stmt(st, e))
		return -1;
	return db_changes(db) > 0;
}

int statistics_store_insert(struct db *db, const json_t *rec, struct err *e)
{
	struct statistics_row r = { 0 };
	r.enterprise_id = json_integer_value(json_object_get(rec, "enterprise_id"));
	snprintf(r.month, sizeof(r.month), "%s", json_string_value(json_object_get(rec, "month")));
	for (int i = 0; i < STATISTICS_FIGURES; i++)
		r.fig[i] = json_integer_value(json_object_get(rec, value_cols[i]));
	r.late = json_is_true(json_object_get(rec, "late"));
	r.submitted_at = json_string_value(json_object_get(rec, "submitted_at"));
	r.submitted_on = json_string_value(json_object_get(rec, "submitted_on"));
	return statistics_store_insert_many(db, &r, 1, e);
}

int statistics_store_insert_many(struct db *db, const struct statistics_row *r, size_t n, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	struct db_stmt *st;
	strbuf_addstr(&sql, INSERT_ROW ROW_VALUES);
	for (int i = 1; i < MANY_ROWS; i++)
		strbuf_addstr(&sql, ", " ROW_VALUES);
	for (; n >= MANY_ROWS; n -= MANY_ROWS, r += MANY_ROWS) {
		st = db_prepare(db, sql.buf);
		for (int i = 0; i < MANY_ROWS; i++)
			bind_row(st, i, &r[i]);
		if (db_exec_stmt(st, e)) {
			strbuf_release(&sql);
			return -1;
		}
	}
	strbuf_release(&sql);
	for (; n; n--, r++) {
		st = db_prepare(db, INSERT_ROW ROW_VALUES);
		bind_row(st, 0, r);
		if (db_exec_stmt(st, e))
			return -1;
	}
	return 0;
}

int statistics_store_month_range(struct db *db, int64_t enterprise_id, const char *except, char lo[8], char hi[8],
                                 struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT min(month), max(month) FROM statistics "
	                                    "WHERE enterprise_id = ? AND month <> ?");
	db_bind_int(st, 1, enterprise_id);
	db_bind_text(st, 2, except);
	int rc = db_step(st, e), found = rc == DB_ROW && !db_col_null(st, 0);
	if (found) {
		snprintf(lo, 8, "%s", db_col_text(st, 0));
		snprintf(hi, 8, "%s", db_col_text(st, 1));
	}
	db_reset(st);
	return rc < 0 ? -1 : found;
}

int statistics_store_figures(struct db *db, int64_t enterprise_id, const char *month,
                             int64_t fig[STATISTICS_FIGURES], struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT output_fen, revenue_fen, profit_fen, export_fen, rd_fen, employees "
	                                    "FROM statistics WHERE enterprise_id = ? AND month = ?");
	db_bind_int(st, 1, enterprise_id);
	db_bind_text(st, 2, month);
	int rc = db_step(st, e);
	if (rc == DB_ROW)
		for (int i = 0; i < STATISTICS_FIGURES; i++)
			fig[i] = db_col_int(st, i);
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW;
}

int statistics_store_update(struct db *db, const json_t *rec, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "UPDATE statistics SET output_fen = ?, revenue_fen = ?, profit_fen = ?, "
	                                    "export_fen = ?, rd_fen = ?, employees = ?, late = ?, unlocked = ? "
	                                    "WHERE enterprise_id = ? AND month = ?");
	bind_values(st, rec);
	return db_exec_stmt(st, e);
}

int statistics_store_add_revision(struct db *db, int64_t enterprise_id, const char *month, const char *at,
                                  const char *on_day, const char *user, const char *reason, const json_t *before,
                                  const json_t *after, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO statistics_revisions (enterprise_id, month, at, on_day, "
	                                    "username, reason, before_json, after_json, d_output_fen, d_revenue_fen, "
	                                    "d_profit_fen, d_export_fen, d_rd_fen, d_employees) "
	                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	char *bt = json_dumps(before, JSON_COMPACT | JSON_SORT_KEYS), *atx = json_dumps(after, JSON_COMPACT | JSON_SORT_KEYS);
	db_bind_int(st, 1, enterprise_id);
	db_bind_text(st, 2, month);
	db_bind_text(st, 3, at);
	db_bind_text(st, 4, on_day);
	db_bind_text(st, 5, user);
	db_bind_text(st, 6, reason);
	db_bind_text(st, 7, bt);
	db_bind_text(st, 8, atx);
	/* Each figure's change, for the sums as they stood on a day (db/summary_store.h). */
	for (int i = 0; i < 6; i++)
		db_bind_int(st, 9 + i, json_integer_value(json_object_get(after, value_cols[i])) -
		                               json_integer_value(json_object_get(before, value_cols[i])));
	free(bt);
	free(atx);
	return db_exec_stmt(st, e);
}

json_t *statistics_store_revisions(struct db *db, int64_t enterprise_id, const char *month, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT at, username AS \"user\", reason, before_json, after_json "
	                                    "FROM statistics_revisions WHERE enterprise_id = ? AND month = ? ORDER BY id");
	db_bind_int(st, 1, enterprise_id);
	db_bind_text(st, 2, month);
	return db_all_rows(st, NULL, e);
}

/* Every condition is always in the statement (so it is prepared once); an empty one is true. */
#define LIST_WHERE " FROM statistics s JOIN enterprises e ON e.id = s.enterprise_id " \
	"WHERE (? = 0 OR s.enterprise_id = ?) AND (? = '' OR s.month >= ?) AND (? = '' OR s.month <= ?) " \
	"AND (? = '' OR e.division BETWEEN ? AND ?) AND (? = '' OR e.division BETWEEN ? AND ?)"

static void bind_filter(struct db_stmt *st, const struct statistics_filter *f)
{
	const char *lo = f->month_lo ? f->month_lo : "", *hi = f->month_hi ? f->month_hi : "";
	const char *dl = f->div_lo ? f->div_lo : "", *dh = f->div_hi ? f->div_hi : "";
	const char *sl = f->scope_lo ? f->scope_lo : "", *sh = f->scope_hi ? f->scope_hi : "";
	db_bind_int(st, 1, f->enterprise_id);
	db_bind_int(st, 2, f->enterprise_id);
	db_bind_text(st, 3, lo);
	db_bind_text(st, 4, lo);
	db_bind_text(st, 5, hi);
	db_bind_text(st, 6, hi);
	db_bind_text(st, 7, dl);
	db_bind_text(st, 8, dl);
	db_bind_text(st, 9, dh);
	db_bind_text(st, 10, sl);
	db_bind_text(st, 11, sl);
	db_bind_text(st, 12, sh);
}

int statistics_store_list(struct db *db, const struct statistics_filter *f, json_t **items, int64_t *total,
                          struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT count(*)" LIST_WHERE);
	*items = NULL;
	bind_filter(st, f);
	if (db_step(st, e) != DB_ROW)
		return -1;
	*total = db_col_int(st, 0);
	db_reset(st);
	st = db_prepare(db, "SELECT " STAT_COLS ", e.credit_code, e.name, e.division" LIST_WHERE
	                    " ORDER BY s.month, s.enterprise_id LIMIT ? OFFSET ?");
	bind_filter(st, f);
	db_bind_int(st, 13, f->limit > 0 ? f->limit : INT64_MAX);
	db_bind_int(st, 14, f->offset);
	*items = db_all_rows(st, bool_cols, e);
	return *items ? 0 : -1;
}

json_t *statistics_store_due(struct db *db, const char *month, const char *lo, const char *hi, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT e.id, e.credit_code, e.name, e.division, "
	                                    "CASE WHEN s.month IS NULL THEN 0 ELSE 1 END AS reported "
	                                    "FROM enterprises e LEFT JOIN statistics s ON s.enterprise_id = e.id "
	                                    "AND s.month = ? WHERE e.archived = 0 AND e.above_size = 1 "
	                                    "AND e.division BETWEEN ? AND ? ORDER BY e.division, e.id");
	db_bind_text(st, 1, month);
	db_bind_text(st, 2, lo);
	db_bind_text(st, 3, hi);
	return db_all_rows(st, bool_cols, e);
}

json_t *statistics_store_enterprises(struct db *db, const char *column, const char *by, const char *key,
                                     const char *month, const char *lo, const char *hi, int64_t enterprise_id,
                                     struct err *e)
{
	/* The grouping keys of the aggregate (summary_store_aggregate), here as a condition on one group. */
	static const struct {
		const char *by, *key, *join;
	} keys[] = {
		{ "prefecture", "substr(e.division, 1, 4) || '00'", "" },
		{ "county", "e.division", "" },
		{ "industry", "'C' || substr(e.industry, 1, 2)", "" },
		{ "field", "ef.field", " JOIN enterprise_fields ef ON ef.enterprise_id = e.id" },
		{ "base", "coalesce(e.base, '')", "" },
		{ "scale", "coalesce(e.scale, '')", "" },
	};
	struct strbuf sql = STRBUF_INIT;
	int k = -1;
	for (int i = 0; i < (int)(sizeof(keys) / sizeof(keys[0])); i++)
		if (!strcmp(by, keys[i].by))
			k = i;
	if (k < 0)
		return err_set(e, ERR_INTERNAL, "by", by), NULL;
	struct ytd_months ym = statistics_ytd_months(month);
	/* The aggregate's sums, per enterprise of the group: they add up to the group's figures. */
	strbuf_addf(&sql,
	            "SELECT e.id AS enterprise_id, e.credit_code, e.name, e.division, "
	            "coalesce(d.name, e.division) AS division_name, "
	            "CAST(sum(CASE WHEN s.month = ? THEN s.%s ELSE 0 END) AS BIGINT) AS month_fen, "
	            "CAST(sum(CASE WHEN s.month >= ? THEN s.%s ELSE 0 END) AS BIGINT) AS ytd_fen, "
	            "CAST(sum(CASE WHEN s.month <= ? THEN s.%s ELSE 0 END) AS BIGINT) AS ytd_last_year_fen, "
	            "count(CASE WHEN s.month = ? THEN 1 END) AS reported "
	            "FROM statistics s JOIN enterprises e ON e.id = s.enterprise_id%s "
	            "LEFT JOIN divisions d ON d.code = e.division "
	            "WHERE ((s.month >= ? AND s.month <= ?) OR (s.month >= ? AND s.month <= ?)) "
	            "AND e.division BETWEEN ? AND ? AND (? = 0 OR s.enterprise_id = ?) AND %s = ? "
	            "GROUP BY e.id, e.credit_code, e.name, e.division, d.name ORDER BY 7 DESC, 6 DESC, e.id",
	            column, column, column, keys[k].join, keys[k].key);
	struct db_stmt *st = db_prepare(db, sql.buf);
	strbuf_release(&sql);
	db_bind_text(st, 1, month);
	db_bind_text(st, 2, ym.jan);
	db_bind_text(st, 3, ym.ly_m);
	db_bind_text(st, 4, month);
	db_bind_text(st, 5, ym.ly_jan);
	db_bind_text(st, 6, ym.ly_m);
	db_bind_text(st, 7, ym.jan);
	db_bind_text(st, 8, month);
	db_bind_text(st, 9, lo);
	db_bind_text(st, 10, hi);
	db_bind_int(st, 11, enterprise_id);
	db_bind_int(st, 12, enterprise_id);
	db_bind_text(st, 13, key);
	return db_all_rows(st, NULL, e);
}
