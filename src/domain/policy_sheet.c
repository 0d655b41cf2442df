/* policy_sheet.c — a policy as a workbook: export, template and import.
 *
 * Sheets 政策 (the policy's own fields, one row), 正文 (the full text, one paragraph
 * a row, with the measures anchored in it), 措施, 目标 and 任务, Chinese headers
 * taken from the specs' labels. Import turns the workbook into the JSON document
 * of docs/POLICY-FORMAT.md and hands it to policy_create's own checks and
 * transaction; an error they report is placed back on its sheet, row and column. */
#include "core/money.h"
#include "core/table.h"
#include "core/util.h"
#include "db/policy_store.h"
#include "db/ref_store.h"
#include "db/task_store.h"
#include "domain/policy.h"
#include "domain/sheet.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEDGER_WRITERS	 (R(ADMIN) | R(OFFICER))
#define LEDGER_EXPORTERS (R(ADMIN) | R(OFFICER) | R(AUDITOR)) /* those who see every task */
#define ANCHOR_MAX	 200				      /* policy_measure_spec's anchor */

enum { S_POLICY, S_TEXT, S_MEASURES, S_TARGETS, S_TASKS, S__COUNT };
static const char *const sheet_names[S__COUNT] = {"政策", "正文", "措施", "目标", "任务"};
static const char *const doc_arrays[S__COUNT] = {NULL, NULL, "measures", "targets", "tasks"};
static const char money_unit[] = "金额（万元）";

#define MAXCOLS 16

struct book {
	struct sheet_col cols[S__COUNT][MAXCOLS];
	size_t ncols[S__COUNT];
	json_t *by_text, *by_code; /* departments: name or code -> code; code -> name */
};

static void add_col(struct book *b, int s, const struct jspec_field *f, unsigned flags, enum sheet_kind kind)
{
	struct sheet_col *c = &b->cols[s][b->ncols[s]++];
	memset(c, 0, sizeof(*c));
	c->f = *f;
	c->f.flags = flags;
	c->kind = kind;
}

/* A column from a record's spec (its label is the header). */
static void spec_col(struct book *b, int s, const struct jspec_field *spec, const char *name, unsigned flags)
{
	add_col(b, s, jspec_find(spec, name), flags, SHEET_VALUE);
}

static void lit_col(struct book *b, int s, const char *name, enum jspec_type type, unsigned flags,
		    const char *zh, const char *en, enum sheet_kind kind)
{
	struct jspec_field f = {name, type, flags, 0, 0, zh, en, NULL, NULL};
	add_col(b, s, &f, flags, kind);
}

static const char *ref_code(void *ctx, int ref, const char *text)
{
	const char *code = json_string_value(json_object_get(((struct book *)ctx)->by_text, text));
	return code && *code ? code : NULL;
}

static const char *ref_name(void *ctx, int ref, const char *code)
{
	struct book *b = ctx;
	const char *name = json_string_value(json_object_get(b->by_code, code));
	return name && ref_code(b, ref, name) ? name : code;
}

static void book_release(struct book *b)
{
	json_decref(b->by_text);
	json_decref(b->by_code);
}

