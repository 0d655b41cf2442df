/* xlsx_read.c — table_read_xlsx: the first sheet of an XLSX file, via libzip and expat.
 *
 * The file is hostile until proven otherwise: every part is decompressed in
 * chunks up to XLSX_MAX_PART bytes (zip bombs), documents with a DOCTYPE are
 * refused (no entity expansion at all), and the cells go through the row
 * builder, which enforces the table limits. Only what a reader needs is
 * parsed: workbook.xml and its rels to find the first sheet, the shared
 * strings, and the sheet's <sheetData>. Element names are matched on their
 * local part so prefixed (strict OOXML, other writers) documents work too.
 */
#include "core/table.h"
#include "core/util.h"
#include "core/xlsx_read.h"
#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define XLSX_MAX_PART	    (64u << 20) /* decompressed bytes of any one part */
#define XLSX_CHUNK	    65536
#define XLSX_MAX_INT_DIGITS 21 /* longer integers stay as Excel stored them */

struct xlsx_sst_entry {
	uint32_t off, len;
};

struct xlsx {
	zip_t *za;
	struct err *e;
	char *chunk;		/* XLSX_CHUNK bytes for reading parts */
	struct strbuf sst_text; /* all shared strings, back to back */
	struct xlsx_sst_entry *sst;
	size_t nsst, sst_alloc;
};

/* What every parse callback context starts with. */
struct xlsx_parse {
	XML_Parser p;
	struct err *e;
	const char *part;
	bool failed; /* e is set; the parser was stopped */
};

