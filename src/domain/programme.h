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
	int64_t page, per_page; /* 0: page 1, 100 a page */
};

/* {items: [{kind, project_id, project_name, division, month, milestone_id, rule, figures, message}],
 *  today, total, page, per_page, counts: {kind: n}} for projects in progress in the user's scope,
 * one page of the kind asked for (counts: every kind, before that filter). Kinds: report_missing,
 * investment_lag, milestone_overdue, help_open. */
json_t *programme_warnings(struct db *db, const struct actor *a, const struct warning_query *q, struct err *e);
/* {targets, by_category, by_field, by_prefecture, by_base, by_year, investment}. */
json_t *programme_counters(struct db *db, const struct actor *a, const char *division, struct err *e);
/* Today's warnings per user: {today, yesterday, total, projects, counts, new: {total, counts,
 * items}, cleared: {total, counts, items}, top: [item]}. New: fired as of today on the reporting
 * calendar and not as of yesterday (the same data, the rules run with the day before); cleared:
 * the other way. A department user sees the help requests addressed to it. */
json_t *programme_warning_summary(struct db *db, const struct actor *a, struct err *e);
/* Appends "0,id,id..." — the projects in the user's scope with a warning of kind today (any,
 * report_missing, ...; "warning" names the field in the error). */
struct strbuf;
int programme_warned_projects(struct db *db, const struct actor *a, const char *kind, struct strbuf *ids,
                              struct err *e);
#endif
