/* db.c — the storage interface over an engine: URLs, the statement cache, rows as JSON. */
#include "db/db.h"
#include "db/engine.h"
#include "db/copy.h"
#include "db/schema.h"
#include "core/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DB_STMT_CACHE 256     /* slots of the per-connection statement cache */
#define DB_STMT_CACHE_FILL 192 /* past this, statements are transient (built queries) */

struct db_stmt {
	void *st;         /* the engine's statement; NULL if it could not be prepared */
	struct db *db;
	struct err error; /* why it could not be prepared */
};

struct db_cache_slot {
	char *sql;
	uint64_t hash;
	struct db_stmt stmt;
};

static const struct db_engine *engine_for(const char *url, const char **target)
{
	if (str_starts(url, "postgres://") || str_starts(url, "postgresql://")) {
		*target = url;
		return &db_engine_pg;
	}
	*target = str_starts(url, "sqlite:") ? url + 7 : url;
	return strstr(url, "://") ? NULL : &db_engine_sqlite;
}

static int open_url(struct db **out, const char *url, bool create, struct err *e)
{
	const char *target;
	const struct db_engine *eng = engine_for(url, &target);
	*out = NULL;
	if (!eng)
		return err_setf(e, ERR_INVALID, "db", "unsupported database URL %s (sqlite:PATH or postgres://...)", url);
	if (!*target)
		return err_set(e, ERR_INVALID, "db", "empty database path");
	struct db *db = xcalloc(1, sizeof(*db));
	db->engine = eng;
	db->url = xstrdup(url);
	db->cache = xcalloc(DB_STMT_CACHE, sizeof(*db->cache));
	if (eng->open(db, target, create, e)) {
		free(db->cache);
		free(db->url);
		free(db);
		return -1;
	}
	*out = db;
	return 0;
}

int db_open(struct db **out, const char *url, struct err *e)
{
	return open_url(out, url, true, e);
}

int db_open_existing(struct db **out, const char *url, struct err *e)
{
	return open_url(out, url, false, e);
}

static void cache_clear(struct db *db)
{
	for (int i = 0; i < DB_STMT_CACHE; i++) {
		if (db->cache[i].stmt.st)
			db->engine->finalize(db->cache[i].stmt.st);
		free(db->cache[i].sql);
		memset(&db->cache[i], 0, sizeof(db->cache[i]));
	}
	db->cached = 0;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	db_release_transient(db);
	cache_clear(db);
	db->engine->close(db);
	free(db->cache);
	free(db->url);
	free(db);
}

int db_revive(struct db *db, struct err *e)
{
	int rc = db->engine->revive(db, e);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		/* A new connection has none of the old prepared statements. */
		db_release_transient(db);
		cache_clear(db);
	}
	return 0;
}

const char *db_url(const struct db *db)
{
	return db->url;
}

const char *db_engine(const struct db *db)
{
	return db->engine->name;
}

static uint64_t sql_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Prepares into st; bad SQL is a bug and stops the program, a lost connection is not. */
static void prepare_into(struct db *db, struct db_stmt *st, const char *sql)
{
	st->db = db;
	err_clear(&st->error);
	st->st = db->engine->prepare(db, sql, &st->error);
	if (!st->st && st->error.code != ERR_UNAVAILABLE) {
		fprintf(stderr, "luoshi: bad SQL (%s): %s\n%s\n", db->engine->name, st->error.arg, sql);
		abort();
	}
}

static struct db_stmt *transient(struct db *db, const char *sql)
{
	struct db_stmt *t = xcalloc(1, sizeof(*t));
	prepare_into(db, t, sql);
	db->transient = xrealloc(db->transient, (db->ntransient + 1) * sizeof(*db->transient));
	db->transient[db->ntransient++] = t;
	return t;
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	uint64_t h = sql_hash(sql);
	size_t slot = h % DB_STMT_CACHE;
	for (size_t n = 0; n < DB_STMT_CACHE; n++, slot = (slot + 1) % DB_STMT_CACHE) {
		struct db_cache_slot *c = &db->cache[slot];
		if (c->sql && c->hash == h && !strcmp(c->sql, sql)) {
			db->engine->reset(c->stmt.st);
			return &c->stmt;
		}
		if (!c->sql) {
			if (db->cached >= DB_STMT_CACHE_FILL)
				return transient(db, sql);
			prepare_into(db, &c->stmt, sql);
			if (!c->stmt.st) /* not cached: the next request prepares it again */
				return transient(db, sql);
			c->sql = xstrdup(sql);
			c->hash = h;
			db->cached++;
			return &c->stmt;
		}
	}
	abort(); /* unreachable: the fill limit keeps free slots */
}

