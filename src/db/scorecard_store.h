/* scorecard_store.h — SQL behind the scorecard: a statistics indicator's monthly totals and key
 * projects counted as they stood on a day of the reporting calendar. */
#ifndef DB_SCORECARD_STORE_H
#define DB_SCORECARD_STORE_H
#include <stdbool.h>
#include "db/db.h"

/* The monthly totals of one statistics column (a constant of the caller) for months from..to,
 * over the rows filed on or before cut (a calendar day): [{month, value, enterprises}]. above_only:
 * above-size enterprises only; industries: GB/T 4754 codes (C34, 341, 3411), or none for the
 * machinery classes. */
json_t *scorecard_store_monthly(struct db *db, const char *column, bool above_only, const json_t *industries,
                                const char *from, const char *to, const char *cut, struct err *e);
/* Projects carrying target item whose state on day cut (their last step on or before it) is one of
 * statuses (a JSON array of strings). -1 on error. */
int64_t scorecard_store_projects(struct db *db, const char *item, const json_t *statuses, const char *cut,
                                 struct err *e);
/* Key projects by the measure code they carry and their state on day cut:
 * [{measure, status, projects, total_fen, completed_fen}] (completed: reports of months up to cut's). */
json_t *scorecard_store_projects_by_measure(struct db *db, const char *cut, struct err *e);
#endif
