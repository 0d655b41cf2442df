/* project_store.c — SQL for key projects and their child rows. */
#include "db/project_store.h"
#include "core/strbuf.h"
#include "core/util.h"
#include <string.h>

static const char *const bool_cols[] = { "national", NULL };

#define PROJECT_COLS \
	"p.id, p.enterprise_id, e.name AS enterprise_name, p.name, p.division, d.name AS division_name, " \
	"p.base, p.category, p.field, p.target, p.measure, p.content, p.total_fen, p.start_date, " \
	"p.end_date, p.expected_output_fen, p.expected_revenue_fen, p.expected_jobs, p.national, " \
	"p.contact, p.phone, p.status, p.accepted_date, p.acceptance_result, p.final_investment_fen, " \
	"p.termination_reason, p.version, p.created_at, p.updated_at "
#define PROJECT_FROM \
	"FROM projects p JOIN enterprises e ON e.id = p.enterprise_id JOIN divisions d ON d.code = p.division "

/* Scalar columns a write sets, in bind order. */
static const char *const write_cols[] = {
	"enterprise_id", "name", "division", "base", "category", "field", "target", "measure", "content",
	"total_fen", "start_date", "end_date", "expected_output_fen", "expected_revenue_fen", "expected_jobs",
	"national", "contact", "phone", "status", "accepted_date", "acceptance_result",
	"final_investment_fen", "termination_reason", "updated_at",
};

static int load_children(struct db *db, json_t *rec, struct err *e)
{
	static const struct {
		const char *key, *sql;
	} kids[] = {
		{ "funding", "SELECT source, amount_fen FROM project_funding WHERE project_id = ? ORDER BY source" },
		{ "plan", "SELECT year, amount_fen FROM project_plan WHERE project_id = ? ORDER BY year" },
		{ "milestones", "SELECT id, name, planned_date, actual_date FROM project_milestones "
		                "WHERE project_id = ? ORDER BY seq, id" },
	};
	int64_t id = json_integer_value(json_object_get(rec, "id"));
	for (size_t k = 0; k < ARRAY_SIZE(kids); k++) {
		struct db_stmt *st = db_prepare(db, kids[k].sql);
		db_bind_int(st, 1, id);
		json_t *arr = db_all_rows(st, NULL, e);
		if (!arr)
			return -1;
		json_object_set_new(rec, kids[k].key, arr);
	}
	return 0;
}

static json_t *get_one(struct db *db, int64_t id, bool children, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT " PROJECT_COLS PROJECT_FROM "WHERE p.id = ?");
	json_t *rec = NULL;
	err_clear(e);
	db_bind_int(st, 1, id);
	if (db_step(st, e) == DB_ROW)
		rec = db_row_json(st, bool_cols);
	db_reset(st);
	if (rec && children && load_children(db, rec, e)) {
		json_decref(rec);
		return NULL;
	}
	return rec;
}

json_t *project_store_get(struct db *db, int64_t id, struct err *e)
{
	return get_one(db, id, true, e);
}

json_t *project_store_get_row(struct db *db, int64_t id, struct err *e)
{
	return get_one(db, id, false, e);
}

static void bind_record(struct db_stmt *st, const json_t *rec)
{
	for (size_t i = 0; i < ARRAY_SIZE(write_cols); i++)
		db_bind_json(st, (int)i + 1, json_object_get(rec, write_cols[i]));
}

