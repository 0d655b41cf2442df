/* project_change_store.c — SQL for change requests to approved projects. */
#include "db/project_change_store.h"

#define CHANGE_COLS "id, project_id, base_version, approved_json, requested_json, fields, reason, status, " \
	"requested_by, requester_role, requested_at, decided_by, decided_at, comment"

int project_change_store_insert(struct db *db, const json_t *rec, int64_t *id, struct err *e)
{
	static const char *const cols[] = { "project_id", "base_version", "approved_json", "requested_json", "fields",
		                            "reason", "requested_by", "requester_role", "requested_at" };
	struct db_stmt *st = db_prepare(db, "INSERT INTO project_changes (project_id, base_version, approved_json, "
	                                    "requested_json, fields, reason, requested_by, requester_role, requested_at, "
	                                    "status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending') RETURNING id");
	for (int i = 0; i < 9; i++)
		db_bind_json(st, i + 1, json_object_get(rec, cols[i]));
	int rc = db_step(st, e);
	*id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	return rc == DB_ROW ? 0 : -1;
}

json_t *project_change_store_list(struct db *db, int64_t project_id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT " CHANGE_COLS " FROM project_changes WHERE project_id = ? "
	                                    "ORDER BY id DESC");
	db_bind_int(st, 1, project_id);
	return db_all_rows(st, NULL, e);
}

json_t *project_change_store_get(struct db *db, int64_t project_id, int64_t id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT " CHANGE_COLS " FROM project_changes WHERE id = ? AND project_id = ?");
	json_t *rec = NULL;
	err_clear(e);
	db_bind_int(st, 1, id);
	db_bind_int(st, 2, project_id);
	if (db_step(st, e) == DB_ROW)
		rec = db_row_json(st, NULL);
	db_reset(st);
	return rec;
}

int64_t project_change_store_pending(struct db *db, int64_t project_id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM project_changes WHERE project_id = ? AND status = 'pending'");
	db_bind_int(st, 1, project_id);
	int rc = db_step(st, e);
	int64_t id = rc == DB_ROW ? db_col_int(st, 0) : rc == DB_DONE ? 0 : -1;
	db_reset(st);
	return id;
}

int project_change_store_decide(struct db *db, int64_t id, const char *status, const char *by, const char *at,
                                const char *comment, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "UPDATE project_changes SET status = ?, decided_by = ?, decided_at = ?, "
	                                    "comment = ? WHERE id = ? AND status = 'pending'");
	db_bind_text(st, 1, status);
	db_bind_text(st, 2, by);
	db_bind_text(st, 3, at);
	db_bind_text(st, 4, comment);
	db_bind_int(st, 5, id);
	if (db_exec_stmt(st, e))
		return -1;
	return db_changes(db) == 0 ? 1 : 0;
}
