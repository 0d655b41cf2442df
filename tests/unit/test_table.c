/* test_table.c — unit tests of core/table: CSV and XLSX in and out, limits, hostile input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include "core/table.h"
#include "core/util.h"

/* ---- helpers ---------------------------------------------------------------- */

static int read_csv_str(struct table *t, const char *s, struct err *e)
{
	return table_read_csv(t, s, strlen(s), e);
}

static void assert_row(const struct table *t, size_t r, size_t n, ...)
{
	va_list ap;
	assert_true(r < t->nrows);
	assert_int_equal(t->rows[r].ncells, n);
	va_start(ap, n);
	for (size_t c = 0; c < n; c++)
		assert_string_equal(table_cell(t, r, c), va_arg(ap, const char *));
	va_end(ap);
}

struct zip_part {
	const char *name, *xml;
};

/* Builds a zip in memory from parts; the caller frees *out. */
static size_t make_zip(const struct zip_part *parts, size_t n, char **out)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_stat_t st;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	assert_non_null(src);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	assert_non_null(za);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(za, parts[i].xml, strlen(parts[i].xml), 0);
		assert_non_null(s);
		assert_true(zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(za), 0);
	assert_int_equal(zip_source_stat(src, &st), 0);
	assert_int_equal(zip_source_open(src), 0);
	*out = xmalloc(st.size ? st.size : 1);
	assert_int_equal(zip_source_read(src, *out, st.size), (zip_int64_t)st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	return st.size;
}

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
static const char workbook_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
	"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
	"<sheets><sheet name=\"数据\" sheetId=\"7\" r:id=\"rId3\"/>"
	"<sheet name=\"Other\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char workbook_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"/xl/strings.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"./worksheets/../worksheets/data.xml\"/>"
	"</Relationships>";
