/* sheet.c — spreadsheet import and export shared by every resource (see sheet.h). */
#include "domain/sheet.h"
#include "core/money.h"
#include "core/util.h"
#include "domain/audit.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *sheet_header(const struct sheet_col *c)
{
	return c->f.column ? c->f.column : c->f.label_zh;
}

void sheet_normalise_date(const char *s, char out[32])
{
	int y, m, d;
	char tail;
	strlcpy_(out, s, 32);
	if (strspn(s, "0123456789") == strlen(s) && strlen(s) >= 4 && strlen(s) <= 5) {
		/* Excel's 1900 date system: day 1 is 1900-01-01, with its phantom 1900-02-29. */
		long days = strtol(s, NULL, 10);
		int64_t t = (int64_t)(days - 25569) * 86400; /* 25569 = 1970-01-01 */
		char iso[21];
		time_iso8601(t, iso);
		snprintf(out, 32, "%.10s", iso);
		return;
	}
	if (sscanf(s, "%d/%d/%d%c", &y, &m, &d, &tail) == 3 || sscanf(s, "%d.%d.%d%c", &y, &m, &d, &tail) == 3 ||
	    sscanf(s, "%d-%d-%d%c", &y, &m, &d, &tail) == 3 ||
	    sscanf(s, "%d年%d月%d日%c", &y, &m, &d, &tail) == 3)
		if (y > 0 && y < 10000 && m > 0 && m < 100 && d > 0 && d < 100)
			snprintf(out, 32, "%04d-%02d-%02d", y, m, d);
}

void sheet_format_wanyuan(int64_t fen, struct strbuf *out)
{
	uint64_t mag = fen < 0 ? (uint64_t)(-(fen + 1)) + 1 : (uint64_t)fen;
	uint64_t whole = mag / (uint64_t)MONEY_FEN_PER_WANYUAN, frac = mag % (uint64_t)MONEY_FEN_PER_WANYUAN;
	strbuf_addf(out, "%s%llu", fen < 0 ? "-" : "", (unsigned long long)whole);
	if (frac) {
		char d[8];
		snprintf(d, sizeof(d), "%06llu", (unsigned long long)frac);
		for (int i = 5; i > 0 && d[i] == '0'; i--)
			d[i] = '\0';
		strbuf_addf(out, ".%s", d);
	}
}

/* ---- export ---------------------------------------------------------------- */

static void cell_of(const struct sheet_ops *ops, const struct sheet_col *c, const json_t *v, struct strbuf *out)
{
	strbuf_reset(out);
	if (!v || json_is_null(v))
		return;
	if (json_is_string(v) && c->f.type != JSPEC_CHOICE && c->kind != SHEET_REF) {
		strbuf_addstr(out, json_string_value(v));
		return;
	}
	if (c->kind == SHEET_WANYUAN) {
		sheet_format_wanyuan(json_integer_value(v), out);
		return;
	}
	switch (c->f.type) {
	case JSPEC_BOOL:
		strbuf_addstr(out, json_is_true(v) ? "是" : "否");
		break;
	case JSPEC_INT:
		strbuf_addf(out, "%lld", (long long)json_integer_value(v));
		break;
	case JSPEC_CHOICE: {
		const struct jspec_choice *ch = jspec_choice_find(&c->f, json_string_value(v));
		strbuf_addstr(out, ch ? ch->zh : json_string_value(v));
		break;
	}
	case JSPEC_STRLIST: {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) {
			if (i)
				strbuf_addstr(out, "、");
			const char *s = json_string_value(x);
			strbuf_addstr(out, c->kind == SHEET_REF ? ops->ref_name(ops->ctx, c->ref, s) : s);
		}
		break;
	}
	default:
		if (c->kind == SHEET_REF)
			strbuf_addstr(out, ops->ref_name(ops->ctx, c->ref, json_string_value(v)));
		else if (json_is_integer(v))
			strbuf_addf(out, "%lld", (long long)json_integer_value(v));
		else
			strbuf_addstr(out, json_string_value(v) ? json_string_value(v) : "");
	}
}

