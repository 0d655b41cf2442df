/* session_store.h — SQL for sessions and sign-in throttling. */
#ifndef DB_SESSION_STORE_H
#define DB_SESSION_STORE_H
#include "db/db.h"

int session_store_insert(struct db *db, const char *token_hash, int64_t user_id, const char *csrf,
                         const char *client, int64_t now, struct err *e);
/* The session's user (as user_store_get) with "csrf_token" and "last_seen"; NULL, e clear, if none. */
json_t *session_store_get(struct db *db, const char *token_hash, struct err *e);
int session_store_touch(struct db *db, const char *token_hash, int64_t now, struct err *e);
int session_store_delete(struct db *db, const char *token_hash, struct err *e);
int session_store_delete_user(struct db *db, int64_t user_id, struct err *e);
int session_store_expire(struct db *db, int64_t idle_before, struct err *e);

/* Throttle counters keyed by "user:NAME" or "addr:IP"; times in milliseconds. */
int throttle_store_get(struct db *db, const char *key, int64_t *failures, int64_t *last_failure,
                       int64_t *locked_until, struct err *e);
int throttle_store_put(struct db *db, const char *key, int64_t failures, int64_t last_failure,
                       int64_t locked_until, struct err *e);
int throttle_store_clear(struct db *db, const char *key, struct err *e);
#endif
