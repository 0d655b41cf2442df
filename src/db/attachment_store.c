/* attachment_store.c — SQL for projects' attachments. */
#include "db/attachment_store.h"

static const char *const bool_cols[] = { "deleted", NULL };

#define ATTACHMENT_COLS "id, project_id, name, size, sha256, content_type, uploaded_by, uploader_role, " \
	"created_at, deleted, deleted_at"

int attachment_store_insert(struct db *db, const json_t *rec, int64_t *id, struct err *e)
{
	static const char *const cols[] = { "project_id", "name", "size", "sha256", "content_type", "uploaded_by",
		                            "uploader_role", "created_at" };
	struct db_stmt *st = db_prepare(db, "INSERT INTO project_attachments (project_id, name, size, sha256, "
	                                    "content_type, uploaded_by, uploader_role, created_at) "
	                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	for (int i = 0; i < 8; i++)
		db_bind_json(st, i + 1, json_object_get(rec, cols[i]));
	int rc = db_step(st, e);
	*id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	return rc == DB_ROW ? 0 : -1;
}

json_t *attachment_store_list(struct db *db, int64_t project_id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ATTACHMENT_COLS " FROM project_attachments "
	                                    "WHERE project_id = ? AND deleted = 0 ORDER BY id DESC");
	db_bind_int(st, 1, project_id);
	return db_all_rows(st, bool_cols, e);
}

json_t *attachment_store_get(struct db *db, int64_t project_id, int64_t id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT " ATTACHMENT_COLS " FROM project_attachments "
	                                    "WHERE id = ? AND project_id = ?");
	json_t *rec = NULL;
	err_clear(e);
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, project_id);
	if (db_step(st, e) == DB_ROW)
		rec = db_row_json(st, bool_cols);
	db_reset(st);
	return rec;
}

int attachment_store_delete(struct db *db, int64_t id, const char *at, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "UPDATE project_attachments SET deleted = 1, deleted_at = ? "
	                                    "WHERE id = ? AND deleted = 0");
	db_bind_text(st, 1, at);
	db_bind_int(st, 2, id);
	if (db_exec_stmt(st, e))
		return -1;
	return db_changes(db) == 0 ? 1 : 0;
}