void sheet_table(const struct sheet_ops *ops, const json_t *rows, struct table *t)
{
	size_t n = ops->ncols, i;
	const char **cells = xcalloc(n ? n : 1, sizeof(*cells));
	struct strbuf *cell = xcalloc(n ? n : 1, sizeof(*cell));
	json_t *row;
	for (size_t c = 0; c < n; c++) {
		cells[c] = sheet_header(&ops->cols[c]);
		strbuf_init(&cell[c], 0);
	}
	table_add_row(t, cells, n);
	json_array_foreach(rows, i, row) {
		for (size_t c = 0; c < n; c++) {
			cell_of(ops, &ops->cols[c], json_object_get(row, ops->cols[c].f.name), &cell[c]);
			cells[c] = cell[c].buf;
		}
		table_add_row(t, cells, n);
	}
	for (size_t c = 0; c < n; c++)
		strbuf_release(&cell[c]);
	free(cell);
	free(cells);
}

int sheet_export(const struct sheet_ops *ops, const json_t *rows, enum table_format fmt, const char *sheet_name,
                 struct strbuf *out, struct err *e)
{
	struct table t = TABLE_INIT;
	int rc = 0;
	sheet_table(ops, rows, &t);
	if (fmt == TABLE_XLSX)
		rc = table_write_xlsx(&t, sheet_name, out, e);
	else
		table_write_csv(&t, out);
	table_release(&t);
	return rc;
}

/* ---- import ---------------------------------------------------------------- */

/* Splits a list cell at the separators people use: 、 ， , ； ; and spaces. */
static void split_list(const char *s, json_t *out)
{
	struct strbuf norm = STRBUF_INIT;
	char *save = NULL;
	for (const char *p = s; *p; p++) {
		if (!strncmp(p, "、", 3) || !strncmp(p, "，", 3) || !strncmp(p, "；", 3)) {
			strbuf_addch(&norm, '\x1f');
			p += 2;
		} else {
			strbuf_addch(&norm, strchr(",; ", *p) ? '\x1f' : *p);
		}
	}
	for (char *tok = strtok_r(norm.buf, "\x1f", &save); tok; tok = strtok_r(NULL, "\x1f", &save))
		json_array_append_new(out, json_string(tok));
	strbuf_release(&norm);
}

/* One cell into a JSON value by the column's type; NULL with e set when it cannot be read. */
static json_t *parse_cell(const struct sheet_ops *ops, const struct sheet_col *c, const char *s, struct err *e)
{
	const struct jspec_field *f = &c->f;
	json_t *v;
	if (c->kind == SHEET_WANYUAN) {
		int64_t fen;
		if (!*s)
			return json_null();
		if (money_parse_wanyuan(s, f->name, &fen, e)) {
			err_label(e, f->label_zh, f->label_en);
			return NULL;
		}
		return json_integer(fen);
	}
	switch (f->type) {
	case JSPEC_BOOL:
		if (!*s || !strcmp(s, "否") || !strcasecmp(s, "n") || !strcasecmp(s, "no") || !strcasecmp(s, "false") ||
		    !strcmp(s, "0"))
			return json_false();
		if (!strcmp(s, "是") || !strcasecmp(s, "y") || !strcasecmp(s, "yes") || !strcasecmp(s, "true") ||
		    !strcmp(s, "1"))
			return json_true();
		jspec_fail(f, e, ERR_TYPE, "是/否");
		return NULL;
	case JSPEC_INT: {
		char *end;
		if (!*s)
			return json_null();
		errno = 0;
		long long x = strtoll(s, &end, 10);
		if (*end || errno || strspn(s, "0123456789") != strlen(s)) {
			jspec_fail(f, e, ERR_TYPE, "integer");
			return NULL;
		}
		return json_integer(x);
	}
	case JSPEC_DATE: {
		char d[32];
		sheet_normalise_date(s, d);
		return *d ? json_string(d) : json_null();
	}
	case JSPEC_STRLIST: {
		json_t *list = json_array(), *x;
		size_t i;
		split_list(s, list);
		if (c->kind != SHEET_REF)
			return list;
		v = json_array();
		json_array_foreach(list, i, x) {
			const char *code = ops->ref_code(ops->ctx, c->ref, json_string_value(x));
			if (!code) {
				jspec_fail(f, e, ERR_NOT_FOUND, json_string_value(x));
				json_decref(list);
				json_decref(v);
				return NULL;
			}
			json_array_append_new(v, json_string(code));
		}
		json_decref(list);
		return v;
	}
	default:
		if (c->kind == SHEET_REF) {
			const char *code = *s ? ops->ref_code(ops->ctx, c->ref, s) : NULL;
			if (*s && !code) {
				jspec_fail(f, e, ERR_NOT_FOUND, s);
				return NULL;
			}
			return code ? json_string(code) : json_null();
		}
		if (f->type == JSPEC_CHOICE && !*s)
			return json_null();
		return json_string(s);
	}
}

