/* copy.h — every row of one database into another, table by table. */
#ifndef DB_COPY_H
#define DB_COPY_H
#include "db/db.h"

struct copy_count {
	const char *table;
	int64_t from, to;
};

/* Copies every table of schema_tables from src (inside one read transaction: a
 * consistent snapshot while others write; the caller's, if it opened one) into dst (one write transaction: all
 * or nothing). dst must be migrated to the same schema version. Unless force,
 * a dst holding any row is refused (ERR_NOT_EMPTY); with force it is emptied
 * first. counts (one per table, NULL-terminated by table) get the row counts
 * found afterwards on both sides; ncounts is its capacity. */
int db_copy(struct db *src, struct db *dst, bool force, struct copy_count *counts, size_t ncounts,
            struct err *e);
#endif
