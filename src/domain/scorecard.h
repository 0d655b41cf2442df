/* scorecard.h — where each target of a policy stands as of a month, where it is heading and
 * whether it will be met, with the method and the rule behind every figure; and what each
 * measure has behind it (tasks, key projects).
 *
 * "As of" a month is read on the reporting calendar: statistics filed by the month's last
 * day, project states as their steps stood that day (project_events.on_day), values entered
 * by hand for months up to it. Revisions of statistics made after the month are not yet told
 * apart (they carry no calendar day): that is the next step. */
#ifndef DOMAIN_SCORECARD_H
#define DOMAIN_SCORECARD_H
#include <jansson.h>
#include "db/db.h"
#include "domain/actor.h"

#define SCORECARD_READERS (R(ADMIN) | R(OFFICER) | R(DEPARTMENT) | R(ASSOCIATION) | R(AUDITOR))

/* as_of "YYYY-MM", or NULL/"" for the month before today on the calendar. */
json_t *scorecard_get(struct db *db, const struct actor *a, int64_t policy_id, const char *as_of, struct err *e);
#endif
