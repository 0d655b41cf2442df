/* fuzz_csv.c — libFuzzer target: table_read_csv on arbitrary bytes, and the write/read round trip. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "core/table.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What every successful read must give: cells that are valid UTF-8 and no
 * trailing empty row. */
static void fuzz_check(const struct table *t)
{
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->rows[r].ncells; c++) {
			const char *s = t->rows[r].cells[c];
			if (!s || !utf8_valid(s, strlen(s)) || strlen(s) > TABLE_MAX_CELL)
				abort();
		}
	if (t->nrows > TABLE_MAX_ROWS || (t->nrows && !t->rows[t->nrows - 1].ncells))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct table t = TABLE_INIT, back = TABLE_INIT;
	struct strbuf out = STRBUF_INIT;
	struct err e;

	if (table_read_csv(&t, (const char *)data, size, &e)) {
		if (t.nrows || (e.code != ERR_UNPROCESSABLE && e.code != ERR_TOO_LARGE))
			abort();
		return 0;
	}
	fuzz_check(&t);
	/* What we write, we must read back unchanged. */
	table_write_csv(&t, &out);
	if (table_read_csv(&back, out.buf, out.len, &e) || back.nrows != t.nrows)
		abort();
	for (size_t r = 0; r < t.nrows; r++) {
		if (back.rows[r].ncells != t.rows[r].ncells)
			abort();
		for (size_t c = 0; c < t.rows[r].ncells; c++)
			if (strcmp(back.rows[r].cells[c], t.rows[r].cells[c]))
				abort();
	}
	strbuf_release(&out);
	table_release(&back);
	table_release(&t);
	return 0;
}
