/* audit.h — the append-only, hash-chained audit log.
 *
 * Each row's hash is SHA-256 over the previous row's hash and the row's own
 * content (every column, length-prefixed so no two rows encode alike). Any row
 * changed, removed or inserted by hand breaks the chain at that row.
 */
#ifndef DOMAIN_AUDIT_H
#define DOMAIN_AUDIT_H
#include <jansson.h>
#include "db/db.h"
#include "db/audit_store.h"
#include "domain/actor.h"

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Appends a row inside the caller's write transaction. changes may be NULL
 * (stored as {}); it is not consumed. */
int audit_append(struct db *db, const struct actor *a, const char *action, const char *entity,
                 const char *entity_id, const json_t *changes, struct err *e);
/* audit_append of a record's change: the diff of before (NULL on creation) and after,
 * keys in skip left out, under the record's numeric id. */
int audit_record(struct db *db, const struct actor *a, const char *action, const char *entity, int64_t id,
                 const json_t *before, json_t *after, const char *const *skip, struct err *e);
/* {field: [before, after]} for every key of after whose value differs in before
 * (before may be NULL for a creation). Keys in skip (NULL-terminated) are ignored. */
json_t *audit_diff(const json_t *before, json_t *after, const char *const *skip);

/* The row's hash as hex into out[65]. */
void audit_row_hash(const struct audit_row *r, char out[65]);

struct audit_report {
	int64_t rows;
	int64_t first_bad_id;  /* 0 when the chain is whole */
	char reason[160];
	char head[65];
};
/* Walks the whole chain; 0 with report filled (ok or not), -1 on a database error. */
int audit_verify(struct db *db, struct audit_report *rep, struct err *e);
/* The id of the newest audit row: every write appends one in its transaction, so
 * inside a read transaction this is an exact version of all data. -1 on error. */
int64_t audit_version(struct db *db, struct err *e);
/* {items, total, page, per_page}, newest first; f->limit must be > 0. */
json_t *audit_list(struct db *db, const struct audit_filter *f, struct err *e);
#endif