static int book_init(struct db *db, struct book *b, struct err *e)
{
	json_t *list, *v;
	size_t i;
	memset(b, 0, sizeof(*b));
	b->by_text = json_object();
	b->by_code = json_object();
	spec_col(b, S_POLICY, policy_spec, "doc_no", JSPEC_REQUIRED);
	spec_col(b, S_POLICY, policy_spec, "title", 0);
	spec_col(b, S_POLICY, policy_spec, "issuer", 0);
	spec_col(b, S_POLICY, policy_spec, "issued_on", 0);
	spec_col(b, S_POLICY, policy_spec, "period_from", 0);
	spec_col(b, S_POLICY, policy_spec, "period_to", 0);
	spec_col(b, S_POLICY, policy_spec, "status", 0);
	lit_col(b, S_TEXT, "paragraph", JSPEC_INT, JSPEC_OUTPUT, "段落", "paragraph", SHEET_VALUE);
	lit_col(b, S_TEXT, "text", JSPEC_STRING, JSPEC_REQUIRED, "正文", "text", SHEET_VALUE);
	lit_col(b, S_TEXT, "anchored", JSPEC_STRLIST, JSPEC_OUTPUT, "定位于此的措施",
		"measures anchored here", SHEET_VALUE);
	spec_col(b, S_MEASURES, policy_measure_spec, "code", JSPEC_REQUIRED);
	spec_col(b, S_MEASURES, policy_measure_spec, "kind", 0);
	spec_col(b, S_MEASURES, policy_measure_spec, "title", 0);
	spec_col(b, S_MEASURES, policy_measure_spec, "body", 0);
	spec_col(b, S_MEASURES, policy_measure_spec, "anchor", 0);
	spec_col(b, S_MEASURES, policy_measure_spec, "targets", 0);
	spec_col(b, S_TARGETS, policy_target_spec, "code", JSPEC_REQUIRED);
	spec_col(b, S_TARGETS, policy_target_spec, "name", 0);
	spec_col(b, S_TARGETS, policy_target_spec, "indicator", 0);
	/* Read as text: the unit says whether the values are 万元 (exact to the fen) or counts. */
	lit_col(b, S_TARGETS, "unit", JSPEC_STRING, 0, "单位", "unit", SHEET_VALUE);
	lit_col(b, S_TARGETS, "baseline_value", JSPEC_STRING, 0, "基期值", "baseline", SHEET_VALUE);
	spec_col(b, S_TARGETS, policy_target_spec, "baseline_year", 0);
	lit_col(b, S_TARGETS, "target_value", JSPEC_STRING, 0, "目标值", "target value", SHEET_VALUE);
	spec_col(b, S_TARGETS, policy_target_spec, "deadline", 0);
	spec_col(b, S_TARGETS, policy_target_spec, "direction", 0);
	spec_col(b, S_TARGETS, policy_target_spec, "source", 0);
	spec_col(b, S_TARGETS, policy_target_spec, "indicator_key", 0);
	spec_col(b, S_TARGETS, policy_target_spec, "industries", 0);
	spec_col(b, S_TARGETS, policy_target_spec, "above_size_only", 0);
	spec_col(b, S_TARGETS, policy_target_spec, "project_item", 0);
	spec_col(b, S_TARGETS, policy_target_spec, "project_statuses", 0);
	/* The task document's fields (task.c's task_document_spec) with its labels. */
	lit_col(b, S_TASKS, "measure", JSPEC_STRING, JSPEC_REQUIRED, "所属措施", "measure", SHEET_VALUE);
	lit_col(b, S_TASKS, "title", JSPEC_STRING, 0, "任务", "task", SHEET_VALUE);
	lit_col(b, S_TASKS, "body", JSPEC_STRING, 0, "任务内容", "description", SHEET_VALUE);
	lit_col(b, S_TASKS, "lead_department", JSPEC_STRING, 0, "牵头部门", "lead department", SHEET_REF);
	lit_col(b, S_TASKS, "supporting", JSPEC_STRLIST, 0, "配合部门", "supporting departments", SHEET_REF);
	lit_col(b, S_TASKS, "deadline", JSPEC_DATE, 0, "完成时限", "deadline", SHEET_VALUE);
	if (!(list = ref_store_list(db, REF_DEPARTMENT, e)))
		return -1;
	json_array_foreach(list, i, v) {
		const char *code = json_string_value(json_object_get(v, "code"));
		const char *name = json_string_value(json_object_get(v, "name"));
		json_object_set_new(b->by_code, code, json_string(name));
		json_object_set_new(b->by_text, name,
				    json_string(json_object_get(b->by_text, name) ? "" : code));
	}
	json_array_foreach(list, i, v) { /* codes are read too, and always win */
		const char *code = json_string_value(json_object_get(v, "code"));
		json_object_set_new(b->by_text, code, json_string(code));
	}
	json_decref(list);
	return 0;
}

static struct sheet_ops ops_of(struct book *b, int s)
{
	return (struct sheet_ops){b->cols[s], b->ncols[s], "policy", false, b, ref_code, ref_name, NULL, NULL, NULL, NULL};
}

/* ---- export -------------------------------------------------------------------- */

