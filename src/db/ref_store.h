/* ref_store.h — reference tables: divisions, industries, fields, bases, departments, settings. */
#ifndef DB_REF_STORE_H
#define DB_REF_STORE_H
#include "db/db.h"

enum ref_kind { REF_DIVISION, REF_INDUSTRY, REF_FIELD, REF_BASE, REF_DEPARTMENT, REF_PROJECT_CATEGORY,
	        REF_POLICY_ITEM, REF__COUNT };

/* Upserts one row; cols in the order of the table (see ref_store.c). */
int ref_store_put(struct db *db, enum ref_kind kind, const char *const *cols, struct err *e);
/* Every row of a kind, ordered for display, as an array of objects. */
json_t *ref_store_list(struct db *db, enum ref_kind kind, struct err *e);
/* One row by code, or NULL (with e clear) when there is none; NULL with e set on failure. */
json_t *ref_store_get(struct db *db, enum ref_kind kind, const char *code, struct err *e);
/* The code of the row whose name is name, into code[32]; 0 found, 1 not found, -1 error. */
int ref_store_code_by_name(struct db *db, enum ref_kind kind, const char *name, char code[32], struct err *e);
/* Marks which industry divisions count as the machinery industry (whole divisions). */
int ref_store_set_machinery(struct db *db, const char *division_code, struct err *e);

int settings_get(struct db *db, const char *key, char *value, size_t size, struct err *e); /* 1 if absent */
int settings_put(struct db *db, const char *key, const char *value, struct err *e);
#endif
