/* project_change.h — change requests: edits to an approved or in-progress project, which
 * the commission approves; the approved record stays visible beside the requested one. */
#ifndef DOMAIN_PROJECT_CHANGE_H
#define DOMAIN_PROJECT_CHANGE_H
#include <jansson.h>
#include "core/jspec.h"
#include "db/db.h"
#include "domain/actor.h"

extern const struct jspec_field project_change_spec[];
extern const struct jspec_field project_change_decision_spec[];

/* body {changes: {partial record}, reason} by a user who may edit the project. */
json_t *project_change_request(struct db *db, const struct actor *a, int64_t project_id, json_t *body,
                               struct err *e);
/* {items: [{id, status, reason, approved, requested, fields, ...}]}, newest first. */
json_t *project_change_list(struct db *db, const struct actor *a, int64_t project_id, struct err *e);
/* body {action: approve|reject|withdraw, comment}. */
json_t *project_change_decide(struct db *db, const struct actor *a, int64_t project_id, int64_t change_id,
                              json_t *body, struct err *e);
#endif
