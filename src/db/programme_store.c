/* programme_store.c — SQL for warnings and the programme counters over many projects. */
#include "db/programme_store.h"
#include "core/strbuf.h"

/* Runs sql (which ends in the scope's conditions, then `tail`) and hands each row to fn. */
static int each(struct db *db, const char *head, const struct project_scope *s, const int64_t *pre, int npre,
                const char *tail, programme_row_fn fn, void *ctx, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	struct scope_binds b = { .n = 0 };
	int rc = 0, r, i;
	strbuf_addstr(&sql, head);
	project_store_scope(&sql, s, &b);
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

int programme_store_reports(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                            struct err *e)
{
	/* IN, not a join: SQLite then walks the reports' key in order instead of sorting a million rows. */
	return each(db, "SELECT r.project_id, r.month, r.investment_fen, CASE WHEN r.help_resolved_at IS NULL "
	                "THEN r.help_department END FROM project_reports r WHERE r.project_id IN (SELECT p.id "
	                "FROM projects p WHERE p.status = 'in_progress'", s, NULL, 0,
	            ") ORDER BY r.project_id, r.month", fn, ctx, e);
}

int programme_store_plans(struct db *db, const struct project_scope *s, int64_t y1, int64_t y2,
                          programme_row_fn fn, void *ctx, struct err *e)
{
	int64_t years[2] = { y1, y2 };
	return each(db, "SELECT pp.project_id, pp.year, pp.amount_fen FROM project_plan pp JOIN projects p "
	                "ON p.id = pp.project_id WHERE pp.year IN (?, ?) AND p.status = 'in_progress'", s, years, 2,
	            " ORDER BY pp.project_id, pp.year", fn, ctx, e);
}

int programme_store_open_milestones(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                                    struct err *e)
{
	return each(db, "SELECT m.project_id, m.id, m.name, m.planned_date FROM project_milestones m JOIN projects p "
	                "ON p.id = m.project_id WHERE m.actual_date IS NULL AND p.status = 'in_progress'", s, NULL, 0,
	            " ORDER BY m.project_id, m.seq, m.id", fn, ctx, e);
}

int programme_store_reported(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                             struct err *e)
{
	return each(db, "SELECT p.target, p.category, p.field, substr(p.division, 1, 4), p.base, "
	                "substr(p.start_date, 1, 4), t.completed_fen FROM projects p JOIN (SELECT project_id, "
	                "CAST(sum(investment_fen) AS BIGINT) AS completed_fen FROM project_reports GROUP BY project_id) t "
	                "ON t.project_id = p.id WHERE 1 = 1", s, NULL, 0, "", fn, ctx, e);
}
