/* ref_store.c — SQL for the reference tables and settings. */
#include "db/ref_store.h"
#include "core/util.h"
#include <string.h>

static const struct {
	const char *put, *list, *get, *by_name;
	int ncols;
	const char *const *bools;
} ref_sql[REF__COUNT] = {
	[REF_DIVISION] = {
		"INSERT INTO divisions (code, name, level, parent) VALUES (?, ?, ?, ?) "
		"ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent",
		"SELECT code, name, level, parent FROM divisions ORDER BY code",
		"SELECT code, name, level, parent FROM divisions WHERE code = ?",
		"SELECT code FROM divisions WHERE name = ? ORDER BY code LIMIT 1", 4, NULL },
	[REF_INDUSTRY] = {
		"INSERT INTO industries (code, name, level, parent) VALUES (?, ?, ?, ?) "
		"ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent = excluded.parent",
		"SELECT code, name, level, parent, machinery FROM industries ORDER BY code",
		"SELECT code, name, level, parent, machinery FROM industries WHERE code = ?",
		"SELECT code FROM industries WHERE name = ? AND level = 'class' LIMIT 1", 4,
		(const char *const[]){ "machinery", NULL } },
	[REF_FIELD] = {
		"INSERT INTO fields (code, name, kind, seq) VALUES (?, ?, ?, ?) "
		"ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, seq = excluded.seq",
		"SELECT code, name, kind FROM fields ORDER BY seq, code",
		"SELECT code, name, kind FROM fields WHERE code = ?",
		"SELECT code FROM fields WHERE name = ?", 4, NULL },
	[REF_BASE] = {
		"INSERT INTO bases (code, name, kind, division, seq) VALUES (?, ?, ?, ?, ?) "
		"ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
		"division = excluded.division, seq = excluded.seq",
		"SELECT code, name, kind, division FROM bases ORDER BY seq, code",
		"SELECT code, name, kind, division FROM bases WHERE code = ?",
		"SELECT code FROM bases WHERE name = ?", 5, NULL },
	[REF_DEPARTMENT] = {
		"INSERT INTO departments (code, name, short_name, seq) VALUES (?, ?, ?, ?) "
		"ON CONFLICT (code) DO UPDATE SET name = excluded.name, short_name = excluded.short_name, seq = excluded.seq",
		"SELECT code, name, short_name FROM departments ORDER BY seq, code",
		"SELECT code, name, short_name FROM departments WHERE code = ?",
		"SELECT code FROM departments WHERE name = ? OR short_name = ? LIMIT 1", 4, NULL },
	[REF_PROJECT_CATEGORY] = {
		"INSERT INTO project_categories (code, name, seq) VALUES (?, ?, ?) "
		"ON CONFLICT (code) DO UPDATE SET name = excluded.name, seq = excluded.seq",
		"SELECT code, name FROM project_categories ORDER BY seq, code",
		"SELECT code, name FROM project_categories WHERE code = ?",
		"SELECT code FROM project_categories WHERE name = ?", 3, NULL },
	[REF_POLICY_ITEM] = {
		"INSERT INTO policy_items (code, kind, name, goal, unit, seq) VALUES (?, ?, ?, ?, ?, ?) "
		"ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, name = excluded.name, goal = excluded.goal, "
		"unit = excluded.unit, seq = excluded.seq",
		"SELECT code, kind, name, goal, unit FROM policy_items ORDER BY seq, code",
		"SELECT code, kind, name, goal, unit FROM policy_items WHERE code = ?",
		"SELECT code FROM policy_items WHERE name = ?", 6, NULL },
};

int ref_store_put(struct db *db, enum ref_kind kind, const char *const *cols, struct err *e)
{
	struct db_stmt *st = db_prepare(db, ref_sql[kind].put);
	for (int i = 0; i < ref_sql[kind].ncols; i++) {
		/* An empty parent or division is NULL: the tree's root. */
		db_bind_text(st, i + 1, cols[i] && *cols[i] ? cols[i] : NULL);
	}
	return db_exec_stmt(st, e);
}

json_t *ref_store_list(struct db *db, enum ref_kind kind, struct err *e)
{
	struct db_stmt *st = db_prepare(db, ref_sql[kind].list);
	return db_all_rows(st, ref_sql[kind].bools, e);
}

json_t *ref_store_get(struct db *db, enum ref_kind kind, const char *code, struct err *e)
{
	struct db_stmt *st = db_prepare(db, ref_sql[kind].get);
	json_t *row = NULL;
	err_clear(e);
	db_bind_text(st, 1, code);
	int rc = db_step(st, e);
	if (rc == DB_ROW)
		row = db_row_json(st, ref_sql[kind].bools);
	db_reset(st);
	return row;
}

int ref_store_code_by_name(struct db *db, enum ref_kind kind, const char *name, char code[32], struct err *e)
{
	struct db_stmt *st = db_prepare(db, ref_sql[kind].by_name);
	db_bind_text(st, 1, name);
	if (kind == REF_DEPARTMENT)
		db_bind_text(st, 2, name);
	int rc = db_step(st, e);
	if (rc == DB_ROW)
		strlcpy_(code, db_col_text(st, 0), 32);
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW ? 0 : 1;
}

int ref_store_set_machinery(struct db *db, const char *division, struct err *e)
{
	/* Codes descend by prefix: C34 → groups 34x → classes 34xx. */
	struct db_stmt *st = db_prepare(db, "UPDATE industries SET machinery = 1 "
	                                    "WHERE code = ? OR substr(code, 1, 2) = ?");
	db_bind_text(st, 1, division);
	db_bind_text(st, 2, division[0] == 'C' ? division + 1 : division);
	return db_exec_stmt(st, e);
}

int settings_get(struct db *db, const char *key, char *value, size_t size, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT value FROM settings WHERE key = ?");
	db_bind_text(st, 1, key);
	int rc = db_step(st, e);
	if (rc == DB_ROW)
		strlcpy_(value, db_col_text(st, 0), size);
	db_reset(st);
	return rc < 0 ? -1 : rc == DB_ROW ? 0 : 1;
}

int settings_put(struct db *db, const char *key, const char *value, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO settings (key, value) VALUES (?, ?) "
	                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	db_bind_text(st, 1, key);
	db_bind_text(st, 2, value);
	return db_exec_stmt(st, e);
}
