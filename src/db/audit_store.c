/* audit_store.c — SQL for the append-only audit table. */
#include "db/audit_store.h"
#include "core/strbuf.h"
#include "core/util.h"
#include <string.h>

int audit_store_head(struct db *db, int64_t *id, char hash[65], struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
	int rc = db_step(st, e);
	*id = 0;
	hash[0] = '\0';
	if (rc == DB_ROW) {
		*id = db_col_int(st, 0);
		strlcpy_(hash, db_col_text(st, 1), 65);
	}
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int audit_store_insert(struct db *db, const struct audit_row *r, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO audit (id, at, user_id, username, client, action, entity, entity_id, "
		"changes, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	db_bind_int(st, 1, r->id);
	db_bind_text(st, 2, r->at);
	if (r->user_id)
		db_bind_int(st, 3, r->user_id);
	db_bind_text(st, 4, r->username);
	db_bind_text(st, 5, r->client);
	db_bind_text(st, 6, r->action);
	db_bind_text(st, 7, r->entity);
	db_bind_text(st, 8, r->entity_id);
	db_bind_text(st, 9, r->changes);
	db_bind_text(st, 10, r->prev_hash);
	db_bind_text(st, 11, r->hash);
	return db_exec_stmt(st, e);
}

int audit_store_list(struct db *db, const struct audit_filter *f, json_t **items, int64_t *total,
                     struct err *e)
{
	/* Only the filters given become conditions: an empty one must not be compared
	 * with a timestamp column, which PostgreSQL would refuse to parse. */
	static const char *const cond[] = { "entity = ?", "entity_id = ?", "username = ?", "at >= ?", "at < ?" };
	const char *v[5] = { f->entity, f->entity_id, f->username, f->from, f->to };
	struct strbuf where = STRBUF_INIT, sql = STRBUF_INIT;
	const char *bind[5];
	int nbind = 0, rc = -1;
	*items = NULL;
	for (int i = 0; i < 5; i++) {
		if (!v[i] || !*v[i])
			continue;
		strbuf_addstr(&where, nbind ? " AND " : " WHERE ");
		strbuf_addstr(&where, cond[i]);
		bind[nbind++] = v[i];
	}
	strbuf_addf(&sql, "SELECT count(*) FROM audit%s", where.buf);
	struct db_stmt *st = db_prepare(db, sql.buf);
	for (int i = 0; i < nbind; i++)
		db_bind_text(st, i + 1, bind[i]);
	int r = db_step(st, e);
	*total = r == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	if (r != DB_ROW)
		goto out;
	strbuf_reset(&sql);
	/* "user" is a reserved word in PostgreSQL; quoted, both engines take it. */
	strbuf_addf(&sql, "SELECT id, at, user_id, username AS \"user\", client, action, entity, entity_id, "
	                  "changes, hash FROM audit%s ORDER BY id DESC LIMIT ? OFFSET ?", where.buf);
	st = db_prepare(db, sql.buf);
	for (int i = 0; i < nbind; i++)
		db_bind_text(st, i + 1, bind[i]);
	db_bind_int(st, nbind + 1, f->limit);
	db_bind_int(st, nbind + 2, f->offset);
	*items = json_array();
	while ((r = db_step(st, e)) == DB_ROW) {
		json_t *row = db_row_json(st, NULL);
		/* changes is stored as JSON text; hand it out as JSON. */
		json_t *ch = json_loads(json_string_value(json_object_get(row, "changes")), 0, NULL);
		json_object_set_new(row, "changes", ch ? ch : json_object());
		json_array_append_new(*items, row);
	}
	db_reset(st);
	if (r < 0) {
		json_decref(*items);
		*items = NULL;
		goto out;
	}
	rc = 0;
out:
	strbuf_release(&where);
	strbuf_release(&sql);
	return rc;
}

int audit_store_each(struct db *db, int (*fn)(const struct audit_row *row, void *arg), void *arg,
                     struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT id, at, user_id, username, client, action, entity, "
	                                    "entity_id, changes, prev_hash, hash FROM audit ORDER BY id");
	int rc, stop = 0;
	while (!stop && (rc = db_step(st, e)) == DB_ROW) {
		struct audit_row r = {
			.id = db_col_int(st, 0), .at = db_col_text(st, 1),
			.user_id = db_col_null(st, 2) ? 0 : db_col_int(st, 2),
			.username = db_col_text(st, 3), .client = db_col_text(st, 4),
			.action = db_col_text(st, 5), .entity = db_col_text(st, 6),
			.entity_id = db_col_text(st, 7), .changes = db_col_text(st, 8),
			.prev_hash = db_col_text(st, 9), .hash = db_col_text(st, 10),
		};
		stop = fn(&r, arg);
	}
	db_reset(st);
	if (stop)
		return stop;
	return rc < 0 ? -1 : 0;
}
