/* copy.c — copies every data table between two databases, any engines. */
#include "db/copy.h"
#include "db/schema.h"
#include "core/strbuf.h"
#include "core/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t count_rows(struct db *db, const char *table, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	strbuf_addf(&sql, "SELECT count(*) FROM %s", table);
	struct db_stmt *st = db_prepare(db, sql.buf);
	strbuf_release(&sql);
	int rc = db_step(st, e);
	int64_t n = rc == DB_ROW ? db_col_int(st, 0) : -1;
	db_reset(st);
	return n;
}

/* Copies one table: rows are read as JSON values and bound back as they were. */
static int copy_table(struct db *src, struct db *dst, const struct schema_table *t, struct err *e)
{
	struct strbuf sql = STRBUF_INIT, ins = STRBUF_INIT;
	int rc = -1, r;
	strbuf_addf(&sql, "SELECT * FROM %s ORDER BY %s", t->name, t->order_by);
	struct db_stmt *st = db_prepare(src, sql.buf);
	while ((r = db_step(st, e)) == DB_ROW) {
		json_t *row = db_row_json(st, NULL);
		if (!ins.len) {
			const char *key;
			json_t *v;
			int n = 0;
			strbuf_addf(&ins, "INSERT INTO %s (", t->name);
			json_object_foreach(row, key, v) {
				strbuf_addf(&ins, "%s\"%s\"", n++ ? ", " : "", key);
			}
			strbuf_addstr(&ins, ") VALUES (");
			for (int i = 0; i < n; i++)
				strbuf_addstr(&ins, i ? ", ?" : "?");
			strbuf_addch(&ins, ')');
		}
		struct db_stmt *w = db_prepare(dst, ins.buf);
		const char *key;
		json_t *v;
		int i = 0;
		json_object_foreach(row, key, v) {
			db_bind_json(w, ++i, v);
		}
		json_decref(row);
		if (db_exec_stmt(w, e))
			goto out;
	}
	if (r < 0)
		goto out;
	rc = 0;
out:
	db_reset(st);
	strbuf_release(&sql);
	strbuf_release(&ins);
	return rc;
}

int db_copy(struct db *src, struct db *dst, bool force, struct copy_count *counts, size_t ncounts,
            struct err *e)
{
	size_t ntables = 0;
	while (schema_tables[ntables].name)
		ntables++;
	if (ntables >= ncounts)
		abort(); /* the caller's array must hold every table and the terminator */
	const struct schema_table *t;
	int64_t n;
	/* The caller may hold src's snapshot already (to check it in the same state). */
	bool own = !db_in_transaction(src);
	if (own && db_begin_read(src, e))
		return -1;
	if (db_begin_write(dst, e))
		goto fail_src;
	for (t = schema_tables; t->name && !force; t++) {
		if ((n = count_rows(dst, t->name, e)) < 0)
			goto fail;
		if (n > 0) {
			err_setf(e, ERR_NOT_EMPTY, "to", "%s: %lld", t->name, (long long)n);
			goto fail;
		}
	}
	if (force && schema_wipe(dst, e))
		goto fail;
	for (t = schema_tables; t->name; t++)
		if (copy_table(src, dst, t, e))
			goto fail;
	if (schema_after_copy(dst, e))
		goto fail;
	for (t = schema_tables; t->name; t++, counts++) {
		counts->table = t->name;
		if ((counts->from = count_rows(src, t->name, e)) < 0 || (counts->to = count_rows(dst, t->name, e)) < 0)
			goto fail;
		if (counts->from != counts->to) {
			err_setf(e, ERR_INTERNAL, "to", "%s: %lld rows read, %lld written", t->name,
			         (long long)counts->from, (long long)counts->to);
			goto fail;
		}
	}
	counts->table = NULL;
	if (db_commit(dst, e))
		goto fail_src;
	if (own)
		db_rollback(src);
	return schema_optimize(dst, e);
fail:
	db_rollback(dst);
fail_src:
	if (own)
		db_rollback(src);
	return -1;
}
