/* enterprise.c — the enterprise registry: validation, scope, audit, import, export. */
#include "domain/enterprise.h"
#include "core/creditcode.h"
#include "core/pinyin.h"
#include "core/util.h"
#include "db/enterprise_store.h"
#include "db/ref_store.h"
#include "db/summary_store.h"
#include "domain/audit.h"
#include "domain/sheet.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct jspec_choice enterprise_ownerships[] = {
	{ "state", "国有", "state-owned" },
	{ "collective", "集体", "collective" },
	{ "private", "民营", "private" },
	{ "foreign", "外商投资", "foreign-invested" },
	{ "hmt", "港澳台投资", "HK/Macao/Taiwan-invested" },
	{ "mixed", "混合所有制", "mixed ownership" },
	{ "other", "其他", "other" },
	{ NULL, NULL, NULL },
};

const struct jspec_choice enterprise_scales[] = {
	{ "large", "大型", "large" },
	{ "medium", "中型", "medium" },
	{ "small", "小型", "small" },
	{ "micro", "微型", "micro" },
	{ NULL, NULL, NULL },
};

#define EMP_MAX 10000000
/* The order here is the order of the template's columns. */
const struct jspec_field enterprise_spec[] = {
	{ "credit_code", JSPEC_STRING, JSPEC_REQUIRED, 0, 40, "统一社会信用代码", "credit code", NULL, NULL },
	{ "name", JSPEC_STRING, JSPEC_REQUIRED, 0, 100, "企业名称", "name", NULL, NULL },
	{ "short_name", JSPEC_STRING, 0, 0, 30, "简称", "short name", NULL, NULL },
	{ "division", JSPEC_STRING, JSPEC_REQUIRED, 0, 6, "所属区划", "division", "所属区划代码", NULL },
	{ "address", JSPEC_STRING, 0, 0, 200, "地址", "address", NULL, NULL },
	{ "industry", JSPEC_STRING, JSPEC_REQUIRED, 0, 4, "行业类别", "industry class", "行业类别代码", NULL },
	{ "fields", JSPEC_STRLIST, 0, 0, 12, "重点领域", "key fields", NULL, NULL },
	{ "base", JSPEC_STRING, JSPEC_NULLABLE, 0, 32, "所属基地", "base", NULL, NULL },
	{ "ownership", JSPEC_CHOICE, JSPEC_NULLABLE, 0, 0, "所有制", "ownership", NULL, enterprise_ownerships },
	{ "scale", JSPEC_CHOICE, JSPEC_NULLABLE, 0, 0, "企业规模", "scale", NULL, enterprise_scales },
	{ "above_size", JSPEC_BOOL, 0, 0, 0, "规模以上", "above designated size", NULL, NULL },
	{ "high_tech_cert", JSPEC_STRING, 0, 0, 40, "高新技术企业证书编号", "high-tech certificate", NULL, NULL },
	{ "high_tech_date", JSPEC_DATE, JSPEC_NULLABLE, 0, 10, "高企认定日期", "high-tech date", NULL, NULL },
	{ "exporter", JSPEC_BOOL, 0, 0, 0, "出口企业", "exporter", NULL, NULL },
	{ "legal_rep", JSPEC_STRING, 0, 0, 50, "法定代表人", "legal representative", NULL, NULL },
	{ "contact", JSPEC_STRING, 0, 0, 50, "联系人", "contact", NULL, NULL },
	{ "phone", JSPEC_STRING, 0, 0, 40, "联系电话", "phone", NULL, NULL },
	{ "founded", JSPEC_DATE, JSPEC_NULLABLE, 0, 10, "成立日期", "founded", NULL, NULL },
	{ "employees", JSPEC_INT, JSPEC_NULLABLE, 0, EMP_MAX, "从业人员", "employees", NULL, NULL },
	{ "version", JSPEC_INT, 0, 1, INT32_MAX, "版本", "version", NULL, NULL },
	{ "id", JSPEC_INT, JSPEC_OUTPUT, 0, 0, "编号", "id", NULL, NULL },
	{ "division_name", JSPEC_STRING, JSPEC_OUTPUT, 0, 0, "区划名称", "division name", NULL, NULL },
	{ "industry_name", JSPEC_STRING, JSPEC_OUTPUT, 0, 0, "行业名称", "industry name", NULL, NULL },
	{ "archived", JSPEC_BOOL, JSPEC_OUTPUT, 0, 0, "已归档", "archived", NULL, NULL },
	{ "created_at", JSPEC_STRING, JSPEC_OUTPUT, 0, 0, "创建时间", "created", NULL, NULL },
	{ "updated_at", JSPEC_STRING, JSPEC_OUTPUT, 0, 0, "更新时间", "updated", NULL, NULL },
	{ "warnings", JSPEC_STRLIST, JSPEC_OUTPUT, 0, 0, "提示", "warnings", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

/* Columns of files: the writable fields, in spec order, up to "version". */
static size_t file_columns(void)
{
	size_t n = 0;
	while (strcmp(enterprise_spec[n].name, "version"))
		n++;
	return n;
}

static int fail_field(struct err *e, const char *name, enum err_code code, const char *arg)
{
	return jspec_fail(jspec_find(enterprise_spec, name), e, code, arg);
}

/* Output-only keys a client may echo back are dropped rather than refused. */
static void drop_output_keys(json_t *body)
{
	for (const struct jspec_field *f = enterprise_spec; f->name; f++)
		if (f->flags & JSPEC_OUTPUT)
			json_object_del(body, f->name);
}

static bool can_write(const struct actor *a)
{
	return actor_can(a, R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(ENTERPRISE));
}

/* Semantic checks and normalisation of a whole record (already spec-checked):
 * credit code, references, phone; adds pinyin and warnings. */
static int validate_record(struct db *db, json_t *rec, json_t *warnings, enum lang lang, struct err *e)
{
	char code[CREDITCODE_LEN + 1];
	bool org_warning = false;
	const char *s;
	json_t *ref, *v;
	size_t i;

	if (creditcode_check(json_string_value(json_object_get(rec, "credit_code")), code, &org_warning, e)) {
		err_label(e, "统一社会信用代码", "credit code");
		return -1;
	}
	json_object_set_new(rec, "credit_code", json_string(code));
	if (org_warning && warnings)
		json_array_append_new(warnings, json_pack("{s:s, s:s, s:s}", "code", "org_code_check",
		                                          "field", "credit_code", "message",
		                                          lang == LANG_EN ? "credit code: the organisation code "
		                                          "check character (position 17) does not match"
		                                          : "统一社会信用代码：组织机构代码（第9–17位）校验位不符，请核对"));

	s = json_string_value(json_object_get(rec, "division"));
	ref = ref_store_get(db, REF_DIVISION, s, e);
	if (!ref)
		return e->code ? -1 : fail_field(e, "division", ERR_NOT_FOUND, s);
	bool county = !strcmp(json_string_value(json_object_get(ref, "level")), "county");
	json_decref(ref);
	if (!county)
		return fail_field(e, "division", ERR_INVALID, "county-level code (县级区划代码)");

	s = json_string_value(json_object_get(rec, "industry"));
	ref = ref_store_get(db, REF_INDUSTRY, s, e);
	if (!ref)
		return e->code ? -1 : fail_field(e, "industry", ERR_NOT_FOUND, s);
	bool cls = !strcmp(json_string_value(json_object_get(ref, "level")), "class");
	json_decref(ref);
	if (!cls)
		return fail_field(e, "industry", ERR_INVALID, "4-digit class (4位行业小类代码)");

	json_t *fields = json_object_get(rec, "fields"), *uniq = json_array();
	json_array_foreach(fields, i, v) {
		ref = ref_store_get(db, REF_FIELD, json_string_value(v), e);
		if (!ref) {
			json_decref(uniq);
			return e->code ? -1 : fail_field(e, "fields", ERR_NOT_FOUND, json_string_value(v));
		}
		json_decref(ref);
		size_t j;
		json_t *w;
		bool dup = false;
		json_array_foreach(uniq, j, w) {
			dup = dup || json_equal(v, w);
		}
		if (!dup)
			json_array_append(uniq, v);
	}
	json_object_set_new(rec, "fields", uniq);

	v = json_object_get(rec, "base");
	if (json_is_string(v) && !*json_string_value(v))
		json_object_set_new(rec, "base", json_null());
	else if (json_is_string(v)) {
		ref = ref_store_get(db, REF_BASE, json_string_value(v), e);
		if (!ref)
			return e->code ? -1 : fail_field(e, "base", ERR_NOT_FOUND, json_string_value(v));
		json_decref(ref);
	}

	for (s = json_string_value(json_object_get(rec, "phone")); s && *s; s++)
		if (!strchr("0123456789+-() ,;/#", *s) && !strchr("转", *s))
			return fail_field(e, "phone", ERR_INVALID, "digits, spaces and + - ( ) only");

	struct strbuf pin = STRBUF_INIT;
	pinyin_initials(json_string_value(json_object_get(rec, "name")), &pin);
	strbuf_addch(&pin, ' ');
	pinyin_initials(json_string_value(json_object_get(rec, "short_name")) ?: "", &pin);
	json_object_set_new(rec, "pinyin", json_string(pin.buf));
	strbuf_release(&pin);
	return 0;
}

/* A complete record with defaults for every writable column. */
static json_t *with_defaults(json_t *body)
{
	json_t *rec = json_pack("{s:s, s:s, s:s, s:[], s:n, s:n, s:n, s:b, s:s, s:n, s:b, s:s, s:s, "
	                        "s:s, s:n, s:n, s:b}",
	                        "short_name", "", "address", "", "high_tech_cert", "", "fields",
	                        "base", "ownership", "scale", "above_size", 0, "legal_rep", "",
	                        "high_tech_date", "exporter", 0, "contact", "", "phone", "",
	                        "address", "", "founded", "employees", "archived", 0);
	json_object_update(rec, body);
	json_object_del(rec, "version");
	return rec;
}

static void finish_output(json_t *rec, json_t *warnings)
{
	json_object_del(rec, "pinyin");
	json_object_set(rec, "warnings", warnings);
}

json_t *enterprise_get(struct db *db, const struct actor *a, int64_t id, struct err *e)
{
	json_t *rec = enterprise_store_get(db, id, e);
	if (!rec) {
		if (!e->code)
			err_setf(e, ERR_NOT_FOUND, "id", "enterprise %lld", (long long)id);
		return NULL;
	}
	if (!actor_in_scope(a, json_string_value(json_object_get(rec, "division")), id)) {
		json_decref(rec);
		/* Out of scope reads as absent: its existence is not the user's business. */
		err_setf(e, ERR_NOT_FOUND, "id", "enterprise %lld", (long long)id);
		return NULL;
	}
	json_object_set_new(rec, "warnings", json_array());
	return rec;
}

static const char *const audit_skip[] = { "version", "updated_at", "created_at", "pinyin",
	                                  "division_name", "industry_name", "id", "warnings", NULL };

static bool grouping_changed(const json_t *before, const json_t *rec)
{
	static const char *const keys[] = { "division", "industry", "base", "scale", "above_size", "fields" };
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		json_t *x = json_object_get(before, keys[i]), *y = json_object_get(rec, keys[i]);
		if (x != y && (!x || !y || !json_equal(x, y)))
			return true;
	}
	return false;
}

/* Writes one validated record inside an open transaction: insert, or update when
 * id is set. Fills *changed (0: nothing to do). The audit row is appended here. */
static int write_record(struct db *db, const struct actor *a, const char *action, int64_t *id,
                        int64_t version, const json_t *before, json_t *rec, int *changed,
                        struct err *e)
{
	char at[21], idtxt[24];
	json_t *diff = audit_diff(before, rec, audit_skip);
	int rc;
	*changed = json_object_size(diff) > 0;
	if (!*changed) {
		json_decref(diff);
		return 0;
	}
	time_iso8601(now_seconds(), at);
	json_object_set_new(rec, "updated_at", json_string(at));
	if (*id) {
		/* The statistics summaries group by these: its rows move with it (db/summary_store.h). */
		bool moves = before && grouping_changed(before, rec);
		rc = moves && summary_store_apply(db, *id, NULL, -1, e) ? -1 : enterprise_store_update(db, *id, version, rec, e);
		if (rc == 1)
			rc = err_set(e, ERR_CONFLICT, "version", NULL);
		if (!rc && moves)
			rc = summary_store_apply(db, *id, NULL, 1, e);
	} else {
		rc = enterprise_store_insert(db, rec, id, e);
	}
	if (!rc) {
		snprintf(idtxt, sizeof(idtxt), "%lld", (long long)*id);
		rc = audit_append(db, a, action, "enterprise", idtxt, diff, e);
	}
	json_decref(diff);
	return rc;
}

static int check_new(const struct actor *a, json_t *rec, struct err *e)
{
	if (!can_write(a) || a->role == ROLE_ENTERPRISE)
		return err_set(e, ERR_FORBIDDEN, NULL, NULL);
	if (!actor_in_scope(a, json_string_value(json_object_get(rec, "division")), 0))
		return fail_field(e, "division", ERR_SCOPE, json_string_value(json_object_get(rec, "division")));
	return 0;
}

json_t *enterprise_create(struct db *db, const struct actor *a, json_t *body, struct err *e)
{
	json_t *rec = NULL, *warnings = json_array(), *out = NULL;
	int64_t id = 0;
	int changed;
	drop_output_keys(body);
	if (jspec_check(enterprise_spec, body, JSPEC_CREATE, e))
		goto done;
	rec = with_defaults(body);
	if (validate_record(db, rec, warnings, a->lang, e) || check_new(a, rec, e))
		goto done;
	if (db_begin_write(db, e))
		goto done;
	/* The reply is read inside the transaction: once COMMIT succeeds nothing can
	 * fail any more, so an acknowledged write is never reported as failed. */
	if (write_record(db, a, "create", &id, 0, NULL, rec, &changed, e) ||
	    !(out = enterprise_store_get(db, id, e)) || db_commit(db, e)) {
		db_rollback(db);
		json_decref(out);
		out = NULL;
		if (e->code == ERR_DUPLICATE)
			fail_field(e, "credit_code", ERR_DUPLICATE, json_string_value(json_object_get(rec, "credit_code")));
		goto done;
	}
	finish_output(out, warnings);
done:
	json_decref(rec);
	json_decref(warnings);
	return out;
}

/* Applies body's changes to the current record under the actor's rules. */
static json_t *merged_update(struct db *db, const struct actor *a, const json_t *cur, json_t *body,
                             json_t *warnings, struct err *e)
{
	json_t *rec = json_deep_copy(cur);
	for (const struct jspec_field *f = enterprise_spec; f->name; f++)
		if (f->flags & JSPEC_OUTPUT)
			json_object_del(rec, f->name);
	json_object_del(rec, "version");
	/* "archived" is output-only for clients but still a column of the row: an
	 * update keeps it (only archive changes it), or the store writes NULL. */
	json_object_set(rec, "archived", json_object_get(cur, "archived"));
	if (a->role == ROLE_ENTERPRISE) {
		/* An enterprise keeps its identity: code and division are the registrar's. */
		const char *locked[] = { "credit_code", "division" };
		for (size_t i = 0; i < ARRAY_SIZE(locked); i++) {
			json_t *v = json_object_get(body, locked[i]);
			if (v && !json_equal(v, json_object_get(cur, locked[i]))) {
				json_decref(rec);
				fail_field(e, locked[i], ERR_FORBIDDEN, NULL);
				return NULL;
			}
		}
	}
	json_object_update(rec, body);
	json_object_del(rec, "version");
	if (validate_record(db, rec, warnings, a->lang, e)) {
		json_decref(rec);
		return NULL;
	}
	if (!actor_in_scope(a, json_string_value(json_object_get(rec, "division")),
	              json_integer_value(json_object_get(cur, "id")))) {
		fail_field(e, "division", ERR_SCOPE, json_string_value(json_object_get(rec, "division")));
		json_decref(rec);
		return NULL;
	}
	return rec;
}

static json_t *update_common(struct db *db, const struct actor *a, int64_t id, json_t *body,
                             bool archive, json_t **current, struct err *e)
{
	json_t *cur = NULL, *rec = NULL, *warnings = json_array(), *out = NULL;
	int changed;
	*current = NULL;
	drop_output_keys(body);
	if (jspec_check(enterprise_spec, body, JSPEC_PATCH, e))
		goto done;
	json_t *ver = json_object_get(body, "version");
	if (!ver) {
		fail_field(e, "version", ERR_REQUIRED, NULL);
		goto done;
	}
	int64_t version = json_integer_value(ver);
	if (!can_write(a)) {
		err_set(e, ERR_FORBIDDEN, NULL, NULL);
		goto done;
	}
	if (!(cur = enterprise_get(db, a, id, e)))
		goto done;
	if (archive) {
		if (a->role == ROLE_ENTERPRISE) {
			err_set(e, ERR_FORBIDDEN, NULL, NULL);
			goto done;
		}
		json_object_clear(body);
		json_object_set_new(body, "archived", json_true());
	}
	if (json_integer_value(json_object_get(cur, "version")) != version) {
		err_set(e, ERR_CONFLICT, "version", NULL);
		*current = cur;
		cur = NULL;
		goto done;
	}
	if (archive) {
		rec = json_deep_copy(cur);
		json_object_set_new(rec, "archived", json_true());
		json_t *pin = json_string("");
		json_object_set_new(rec, "pinyin", pin);
		validate_record(db, rec, NULL, a->lang, e); /* recomputes pinyin; the record was valid */
	} else if (!(rec = merged_update(db, a, cur, body, warnings, e))) {
		goto done;
	}
	if (db_begin_write(db, e))
		goto done;
	if (write_record(db, a, archive ? "archive" : "update", &id, version, cur, rec, &changed, e) ||
	    !(out = enterprise_store_get(db, id, e)) || db_commit(db, e)) {
		db_rollback(db);
		json_decref(out);
		out = NULL;
		if (e->code == ERR_CONFLICT)
			*current = enterprise_store_get(db, id, NULL);
		else if (e->code == ERR_DUPLICATE)
			fail_field(e, "credit_code", ERR_DUPLICATE, json_string_value(json_object_get(rec, "credit_code")));
		goto done;
	}
	finish_output(out, warnings);
done:
	json_decref(cur);
	json_decref(rec);
	json_decref(warnings);
	return out;
}

json_t *enterprise_update(struct db *db, const struct actor *a, int64_t id, json_t *body,
                          json_t **current, struct err *e)
{
	return update_common(db, a, id, body, false, current, e);
}

json_t *enterprise_archive(struct db *db, const struct actor *a, int64_t id, json_t *body,
                           json_t **current, struct err *e)
{
	return update_common(db, a, id, body, true, current, e);
}

/* Fills a store filter from a query and the actor's scope. Strings live in bufs. */
struct filter_bufs {
	char div_lo[8], div_hi[8], scope_lo[8], scope_hi[8];
	char industry[8];
	struct strbuf upper, lower;
};

static int make_filter(const struct actor *a, const struct enterprise_query *q,
                       struct enterprise_filter *f, struct filter_bufs *b, struct err *e)
{
	memset(f, 0, sizeof(*f));
	strbuf_init(&b->upper, 0);
	strbuf_init(&b->lower, 0);
	if (a->role == ROLE_PREFECTURE) {
		division_range(a->division, b->scope_lo, b->scope_hi);
		f->scope_lo = b->scope_lo;
		f->scope_hi = b->scope_hi;
	} else if (a->role == ROLE_ENTERPRISE) {
		f->scope_enterprise = a->enterprise_id ? a->enterprise_id : -1;
	} else if (!actor_can(a, ROLES_ALL)) {
		return err_set(e, ERR_FORBIDDEN, NULL, NULL);
	}
	if (q->division && *q->division) {
		if (strlen(q->division) != 6 || strspn(q->division, "0123456789") != 6)
			return err_set(e, ERR_INVALID, "division", "6-digit division code");
		division_range(q->division, b->div_lo, b->div_hi);
		f->div_lo = b->div_lo;
		f->div_hi = b->div_hi;
	}
	if (q->industry && *q->industry) {
		const char *s = q->industry[0] == 'C' ? q->industry + 1 : q->industry;
		if (strlen(s) < 2 || strlen(s) > 4 || strspn(s, "0123456789") != strlen(s))
			return err_set(e, ERR_INVALID, "industry", "C34, 341 or 3411");
		strlcpy_(b->industry, s, sizeof(b->industry));
		f->industry = b->industry;
	}
	if (q->q && *q->q) {
		if (utf8_chars(q->q) > 100)
			return err_set(e, ERR_TOO_LONG, "q", "100");
		for (const char *p = q->q; *p; p++) {
			strbuf_addch(&b->upper, toupper((unsigned char)*p));
			strbuf_addch(&b->lower, tolower((unsigned char)*p));
		}
		f->q = q->q;
		f->q_upper = b->upper.buf;
		f->q_lower = b->lower.buf;
	}
	f->field = q->field;
	f->base = q->base;
	f->scale = q->scale;
	f->archived = q->archived;
	f->sort = "name";
	if (q->sort && *q->sort) {
		static const char *const ok[] = { "name", "credit_code", "division", "employees",
			                          "updated_at", "created_at" };
		const char *s = q->sort[0] == '-' ? q->sort + 1 : q->sort;
		f->sort = NULL;
		for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
			if (!strcmp(s, ok[i]))
				f->sort = ok[i];
		if (!f->sort)
			return err_set(e, ERR_NOT_IN_LIST, "sort", "name, credit_code, division, employees, updated_at");
		f->desc = q->sort[0] == '-';
	}
	if (q->per_page) {
		if (q->per_page < 1 || q->per_page > 200)
			return err_set(e, ERR_RANGE, "per_page", "1–200");
		if (q->page < 1 || q->page > 1000000)
			return err_set(e, ERR_RANGE, "page", "1–1000000");
		f->limit = q->per_page;
		f->offset = (q->page - 1) * q->per_page;
	}
	return 0;
}

json_t *enterprise_list(struct db *db, const struct actor *a, const struct enterprise_query *q,
                        struct err *e)
{
	struct enterprise_filter f;
	struct filter_bufs b;
	json_t *items = NULL, *out = NULL;
	int64_t total = 0;
	if (make_filter(a, q, &f, &b, e) == 0 && enterprise_store_list(db, &f, &items, &total, e) == 0) {
		size_t i;
		json_t *rec;
		json_array_foreach(items, i, rec) {
			json_object_del(rec, "pinyin");
		}
		out = json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total,
		                "page", (json_int_t)q->page, "per_page", (json_int_t)q->per_page);
	}
	strbuf_release(&b.upper);
	strbuf_release(&b.lower);
	return out;
}

