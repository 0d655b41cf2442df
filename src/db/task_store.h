/* task_store.h — SQL for tasks the policy's measures give departments, and their updates. */
#ifndef DB_TASK_STORE_H
#define DB_TASK_STORE_H
#include "db/db.h"

extern const char *const task_store_cols[]; /* written from a record, NULL-terminated */

struct task_filter {
	int64_t policy_id, measure_id;  /* 0: any */
	const char *department;         /* lead or supporting, or NULL */
	const char *status;             /* "open", "done" or NULL */
};

/* Tasks with measure_code, measure_title and policy_id, by deadline then id. */
json_t *task_store_list(struct db *db, const struct task_filter *f, struct err *e);
json_t *task_store_get(struct db *db, int64_t id, struct err *e); /* NULL with e clear: none */
int task_store_add_update(struct db *db, int64_t task_id, const json_t *u, int64_t *id, struct err *e);
/* [{id, at, on_day, username, department, body, percent, evidence}] oldest first. */
json_t *task_store_updates(struct db *db, int64_t task_id, struct err *e);
#endif
