/* table.h — a sheet of text cells read from or written to CSV and XLSX.
 *
 * Import and export of every resource go through this one shape: a header row
 * and data rows of UTF-8 strings. Readers accept what Excel on Chinese Windows
 * writes: CSV in UTF-8, UTF-8 with BOM, or GBK/GB18030; XLSX's first sheet.
 * Cells are never NULL (an empty cell is ""); row numbers are 1-based as a
 * spreadsheet shows them (the header is row 1).
 */
#ifndef CORE_TABLE_H
#define CORE_TABLE_H
#include <stddef.h>
#include <stdio.h>
#include "core/arena.h"
#include "core/err.h"
#include "core/strbuf.h"

/* Named limits: a file beyond these is refused with ERR_TOO_LARGE. */
#define TABLE_MAX_ROWS 200000
#define TABLE_MAX_COLS 256
#define TABLE_MAX_CELL 32768

struct table_row {
	size_t ncells;
	char **cells;
};

struct table {
	size_t nrows, alloc;
	struct table_row *rows;  /* rows[0] is the header when there is one */
	struct arena mem;        /* the cells and the rows' cell arrays: freed at once */
};

#define TABLE_INIT { 0, 0, NULL, ARENA_INIT }
void table_init(struct table *t);
void table_release(struct table *t);
/* Appends a row copying ncells strings (NULL cells become ""). */
void table_add_row(struct table *t, const char *const *cells, size_t ncells);
/* The cell or "" when the row is shorter. */
const char *table_cell(const struct table *t, size_t row, size_t col);

enum table_format { TABLE_CSV, TABLE_XLSX, TABLE_UNKNOWN };
/* Sniffs the format from the first bytes (a ZIP signature means XLSX). */
enum table_format table_sniff(const char *buf, size_t len);

/* Converts buf to UTF-8: strips a UTF-8 BOM, keeps valid UTF-8, otherwise
 * decodes GB18030 (a superset of GBK) with iconv. Fails on bytes valid in neither. */
int text_to_utf8(const char *buf, size_t len, struct strbuf *out, struct err *e);

/* Parse a whole file, appending its rows to t. Trailing empty rows are
 * dropped; empty rows in between are kept (with no cells) so row numbers match
 * the spreadsheet's. Nothing is trimmed. CSV: comma-separated, RFC 4180
 * quotes, LF/CRLF/CR row ends; a cell matching '+[=+-@] loses its first '
 * (the inverse of table_write_csv's guard). XLSX: the first sheet; numbers stored as
 * integer-valued floats ("1.0E+3") read as integers ("1000"), others as
 * stored; booleans as TRUE/FALSE; dates as Excel's serial numbers.
 * Errors: ERR_TOO_LARGE past the limits, ERR_UNPROCESSABLE for a file that
 * cannot be read. On failure t is left as it was. */
int table_read_csv(struct table *t, const char *buf, size_t len, struct err *e);
int table_read_xlsx(struct table *t, const char *buf, size_t len, struct err *e);
int table_read(struct table *t, const char *buf, size_t len, struct err *e);  /* sniffs */
/* The sheet of an XLSX workbook named name (NULL: the first); 1 when there is no such sheet. */
int table_read_xlsx_sheet(struct table *t, const char *buf, size_t len, const char *name, struct err *e);

/* A CSV file read a batch of rows at a time, so that memory follows the batch and not the
 * file (a statistics bureau's file of millions of rows). The encoding is decided by the first
 * block — a UTF-8 BOM or valid UTF-8: UTF-8, checked block by block; otherwise GB18030 — and
 * rows and cells are read as table_read_csv reads them, under the same limits per cell and
 * column; there is no limit on the number of rows. */
struct table_stream;
struct table_stream *table_stream_open(FILE *f);
/* Empties t and reads at least max rows into it (fewer at the end of the file); returns the
 * number of rows read (0: the end; empty rows are kept, as table_read_csv keeps them), -1 with
 * ERR_UNPROCESSABLE or ERR_TOO_LARGE. t->rows[0] is the spreadsheet's row base + 1, base being
 * the rows read by the calls before. */
long table_stream_next(struct table_stream *s, struct table *t, size_t max, struct err *e);
void table_stream_close(struct table_stream *s);

/* CSV out: UTF-8 with BOM (so Excel opens it right), CRLF, RFC 4180 quoting;
 * cells starting with = + - @ are prefixed with ' against formula injection
 * (as are cells matching '+[=+-@], so that table_read_csv restores all). */
void table_write_csv(const struct table *t, struct strbuf *out);
/* XLSX out via libxlsxwriter: row 0 bold and frozen as the header, all cells as
 * text (so credit codes and leading zeros survive), sheet named sheet_name. */
int table_write_xlsx(const struct table *t, const char *sheet_name, struct strbuf *out, struct err *e);
/* A workbook of n sheets, each written as table_write_xlsx writes its one. */
int table_write_xlsx_book(const struct table *const *t, const char *const *sheet_names, size_t n, struct strbuf *out,
                          struct err *e);
#endif
