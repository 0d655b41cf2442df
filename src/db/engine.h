/* engine.h — what a storage engine gives db.c; private to src/db/.
 *
 * db.c owns the public interface (db.h), the statement cache and the
 * transaction bookkeeping; an engine owns the connection and the wire. Values
 * cross this line as int64 or UTF-8 text. SQL arrives with `?` placeholders and
 * each engine turns it into its own form.
 */
#ifndef DB_ENGINE_H
#define DB_ENGINE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/err.h"

enum db_coltype { DB_COL_NULL, DB_COL_INT, DB_COL_TEXT };

struct db;

struct db_engine {
	const char *name;
	/* Connects to target (a path or a conninfo URL); stores its state in db->conn. */
	int (*open)(struct db *db, const char *target, bool create, struct err *e);
	void (*close)(struct db *db);
	/* A prepared statement, or NULL with e set (bad SQL is reported, not hidden). */
	void *(*prepare)(struct db *db, const char *sql, struct err *e);
	void (*finalize)(void *st);
	void (*bind_int)(void *st, int idx, int64_t v);
	void (*bind_text)(void *st, int idx, const char *v); /* NULL binds NULL */
	int (*step)(struct db *db, void *st, struct err *e); /* DB_ROW, DB_DONE or -1 */
	void (*reset)(void *st);                            /* also clears bindings */
	int (*columns)(void *st);
	const char *(*column_name)(void *st, int i);
	enum db_coltype (*column_type)(void *st, int i);
	int64_t (*column_int)(void *st, int i);
	const char *(*column_text)(void *st, int i, size_t *len);
	int (*changes)(struct db *db);  /* rows the last statement changed */
	int (*exec)(struct db *db, const char *sql, struct err *e); /* several statements, no rows */
	int (*begin)(struct db *db, bool write, struct err *e);
	/* Makes concurrent writers of the audit chain wait for each other (see audit.c). */
	int (*serialize_writes)(struct db *db, struct err *e);
	int (*table_exists)(struct db *db, const char *table, struct err *e); /* 1, 0 or -1 */
	bool (*in_transaction)(struct db *db);
	/* A consistent copy into a new file, or NULL when the engine has its own tools. */
	int (*backup)(struct db *db, const char *path, struct err *e);
	/* 0 when the connection works; otherwise reconnects (1 on success, -1 if not yet). */
	int (*revive)(struct db *db, struct err *e);
	/* The schema's portable type words and the engine's spelling: {"{id}", "..."}, ... */
	const char *const (*types)[2];
	size_t ntypes;
};

struct db {
	const struct db_engine *engine;
	void *conn;
	char *url;
	int cached;
	struct db_cache_slot *cache; /* DB_STMT_CACHE slots */
	struct db_stmt **transient;
	size_t ntransient;
};

extern const struct db_engine db_engine_sqlite;
extern const struct db_engine db_engine_pg;
#endif