/* The line'th line of text (0-based) into out. */
static void line_of(const char *text, long line, struct strbuf *out)
{
	const char *p = text, *nl;
	strbuf_reset(out);
	for (; line > 0 && (nl = strchr(p, '\n')); line--)
		p = nl + 1;
	if (line > 0)
		return;
	nl = strchr(p, '\n');
	strbuf_add(out, p, nl ? (size_t)(nl - p) : strlen(p));
}

/* An anchor for paragraph p: its heading (up to the first 。 or ：) when that finds the
 * paragraph, else its start up to ANCHOR_MAX bytes; "" when neither does. */
static void anchor_of(const char *text, long p, struct strbuf *out)
{
	struct strbuf line = STRBUF_INIT;
	const char *s;
	size_t n;
	line_of(text, p, &line);
	s = line.buf;
	while (!strncmp(s, "\u3000", 3) || *s == ' ' || *s == '\t')
		s += *s == ' ' || *s == '\t' ? 1 : 3;
	strbuf_reset(out);
	for (int pass = 0; pass < 2; pass++) {
		const char *stop = pass ? NULL : strstr(s, "。");
		const char *colon = pass ? NULL : strstr(s, "：");
		if (!pass && (!stop || (colon && colon < stop)))
			stop = colon;
		if (!pass && !stop)
			continue;
		n = stop ? (size_t)(stop - s) + 3 : strlen(s);
		if (n > ANCHOR_MAX)
			n = ANCHOR_MAX;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80) /* not inside a character */
			n--;
		strbuf_reset(out);
		strbuf_add(out, s, n);
		if (n && policy_paragraph_of(text, out->buf) == p)
			break;
		strbuf_reset(out);
	}
	strbuf_release(&line);
}

static json_t *value_text(const json_t *v, bool money)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *out;
	if (!json_is_integer(v))
		return json_null();
	if (money)
		sheet_format_wanyuan(json_integer_value(v), &sb);
	else
		strbuf_addf(&sb, "%lld", (long long)json_integer_value(v));
	out = json_string(sb.buf);
	strbuf_release(&sb);
	return out;
}

/* The flat rows of each sheet for policy p (as policy_get gives it) and its tasks. */
static void rows_of(const json_t *p, const json_t *tasks, json_t *rows[S__COUNT])
{
	const char *text = json_string_value(json_object_get(p, "body"));
	json_t *codes = json_object(), *v, *x, *row;
	struct strbuf sb = STRBUF_INIT;
	size_t i, j;
	char key[24];
	long n = 0;
	row = json_object();
	for (size_t c = 0; c < 7; c++) {
		static const char *const own[] = {"doc_no",	 "title",     "issuer", "issued_on",
						  "period_from", "period_to", "status"};
		json_object_set(row, own[c], json_object_get(p, own[c]));
	}
	json_array_append_new(rows[S_POLICY], row);
	for (const char *q = text ? text : ""; q; n++) {
		const char *nl = strchr(q, '\n');
		json_t *anchored = json_array();
		json_array_foreach(json_object_get(p, "measures"), i, v) {
			if (json_integer_value(json_object_get(v, "paragraph")) == n &&
			    json_is_integer(json_object_get(v, "paragraph")))
				json_array_append(anchored, json_object_get(v, "code"));
		}
		json_array_append_new(rows[S_TEXT],
				      json_pack("{s:I, s:s%, s:o}", "paragraph", (json_int_t)n + 1, "text", q,
						nl ? (size_t)(nl - q) : strlen(q), "anchored", anchored));
		q = nl ? nl + 1 : NULL;
	}
	json_array_foreach(json_object_get(p, "targets"), i, v) {
		bool money = !strcmp(json_string_value(json_object_get(v, "unit")), "fen");
		snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(json_object_get(v, "id")));
		json_object_set(codes, key, json_object_get(v, "code"));
		row = json_deep_copy(v);
		json_object_set_new(row, "unit", json_string(money ? money_unit : "个数"));
		json_object_set_new(row, "baseline_value",
				    value_text(json_object_get(v, "baseline_value"), money));
		json_object_set_new(row, "target_value",
				    value_text(json_object_get(v, "target_value"), money));
		json_array_append_new(rows[S_TARGETS], row);
	}
	json_array_foreach(json_object_get(p, "measures"), i, v) {
		json_t *served = json_array();
		row = json_deep_copy(v);
		json_array_foreach(json_object_get(v, "target_ids"), j, x) {
			snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(x));
			if (json_object_get(codes, key))
				json_array_append(served, json_object_get(codes, key));
		}
		json_object_set_new(row, "targets", served);
		if (json_is_integer(json_object_get(v, "paragraph"))) {
			anchor_of(text, (long)json_integer_value(json_object_get(v, "paragraph")), &sb);
			json_object_set_new(row, "anchor", json_string(sb.buf));
		}
		json_array_append_new(rows[S_MEASURES], row);
	}
	json_array_foreach(tasks, i, v) {
		row = json_deep_copy(v);
		json_object_set(row, "measure", json_object_get(v, "measure_code"));
		if (json_is_string(json_object_get(v, "supporting"))) {
			json_t *list =
			    json_loads(json_string_value(json_object_get(v, "supporting")), 0, NULL);
			json_object_set_new(row, "supporting", json_is_array(list) ? list : json_array());
			if (!json_is_array(list))
				json_decref(list);
		}
		json_array_append_new(rows[S_TASKS], row);
	}
	strbuf_release(&sb);
	json_decref(codes);
}

