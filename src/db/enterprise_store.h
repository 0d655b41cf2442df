/* enterprise_store.h — SQL for enterprises and their key fields. */
#ifndef DB_ENTERPRISE_STORE_H
#define DB_ENTERPRISE_STORE_H
#include "db/db.h"

/* A list query. Empty strings and zeros mean "no condition". */
struct enterprise_filter {
	const char *q;            /* name / short name contains; code or pinyin starts with */
	const char *q_upper;      /* q upper-cased for the credit code */
	const char *q_lower;      /* q lower-cased for the pinyin initials */
	const char *div_lo, *div_hi;   /* division code range (a prefecture is 650100..650199) */
	const char *scope_lo, *scope_hi; /* the same, from the user's data scope */
	int64_t scope_enterprise;  /* an enterprise user's own id */
	const char *industry;     /* prefix: "34" division, "341" group, "3411" class */
	const char *field;
	const char *base;
	const char *scale;
	int archived;             /* 0 active only, 1 archived only, -1 both */
	const char *sort;         /* column; validated by the domain */
	int desc;
	int64_t limit, offset;    /* limit 0 means no limit (export) */
};

/* The record with fields (array), division_name and industry_name; NULL if none (e clear). */
json_t *enterprise_store_get(struct db *db, int64_t id, struct err *e);
/* What an import's fast path and the statistics summaries need of an enterprise, without JSON. */
#define ENTERPRISE_BRIEF_FIELDS 16
struct enterprise_brief {
	int64_t id;
	char division[8], industry[8], base[32], scale[16];
	char fields[ENTERPRISE_BRIEF_FIELDS][32]; /* its key fields' codes, in code order */
	size_t nfields;
	bool archived, above_size;
	bool machinery; /* its industry class is one of the machinery classes (industries.machinery) */
};
/* The enterprise of credit code into b: 1 found, 0 none (or a value too long for b), -1 error. */
int enterprise_store_brief_by_code(struct db *db, const char *code, struct enterprise_brief *b, struct err *e);

/* Id for a credit code, 0 if none, -1 on error. */
int64_t enterprise_store_id_by_code(struct db *db, const char *credit_code, struct err *e);
/* Inserts rec (validated); sets *id. */
int enterprise_store_insert(struct db *db, const json_t *rec, int64_t *id, struct err *e);
/* Writes every column of rec where version matches, bumping it; 1 if the version is stale. */
int enterprise_store_update(struct db *db, int64_t id, int64_t version, const json_t *rec, struct err *e);
int enterprise_store_list(struct db *db, const struct enterprise_filter *f, json_t **items,
                          int64_t *total, struct err *e);
#endif
