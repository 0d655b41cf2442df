/* report_store.h — SQL for key projects' monthly reports and their revisions. */
#ifndef DB_REPORT_STORE_H
#define DB_REPORT_STORE_H
#include "db/db.h"

/* Every report of a project, oldest month first (milestones_reached as JSON text). */
json_t *report_store_list(struct db *db, int64_t project_id, struct err *e);
/* One report; NULL with e clear when there is none. */
json_t *report_store_get(struct db *db, int64_t project_id, const char *month, struct err *e);
int report_store_insert(struct db *db, int64_t project_id, const json_t *rec, struct err *e);
int report_store_update(struct db *db, int64_t project_id, const char *month, const json_t *rec, struct err *e);
int report_store_add_revision(struct db *db, int64_t project_id, const char *month, const char *at,
                              const char *user, const char *reason, const char *before, const char *after,
                              struct err *e);
/* [{month, at, user, reason, before, after}] of a project, oldest first. */
json_t *report_store_revisions(struct db *db, int64_t project_id, struct err *e);
/* Marks the report's request for help resolved at `at`; 1 when there is none open. */
int report_store_resolve_help(struct db *db, int64_t project_id, const char *month, const char *at, struct err *e);
/* Sets a milestone's actual date; 1 when the milestone is not the project's. */
int report_store_milestone_reached(struct db *db, int64_t project_id, int64_t milestone_id, const char *date,
                                   struct err *e);
#endif