int policy_export_workbook(struct db *db, const struct actor *a, int64_t id, struct strbuf *out,
			   struct err *e)
{
	struct book b;
	struct table t[S__COUNT];
	const struct table *tp[S__COUNT];
	json_t *rows[S__COUNT], *p = NULL, *tasks = NULL;
	int rc = -1;
	if (!actor_can(a, id ? LEDGER_EXPORTERS : LEDGER_WRITERS))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL);
	for (int s = 0; s < S__COUNT; s++) {
		rows[s] = json_array();
		table_init(&t[s]);
		tp[s] = &t[s];
	}
	if (book_init(db, &b, e))
		goto out;
	if (id) {
		struct task_filter f = {id, 0, NULL, NULL};
		if (!(p = policy_get(db, a, id, e)) || !(tasks = task_store_list(db, &f, e)))
			goto out;
		rows_of(p, tasks, rows);
	}
	for (int s = 0; s < S__COUNT; s++) {
		struct sheet_ops ops = ops_of(&b, s);
		sheet_table(&ops, rows[s], &t[s]);
	}
	rc = table_write_xlsx_book(tp, sheet_names, S__COUNT, out, e);
out:
	for (int s = 0; s < S__COUNT; s++) {
		json_decref(rows[s]);
		table_release(&t[s]);
	}
	json_decref(p);
	json_decref(tasks);
	book_release(&b);
	return rc;
}

/* ---- import -------------------------------------------------------------------- */

struct place {
	int sheet;
	json_int_t row;	    /* 0: the sheet as a whole */
	const char *column; /* header, or "" */
};

/* An error in a place, its message saying where: "目标 第3行 基期值：…". */
static void add_error(json_t *errors, enum lang lang, struct place pl, const char *field, const char *value,
		      const char *code, const char *msg)
{
	struct strbuf sb = STRBUF_INIT;
	const char *sheet = sheet_names[pl.sheet];
	if (lang == LANG_EN) {
		strbuf_addf(&sb, "sheet %s", sheet);
		if (pl.row)
			strbuf_addf(&sb, ", row %lld", (long long)pl.row);
		if (*pl.column)
			strbuf_addf(&sb, ", column %s", pl.column);
		strbuf_addf(&sb, ": %s", msg);
	} else {
		strbuf_addstr(&sb, sheet);
		if (pl.row)
			strbuf_addf(&sb, " 第%lld行", (long long)pl.row);
		if (*pl.column)
			strbuf_addf(&sb, " %s", pl.column);
		strbuf_addf(&sb, "：%s", msg);
	}
	json_array_append_new(errors, json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "sheet", sheet, "row",
						pl.row, "column", pl.column, "field", field, "value",
						value ? value : "", "code", code, "message", sb.buf));
	strbuf_release(&sb);
}

/* The error's own message without the field's label (the place names the column). */
static void bare_message(const struct err *e, enum lang lang, char msg[512])
{
	struct err bare = *e;
	size_t n;
	bare.label_zh = bare.label_en = NULL;
	err_message(&bare, lang, msg, 512);
	for (n = strlen(msg); n && !utf8_valid(msg, n); n--)
		msg[n - 1] = '\0';
}

