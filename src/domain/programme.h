/* programme.h — what the key projects add up to: warnings computed from the data and the
 * programme counters against the policy's targets. */
#ifndef DOMAIN_PROGRAMME_H
#define DOMAIN_PROGRAMME_H
#include <jansson.h>
#include "db/db.h"
#include "domain/actor.h"

struct warning_query {
	int64_t project_id;   /* 0: all in scope */
	const char *kind;     /* "" or NULL: every kind */
	const char *division; /* "" or NULL: everywhere in scope */
};

/* {items: [{kind, project_id, project_name, division, month, milestone_id, rule, figures, message}],
 *  today} for projects in progress in the user's scope. Kinds: report_missing,
 * investment_lag, milestone_overdue, help_open. */
json_t *programme_warnings(struct db *db, const struct actor *a, const struct warning_query *q, struct err *e);
/* {targets, by_category, by_field, by_prefecture, by_base, by_year, investment}. */
json_t *programme_counters(struct db *db, const struct actor *a, const char *division, struct err *e);
#endif
