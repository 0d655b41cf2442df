/* project.h — key projects: the record, its two-level review and life cycle, the timeline. */
#ifndef DOMAIN_PROJECT_H
#define DOMAIN_PROJECT_H
#include <jansson.h>
#include "core/jspec.h"
#include "db/db.h"
#include "core/strbuf.h"
#include "core/table.h"
#include "domain/actor.h"
#include "domain/sheet.h"

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
/* The same without funding, plan and milestones, for checks that need only the row. */
json_t *project_find_row(struct db *db, const struct actor *a, int64_t id, struct err *e);
json_t *project_create(struct db *db, const struct actor *a, json_t *body, struct err *e);
json_t *project_update(struct db *db, const struct actor *a, int64_t id, json_t *body, json_t **current,
                       struct err *e);
/* The record cur with changes (a partial body, as PATCH takes) applied, validated exactly as
 * an edit is (spec, references, funding and plan sums, dates, scope); NULL with e set. */
json_t *project_merge(struct db *db, const struct actor *a, const json_t *cur, json_t *changes, struct err *e);
/* Validates a whole record again (a change approved later, against today's references). */
int project_validate(struct db *db, const struct actor *a, json_t *rec, const json_t *known_milestones,
                     struct err *e);
/* Inside the caller's write transaction: writes rec over project id if it is still at version
 * (else ERR_CONFLICT), with an event (action, comment; status unchanged from before) on the
 * timeline and an audit row. Returns the record with its timeline. */
json_t *project_write(struct db *db, const struct actor *a, int64_t id, int64_t version, const json_t *before,
                      json_t *rec, const char *action, const char *comment, struct err *e);
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

/* For imports, inside the caller's write transaction: a new draft from body (id 0),
 * or body's changes to draft or returned project id, under project_create's and
 * project_update's rules, with the audit row. A change that changes nothing is
 * SHEET_UNCHANGED and writes nothing. */
int project_write_in_tx(struct db *db, const struct actor *a, int64_t id, json_t *body, enum sheet_outcome *outcome,
                        struct err *e);
/* The filtered list (or just the header row when template_only) as CSV or XLSX, in
 * the columns project_import reads (project_sheet.c). */
int project_export(struct db *db, const struct actor *a, const struct project_query *q, enum table_format fmt,
                   bool template_only, struct strbuf *out, struct err *e);
json_t *project_import(struct db *db, const struct actor *a, const char *buf, size_t len, bool dry_run,
                       enum import_mode mode, json_t **report, struct err *e);
#endif
