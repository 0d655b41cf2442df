/* project_change_store.h — SQL for change requests to approved projects. */
#ifndef DB_PROJECT_CHANGE_STORE_H
#define DB_PROJECT_CHANGE_STORE_H
#include "db/db.h"

/* rec: {project_id, base_version, approved_json, requested_json, fields, reason, requested_by,
 * requester_role, requested_at} (the JSON members as text); the new id into *id. */
int project_change_store_insert(struct db *db, const json_t *rec, int64_t *id, struct err *e);
/* [{id, project_id, base_version, approved_json, requested_json, fields, reason, status, requested_by,
 * requester_role, requested_at, decided_by, decided_at, comment}], newest first. */
json_t *project_change_store_list(struct db *db, int64_t project_id, struct err *e);
/* One request of the project; NULL with e clear when there is none. */
json_t *project_change_store_get(struct db *db, int64_t project_id, int64_t id, struct err *e);
/* The id of the project's pending request, 0 if none, -1 on error. */
int64_t project_change_store_pending(struct db *db, int64_t project_id, struct err *e);
/* Decides a pending request; 1 when it is no longer pending. */
int project_change_store_decide(struct db *db, int64_t id, const char *status, const char *by, const char *at,
                                const char *comment, struct err *e);
#endif
