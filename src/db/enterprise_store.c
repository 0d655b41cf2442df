/* enterprise_store.c — SQL for enterprises and their key fields. */
#include "db/enterprise_store.h"
#include "core/strbuf.h"
#include "core/util.h"
#include <string.h>

static const char *const bool_cols[] = { "above_size", "exporter", "archived", NULL };

/* The columns a write sets, in bind order; the record's keys have these names. */
static const char *const write_cols[] = {
	"credit_code", "name", "short_name", "pinyin", "division", "address", "industry", "base",
	"ownership", "scale", "above_size", "high_tech_cert", "high_tech_date", "exporter",
	"legal_rep", "contact", "phone", "founded", "employees", "archived", "updated_at",
};

#define SELECT_COLS \
	"e.id, e.credit_code, e.name, e.short_name, e.division, d.name AS division_name, e.address, " \
	"e.industry, i.name AS industry_name, e.base, e.ownership, e.scale, e.above_size, " \
	"e.high_tech_cert, e.high_tech_date, e.exporter, e.legal_rep, e.contact, e.phone, e.founded, " \
	"e.employees, e.version, e.archived, e.created_at, e.updated_at "
#define FROM_JOINS \
	"FROM enterprises e JOIN divisions d ON d.code = e.division " \
	"JOIN industries i ON i.code = e.industry "

static int load_fields(struct db *db, json_t *rec, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT ef.field FROM enterprise_fields ef "
	                                    "JOIN fields f ON f.code = ef.field "
	                                    "WHERE ef.enterprise_id = ? ORDER BY f.seq");
	json_t *arr = json_array();
	int rc;
	db_bind_int(st, 1, json_integer_value(json_object_get(rec, "id")));
	while ((rc = db_step(st, e)) == DB_ROW)
		json_array_append_new(arr, json_string(db_col_text(st, 0)));
	db_reset(st);
	json_object_set_new(rec, "fields", arr);
	return rc < 0 ? -1 : 0;
}

json_t *enterprise_store_get(struct db *db, int64_t id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT " SELECT_COLS FROM_JOINS "WHERE e.id = ?");
	json_t *rec = NULL;
	err_clear(e);
	db_bind_int(st, 1, id);
	if (db_step(st, e) == DB_ROW)
		rec = db_row_json(st, bool_cols);
	db_reset(st);
	if (rec && load_fields(db, rec, e)) {
		json_decref(rec);
		return NULL;
	}
	return rec;
}

int64_t enterprise_store_id_by_code(struct db *db, const char *code, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id FROM enterprises WHERE credit_code = ?");
	db_bind_text(st, 1, code);
	int rc = db_step(st, e);
	int64_t id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	return rc < 0 ? -1 : id;
}

/* Copies text into a fixed buffer; false when it does not fit. */
static bool copy_fits(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size)
		return false;
	memcpy(dst, src, n + 1);
	return true;
}

int enterprise_store_brief_by_code(struct db *db, const char *code, struct enterprise_brief *b, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT e.id, e.division, e.industry, coalesce(e.base, ''), "
	                                    "coalesce(e.scale, ''), e.archived, e.above_size, coalesce(i.machinery, 0) "
	                                    "FROM enterprises e LEFT JOIN industries i ON i.code = e.industry "
	                                    "WHERE e.credit_code = ?");
	bool fits = true;
	memset(b, 0, sizeof(*b));
	db_bind_text(st, 1, code);
	int rc = db_step(st, e);
	if (rc == DB_ROW) {
		b->id = db_col_int(st, 0);
		fits = copy_fits(b->division, sizeof(b->division), db_col_text(st, 1)) &&
		       copy_fits(b->industry, sizeof(b->industry), db_col_text(st, 2)) &&
		       copy_fits(b->base, sizeof(b->base), db_col_text(st, 3)) &&
		       copy_fits(b->scale, sizeof(b->scale), db_col_text(st, 4));
		b->archived = db_col_int(st, 5) != 0;
		b->above_size = db_col_int(st, 6) != 0;
		b->machinery = db_col_int(st, 7) != 0;
	}
	db_reset(st);
	if (rc != DB_ROW || !fits)
		return rc < 0 ? -1 : 0;
	st = db_prepare(db, "SELECT field FROM enterprise_fields WHERE enterprise_id = ? ORDER BY field");
	db_bind_int(st, 1, b->id);
	while ((rc = db_step(st, e)) == DB_ROW && fits) {
		fits = b->nfields < ENTERPRISE_BRIEF_FIELDS &&
		       copy_fits(b->fields[b->nfields], sizeof(b->fields[0]), db_col_text(st, 0));
		b->nfields += fits;
	}
	db_reset(st);
	return rc < 0 ? -1 : fits;
}