static int xlsx_fail(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int xlsx_fail(struct err *e, const char *fmt, ...)
{
	char arg[sizeof(e->arg)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(arg, sizeof(arg), fmt, ap);
	va_end(ap);
	return err_set(e, ERR_UNPROCESSABLE, NULL, arg);
}

/* Stops the parser after e was set by a callback. */
static void xlsx_abort(struct xlsx_parse *xp)
{
	xp->failed = true;
	XML_StopParser(xp->p, XML_FALSE);
}

static const char *xlsx_local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static bool xlsx_is(const char *name, const char *local)
{
	return strcmp(xlsx_local(name), local) == 0;
}

/* The value of the attribute with local name local, or NULL. With prefixed
 * set, only a prefixed name matches (r:id, not a bare id). */
static const char *xlsx_attr(const char **atts, const char *local, bool prefixed)
{
	for (; atts[0]; atts += 2) {
		if (prefixed && !strchr(atts[0], ':'))
			continue;
		if (xlsx_is(atts[0], local))
			return atts[1];
	}
	return NULL;
}

static void XMLCALL xlsx_on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
				    const XML_Char *pubid, int has_internal_subset)
{
	struct xlsx_parse *xp = ud;
	xlsx_fail(xp->e, "xlsx: %s: DOCTYPE not allowed", xp->part);
	xlsx_abort(xp);
}

/* Finds a part by name, exactly or else ignoring case; -1 if absent. */
static zip_int64_t xlsx_locate(struct xlsx *x, const char *name)
{
	zip_int64_t i = zip_name_locate(x->za, name, 0);
	if (i < 0)
		i = zip_name_locate(x->za, name, ZIP_FL_NOCASE);
	return i;
}

/* Streams one part through expat with the handlers given; xp is the parser's
 * user data. A missing part fails only when required (then *found is false). */
static int xlsx_parse_part(struct xlsx *x, const char *name, bool required, bool *found,
			   struct xlsx_parse *xp, XML_StartElementHandler start, XML_EndElementHandler end,
			   XML_CharacterDataHandler text)
{
	zip_int64_t idx = xlsx_locate(x, name);
	zip_file_t *zf = NULL;
	size_t total = 0;
	int ret = -1;

	if (found)
		*found = idx >= 0;
	if (idx < 0)
		return required ? xlsx_fail(x->e, "xlsx: missing %s", name) : 0;
	zf = zip_fopen_index(x->za, (zip_uint64_t)idx, 0);
	if (!zf)
		return err_setf(x->e, ERR_UNPROCESSABLE, NULL, "xlsx: cannot open %s: %s", name,
				zip_strerror(x->za));

	xp->p = XML_ParserCreate(NULL);
	xp->e = x->e;
	xp->part = name;
	xp->failed = false;
	XML_SetUserData(xp->p, xp);
	XML_SetElementHandler(xp->p, start, end);
	XML_SetCharacterDataHandler(xp->p, text);
	XML_SetStartDoctypeDeclHandler(xp->p, xlsx_on_doctype);
	XML_SetParamEntityParsing(xp->p, XML_PARAM_ENTITY_PARSING_NEVER);

	for (;;) {
		zip_int64_t n = zip_fread(zf, x->chunk, XLSX_CHUNK);
		if (n < 0) {
			err_setf(x->e, ERR_UNPROCESSABLE, NULL, "xlsx: cannot read %s: %s", name,
				 zip_file_strerror(zf));
			goto out;
		}
		total += (size_t)n;
		if (total > XLSX_MAX_PART) {
			xlsx_fail(x->e, "xlsx: %s expands beyond 64 MiB", name);
			goto out;
		}
		if (XML_Parse(xp->p, x->chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (!xp->failed)
				err_setf(x->e, ERR_UNPROCESSABLE, NULL, "xlsx: %s line %lu: %s", name,
					 (unsigned long)XML_GetCurrentLineNumber(xp->p),
					 XML_ErrorString(XML_GetErrorCode(xp->p)));
			goto out;
		}
		if (n == 0)
			break;
	}
	ret = 0;
out:
	XML_ParserFree(xp->p);
	xp->p = NULL;
	zip_fclose(zf);
	return ret;
}

/* Appends s[0..len) decoding OOXML's _xHHHH_ escapes (how Excel stores
 * control characters, and _x005F_ for a literal underscore). */
static void xlsx_unescape(struct strbuf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned cp = 0;
		size_t k;
		if (s[i] != '_' || len - i < 7 || s[i + 1] != 'x' || s[i + 6] != '_') {
			strbuf_addch(out, s[i]);
			continue;
		}
		for (k = 2; k < 6; k++) {
			char c = s[i + k];
			unsigned d;
			if (c >= '0' && c <= '9')
				d = (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				d = (unsigned)(c - 'a' + 10);
			else if (c >= 'A' && c <= 'F')
				d = (unsigned)(c - 'A' + 10);
			else
				break;
			cp = cp * 16 + d;
		}
		if (k < 6 || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
			strbuf_addch(out, s[i]);
			continue;
		}
		if (cp < 0x80) {
			strbuf_addch(out, (int)cp);
		} else if (cp < 0x800) {
			strbuf_addch(out, (int)(0xC0 | cp >> 6));
			strbuf_addch(out, (int)(0x80 | (cp & 0x3F)));
		} else {
			strbuf_addch(out, (int)(0xE0 | cp >> 12));
			strbuf_addch(out, (int)(0x80 | ((cp >> 6) & 0x3F)));
			strbuf_addch(out, (int)(0x80 | (cp & 0x3F)));
		}
		i += 6;
	}
}

/* Text collected for one cell or shared string: raw, before unescaping,
 * so the bound allows for a 7-byte _xHHHH_ per character. */
#define XLSX_MAX_RAW_TEXT (TABLE_MAX_CELL * 7 + 7)

static int xlsx_collect(struct strbuf *sb, const char *s, int len, struct err *e)
{
	if ((size_t)len > XLSX_MAX_RAW_TEXT - sb->len)
		return err_set(e, ERR_TOO_LARGE, NULL, "32768 bytes per cell");
	strbuf_add(sb, s, (size_t)len);
	return 0;
}

/* ---- paths ----------------------------------------------------------------- */

/* Resolves a relationship target against xl/ into a part name, handling an
 * absolute target and "." / ".." segments. */
static void xlsx_resolve(struct strbuf *out, const char *target)
{
	struct strbuf in = STRBUF_INIT;
	if (target[0] == '/')
		strbuf_addstr(&in, target + 1);
	else
		strbuf_addf(&in, "xl/%s", target);
	strbuf_reset(out);
	for (char *seg = in.buf, *next; seg; seg = next) {
		next = strchr(seg, '/');
		if (next)
			*next++ = '\0';
		if (!*seg || !strcmp(seg, "."))
			continue;
		if (!strcmp(seg, "..")) {
			char *slash = strrchr(out->buf, '/');
			strbuf_setlen(out, slash ? (size_t)(slash - out->buf) : 0);
			continue;
		}
		if (out->len)
			strbuf_addch(out, '/');
		strbuf_addstr(out, seg);
	}
	strbuf_release(&in);
}

/* ---- workbook.xml and its rels ----------------------------------------------- */

struct xlsx_book {
	struct xlsx_parse xp;
	const char *want; /* the sheet's name, or NULL for the first */
	char *sheet_rid;  /* r:id of the first <sheet>, or of the one named want */
	char *sheet_target, *sst_target;
};

static void XMLCALL xlsx_book_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_book *bk = ud;
	const char *rid;
	if (bk->sheet_rid || !xlsx_is(name, "sheet"))
		return;
	if (bk->want && !(xlsx_attr(atts, "name", false) && !strcmp(xlsx_attr(atts, "name", false), bk->want)))
		return;
	rid = xlsx_attr(atts, "id", true);
	if (rid)
		bk->sheet_rid = xstrdup(rid);
}

static bool xlsx_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static void XMLCALL xlsx_rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_book *bk = ud;
	const char *id, *type, *target, *mode;
	if (!xlsx_is(name, "Relationship"))
		return;
	id = xlsx_attr(atts, "Id", false);
	type = xlsx_attr(atts, "Type", false);
	target = xlsx_attr(atts, "Target", false);
	mode = xlsx_attr(atts, "TargetMode", false);
	if (!id || !target || (mode && strcmp(mode, "Internal")))
		return;
	if (!bk->sheet_target && bk->sheet_rid && !strcmp(id, bk->sheet_rid))
		bk->sheet_target = xstrdup(target);
	if (!bk->sst_target && type && xlsx_ends_with(type, "/sharedStrings"))
		bk->sst_target = xstrdup(target);
}