/* A row's cells into a flat object; *bad_col is the column whose cell cannot be read. */
static json_t *row_of(const struct sheet_ops *ops, const struct table *t, size_t row, const int *colmap,
                      int *bad_col, struct err *e)
{
	json_t *out = json_object();
	struct strbuf sb = STRBUF_INIT;
	for (size_t c = 0; c < ops->ncols; c++) {
		if (colmap[c] < 0 || (ops->cols[c].f.flags & JSPEC_OUTPUT))
			continue;
		strbuf_reset(&sb);
		strbuf_addstr(&sb, table_cell(t, row, (size_t)colmap[c]));
		strbuf_trim(&sb);
		json_t *v = parse_cell(ops, &ops->cols[c], sb.buf, e);
		if (!v) {
			*bad_col = (int)c;
			strbuf_release(&sb);
			json_decref(out);
			return NULL;
		}
		json_object_set_new(out, ops->cols[c].f.name, v);
	}
	strbuf_release(&sb);
	*bad_col = -1;
	return out;
}

static void add_row_error(json_t *errors, size_t row, const struct sheet_col *c, const char *value,
                          const struct err *e, enum lang lang)
{
	char msg[512];
	size_t n;
	err_message(e, lang, msg, sizeof(msg));
	/* The argument was cut at a byte limit, maybe inside a character: jansson
	 * would refuse the text and the row's error would silently vanish. */
	for (n = strlen(msg); n && !utf8_valid(msg, n); n--)
		msg[n - 1] = '\0';
	json_array_append_new(errors, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "row", (json_int_t)row, "column",
	                                        c ? sheet_header(c) : "", "field", e->field, "value",
	                                        value ? value : "", "code", err_name(e->code), "message", msg));
}

/* The column an error belongs to: the one of its field, else the one that could not be read. */
static int column_of_error(const struct sheet_ops *ops, const struct err *re, int bad_col)
{
	for (size_t c = 0; c < ops->ncols; c++)
		if (!strcmp(ops->cols[c].f.name, re->field))
			return (int)c;
	for (size_t c = 0; c < ops->ncols; c++)
		if (ops->cols[c].field && !strcmp(ops->cols[c].field, re->field))
			return (int)c;
	return bad_col;
}

static bool header_matches(const struct sheet_col *c, const char *h)
{
	return !strcmp(h, sheet_header(c)) || !strcmp(h, c->f.label_zh) || !strcasecmp(h, c->f.label_en) ||
	       !strcmp(h, c->f.name);
}

/* Columns are found by header text, so their order in the file does not matter. */
static int map_columns(const struct sheet_ops *ops, const struct table *t, int *colmap, struct err *e)
{
	struct strbuf h = STRBUF_INIT;
	for (size_t c = 0; c < ops->ncols; c++) {
		colmap[c] = -1;
		for (size_t k = 0; k < t->rows[0].ncells; k++) {
			strbuf_reset(&h);
			strbuf_addstr(&h, t->rows[0].cells[k]);
			strbuf_trim(&h);
			if (header_matches(&ops->cols[c], h.buf))
				colmap[c] = (int)k;
		}
		if (colmap[c] < 0 && (ops->cols[c].f.flags & JSPEC_REQUIRED)) {
			strbuf_release(&h);
			return err_setf(e, ERR_UNPROCESSABLE, "file", "missing column %s", sheet_header(&ops->cols[c]));
		}
	}
	strbuf_release(&h);
	return 0;
}

static bool row_empty(const struct table *t, size_t r)
{
	for (size_t k = 0; k < t->rows[r].ncells; k++)
		if (*t->rows[r].cells[k])
			return false;
	return true;
}

