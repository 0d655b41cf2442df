/* programme_store.h — SQL for warnings and the programme counters over many projects: each
 * query streams its rows to a callback (no JSON per row), ordered so the caller can merge. */
#ifndef DB_PROGRAMME_STORE_H
#define DB_PROGRAMME_STORE_H
#include "db/db.h"
#include "db/project_store.h"

/* Called once per row; read the columns with db_col_*(). A non-zero return stops with that code. */
typedef int (*programme_row_fn)(void *ctx, struct db_stmt *st);

/* Projects in progress in scope: id, name, division, start_date; by id. */
int programme_store_projects(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                             struct err *e);
/* Their reports: project_id, month, investment_fen, help_department if the request is still open
 * (else NULL); by project and month. */
int programme_store_reports(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                            struct err *e);
/* Their plans for the years y1 and y2: project_id, year, amount_fen; by project and year. */
int programme_store_plans(struct db *db, const struct project_scope *s, int64_t y1, int64_t y2,
                          programme_row_fn fn, void *ctx, struct err *e);
/* Their milestones without an actual date: project_id, id, name, planned_date; by project and seq. */
int programme_store_open_milestones(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                                    struct err *e);
/* Every project in scope with reports (any status), with the keys of the counters' groupings
 * and its reported investment: target, category, field, prefecture (4 digits), base, year
 * (4 digits of the start date), completed_fen. */
int programme_store_reported(struct db *db, const struct project_scope *s, programme_row_fn fn, void *ctx,
                             struct err *e);
#endif