static void XMLCALL xlsx_no_end(void *ud, const XML_Char *name)
{
}

static void XMLCALL xlsx_no_text(void *ud, const XML_Char *s, int len)
{
}

/* ---- sharedStrings.xml ----------------------------------------------------- */

struct xlsx_sst_parse {
	struct xlsx_parse xp;
	struct xlsx *x;
	struct strbuf cur, decoded;
	bool in_si, in_t;
	unsigned rph; /* depth inside <rPh> (phonetic runs: skipped) */
};

static void XMLCALL xlsx_sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_sst_parse *sp = ud;
	const char *l = xlsx_local(name);
	if (sp->xp.failed)
		return; /* expat may still call back after XML_StopParser */
	if (!strcmp(l, "si")) {
		sp->in_si = true;
		sp->rph = 0;
		strbuf_reset(&sp->cur);
	} else if (!strcmp(l, "rPh")) {
		sp->rph++;
	} else if (!strcmp(l, "t") && sp->in_si && !sp->rph) {
		sp->in_t = true;
	}
}

static void XMLCALL xlsx_sst_end(void *ud, const XML_Char *name)
{
	struct xlsx_sst_parse *sp = ud;
	struct xlsx *x = sp->x;
	const char *l = xlsx_local(name);
	if (sp->xp.failed)
		return;
	if (!strcmp(l, "t")) {
		sp->in_t = false;
	} else if (!strcmp(l, "rPh")) {
		if (sp->rph)
			sp->rph--;
	} else if (!strcmp(l, "si") && sp->in_si) {
		sp->in_si = false;
		strbuf_reset(&sp->decoded);
		xlsx_unescape(&sp->decoded, sp->cur.buf, sp->cur.len);
		/* An over-long string fails only if a cell uses it: keep it short. */
		if (sp->decoded.len > TABLE_MAX_CELL)
			strbuf_setlen(&sp->decoded, TABLE_MAX_CELL + 1);
		if (x->nsst == x->sst_alloc) {
			x->sst_alloc = x->sst_alloc ? x->sst_alloc * 2 : 256;
			x->sst = xrealloc(x->sst, x->sst_alloc * sizeof(*x->sst));
		}
		/* Parts are capped at 64 MiB, so offsets fit in 32 bits. */
		x->sst[x->nsst].off = (uint32_t)x->sst_text.len;
		x->sst[x->nsst].len = (uint32_t)sp->decoded.len;
		x->nsst++;
		strbuf_add(&x->sst_text, sp->decoded.buf, sp->decoded.len);
	}
}

static void XMLCALL xlsx_sst_text(void *ud, const XML_Char *s, int len)
{
	struct xlsx_sst_parse *sp = ud;
	if (sp->in_t && !sp->xp.failed && xlsx_collect(&sp->cur, s, len, sp->xp.e))
		xlsx_abort(&sp->xp);
}

/* ---- the sheet -------------------------------------------------------------- */

