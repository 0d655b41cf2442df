/* fuzz_xlsx.c — libFuzzer target: table_read_xlsx on arbitrary bytes.
 *
 * Also table_read_xlsx_sheet by a name, first.
 *
 * An input starting with '<' is not a zip: it is the XML of a sheet, then
 * optionally a NUL and the XML of the shared strings, which the harness zips
 * (stored, uncompressed) before reading. Mutating deflated zips seldom reaches
 * the XML handlers; this mode does. Anything else is read as an XLSX file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "core/table.h"
#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_add(zip_t *za, const char *name, const uint8_t *data, size_t len)
{
	zip_source_t *s = zip_source_buffer(za, data, len, 0);
	zip_int64_t i;
	if (!s || (i = zip_file_add(za, name, s, 0)) < 0)
		abort();
	zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

/* Zips the sheet (and shared strings) XML into a new buffer. */
static char *fuzz_zip(const uint8_t *data, size_t size, size_t *len)
{
	const uint8_t *nul = memchr(data, '\0', size);
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;
	char *out;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za)
		abort();
	fuzz_add(za, "xl/worksheets/sheet1.xml", data, nul ? (size_t)(nul - data) : size);
	if (nul)
		fuzz_add(za, "xl/sharedStrings.xml", nul + 1, size - (size_t)(nul - data) - 1);
	if (zip_close(za) || zip_source_stat(src, &st) || zip_source_open(src))
		abort();
	out = xmalloc(st.size + 1);
	if (zip_source_read(src, out, st.size) != (zip_int64_t)st.size)
		abort();
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	*len = st.size;
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct table t = TABLE_INIT;
	struct err e;
	char *zipped = NULL;
	const char *buf = (const char *)data;
	int rc;

	if (size && data[0] == '<') {
		zipped = fuzz_zip(data, size, &size);
		buf = zipped;
	}
	/* A sheet by name (as a policy workbook is read): found, not there (1, nothing read) or refused. */
	rc = table_read_xlsx_sheet(&t, buf, size, "目标", &e);
	if (rc == 1 && t.nrows)
		abort();
	if (rc < 0 && (t.nrows || (e.code != ERR_UNPROCESSABLE && e.code != ERR_TOO_LARGE)))
		abort();
	table_release(&t);
	table_init(&t);
	rc = table_read_xlsx(&t, buf, size, &e);
	free(zipped);
	if (rc) {
		if (t.nrows || (e.code != ERR_UNPROCESSABLE && e.code != ERR_TOO_LARGE))
			abort();
		return 0;
	}
	for (size_t r = 0; r < t.nrows; r++)
		for (size_t c = 0; c < t.rows[r].ncells; c++) {
			const char *s = t.rows[r].cells[c];
			if (!s || !utf8_valid(s, strlen(s)) || strlen(s) > TABLE_MAX_CELL)
				abort();
		}
	if (t.nrows > TABLE_MAX_ROWS || (t.nrows && !t.rows[t.nrows - 1].ncells))
		abort();
	table_release(&t);
	return 0;
}
