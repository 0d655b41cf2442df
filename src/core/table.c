/* table.c — the table of text cells, its CSV reader and writer, the XLSX writer. */
#include "core/table.h"
#include "core/util.h"
#include "core/xlsx_read.h"
#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

void table_init(struct table *t)
{
	t->nrows = t->alloc = 0;
	t->rows = NULL;
	arena_init(&t->mem);
}

void table_release(struct table *t)
{
	arena_release(&t->mem);
	free(t->rows);
	table_init(t);
}

/* Appends a row taking ownership of cells (an array of ncells strings). */
static void table_push_row(struct table *t, char **cells, size_t ncells)
{
	if (t->nrows == t->alloc) {
		t->alloc = t->alloc ? t->alloc * 2 : 16;
		t->rows = xrealloc(t->rows, t->alloc * sizeof(*t->rows));
	}
	t->rows[t->nrows].cells = cells;
	t->rows[t->nrows].ncells = ncells;
	t->nrows++;
}

void table_add_row(struct table *t, const char *const *cells, size_t ncells)
{
	char **copy = ncells ? arena_alloc(&t->mem, ncells * sizeof(*copy)) : NULL;
	for (size_t i = 0; i < ncells; i++)
		copy[i] = arena_strdup(&t->mem, cells[i] ? cells[i] : "");
	table_push_row(t, copy, ncells);
}

const char *table_cell(const struct table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->rows[row].ncells)
		return "";
	return t->rows[row].cells[col];
}

/* ---- the row builder (see xlsx_read.h) ---------------------------------- */

void table_builder_init(struct table_builder *b, struct table *t)
{
	memset(b, 0, sizeof(*b));
	strbuf_init(&b->text, 0);
	b->t = t;
	b->start = t->nrows;
}

void table_builder_abandon(struct table_builder *b)
{
	struct table *t = b->t;
	t->nrows = b->start; /* their cells stay in the arena until the table is released */
	if (!t->nrows)
		table_release(t); /* also frees the row array */
	b->pending_empty = 0;
}

static void table_builder_clear_row(struct table_builder *b)
{
	b->ncells = 0;
	b->nonempty = false;
	strbuf_reset(&b->text);
}

void table_builder_release(struct table_builder *b)
{
	table_builder_clear_row(b);
	strbuf_release(&b->text);
	free(b->cells);
	b->cells = NULL;
	b->alloc = 0;
}

static int table_too_large(struct err *e, const char *what)
{
	return err_set(e, ERR_TOO_LARGE, NULL, what);
}

/* Charges n cells of len bytes in total against the budget. */
static int table_builder_charge(struct table_builder *b, size_t ncells, size_t len, struct err *e)
{
	size_t cost = len + ncells * TABLE_CELL_OVERHEAD;
	if (cost > TABLE_MAX_BYTES - b->bytes)
		return table_too_large(e, "256 MiB of cell text");
	b->bytes += cost;
	return 0;
}

int table_builder_cell(struct table_builder *b, size_t col, const char *s, size_t len, struct err *e)
{
	if (col >= TABLE_MAX_COLS)
		return table_too_large(e, "256 columns");
	if (len > TABLE_MAX_CELL)
		return table_too_large(e, "32768 bytes per cell");
	if (col >= b->ncells) {
		/* The gap before col is filled with "" when the row ends. */
		if (table_builder_charge(b, col + 1 - b->ncells, len, e))
			return -1;
		if (col >= b->alloc) {
			size_t n = b->alloc ? b->alloc : 16;
			while (n <= col)
				n *= 2;
			b->cells = xrealloc(b->cells, n * sizeof(*b->cells));
			b->alloc = n;
		}
		for (size_t i = b->ncells; i <= col; i++)
			b->cells[i] = 0;
		b->ncells = col + 1;
	} else {
		if (table_builder_charge(b, 0, len, e))
			return -1;
	}
	/* A cell set again (XLSX may repeat one) takes the new text; the old stays unused. */
	b->cells[col] = b->text.len + 1;
	strbuf_add(&b->text, s ? s : "", s ? len : 0);
	strbuf_addch(&b->text, '\0');
	if (s && len)
		b->nonempty = true;
	return 0;
}

