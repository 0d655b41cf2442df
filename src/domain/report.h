/* report.h — key projects' monthly progress reports (月度调度): filing, the reporting
 * window and lock, unlock with a reason, revisions, and the figures computed from them. */
#ifndef DOMAIN_REPORT_H
#define DOMAIN_REPORT_H
#include <jansson.h>
#include "core/jspec.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/project_calc.h"
#include "domain/sheet.h"

extern const struct jspec_field report_spec[];
extern const struct jspec_field report_unlock_spec[];

/* Today on the reporting calendar: the LUOSHI_TODAY environment variable
 * (YYYY-MM-DD) when set, for tests of the window rules; else the setting
 * calendar_today, which a demo database carries so its 2017–2020 history has a
 * "now" inside it; else the current UTC date. */
calc_day report_today(struct db *db);
/* The day of month M+1 after which month M's window closes (setting report_close_day, default 10). */
int report_close_day(struct db *db);

json_t *report_list(struct db *db, const struct actor *a, int64_t project_id, struct err *e);
json_t *report_create(struct db *db, const struct actor *a, int64_t project_id, json_t *body, struct err *e);
json_t *report_update(struct db *db, const struct actor *a, int64_t project_id, const char *month, json_t *body,
                      struct err *e);
json_t *report_unlock(struct db *db, const struct actor *a, int64_t project_id, const char *month, json_t *body,
                      struct err *e);
/* The department asked for help (or an officer) marks the request resolved, with a comment. */
json_t *report_resolve_help(struct db *db, const struct actor *a, int64_t project_id, const char *month,
                            json_t *body, struct err *e);
extern const struct jspec_field report_resolve_spec[];

/* For imports, inside the caller's write transaction: files project's report for
 * body.month (project as project_find_row returns it, in the actor's scope; today and
 * close_day from report_today and report_close_day, read once per import), or changes
 * the one filed, under the same rules as report_create and report_update (window,
 * late marking, lock after the window, reason once unlocked). A change that changes
 * nothing is SHEET_UNCHANGED and writes nothing, lock or no lock. */
int report_file_in_tx(struct db *db, const struct actor *a, const json_t *project, json_t *body, calc_day today,
                      int close_day, enum sheet_outcome *outcome, struct err *e);

/* The monthly workbook (月度调度表): one row per project in progress in the actor's
 * scope (narrowed by q) that reports for month, pre-filled with what is filed. */
struct project_query;
int report_workbook(struct db *db, const struct actor *a, const char *month, const struct project_query *q,
                    enum table_format fmt, struct strbuf *out, struct err *e);
/* The reports of month for the projects of q, with their computed figures. */
int report_export(struct db *db, const struct actor *a, const char *month, const struct project_query *q,
                  enum table_format fmt, struct strbuf *out, struct err *e);
/* Imports a filled workbook (see sheet_import for the report and the modes). */
json_t *report_import(struct db *db, const struct actor *a, const char *buf, size_t len, bool dry_run,
                      enum import_mode mode, json_t **report, struct err *e);
#endif