static void add_err(json_t *errors, enum lang lang, struct place pl, const char *value, const struct err *e)
{
	char msg[512];
	bare_message(e, lang, msg);
	add_error(errors, lang, pl, e->field, value, err_name(e->code), msg);
}

static const char *header_of(struct book *b, int s, const char *name)
{
	for (size_t c = 0; c < b->ncols[s]; c++)
		if (!strcmp(b->cols[s][c].f.name, name))
			return sheet_header(&b->cols[s][c]);
	return "";
}

/* Drops what a cell left blank, so that the document says only what the sheet does. */
static void drop_blanks(json_t *row)
{
	const char *k;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(row, tmp, k, v) {
		if (json_is_null(v) || (json_is_string(v) && !json_string_length(v)) ||
		    (json_is_array(v) && !json_array_size(v)) ||
		    (json_is_false(v) && !strcmp(k, "above_size_only")))
			json_object_del(row, k);
	}
}

/* A target's values: 万元 exact to the fen for a money target, else a whole count. */
static void target_values(struct book *b, json_t *row, json_int_t rownum, enum lang lang, json_t *errors)
{
	const char *unit = json_string_value(json_object_get(row, "unit"));
	const struct jspec_choice *ch =
	    unit ? jspec_choice_find(jspec_find(policy_target_spec, "unit"), unit) : NULL;
	bool money = unit && (!strcmp(unit, money_unit) || !strcmp(unit, "万元") || !strcmp(unit, "金额") ||
			      (ch && !strcmp(ch->code, "fen")));
	if (unit && money)
		json_object_set_new(row, "unit", json_string("fen"));
	for (int k = 0; k < 2; k++) {
		const char *name = k ? "target_value" : "baseline_value";
		const char *s = json_string_value(json_object_get(row, name));
		struct err e = {0};
		int64_t v = 0;
		char *end;
		if (!s || !*s)
			continue;
		if (money) {
			if (!money_parse_wanyuan(s, name, &v, &e)) {
				json_object_set_new(row, name, json_integer(v));
				continue;
			}
		} else {
			long long x = strtoll(s, &end, 10);
			if (strspn(s, "0123456789") == strlen(s) && strlen(s) <= 18 && !*end) {
				json_object_set_new(row, name, json_integer(x));
				continue;
			}
			err_set(&e, ERR_TYPE, name, lang == LANG_EN ? "a whole number" : "整数");
		}
		add_err(errors, lang, (struct place){S_TARGETS, rownum, header_of(b, S_TARGETS, name)}, s,
			&e);
	}
}

/* The workbook's rows into the policy document; errors of cells that cannot be read. */
static json_t *document_of(struct book *b, json_t *rows[S__COUNT], json_t *nums[S__COUNT], enum lang lang,
			   json_t *errors)
{
	json_t *doc, *v;
	struct strbuf body = STRBUF_INIT;
	size_t i;
	if (json_array_size(rows[S_POLICY]) != 1) {
		struct err e = {0};
		json_int_t at = json_array_size(rows[S_POLICY])
				    ? json_integer_value(json_array_get(nums[S_POLICY], 1))
				    : 2;
		if (json_array_size(rows[S_POLICY]))
			err_set(&e, ERR_UNPROCESSABLE, NULL,
				lang == LANG_EN ? "one policy per workbook" : "一个工作簿只含一项政策");
		else
			err_set(&e, ERR_REQUIRED, NULL, NULL);
		add_err(errors, lang, (struct place){S_POLICY, at, ""}, "", &e);
		return NULL;
	}
	doc = json_deep_copy(json_array_get(rows[S_POLICY], 0));
	drop_blanks(doc);
	json_array_foreach(rows[S_TEXT], i, v) {
		if (i)
			strbuf_addch(&body, '\n');
		strbuf_addstr(&body, json_string_value(json_object_get(v, "text"))
					 ? json_string_value(json_object_get(v, "text"))
					 : "");
	}
	if (body.len)
		json_object_set_new(doc, "body", json_string(body.buf));
	strbuf_release(&body);
	for (int s = S_MEASURES; s <= S_TASKS; s++) {
		json_t *list = json_array();
		json_array_foreach(rows[s], i, v) {
			json_t *el = json_deep_copy(v);
			if (s == S_TARGETS)
				target_values(b, el, json_integer_value(json_array_get(nums[s], i)), lang,
					      errors);
			drop_blanks(el);
			json_array_append_new(list, el);
		}
		json_object_set_new(doc, doc_arrays[s], list);
	}
	return doc;
}

