/* db.c — the SQLite implementation of db.h: the only file that includes sqlite3.h. */
#include "db/db.h"
#include "core/util.h"
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DB_STMT_CACHE 256     /* slots of the per-connection statement cache */
#define DB_STMT_CACHE_FILL 192 /* past this, statements are transient (built queries) */

struct db_stmt {
	sqlite3_stmt *st;
	struct db *db;
};

struct db {
	sqlite3 *h;
	char *url;
	int depth; /* 1 inside a transaction */
	int cached;
	struct db_stmt **transient; /* finalized by db_release_transient() */
	size_t ntransient;
	struct {
		char *sql;
		uint64_t hash;
		struct db_stmt stmt;
	} cache[DB_STMT_CACHE];
};

static int map_error(struct db *db, int rc, struct err *e)
{
	int prim = rc & 0xff;
	const char *msg = sqlite3_errmsg(db->h);
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
		/* "UNIQUE constraint failed: enterprises.credit_code" → field credit_code */
		const char *dot = strrchr(msg, '.');
		return err_set(e, ERR_DUPLICATE, dot ? dot + 1 : NULL, dot ? dot + 1 : msg);
	}
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		return err_set(e, ERR_INVALID, NULL, "reference to a missing record");
	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED || prim == SQLITE_IOERR ||
	    prim == SQLITE_FULL || prim == SQLITE_CANTOPEN)
		return err_set(e, ERR_UNAVAILABLE, NULL, msg);
	fprintf(stderr, "luoshi: database error %d: %s\n", rc, msg);
	return err_set(e, ERR_INTERNAL, NULL, msg);
}

static int open_url(struct db **out, const char *url, bool create, struct err *e)
{
	const char *path = url;
	sqlite3 *h = NULL;
	*out = NULL;
	if (str_starts(url, "sqlite:"))
		path = url + 7;
	else if (strstr(url, "://"))
		return err_setf(e, ERR_INVALID, "db", "unsupported database URL %s", url);
	if (!*path)
		return err_set(e, ERR_INVALID, "db", "empty database path");
	int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) |
	                         SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, NULL);
	if (rc != SQLITE_OK && !create && (rc & 0xff) == SQLITE_CANTOPEN) {
		err_setf(e, ERR_NOT_FOUND, "db", "no database at %s; create it with `luoshi init`", path);
		sqlite3_close(h);
		return -1;
	}
	if (rc != SQLITE_OK) {
		err_setf(e, ERR_UNAVAILABLE, "db", "cannot open %s: %s", path,
		         h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return -1;
	}
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, 5000);
	struct db *db = xcalloc(1, sizeof(*db));
	db->h = h;
	db->url = xstrdup(url);
	static const char pragmas[] = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
	                              "PRAGMA synchronous=NORMAL; PRAGMA trusted_schema=OFF;";
	if (db_exec_script(db, pragmas, e)) {
		db_close(db);
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

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < DB_STMT_CACHE; i++) {
		sqlite3_finalize(db->cache[i].stmt.st);
		free(db->cache[i].sql);
	}
	db_release_transient(db);
	sqlite3_close(db->h);
	free(db->url);
	free(db);
}

const char *db_url(const struct db *db)
{
	return db->url;
}

const char *db_engine(const struct db *db)
{
	return "sqlite";
}

static uint64_t sql_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct db_stmt *db_prepare(struct db *db, const char *sql)
{
	uint64_t h = sql_hash(sql);
	size_t slot = h % DB_STMT_CACHE;
	for (size_t n = 0; n < DB_STMT_CACHE; n++, slot = (slot + 1) % DB_STMT_CACHE) {
		if (db->cache[slot].sql && db->cache[slot].hash == h && !strcmp(db->cache[slot].sql, sql)) {
			sqlite3_reset(db->cache[slot].stmt.st);
			sqlite3_clear_bindings(db->cache[slot].stmt.st);
			return &db->cache[slot].stmt;
		}
		if (!db->cache[slot].sql && db->cached >= DB_STMT_CACHE_FILL) {
			struct db_stmt *t = xcalloc(1, sizeof(*t));
			if (sqlite3_prepare_v2(db->h, sql, -1, &t->st, NULL)) {
				fprintf(stderr, "luoshi: bad SQL: %s\n%s\n", sqlite3_errmsg(db->h), sql);
				abort();
			}
			t->db = db;
			db->transient = xrealloc(db->transient, (db->ntransient + 1) * sizeof(*db->transient));
			db->transient[db->ntransient++] = t;
			return t;
		}
		if (!db->cache[slot].sql) {
			sqlite3_stmt *st = NULL;
			if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL)) {
				fprintf(stderr, "luoshi: bad SQL: %s\n%s\n", sqlite3_errmsg(db->h), sql);
				abort();
			}
			db->cache[slot].sql = xstrdup(sql);
			db->cache[slot].hash = h;
			db->cache[slot].stmt.st = st;
			db->cache[slot].stmt.db = db;
			db->cached++;
			return &db->cache[slot].stmt;
		}
	}
	abort(); /* unreachable: the fill limit keeps free slots */
}