struct db_stmt *db_prepare_once(struct db *db, const char *sql)
{
	return transient(db, sql);
}

void db_release_transient(struct db *db)
{
	for (size_t i = 0; i < db->ntransient; i++) {
		if (db->transient[i]->st)
			db->engine->finalize(db->transient[i]->st);
		free(db->transient[i]);
	}
	free(db->transient);
	db->transient = NULL;
	db->ntransient = 0;
}

void db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	if (st->st)
		st->db->engine->bind_int(st->st, idx, v);
}

void db_bind_text(struct db_stmt *st, int idx, const char *v)
{
	if (st->st)
		st->db->engine->bind_text(st->st, idx, v);
}

void db_bind_null(struct db_stmt *st, int idx)
{
	db_bind_text(st, idx, NULL);
}

void db_bind_json(struct db_stmt *st, int idx, const json_t *v)
{
	if (json_is_string(v))
		db_bind_text(st, idx, json_string_value(v));
	else if (json_is_integer(v))
		db_bind_int(st, idx, json_integer_value(v));
	else if (json_is_boolean(v))
		db_bind_int(st, idx, json_is_true(v));
	else
		db_bind_null(st, idx);
}

int db_step(struct db_stmt *st, struct err *e)
{
	if (!st->st) {
		if (e)
			*e = st->error;
		return -1;
	}
	return st->db->engine->step(st->db, st->st, e);
}

int db_exec_stmt(struct db_stmt *st, struct err *e)
{
	int rc = db_step(st, e);
	db_reset(st);
	return rc < 0 ? -1 : 0;
}

int db_columns(struct db_stmt *st)
{
	return st->st ? st->db->engine->columns(st->st) : 0;
}

const char *db_column_name(struct db_stmt *st, int i)
{
	return st->db->engine->column_name(st->st, i);
}

bool db_col_null(struct db_stmt *st, int i)
{
	return st->db->engine->column_type(st->st, i) == DB_COL_NULL;
}

int64_t db_col_int(struct db_stmt *st, int i)
{
	return st->db->engine->column_int(st->st, i);
}

const char *db_col_text(struct db_stmt *st, int i)
{
	size_t len;
	const char *t = st->db->engine->column_text(st->st, i, &len);
	return t ? t : "";
}

