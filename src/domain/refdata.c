/* refdata.c — loads the reference CSV files into the database and lists them. */
#include "domain/refdata.h"
#include "core/asset.h"
#include "core/table.h"
#include "core/util.h"
#include "domain/audit.h"
#include "domain/enterprise.h"
#include <stdio.h>
#include <string.h>

static const struct {
	enum ref_kind kind;
	const char *file;
	int ncols;
	bool seq; /* the row number is appended as the display order */
} ref_files[] = {
	{ REF_DIVISION, "data/divisions.csv", 4, false },
	{ REF_INDUSTRY, "data/industries.csv", 4, false },
	{ REF_FIELD, "data/fields.csv", 3, true },
	{ REF_BASE, "data/bases.csv", 4, true },
	{ REF_DEPARTMENT, "data/departments.csv", 3, true },
	{ REF_PROJECT_CATEGORY, "data/project_categories.csv", 2, true },
	{ REF_POLICY_ITEM, "data/policy_items.csv", 5, true },
};

static int read_asset(const char *path, struct table *t, struct err *e)
{
	const struct asset *as = asset_find(path);
	if (!as)
		return err_set(e, ERR_INTERNAL, NULL, path);
	return table_read_csv(t, (const char *)as->data, as->len, e);
}

int refdata_load(struct db *db, const struct actor *a, struct err *e)
{
	struct table t = TABLE_INIT;
	char seq[24];
	int64_t rows = 0;
	if (db_begin_write(db, e))
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(ref_files); i++) {
		table_init(&t);
		if (read_asset(ref_files[i].file, &t, e))
			goto fail;
		for (size_t r = 1; r < t.nrows; r++) {
			const char *cols[6];
			for (int c = 0; c < ref_files[i].ncols; c++)
				cols[c] = table_cell(&t, r, (size_t)c);
			if (ref_files[i].seq) {
				snprintf(seq, sizeof(seq), "%zu", r);
				cols[ref_files[i].ncols] = seq;
			}
			if (ref_store_put(db, ref_files[i].kind, cols, e))
				goto fail;
			rows++;
		}
		table_release(&t);
	}
	table_init(&t);
	if (read_asset("data/machinery.csv", &t, e))
		goto fail;
	for (size_t r = 1; r < t.nrows; r++)
		if (ref_store_set_machinery(db, table_cell(&t, r, 0), e))
			goto fail;
	table_release(&t);
	json_t *ch = json_pack("{s:I}", "rows", (json_int_t)rows);
	int rc = audit_append(db, a, "load", "reference", "", ch, e);
	json_decref(ch);
	if (rc || db_commit(db, e))
		goto fail;
	return 0;
fail:
	table_release(&t);
	db_rollback(db);
	return -1;
}

json_t *refdata_list(struct db *db, enum ref_kind kind, struct err *e)
{
	json_t *items = ref_store_list(db, kind, e);
	return items ? json_pack("{s:o}", "items", items) : NULL;
}

json_t *refdata_choices(const char *which)
{
	const struct jspec_choice *c = !strcmp(which, "scales") ? enterprise_scales : enterprise_ownerships;
	json_t *items = json_array();
	for (; c->code; c++)
		json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "code", c->code, "name", c->zh,
		                                       "name_en", c->en));
	return json_pack("{s:o}", "items", items);
}