/* ---- files: the template's columns <-> records, through domain/sheet.h ------ */

/* Reference names for files: key fields and bases are written by name. */
enum { NAMES_FIELD, NAMES_BASE };
struct names {
	json_t *fields, *bases; /* arrays of {code, name} */
	struct sheet_col cols[64];
};

static const json_t *names_list(const struct names *n, int ref)
{
	return ref == NAMES_FIELD ? n->fields : n->bases;
}

static const char *name_for(void *ctx, int ref, const char *code)
{
	size_t i;
	json_t *r;
	json_array_foreach(names_list(ctx, ref), i, r) {
		if (!strcmp(json_string_value(json_object_get(r, "code")), code))
			return json_string_value(json_object_get(r, "name"));
	}
	return code;
}

static const char *code_for(void *ctx, int ref, const char *name)
{
	size_t i;
	json_t *r;
	json_array_foreach(names_list(ctx, ref), i, r) {
		if (!strcmp(json_string_value(json_object_get(r, "name")), name) ||
		    !strcmp(json_string_value(json_object_get(r, "code")), name))
			return json_string_value(json_object_get(r, "code"));
	}
	return NULL;
}

static int load_names(struct db *db, struct names *n, struct err *e)
{
	n->fields = ref_store_list(db, REF_FIELD, e);
	n->bases = n->fields ? ref_store_list(db, REF_BASE, e) : NULL;
	return n->bases ? 0 : -1;
}

