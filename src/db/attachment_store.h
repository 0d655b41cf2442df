/* attachment_store.h — SQL for projects' attachments (metadata; the files are in a blob store). */
#ifndef DB_ATTACHMENT_STORE_H
#define DB_ATTACHMENT_STORE_H
#include "db/db.h"

/* rec: {project_id, name, size, sha256, content_type, uploaded_by, uploader_role, created_at}. */
int attachment_store_insert(struct db *db, const json_t *rec, int64_t *id, struct err *e);
/* The project's attachments not deleted, newest first. */
json_t *attachment_store_list(struct db *db, int64_t project_id, struct err *e);
/* One attachment of the project (deleted ones too, with deleted true); NULL with e clear if none. */
json_t *attachment_store_get(struct db *db, int64_t project_id, int64_t id, struct err *e);
/* Marks it deleted; 1 when it already was. */
int attachment_store_delete(struct db *db, int64_t id, const char *at, struct err *e);
#endif
