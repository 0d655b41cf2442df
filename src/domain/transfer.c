/* transfer.c — copy a deployment between engines and prove it arrived whole. */
#include "domain/transfer.h"
#include "core/util.h"
#include "db/schema.h"
#include <stdio.h>
#include <string.h>

int transfer_copy(struct db *src, const char *to_url, bool force, struct transfer_report *rep, struct err *e)
{
	struct db *dst = NULL;
	int applied, rc = -1;
	memset(rep, 0, sizeof(*rep));
	/* One snapshot of the source for the check and the copy, so a server writing
	 * meanwhile changes neither. */
	if (db_begin_read(src, e))
		return -1;
	if (audit_verify(src, &rep->source_chain, e))
		goto out;
	if (rep->source_chain.first_bad_id) {
		err_setf(e, ERR_UNPROCESSABLE, "from", "the source's audit chain is broken at row %lld: %s",
		         (long long)rep->source_chain.first_bad_id, rep->source_chain.reason);
		goto out;
	}
	if (db_open(&dst, to_url, e))
		goto out;
	if (schema_migrate(dst, &applied, e) || db_copy(src, dst, force, rep->counts, ARRAY_SIZE(rep->counts), e) ||
	    audit_verify(dst, &rep->target_chain, e))
		goto out;
	if (rep->target_chain.first_bad_id || strcmp(rep->target_chain.head, rep->source_chain.head) ||
	    rep->target_chain.rows != rep->source_chain.rows) {
		err_setf(e, ERR_UNPROCESSABLE, "to", "the copied audit chain does not verify: %s",
		         rep->target_chain.first_bad_id ? rep->target_chain.reason : "its head differs from the source's");
		goto out;
	}
	rc = 0;
out:
	db_close(dst);
	db_rollback(src);
	return rc;
}

int transfer_backup(struct db *db, const char *path, struct err *e)
{
	return db_backup(db, path, e);
}