int sheet_read_rows(const struct sheet_ops *ops, const struct table *t, enum lang lang, json_t *rows,
                    json_t *rownums, json_t *errors, struct err *e)
{
	int *colmap = xcalloc(ops->ncols ? ops->ncols : 1, sizeof(*colmap));
	if (t->nrows < 1) {
		free(colmap);
		return err_set(e, ERR_UNPROCESSABLE, "file", "the sheet has no header row");
	}
	if (map_columns(ops, t, colmap, e)) {
		free(colmap);
		return -1;
	}
	for (size_t r = 1; r < t->nrows; r++) {
		struct err re = { 0 };
		int bad_col = -1;
		if (row_empty(t, r))
			continue;
		json_t *row = row_of(ops, t, r, colmap, &bad_col, &re);
		if (row) {
			json_array_append_new(rows, row);
			json_array_append_new(rownums, json_integer((json_int_t)r + 1));
			continue;
		}
		const struct sheet_col *col = bad_col >= 0 ? &ops->cols[bad_col] : NULL;
		add_row_error(errors, r + 1, col, col ? table_cell(t, r, (size_t)colmap[bad_col]) : "", &re, lang);
	}
	free(colmap);
	return 0;
}

/* Offers row r to ops->fast_row with its cells trimmed as row_of trims them (cells: one
 * buffer per column, reused from row to row). */
static int fast_row(const struct sheet_ops *ops, struct db *db, const struct actor *a, const struct table *t,
                    size_t r, const int *colmap, struct strbuf *cells, enum sheet_outcome *outcome, struct err *e)
{
	const char *text[64];
	if (ops->ncols > ARRAY_SIZE(text))
		return 0;
	for (size_t c = 0; c < ops->ncols; c++) {
		strbuf_reset(&cells[c]);
		if (colmap[c] >= 0 && !(ops->cols[c].f.flags & JSPEC_OUTPUT)) {
			strbuf_addstr(&cells[c], table_cell(t, r, (size_t)colmap[c]));
			strbuf_trim(&cells[c]);
		}
		text[c] = cells[c].buf;
	}
	return ops->fast_row(ops->ctx, db, a, text, outcome, e);
}

