/* scorecard_store.c — SQL behind the scorecard. */
#include "db/scorecard_store.h"
#include "core/strbuf.h"
#include <string.h>

/* The state of project p on day ?: the destination of its last step on or before it. */
#define STATE_ON_DAY \
	"(SELECT ev.to_status FROM project_events ev WHERE ev.project_id = p.id AND ev.on_day <= ? " \
	"ORDER BY ev.id DESC LIMIT 1)"

int64_t scorecard_store_projects(struct db *db, const char *item, const json_t *statuses, const char *cut,
                                 struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	size_t i, n = json_array_size(statuses);
	json_t *v;
	strbuf_addstr(&sql, "SELECT count(*) FROM projects p WHERE p.target = ? AND " STATE_ON_DAY " IN (");
	for (i = 0; i < n; i++)
		strbuf_addstr(&sql, i ? ", ?" : "?");
	strbuf_addstr(&sql, n ? ")" : "NULL)");
	struct db_stmt *st = db_prepare(db, sql.buf);
	strbuf_release(&sql);
	db_bind_text(st, 1, item);
	db_bind_text(st, 2, cut);
	json_array_foreach(statuses, i, v) {
		db_bind_text(st, (int)i + 3, json_string_value(v));
	}
	int rc = db_step(st, e);
	int64_t count = rc == DB_ROW ? db_col_int(st, 0) : -1;
	db_reset(st);
	return count;
}

json_t *scorecard_store_projects_by_measure(struct db *db, const char *cut, struct err *e)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT measure, status, count(*) AS projects, CAST(sum(total_fen) AS BIGINT) AS total_fen, "
		"CAST(sum(completed) AS BIGINT) AS completed_fen FROM (SELECT p.measure, " STATE_ON_DAY " AS status, "
		"p.total_fen, (SELECT coalesce(sum(r.investment_fen), 0) FROM project_reports r "
		"WHERE r.project_id = p.id AND r.month <= substr(?, 1, 7)) AS completed "
		"FROM projects p WHERE p.measure IS NOT NULL) x WHERE status IS NOT NULL "
		"GROUP BY measure, status ORDER BY measure, status");
	db_bind_text(st, 1, cut);
	db_bind_text(st, 2, cut);
	return db_all_rows(st, NULL, e);
}