static bool in_list(const char *name, const char *const *list)
{
	for (; list && *list; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

json_t *db_row_json(struct db_stmt *st, const char *const *bool_cols)
{
	const struct db_engine *eng = st->db->engine;
	json_t *o = json_object();
	int n = eng->columns(st->st);
	for (int i = 0; i < n; i++) {
		const char *name = eng->column_name(st->st, i);
		json_t *v;
		size_t len;
		const char *t;
		switch (eng->column_type(st->st, i)) {
		case DB_COL_NULL:
			v = json_null();
			break;
		case DB_COL_INT:
			v = in_list(name, bool_cols) ? json_boolean(eng->column_int(st->st, i))
			                             : json_integer(eng->column_int(st->st, i));
			break;
		default:
			t = eng->column_text(st->st, i, &len);
			v = json_stringn(t ? t : "", t ? len : 0);
			if (!v) /* not UTF-8: stored by hand; never hand it to clients raw */
				v = json_string("\xEF\xBF\xBD");
			break;
		}
		json_object_set_new(o, name, v);
	}
	return o;
}

json_t *db_all_rows(struct db_stmt *st, const char *const *bool_cols, struct err *e)
{
	json_t *arr = json_array();
	int rc;
	while ((rc = db_step(st, e)) == DB_ROW)
		json_array_append_new(arr, db_row_json(st, bool_cols));
	db_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

int db_insert_record(struct db *db, const char *table, const char *const *cols, const json_t *rec, int64_t *id,
                     struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	int n = 0, rc;
	strbuf_addf(&sql, "INSERT INTO %s (", table);
	for (n = 0; cols[n]; n++)
		strbuf_addf(&sql, "%s%s", n ? ", " : "", cols[n]);
	strbuf_addstr(&sql, ") VALUES (");
	for (int i = 0; i < n; i++)
		strbuf_addstr(&sql, i ? ", ?" : "?");
	strbuf_addstr(&sql, ") RETURNING id");
	struct db_stmt *st = db_prepare(db, sql.buf);
	strbuf_release(&sql);
	for (int i = 0; i < n; i++)
		db_bind_json(st, i + 1, json_object_get(rec, cols[i]));
	rc = db_step(st, e);
	*id = rc == DB_ROW ? db_col_int(st, 0) : 0;
	db_reset(st);
	return rc == DB_ROW ? 0 : -1;
}

int db_update_record(struct db *db, const char *table, const char *const *cols, const json_t *rec, int64_t id,
                     int64_t version, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	int n;
	strbuf_addf(&sql, "UPDATE %s SET ", table);
	for (n = 0; cols[n]; n++)
		strbuf_addf(&sql, "%s = ?, ", cols[n]);
	strbuf_addstr(&sql, "version = version + 1 WHERE id = ? AND version = ?");
	struct db_stmt *st = db_prepare(db, sql.buf);
	strbuf_release(&sql);
	for (int i = 0; i < n; i++)
		db_bind_json(st, i + 1, json_object_get(rec, cols[i]));
	db_bind_int(st, n + 1, id);
	db_bind_int(st, n + 2, version);
	if (db_exec_stmt(st, e))
		return -1;
	return db_changes(db) ? 0 : 1;
}

void db_reset(struct db_stmt *st)
{
	if (st->st)
		st->db->engine->reset(st->st);
}

int db_changes(struct db *db)
{
	return db->engine->changes(db);
}

int db_begin_write(struct db *db, struct err *e)
{
	return db->engine->begin(db, true, e);
}

int db_begin_read(struct db *db, struct err *e)
{
	return db->engine->begin(db, false, e);
}

int db_commit(struct db *db, struct err *e)
{
	if (db->engine->exec(db, "COMMIT", e)) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

void db_rollback(struct db *db)
{
	if (db->engine->in_transaction(db))
		db->engine->exec(db, "ROLLBACK", NULL);
}

bool db_in_transaction(struct db *db)
{
	return db->engine->in_transaction(db);
}

int db_serialize_writes(struct db *db, struct err *e)
{
	return db->engine->serialize_writes(db, e);
}

int db_savepoint(struct db *db, struct err *e)
{
	return db->engine->exec(db, "SAVEPOINT part", e);
}

int db_release_savepoint(struct db *db, struct err *e)
{
	return db->engine->exec(db, "RELEASE SAVEPOINT part", e);
}

void db_rollback_savepoint(struct db *db)
{
	db->engine->exec(db, "ROLLBACK TO SAVEPOINT part", NULL);
	db->engine->exec(db, "RELEASE SAVEPOINT part", NULL);
}

void db_like_pattern(struct strbuf *out, const char *s, bool contains, bool lower)
{
	if (contains)
		strbuf_addch(out, '%');
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			strbuf_addch(out, '\\');
		strbuf_addch(out, lower && *s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
	}
	strbuf_addch(out, '%');
}

int db_exec_script(struct db *db, const char *sql, struct err *e)
{
	return db->engine->exec(db, sql, e);
}

int db_table_exists(struct db *db, const char *table, struct err *e)
{
	return db->engine->table_exists(db, table, e);
}

void db_translate_ddl(struct db *db, const char *ddl, struct strbuf *out)
{
	const struct db_engine *eng = db->engine;
	strbuf_reset(out);
	while (*ddl) {
		size_t i;
		for (i = 0; i < eng->ntypes; i++) {
			size_t n = strlen(eng->types[i][0]);
			if (!strncmp(ddl, eng->types[i][0], n)) {
				strbuf_addstr(out, eng->types[i][1]);
				ddl += n;
				break;
			}
		}
		if (i == eng->ntypes)
			strbuf_addch(out, *ddl++);
	}
}

int db_backup(struct db *db, const char *path, struct err *e)
{
	struct copy_count counts[48];
	struct db *dst;
	char url[4200];
	int applied, rc;
	if (db->engine->backup)
		return db->engine->backup(db, path, e);
	/* An engine without a file of its own: copy every table, from one snapshot,
	 * into a new SQLite file (the same code as `luoshi copy`). */
	snprintf(url, sizeof(url), "sqlite:%s", path);
	if (db_open(&dst, url, e))
		return -1;
	rc = schema_migrate(dst, &applied, e) || db_copy(db, dst, false, counts, ARRAY_SIZE(counts), e) ? -1 : 0;
	db_close(dst);
	return rc;
}