/* Where policy_create's error lies: "targets[2].baseline_value" is 目标, the row of the third target, 基期值.
 */
static struct place place_of(struct book *b, json_t *nums[S__COUNT], const char *field, const json_t *doc,
			     const json_t **value)
{
	struct place pl = {S_POLICY, json_integer_value(json_array_get(nums[S_POLICY], 0)), ""};
	const char *inner = field;
	*value = NULL;
	for (int s = S_MEASURES; s <= S_TASKS; s++) {
		size_t n = strlen(doc_arrays[s]);
		if (strncmp(field, doc_arrays[s], n) || (field[n] != '[' && field[n]))
			continue;
		pl.sheet = s;
		pl.row = 0;
		inner = "";
		if (field[n] == '[') {
			char *end;
			long i = strtol(field + n + 1, &end, 10);
			const json_t *el = json_array_get(json_object_get(doc, doc_arrays[s]), (size_t)i);
			pl.row = json_integer_value(json_array_get(nums[s], (size_t)i));
			inner = *end == ']' && end[1] == '.' ? end + 2 : "";
			*value = json_object_get(el, inner);
		}
		pl.column = *inner ? header_of(b, s, inner) : "";
		return pl;
	}
	if (!strcmp(field, "body")) {
		pl.sheet = S_TEXT;
		pl.row = 0;
		pl.column = header_of(b, S_TEXT, "text");
		return pl;
	}
	*value = json_object_get(doc, inner);
	pl.column = header_of(b, S_POLICY, inner);
	return pl;
}

static json_t *value_string(const json_t *v)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *out;
	size_t i;
	const json_t *x;
	if (json_is_string(v))
		strbuf_addstr(&sb, json_string_value(v));
	else if (json_is_integer(v))
		strbuf_addf(&sb, "%lld", (long long)json_integer_value(v));
	else if (json_is_array(v))
		json_array_foreach(v, i, x)
		    strbuf_addf(&sb, "%s%s", i ? "、" : "", json_is_string(x) ? json_string_value(x) : "");
	out = json_string(sb.buf);
	strbuf_release(&sb);
	return out ? out : json_string("");
}

/* The text's paragraphs as written: cells are trimmed of spaces when read, a paragraph is not. */
static void untrimmed_text(const struct table *t, json_t *rows, const json_t *nums)
{
	size_t col = 0, i;
	json_t *r;
	while (col < t->rows[0].ncells && strcmp(t->rows[0].cells[col], "正文"))
		col++;
	if (col == t->rows[0].ncells)
		return; /* the column under another of its names: as read */
	json_array_foreach(rows, i, r) {
		size_t row = (size_t)json_integer_value(json_array_get(nums, i)) - 1;
		json_t *text = json_string(table_cell(t, row, col));
		if (text)
			json_object_set_new(r, "text", text);
	}
}

/* Whether errors already hold one at the place: a cell that could not be read is not reported
 * again by the document's checks. */
static bool error_at(const json_t *errors, const char *sheet, json_int_t row, const char *column)
{
	size_t i;
	json_t *r;
	json_array_foreach(errors, i, r) {
		if (!strcmp(json_string_value(json_object_get(r, "sheet")), sheet) &&
		    json_integer_value(json_object_get(r, "row")) == row &&
		    !strcmp(json_string_value(json_object_get(r, "column")), column))
			return true;
	}
	return false;
}

