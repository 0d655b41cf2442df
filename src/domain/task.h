/* task.h — tasks a policy's measures give departments: deadlines, the departments'
 * updates, completion with evidence, escalation of overdue tasks (督办) and each
 * department's on-time record.
 *
 * Days are on the reporting calendar (report_today(): the demo's "now" or the
 * real date). A task is overdue when it is open after its deadline; an overdue
 * task is escalated while its lead and supporting departments have posted no
 * update since the deadline, or none in the last task_escalation_days days
 * (setting, default 30) — so escalation shows to the department until it
 * answers, and comes back when it goes quiet again. */
#ifndef DOMAIN_TASK_H
#define DOMAIN_TASK_H
#include <jansson.h>
#include "core/jspec.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/project_calc.h"

#define TASK_ESCALATION_DAYS_DEFAULT 30
#define TASK_READERS (R(ADMIN) | R(OFFICER) | R(DEPARTMENT) | R(AUDITOR))

extern const struct jspec_field task_spec[];
extern const struct jspec_field task_update_spec[];
extern const struct jspec_field task_complete_spec[];

struct task_query {
	int64_t policy_id, measure_id; /* 0: any */
	const char *department;        /* lead or supporting */
	const char *status;            /* open, done, overdue, escalated, or NULL */
};

/* One task of a policy document (its measure given by code): its fields checked (as
 * jspec_check_each) before anything is written; then written inside the caller's transaction,
 * with its audit row, for the policy's measures (as policy_store_measures gives them). */
int task_check_element(json_t *task, int (*found)(void *ctx, struct err *e), void *ctx, struct err *e);
int task_create_element(struct db *db, const struct actor *a, const json_t *measures, const json_t *t, struct err *e);

json_t *task_list(struct db *db, const struct actor *a, const struct task_query *q, struct err *e);
json_t *task_get(struct db *db, const struct actor *a, int64_t id, struct err *e); /* with its updates */
json_t *task_create(struct db *db, const struct actor *a, json_t *body, struct err *e);
json_t *task_update(struct db *db, const struct actor *a, int64_t id, json_t *body, struct err *e);
/* A department's progress update; on_day 0 means today on the calendar (the demo passes past days). */
json_t *task_post_update(struct db *db, const struct actor *a, int64_t id, json_t *body, calc_day on_day,
                         struct err *e);
json_t *task_complete(struct db *db, const struct actor *a, int64_t id, json_t *body, struct err *e);
/* Per lead department: tasks, done on time, done late, overdue, open and not yet due, on-time %. */
json_t *task_record(struct db *db, const struct actor *a, int64_t policy_id, struct err *e); /* 0: every policy */
#endif