int table_builder_end_row(struct table_builder *b, struct err *e)
{
	if (!b->nonempty) {
		table_builder_clear_row(b);
		table_builder_skip_rows(b, 1);
		return 0;
	}
	if (b->t->nrows + b->pending_empty >= TABLE_MAX_ROWS)
		return table_too_large(e, "200000 rows");
	for (; b->pending_empty; b->pending_empty--)
		table_push_row(b->t, NULL, 0);
	char **cells = arena_alloc(&b->t->mem, b->ncells * sizeof(*cells));
	for (size_t i = 0; i < b->ncells; i++)
		cells[i] = arena_strdup(&b->t->mem, b->cells[i] ? b->text.buf + b->cells[i] - 1 : "");
	table_push_row(b->t, cells, b->ncells);
	table_builder_clear_row(b);
	return 0;
}

void table_builder_skip_rows(struct table_builder *b, size_t n)
{
	/* Saturate: one row past the limit is enough to refuse what follows. */
	if (n > TABLE_MAX_ROWS - b->pending_empty)
		b->pending_empty = TABLE_MAX_ROWS;
	else
		b->pending_empty += n;
}

size_t table_builder_row(const struct table_builder *b)
{
	return b->t->nrows + b->pending_empty;
}

/* ---- sniffing and decoding ---------------------------------------------- */

enum table_format table_sniff(const char *buf, size_t len)
{
	static const char ole2[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
	if (len >= 4 && !memcmp(buf, "PK\x03\x04", 4))
		return TABLE_XLSX;
	if (len >= 4 && !memcmp(buf, "PK\x05\x06", 4))
		return TABLE_XLSX; /* an empty zip: the XLSX reader says why it fails */
	if (len >= 8 && !memcmp(buf, ole2, 8))
		return TABLE_UNKNOWN; /* .xls and other OLE2 documents */
	/* Text has no NUL bytes; UTF-16 and binary files do. */
	if (memchr(buf, '\0', len < 512 ? len : 512))
		return TABLE_UNKNOWN;
	return TABLE_CSV;
}

static int text_from_gb18030(const char *buf, size_t len, struct strbuf *out, struct err *e)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	if (cd == (iconv_t)-1)
		return err_set(e, ERR_INTERNAL, NULL, "iconv: GB18030 not available");
	size_t start = out->len;
	char *in = (char *)(uintptr_t)buf; /* iconv's prototype lacks const */
	size_t inleft = len;
	int ret = 0;
	strbuf_grow(out, len + len / 2 + 16);
	while (inleft) {
		char *o = out->buf + out->len;
		size_t oleft = out->alloc - out->len - 1, before = oleft;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		strbuf_setlen(out, out->len + (before - oleft));
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			strbuf_grow(out, inleft * 2 + 16);
			continue;
		}
		ret = err_setf(e, ERR_UNPROCESSABLE, NULL, "text is neither UTF-8 nor GBK (byte offset %zu)",
			       len - inleft);
		break;
	}
	iconv_close(cd);
	/* GB18030 maps NUL and controls through; UTF-8 validity also refuses NUL. */
	if (!ret && !utf8_valid(out->buf + start, out->len - start))
		ret = err_set(e, ERR_UNPROCESSABLE, NULL, "text contains NUL bytes");
	if (ret)
		strbuf_setlen(out, start);
	return ret;
}

int text_to_utf8(const char *buf, size_t len, struct strbuf *out, struct err *e)
{
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
		/* A BOM says UTF-8: do not guess another encoding. */
		if (!utf8_valid(buf + 3, len - 3))
			return err_set(e, ERR_UNPROCESSABLE, NULL, "text has a UTF-8 BOM but invalid UTF-8");
		strbuf_add(out, buf + 3, len - 3);
		return 0;
	}
	if (utf8_valid(buf, len)) {
		strbuf_add(out, buf, len);
		return 0;
	}
	return text_from_gb18030(buf, len, out, e);
}

/* ---- CSV ---------------------------------------------------------------- */

struct csv_state {
	struct table_builder b;
	struct err *e;
	bool failed;
	int last_term; /* the character that ended the previous row */
};

/* The characters a spreadsheet takes as the start of a formula. */
static bool table_formula_char(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@';
}

