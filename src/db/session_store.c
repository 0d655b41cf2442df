/* session_store.c — SQL for sessions and sign-in throttling. */
#include "db/session_store.h"

int session_store_insert(struct db *db, const char *token_hash, int64_t user_id, const char *csrf,
                         const char *client, int64_t now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO sessions (token_hash, user_id, csrf_token, "
	                                    "client, created_at, last_seen) VALUES (?, ?, ?, ?, ?, ?)");
	db_bind_text(st, 1, token_hash);
	db_bind_int(st, 2, user_id);
	db_bind_text(st, 3, csrf);
	db_bind_text(st, 4, client);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, now);
	return db_exec_stmt(st, e);
}

json_t *session_store_get(struct db *db, const char *token_hash, struct err *e)
{
	static const char *const bools[] = { "active", NULL };
	struct db_stmt *st = db_prepare(db,
		"SELECT u.id, u.username, u.display_name, u.role, u.division, u.enterprise_id, "
		"u.department, u.active, u.version, u.created_at, u.updated_at, "
		"s.csrf_token, s.last_seen FROM sessions s JOIN users u ON u.id = s.user_id "
		"WHERE s.token_hash = ?");
	json_t *rec = NULL;
	err_clear(e);
	db_bind_text(st, 1, token_hash);
	if (db_step(st, e) == DB_ROW)
		rec = db_row_json(st, bools);
	db_reset(st);
	return rec;
}

int session_store_touch(struct db *db, const char *token_hash, int64_t now, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "UPDATE sessions SET last_seen = ? WHERE token_hash = ?");
	db_bind_int(st, 1, now);
	db_bind_text(st, 2, token_hash);
	return db_exec_stmt(st, e);
}

int session_store_delete(struct db *db, const char *token_hash, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM sessions WHERE token_hash = ?");
	db_bind_text(st, 1, token_hash);
	return db_exec_stmt(st, e);
}

int session_store_delete_user(struct db *db, int64_t user_id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM sessions WHERE user_id = ?");
	db_bind_int(st, 1, user_id);
	return db_exec_stmt(st, e);
}

int session_store_expire(struct db *db, int64_t idle_before, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM sessions WHERE last_seen < ?");
	db_bind_int(st, 1, idle_before);
	return db_exec_stmt(st, e);
}

int throttle_store_get(struct db *db, const char *key, int64_t *failures, int64_t *last_failure,
                       int64_t *locked_until, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT failures, last_failure, locked_until "
	                                    "FROM login_throttle WHERE key = ?");
	db_bind_text(st, 1, key);
	int rc = db_step(st, e);
	*failures = rc == DB_ROW ? db_col_int(st, 0) : 0;
	*last_failure = rc == DB_ROW ? db_col_int(st, 1) : 0;
	*locked_until = rc == DB_ROW ? db_col_int(st, 2) : 0;
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int throttle_store_put(struct db *db, const char *key, int64_t failures, int64_t last_failure,
                       int64_t locked_until, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO login_throttle (key, failures, last_failure, locked_until) VALUES (?, ?, ?, ?) "
		"ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, "
		"last_failure = excluded.last_failure, locked_until = excluded.locked_until");
	db_bind_text(st, 1, key);
	db_bind_int(st, 2, failures);
	db_bind_int(st, 3, last_failure);
	db_bind_int(st, 4, locked_until);
	return db_exec_stmt(st, e);
}

int throttle_store_clear(struct db *db, const char *key, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM login_throttle WHERE key = ?");
	db_bind_text(st, 1, key);
	return db_exec_stmt(st, e);
}