struct xlsx_sheet_parse {
	struct xlsx_parse xp;
	struct xlsx *x;
	struct table_builder b;
	struct strbuf text, value;
	bool in_data, in_row, in_cell, in_text, in_is;
	unsigned rph;
	size_t col, next_col;
	char type[16]; /* the cell's t attribute */
};

/* Parses a cell reference like "C12" into a 0-based column; -1 if malformed. */
static long xlsx_ref_col(const char *ref)
{
	long col = 0;
	const char *p = ref;
	for (; *p >= 'A' && *p <= 'Z'; p++) {
		col = col * 26 + (*p - 'A' + 1);
		if (col > 16384)
			return -1;
	}
	if (p == ref)
		return -1;
	for (const char *d = p; *d; d++)
		if (*d < '0' || *d > '9')
			return -1;
	return col - 1;
}

/* Parses a decimal within [1, max]; 0 if not one. */
static unsigned long xlsx_uint(const char *s, unsigned long max)
{
	unsigned long v = 0;
	if (!*s)
		return 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (unsigned long)(*s - '0');
		if (v > max)
			return 0;
	}
	return v;
}

/* Parses a shared string index (surrounding blanks allowed). */
static bool xlsx_index(const char *s, unsigned long *out)
{
	unsigned long v = 0;
	bool any = false;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	for (; *s >= '0' && *s <= '9'; s++, any = true)
		if ((v = v * 10 + (unsigned long)(*s - '0')) > 0xFFFFFFFFul)
			return false;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	*out = v;
	return any && !*s;
}

/* Appends an Excel number. Excel stores doubles as text ("123.0",
 * "1.0E+3" from some writers); integer values are rendered as integers, all
 * else is kept as stored. Pure text work: no locale, no rounding. */
static void xlsx_number(struct strbuf *out, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *ip, *fp = NULL;
	size_t ni = 0, nf = 0;
	long exp = 0;
	bool neg = false, expneg = false;

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	for (ip = p; p < end && *p >= '0' && *p <= '9'; p++)
		ni++;
	if (p < end && *p == '.')
		for (fp = ++p; p < end && *p >= '0' && *p <= '9'; p++)
			nf++;
	if (!ni && !nf)
		goto raw;
	if (p < end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < end && (*p == '-' || *p == '+'))
			expneg = *p++ == '-';
		if (p == end)
			goto raw;
		for (; p < end && *p >= '0' && *p <= '9'; p++)
			if ((exp = exp * 10 + (*p - '0')) > 1000)
				goto raw;
	} else if (!fp) {
		goto raw; /* a plain integer: already as wanted */
	}
	if (p != end)
		goto raw;
	if (expneg)
		exp = -exp;

	/* digits: the integer digits then the fraction digits; the point sits
	 * after `point` of them. */
	long point = (long)ni + exp;
	size_t nd = ni + nf;
#define DIGIT(i) ((size_t)(i) < ni ? ip[i] : fp[(size_t)(i)-ni])
	for (long i = point < 0 ? 0 : point; (size_t)i < nd; i++)
		if (DIGIT(i) != '0')
			goto raw; /* a fraction: keep it */
	size_t start = out->len;
	bool any = false;
	if (neg)
		strbuf_addch(out, '-');
	for (long i = 0; i < point; i++) {
		char d = (size_t)i < nd ? DIGIT(i) : '0';
		if (!any && d == '0')
			continue;
		any = true;
		strbuf_addch(out, d);
	}
#undef DIGIT
	if (!any) {
		strbuf_setlen(out, start);
		strbuf_addch(out, '0');
	} else if (out->len - start - neg > XLSX_MAX_INT_DIGITS) {
		strbuf_setlen(out, start);
		goto raw;
	}
	return;
raw:
	strbuf_add(out, s, len);
}