/* Whether s (len bytes) matches ^'*[=+-@]: what table_write_csv guards with
 * one more apostrophe. Counting the apostrophes makes the guard a bijection:
 * "'=x" is written as "''=x" and reads back as "'=x". */
static bool table_guarded(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && s[i] == '\'')
		i++;
	return i < len && table_formula_char(s[i]);
}

static void csv_on_field(void *s, size_t len, void *data)
{
	struct csv_state *st = data;
	const char *f = s;
	if (st->failed)
		return;
	/* Undo table_write_csv's guard: one apostrophe before = + - @. */
	if (f && len >= 2 && f[0] == '\'' && table_guarded(f, len)) {
		f++;
		len--;
	}
	if (table_builder_cell(&st->b, st->b.ncells, f, len, st->e))
		st->failed = true;
}

static void csv_on_row(int c, void *data)
{
	struct csv_state *st = data;
	int prev = st->last_term;
	st->last_term = c;
	if (st->failed)
		return;
	/* CSV_REPALL_NL reports CR and LF apart: CRLF is one row end, not two. */
	if (c == '\n' && prev == '\r' && st->b.ncells == 0)
		return;
	if (table_builder_end_row(&st->b, st->e))
		st->failed = true;
}

/* libcsv grows a field's buffer with this: refusing memory past the cell limit
 * stops a single huge field early (csv_parse then reports CSV_ENOMEM). */
static void *csv_realloc_capped(void *p, size_t n)
{
	if (n > TABLE_MAX_CELL + 4096)
		return NULL;
	return realloc(p, n);
}

static int csv_never_space(unsigned char c)
{
	return 0; /* keep spaces: the importer trims */
}

int table_read_csv(struct table *t, const char *buf, size_t len, struct err *e)
{
	struct strbuf text = STRBUF_INIT;
	struct csv_parser p;
	struct csv_state st = {.e = e};
	int ret = -1;

	if (text_to_utf8(buf, len, &text, e)) {
		strbuf_release(&text);
		return -1;
	}
	if (csv_init(&p, CSV_REPALL_NL) != 0) {
		strbuf_release(&text);
		return err_set(e, ERR_INTERNAL, NULL, "csv_init failed");
	}
	csv_set_space_func(&p, csv_never_space);
	csv_set_realloc_func(&p, csv_realloc_capped);
	table_builder_init(&st.b, t);

	/* In chunks, so a limit hit early stops the work early. */
	for (size_t off = 0; off < text.len && !st.failed;) {
		size_t n = text.len - off < 65536 ? text.len - off : 65536;
		if (csv_parse(&p, text.buf + off, n, csv_on_field, csv_on_row, &st) != n) {
			if (csv_error(&p) == CSV_ENOMEM)
				table_too_large(e, "32768 bytes per cell");
			else
				err_setf(e, ERR_UNPROCESSABLE, NULL, "csv: %s", csv_strerror(csv_error(&p)));
			goto out;
		}
		off += n;
	}
	if (!st.failed)
		csv_fini(&p, csv_on_field, csv_on_row, &st);
	if (st.failed)
		goto out;
	ret = 0;
out:
	if (ret)
		table_builder_abandon(&st.b);
	table_builder_release(&st.b);
	csv_free(&p);
	strbuf_release(&text);
	return ret;
}

/* ---- CSV, a batch at a time ----------------------------------------------- */

struct table_stream {
	FILE *f;
	struct csv_parser p;
	struct csv_state st;
	struct table batch;
	enum { ENC_UNKNOWN, ENC_UTF8, ENC_GB18030 } enc;
	iconv_t cd;
	char carry[8]; /* an incomplete character at the end of a block */
	size_t ncarry;
	long long offset; /* bytes of the file read, for messages */
	bool eof, done;
};

struct table_stream *table_stream_open(FILE *f)
{
	struct table_stream *s = xcalloc(1, sizeof(*s));
	s->f = f;
	s->cd = (iconv_t)-1;
	if (csv_init(&s->p, CSV_REPALL_NL) != 0) {
		free(s);
		return NULL;
	}
	csv_set_space_func(&s->p, csv_never_space);
	csv_set_realloc_func(&s->p, csv_realloc_capped);
	table_builder_init(&s->st.b, &s->batch);
	return s;
}

