/* summary.c — checking and rewriting the statistics summaries. */
#include "domain/summary.h"
#include "db/summary_store.h"
#include "domain/audit.h"

json_t *summary_check(struct db *db, struct err *e)
{
	json_t *diffs = NULL;
	int64_t n;
	if (db_begin_read(db, e))
		return NULL;
	n = summary_store_check(db, &diffs, e);
	db_rollback(db);
	if (n < 0) {
		json_decref(diffs);
		return NULL;
	}
	return json_pack("{s:I, s:o}", "differences", (json_int_t)n, "examples", diffs);
}

int summary_rebuild(struct db *db, const struct actor *a, struct err *e)
{
	if (!actor_can(a, R(ADMIN)))
		return err_set(e, ERR_FORBIDDEN, NULL, NULL);
	if (db_begin_write(db, e) || summary_store_rebuild(db, e) ||
	    audit_append(db, a, "rebuild", "summaries", "", NULL, e) || db_commit(db, e)) {
		db_rollback(db);
		return -1;
	}
	return 0;
}
