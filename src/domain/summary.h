/* summary.h — checking and rewriting the statistics summaries (db/summary_store.h). */
#ifndef DOMAIN_SUMMARY_H
#define DOMAIN_SUMMARY_H
#include "core/err.h"
#include "db/db.h"
#include "domain/actor.h"

/* {differences, examples: [...]}: how many summary rows disagree with a recomputation from
 * the rows (0 when they agree), a few of them shown. */
json_t *summary_check(struct db *db, struct err *e);
/* Both summaries written afresh from the rows, with an audit row; admins (and the system). */
int summary_rebuild(struct db *db, const struct actor *a, struct err *e);
#endif