static const char shared_strings[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"4\" uniqueCount=\"4\">"
	"<si><t>企业名称</t></si>"
	"<si><r><rPr><b/></rPr><t>富</t></r><r><t xml:space=\"preserve\"> 文本 </t></r>"
	"<rPh sb=\"0\" eb=\"1\"><t>フリガナ</t></rPh></si>"
	"<si><t>a_x000D_b_x005F_x0041_</t></si>"
	"<si><t/></si>"
	"</sst>";
static const char sheet_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
	"<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
	"<x:sheetData>"
	"<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c>"
	"<x:c r=\"C1\" t=\"s\"><x:v>1</x:v></x:c></x:row>"
	"<x:row r=\"3\"><x:c r=\"A3\" t=\"inlineStr\"><x:is><x:t>内联</x:t></x:is></x:c>"
	"<x:c r=\"B3\"><x:v>123.0</x:v></x:c><x:c r=\"C3\" t=\"n\"><x:v>1.0E+3</x:v></x:c>"
	"<x:c r=\"D3\"><x:v>1.5</x:v></x:c><x:c r=\"E3\"><x:v>-0.0</x:v></x:c>"
	"<x:c r=\"F3\"><x:v>45292</x:v></x:c><x:c r=\"G3\"><x:v>1.2345678901E+10</x:v></x:c>"
	"<x:c r=\"H3\"><x:v>2.5E-3</x:v></x:c></x:row>"
	"<x:row r=\"4\"><x:c t=\"b\"><x:v>1</x:v></x:c><x:c t=\"e\"><x:v>#N/A</x:v></x:c>"
	"<x:c t=\"str\"><x:f>A1&amp;\"x\"</x:f><x:v>企业名称x</x:v></x:c>"
	"<x:c t=\"s\"><x:v>2</x:v></x:c><x:c s=\"3\"/><x:c r=\"XFD4\" s=\"1\"/>"
	"<x:c r=\"F4\" t=\"inlineStr\"><x:is><x:r><x:t>ri</x:t></x:r><x:r><x:t>ch</x:t></x:r></x:is></x:c></x:row>"
	"<x:row r=\"5\"><x:c r=\"A5\" t=\"s\"><x:v>3</x:v></x:c></x:row>"
	"<x:row r=\"9\" spans=\"1:3\"/>"
	"</x:sheetData><x:mergeCells count=\"0\"/></x:worksheet>";

/* ---- CSV --------------------------------------------------------------------- */

static void test_csv_plain(void **state)
{
	struct table t = TABLE_INIT;
	struct err e = { 0 };
	assert_int_equal(read_csv_str(&t, "name,code,n\nacme,000123,1\nlast,x,y", &e), 0);
	assert_int_equal(t.nrows, 3);
	assert_row(&t, 0, 3, "name", "code", "n");
	assert_row(&t, 1, 3, "acme", "000123", "1");
	assert_row(&t, 2, 3, "last", "x", "y");
	assert_string_equal(table_cell(&t, 1, 9), "");
	assert_string_equal(table_cell(&t, 9, 0), "");
	table_release(&t);
	assert_int_equal(t.nrows, 0);
	assert_null(t.rows);
}

static void test_csv_quoted(void **state)
{
	struct table t = TABLE_INIT;
	struct err e = { 0 };
	assert_int_equal(read_csv_str(&t, "\"a,b\",\"say \"\"hi\"\"\",\"line1\r\nline2\", x ,\"\"\r\n"
					  "\"\",plain\"quote\r\n", &e), 0);
	assert_int_equal(t.nrows, 2);
	assert_row(&t, 0, 5, "a,b", "say \"hi\"", "line1\r\nline2", " x ", "");
	assert_row(&t, 1, 2, "", "plain\"quote");
	table_release(&t);
}

static void test_csv_line_ends(void **state)
{
	struct table t = TABLE_INIT;
	struct err e = { 0 };
	/* CRLF, an empty row in the middle (kept), trailing empty rows (dropped) */
	assert_int_equal(read_csv_str(&t, "a,b\r\n\r\n,\r\nc,d\r\n,,\r\n\r\n\r\n", &e), 0);
	assert_int_equal(t.nrows, 4);
	assert_row(&t, 0, 2, "a", "b");
	assert_row(&t, 1, 0);
	assert_row(&t, 2, 0);
	assert_row(&t, 3, 2, "c", "d");
	table_release(&t);
	/* old Mac CR only, and LF only */
	assert_int_equal(read_csv_str(&t, "a\rb\rc", &e), 0);
	assert_int_equal(t.nrows, 3);
	assert_row(&t, 2, 1, "c");
	table_release(&t);
	assert_int_equal(read_csv_str(&t, "a\n\nb\n", &e), 0);
	assert_int_equal(t.nrows, 3);
	assert_row(&t, 2, 1, "b");
	table_release(&t);
	assert_int_equal(read_csv_str(&t, "", &e), 0);
	assert_int_equal(t.nrows, 0);
	assert_int_equal(read_csv_str(&t, "\r\n,,,\r\n", &e), 0);
	assert_int_equal(t.nrows, 0);
}

static void test_csv_bom(void **state)
{
	struct table t = TABLE_INIT;
	struct err e = { 0 };
	assert_int_equal(read_csv_str(&t, "\xEF\xBB\xBF企业名称,代码\r\n甲,1\r\n", &e), 0);
	assert_int_equal(t.nrows, 2);
	assert_row(&t, 0, 2, "企业名称", "代码");
	table_release(&t);
}

static void test_csv_gbk(void **state)
{
	/* "企业名称,代码\r\n\"甲,乙\",1\r\n" in GBK */
	static const unsigned char gbk[] = {
		0xC6, 0xF3, 0xD2, 0xB5, 0xC3, 0xFB, 0xB3, 0xC6, ',', 0xB4, 0xFA, 0xC2, 0xEB, '\r', '\n',
		'"', 0xBC, 0xD7, ',', 0xD2, 0xD2, '"', ',', '1', '\r', '\n',
	};
	struct table t = TABLE_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct err e = { 0 };
	assert_int_equal(table_read_csv(&t, (const char *)gbk, sizeof(gbk), &e), 0);
	assert_int_equal(t.nrows, 2);
	assert_row(&t, 0, 2, "企业名称", "代码");
	assert_row(&t, 1, 2, "甲,乙", "1");
	table_release(&t);
	assert_int_equal(text_to_utf8((const char *)gbk, 8, &sb, &e), 0);
	assert_string_equal(sb.buf, "企业名称");
	strbuf_release(&sb);
	/* valid UTF-8 is kept as is */
	assert_int_equal(text_to_utf8("企业", strlen("企业"), &sb, &e), 0);
	assert_string_equal(sb.buf, "企业");
	strbuf_release(&sb);
}

static void test_csv_invalid_bytes(void **state)
{
	static const char *const bad[] = {
		"a,\xFF\xFE,b\n",           /* neither UTF-8 nor GB18030 */
		"a,\x81\x20\n",             /* a GBK lead byte with a bad trail */
		"\xEF\xBB\xBF\xC6\xF3\n",   /* BOM says UTF-8, the rest is GBK */
		"abc\xC6",                  /* truncated GBK at the end */
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct table t = TABLE_INIT;
		struct err e = { 0 };
		assert_int_equal(read_csv_str(&t, bad[i], &e), -1);
		assert_int_equal(e.code, ERR_UNPROCESSABLE);
		assert_int_equal(t.nrows, 0);
	}
	/* NUL bytes: refused, not silently truncated */
	struct table t = TABLE_INIT;
	struct err e = { 0 };
	assert_int_equal(table_read_csv(&t, "a,b\0c\n", 6, &e), -1);
	assert_int_equal(e.code, ERR_UNPROCESSABLE);
}

static void test_csv_write(void **state)
{
	static const char *const r0[] = { "a", "b,c", "d\"e", "" };
	static const char *const r1[] = { "多行\n文本", NULL };
	struct table t = TABLE_INIT;
	struct strbuf sb = STRBUF_INIT;
	table_add_row(&t, r0, ARRAY_SIZE(r0));
	table_add_row(&t, r1, ARRAY_SIZE(r1));
	table_add_row(&t, NULL, 0);
	table_write_csv(&t, &sb);
	assert_string_equal(sb.buf, "\xEF\xBB\xBF" "a,\"b,c\",\"d\"\"e\",\r\n\"多行\n文本\",\r\n\r\n");
	strbuf_release(&sb);
	table_release(&t);
}

static void test_csv_formula_round_trip(void **state)
{
	static const char *const cells[] = {
		"=SUM(A1:A9)", "+86 10", "-5", "@cmd", "'=already", "'plain", "'", "a=b",
		"=\"x\",y", "", "'-", "''@x",
	};
	struct table t = TABLE_INIT, back = TABLE_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct err e = { 0 };
	table_add_row(&t, cells, ARRAY_SIZE(cells));
	table_add_row(&t, cells, ARRAY_SIZE(cells));
	table_write_csv(&t, &sb);
	assert_non_null(strstr(sb.buf, "'=SUM(A1:A9),'+86 10,'-5,'@cmd,''=already,'plain,',a=b,"
				       "\"'=\"\"x\"\",y\",,''-,'''@x\r\n"));
	assert_int_equal(table_read_csv(&back, sb.buf, sb.len, &e), 0);
	assert_int_equal(back.nrows, 2);
	for (size_t r = 0; r < 2; r++) {
		assert_int_equal(back.rows[r].ncells, ARRAY_SIZE(cells));
		for (size_t c = 0; c < ARRAY_SIZE(cells); c++)
			assert_string_equal(table_cell(&back, r, c), cells[c]);
	}
	strbuf_release(&sb);
	table_release(&t);
	table_release(&back);
}

static void test_csv_limits(void **state)
{
	struct table t = TABLE_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct err e = { 0 };

	/* columns */
	for (int i = 0; i < TABLE_MAX_COLS - 1; i++)
		strbuf_addstr(&sb, "x,");
	strbuf_addstr(&sb, "x\n");
	assert_int_equal(table_read_csv(&t, sb.buf, sb.len, &e), 0);
	assert_int_equal(t.rows[0].ncells, TABLE_MAX_COLS);
	table_release(&t);
	strbuf_setlen(&sb, sb.len - 1);
	strbuf_addstr(&sb, ",y\n");
	assert_int_equal(table_read_csv(&t, sb.buf, sb.len, &e), -1);
	assert_int_equal(e.code, ERR_TOO_LARGE);
	assert_int_equal(t.nrows, 0);

	/* cell size, quoted and not */
	strbuf_reset(&sb);
	for (int i = 0; i < TABLE_MAX_CELL; i++)
		strbuf_addch(&sb, 'a');
	assert_int_equal(table_read_csv(&t, sb.buf, sb.len, &e), 0);
	assert_int_equal(strlen(table_cell(&t, 0, 0)), TABLE_MAX_CELL);
	table_release(&t);
	strbuf_addch(&sb, 'a');
	assert_int_equal(table_read_csv(&t, sb.buf, sb.len, &e), -1);
	assert_int_equal(e.code, ERR_TOO_LARGE);
	for (int i = 0; i < 100000; i++)
		strbuf_addch(&sb, 'a');
	strbuf_addstr(&sb, "\"\n");
	sb.buf[0] = '"';
	assert_int_equal(table_read_csv(&t, sb.buf, sb.len, &e), -1);
	assert_int_equal(e.code, ERR_TOO_LARGE);

	/* rows: trailing empty rows do not count */
	strbuf_reset(&sb);
	for (int i = 0; i < TABLE_MAX_ROWS; i++)
		strbuf_addstr(&sb, "r\n");
	for (int i = 0; i < 1000; i++)
		strbuf_addstr(&sb, ",\n");
	assert_int_equal(table_read_csv(&t, sb.buf, sb.len, &e), 0);
	assert_int_equal(t.nrows, TABLE_MAX_ROWS);
	table_release(&t);
	strbuf_addstr(&sb, "r\n");
	assert_int_equal(table_read_csv(&t, sb.buf, sb.len, &e), -1);
	assert_int_equal(e.code, ERR_TOO_LARGE);
	assert_int_equal(t.nrows, 0);
	strbuf_release(&sb);
}

static void test_read_failure_keeps_table(void **state)
{
	static const char *const one[] = { "kept" };
	struct table t = TABLE_INIT;
	struct err e = { 0 };
	table_add_row(&t, one, 1);
	assert_int_equal(read_csv_str(&t, "a\nb\n\xFF", &e), -1);
	assert_int_equal(t.nrows, 1);
	assert_int_equal(read_csv_str(&t, "a\nb\n", &e), 0);
	assert_int_equal(t.nrows, 3);
	assert_row(&t, 0, 1, "kept");
	assert_row(&t, 2, 1, "b");
	table_release(&t);
}

static void test_sniff(void **state)
{
	struct table t = TABLE_INIT;
	struct err e = { 0 };
	assert_int_equal(table_sniff("PK\x03\x04rest", 8), TABLE_XLSX);
	assert_int_equal(table_sniff("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), TABLE_UNKNOWN);
	assert_int_equal(table_sniff("\xFF\xFEn\0a\0", 6), TABLE_UNKNOWN);
	assert_int_equal(table_sniff("a,b\n", 4), TABLE_CSV);
	assert_int_equal(table_sniff("", 0), TABLE_CSV);
	assert_int_equal(table_read(&t, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, &e), -1);
	assert_int_equal(e.code, ERR_UNPROCESSABLE);
	assert_int_equal(table_read(&t, "x,y\n", 4, &e), 0);
	assert_row(&t, 0, 2, "x", "y");
	table_release(&t);
}

/* ---- XLSX --------------------------------------------------------------------- */

static void test_xlsx_round_trip(void **state)
{
	static const char *const rows[][5] = {
		{ "企业名称", "统一社会信用代码", "备注", "数量", "" },
		{ "北京某某科技有限公司", "000123", "", "中间有空", "尾" },
		{ "", "91110000MA01ABCD2X", "=1+1", " 两端空格 ", "line\nbreak" },
		{ "_x0041_ literal", "tab\there", "0.1", "1E+3", "\xF0\x9F\x98\x80" },
		{ "ctl\x01\x1F", "_x005F_", "a_x12_b", "x\r\ny", "''=1" },
	};
	struct table t = TABLE_INIT, back = TABLE_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct err e = { 0 };
	for (size_t r = 0; r < ARRAY_SIZE(rows); r++)
		table_add_row(&t, rows[r], 5);
	assert_int_equal(table_write_xlsx(&t, "企业", &sb, &e), 0);
	assert_true(sb.len > 100);
	assert_int_equal(table_sniff(sb.buf, sb.len), TABLE_XLSX);
	assert_int_equal(table_read(&back, sb.buf, sb.len, &e), 0);
	assert_int_equal(back.nrows, ARRAY_SIZE(rows));
	for (size_t r = 0; r < ARRAY_SIZE(rows); r++)
		for (size_t c = 0; c < 5; c++)
			assert_string_equal(table_cell(&back, r, c), rows[r][c]);
	/* the empty trailing header cell is a gap: the row is just shorter */
	assert_int_equal(back.rows[0].ncells, 4);
	strbuf_release(&sb);
	table_release(&back);

	/* an empty table still makes a valid file that reads back empty */
	struct table empty = TABLE_INIT;
	assert_int_equal(table_write_xlsx(&empty, "Sheet1", &sb, &e), 0);
	assert_int_equal(table_read_xlsx(&back, sb.buf, sb.len, &e), 0);
	assert_int_equal(back.nrows, 0);
	strbuf_release(&sb);

	assert_int_equal(table_write_xlsx(&t, "bad[name]", &sb, &e), -1);
	assert_int_equal(sb.len, 0);
	table_release(&t);
}

/* A workbook of several sheets: each read back by its name; a name not there answers 1. */
static void test_xlsx_book(void **state)
{
	static const char *const a[] = { "目标编号", "目标" }, *const b[] = { "措施编号" }, *const c[] = { "M1" };
	struct table t1 = TABLE_INIT, t2 = TABLE_INIT, back = TABLE_INIT;
	const struct table *ts[] = { &t1, &t2 };
	const char *const names[] = { "目标", "措施" };
	struct strbuf sb = STRBUF_INIT;
	struct err e = { 0 };
	table_add_row(&t1, a, 2);
	table_add_row(&t2, b, 1);
	table_add_row(&t2, c, 1);
	assert_int_equal(table_write_xlsx_book(ts, names, 2, &sb, &e), 0);
	assert_int_equal(table_read_xlsx_sheet(&back, sb.buf, sb.len, "措施", &e), 0);
	assert_int_equal(back.nrows, 2);
	assert_string_equal(table_cell(&back, 1, 0), "M1");
	table_release(&back);
	assert_int_equal(table_read_xlsx_sheet(&back, sb.buf, sb.len, NULL, &e), 0);
	assert_string_equal(table_cell(&back, 0, 1), "目标");
	table_release(&back);
	assert_int_equal(table_read_xlsx_sheet(&back, sb.buf, sb.len, "任务", &e), 1);
	assert_int_equal(back.nrows, 0);
	strbuf_release(&sb);
	table_release(&t1);
	table_release(&t2);
}

static void test_xlsx_hand_made(void **state)
{
	const struct zip_part parts[] = {
		{ "[Content_Types].xml", content_types },
		{ "xl/workbook.xml", workbook_xml },
		{ "xl/_rels/workbook.xml.rels", workbook_rels },
		{ "xl/strings.xml", shared_strings },
		{ "xl/worksheets/sheet1.xml", "<worksheet><sheetData><row><c t=\"inlineStr\"><is>"
					      "<t>wrong sheet</t></is></c></row></sheetData></worksheet>" },
		{ "xl/worksheets/data.xml", sheet_xml },
	};
	struct table t = TABLE_INIT;
	struct err e = { 0 };
	char *zip;
	size_t len = make_zip(parts, ARRAY_SIZE(parts), &zip);

	assert_int_equal(table_read_xlsx(&t, zip, len, &e), 0);
	/* rows 5 (an empty shared string) and 9 (no cells) are trailing empties */
	assert_int_equal(t.nrows, 4);
	assert_row(&t, 0, 3, "企业名称", "", "富 文本 ");
	assert_row(&t, 1, 0);
	assert_row(&t, 2, 8, "内联", "123", "1000", "1.5", "0", "45292", "12345678901", "2.5E-3");
	assert_row(&t, 3, 6, "TRUE", "#N/A", "企业名称x", "a\rb_x0041_", "", "rich");
	table_release(&t);
	free(zip);
}

static void test_xlsx_fallback_sheet1(void **state)
{
	/* no workbook.xml at all: xl/worksheets/sheet1.xml, no shared strings */
	const struct zip_part parts[] = {
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData><row r=\"2\"><c r=\"B2\"><v>7</v></c></row>"
		  "<row><c><v>8</v></c></row></sheetData></worksheet>" },
	};
	struct table t = TABLE_INIT;
	struct err e = { 0 };
	char *zip;
	size_t len = make_zip(parts, ARRAY_SIZE(parts), &zip);
	assert_int_equal(table_read_xlsx(&t, zip, len, &e), 0);
	assert_int_equal(t.nrows, 3);
	assert_row(&t, 0, 0);
	assert_row(&t, 1, 2, "", "7");
	assert_row(&t, 2, 1, "8");
	table_release(&t);
	free(zip);
}

static void expect_xlsx_error(const struct zip_part *parts, size_t n, enum err_code code,
			      const char *arg_part)
{
	struct table t = TABLE_INIT;
	struct err e = { 0 };
	char *zip;
	size_t len = make_zip(parts, n, &zip);
	assert_int_equal(table_read_xlsx(&t, zip, len, &e), -1);
	assert_int_equal(e.code, code);
	if (arg_part && !strstr(e.arg, arg_part))
		fail_msg("error arg \"%s\" lacks \"%s\"", e.arg, arg_part);
	assert_int_equal(t.nrows, 0);
	free(zip);
}

static void test_xlsx_not_xlsx(void **state)
{
	const struct zip_part readme[] = { { "README.txt", "just a zip" } };
	const struct zip_part bad_xml[] = { { "xl/worksheets/sheet1.xml", "<worksheet><sheetData>" } };
	const struct zip_part bad_ref[] = {
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData><row><c r=\"1A\"><v>1</v></c></row></sheetData></worksheet>" },
	};
	const struct zip_part bad_sst[] = {
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData><row><c t=\"s\"><v>0</v></c></row></sheetData></worksheet>" },
	};
	const struct zip_part too_wide[] = {
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData><row><c r=\"IW1\"><v>1</v></c></row></sheetData></worksheet>" },
	};
	const struct zip_part too_long[] = {
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData><row r=\"200001\"><c><v>1</v></c></row></sheetData></worksheet>" },
	};
	const struct zip_part laughs[] = {
		{ "xl/worksheets/sheet1.xml",
		  "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
		  "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
		  "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol2;</t></is></c></row>"
		  "</sheetData></worksheet>" },
	};
	struct table t = TABLE_INIT;
	struct err e = { 0 };

	expect_xlsx_error(readme, 1, ERR_UNPROCESSABLE, "xl/workbook.xml");
	expect_xlsx_error(bad_xml, 1, ERR_UNPROCESSABLE, "sheet1.xml");
	expect_xlsx_error(bad_ref, 1, ERR_UNPROCESSABLE, "cell reference");
	expect_xlsx_error(bad_sst, 1, ERR_UNPROCESSABLE, "shared string");
	expect_xlsx_error(too_wide, 1, ERR_TOO_LARGE, "columns");
	expect_xlsx_error(too_long, 1, ERR_TOO_LARGE, "rows");
	expect_xlsx_error(laughs, 1, ERR_UNPROCESSABLE, "DOCTYPE");
	assert_int_equal(table_read_xlsx(&t, "PK\x05\x06", 4, &e), -1);
	assert_int_equal(e.code, ERR_UNPROCESSABLE);
	assert_int_equal(table_read_xlsx(&t, "", 0, &e), -1);
	assert_int_equal(e.code, ERR_UNPROCESSABLE);
}

