/* report_store.c — SQL for monthly reports, revisions and milestones reached. */
#include "db/report_store.h"

static const char *const bool_cols[] = { "late", "unlocked", NULL };

#define REPORT_COLS "month, investment_fen, progress, problems, help_department, help_resolved_at, jobs, " \
	"milestones_reached, submitted_at, late, unlocked"

json_t *report_store_list(struct db *db, int64_t project_id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT " REPORT_COLS " FROM project_reports WHERE project_id = ? "
	                                    "ORDER BY month");
	db_bind_int(st, 1, project_id);
	return db_all_rows(st, bool_cols, e);
}

json_t *report_store_get(struct db *db, int64_t project_id, const char *month, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT " REPORT_COLS " FROM project_reports "
	                                    "WHERE project_id = ? AND month = ?");
	json_t *rec = NULL;
	err_clear(e);
	db_bind_int(st, 1, project_id);
	db_bind_text(st, 2, month);
	if (db_step(st, e) == DB_ROW)
		rec = db_row_json(st, bool_cols);
	db_reset(st);
	return rec;
}

static void bind_fields(struct db_stmt *st, int from, const json_t *rec)
{
	static const char *const cols[] = { "investment_fen", "progress", "problems", "help_department", "jobs",
		                            "milestones_reached", "late", "unlocked" };
	for (int i = 0; i < 8; i++)
		db_bind_json(st, from + i, json_object_get(rec, cols[i]));
}

int report_store_insert(struct db *db, int64_t project_id, const json_t *rec, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO project_reports (investment_fen, progress, problems, "
	                                    "help_department, jobs, milestones_reached, late, unlocked, project_id, "
	                                    "month, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	bind_fields(st, 1, rec);
	db_bind_int(st, 9, project_id);
	db_bind_json(st, 10, json_object_get(rec, "month"));
	db_bind_json(st, 11, json_object_get(rec, "submitted_at"));
	return db_exec_stmt(st, e);
}

int report_store_update(struct db *db, int64_t project_id, const char *month, const json_t *rec, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "UPDATE project_reports SET investment_fen = ?, progress = ?, "
	                                    "problems = ?, help_department = ?, jobs = ?, milestones_reached = ?, "
	                                    "late = ?, unlocked = ? WHERE project_id = ? AND month = ?");
	bind_fields(st, 1, rec);
	db_bind_int(st, 9, project_id);
	db_bind_text(st, 10, month);
	return db_exec_stmt(st, e);
}

int report_store_add_revision(struct db *db, int64_t project_id, const char *month, const char *at,
                              const char *user, const char *reason, const char *before, const char *after,
                              struct err *e)
{
	struct db_stmt *st = db_prepare(db, "INSERT INTO project_report_revisions (project_id, month, at, username, "
	                                    "reason, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?)");
	db_bind_int(st, 1, project_id);
	db_bind_text(st, 2, month);
	db_bind_text(st, 3, at);
	db_bind_text(st, 4, user);
	db_bind_text(st, 5, reason);
	db_bind_text(st, 6, before);
	db_bind_text(st, 7, after);
	return db_exec_stmt(st, e);
}

json_t *report_store_revisions(struct db *db, int64_t project_id, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "SELECT month, at, username AS \"user\", reason, before_json, after_json "
	                                    "FROM project_report_revisions WHERE project_id = ? ORDER BY id");
	db_bind_int(st, 1, project_id);
	return db_all_rows(st, NULL, e);
}

int report_store_milestone_reached(struct db *db, int64_t project_id, int64_t milestone_id, const char *date,
                                   struct err *e)
{
	struct db_stmt *st = db_prepare(db, "UPDATE project_milestones SET actual_date = ? "
	                                    "WHERE id = ? AND project_id = ?");
	db_bind_text(st, 1, date);
	db_bind_int(st, 2, milestone_id);
	db_bind_int(st, 3, project_id);
	if (db_exec_stmt(st, e))
		return -1;
	return db_changes(db) ? 0 : 1;
}

int report_store_resolve_help(struct db *db, int64_t project_id, const char *month, const char *at, struct err *e)
{
	struct db_stmt *st = db_prepare(db, "UPDATE project_reports SET help_resolved_at = ? WHERE project_id = ? "
	                                    "AND month = ? AND help_department IS NOT NULL AND help_resolved_at IS NULL");
	db_bind_text(st, 1, at);
	db_bind_int(st, 2, project_id);
	db_bind_text(st, 3, month);
	if (db_exec_stmt(st, e))
		return -1;
	return db_changes(db) ? 0 : 1;
}
