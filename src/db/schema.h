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
#endif