/* The report of a dry run: what would be written, and the errors (none when it would be). */
static json_t *dry_report(const char *format, const json_t *p, const json_t *doc, json_t *errors, size_t omitted)
{
	bool ok = p && !json_array_size(errors);
	json_t *rep = json_pack("{s:b, s:s, s:i, s:i, s:i, s:i, s:O, s:[]}", "dry_run", 1, "format", format,
				"total_rows", 1, "created", ok, "updated", 0, "unchanged", 0, "errors", errors,
				"warnings");
	if (omitted)
		json_object_set_new(rep, "errors_omitted", json_integer((json_int_t)omitted));
	if (ok)
		json_object_set_new(rep, "policy",
				    json_pack("{s:O, s:O, s:i, s:i, s:i}", "doc_no", json_object_get(p, "doc_no"),
					      "title", json_object_get(p, "title"), "targets",
					      (int)json_array_size(json_object_get(p, "targets")), "measures",
					      (int)json_array_size(json_object_get(p, "measures")), "tasks",
					      (int)json_array_size(json_object_get(doc, "tasks"))));
	return rep;
}

/* An error of the database or of the actor's rights, not of the file: it ends the check. */
static bool fatal(const struct err *e)
{
	return e->code == ERR_UNAVAILABLE || e->code == ERR_INTERNAL || e->code == ERR_FORBIDDEN;
}

/* At most POLICY_ERRORS_MAX errors are listed; *omitted counts the rest. */
static void cap_errors(json_t *errors, size_t more, size_t *omitted)
{
	*omitted = more;
	while (json_array_size(errors) > POLICY_ERRORS_MAX) {
		json_array_remove(errors, json_array_size(errors) - 1);
		(*omitted)++;
	}
}

static json_t *import_workbook(struct db *db, const struct actor *a, const char *buf, size_t len, bool dry_run,
			       json_t **report, struct err *e)
{
	struct book b;
	json_t *rows[S__COUNT], *nums[S__COUNT], *errors = json_array(), *doc = NULL, *out = NULL;
	struct policy_errors *pe = calloc(1, sizeof(*pe));
	bool whole = true; /* every sheet there with its headers: the document can be checked */
	size_t omitted = 0;
	for (int s = 0; s < S__COUNT; s++) {
		rows[s] = json_array();
		nums[s] = json_array();
	}
	if (!pe) {
		err_set(e, ERR_INTERNAL, NULL, "out of memory");
		goto done;
	}
	if (book_init(db, &b, e))
		goto done;
	for (int s = 0; s < S__COUNT; s++) {
		struct table t = TABLE_INIT;
		struct sheet_ops ops = ops_of(&b, s);
		struct err re = {0};
		json_t *cells = json_array(), *r;
		size_t i;
		int rc = table_read_xlsx_sheet(&t, buf, len, sheet_names[s], e);
		if (rc < 0) {
			json_decref(cells);
			table_release(&t);
			goto done;
		}
		if (rc == 1) {
			err_set(&re, ERR_REQUIRED, NULL, NULL);
			add_err(errors, a->lang, (struct place){s, 0, ""}, "", &re);
			whole = false;
		} else if (sheet_read_rows(&ops, &t, a->lang, rows[s], nums[s], cells, &re)) {
			add_err(errors, a->lang, (struct place){s, 1, ""}, "", &re);
			whole = false;
		} else if (s == S_TEXT) {
			untrimmed_text(&t, rows[s], nums[s]);
		}
		/* A cell that cannot be read: its message names the column already. */
		json_array_foreach(cells, i, r) {
			add_error(errors, a->lang,
				  (struct place){s, json_integer_value(json_object_get(r, "row")), ""},
				  json_string_value(json_object_get(r, "field")),
				  json_string_value(json_object_get(r, "value")),
				  json_string_value(json_object_get(r, "code")),
				  json_string_value(json_object_get(r, "message")));
			json_object_set(json_array_get(errors, json_array_size(errors) - 1), "column",
					json_object_get(r, "column"));
		}
		json_decref(cells);
		table_release(&t);
	}
	/* The document's own checks too, unless a sheet is missing (every reference to it would
	 * be an error); with cells already wrong nothing is written whatever they find. */
	if (whole)
		doc = document_of(&b, rows, nums, a->lang, errors);
	if (doc) {
		struct err ve = {0};
		out = policy_import_document(db, a, doc, dry_run || json_array_size(errors), pe, &ve);
		if (!out && fatal(&ve)) {
			*e = ve;
			goto done;
		}
		for (size_t k = 0; k < pe->n; k++) {
			const json_t *value;
			struct place pl = place_of(&b, nums, pe->list[k].field, doc, &value);
			json_t *vs = value_string(value);
			if (!error_at(errors, sheet_names[pl.sheet], pl.row, pl.column))
				add_err(errors, a->lang, pl, json_string_value(vs), &pe->list[k]);
			json_decref(vs);
		}
		if (out && !dry_run && !json_array_size(errors))
			goto done;
	}
	cap_errors(errors, pe->more, &omitted);
	if (dry_run) {
		json_t *rep = dry_report("xlsx", out, doc, errors, omitted);
		json_decref(out);
		out = rep;
		goto done;
	}
	json_decref(out);
	out = NULL;
	*report = json_pack("{s:s, s:O}", "format", "xlsx", "errors", errors);
	if (omitted)
		json_object_set_new(*report, "errors_omitted", json_integer((json_int_t)omitted));
	err_setf(e, ERR_IMPORT_ROWS, "file", "%zu", json_array_size(errors) + omitted);
done:
	for (int s = 0; s < S__COUNT; s++) {
		json_decref(rows[s]);
		json_decref(nums[s]);
	}
	free(pe);
	json_decref(doc);
	json_decref(errors);
	book_release(&b);
	return out;
}

