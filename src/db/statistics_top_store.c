/* statistics_top_store.c — SQL for the enterprises ranked by an indicator's year to date. */
#include "db/statistics_top_store.h"
#include "db/statistics_store.h"
#include "core/strbuf.h"

json_t *statistics_store_top(struct db *db, const char *column, const char *month, const char *lo, const char *hi,
                             int64_t enterprise_id, int64_t limit, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	struct ytd_months ym = statistics_ytd_months(month);
	/* The two year-to-date ranges only (the month index), as the aggregate reads them. */
	strbuf_addf(&sql,
	            "SELECT e.id AS enterprise_id, e.credit_code, e.name, e.division, "
	            "CAST(sum(CASE WHEN s.month = ? THEN s.%s ELSE 0 END) AS BIGINT) AS month_fen, "
	            "CAST(sum(CASE WHEN s.month >= ? THEN s.%s ELSE 0 END) AS BIGINT) AS ytd_fen, "
	            "CAST(sum(CASE WHEN s.month <= ? THEN s.%s ELSE 0 END) AS BIGINT) AS ytd_last_year_fen "
	            "FROM statistics s JOIN enterprises e ON e.id = s.enterprise_id "
	            "WHERE ((s.month >= ? AND s.month <= ?) OR (s.month >= ? AND s.month <= ?)) "
	            "AND e.division BETWEEN ? AND ? AND (? = 0 OR s.enterprise_id = ?) "
	            "GROUP BY e.id, e.credit_code, e.name, e.division "
	            "HAVING sum(CASE WHEN s.month >= ? THEN 1 ELSE 0 END) > 0 "
	            "ORDER BY 6 DESC, e.id LIMIT ?",
	            column, column, column);
	struct db_stmt *st = db_prepare(db, sql.buf);
	strbuf_release(&sql);
	db_bind_text(st, 1, month);
	db_bind_text(st, 2, ym.jan);
	db_bind_text(st, 3, ym.ly_m);
	db_bind_text(st, 4, ym.ly_jan);
	db_bind_text(st, 5, ym.ly_m);
	db_bind_text(st, 6, ym.jan);
	db_bind_text(st, 7, month);
	db_bind_text(st, 8, lo);
	db_bind_text(st, 9, hi);
	db_bind_int(st, 10, enterprise_id);
	db_bind_int(st, 11, enterprise_id);
	db_bind_text(st, 12, ym.jan);
	db_bind_int(st, 13, limit);
	return db_all_rows(st, NULL, e);
}
