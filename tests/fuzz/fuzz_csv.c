/* fuzz_csv.c — libFuzzer target: table_read_csv on arbitrary bytes, the write/read round trip, and
 * the streaming reader (table_stream, three rows a batch) giving the same rows as the whole-file one. */
#include <stdint.h>
#include <stdio.h>
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
	/* Read a few rows at a time, the same rows. Fuzzed inputs fit in the stream's first block; the
	 * corpus's stream-blocks-200k.csv crosses 64 KiB blocks mid-row (a row half read when a batch
	 * is handed over once read freed cells: caught here under ASan). */
	FILE *f = fmemopen((void *)(uintptr_t)data, size, "rb");
	struct table_stream *s = f ? table_stream_open(f) : NULL;
	struct table batch = TABLE_INIT;
	size_t at = 0;
	long got;
	if (!s)
		abort();
	while ((got = table_stream_next(s, &batch, 3, &e)) > 0)
		for (size_t r = 0; r < batch.nrows; r++, at++) {
			if (at >= t.nrows || batch.rows[r].ncells != t.rows[at].ncells)
				abort();
			for (size_t c = 0; c < batch.rows[r].ncells; c++)
				if (strcmp(batch.rows[r].cells[c], t.rows[at].cells[c]))
					abort();
		}
	if (got < 0 || at != t.nrows)
		abort();
	table_release(&batch);
	table_stream_close(s);
	fclose(f);
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