void table_stream_close(struct table_stream *s)
{
	if (!s)
		return;
	table_builder_release(&s->st.b);
	table_release(&s->batch);
	csv_free(&s->p);
	if (s->cd != (iconv_t)-1)
		iconv_close(s->cd);
	free(s);
}

/* Bytes at the end of buf that begin a UTF-8 character not yet complete. */
static size_t utf8_incomplete_tail(const unsigned char *buf, size_t len)
{
	for (size_t k = 1; k <= 3 && k <= len; k++) {
		unsigned char c = buf[len - k];
		if ((c & 0xC0) == 0x80)
			continue; /* a continuation byte: look further back */
		size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		return need > k ? k : 0;
	}
	return 0;
}

/* Decodes the next block of the file into text (UTF-8); 0 at the end, -1 on error. */
static int stream_block(struct table_stream *s, struct strbuf *text, struct err *e)
{
	char raw[65536 + 8];
	size_t n = s->ncarry;
	memcpy(raw, s->carry, s->ncarry);
	n += fread(raw + n, 1, 65536, s->f);
	if (ferror(s->f))
		return err_setf(e, ERR_UNPROCESSABLE, "file", "cannot read the file: %s", strerror(errno));
	s->eof = feof(s->f);
	s->ncarry = 0;
	if (!n)
		return 0;
	const char *in = raw;
	if (s->enc == ENC_UNKNOWN) {
		if (n >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3)) {
			s->enc = ENC_UTF8;
			in += 3;
			n -= 3;
		} else {
			size_t tail = s->eof ? 0 : utf8_incomplete_tail((const unsigned char *)raw, n);
			s->enc = utf8_valid(raw, n - tail) ? ENC_UTF8 : ENC_GB18030;
		}
	}
	if (s->enc == ENC_UTF8) {
		size_t tail = s->eof ? 0 : utf8_incomplete_tail((const unsigned char *)in, n);
		if (!utf8_valid(in, n - tail))
			return err_setf(e, ERR_UNPROCESSABLE, "file", "text is not UTF-8 (in the bytes from offset %lld)",
			                s->offset);
		strbuf_add(text, in, n - tail);
		memcpy(s->carry, in + n - tail, tail);
		s->ncarry = tail;
	} else {
		if (s->cd == (iconv_t)-1 && (s->cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1)
			return err_set(e, ERR_INTERNAL, NULL, "iconv: GB18030 not available");
		char *ip = (char *)(uintptr_t)in;
		size_t left = n;
		strbuf_grow(text, n * 2 + 16);
		while (left) {
			char *o = text->buf + text->len;
			size_t oleft = text->alloc - text->len - 1, before = oleft;
			size_t r = iconv(s->cd, &ip, &left, &o, &oleft);
			strbuf_setlen(text, text->len + (before - oleft));
			if (r != (size_t)-1)
				break;
			if (errno == E2BIG) {
				strbuf_grow(text, left * 2 + 16);
			} else if (errno == EINVAL && !s->eof && left < sizeof(s->carry)) {
				memcpy(s->carry, ip, left); /* a character split by the block: the next one ends it */
				s->ncarry = left;
				break;
			} else {
				return err_setf(e, ERR_UNPROCESSABLE, "file", "text is neither UTF-8 nor GBK (byte offset %lld)",
				                s->offset + (long long)(ip - raw));
			}
		}
		if (!utf8_valid(text->buf, text->len))
			return err_set(e, ERR_UNPROCESSABLE, "file", "text contains NUL bytes");
	}
	s->offset += (long long)(n - s->ncarry);
	return 1;
}

