/* policy.h — the policy ledger: a policy, its measures and targets, and the values
 * officers enter for targets that no data computes.
 *
 * A policy can be created whole from one document — the policy's fields with
 * `measures`, `targets` and `tasks` arrays (docs/POLICY-FORMAT.md) — which is how
 * the demo's seed policy is loaded and how a second policy is imported. */
#ifndef DOMAIN_POLICY_H
#define DOMAIN_POLICY_H
#include <jansson.h>
#include "core/jspec.h"
#include "db/db.h"
#include "domain/actor.h"

extern const struct jspec_field policy_spec[];
extern const struct jspec_field policy_measure_spec[];
extern const struct jspec_field policy_target_spec[];
extern const struct jspec_field target_entry_spec[];

json_t *policy_list(struct db *db, const struct actor *a, struct err *e);
/* The policy with its text, measures (each with target_ids) and targets. */
json_t *policy_get(struct db *db, const struct actor *a, int64_t id, struct err *e);
/* A whole policy document in one transaction; the demo flag marks seed data. */
json_t *policy_create(struct db *db, const struct actor *a, json_t *body, bool demo, struct err *e);
json_t *policy_update(struct db *db, const struct actor *a, int64_t id, json_t *body, struct err *e);

json_t *policy_measures(struct db *db, const struct actor *a, int64_t policy_id, struct err *e);
json_t *policy_measure_create(struct db *db, const struct actor *a, int64_t policy_id, json_t *body,
                              struct err *e);
json_t *policy_measure_update(struct db *db, const struct actor *a, int64_t id, json_t *body, struct err *e);

json_t *policy_targets(struct db *db, const struct actor *a, int64_t policy_id, struct err *e);
json_t *policy_target_create(struct db *db, const struct actor *a, int64_t policy_id, json_t *body, struct err *e);
json_t *policy_target_update(struct db *db, const struct actor *a, int64_t id, json_t *body, struct err *e);
/* Targets measured by hand: an officer enters the value as of a month with its evidence. */
json_t *policy_target_add_entry(struct db *db, const struct actor *a, int64_t id, json_t *body, struct err *e);
json_t *policy_target_entries(struct db *db, const struct actor *a, int64_t id, struct err *e);
#endif
