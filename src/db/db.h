/* db.h — the one storage interface: connections, statements, transactions.
 *
 * The only header that knows a database engine exists. Opened by URL
 * ("sqlite:PATH"; a bare path means sqlite too). SQL text passed to
 * db_prepare() must be a string literal: statements are cached per connection
 * keyed by the literal's address, and kept to what SQLite and PostgreSQL both
 * accept, with `?` placeholders. A connection belongs to one thread.
 */
#ifndef DB_DB_H
#define DB_DB_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "core/err.h"

struct db;
struct db_stmt;

enum { DB_DONE = 0, DB_ROW = 1 };

int db_open(struct db **out, const char *url, struct err *e);
/* As db_open, but a database that does not exist yet is an error, not created. */
int db_open_existing(struct db **out, const char *url, struct err *e);
void db_close(struct db *db);
const char *db_url(const struct db *db);
/* Engine name for messages: "sqlite". */
const char *db_engine(const struct db *db);

/* A cached, reset statement. A malformed statement is a programming error and aborts. */
struct db_stmt *db_prepare(struct db *db, const char *sql);
/* Once the cache is full, db_prepare() hands out statements that live until
 * this is called; the server calls it after every request. */
void db_release_transient(struct db *db);
void db_bind_int(struct db_stmt *st, int idx, int64_t v);
void db_bind_text(struct db_stmt *st, int idx, const char *v);  /* NULL binds NULL */
void db_bind_null(struct db_stmt *st, int idx);
/* Binds a JSON scalar: string, integer, true/false as 1/0, null. */
void db_bind_json(struct db_stmt *st, int idx, const json_t *v);
/* DB_ROW, DB_DONE, or -1 with e set (ERR_DUPLICATE on a unique violation,
 * ERR_UNAVAILABLE when the database is busy or gone, ERR_INTERNAL otherwise). */
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
void db_reset(struct db_stmt *st);
int64_t db_last_id(struct db *db);
int db_changes(struct db *db);

/* Transactions: db_begin_write() takes the write lock up front (BEGIN IMMEDIATE)
 * so two writers never deadlock; db_begin_read() gives one consistent snapshot. */
int db_begin_write(struct db *db, struct err *e);
int db_begin_read(struct db *db, struct err *e);
int db_commit(struct db *db, struct err *e);
void db_rollback(struct db *db);
bool db_in_transaction(struct db *db);

/* Runs a script of several statements (migrations). */
int db_exec_script(struct db *db, const char *sql, struct err *e);
/* Online, consistent copy of the whole database into a new file. */
int db_backup(struct db *db, const char *path, struct err *e);
#endif
