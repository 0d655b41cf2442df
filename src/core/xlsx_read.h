/* xlsx_read.h — internals shared by table.c and xlsx_read.c: the row builder.
 *
 * Not part of the table API: only the two readers include this. The builder is
 * the one place that enforces the table limits, drops trailing empty rows and
 * fills gaps, so CSV and XLSX behave alike. Empty rows are counted, not stored,
 * until a non-empty row follows them; trailing ones are thus never allocated
 * and never count against TABLE_MAX_ROWS.
 */
#ifndef CORE_XLSX_READ_H
#define CORE_XLSX_READ_H
#include <stdbool.h>
#include <stddef.h>
#include "core/strbuf.h"
#include "core/table.h"

/* Total cost of the cells one reader may produce; each cell costs its length
 * plus TABLE_CELL_OVERHEAD. A small XLSX can reference one long shared string
 * a million times: this keeps such a file from expanding without bound. */
#define TABLE_MAX_BYTES	    (256u << 20)
#define TABLE_CELL_OVERHEAD 24

struct table_builder {
	struct table *t;
	size_t start;	      /* t->nrows when the builder began */
	size_t pending_empty; /* all-empty rows seen since the last stored row */
	size_t bytes;	      /* budget used, against TABLE_MAX_BYTES */
	/* The row being built, in the builder's own memory (a stream hands its table over between
	 * rows, while a row may be half read): each cell's offset in text plus one, 0 for a gap. */
	size_t *cells;
	struct strbuf text;
	size_t ncells, alloc;
	bool nonempty; /* the row being built has a non-empty cell */
};

void table_builder_init(struct table_builder *b, struct table *t);
/* On failure: removes the rows this builder added, leaving t as it was. */
void table_builder_abandon(struct table_builder *b);
/* Frees the row in progress; rows already ended belong to the table. */
void table_builder_release(struct table_builder *b);
/* Sets cell col of the current row to a copy of s[0..len) (replacing any value
 * there). ERR_TOO_LARGE beyond TABLE_MAX_COLS, TABLE_MAX_CELL or TABLE_MAX_BYTES. */
int table_builder_cell(struct table_builder *b, size_t col, const char *s, size_t len, struct err *e);
/* Ends the current row: an all-empty row is only counted; a non-empty one
 * stores the counted empty rows and itself. ERR_TOO_LARGE past TABLE_MAX_ROWS. */
int table_builder_end_row(struct table_builder *b, struct err *e);
/* Counts n empty rows (an XLSX row number gap). */
void table_builder_skip_rows(struct table_builder *b, size_t n);
/* Rows ended so far, stored or pending: the 0-based index of the next row. */
size_t table_builder_row(const struct table_builder *b);
#endif
