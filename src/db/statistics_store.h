/* statistics_store.h — SQL for enterprises' monthly statistics (运行监测) and their revisions. */
#ifndef DB_STATISTICS_STORE_H
#define DB_STATISTICS_STORE_H
#include "db/db.h"

/* A list query; empty strings and zeros mean "no condition". */
struct statistics_filter {
	int64_t enterprise_id;          /* one enterprise (the query's, or an enterprise user's own: -1 none) */
	const char *month_lo, *month_hi; /* months, inclusive ("2019-01".."2019-12") */
	const char *div_lo, *div_hi;     /* the query's division range */
	const char *scope_lo, *scope_hi; /* the user's data scope */
	int64_t limit, offset;           /* limit 0: everything */
};

/* The column of an indicator ("revenue" or "revenue_fen", ... "employees"), NULL when there is none:
 * the one list of figures a caller may name. */
const char *statistics_column(const char *indicator);
/* The months a year to date compares, for month "YYYY-MM": its January, the same month and
 * January a year before, and the month before it. */
struct ytd_months {
	char jan[16], ly_jan[16], ly_m[16], prev[16];
};
struct ytd_months statistics_ytd_months(const char *month);
/* A new row as an import's fast path writes it, without JSON; the figures in the order of
 * statistics_column's list: output, revenue, profit, export, R&D (fen), employees. */
#define STATISTICS_FIGURES 6
struct statistics_row {
	int64_t enterprise_id;
	char month[8];
	int64_t fig[STATISTICS_FIGURES];
	bool late;
	const char *submitted_at, *submitted_on;
};
/* Inserts n new rows (none of them stored yet: a row that is, is an error), several to a statement. */
int statistics_store_insert_many(struct db *db, const struct statistics_row *r, size_t n, struct err *e);
/* Inserts r unless (enterprise_id, month) has a row already: 1 inserted, 0 there already, -1 error. */
int statistics_store_insert_new(struct db *db, const struct statistics_row *r, struct err *e);
/* The first and last months of enterprise_id's rows other than month except: 1 (lo, hi filled), 0 none, -1 error. */
int statistics_store_month_range(struct db *db, int64_t enterprise_id, const char *except, char lo[8], char hi[8],
                                 struct err *e);
/* The figures of (enterprise_id, month) into fig: 1 found, 0 no such row, -1 error. */
int statistics_store_figures(struct db *db, int64_t enterprise_id, const char *month,
                             int64_t fig[STATISTICS_FIGURES], struct err *e);
/* One row {enterprise_id, month, the figures, submitted_at, submitted_on, late, unlocked}; NULL with e clear if none. */
json_t *statistics_store_get(struct db *db, int64_t enterprise_id, const char *month, struct err *e);
/* A new row {enterprise_id, month, the figures, submitted_at, submitted_on, late} (not unlocked),
 * as statistics_store_insert_many writes one. */
int statistics_store_insert(struct db *db, const json_t *rec, struct err *e);
/* Writes the figures, late and unlocked of rec's (enterprise_id, month). */
int statistics_store_update(struct db *db, const json_t *rec, struct err *e);
/* A revision: the figures changed (before and after hold only those), its time and calendar day. */
int statistics_store_add_revision(struct db *db, int64_t enterprise_id, const char *month, const char *at,
                                  const char *on_day, const char *user, const char *reason, const json_t *before,
                                  const json_t *after, struct err *e);
/* [{at, user, reason, before_json, after_json}] of one row, oldest first. */
json_t *statistics_store_revisions(struct db *db, int64_t enterprise_id, const char *month, struct err *e);
/* Rows with the enterprise's credit_code, name and division, by month then enterprise. */
int statistics_store_list(struct db *db, const struct statistics_filter *f, json_t **items, int64_t *total,
                          struct err *e);
/* The enterprises that should report (not archived, above-size) in a division range, each
 * {id, credit_code, name, division, reported}, reported whether month's row exists. */
json_t *statistics_store_due(struct db *db, const char *month, const char *lo, const char *hi, struct err *e);

/* The enterprises behind one group of the aggregate (summary_store_aggregate: column, by, month,
 * lo..hi, enterprise_id as it takes them; key as it gives them):
 * [{enterprise_id, credit_code, name, division, division_name, month_fen, ytd_fen,
 * ytd_last_year_fen, reported}] whose sums are the group's figures, largest year to date first. */
json_t *statistics_store_enterprises(struct db *db, const char *column, const char *by, const char *key,
                                     const char *month, const char *lo, const char *hi, int64_t enterprise_id,
                                     struct err *e);
#endif
