/* summary_store.h — the maintained summaries of the monthly statistics, so that totals over
 * millions of rows are read from thousands.
 *
 * statistics_sums: per month, per enterprise division (county) and per grouping key of the
 *   aggregate (dim "county" with key "", "industry" C34, "field", "base", "scale"; and the same
 *   rolled up per prefecture: dims "p.county" ... "p.scale", division the prefecture's code), the rows
 *   and the sums of the six figures as they stand now; and over the enterprises that also
 *   have the same month a year before (matched pairs), their figures (mc_*) and that
 *   month's (mp_*), for year on year over the same enterprises.
 * target_sums: per statistics-measured target, month, the month the figure became known
 *   and prefecture, the rows and the sum of the target's indicator over the enterprises of
 *   its filter. A row adds its first figures in the month it was filed; each revision adds
 *   its change in the month of its calendar day. Summing the months known by the end of a
 *   month gives the figures as they stood then.
 *
 * Both are what summary_store_apply() adds up from the rows: the writers call it with -1
 * before a change and +1 after it, in the change's transaction, so the summaries never
 * disagree with the rows (summary_store_check compares them with a recomputation). */
#ifndef DB_SUMMARY_STORE_H
#define DB_SUMMARY_STORE_H
#include "db/db.h"

/* Adds sign (+1 or -1) times the contributions of the statistics of enterprise_id (0: every
 * enterprise) in month and the same month a year later (month NULL: every month) to both
 * summaries, with the enterprise's current division, classes, fields, base, scale and size. */
int summary_store_apply(struct db *db, int64_t enterprise_id, const char *month, int sign, struct err *e);
/* Deferring, for a large write (an import): summary_store_defer() starts an empty list of
 * rows (summary_pending, a temporary table: rolled back with the transaction or a savepoint);
 * summary_store_note() lists a row about to be created (exists false) or changed, and the same
 * month a year later (its pair), taking the contribution of each newly listed one out of the sums;
 * summary_store_flush() adds the contributions of every listed row, as they are then, in one
 * statement per summary, and empties the list. The caller flushes before it commits. */
int summary_store_defer(struct db *db, struct err *e);
int summary_store_note(struct db *db, int64_t enterprise_id, const char *month, bool exists, struct err *e);
int summary_store_flush(struct db *db, struct err *e);
/* Batch summing, for the rows an import's fast path creates (without noting them): each row
 * added is summed in memory exactly as summary_store_apply(+1) would sum it at that moment —
 * its figures, its pair with the same month a year before, and the pair it completes with
 * the same month a year later — and summary_batch_flush() writes the totals, in the summary
 * tables' key order, several rows to a statement. Rows listed by summary_store_note() are left to summary_store_flush():
 * after the import noted any, call summary_batch_notes_made() so the batch looks them up.
 * Free without flushing to drop it (a rolled-back import). */
struct summary_batch;
struct enterprise_brief;
/* known: the month the rows became known (their submitted_on's). NULL with e clear: no batch
 * for this database (more statistics targets than it sums); note the rows instead.
 * The batch reads stored rows only after calling before_read(arg) (NULL: none), so that a
 * caller holding back rows it has added can write them first. */
struct summary_batch *summary_batch_new(struct db *db, const char *known, int (*before_read)(void *arg, struct err *e),
                                        void *arg, struct err *e);
/* 1 when the batch knows ent has no row for month — nothing noted, and month is neither among
 * the months it found stored nor among those added — so the row may be added before it is
 * written; 0 when it cannot tell; -1 error. */
int summary_batch_surely_new(struct summary_batch *b, const struct enterprise_brief *ent, const char *month,
                             struct err *e);
/* ent's row of month with figures fig (in statistics_column's order): just inserted, or held
 * back to be inserted after summary_batch_surely_new said it is new. */
int summary_batch_add(struct summary_batch *b, const struct enterprise_brief *ent, const char *month,
                      const int64_t fig[6], struct err *e);
void summary_batch_notes_made(struct summary_batch *b);
int summary_batch_flush(struct summary_batch *b, struct err *e);
void summary_batch_free(struct summary_batch *b);
/* target_sums of one target written afresh from the rows (nothing if it is not measured by
 * statistics); after its definition changed. */
int summary_store_rebuild_target(struct db *db, int64_t target_id, struct err *e);
/* Both summaries written afresh from the rows. */
int summary_store_rebuild(struct db *db, struct err *e);
/* Rows where the summaries and a recomputation differ (0 when they agree), -1 on error; up to
 * 10 differences in *diffs ([{table, key..., stored, computed}]) when diffs is not NULL. */
int64_t summary_store_check(struct db *db, json_t **diffs, struct err *e);

/* The sums of column (a figure column, whitelisted by the caller) for the grouping by
 * ("prefecture", "county", "industry", "field", "base", "scale") over divisions lo..hi:
 * [{key, month_fen, ytd_fen, ytd_last_year_fen, last_month_fen, ytd_matched_fen,
 * ytd_matched_last_year_fen, reporting}], by key — for month, January..month, the same months
 * a year before, the month before, and January..month over matched pairs (this year, a year before). enterprise_id
 * (0: all) an enterprise user's own: summed from its rows the same way. */
json_t *summary_store_aggregate(struct db *db, const char *column, const char *by, const char *month,
                                const char *lo, const char *hi, int64_t enterprise_id, struct err *e);
/* One target's monthly totals for months from..to as known by the end of month known:
 * [{month, value, enterprises}], with by_prefecture also {prefecture} per row. */
json_t *summary_store_target_monthly(struct db *db, int64_t target_id, const char *from, const char *to,
                                     const char *known, bool by_prefecture, struct err *e);
#endif
