/* policy_store.h — SQL for the policy ledger: policies, measures, targets, the links
 * between measures and targets, and the values officers enter for targets. */
#ifndef DB_POLICY_STORE_H
#define DB_POLICY_STORE_H
#include "db/db.h"

/* Columns written from a record (NULL-terminated), for db_insert_record/db_update_record. */
extern const char *const policy_store_cols[];
extern const char *const policy_store_measure_cols[];
extern const char *const policy_store_target_cols[];

/* Every policy without its text, newest first, with counts of measures, targets and tasks. */
json_t *policy_store_list(struct db *db, struct err *e);
/* One policy with its text; NULL with e clear when there is none. */
json_t *policy_store_get(struct db *db, int64_t id, struct err *e);
int64_t policy_store_id_by_doc_no(struct db *db, const char *doc_no, struct err *e); /* 0 none, -1 error */

/* Measures of a policy by seq, each with target_ids [..] */
json_t *policy_store_measures(struct db *db, int64_t policy_id, struct err *e);
json_t *policy_store_measure_get(struct db *db, int64_t id, struct err *e);
/* Replaces the targets a measure serves. */
int policy_store_link_targets(struct db *db, int64_t measure_id, const json_t *target_ids, struct err *e);

/* Targets of a policy by seq; one target. */
json_t *policy_store_targets(struct db *db, int64_t policy_id, struct err *e);
json_t *policy_store_target_get(struct db *db, int64_t id, struct err *e);

int policy_store_add_entry(struct db *db, int64_t target_id, const char *as_of, int64_t value, const char *evidence,
                           const char *username, const char *at, int64_t *id, struct err *e);
/* A target's entered values, by as_of then id: [{id, as_of, value, evidence, username, at}]. */
json_t *policy_store_entries(struct db *db, int64_t target_id, struct err *e);
#endif