/* A document's errors for people: "targets[2].baseline_value（基期值）：…" in the user's language. */
static json_t *document_errors(const struct policy_errors *pe, enum lang lang)
{
	json_t *errors = json_array();
	for (size_t k = 0; k < pe->n; k++) {
		const struct err *x = &pe->list[k];
		struct strbuf sb = STRBUF_INIT;
		const char *label = lang == LANG_EN ? x->label_en : x->label_zh;
		char msg[512];
		bare_message(x, lang, msg);
		strbuf_addstr(&sb, x->field);
		if (label)
			strbuf_addf(&sb, lang == LANG_EN ? " (%s)" : "（%s）", label);
		strbuf_addf(&sb, "%s%s", *x->field || label ? (lang == LANG_EN ? ": " : "：") : "", msg);
		json_array_append_new(errors, json_pack("{s:s, s:s, s:s}", "field", x->field, "code",
							err_name(x->code), "message", sb.buf));
		strbuf_release(&sb);
	}
	return errors;
}

static json_t *import_document(struct db *db, const struct actor *a, json_t *doc, bool dry_run, json_t **report,
			       struct err *e)
{
	struct policy_errors *pe = calloc(1, sizeof(*pe));
	json_t *out, *errors;
	size_t omitted;
	if (!pe)
		return err_set(e, ERR_INTERNAL, NULL, "out of memory"), NULL;
	out = policy_import_document(db, a, doc, dry_run, pe, e);
	if (out && !dry_run) {
		free(pe);
		return out;
	}
	if (!out && fatal(e)) {
		free(pe);
		return NULL;
	}
	errors = document_errors(pe, a->lang);
	cap_errors(errors, pe->more, &omitted);
	if (dry_run) {
		json_t *rep = dry_report("json", out, doc, errors, omitted);
		json_decref(out);
		out = rep;
	} else {
		/* The first error is the reply's own error, as a check stopping at it gave it. */
		*report = json_pack("{s:s, s:O}", "format", "json", "errors", errors);
		if (omitted)
			json_object_set_new(*report, "errors_omitted", json_integer((json_int_t)omitted));
	}
	json_decref(errors);
	free(pe);
	return out;
}

json_t *policy_import(struct db *db, const struct actor *a, const char *buf, size_t len, bool dry_run,
		      json_t **report, struct err *e)
{
	json_error_t je;
	json_t *doc, *out;
	*report = NULL;
	if (!actor_can(a, LEDGER_WRITERS))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL), NULL;
	if (table_sniff(buf, len) == TABLE_XLSX)
		return import_workbook(db, a, buf, len, dry_run, report, e);
	/* Anything else is the JSON document itself. */
	if (!(doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je)))
		return err_setf(e, ERR_UNPROCESSABLE, "file", "JSON: line %d: %s", je.line, je.text), NULL;
	if (!json_is_object(doc)) {
		json_decref(doc);
		return err_set(e, ERR_TYPE, "file", "object"), NULL;
	}
	out = import_document(db, a, doc, dry_run, report, e);
	json_decref(doc);
	return out;
}