long table_stream_next(struct table_stream *s, struct table *t, size_t max, struct err *e)
{
	struct strbuf text = STRBUF_INIT;
	long rc = -1;
	table_release(&s->batch);
	table_init(&s->batch);
	s->st.e = e;
	s->st.b.start = 0;
	s->st.b.bytes = 0;
	while (s->batch.nrows < max && !s->done) {
		strbuf_reset(&text);
		int got = stream_block(s, &text, e);
		if (got < 0)
			goto out;
		if (text.len && csv_parse(&s->p, text.buf, text.len, csv_on_field, csv_on_row, &s->st) != text.len) {
			if (csv_error(&s->p) == CSV_ENOMEM)
				table_too_large(e, "32768 bytes per cell");
			else
				err_setf(e, ERR_UNPROCESSABLE, NULL, "csv: %s", csv_strerror(csv_error(&s->p)));
			goto out;
		}
		if (s->st.failed)
			goto out;
		if (!got || (s->eof && !s->ncarry)) {
			csv_fini(&s->p, csv_on_field, csv_on_row, &s->st);
			s->done = true;
			if (s->st.failed)
				goto out;
		}
	}
	/* The batch is the caller's; the stream starts a new one next time. */
	table_release(t);
	*t = s->batch;
	table_init(&s->batch);
	rc = (long)t->nrows;
out:
	strbuf_release(&text);
	return rc;
}

static void csv_write_cell(struct strbuf *out, const char *s)
{
	bool guard = table_guarded(s, strlen(s));
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		strbuf_addch(out, '"');
	if (guard)
		strbuf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(out, '"');
		strbuf_addch(out, *s);
	}
	if (quote)
		strbuf_addch(out, '"');
}

void table_write_csv(const struct table *t, struct strbuf *out)
{
	strbuf_add(out, "\xEF\xBB\xBF", 3);
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->rows[r].ncells; c++) {
			if (c)
				strbuf_addch(out, ',');
			csv_write_cell(out, t->rows[r].cells[c]);
		}
		strbuf_add(out, "\r\n", 2);
	}
}

int table_read(struct table *t, const char *buf, size_t len, struct err *e)
{
	switch (table_sniff(buf, len)) {
	case TABLE_CSV:
		return table_read_csv(t, buf, len, e);
	case TABLE_XLSX:
		return table_read_xlsx(t, buf, len, e);
	default:
		return err_set(e, ERR_UNPROCESSABLE, NULL, "not a CSV or XLSX file");
	}
}

/* ---- XLSX out ------------------------------------------------------------ */

/* Hangul Jamo, and CJK from U+2E80 on (not surrogates or private use). */
static bool table_wide(unsigned cp)
{
	if (cp < 0x1100 || cp > 0x3FFFF || (cp >= 0xD800 && cp <= 0xF8FF))
		return false;
	return cp <= 0x115F || cp >= 0x2E80;
}

/* Display width in character cells: CJK and other wide scripts count two. */
static size_t table_text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;
	while (*p) {
		unsigned cp = *p;
		size_t n = 1;
		if (cp >= 0xF0)
			n = 4, cp &= 0x07;
		else if (cp >= 0xE0)
			n = 3, cp &= 0x0F;
		else if (cp >= 0xC0)
			n = 2, cp &= 0x1F;
		for (size_t i = 1; i < n && (p[i] & 0xC0) == 0x80; i++)
			cp = (cp << 6) | (p[i] & 0x3F);
		for (size_t i = 0; i < n && *p; i++)
			p++;
		w += table_wide(cp) ? 2 : 1;
	}
	return w;
}