static int write_children(struct db *db, int64_t id, const json_t *rec, struct err *e)
{
	size_t i;
	json_t *v;
	struct db_stmt *st = db_prepare(db, "DELETE FROM project_funding WHERE project_id = ?");
	db_bind_int(st, 1, id);
	if (db_exec_stmt(st, e))
		return -1;
	json_array_foreach(json_object_get(rec, "funding"), i, v) {
		st = db_prepare(db, "INSERT INTO project_funding (project_id, source, amount_fen) VALUES (?, ?, ?)");
		db_bind_int(st, 1, id);
		db_bind_json(st, 2, json_object_get(v, "source"));
		db_bind_json(st, 3, json_object_get(v, "amount_fen"));
		if (db_exec_stmt(st, e))
			return -1;
	}
	st = db_prepare(db, "DELETE FROM project_plan WHERE project_id = ?");
	db_bind_int(st, 1, id);
	if (db_exec_stmt(st, e))
		return -1;
	json_array_foreach(json_object_get(rec, "plan"), i, v) {
		st = db_prepare(db, "INSERT INTO project_plan (project_id, year, amount_fen) VALUES (?, ?, ?)");
		db_bind_int(st, 1, id);
		db_bind_json(st, 2, json_object_get(v, "year"));
		db_bind_json(st, 3, json_object_get(v, "amount_fen"));
		if (db_exec_stmt(st, e))
			return -1;
	}
	/* Milestones keep their ids (reports refer to them): update those given with an
	 * id, add the new, drop the ones no longer listed. */
	struct strbuf keep = STRBUF_INIT;
	strbuf_addstr(&keep, "0");
	json_array_foreach(json_object_get(rec, "milestones"), i, v) {
		json_t *mid = json_object_get(v, "id");
		if (json_is_integer(mid)) {
			st = db_prepare(db, "UPDATE project_milestones SET name = ?, planned_date = ?, actual_date = ?, "
			                    "seq = ? WHERE id = ? AND project_id = ?");
			db_bind_json(st, 1, json_object_get(v, "name"));
			db_bind_json(st, 2, json_object_get(v, "planned_date"));
			db_bind_json(st, 3, json_object_get(v, "actual_date"));
			db_bind_int(st, 4, (int64_t)i);
			db_bind_int(st, 5, json_integer_value(mid));
			db_bind_int(st, 6, id);
			if (db_exec_stmt(st, e))
				goto fail;
			strbuf_addf(&keep, ",%lld", (long long)json_integer_value(mid));
		} else {
			st = db_prepare(db, "INSERT INTO project_milestones (project_id, name, planned_date, actual_date, seq) "
			                    "VALUES (?, ?, ?, ?, ?) RETURNING id");
			db_bind_int(st, 1, id);
			db_bind_json(st, 2, json_object_get(v, "name"));
			db_bind_json(st, 3, json_object_get(v, "planned_date"));
			db_bind_json(st, 4, json_object_get(v, "actual_date"));
			db_bind_int(st, 5, (int64_t)i);
			int rc = db_step(st, e);
			if (rc == DB_ROW)
				strbuf_addf(&keep, ",%lld", (long long)db_col_int(st, 0));
			db_reset(st);
			if (rc != DB_ROW)
				goto fail;
		}
	}
	/* The kept ids are integers this function wrote: no user text in the SQL. */
	struct strbuf del = STRBUF_INIT;
	strbuf_addf(&del, "DELETE FROM project_milestones WHERE project_id = ? AND id NOT IN (%s)", keep.buf);
	st = db_prepare(db, del.buf);
	strbuf_release(&del);
	db_bind_int(st, 1, id);
	if (db_exec_stmt(st, e))
		goto fail;
	strbuf_release(&keep);
	return 0;
fail:
	strbuf_release(&keep);
	return -1;
}

int project_store_insert(struct db *db, const json_t *rec, int64_t *id, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO projects (enterprise_id, name, division, base, category, field, target, measure, "
		"content, total_fen, start_date, end_date, expected_output_fen, expected_revenue_fen, expected_jobs, "
		"national, contact, phone, status, accepted_date, acceptance_result, final_investment_fen, "
		"termination_reason, updated_at, created_at, version) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id");
	bind_record(st, rec);
	db_bind_json(st, (int)ARRAY_SIZE(write_cols) + 1, json_object_get(rec, "updated_at"));
	int rc = db_step(st, e);
	*id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	if (rc != DB_ROW)
		return -1;
	return write_children(db, *id, rec, e);
}

int project_store_update(struct db *db, int64_t id, int64_t version, const json_t *rec, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE projects SET enterprise_id = ?, name = ?, division = ?, base = ?, category = ?, field = ?, "
		"target = ?, measure = ?, content = ?, total_fen = ?, start_date = ?, end_date = ?, "
		"expected_output_fen = ?, expected_revenue_fen = ?, expected_jobs = ?, national = ?, contact = ?, "
		"phone = ?, status = ?, accepted_date = ?, acceptance_result = ?, final_investment_fen = ?, "
		"termination_reason = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?");
	bind_record(st, rec);
	db_bind_int(st, (int)ARRAY_SIZE(write_cols) + 1, id);
	db_bind_int(st, (int)ARRAY_SIZE(write_cols) + 2, version);
	if (db_exec_stmt(st, e))
		return -1;
	if (db_changes(db) == 0)
		return 1;
	return write_children(db, id, rec, e);
}

static const char *const sort_cols[] = { "name", "total_fen", "start_date", "updated_at", "id" };

