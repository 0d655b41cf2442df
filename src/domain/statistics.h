/* statistics.h — enterprises' monthly industry statistics (运行监测): filing under the
 * reporting window, late marking, lock, unlock with a reason and revisions (the rules of
 * the monthly project reports), the scope-filtered list, completeness per division, and
 * import (monthly or 1–M cumulative files) and export. */
#ifndef DOMAIN_STATISTICS_H
#define DOMAIN_STATISTICS_H
#include <jansson.h>
#include "core/jspec.h"
#include "core/strbuf.h"
#include "core/table.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/project_calc.h"
#include "domain/sheet.h"

extern const struct jspec_field statistics_spec[];
extern const struct jspec_field statistics_unlock_spec[];

/* The reporting calendar a filing is judged by: today (report_today), the window's
 * close day (report_close_day) and the time stamp to record (NULL: now). */
struct statistics_clock {
	calc_day today;
	int close_day;
	const char *at;
	bool defer_summaries; /* an import: rows are noted and summed at its end (summary_store_flush) */
};

/* List parameters as they come from a URL or the command line. month is "YYYY-MM" or
 * a whole year "YYYY"; division any division code. per_page 0: everything. */
struct statistics_query {
	int64_t enterprise_id;
	const char *month, *division;
	int64_t page, per_page;
};

/* {items, total, page, per_page}; each row with credit_code, name, division and locked. */
json_t *statistics_list(struct db *db, const struct actor *a, const struct statistics_query *q, struct err *e);
/* One row with locked and its revisions [{at, user, reason, before, after}]. */
json_t *statistics_get(struct db *db, const struct actor *a, int64_t enterprise_id, const char *month,
                       struct err *e);
json_t *statistics_create(struct db *db, const struct actor *a, json_t *body, struct err *e);
json_t *statistics_update(struct db *db, const struct actor *a, int64_t enterprise_id, const char *month,
                          json_t *body, struct err *e);
json_t *statistics_unlock(struct db *db, const struct actor *a, int64_t enterprise_id, const char *month,
                          json_t *body, struct err *e);
/* Per prefecture (or per county when division names a prefecture or county): how many
 * enterprises should report for month (not archived, above-size) and which have not. */
json_t *statistics_completeness(struct db *db, const struct actor *a, const char *month, const char *division,
                                struct err *e);

/* Sums of one indicator (output, revenue, profit, export, rd, employees) over the rows in the
 * actor's scope, grouped by division (per prefecture; per county when division names a
 * prefecture or county), industry (division of GB/T 4754), field, base or scale: each group
 * {key, name, month_fen, ytd_fen, ytd_last_year_fen, yoy_pct, reporting}, and the total. */
json_t *statistics_aggregate(struct db *db, const struct actor *a, const char *indicator, const char *by,
                             const char *month, const char *division, struct err *e);

/* The enterprises behind one group of statistics_aggregate (the same arguments, and the
 * group's key as it gives it), in the actor's scope: {indicator, by, key, month, division,
 * group (the aggregate's group, or null), items: [{enterprise_id, credit_code, name, division,
 * division_name, month_fen, ytd_fen, ytd_last_year_fen, yoy_pct, reported}]}; the items add
 * up to the group's month_fen, ytd_fen and ytd_last_year_fen. */
json_t *statistics_enterprises(struct db *db, const struct actor *a, const char *indicator, const char *by,
                               const char *key, const char *month, const char *division, struct err *e);
/* The same as a file: the rows as shown in the console. */
int statistics_enterprises_export(struct db *db, const struct actor *a, const char *indicator, const char *by,
                                  const char *key, const char *month, const char *division, enum table_format fmt,
                                  struct strbuf *out, json_t **shown, struct err *e);

/* Inside the caller's write transaction: files body {enterprise_id, month, figures[, reason]}
 * for enterprise ent (found in the actor's scope), or changes the row filed, under the
 * rules of statistics_create and statistics_update judged by clock. A change that changes
 * nothing is SHEET_UNCHANGED and writes nothing. */
int statistics_file_in_tx(struct db *db, const struct actor *a, const json_t *ent, json_t *body,
                          const struct statistics_clock *clock, enum sheet_outcome *outcome, struct err *e);

/* Imports a statistics-bureau file (see sheet_import for the report and the modes); with
 * cumulative, its figures are 1–M year-to-date and are stored as monthly values. */
json_t *statistics_import(struct db *db, const struct actor *a, const char *buf, size_t len, bool dry_run,
                          enum import_mode mode, bool cumulative, json_t **report, struct err *e);
/* A monthly (not cumulative) CSV file read from f a batch at a time, for files of any size. */
json_t *statistics_import_csv(struct db *db, const struct actor *a, FILE *f, bool dry_run, enum import_mode mode,
                              json_t **report, struct err *e);
/* The rows of q (template_only: just the header row) as CSV or XLSX. */
int statistics_export(struct db *db, const struct actor *a, const struct statistics_query *q,
                      enum table_format fmt, bool template_only, struct strbuf *out, struct err *e);
#endif