static void test_xlsx_styled_blank_cells_ok(void **state)
{
	/* formatting out to column XFD and row 1048576 is not content */
	const struct zip_part parts[] = {
		{ "xl/worksheets/sheet1.xml",
		  "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"XFD1\" s=\"2\"/></row>"
		  "<row r=\"1048576\"><c r=\"A1048576\" s=\"2\"/></row></sheetData></worksheet>" },
	};
	struct table t = TABLE_INIT;
	struct err e = { 0 };
	char *zip;
	size_t len = make_zip(parts, 1, &zip);
	assert_int_equal(table_read_xlsx(&t, zip, len, &e), 0);
	assert_int_equal(t.nrows, 1);
	assert_row(&t, 0, 1, "1");
	table_release(&t);
	free(zip);
}

static void test_xlsx_zip_bomb(void **state)
{
	/* 65 MiB of empty rows compresses to about 64 KiB: the part cap stops it */
	struct strbuf big = STRBUF_INIT;
	strbuf_addstr(&big, "<worksheet><sheetData>");
	while (big.len < (65u << 20))
		strbuf_addstr(&big, "<row/><row/><row/><row/><row/><row/><row/><row/>");
	strbuf_addstr(&big, "</sheetData></worksheet>");
	const struct zip_part parts[] = { { "xl/worksheets/sheet1.xml", big.buf } };
	expect_xlsx_error(parts, 1, ERR_UNPROCESSABLE, "64 MiB");
	strbuf_release(&big);
}

