/* report.h — key projects' monthly progress reports (月度调度): filing, the reporting
 * window and lock, unlock with a reason, revisions, and the figures computed from them. */
#ifndef DOMAIN_REPORT_H
#define DOMAIN_REPORT_H
#include <jansson.h>
#include "core/jspec.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/project_calc.h"

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
#endif
