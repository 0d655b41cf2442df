/* programme_store.h — SQL for warnings and the programme counters over many projects: each
 * query streams its rows to a callback (no JSON per row), ordered so the caller can merge. */
#ifndef DB_PROGRAMME_STORE_H
#define DB_PROGRAMME_STORE_H
#include "db/db.h"

/* Which projects a query covers. */
struct project_scope {
	const char *scope_lo, *scope_hi;   /* the user's division range, or NULL */
	int64_t scope_enterprise;          /* an enterprise user's own id, or 0 */
	const char *div_lo, *div_hi;       /* a division asked for, or NULL */
	int64_t project_id;                /* one project, or 0 */
};

/* Called once per row; read the columns with db_col_*(). A non-zero return stops with that code. */
typedef int (*programme_row_fn)(void *ctx, struct db_stmt *st);

/* Projects in progress in scope: id, name, division, start_date; by id. */
int programme_store_projects(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                             struct err *e);
/* Their reports a year per row (the table project_report_years, kept by triggers): project_id,
 * year, months (bit m-1: month m reported); by project and year. */
int programme_store_report_months(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                                  struct err *e);
/* The same for the year `year` with the investment of months 1..12 after months; by project. */
int programme_store_report_amounts(struct db *db, const struct project_scope *s, int64_t year, programme_row_fn fn,
                                   void *ctx, struct err *e);
/* Their open requests for help: project_id, month, help_department; by project and month. */
int programme_store_open_help(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                              struct err *e);
/* Their plans for the year `year`: project_id, year, amount_fen; by project. */
int programme_store_plans(struct db *db, const struct project_scope *s, int64_t year, programme_row_fn fn, void *ctx,
                          struct err *e);
/* Their milestones without an actual date: project_id, id, name, planned_date; by project and seq. */
int programme_store_open_milestones(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                                    struct err *e);
/* Every project in scope (any status) with the keys of the counters' groupings, its status, total
 * investment and reported investment (NULL without reports): target, category, field, prefecture
 * (4 digits), base, year (4 digits of the start date), status, total_fen, completed_fen. */
int programme_store_counted(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                            struct err *e);
#endif