static void names_release(struct names *n)
{
	json_decref(n->fields);
	json_decref(n->bases);
}

static int import_row(void *ctx, struct db *db, const struct actor *a, json_t *body, json_t *warnings,
                      enum sheet_outcome *outcome, struct err *e);

/* The file's columns are the writable fields, in spec order; fields and base by name. */
static struct sheet_ops file_ops(struct names *n)
{
	size_t ncols = file_columns();
	for (size_t c = 0; c < ncols; c++) {
		const struct jspec_field *f = &enterprise_spec[c];
		bool fields = !strcmp(f->name, "fields"), base = !strcmp(f->name, "base");
		n->cols[c] = (struct sheet_col){ *f, fields || base ? SHEET_REF : SHEET_VALUE,
			                         fields ? NAMES_FIELD : NAMES_BASE, NULL };
		n->cols[c].f.flags &= JSPEC_REQUIRED;
	}
	return (struct sheet_ops){ n->cols, ncols, "enterprise", true, n, code_for, name_for, import_row, NULL, NULL, NULL };
}

int enterprise_export(struct db *db, const struct actor *a, const struct enterprise_query *q,
                      enum table_format fmt, bool template_only, struct strbuf *out, struct err *e)
{
	struct names n = { 0 };
	struct sheet_ops ops = file_ops(&n);
	json_t *list = NULL;
	int rc = -1;

