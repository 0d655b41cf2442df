/* attachment.h — projects' attachments: metadata in the database, files in a directory
 * (content-addressed, core/blobstore.h), served only to users who may see the project. */
#ifndef DOMAIN_ATTACHMENT_H
#define DOMAIN_ATTACHMENT_H
#include <jansson.h>
#include "core/jspec.h"
#include "db/db.h"
#include "domain/actor.h"

#define ATTACHMENT_NAME_MAX 200

extern const struct jspec_field attachment_spec[];

/* The directory files are stored in (serve --files), or NULL when none is configured. */
void attachment_set_dir(const char *dir);

/* Stores the file and records it; name as uploaded. → the attachment's metadata. */
json_t *attachment_upload(struct db *db, const struct actor *a, int64_t project_id, const char *name,
                          const void *data, size_t len, struct err *e);
/* {items: [...]}: those not deleted, newest first. */
json_t *attachment_list(struct db *db, const struct actor *a, int64_t project_id, struct err *e);
/* The metadata, with the stored file open for reading in *fd (the caller closes it). */
json_t *attachment_open(struct db *db, const struct actor *a, int64_t project_id, int64_t id, int *fd,
                        uint64_t *size, struct err *e);
/* Marks it deleted (the file stays, for the audit trail). */
json_t *attachment_delete(struct db *db, const struct actor *a, int64_t project_id, int64_t id, struct err *e);
#endif
