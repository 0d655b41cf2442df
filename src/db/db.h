/* db.h — the one storage interface: connections, statements, transactions.
 *
 * Opened by URL: "sqlite:PATH" (a bare path means sqlite too) or
 * "postgres://user:pass@host:port/dbname". Nothing above src/db/ learns which
 * engine it runs on. SQL passed to db_prepare() uses `?` placeholders and is
 * kept to what SQLite and PostgreSQL both accept; statements are cached per
 * connection, keyed by their text. New rows report their id with
 * `INSERT ... RETURNING id`. A connection belongs to one thread.
 */
#ifndef DB_DB_H
#define DB_DB_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "core/err.h"
#include "core/strbuf.h"

struct db;
struct db_stmt;

enum { DB_DONE = 0, DB_ROW = 1 };

int db_open(struct db **out, const char *url, struct err *e);
/* As db_open, but a database that does not exist yet is an error, not created. */
int db_open_existing(struct db **out, const char *url, struct err *e);
void db_close(struct db *db);
/* At a safe point (no statement in use, e.g. before a request): if the
 * connection was lost, reconnects. 0 when usable, -1 (ERR_UNAVAILABLE) if not. */
int db_revive(struct db *db, struct err *e);
const char *db_url(const struct db *db);
/* "sqlite" or "postgres". For messages and the schema only. */
const char *db_engine(const struct db *db);

/* A cached, reset statement. Malformed SQL is a programming error and aborts. */
struct db_stmt *db_prepare(struct db *db, const char *sql);
/* Once the cache is full, db_prepare() hands out statements that live until
 * this is called; the server calls it after every request. */
void db_release_transient(struct db *db);
/* A statement built for one use (say, a list of ids in its text): never cached, so it does not
 * take a slot from the statements used again; it lives until db_release_transient(). */
struct db_stmt *db_prepare_once(struct db *db, const char *sql);
void db_bind_int(struct db_stmt *st, int idx, int64_t v);
void db_bind_text(struct db_stmt *st, int idx, const char *v);  /* NULL binds NULL */
void db_bind_null(struct db_stmt *st, int idx);
/* Binds a JSON scalar: string, integer, true/false as 1/0, null. */
void db_bind_json(struct db_stmt *st, int idx, const json_t *v);
/* DB_ROW, DB_DONE, or -1 with e set (ERR_DUPLICATE on a unique violation,
 * ERR_UNAVAILABLE when the database is busy, gone or restarting — retry later —
 * ERR_INTERNAL otherwise). */
int db_step(struct db_stmt *st, struct err *e);
/* Steps a statement that returns no rows, then resets it. 0 or -1. */
int db_exec_stmt(struct db_stmt *st, struct err *e);
int db_columns(struct db_stmt *st);
const char *db_column_name(struct db_stmt *st, int i);
bool db_col_null(struct db_stmt *st, int i);
int64_t db_col_int(struct db_stmt *st, int i);
const char *db_col_text(struct db_stmt *st, int i);   /* "" for NULL; valid until the next step */
/* The current row as a JSON object keyed by column name; integers stay integers,
 * NULL becomes null. Columns named in bool_cols (NULL-terminated) become true/false. */
json_t *db_row_json(struct db_stmt *st, const char *const *bool_cols);
/* Steps st to the end: every row as db_row_json() makes it, then resets st.
 * NULL with e set on an error. */
json_t *db_all_rows(struct db_stmt *st, const char *const *bool_cols, struct err *e);
/* INSERT INTO table (cols) VALUES (...) RETURNING id, each value the member of rec of
 * the same name (db_bind_json: a missing member or an object binds NULL). cols is
 * NULL-terminated; table and cols are the caller's constants, never user input. */
int db_insert_record(struct db *db, const char *table, const char *const *cols, const json_t *rec, int64_t *id,
                     struct err *e);
/* UPDATE table SET cols..., version = version + 1 WHERE id = ? AND version = ?:
 * 0 written, 1 stale (no row has that id and version), -1 error. */
int db_update_record(struct db *db, const char *table, const char *const *cols, const json_t *rec, int64_t id,
                     int64_t version, struct err *e);
void db_reset(struct db_stmt *st);
/* Rows changed by the last INSERT, UPDATE or DELETE on this connection. */
int db_changes(struct db *db);

/* Transactions. A write transaction on SQLite takes the lock up front (BEGIN
 * IMMEDIATE) so two writers never deadlock; db_begin_read() gives one
 * consistent snapshot (REPEATABLE READ on PostgreSQL). */
int db_begin_write(struct db *db, struct err *e);
int db_begin_read(struct db *db, struct err *e);
int db_commit(struct db *db, struct err *e);
void db_rollback(struct db *db);
bool db_in_transaction(struct db *db);
/* Inside a write transaction: waits until no other writer of any process is
 * between this point and its commit. The audit chain's append needs it. */
int db_serialize_writes(struct db *db, struct err *e);

/* A savepoint inside a transaction, so one part can fail without the rest:
 * PostgreSQL would otherwise abort the whole transaction at the first error. */
int db_savepoint(struct db *db, struct err *e);
int db_release_savepoint(struct db *db, struct err *e);
void db_rollback_savepoint(struct db *db);

/* Appends a LIKE pattern (with ESCAPE '\') matching s literally: as a prefix, or anywhere
 * when contains; ASCII letters lower-cased when lower (the column side uses lower()). */
void db_like_pattern(struct strbuf *out, const char *s, bool contains, bool lower);

/* Runs several statements (migrations). */
int db_exec_script(struct db *db, const char *sql, struct err *e);
int db_table_exists(struct db *db, const char *table, struct err *e);
/* Replaces the schema's portable type words ({id}, {int}, {text}, {ts}) with the engine's. */
void db_translate_ddl(struct db *db, const char *ddl, struct strbuf *out);
/* Online, consistent copy of the whole database into a new SQLite file (SQLite's
 * own VACUUM INTO, or a table-by-table copy from one snapshot elsewhere). */
int db_backup(struct db *db, const char *path, struct err *e);
#endif
