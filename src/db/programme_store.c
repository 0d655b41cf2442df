/* programme_store.c — SQL for warnings and the programme counters over many projects. */
#include "db/programme_store.h"
#include "core/strbuf.h"

/* Appends the scope's conditions (" AND ...") on the alias p; their binds go to b, in order. */
struct scope_binds {
	const char *text[8];
	int64_t num[8];
	bool is_num[8];
	int n;
};

static void scope_where(struct strbuf *w, const struct project_scope *s, struct scope_binds *b)
{
	if (s->scope_enterprise) {
		strbuf_addstr(w, " AND p.enterprise_id = ?");
		b->is_num[b->n] = true;
		b->num[b->n++] = s->scope_enterprise;
	}
	if (s->scope_lo) {
		strbuf_addstr(w, " AND p.division BETWEEN ? AND ?");
		b->text[b->n++] = s->scope_lo;
		b->text[b->n++] = s->scope_hi;
	}
	if (s->div_lo) {
		strbuf_addstr(w, " AND p.division BETWEEN ? AND ?");
		b->text[b->n++] = s->div_lo;
		b->text[b->n++] = s->div_hi;
	}
	if (s->project_id) {
		strbuf_addstr(w, " AND p.id = ?");
		b->is_num[b->n] = true;
		b->num[b->n++] = s->project_id;
	}
}

/* Runs sql (which ends in the scope's conditions, then `tail`) and hands each row to fn. */
static int each(struct db *db, const char *head, const struct project_scope *s, const int64_t *pre, int npre,
                const char *tail, programme_row_fn fn, void *ctx, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	struct scope_binds b = { .n = 0 };
	int rc = 0, r, i;
	strbuf_addstr(&sql, head);
	scope_where(&sql, s, &b);
	strbuf_addstr(&sql, tail);
	struct db_stmt *st = db_prepare(db, sql.buf);
	for (i = 0; i < npre; i++)
		db_bind_int(st, i + 1, pre[i]);
	for (int k = 0; k < b.n; k++)
		b.is_num[k] ? db_bind_int(st, i + k + 1, b.num[k]) : db_bind_text(st, i + k + 1, b.text[k]);
	err_clear(e);
	while ((r = db_step(st, e)) == DB_ROW)
		if ((rc = fn(ctx, st)))
			break;
	db_reset(st);
	strbuf_release(&sql);
	return r < 0 ? -1 : rc;
}

int programme_store_projects(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                             struct err *e)
{
	return each(db, "SELECT p.id, p.name, p.division, p.start_date FROM projects p WHERE p.status = 'in_progress'",
	            s, NULL, 0, " ORDER BY p.id", fn, ctx, e);
}

/* Rows of the projects in progress in scope, from a child table whose project column is col.
 * Scoped, the rows are found through the projects (IN walks col's index in order); unscoped,
 * reading the whole table in its key order is cheaper than seeking every project, and the
 * caller skips the rows of projects not in progress (it merges them with programme_store_projects). */
static int each_child(struct db *db, const char *head, const char *col, const struct project_scope *s,
                      const int64_t *pre, int npre, const char *order, programme_row_fn fn, void *ctx, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	const struct project_scope all = { 0 };
	bool scoped = s->scope_enterprise || s->scope_lo || s->div_lo || s->project_id;
	strbuf_addstr(&sql, head);
	if (scoped)
		strbuf_addf(&sql, " AND %s IN (SELECT p.id FROM projects p WHERE p.status = 'in_progress'", col);
	int rc = each(db, sql.buf, scoped ? s : &all, pre, npre, scoped ? order : order + 1, fn, ctx, e);
	strbuf_release(&sql);
	return rc;
}

int programme_store_report_months(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                                  struct err *e)
{
	return each_child(db, "SELECT y.project_id, y.year, y.months FROM project_report_years y WHERE 1 = 1",
	                  "y.project_id", s, NULL, 0, ") ORDER BY y.project_id, y.year", fn, ctx, e);
}

int programme_store_report_amounts(struct db *db, const struct project_scope *s, int64_t year, programme_row_fn fn,
                                   void *ctx, struct err *e)
{
	/* One year at a time: the index (year, project_id, ...) gives its rows in project order. */
	return each_child(db, "SELECT y.project_id, y.year, y.months, y.m01, y.m02, y.m03, y.m04, y.m05, y.m06, y.m07, "
	                      "y.m08, y.m09, y.m10, y.m11, y.m12 FROM project_report_years y WHERE y.year = ?",
	                  "y.project_id", s, &year, 1, ") ORDER BY y.project_id", fn, ctx, e);
}

int programme_store_open_help(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                              struct err *e)
{
	/* The conditions of the partial index project_reports_help_open, so that it is used. */
	return each_child(db, "SELECT r.project_id, r.month, r.help_department FROM project_reports r "
	                      "WHERE r.help_department IS NOT NULL AND r.help_resolved_at IS NULL", "r.project_id", s,
	                  NULL, 0, ") ORDER BY r.project_id, r.month", fn, ctx, e);
}

int programme_store_plans(struct db *db, const struct project_scope *s, int64_t year, programme_row_fn fn, void *ctx,
                          struct err *e)
{
	return each_child(db, "SELECT pp.project_id, pp.year, pp.amount_fen FROM project_plan pp WHERE pp.year = ?",
	                  "pp.project_id", s, &year, 1, ") ORDER BY pp.project_id", fn, ctx, e);
}

int programme_store_open_milestones(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                                    struct err *e)
{
	return each_child(db, "SELECT m.project_id, m.id, m.name, m.planned_date FROM project_milestones m "
	                      "WHERE m.actual_date IS NULL", "m.project_id", s, NULL, 0,
	                  ") ORDER BY m.project_id, m.seq, m.id", fn, ctx, e);
}

int programme_store_counted(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                            struct err *e)
{
	return each(db, "SELECT p.target, p.category, p.field, substr(p.division, 1, 4), p.base, "
	                "substr(p.start_date, 1, 4), p.status, p.total_fen, t.completed_fen FROM projects p LEFT JOIN "
	                "(SELECT project_id, CAST(sum(total_fen) AS BIGINT) AS completed_fen FROM project_report_years "
	                "GROUP BY project_id) t ON t.project_id = p.id WHERE 1 = 1", s, NULL, 0, "", fn, ctx, e);
}