void db_release_transient(struct db *db)
{
	for (size_t i = 0; i < db->ntransient; i++) {
		sqlite3_finalize(db->transient[i]->st);
		free(db->transient[i]);
	}
	free(db->transient);
	db->transient = NULL;
	db->ntransient = 0;
}

void db_bind_int(struct db_stmt *st, int idx, int64_t v)
{
	sqlite3_bind_int64(st->st, idx, v);
}

void db_bind_text(struct db_stmt *st, int idx, const char *v)
{
	if (v)
		sqlite3_bind_text(st->st, idx, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st->st, idx);
}

void db_bind_null(struct db_stmt *st, int idx)
{
	sqlite3_bind_null(st->st, idx);
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
	int rc = sqlite3_step(st->st);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	map_error(st->db, rc, e);
	sqlite3_reset(st->st);
	return -1;
}

int db_exec_stmt(struct db_stmt *st, struct err *e)
{
	int rc = db_step(st, e);
	sqlite3_reset(st->st);
	return rc < 0 ? -1 : 0;
}

int db_columns(struct db_stmt *st)
{
	return sqlite3_column_count(st->st);
}

const char *db_column_name(struct db_stmt *st, int i)
{
	return sqlite3_column_name(st->st, i);
}

bool db_col_null(struct db_stmt *st, int i)
{
	return sqlite3_column_type(st->st, i) == SQLITE_NULL;
}

int64_t db_col_int(struct db_stmt *st, int i)
{
	return sqlite3_column_int64(st->st, i);
}

const char *db_col_text(struct db_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st->st, i);
	return t ? (const char *)t : "";
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
	json_t *o = json_object();
	int n = sqlite3_column_count(st->st);
	for (int i = 0; i < n; i++) {
		const char *name = sqlite3_column_name(st->st, i);
		json_t *v;
		switch (sqlite3_column_type(st->st, i)) {
		case SQLITE_NULL:
			v = json_null();
			break;
		case SQLITE_INTEGER:
			v = in_list(name, bool_cols) ? json_boolean(sqlite3_column_int64(st->st, i))
			                             : json_integer(sqlite3_column_int64(st->st, i));
			break;
		default:
			v = json_stringn((const char *)sqlite3_column_text(st->st, i),
			                 (size_t)sqlite3_column_bytes(st->st, i));
			if (!v) /* not UTF-8: stored by hand; never hand it to clients raw */
				v = json_string("\xEF\xBF\xBD");
			break;
		}
		json_object_set_new(o, name, v);
	}
	return o;
}

void db_reset(struct db_stmt *st)
{
	sqlite3_reset(st->st);
}

int64_t db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int db_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

static int run_simple(struct db *db, const char *sql, struct err *e)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : map_error(db, rc, e);
}

int db_begin_write(struct db *db, struct err *e)
{
	if (run_simple(db, "BEGIN IMMEDIATE", e))
		return -1;
	db->depth = 1;
	return 0;
}

int db_begin_read(struct db *db, struct err *e)
{
	if (run_simple(db, "BEGIN", e))
		return -1;
	db->depth = 1;
	return 0;
}

int db_commit(struct db *db, struct err *e)
{
	if (run_simple(db, "COMMIT", e)) {
		db_rollback(db);
		return -1;
	}
	db->depth = 0;
	return 0;
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->depth = 0;
}

bool db_in_transaction(struct db *db)
{
	return !sqlite3_get_autocommit(db->h);
}

int db_exec_script(struct db *db, const char *sql, struct err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		err_setf(e, ERR_INTERNAL, NULL, "%s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int db_backup(struct db *db, const char *path, struct err *e)
{
	/* VACUUM INTO reads one snapshot, so the copy is consistent while others write. */
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->h, "VACUUM INTO ?", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, path, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	if (rc != SQLITE_OK)
		err_setf(e, ERR_UNAVAILABLE, "file", "backup to %s failed: %s", path, sqlite3_errmsg(db->h));
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : -1;
}
