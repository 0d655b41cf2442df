/* project_store.h — SQL for key projects: the record, funding, plan, milestones, events. */
#ifndef DB_PROJECT_STORE_H
#define DB_PROJECT_STORE_H
#include "db/db.h"

struct project_filter {
	const char *q;                     /* name contains (lower-cased) */
	const char *scope_lo, *scope_hi;   /* the user's division range */
	int64_t scope_enterprise;          /* an enterprise user's own id */
	const char *div_lo, *div_hi;
	const char *category, *field, *base, *status;
	int64_t enterprise_id, year;       /* 0: any */
	const char *ids;                   /* NULL: any; else only these ids ("1,2,3", integers only) */
	int national;                      /* -1 any, 0, 1 */
	const char *sort;                  /* validated by the store: name, total_fen, start_date, updated_at, id */
	int desc;
	int64_t limit, offset;             /* limit 0: all */
};

/* The project with funding, plan, milestones, enterprise_name and division_name;
 * NULL with e clear when there is none. */
json_t *project_store_get(struct db *db, int64_t id, struct err *e);
/* The same without funding, plan and milestones (one query instead of four). */
json_t *project_store_get_row(struct db *db, int64_t id, struct err *e);
int project_store_insert(struct db *db, const json_t *rec, int64_t *id, struct err *e);
/* Writes every column and the child rows where version matches; 1 if stale. */
int project_store_update(struct db *db, int64_t id, int64_t version, const json_t *rec, struct err *e);
int project_store_list(struct db *db, const struct project_filter *f, json_t **items, int64_t *total,
                       struct err *e);
/* A step of the life cycle: at the real time, on_day the reporting calendar's day (YYYY-MM-DD). */
int project_store_add_event(struct db *db, int64_t id, const char *at, const char *on_day, const char *user,
                            const char *action, const char *from, const char *to, const char *comment, struct err *e);
/* [{at, on_day, user, action, from, to, comment}] oldest first. */
json_t *project_store_events(struct db *db, int64_t id, struct err *e);
#endif