static void XMLCALL xlsx_sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_sheet_parse *sp = ud;
	const char *l = xlsx_local(name), *a;

	if (sp->xp.failed)
		return;
	if (!strcmp(l, "sheetData")) {
		sp->in_data = true;
	} else if (!sp->in_data) {
		return; /* rows live in <sheetData> only; skip <extLst> and the like */
	} else if (!strcmp(l, "row")) {
		size_t want, have = table_builder_row(&sp->b);
		sp->in_row = true;
		sp->next_col = 0;
		a = xlsx_attr(atts, "r", false);
		if (!a)
			return;
		want = xlsx_uint(a, 1048576);
		if (!want) {
			xlsx_fail(sp->xp.e, "xlsx: %s: bad row number", sp->xp.part);
			xlsx_abort(&sp->xp);
			return;
		}
		/* Excel leaves out empty rows; out-of-order rows are simply appended. */
		if (want - 1 > have)
			table_builder_skip_rows(&sp->b, want - 1 - have);
	} else if (!strcmp(l, "c") && sp->in_row) {
		sp->in_cell = true;
		sp->in_is = false;
		sp->rph = 0;
		strbuf_reset(&sp->text);
		sp->col = sp->next_col;
		a = xlsx_attr(atts, "r", false);
		if (a) {
			long col = xlsx_ref_col(a);
			if (col < 0) {
				xlsx_fail(sp->xp.e, "xlsx: %s: bad cell reference", sp->xp.part);
				xlsx_abort(&sp->xp);
				return;
			}
			sp->col = (size_t)col;
		}
		a = xlsx_attr(atts, "t", false);
		strlcpy_(sp->type, a ? a : "n", sizeof(sp->type));
	} else if (!sp->in_cell) {
		return;
	} else if (!strcmp(l, "v")) {
		sp->in_text = !sp->in_is;
	} else if (!strcmp(l, "is")) {
		sp->in_is = true;
	} else if (!strcmp(l, "rPh")) {
		sp->rph++;
	} else if (!strcmp(l, "t") && sp->in_is && !sp->rph) {
		sp->in_text = true;
	}
}

/* The cell's text as the table should hold it, into sp->value. */
static int xlsx_cell_value(struct xlsx_sheet_parse *sp)
{
	struct strbuf *v = &sp->value;
	const char *t = sp->type;
	strbuf_reset(v);
	if (!strcmp(t, "s")) {
		unsigned long i;
		if (!xlsx_index(sp->text.buf, &i) || i >= sp->x->nsst)
			return xlsx_fail(sp->xp.e, "xlsx: %s: bad shared string index", sp->xp.part);
		strbuf_add(v, sp->x->sst_text.buf + sp->x->sst[i].off, sp->x->sst[i].len);
	} else if (!strcmp(t, "b")) {
		strbuf_addstr(v, !strcmp(sp->text.buf, "1")   ? "TRUE"
				 : !strcmp(sp->text.buf, "0") ? "FALSE"
							      : sp->text.buf);
	} else if (!strcmp(t, "n")) {
		xlsx_number(v, sp->text.buf, sp->text.len);
	} else if (!strcmp(t, "e") || !strcmp(t, "d")) {
		strbuf_add(v, sp->text.buf, sp->text.len);
	} else {
		/* inlineStr, str (a formula's string result) and anything unknown */
		xlsx_unescape(v, sp->text.buf, sp->text.len);
	}
	return 0;
}

static void XMLCALL xlsx_sheet_end(void *ud, const XML_Char *name)
{
	struct xlsx_sheet_parse *sp = ud;
	const char *l = xlsx_local(name);

	if (sp->xp.failed)
		return;
	if (!strcmp(l, "sheetData")) {
		sp->in_data = sp->in_row = sp->in_cell = sp->in_text = false;
	} else if (!strcmp(l, "row")) {
		if (!sp->in_row)
			return;
		sp->in_row = sp->in_cell = false;
		if (table_builder_end_row(&sp->b, sp->xp.e))
			xlsx_abort(&sp->xp);
	} else if (!sp->in_cell) {
		return;
	} else if (!strcmp(l, "c")) {
		sp->in_cell = sp->in_text = false;
		sp->next_col = sp->col + 1;
		if (xlsx_cell_value(sp))
			goto fail;
		/* Empty cells (styled only) are gaps: they must not trip the column
		 * limit when a sheet formats whole rows out to column XFD. */
		if (sp->value.len &&
		    table_builder_cell(&sp->b, sp->col, sp->value.buf, sp->value.len, sp->xp.e))
			goto fail;
	} else if (!strcmp(l, "v") || !strcmp(l, "t")) {
		sp->in_text = false;
	} else if (!strcmp(l, "rPh")) {
		if (sp->rph)
			sp->rph--;
	} else if (!strcmp(l, "is")) {
		sp->in_is = false;
	}
	return;
fail:
	xlsx_abort(&sp->xp);
}

static void XMLCALL xlsx_sheet_text(void *ud, const XML_Char *s, int len)
{
	struct xlsx_sheet_parse *sp = ud;
	if (sp->in_text && !sp->xp.failed && xlsx_collect(&sp->text, s, len, sp->xp.e))
		xlsx_abort(&sp->xp);
}

