/* enterprise.h — the enterprise registry: validation, scope, writes with audit,
 * list, import and export. Knows no HTTP and no SQL. */
#ifndef DOMAIN_ENTERPRISE_H
#define DOMAIN_ENTERPRISE_H
#include <jansson.h>
#include "core/jspec.h"
#include "core/strbuf.h"
#include "core/table.h"
#include "db/db.h"
#include "domain/actor.h"
#include "domain/sheet.h"

extern const struct jspec_field enterprise_spec[];
extern const struct jspec_choice enterprise_ownerships[];
extern const struct jspec_choice enterprise_scales[];

/* List query parameters as they come from a URL or the command line. */
struct enterprise_query {
	const char *q, *division, *industry, *field, *base, *scale, *sort;
	int archived;               /* 0 active (default), 1 archived, -1 both */
	int64_t page, per_page;     /* per_page 0: everything (export) */
};

/* Each returns the record (owned by the caller) or NULL with e set. */
json_t *enterprise_get(struct db *db, const struct actor *a, int64_t id, struct err *e);
json_t *enterprise_create(struct db *db, const struct actor *a, json_t *body, struct err *e);
/* A stale version fails with ERR_CONFLICT and *current set to the record as it is. */
json_t *enterprise_update(struct db *db, const struct actor *a, int64_t id, json_t *body,
                          json_t **current, struct err *e);
json_t *enterprise_archive(struct db *db, const struct actor *a, int64_t id, json_t *body,
                           json_t **current, struct err *e);
/* {items, total, page, per_page} */
json_t *enterprise_list(struct db *db, const struct actor *a, const struct enterprise_query *q,
                        struct err *e);

/* Imports a CSV or XLSX file: validates every row under the actor's scope, then
 * writes all rows (IMPORT_ALL: only when none is bad) in one transaction; a dry
 * run does the same and rolls back. Returns the report
 * {dry_run, format, total_rows, created, updated, unchanged, errors, warnings};
 * on a real all-or-nothing run with bad rows, returns NULL with ERR_IMPORT_ROWS
 * and *report set. */
json_t *enterprise_import(struct db *db, const struct actor *a, const char *buf, size_t len,
                          bool dry_run, enum import_mode mode, json_t **report, struct err *e);
/* Writes the filtered list (or just the header row when template) as CSV or XLSX. */
int enterprise_export(struct db *db, const struct actor *a, const struct enterprise_query *q,
                      enum table_format fmt, bool template_only, struct strbuf *out, struct err *e);
#endif
