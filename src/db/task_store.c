/* task_store.c — SQL for tasks and task updates. */
#include "db/task_store.h"
#include "core/strbuf.h"

const char *const task_store_cols[] = { "measure_id", "title", "body", "lead_department", "supporting",
	                                "deadline", "status", "percent", "completed_on", "evidence",
	                                "last_update_on", "created_at", "updated_at", NULL };

#define TASK_SELECT \
	"SELECT k.id, k.measure_id, m.code AS measure_code, m.title AS measure_title, m.policy_id, k.title," \
	" k.body, k.lead_department, k.supporting, k.deadline, k.status, k.percent, k.completed_on, k.evidence," \
	" k.last_update_on, k.version, k.created_at, k.updated_at" \
	" FROM tasks k JOIN policy_measures m ON m.id = k.measure_id "

json_t *task_store_list(struct db *db, const struct task_filter *f, struct err *e)
{
	struct strbuf sql = STRBUF_INIT, like = STRBUF_INIT;
	struct db_stmt *st;
	int n = 0;
	strbuf_addstr(&sql, TASK_SELECT "WHERE 1 = 1");
	if (f->policy_id)
		strbuf_addstr(&sql, " AND m.policy_id = ?");
	if (f->measure_id)
		strbuf_addstr(&sql, " AND k.measure_id = ?");
	/* supporting is a JSON array of codes, ["fg","cz"]: the quoted code is a whole element. */
	if (f->department)
		strbuf_addstr(&sql, " AND (k.lead_department = ? OR k.supporting LIKE ? ESCAPE '\\')");
	if (f->status)
		strbuf_addstr(&sql, " AND k.status = ?");
	strbuf_addstr(&sql, " ORDER BY k.deadline, k.id");
	st = db_prepare(db, sql.buf);
	strbuf_release(&sql);
	if (f->policy_id)
		db_bind_int(st, ++n, f->policy_id);
	if (f->measure_id)
		db_bind_int(st, ++n, f->measure_id);
	if (f->department) {
		struct strbuf quoted = STRBUF_INIT;
		strbuf_addf(&quoted, "\"%s\"", f->department);
		db_like_pattern(&like, quoted.buf, true, false);
		strbuf_release(&quoted);
		db_bind_text(st, ++n, f->department);
		db_bind_text(st, ++n, like.buf);
	}
	if (f->status)
		db_bind_text(st, ++n, f->status);
	json_t *rows = db_all_rows(st, NULL, e);
	strbuf_release(&like);
	return rows;
}

json_t *task_store_get(struct db *db, int64_t id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, TASK_SELECT "WHERE k.id = ?");
	json_t *rec = NULL;
	db_bind_int(st, 1, id);
	err_clear(e);
	if (db_step(st, e) == DB_ROW)
		rec = db_row_json(st, NULL);
	db_reset(st);
	return rec;
}

int task_store_add_update(struct db *db, int64_t task_id, const json_t *u, int64_t *id, struct err *e)
{
	static const char *const cols[] = { "task_id", "at", "on_day", "username", "department", "body",
		                            "percent", "evidence", NULL };
	json_t *rec = json_deep_copy(u);
	json_object_set_new(rec, "task_id", json_integer(task_id));
	int rc = db_insert_record(db, "task_updates", cols, rec, id, e);
	json_decref(rec);
	return rc;
}

json_t *task_store_updates(struct db *db, int64_t task_id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, at, on_day, username, department, body, percent, evidence"
	                                    " FROM task_updates WHERE task_id = ? ORDER BY id");
	db_bind_int(st, 1, task_id);
	return db_all_rows(st, NULL, e);
}
