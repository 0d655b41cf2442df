/* user_store.h — SQL for users. */
#ifndef DB_USER_STORE_H
#define DB_USER_STORE_H
#include "db/db.h"

/* A user object without the password hash; NULL with e clear when none. */
json_t *user_store_get(struct db *db, int64_t id, struct err *e);
/* By user name, with "password_hash" included. */
json_t *user_store_by_name(struct db *db, const char *username, struct err *e);
int user_store_insert(struct db *db, const json_t *rec, int64_t *id, struct err *e);
/* Writes rec's columns where version matches; 1 if stale. */
int user_store_update(struct db *db, int64_t id, int64_t version, const json_t *rec, struct err *e);
int user_store_list(struct db *db, const char *q, int64_t limit, int64_t offset, json_t **items,
                    int64_t *total, struct err *e);
#endif