static void test_xlsx_amplification(void **state)
{
	/* one 32 KiB shared string referenced by every cell: the byte budget stops it */
	struct strbuf sst = STRBUF_INIT, sheet = STRBUF_INIT;
	strbuf_addstr(&sst, "<sst><si><t>");
	for (int i = 0; i < TABLE_MAX_CELL; i++)
		strbuf_addch(&sst, 'z');
	strbuf_addstr(&sst, "</t></si></sst>");
	strbuf_addstr(&sheet, "<worksheet><sheetData>");
	for (int r = 0; r < 1000; r++) {
		strbuf_addstr(&sheet, "<row>");
		for (int c = 0; c < 50; c++)
			strbuf_addstr(&sheet, "<c t=\"s\"><v>0</v></c>");
		strbuf_addstr(&sheet, "</row>");
	}
	strbuf_addstr(&sheet, "</sheetData></worksheet>");
	const struct zip_part parts[] = {
		{ "xl/sharedStrings.xml", sst.buf },
		{ "xl/worksheets/sheet1.xml", sheet.buf },
	};
	expect_xlsx_error(parts, 2, ERR_TOO_LARGE, "cell text");
	strbuf_release(&sst);
	strbuf_release(&sheet);
}

static void test_random_bytes(void **state)
{
	unsigned seed = 12345;
	char buf[4096];
	for (int i = 0; i < 2000; i++) {
		struct table t = TABLE_INIT;
		struct err e = { 0 };
		size_t len = (size_t)(i * 7) % sizeof(buf);
		for (size_t k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			buf[k] = (char)(seed >> 16);
		}
		if (i % 2 && len >= 4)
			memcpy(buf, "PK\x03\x04", 4);
		if (table_read(&t, buf, len, &e) == 0)
			table_release(&t);
		else
			assert_true(e.code == ERR_UNPROCESSABLE || e.code == ERR_TOO_LARGE);
		assert_int_equal(table_read_xlsx(&t, buf, len, &e), -1);
		assert_int_equal(e.code, ERR_UNPROCESSABLE);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_plain),
		cmocka_unit_test(test_csv_quoted),
		cmocka_unit_test(test_csv_line_ends),
		cmocka_unit_test(test_csv_bom),
		cmocka_unit_test(test_csv_gbk),
		cmocka_unit_test(test_csv_invalid_bytes),
		cmocka_unit_test(test_csv_write),
		cmocka_unit_test(test_csv_formula_round_trip),
		cmocka_unit_test(test_csv_limits),
		cmocka_unit_test(test_read_failure_keeps_table),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_xlsx_round_trip),
		cmocka_unit_test(test_xlsx_hand_made),
		cmocka_unit_test(test_xlsx_fallback_sheet1),
		cmocka_unit_test(test_xlsx_not_xlsx),
		cmocka_unit_test(test_xlsx_styled_blank_cells_ok),
		cmocka_unit_test(test_xlsx_book),
		cmocka_unit_test(test_xlsx_zip_bomb),
		cmocka_unit_test(test_xlsx_amplification),
		cmocka_unit_test(test_random_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