/* Imports the rows of t (rows[0] the header) and, with a stream, the batches after it. */
static json_t *import_rows(struct db *db, const struct actor *a, const struct sheet_ops *ops, struct table *t,
                           struct table_stream *stream, enum table_format fmt, bool dry_run, enum import_mode mode,
                           json_t **report, struct err *e)
{
	int *colmap = xcalloc(ops->ncols ? ops->ncols : 1, sizeof(*colmap));
	struct strbuf *cells = xcalloc(ops->ncols ? ops->ncols : 1, sizeof(*cells));
	json_t *errors = json_array(), *warnings = json_array(), *rep = NULL;
	int64_t counts[3] = { 0, 0, 0 }; /* by enum sheet_outcome */
	for (size_t c = 0; c < ops->ncols; c++)
		strbuf_init(&cells[c], 0);
	int64_t omitted = 0;             /* row errors past SHEET_MAX_ERRORS, counted only */
	size_t base = 0;                 /* rows of the file before t's */
	bool began = false;
	*report = NULL;

	if (t->nrows < 1) {
		err_set(e, ERR_UNPROCESSABLE, "file", "the file has no header row");
		goto fail;
	}
	if (map_columns(ops, t, colmap, e))
		goto fail;
	if (db_begin_write(db, e))
		goto fail;
	began = true;
	if (ops->begin && ops->begin(ops->ctx, db, e))
		goto fail;
	for (size_t r = 1;; r++) {
		if (r >= t->nrows) {
			long got = stream ? table_stream_next(stream, t, SHEET_BATCH_ROWS, e) : 0;
			if (got < 0)
				goto fail;
			if (!got && ops->fast_row && ops->fast_row(ops->ctx, db, a, NULL, NULL, e) < 0)
				goto fail; /* the end: what it holds back is written */
			if (!got)
				break;
			base += r;
			r = 0;
		}
		struct err re = { 0 };
		int bad_col = -1;
		enum sheet_outcome outcome = SHEET_UNCHANGED;
		if (row_empty(t, r))
			continue;
		if (ops->fast_row) {
			int done = fast_row(ops, db, a, t, r, colmap, cells, &outcome, &re);
			if (done < 0) {
				*e = re;
				goto fail;
			}
			if (done) {
				counts[outcome]++;
				continue;
			}
		}
		json_t *row = row_of(ops, t, r, colmap, &bad_col, &re);
		/* Each row in a savepoint: a row that fails half way leaves nothing behind. */
		int ok = row && !db_savepoint(db, &re);
		if (ok && ops->write_row(ops->ctx, db, a, row, warnings, &outcome, &re)) {
			db_rollback_savepoint(db);
			ok = 0;
		} else if (ok && db_release_savepoint(db, &re)) {
			ok = 0;
		}
		json_decref(row);
		if (ok) {
			counts[outcome]++;
			continue;
		}
		if (re.code == ERR_UNAVAILABLE || re.code == ERR_INTERNAL) {
			*e = re;
			goto fail;
		}
		if (json_array_size(errors) >= SHEET_MAX_ERRORS) {
			omitted++;
			continue;
		}
		int c = column_of_error(ops, &re, bad_col);
		const struct sheet_col *col = c >= 0 ? &ops->cols[c] : NULL;
		add_row_error(errors, base + r + 1, col, col && colmap[c] >= 0 ? table_cell(t, r, (size_t)colmap[c]) : "",
		              &re, a->lang);
	}
	int64_t bad = (int64_t)json_array_size(errors) + omitted;
	rep = json_pack("{s:b, s:s, s:I, s:I, s:I, s:I, s:O, s:O}", "dry_run", dry_run, "format",
	                fmt == TABLE_XLSX ? "xlsx" : "csv", "total_rows",
	                (json_int_t)(counts[0] + counts[1] + counts[2] + bad), "created",
	                (json_int_t)counts[SHEET_CREATED], "updated", (json_int_t)counts[SHEET_UPDATED], "unchanged",
	                (json_int_t)counts[SHEET_UNCHANGED], "errors", errors, "warnings", warnings);
	if (omitted)
		json_object_set_new(rep, "errors_omitted", json_integer(omitted));
	if (dry_run || (bad && mode == IMPORT_ALL)) {
		db_rollback(db);
		if (!dry_run) {
			json_object_set_new(rep, "created", json_integer(0));
			json_object_set_new(rep, "updated", json_integer(0));
			json_object_set_new(rep, "unchanged", json_integer(0));
			err_setf(e, ERR_IMPORT_ROWS, "file", "%lld", (long long)bad);
			*report = rep;
			rep = NULL;
		}
	} else if (!ops->audit_unchanged && !counts[SHEET_CREATED] && !counts[SHEET_UPDATED]) {
		/* Nothing written: an idempotent re-import leaves no trace. */
		db_rollback(db);
	} else {
		json_t *ch = json_pack("{s:I, s:I, s:I, s:I}", "created", (json_int_t)counts[SHEET_CREATED], "updated",
		                       (json_int_t)counts[SHEET_UPDATED], "unchanged", (json_int_t)counts[SHEET_UNCHANGED],
		                       "errors", (json_int_t)bad);
		int rc = (ops->finish && ops->finish(ops->ctx, db, ch, e)) || audit_append(db, a, "import", ops->entity, "", ch, e);
		json_decref(ch);
		if (rc || db_commit(db, e)) {
			db_rollback(db);
			json_decref(rep);
			rep = NULL;
		}
	}
	began = false;
fail:
	if (began)
		db_rollback(db);
	for (size_t c = 0; c < ops->ncols; c++)
		strbuf_release(&cells[c]);
	free(cells);
	free(colmap);
	json_decref(errors);
	json_decref(warnings);
	return rep;
}

json_t *sheet_import(struct db *db, const struct actor *a, const struct sheet_ops *ops, const char *buf,
                     size_t len, bool dry_run, enum import_mode mode, json_t **report, struct err *e)
{
	struct table t = TABLE_INIT;
	json_t *rep = NULL;
	*report = NULL;
	if (!table_read(&t, buf, len, e))
		rep = import_rows(db, a, ops, &t, NULL, table_sniff(buf, len), dry_run, mode, report, e);
	table_release(&t);
	return rep;
}

json_t *sheet_import_csv_stream(struct db *db, const struct actor *a, const struct sheet_ops *ops, FILE *f,
                                bool dry_run, enum import_mode mode, json_t **report, struct err *e)
{
	struct table t = TABLE_INIT;
	struct table_stream *s = table_stream_open(f);
	json_t *rep = NULL;
	*report = NULL;
	if (!s)
		return err_set(e, ERR_INTERNAL, NULL, "csv_init failed"), NULL;
	if (table_stream_next(s, &t, SHEET_BATCH_ROWS, e) >= 0)
		rep = import_rows(db, a, ops, &t, s, TABLE_CSV, dry_run, mode, report, e);
	table_release(&t);
	table_stream_close(s);
	return rep;
}
