/* statistics_top_store.h — SQL for the enterprises ranked by an indicator's year to date. */
#ifndef DB_STATISTICS_TOP_STORE_H
#define DB_STATISTICS_TOP_STORE_H
#include "db/db.h"

/* The limit enterprises with the largest year to date (January..month) of one indicator
 * column over the rows in a scope, largest first (ties by enterprise id): [{enterprise_id,
 * credit_code, name, division, month_fen, ytd_fen, ytd_last_year_fen}]. Only enterprises with a
 * row this year. column is whitelisted by the caller; lo..hi the division range; enterprise_id
 * (0: any) an enterprise user's own. */
json_t *statistics_store_top(struct db *db, const char *column, const char *month, const char *lo, const char *hi,
                             int64_t enterprise_id, int64_t limit, struct err *e);
#endif