static int write_fields(struct db *db, int64_t id, const json_t *fields, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "DELETE FROM enterprise_fields WHERE enterprise_id = ?");
	size_t i;
	json_t *f;
	db_bind_int(st, 1, id);
	if (db_exec_stmt(st, e))
		return -1;
	json_array_foreach(fields, i, f) {
		st = db_prepare(db, "INSERT INTO enterprise_fields (enterprise_id, field) VALUES (?, ?) "
		                    "ON CONFLICT DO NOTHING");
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, json_string_value(f));
		if (db_exec_stmt(st, e))
			return -1;
	}
	return 0;
}

static void bind_record(struct db_stmt *st, const json_t *rec)
{
	for (size_t i = 0; i < ARRAY_SIZE(write_cols); i++)
		db_bind_json(st, (int)i + 1, json_object_get(rec, write_cols[i]));
}

int enterprise_store_insert(struct db *db, const json_t *rec, int64_t *id, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO enterprises (credit_code, name, short_name, pinyin, division, address, "
		"industry, base, ownership, scale, above_size, high_tech_cert, high_tech_date, exporter, "
		"legal_rep, contact, phone, founded, employees, archived, updated_at, created_at, version) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id");
	bind_record(st, rec);
	db_bind_json(st, (int)ARRAY_SIZE(write_cols) + 1, json_object_get(rec, "updated_at"));
	int rc = db_step(st, e);
	*id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	if (rc != DB_ROW)
		return -1;
	return write_fields(db, *id, json_object_get(rec, "fields"), e);
}

int enterprise_store_update(struct db *db, int64_t id, int64_t version, const json_t *rec, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE enterprises SET credit_code = ?, name = ?, short_name = ?, pinyin = ?, "
		"division = ?, address = ?, industry = ?, base = ?, ownership = ?, scale = ?, "
		"above_size = ?, high_tech_cert = ?, high_tech_date = ?, exporter = ?, legal_rep = ?, "
		"contact = ?, phone = ?, founded = ?, employees = ?, archived = ?, updated_at = ?, "
		"version = version + 1 WHERE id = ? AND version = ?");
	bind_record(st, rec);
	db_bind_int(st, (int)ARRAY_SIZE(write_cols) + 1, id);
	db_bind_int(st, (int)ARRAY_SIZE(write_cols) + 2, version);
	if (db_exec_stmt(st, e))
		return -1;
	if (db_changes(db) == 0)
		return 1;
	return write_fields(db, id, json_object_get(rec, "fields"), e);
}

/* Binds collected while the WHERE clause is written, applied in order. */
struct binds {
	const char *text[16]; /* NULL: the integer in num[] at the same index */
	int64_t num[16];
	int n;
};

static void bind_all(struct db_stmt *st, const struct binds *b)
{
	for (int i = 0; i < b->n; i++) {
		if (b->text[i])
			db_bind_text(st, i + 1, b->text[i]);
		else
			db_bind_int(st, i + 1, b->num[i]);
	}
}

static void add_cond(struct strbuf *where, struct binds *b, const char *cond, const char *v1,
                     const char *v2)
{
	strbuf_addstr(where, where->len ? " AND " : " WHERE ");
	strbuf_addstr(where, cond);
	if (v1)
		b->text[b->n++] = v1;
	if (v2)
		b->text[b->n++] = v2;
}

static const char *const sort_cols[] = { "name", "credit_code", "division", "employees",
	                                 "updated_at", "created_at", "id" };