/* Whether s starts with an OOXML escape "_xHHHH_". */
static bool table_ooxml_escape_at(const char *s)
{
	if (s[0] != '_' || s[1] != 'x')
		return false;
	for (int i = 2; i < 6; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	return s[6] == '_';
}

/* libxlsxwriter writes a literal "_x0041_" as is, and Excel (and our reader)
 * would read it as "A": escape its underscore as _x005F_ so text survives. */
static const char *table_xlsx_text(const char *s, struct strbuf *tmp)
{
	const char *p = strstr(s, "_x");
	if (!p)
		return s;
	strbuf_reset(tmp);
	for (p = s; *p; p++) {
		if (table_ooxml_escape_at(p))
			strbuf_addstr(tmp, "_x005F_"); /* replaces the '_' */
		else
			strbuf_addch(tmp, *p);
	}
	return tmp->buf;
}

static int table_read_file(const char *path, struct strbuf *out, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_setf(e, ERR_INTERNAL, NULL, "xlsx: cannot reopen temp file: %s", strerror(errno));
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_add(out, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return err_set(e, ERR_INTERNAL, NULL, "xlsx: cannot read temp file");
	return 0;
}

/* One sheet of a workbook: row 0 bold and frozen, all cells as text, columns fitted. */
static int table_write_sheet(lxw_workbook *wb, const struct table *t, const char *sheet_name, lxw_format *bold,
			     struct strbuf *tmp, struct err *e)
{
	lxw_worksheet *ws;
	lxw_error rc;
	size_t *width = NULL, ncols = 0;
	int ret = -1;

	if (sheet_name && workbook_validate_sheet_name(wb, sheet_name) != LXW_NO_ERROR)
		return err_set(e, ERR_INTERNAL, NULL, "xlsx: invalid sheet name");
	ws = workbook_add_worksheet(wb, sheet_name);
	if (!ws)
		return err_set(e, ERR_INTERNAL, NULL, "xlsx: cannot add worksheet");
	if (t->nrows > LXW_ROW_MAX)
		return table_too_large(e, "1048576 rows");
	for (size_t r = 0; r < t->nrows; r++)
		if (t->rows[r].ncells > ncols)
			ncols = t->rows[r].ncells;
	if (ncols > LXW_COL_MAX)
		return table_too_large(e, "16384 columns");
	width = xcalloc(ncols ? ncols : 1, sizeof(*width));
	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t c = 0; c < t->rows[r].ncells; c++) {
			const char *s = t->rows[r].cells[c];
			size_t w;
			if (!*s)
				continue; /* nothing to write; a gap reads back as "" */
			rc = worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, table_xlsx_text(s, tmp),
						    r == 0 ? bold : NULL);
			if (rc != LXW_NO_ERROR) {
				err_setf(e, ERR_UNPROCESSABLE, NULL, "xlsx: row %zu column %zu: %s", r + 1,
					 c + 1, lxw_strerror(rc));
				goto out;
			}
			w = table_text_width(s);
			if (w > width[c])
				width[c] = w;
		}
	}
	for (size_t c = 0; c < ncols; c++) {
		double w = (double)width[c] + 2;
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w < 8 ? 8 : w > 60 ? 60 : w, NULL);
	}
	if (t->nrows)
		worksheet_freeze_panes(ws, 1, 0);
	ret = 0;
out:
	free(width);
	return ret;
}

int table_write_xlsx(const struct table *t, const char *sheet_name, struct strbuf *out, struct err *e)
{
	return table_write_xlsx_book(&t, &sheet_name, 1, out, e);
}

int table_write_xlsx_book(const struct table *const *t, const char *const *sheet_names, size_t n, struct strbuf *out,
			  struct err *e)
{
	const char *tmpdir = getenv("TMPDIR");
	struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT;
	lxw_workbook *wb = NULL;
	lxw_format *bold;
	lxw_error rc;
	int fd, ret = -1;

	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	strbuf_addf(&path, "%s/luoshi-xlsx-XXXXXX", tmpdir);
	fd = mkstemp(path.buf);
	if (fd < 0) {
		err_setf(e, ERR_INTERNAL, NULL, "xlsx: mkstemp: %s", strerror(errno));
		goto out_nofile;
	}
	close(fd);

	lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = (char *)(uintptr_t)tmpdir};
	wb = workbook_new_opt(path.buf, &opt);
	if (!wb) {
		err_set(e, ERR_INTERNAL, NULL, "xlsx: cannot create workbook");
		goto out;
	}
	bold = workbook_add_format(wb);
	if (!bold) {
		err_set(e, ERR_INTERNAL, NULL, "xlsx: cannot add worksheet");
		goto out;
	}
	format_set_bold(bold);
	for (size_t i = 0; i < n; i++)
		if (table_write_sheet(wb, t[i], sheet_names[i], bold, &tmp, e))
			goto out;

	rc = workbook_close(wb);
	wb = NULL;
	if (rc != LXW_NO_ERROR) {
		err_setf(e, ERR_INTERNAL, NULL, "xlsx: %s", lxw_strerror(rc));
		goto out;
	}
	if (table_read_file(path.buf, out, e))
		goto out;
	ret = 0;
out:
	if (wb) {
		/* workbook_close is the only way to free a workbook; it writes the
		 * half-built file, which the unlink below removes. */
		workbook_close(wb);
	}
	unlink(path.buf);
out_nofile:
	strbuf_release(&tmp);
	strbuf_release(&path);
	return ret;
}
