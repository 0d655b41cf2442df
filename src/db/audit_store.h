/* audit_store.h — SQL for the append-only audit table. */
#ifndef DB_AUDIT_STORE_H
#define DB_AUDIT_STORE_H
#include "db/db.h"

struct audit_row {
	int64_t id;
	const char *at, *username, *client, *action, *entity, *entity_id, *changes;
	int64_t user_id; /* 0 when none */
	const char *prev_hash, *hash;
};

/* The newest row's id and hash (id 0 and "" for an empty table). */
int audit_store_head(struct db *db, int64_t *id, char hash[65], struct err *e);
int audit_store_insert(struct db *db, const struct audit_row *row, struct err *e);

struct audit_filter {
	const char *entity, *entity_id, *username, *from, *to; /* "" or NULL: any */
	int64_t limit, offset;
};
int audit_store_list(struct db *db, const struct audit_filter *f, json_t **items, int64_t *total,
                     struct err *e);
/* Calls fn for every row in id order; stops when fn returns non-zero (and returns that). */
int audit_store_each(struct db *db, int (*fn)(const struct audit_row *row, void *arg), void *arg,
                     struct err *e);
#endif
