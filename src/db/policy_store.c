/* policy_store.c — SQL for the policy ledger. */
#include "db/policy_store.h"
#include "core/util.h"

const char *const policy_store_cols[] = { "doc_no", "title", "issuer", "issued_on", "period_from", "period_to",
	                                  "status", "body", "demo", "created_at", "updated_at", NULL };
const char *const policy_store_measure_cols[] = { "policy_id", "code", "kind", "seq", "title", "body",
	                                          "paragraph", NULL };
const char *const policy_store_target_cols[] = { "policy_id", "code", "seq", "name", "indicator", "unit",
	                                         "baseline_value", "baseline_year", "target_value", "deadline",
	                                         "direction", "source", "source_spec", NULL };

static const char *const bool_cols[] = { "demo", NULL };

static json_t *one_row(struct db_stmt *st, struct err *e)
{
	json_t *rec = NULL;
	err_clear(e);
	if (db_step(st, e) == DB_ROW)
		rec = db_row_json(st, bool_cols);
	db_reset(st);
	return rec;
}

static json_t *rows_of(struct db *db, const char *sql, int64_t id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, sql);
	db_bind_int(st, 1, id);
	return db_all_rows(st, bool_cols, e);
}

json_t *policy_store_list(struct db *db, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT p.id, p.doc_no, p.title, p.issuer, p.issued_on, p.period_from, p.period_to, p.status, p.demo,"
		" p.version, p.created_at, p.updated_at,"
		" (SELECT count(*) FROM policy_measures m WHERE m.policy_id = p.id) AS measures,"
		" (SELECT count(*) FROM policy_targets t WHERE t.policy_id = p.id) AS targets,"
		" (SELECT count(*) FROM tasks k JOIN policy_measures m ON m.id = k.measure_id"
		"   WHERE m.policy_id = p.id) AS tasks"
		" FROM policies p ORDER BY p.issued_on DESC, p.id DESC");
	return db_all_rows(st, bool_cols, e);
}

json_t *policy_store_get(struct db *db, int64_t id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, doc_no, title, issuer, issued_on, period_from, period_to,"
	                                    " status, body, demo, version, created_at, updated_at"
	                                    " FROM policies WHERE id = ?");
	db_bind_int(st, 1, id);
	return one_row(st, e);
}

int64_t policy_store_id_by_doc_no(struct db *db, const char *doc_no, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM policies WHERE doc_no = ?");
	db_bind_text(st, 1, doc_no);
	int rc = db_step(st, e);
	int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	return rc < 0 ? -1 : id;
}

/* Adds target_ids to each measure of the array, from one query over the policy's links. */
static int attach_targets(struct db *db, json_t *measures, int64_t policy_id, int64_t measure_id, struct err *e)
{
	struct db_stmt *st;
	json_t *links, *m, *l;
	size_t i, j;
	if (measure_id) {
		st = db_prepare(db, "SELECT measure_id, target_id FROM policy_measure_targets WHERE measure_id = ?"
		                    " ORDER BY target_id");
		db_bind_int(st, 1, measure_id);
	} else {
		st = db_prepare(db, "SELECT l.measure_id, l.target_id FROM policy_measure_targets l"
		                    " JOIN policy_measures m ON m.id = l.measure_id WHERE m.policy_id = ?"
		                    " ORDER BY l.target_id");
		db_bind_int(st, 1, policy_id);
	}
	if (!(links = db_all_rows(st, NULL, e)))
		return -1;
	json_array_foreach(measures, i, m) {
		json_t *ids = json_array();
		json_array_foreach(links, j, l) {
			if (json_equal(json_object_get(l, "measure_id"), json_object_get(m, "id")))
				json_array_append(ids, json_object_get(l, "target_id"));
		}
		json_object_set_new(m, "target_ids", ids);
	}
	json_decref(links);
	return 0;
}

#define MEASURE_SELECT \
	"SELECT m.id, m.policy_id, m.code, m.kind, m.seq, m.title, m.body, m.paragraph, m.version," \
	" (SELECT count(*) FROM tasks k WHERE k.measure_id = m.id) AS tasks FROM policy_measures m "

json_t *policy_store_measures(struct db *db, int64_t policy_id, struct err *e)
{
	json_t *rows = rows_of(db, MEASURE_SELECT "WHERE m.policy_id = ? ORDER BY m.seq, m.id", policy_id, e);
	if (rows && attach_targets(db, rows, policy_id, 0, e)) {
		json_decref(rows);
		rows = NULL;
	}
	return rows;
}

json_t *policy_store_measure_get(struct db *db, int64_t id, struct err *e)
{
	json_t *rows = rows_of(db, MEASURE_SELECT "WHERE m.id = ?", id, e), *m = NULL;
	err_clear(e);
	if (rows && json_array_size(rows) && !attach_targets(db, rows, 0, id, e))
		m = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return m;
}

int policy_store_link_targets(struct db *db, int64_t measure_id, const json_t *target_ids, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM policy_measure_targets WHERE measure_id = ?");
	size_t i;
	json_t *t;
	db_bind_int(st, 1, measure_id);
	if (db_exec_stmt(st, e))
		return -1;
	json_array_foreach(target_ids, i, t) {
		st = db_prepare(db, "INSERT INTO policy_measure_targets (measure_id, target_id) VALUES (?, ?)");
		db_bind_int(st, 1, measure_id);
		db_bind_int(st, 2, json_integer_value(t));
		if (db_exec_stmt(st, e))
			return -1;
	}
	return 0;
}

#define TARGET_SELECT \
	"SELECT id, policy_id, code, seq, name, indicator, unit, baseline_value, baseline_year, target_value," \
	" deadline, direction, source, source_spec, version FROM policy_targets "

json_t *policy_store_targets(struct db *db, int64_t policy_id, struct err *e)
{
	return rows_of(db, TARGET_SELECT "WHERE policy_id = ? ORDER BY seq, id", policy_id, e);
}

json_t *policy_store_target_get(struct db *db, int64_t id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, TARGET_SELECT "WHERE id = ?");
	db_bind_int(st, 1, id);
	return one_row(st, e);
}

int policy_store_add_entry(struct db *db, int64_t target_id, const char *as_of, int64_t value, const char *evidence,
                           const char *username, const char *at, int64_t *id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO target_entries (target_id, as_of, value, evidence, username, at)"
	                                    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
	db_bind_int(st, 1, target_id);
	db_bind_text(st, 2, as_of);
	db_bind_int(st, 3, value);
	db_bind_text(st, 4, evidence);
	db_bind_text(st, 5, username);
	db_bind_text(st, 6, at);
	int rc = db_step(st, e);
	*id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	return rc == DB_ROW ? 0 : -1;
}

json_t *policy_store_entries(struct db *db, int64_t target_id, struct err *e)
{
	return rows_of(db, "SELECT id, as_of, value, evidence, username, at FROM target_entries"
	                   " WHERE target_id = ? ORDER BY as_of, id", target_id, e);
}