/* ---- the reader ------------------------------------------------------------ */

/* 1 when the sheet named want is not in the book. */
static int xlsx_read_book(struct xlsx *x, const char *want, struct strbuf *sheet, struct strbuf *sst)
{
	struct xlsx_book bk = {.want = want};
	bool found_book = false, found_rels = false;
	int ret = -1;

	if (xlsx_parse_part(x, "xl/workbook.xml", false, &found_book, &bk.xp, xlsx_book_start, xlsx_no_end,
			    xlsx_no_text))
		goto out;
	if (found_book && xlsx_parse_part(x, "xl/_rels/workbook.xml.rels", false, &found_rels, &bk.xp,
					  xlsx_rels_start, xlsx_no_end, xlsx_no_text))
		goto out;
	if (want && !bk.sheet_rid) {
		ret = 1;
		goto out;
	}
	if (bk.sheet_target)
		xlsx_resolve(sheet, bk.sheet_target);
	if (want && (!sheet->len || xlsx_locate(x, sheet->buf) < 0)) {
		xlsx_fail(x->e, "xlsx: no worksheet found");
		goto out;
	}
	if (!sheet->len || xlsx_locate(x, sheet->buf) < 0) {
		strbuf_reset(sheet);
		strbuf_addstr(sheet, "xl/worksheets/sheet1.xml");
	}
	if (xlsx_locate(x, sheet->buf) < 0) {
		if (!found_book)
			xlsx_fail(x->e, "xlsx: missing xl/workbook.xml");
		else
			xlsx_fail(x->e, "xlsx: no worksheet found");
		goto out;
	}
	xlsx_resolve(sst, bk.sst_target ? bk.sst_target : "sharedStrings.xml");
	ret = 0;
out:
	free(bk.sheet_rid);
	free(bk.sheet_target);
	free(bk.sst_target);
	return ret;
}

int table_read_xlsx(struct table *t, const char *buf, size_t len, struct err *e)
{
	return table_read_xlsx_sheet(t, buf, len, NULL, e);
}

int table_read_xlsx_sheet(struct table *t, const char *buf, size_t len, const char *name, struct err *e)
{
	struct xlsx x = {.e = e, .sst_text = STRBUF_INIT};
	struct strbuf sheet = STRBUF_INIT, sst = STRBUF_INIT;
	struct xlsx_sst_parse sp = {.cur = STRBUF_INIT, .decoded = STRBUF_INIT};
	struct xlsx_sheet_parse wp = {.text = STRBUF_INIT, .value = STRBUF_INIT};
	zip_error_t zerr;
	zip_source_t *src;
	int ret = -1;

	table_builder_init(&wp.b, t);
	zip_error_init(&zerr);
	src = zip_source_buffer_create(len ? buf : "", len, 0, &zerr);
	if (!src) {
		err_setf(e, ERR_INTERNAL, NULL, "xlsx: %s", zip_error_strerror(&zerr));
		goto out;
	}
	x.za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
	if (!x.za) {
		zip_source_free(src);
		err_setf(e, ERR_UNPROCESSABLE, NULL, "xlsx: not a zip archive (%s)",
			 zip_error_strerror(&zerr));
		goto out;
	}
	x.chunk = xmalloc(XLSX_CHUNK);

	if ((ret = xlsx_read_book(&x, name, &sheet, &sst)) != 0)
		goto out;
	ret = -1;
	sp.x = &x;
	if (xlsx_parse_part(&x, sst.buf, false, NULL, &sp.xp, xlsx_sst_start, xlsx_sst_end, xlsx_sst_text))
		goto out;
	wp.x = &x;
	if (xlsx_parse_part(&x, sheet.buf, true, NULL, &wp.xp, xlsx_sheet_start, xlsx_sheet_end,
			    xlsx_sheet_text))
		goto out;
	ret = 0;
out:
	if (ret)
		table_builder_abandon(&wp.b);
	table_builder_release(&wp.b);
	strbuf_release(&wp.text);
	strbuf_release(&wp.value);
	strbuf_release(&sp.cur);
	strbuf_release(&sp.decoded);
	strbuf_release(&sheet);
	strbuf_release(&sst);
	strbuf_release(&x.sst_text);
	free(x.sst);
	free(x.chunk);
	if (x.za)
		zip_discard(x.za);
	zip_error_fini(&zerr);
	return ret;
}
