/* sheet.h — import and export of records as spreadsheets (CSV or XLSX), for every resource.
 *
 * What is the same for every resource lives here: columns found by their header
 * text in any order, required columns, cells parsed by the column's type (dates
 * as people type them, money in 万元 exact to the fen), row errors
 * {row, column, field, value, code, message}, one savepoint per row, dry runs,
 * all-or-nothing or valid-rows mode, created/updated/unchanged counts and one
 * audit row for the import; on the way out, a header row and cells by column.
 *
 * What is specific comes in through struct sheet_ops: reference names <-> codes,
 * and how one parsed row is written (through the resource's own domain rules).
 * A row is a flat JSON object keyed by column name; the resource turns it into
 * its records' shape and back.
 */
#ifndef DOMAIN_SHEET_H
#define DOMAIN_SHEET_H
#include <jansson.h>
#include "core/jspec.h"
#include "core/strbuf.h"
#include "core/table.h"
#include "db/db.h"
#include "domain/actor.h"

enum import_mode { IMPORT_ALL, IMPORT_VALID };

/* A streamed import reads this many rows at a time; a report lists at most SHEET_MAX_ERRORS
 * row errors and counts the rest (errors_omitted). */
#define SHEET_BATCH_ROWS 5000
#define SHEET_MAX_ERRORS 1000

enum sheet_kind {
	SHEET_VALUE,   /* by f.type: STRING, INT, BOOL (是/否), DATE, CHOICE (by label or code) */
	SHEET_REF,     /* f.type STRING or STRLIST: reference names <-> codes through the hooks */
	SHEET_WANYUAN, /* integer fen written as 万元, exact (up to six decimals) */
};

struct sheet_col {
	/* name: the row's key; JSPEC_REQUIRED: the column must be in the file;
	 * JSPEC_OUTPUT: exported for reading, ignored on import; labels name the
	 * field in errors; column: the header (NULL: label_zh). */
	struct jspec_field f;
	enum sheet_kind kind;
	int ref;            /* SHEET_REF: which list the hooks translate */
	const char *field;  /* the record's field whose errors belong to this column (NULL: f.name) */
};

enum sheet_outcome { SHEET_CREATED, SHEET_UPDATED, SHEET_UNCHANGED };

struct sheet_ops {
	const struct sheet_col *cols;
	size_t ncols;
	const char *entity;     /* the audit row's entity */
	bool audit_unchanged;   /* append the import's audit row even when nothing was written */
	void *ctx;
	/* The code a cell names (by name or code), NULL when there is none. */
	const char *(*ref_code)(void *ctx, int ref, const char *text);
	/* The name to write for a code (the code itself when unknown). */
	const char *(*ref_name)(void *ctx, int ref, const char *code);
	/* Writes one row inside the import's transaction (and savepoint) under the
	 * resource's rules, with its own audit row if it writes. Errors name the
	 * record's field (e->field), which is mapped back to the column. */
	int (*write_row)(void *ctx, struct db *db, const struct actor *a, json_t *row, json_t *warnings,
	                 enum sheet_outcome *outcome, struct err *e);
	/* Optional: called in the transaction before the first row (begin) and, when the
	 * import is to be committed, after the last (finish). */
	int (*begin)(void *ctx, struct db *db, struct err *e);
	/* audit: the import's audit record, to which finish may add. */
	int (*finish)(void *ctx, struct db *db, json_t *audit, struct err *e);
	/* Optional, for files of millions of rows: writes the common row straight from its cells
	 * (cells[i] the trimmed cell of cols[i], "" when absent) and returns 1, or declines with 0
	 * and the row goes through row parsing and write_row, which have the last word on every
	 * rule and error; -1 only for a failure that ends the import. A row it writes is one
	 * statement (it needs no savepoint) and is accounted for by finish's audit. It may hold
	 * rows back and write them later, before it declines a row and when called with cells
	 * NULL after the last row. */
	int (*fast_row)(void *ctx, struct db *db, const struct actor *a, const char *const *cells,
	                enum sheet_outcome *outcome, struct err *e);
};

/* Normalises a date as people type it: 2020/1/5, 2020.01.05, 2020年1月5日, or an
 * Excel serial day number, to YYYY-MM-DD; anything else is copied for the check. */
void sheet_normalise_date(const char *s, char out[32]);
/* fen as 万元 with as many decimals as needed (at most six): exact, parses back. */
void sheet_format_wanyuan(int64_t fen, struct strbuf *out);
/* The header text of a column. */
const char *sheet_header(const struct sheet_col *c);

/* Reads a CSV or XLSX file and writes its rows through ops->write_row in one write
 * transaction, each row in a savepoint. A dry run rolls everything back; IMPORT_ALL
 * rolls back when a row is bad. Returns {dry_run, format, total_rows, created,
 * updated, unchanged, errors, warnings}; on a real all-or-nothing run with bad rows,
 * NULL with ERR_IMPORT_ROWS and *report set. */
json_t *sheet_import(struct db *db, const struct actor *a, const struct sheet_ops *ops, const char *buf,
                     size_t len, bool dry_run, enum import_mode mode, json_t **report, struct err *e);
/* The header row and one row per flat object of rows, appended to t. */
void sheet_table(const struct sheet_ops *ops, const json_t *rows, struct table *t);
/* Reads a table (header first) into flat objects by ops' columns, without writing:
 * each non-empty row's object to rows and its 1-based number to rownums; a cell that
 * cannot be read adds {row, column, field, value, code, message} to errors instead.
 * -1 with e set when the header lacks a required column. */
int sheet_read_rows(const struct sheet_ops *ops, const struct table *t, enum lang lang, json_t *rows,
                    json_t *rownums, json_t *errors, struct err *e);
/* The same for a CSV file read a batch of SHEET_BATCH_ROWS rows at a time, so memory does not
 * grow with the file (table_stream). */
json_t *sheet_import_csv_stream(struct db *db, const struct actor *a, const struct sheet_ops *ops, FILE *f,
                                bool dry_run, enum import_mode mode, json_t **report, struct err *e);
/* Writes the header row and one row per flat object of rows (NULL: a template). */
int sheet_export(const struct sheet_ops *ops, const json_t *rows, enum table_format fmt, const char *sheet_name,
                 struct strbuf *out, struct err *e);
#endif
