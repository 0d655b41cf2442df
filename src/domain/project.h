/* project.h — key projects: the record, its two-level review and life cycle, the timeline. */
#ifndef DOMAIN_PROJECT_H
#define DOMAIN_PROJECT_H
#include <jansson.h>
#include "core/jspec.h"
#include "db/db.h"
#include "domain/actor.h"

extern const struct jspec_field project_spec[];
extern const struct jspec_field project_transition_spec[];
extern const struct jspec_field project_batch_spec[];
extern const struct jspec_field project_category_spec[];
extern const struct jspec_choice project_funding_sources[];

struct project_query {
	const char *q, *category, *field, *division, *base, *status, *sort;
	int64_t enterprise_id, year;
	int national;               /* -1 any */
	int64_t page, per_page;     /* per_page 0: all */
	const char *warning;        /* any or a warning kind: only projects with such a warning today */
};

json_t *project_get(struct db *db, const struct actor *a, int64_t id, struct err *e); /* with events */
/* The record without its timeline; out of the user's scope reads as not found. */
json_t *project_find(struct db *db, const struct actor *a, int64_t id, struct err *e);
json_t *project_create(struct db *db, const struct actor *a, json_t *body, struct err *e);
json_t *project_update(struct db *db, const struct actor *a, int64_t id, json_t *body, json_t **current,
                       struct err *e);
json_t *project_list(struct db *db, const struct actor *a, const struct project_query *q, struct err *e);
/* body {action, comment, ...}: one step of the life cycle, with its event and audit row. */
json_t *project_transition(struct db *db, const struct actor *a, int64_t id, json_t *body, struct err *e);
/* body {ids, action, comment}: the same for several, each in its own transaction.
 * → {done: [id], failed: [{id, error: {code, field, message}}]} */
json_t *project_transition_many(struct db *db, const struct actor *a, json_t *body, struct err *e);

json_t *project_categories(struct db *db, struct err *e);
json_t *project_category_add(struct db *db, const struct actor *a, json_t *body, struct err *e);
json_t *project_policy_items(struct db *db, struct err *e);
json_t *project_funding_source_list(void);
#endif