int enterprise_store_list(struct db *db, const struct enterprise_filter *f, json_t **items,
                          int64_t *total, struct err *e)
{
	struct strbuf where = STRBUF_INIT, sql = STRBUF_INIT, any = STRBUF_INIT, code = STRBUF_INIT,
	              pin = STRBUF_INIT, pin2 = STRBUF_INIT, prefix = STRBUF_INIT;
	struct binds b;
	const char *sort = "name";
	int rc = -1;
	*items = NULL;
	memset(&b, 0, sizeof(b));

	for (size_t i = 0; i < ARRAY_SIZE(sort_cols); i++)
		if (f->sort && !strcmp(f->sort, sort_cols[i]))
			sort = sort_cols[i];
	if (f->archived >= 0)
		add_cond(&where, &b, f->archived ? "e.archived = 1" : "e.archived = 0", NULL, NULL);
	if (f->scope_enterprise) {
		add_cond(&where, &b, "e.id = ?", NULL, NULL);
		b.num[b.n++] = f->scope_enterprise;
	}
	if (f->scope_lo && *f->scope_lo)
		add_cond(&where, &b, "e.division BETWEEN ? AND ?", f->scope_lo, f->scope_hi);
	if (f->div_lo && *f->div_lo)
		add_cond(&where, &b, "e.division BETWEEN ? AND ?", f->div_lo, f->div_hi);
	if (f->industry && *f->industry) {
		db_like_pattern(&prefix, f->industry, false, false);
		add_cond(&where, &b, "e.industry LIKE ? ESCAPE '\\'", prefix.buf, NULL);
	}
	if (f->field && *f->field)
		add_cond(&where, &b, "EXISTS (SELECT 1 FROM enterprise_fields ef WHERE "
		                     "ef.enterprise_id = e.id AND ef.field = ?)", f->field, NULL);
	if (f->base && *f->base)
		add_cond(&where, &b, "e.base = ?", f->base, NULL);
	if (f->scale && *f->scale)
		add_cond(&where, &b, "e.scale = ?", f->scale, NULL);
	if (f->q && *f->q) {
		db_like_pattern(&any, f->q_lower ? f->q_lower : f->q, true, false);
		db_like_pattern(&code, f->q_upper ? f->q_upper : f->q, false, false);
		db_like_pattern(&pin, f->q_lower ? f->q_lower : f->q, false, false);
		/* pinyin holds the name's initials, a space, the short name's: match either start. */
		strbuf_addstr(&pin2, "% ");
		strbuf_add(&pin2, pin.buf, pin.len);
		/* lower() on both sides: LIKE is case-blind on SQLite, case-sensitive on PostgreSQL. */
		add_cond(&where, &b,
		         "(lower(e.name) LIKE ? ESCAPE '\\' OR lower(e.short_name) LIKE ? ESCAPE '\\' "
		         "OR e.credit_code LIKE ? ESCAPE '\\' OR e.pinyin LIKE ? ESCAPE '\\' "
		         "OR e.pinyin LIKE ? ESCAPE '\\')",
		         any.buf, any.buf);
		b.text[b.n++] = code.buf;
		b.text[b.n++] = pin.buf;
		b.text[b.n++] = pin2.buf;
	}

	strbuf_addf(&sql, "SELECT count(*) FROM enterprises e%s", where.buf);
	struct db_stmt *st = db_prepare(db, sql.buf);
	bind_all(st, &b);
	if (db_step(st, e) != DB_ROW)
		goto out;
	*total = db_col_int(st, 0);
	db_reset(st);

	/* The page's ids come from the index alone; only those 20 rows are then read whole. */
	struct strbuf order = STRBUF_INIT;
	if (!strcmp(sort, "name"))
		strbuf_addf(&order, "e.pinyin %s, e.name %s", f->desc ? "DESC" : "ASC", f->desc ? "DESC" : "ASC");
	else
		strbuf_addf(&order, "e.%s %s", sort, f->desc ? "DESC" : "ASC");
	strbuf_addstr(&order, ", e.id");
	strbuf_reset(&sql);
	if (f->limit) {
		strbuf_addf(&sql, "SELECT " SELECT_COLS FROM_JOINS "WHERE e.id IN (SELECT e.id FROM enterprises e%s "
		                  "ORDER BY %s LIMIT ? OFFSET ?) ORDER BY %s", where.buf, order.buf, order.buf);
		b.text[b.n] = NULL;
		b.num[b.n++] = f->limit;
		b.text[b.n] = NULL;
		b.num[b.n++] = f->offset;
	} else {
		strbuf_addf(&sql, "SELECT " SELECT_COLS FROM_JOINS "%s ORDER BY %s", where.buf, order.buf);
	}
	strbuf_release(&order);
	st = db_prepare(db, sql.buf);
	bind_all(st, &b);
	*items = json_array();
	int r;
	while ((r = db_step(st, e)) == DB_ROW)
		json_array_append_new(*items, db_row_json(st, bool_cols));
	db_reset(st);
	if (r < 0)
		goto out;
	size_t i;
	json_t *rec;
	json_array_foreach(*items, i, rec) {
		if (load_fields(db, rec, e))
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
	strbuf_release(&any);
	strbuf_release(&code);
	strbuf_release(&pin);
	strbuf_release(&pin2);
	strbuf_release(&prefix);
	return rc;
}
