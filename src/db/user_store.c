/* user_store.c — SQL for users. */
#include "db/user_store.h"
#include "core/strbuf.h"
#include "core/util.h"

static const char *const bool_cols[] = { "active", NULL };

#define USER_COLS "id, username, display_name, role, division, enterprise_id, department, " \
	"active, version, created_at, updated_at"

static json_t *one_row(struct db_stmt *st, struct err *e)
{
	json_t *rec = NULL;
	err_clear(e);
	if (db_step(st, e) == DB_ROW)
		rec = db_row_json(st, bool_cols);
	db_reset(st);
	return rec;
}

json_t *user_store_get(struct db *db, int64_t id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT " USER_COLS " FROM users WHERE id = ?");
	db_bind_int(st, 1, id);
	return one_row(st, e);
}

json_t *user_store_by_name(struct db *db, const char *username, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT " USER_COLS ", password_hash FROM users "
	                                    "WHERE username = ?");
	db_bind_text(st, 1, username);
	return one_row(st, e);
}

static const char *const write_cols[] = { "username", "display_name", "password_hash", "role",
	                                  "division", "enterprise_id", "department", "active",
	                                  "updated_at" };

int user_store_insert(struct db *db, const json_t *rec, int64_t *id, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO users (username, display_name, password_hash, role, division, "
		"enterprise_id, department, active, updated_at, created_at, version) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id");
	for (size_t i = 0; i < ARRAY_SIZE(write_cols); i++)
		db_bind_json(st, (int)i + 1, json_object_get(rec, write_cols[i]));
	db_bind_json(st, (int)ARRAY_SIZE(write_cols) + 1, json_object_get(rec, "updated_at"));
	int rc = db_step(st, e);
	*id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	return rc == DB_ROW ? 0 : -1;
}

int user_store_update(struct db *db, int64_t id, int64_t version, const json_t *rec, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE users SET username = ?, display_name = ?, password_hash = ?, role = ?, "
		"division = ?, enterprise_id = ?, department = ?, active = ?, updated_at = ?, "
		"version = version + 1 WHERE id = ? AND version = ?");
	for (size_t i = 0; i < ARRAY_SIZE(write_cols); i++)
		db_bind_json(st, (int)i + 1, json_object_get(rec, write_cols[i]));
	db_bind_int(st, (int)ARRAY_SIZE(write_cols) + 1, id);
	db_bind_int(st, (int)ARRAY_SIZE(write_cols) + 2, version);
	if (db_exec_stmt(st, e))
		return -1;
	return db_changes(db) ? 0 : 1;
}

int user_store_list(struct db *db, const char *q, int64_t limit, int64_t offset, json_t **items,
                    int64_t *total, struct err *e)
{
	struct strbuf like = STRBUF_INIT;
	struct db_stmt *st;
	int rc;
	db_like_pattern(&like, q ? q : "", true, true);
	*items = NULL;
	st = db_prepare(db, "SELECT count(*) FROM users WHERE lower(username) LIKE ? ESCAPE '\\' "
	                    "OR lower(display_name) LIKE ? ESCAPE '\\'");
	db_bind_text(st, 1, like.buf);
	db_bind_text(st, 2, like.buf);
	rc = db_step(st, e);
	*total = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	if (rc != DB_ROW) {
		strbuf_release(&like);
		return -1;
	}
	st = db_prepare(db, "SELECT " USER_COLS " FROM users WHERE lower(username) LIKE ? ESCAPE '\\' "
	                    "OR lower(display_name) LIKE ? ESCAPE '\\' ORDER BY id LIMIT ? OFFSET ?");
	db_bind_text(st, 1, like.buf);
	db_bind_text(st, 2, like.buf);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset);
	*items = json_array();
	while ((rc = db_step(st, e)) == DB_ROW)
		json_array_append_new(*items, db_row_json(st, bool_cols));
	db_reset(st);
	strbuf_release(&like);
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		return -1;
	}
	return 0;
}
