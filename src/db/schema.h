/* schema.h — numbered schema migrations, applied in order and recorded. */
#ifndef DB_SCHEMA_H
#define DB_SCHEMA_H
#include "db/db.h"

/* The newest schema version this binary knows. */
int schema_latest(void);
/* The version the database is at (0 for a new file). */
int schema_current(struct db *db, struct err *e);
/* Applies every missing migration, each in its own transaction. Returns how many
 * were applied in *applied. Refuses a database newer than this binary. */
int schema_migrate(struct db *db, int *applied, struct err *e);
/* Every table holding data, in an order that satisfies the foreign keys, with
 * the ORDER BY that inserts parents before children inside a table. */
struct schema_table {
	const char *name;
	const char *order_by;
};
extern const struct schema_table schema_tables[];

/* Empties every data table (the audit table's guard included) in the caller's
 * write transaction; used only by `luoshi copy --force`. */
int schema_wipe(struct db *db, struct err *e);
/* After rows were copied in with their ids: lets new rows continue after them. */
int schema_after_copy(struct db *db, struct err *e);
/* Outside any transaction, after a bulk load: refreshes the planner's statistics
 * (and PostgreSQL's visibility map, which index-only scans need). */
int schema_optimize(struct db *db, struct err *e);
#endif