	if (!actor_can(a, ROLES_ALL))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL);
	if (!template_only) {
		struct enterprise_query all = *q;
		all.per_page = 0;
		if (load_names(db, &n, e) || !(list = enterprise_list(db, a, &all, e)))
			goto out;
	}
	rc = sheet_export(&ops, json_object_get(list, "items"), fmt, "企业名录", out, e);
out:
	json_decref(list);
	names_release(&n);
	return rc;
}

/* Imports one row (already parsed into body) inside the open transaction. */
static int import_row(void *ctx, struct db *db, const struct actor *a, json_t *body, json_t *warnings,
                      enum sheet_outcome *outcome, struct err *e)
{
	char code[CREDITCODE_LEN + 1];
	bool orgw;
	json_t *cur = NULL, *rec = NULL;
	int rc = -1, changed;
	int64_t id;

	(void)ctx;
	if (jspec_check(enterprise_spec, body, JSPEC_CREATE, e))
		return -1;
	if (creditcode_check(json_string_value(json_object_get(body, "credit_code")), code, &orgw, e)) {
		err_label(e, "统一社会信用代码", "credit code");
		return -1;
	}
	if ((id = enterprise_store_id_by_code(db, code, e)) < 0)
		return -1;
	if (id) {
		if (!(cur = enterprise_get(db, a, id, e))) {
			if (e->code == ERR_NOT_FOUND)
				fail_field(e, "credit_code", ERR_SCOPE, code);
			return -1;
		}
		if (!can_write(a)) {
			json_decref(cur);
			return err_set(e, ERR_FORBIDDEN, NULL, NULL);
		}
		rec = merged_update(db, a, cur, body, warnings, e);
		if (rec && json_is_true(json_object_get(cur, "archived")))
			json_object_set_new(rec, "archived", json_true());
		if (rec && !write_record(db, a, "import_update", &id,
		                         json_integer_value(json_object_get(cur, "version")), cur, rec,
		                         &changed, e)) {
			*outcome = changed ? SHEET_UPDATED : SHEET_UNCHANGED;
			rc = 0;
		}
	} else {
		rec = with_defaults(body);
		if (!validate_record(db, rec, warnings, a->lang, e) && !check_new(a, rec, e) &&
		    !write_record(db, a, "import_create", &id, 0, NULL, rec, &changed, e)) {
			*outcome = SHEET_CREATED;
			rc = 0;
		}
	}
	json_decref(cur);
	json_decref(rec);
	return rc;
}

json_t *enterprise_import(struct db *db, const struct actor *a, const char *buf, size_t len,
                          bool dry_run, enum import_mode mode, json_t **report, struct err *e)
{
	struct names n = { 0 };
	struct sheet_ops ops = file_ops(&n);
	json_t *rep = NULL;
	*report = NULL;
	if (!actor_can(a, R(ADMIN) | R(OFFICER) | R(PREFECTURE)))
		err_set(e, ERR_FORBIDDEN, NULL, NULL);
	else if (!load_names(db, &n, e))
		rep = sheet_import(db, a, &ops, buf, len, dry_run, mode, report, e);
	names_release(&n);
	return rep;
}
