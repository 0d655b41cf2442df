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
#include "core/strbuf.h"
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
/* The paragraph (0-based line of text) that holds anchor; -1 when none does. */
int policy_paragraph_of(const char *text, const char *anchor);
/* As policy_create, the policy's audit row saying "import". */
json_t *policy_create_imported(struct db *db, const struct actor *a, json_t *body, struct err *e);
/* policy_sheet.c: a policy as a workbook (sheets 政策, 正文, 措施, 目标, 任务; id 0: the
 * empty template), and a policy imported from such a workbook or from its JSON document:
 * the workbook becomes the JSON document and goes through policy_create's checks. Errors
 * name sheet, row and column: NULL with ERR_IMPORT_ROWS and *report {errors: [{sheet, row,
 * column, field, value, code, message}]}. */
int policy_export_workbook(struct db *db, const struct actor *a, int64_t id, struct strbuf *out, struct err *e);
json_t *policy_import(struct db *db, const struct actor *a, const char *buf, size_t len, json_t **report,
                      struct err *e);
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
