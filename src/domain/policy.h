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
/* Every error a document has, not only the first: up to POLICY_ERRORS_MAX in the order a
 * check stopping at the first would meet them, each naming its place in the document
 * ("targets[2].baseline_value"); more counts those left out. */
#define POLICY_ERRORS_MAX 100
struct policy_errors {
	struct err list[POLICY_ERRORS_MAX];
	size_t n, more;
};
/* As policy_create_imported, checking everything: with any error nothing is written, NULL with
 * e the first error and *errs all of them. A dry run writes nothing either way; the policy it
 * returns is what would have been written (its ids are not kept). */
json_t *policy_import_document(struct db *db, const struct actor *a, json_t *body, bool dry_run,
                               struct policy_errors *errs, struct err *e);
/* policy_sheet.c: a policy as a workbook (sheets 政策, 正文, 措施, 目标, 任务; id 0: the
 * empty template), and a policy imported from such a workbook or from its JSON document:
 * the workbook becomes the JSON document and goes through policy_create's checks, every
 * error reported (up to POLICY_ERRORS_MAX; errors_omitted counts the rest). A workbook's
 * errors name sheet, row and column: NULL with ERR_IMPORT_ROWS and *report {format, errors:
 * [{sheet, row, column, field, value, code, message}]}; a document's name their place in it:
 * NULL with e its first error and *report {format, errors: [{field, code, message}]}. A dry
 * run writes nothing and returns the report {dry_run, format, total_rows, created, updated,
 * unchanged, errors, warnings} with, when nothing is wrong, policy {doc_no, title, targets,
 * measures, tasks} (counts). */
int policy_export_workbook(struct db *db, const struct actor *a, int64_t id, struct strbuf *out, struct err *e);
json_t *policy_import(struct db *db, const struct actor *a, const char *buf, size_t len, bool dry_run,
                      json_t **report, struct err *e);
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