int project_store_list(struct db *db, const struct project_filter *f, json_t **items, int64_t *total,
                       struct err *e)
{
	struct strbuf where = STRBUF_INIT, sql = STRBUF_INIT, like = STRBUF_INIT;
	const char *text[16];
	int64_t num[16];
	bool is_num[16];
	int n = 0, rc = -1, r;
	const char *sort = "updated_at";
	*items = NULL;
#define COND(c) strbuf_addstr(&where, where.len ? " AND " c : " WHERE " c)
#define TEXT(v) (is_num[n] = false, text[n++] = (v))
#define NUM(v) (is_num[n] = true, num[n++] = (v))
	if (f->scope_enterprise) {
		COND("p.enterprise_id = ?");
		NUM(f->scope_enterprise);
	}
	if (f->scope_lo && *f->scope_lo) {
		COND("p.division BETWEEN ? AND ?");
		TEXT(f->scope_lo);
		TEXT(f->scope_hi);
	}
	if (f->div_lo && *f->div_lo) {
		COND("p.division BETWEEN ? AND ?");
		TEXT(f->div_lo);
		TEXT(f->div_hi);
	}
	if (f->category && *f->category) {
		COND("p.category = ?");
		TEXT(f->category);
	}
	if (f->field && *f->field) {
		COND("p.field = ?");
		TEXT(f->field);
	}
	if (f->base && *f->base) {
		COND("p.base = ?");
		TEXT(f->base);
	}
	if (f->status && *f->status) {
		COND("p.status = ?");
		TEXT(f->status);
	}
	if (f->enterprise_id) {
		COND("p.enterprise_id = ?");
		NUM(f->enterprise_id);
	}
	if (f->year) {
		COND("EXISTS (SELECT 1 FROM project_plan pp WHERE pp.project_id = p.id AND pp.year = ?)");
		NUM(f->year);
	}
	if (f->ids) /* integers the domain wrote, never the user's text */
		strbuf_addf(&where, "%sp.id IN (%s)", where.len ? " AND " : " WHERE ", f->ids);
	if (f->national >= 0) {
		COND("p.national = ?");
		NUM(f->national);
	}
	if (f->q && *f->q) {
		db_like_pattern(&like, f->q, true, false);
		COND("(lower(p.name) LIKE ? ESCAPE '\\' OR lower(e.name) LIKE ? ESCAPE '\\')");
		TEXT(like.buf);
		TEXT(like.buf);
	}
#undef COND
	for (size_t i = 0; i < ARRAY_SIZE(sort_cols); i++)
		if (f->sort && !strcmp(f->sort, sort_cols[i]))
			sort = sort_cols[i];

	strbuf_addf(&sql, "SELECT count(*) FROM projects p JOIN enterprises e ON e.id = p.enterprise_id%s", where.buf);
	struct db_stmt *(*prepare)(struct db *, const char *) = f->ids ? db_prepare_once : db_prepare;
	struct db_stmt *st = prepare(db, sql.buf);
	for (int i = 0; i < n; i++)
		is_num[i] ? db_bind_int(st, i + 1, num[i]) : db_bind_text(st, i + 1, text[i]);
	r = db_step(st, e);
	*total = r == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	if (r != DB_ROW)
		goto out;
	strbuf_reset(&sql);
	strbuf_addf(&sql, "SELECT " PROJECT_COLS PROJECT_FROM "%s ORDER BY p.%s %s, p.id %s", where.buf, sort,
	            f->desc ? "DESC" : "ASC", f->desc ? "DESC" : "ASC");
	if (f->limit) {
		strbuf_addstr(&sql, " LIMIT ? OFFSET ?");
		NUM(f->limit);
		NUM(f->offset);
	}
#undef TEXT
#undef NUM
	st = prepare(db, sql.buf);
	for (int i = 0; i < n; i++)
		is_num[i] ? db_bind_int(st, i + 1, num[i]) : db_bind_text(st, i + 1, text[i]);
	*items = json_array();
	while ((r = db_step(st, e)) == DB_ROW)
		json_array_append_new(*items, db_row_json(st, bool_cols));
	db_reset(st);
	if (r < 0)
		goto out;
	size_t i;
	json_t *rec;
	json_array_foreach(*items, i, rec) {
		if (load_children(db, rec, e))
			goto out;
	}
	rc = 0;
out:
	if (rc) {
		json_decref(*items);
		*items = NULL;
	}
	strbuf_release(&where);
	strbuf_release(&sql);
	strbuf_release(&like);
	return rc;
}

int project_store_add_event(struct db *db, int64_t id, const char *at, const char *on_day, const char *user,
                            const char *action, const char *from, const char *to, const char *comment, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO project_events (project_id, at, on_day, username, action, "
	                                    "from_status, to_status, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, at);
	db_bind_text(st, 3, on_day);
	db_bind_text(st, 4, user);
	db_bind_text(st, 5, action);
	db_bind_text(st, 6, from);
	db_bind_text(st, 7, to);
	db_bind_text(st, 8, comment ? comment : "");
	return db_exec_stmt(st, e);
}

json_t *project_store_events(struct db *db, int64_t id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT at, on_day, username AS \"user\", action, from_status AS \"from\", "
	                                    "to_status AS \"to\", comment FROM project_events "
	                                    "WHERE project_id = ? ORDER BY id");
	db_bind_int(st, 1, id);
	return db_all_rows(st, NULL, e);
}
