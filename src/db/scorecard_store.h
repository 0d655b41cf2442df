/* scorecard_store.h — SQL behind the scorecard: key projects counted as they stood on a day of the reporting calendar. */
#ifndef DB_SCORECARD_STORE_H
#define DB_SCORECARD_STORE_H
#include <stdbool.h>
#include "db/db.h"

/* Projects carrying target item whose state on day cut (their last step on or before it) is one of
 * statuses (a JSON array of strings). -1 on error. */
int64_t scorecard_store_projects(struct db *db, const char *item, const json_t *statuses, const char *cut,
                                 struct err *e);
/* Key projects by the measure code they carry and their state on day cut:
 * [{measure, status, projects, total_fen, completed_fen}] (completed: reports of months up to cut's). */
json_t *scorecard_store_projects_by_measure(struct db *db, const char *cut, struct err *e);
#endif
