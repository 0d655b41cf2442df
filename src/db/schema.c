/* schema.c — all DDL: the numbered migrations. Append, never edit a landed one. */
#include "db/schema.h"
#include "core/util.h"
#include <stdio.h>
#include <string.h>
#include "core/strbuf.h"
#include "db/summary_store.h"

/* One source of truth for both engines. Types are written as portable words that
 * db_translate_ddl() spells per engine: {id} an integer key the database assigns,
 * {int} a 64-bit integer, {text} text that sorts bytewise (as SQLite does; "C"
 * collation on PostgreSQL, so Chinese names order the same on both), {ts} a
 * timestamp with time zone. The few statements that differ are given per engine. */
struct step {
	const char *engine; /* NULL: both */
	const char *sql;
};

static const struct step migration_1[] = {
	/* Reference data, enterprises, users, sessions, throttling, audit. */
	{ NULL,
	"CREATE TABLE settings (key {text} PRIMARY KEY, value {text} NOT NULL);\n"
	"CREATE TABLE divisions (code {text} PRIMARY KEY, name {text} NOT NULL, level {text} NOT NULL,"
	"  parent {text} REFERENCES divisions(code));\n"
	"CREATE TABLE industries (code {text} PRIMARY KEY, name {text} NOT NULL, level {text} NOT NULL,"
	"  parent {text} REFERENCES industries(code), machinery {int} NOT NULL DEFAULT 0);\n"
	"CREATE TABLE fields (code {text} PRIMARY KEY, name {text} NOT NULL UNIQUE, kind {text} NOT NULL,"
	"  seq {int} NOT NULL);\n"
	"CREATE TABLE bases (code {text} PRIMARY KEY, name {text} NOT NULL UNIQUE, kind {text} NOT NULL,"
	"  division {text} REFERENCES divisions(code), seq {int} NOT NULL);\n"
	"CREATE TABLE departments (code {text} PRIMARY KEY, name {text} NOT NULL, short_name {text} NOT NULL,"
	"  seq {int} NOT NULL);\n"
	"CREATE TABLE enterprises (\n"
	"  id {id},\n"
	"  credit_code {text} NOT NULL UNIQUE,\n"
	"  name {text} NOT NULL,\n"
	"  short_name {text} NOT NULL DEFAULT '',\n"
	"  pinyin {text} NOT NULL DEFAULT '',\n"
	"  division {text} NOT NULL REFERENCES divisions(code),\n"
	"  address {text} NOT NULL DEFAULT '',\n"
	"  industry {text} NOT NULL REFERENCES industries(code),\n"
	"  base {text} REFERENCES bases(code),\n"
	"  ownership {text},\n"
	"  scale {text},\n"
	"  above_size {int} NOT NULL DEFAULT 0,\n"
	"  high_tech_cert {text} NOT NULL DEFAULT '',\n"
	"  high_tech_date {text},\n"
	"  exporter {int} NOT NULL DEFAULT 0,\n"
	"  legal_rep {text} NOT NULL DEFAULT '',\n"
	"  contact {text} NOT NULL DEFAULT '',\n"
	"  phone {text} NOT NULL DEFAULT '',\n"
	"  founded {text},\n"
	"  employees {int},\n"
	"  version {int} NOT NULL DEFAULT 1,\n"
	"  archived {int} NOT NULL DEFAULT 0,\n"
	"  created_at {ts} NOT NULL,\n"
	"  updated_at {ts} NOT NULL);\n"
	/* Lists filter on archived and a division range and sort by name (pinyin): this
	 * index answers the count and the page from the index alone. */
	"CREATE INDEX enterprises_scope ON enterprises(archived, division, pinyin, name);\n"
	"CREATE INDEX enterprises_industry ON enterprises(industry);\n"
	"CREATE INDEX enterprises_pinyin ON enterprises(archived, pinyin, name);\n"
	"CREATE TABLE enterprise_fields (\n"
	"  enterprise_id {int} NOT NULL REFERENCES enterprises(id),\n"
	"  field {text} NOT NULL REFERENCES fields(code),\n"
	"  PRIMARY KEY (enterprise_id, field));\n"
	"CREATE INDEX enterprise_fields_field ON enterprise_fields(field, enterprise_id);\n"
	"CREATE TABLE users (\n"
	"  id {id},\n"
	"  username {text} NOT NULL UNIQUE,\n"
	"  display_name {text} NOT NULL DEFAULT '',\n"
	"  password_hash {text} NOT NULL,\n"
	"  role {text} NOT NULL,\n"
	"  division {text} REFERENCES divisions(code),\n"
	"  enterprise_id {int} REFERENCES enterprises(id),\n"
	"  department {text} REFERENCES departments(code),\n"
	"  active {int} NOT NULL DEFAULT 1,\n"
	"  version {int} NOT NULL DEFAULT 1,\n"
	"  created_at {ts} NOT NULL,\n"
	"  updated_at {ts} NOT NULL);\n"
	"CREATE TABLE sessions (\n"
	"  token_hash {text} PRIMARY KEY,\n"
	"  user_id {int} NOT NULL REFERENCES users(id),\n"
	"  csrf_token {text} NOT NULL,\n"
	"  client {text} NOT NULL,\n"
	"  created_at {int} NOT NULL,\n"
	"  last_seen {int} NOT NULL);\n"
	"CREATE INDEX sessions_user ON sessions(user_id);\n"
	"CREATE TABLE login_throttle (\n"
	"  key {text} PRIMARY KEY,\n"
	"  failures {int} NOT NULL,\n"
	"  last_failure {int} NOT NULL,\n"
	"  locked_until {int} NOT NULL);\n"
	"CREATE TABLE audit (\n"
	"  id {id},\n"
	"  at {ts} NOT NULL,\n"
	"  user_id {int},\n"
	"  username {text} NOT NULL,\n"
	"  client {text} NOT NULL,\n"
	"  action {text} NOT NULL,\n"
	"  entity {text} NOT NULL,\n"
	"  entity_id {text} NOT NULL,\n"
	"  changes {text} NOT NULL,\n"
	"  prev_hash {text} NOT NULL,\n"
	"  hash {text} NOT NULL);\n"
	"CREATE INDEX audit_entity ON audit(entity, entity_id);\n"
	"CREATE INDEX audit_user ON audit(username);\n"
	},
	/* Append-only for the application: no UPDATE or DELETE passes. */
	{ "sqlite",
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
	"BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
	"BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;\n" },
	{ "postgres",
	"CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
	"'BEGIN RAISE EXCEPTION ''audit is append-only''; END';\n"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
	"FOR EACH ROW EXECUTE FUNCTION audit_append_only();\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
	"FOR EACH ROW EXECUTE FUNCTION audit_append_only();\n" },
	{ NULL, NULL },
};

static const struct step migration_2[] = {
	/* Key projects: the record, its funding and yearly plan, milestones, the
	 * timeline of transitions, monthly reports and their revisions. */
	{ NULL,
	"CREATE TABLE project_categories (code {text} PRIMARY KEY, name {text} NOT NULL UNIQUE,"
	"  seq {int} NOT NULL);\n"
	"CREATE TABLE policy_items (code {text} PRIMARY KEY, kind {text} NOT NULL, name {text} NOT NULL,"
	"  goal {int}, unit {text}, seq {int} NOT NULL);\n"
	"CREATE TABLE projects (\n"
	"  id {id},\n"
	"  enterprise_id {int} NOT NULL REFERENCES enterprises(id),\n"
	"  name {text} NOT NULL,\n"
	"  division {text} NOT NULL REFERENCES divisions(code),\n"
	"  base {text} REFERENCES bases(code),\n"
	"  category {text} NOT NULL REFERENCES project_categories(code),\n"
	"  field {text} REFERENCES fields(code),\n"
	"  target {text} REFERENCES policy_items(code),\n"
	"  measure {text} REFERENCES policy_items(code),\n"
	"  content {text} NOT NULL DEFAULT '',\n"
	"  total_fen {int} NOT NULL,\n"
	"  start_date {text} NOT NULL,\n"
	"  end_date {text} NOT NULL,\n"
	"  expected_output_fen {int},\n"
	"  expected_revenue_fen {int},\n"
	"  expected_jobs {int},\n"
	"  national {int} NOT NULL DEFAULT 0,\n"
	"  contact {text} NOT NULL DEFAULT '',\n"
	"  phone {text} NOT NULL DEFAULT '',\n"
	"  status {text} NOT NULL,\n"
	"  accepted_date {text},\n"
	"  acceptance_result {text},\n"
	"  final_investment_fen {int},\n"
	"  termination_reason {text},\n"
	"  version {int} NOT NULL DEFAULT 1,\n"
	"  created_at {ts} NOT NULL,\n"
	"  updated_at {ts} NOT NULL);\n"
	"CREATE INDEX projects_scope ON projects(division, status);\n"
	"CREATE INDEX projects_enterprise ON projects(enterprise_id);\n"
	"CREATE INDEX projects_status ON projects(status, category);\n"
	"CREATE TABLE project_funding (project_id {int} NOT NULL REFERENCES projects(id),"
	"  source {text} NOT NULL, amount_fen {int} NOT NULL, PRIMARY KEY (project_id, source));\n"
	"CREATE TABLE project_plan (project_id {int} NOT NULL REFERENCES projects(id),"
	"  year {int} NOT NULL, amount_fen {int} NOT NULL, PRIMARY KEY (project_id, year));\n"
	"CREATE TABLE project_milestones (id {id}, project_id {int} NOT NULL REFERENCES projects(id),"
	"  name {text} NOT NULL, planned_date {text} NOT NULL, actual_date {text}, seq {int} NOT NULL);\n"
	"CREATE INDEX project_milestones_project ON project_milestones(project_id, seq);\n"
	"CREATE TABLE project_events (id {id}, project_id {int} NOT NULL REFERENCES projects(id),"
	"  at {ts} NOT NULL, username {text} NOT NULL, action {text} NOT NULL, from_status {text},"
	"  to_status {text} NOT NULL, comment {text} NOT NULL DEFAULT '');\n"
	"CREATE INDEX project_events_project ON project_events(project_id, id);\n"
	"CREATE INDEX project_events_action ON project_events(action, at);\n"
	"CREATE TABLE project_reports (\n"
	"  project_id {int} NOT NULL REFERENCES projects(id),\n"
	"  month {text} NOT NULL,\n"
	"  investment_fen {int} NOT NULL,\n"
	"  progress {text} NOT NULL DEFAULT '',\n"
	"  problems {text} NOT NULL DEFAULT '',\n"
	"  help_department {text} REFERENCES departments(code),\n"
	"  help_resolved_at {ts},\n"
	"  jobs {int} NOT NULL DEFAULT 0,\n"
	"  milestones_reached {text} NOT NULL DEFAULT '[]',\n"
	"  submitted_at {ts} NOT NULL,\n"
	"  late {int} NOT NULL DEFAULT 0,\n"
	"  unlocked {int} NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY (project_id, month));\n"
	"CREATE TABLE project_report_revisions (id {id}, project_id {int} NOT NULL, month {text} NOT NULL,"
	"  at {ts} NOT NULL, username {text} NOT NULL, reason {text} NOT NULL, before_json {text} NOT NULL,"
	"  after_json {text} NOT NULL);\n"
	"CREATE INDEX project_report_revisions_month ON project_report_revisions(project_id, month, id);\n" },
	{ NULL, NULL },
};

static const struct step migration_3[] = {
	/* Key projects: change requests after approval (the approved record beside the
	 * requested one), and attachments' metadata (the files live in a directory,
	 * content-addressed by their SHA-256). */
	{ NULL,
	"CREATE TABLE project_changes (\n"
	"  id {id},\n"
	"  project_id {int} NOT NULL REFERENCES projects(id),\n"
	"  base_version {int} NOT NULL,\n"
	"  approved_json {text} NOT NULL,\n"
	"  requested_json {text} NOT NULL,\n"
	"  fields {text} NOT NULL,\n"
	"  reason {text} NOT NULL,\n"
	"  status {text} NOT NULL,\n"
	"  requested_by {text} NOT NULL,\n"
	"  requester_role {text} NOT NULL,\n"
	"  requested_at {ts} NOT NULL,\n"
	"  decided_by {text},\n"
	"  decided_at {ts},\n"
	"  comment {text} NOT NULL DEFAULT '');\n"
	"CREATE INDEX project_changes_project ON project_changes(project_id, id);\n"
	/* One pending request per project, even between two servers. */
	"CREATE UNIQUE INDEX project_changes_pending ON project_changes(project_id) WHERE status = 'pending';\n"
	"CREATE TABLE project_attachments (\n"
	"  id {id},\n"
	"  project_id {int} NOT NULL REFERENCES projects(id),\n"
	"  name {text} NOT NULL,\n"
	"  size {int} NOT NULL,\n"
	"  sha256 {text} NOT NULL,\n"
	"  content_type {text} NOT NULL,\n"
	"  uploaded_by {text} NOT NULL,\n"
	"  uploader_role {text} NOT NULL,\n"
	"  created_at {ts} NOT NULL,\n"
	"  deleted {int} NOT NULL DEFAULT 0,\n"
	"  deleted_at {ts});\n"
	"CREATE INDEX project_attachments_project ON project_attachments(project_id, id);\n" },
	{ NULL, NULL },
};

static const struct step migration_4[] = {
	/* The policy ledger: policies, their measures and targets, the tasks measures give
	 * departments, and the updates departments post on them. */
	{ NULL,
	"CREATE TABLE policies (id {id}, doc_no {text} NOT NULL UNIQUE, title {text} NOT NULL,"
	"  issuer {text} NOT NULL DEFAULT '', issued_on {text}, period_from {int}, period_to {int},"
	"  status {text} NOT NULL, body {text} NOT NULL DEFAULT '', demo {int} NOT NULL DEFAULT 0,"
	"  version {int} NOT NULL DEFAULT 1, created_at {ts} NOT NULL, updated_at {ts} NOT NULL);\n"
	"CREATE TABLE policy_measures (id {id}, policy_id {int} NOT NULL REFERENCES policies(id),"
	"  code {text} NOT NULL, kind {text} NOT NULL, seq {int} NOT NULL, title {text} NOT NULL,"
	"  body {text} NOT NULL DEFAULT '', paragraph {int}, version {int} NOT NULL DEFAULT 1,"
	"  UNIQUE (policy_id, code));\n"
	"CREATE TABLE policy_targets (id {id}, policy_id {int} NOT NULL REFERENCES policies(id),"
	"  code {text} NOT NULL, seq {int} NOT NULL, name {text} NOT NULL, indicator {text} NOT NULL DEFAULT '',"
	"  unit {text} NOT NULL, baseline_value {int}, baseline_year {int}, target_value {int} NOT NULL,"
	"  deadline {text} NOT NULL, direction {text} NOT NULL, source {text} NOT NULL,"
	"  source_spec {text} NOT NULL DEFAULT '{}', version {int} NOT NULL DEFAULT 1,"
	"  UNIQUE (policy_id, code));\n"
	"CREATE TABLE policy_measure_targets (measure_id {int} NOT NULL REFERENCES policy_measures(id),"
	"  target_id {int} NOT NULL REFERENCES policy_targets(id), PRIMARY KEY (measure_id, target_id));\n"
	"CREATE TABLE target_entries (id {id}, target_id {int} NOT NULL REFERENCES policy_targets(id),"
	"  as_of {text} NOT NULL, value {int} NOT NULL, evidence {text} NOT NULL, username {text} NOT NULL,"
	"  at {ts} NOT NULL);\n"
	"CREATE INDEX target_entries_target ON target_entries(target_id, as_of, id);\n"
	"CREATE TABLE tasks (id {id}, measure_id {int} NOT NULL REFERENCES policy_measures(id),"
	"  title {text} NOT NULL, body {text} NOT NULL DEFAULT '',"
	"  lead_department {text} NOT NULL REFERENCES departments(code), supporting {text} NOT NULL DEFAULT '[]',"
	"  deadline {text} NOT NULL, status {text} NOT NULL, percent {int} NOT NULL DEFAULT 0,"
	"  completed_on {text}, evidence {text} NOT NULL DEFAULT '', last_update_on {text},"
	"  version {int} NOT NULL DEFAULT 1, created_at {ts} NOT NULL, updated_at {ts} NOT NULL);\n"
	"CREATE INDEX tasks_department ON tasks(lead_department, status);\n"
	"CREATE INDEX tasks_measure ON tasks(measure_id);\n"
	"CREATE TABLE task_updates (id {id}, task_id {int} NOT NULL REFERENCES tasks(id), at {ts} NOT NULL,"
	"  on_day {text} NOT NULL, username {text} NOT NULL, department {text}, body {text} NOT NULL,"
	"  percent {int} NOT NULL, evidence {text} NOT NULL DEFAULT '[]');\n"
	"CREATE INDEX task_updates_task ON task_updates(task_id, id);\n" },
	{ NULL, NULL },
};

/* Warnings and the programme counters read each project's reports a year per row instead of a
 * month per row: which months were reported (bit m-1 of months), their total and each month's
 * investment. Triggers keep the table equal to project_reports whoever writes them (console,
 * import, copy, SQL); the partial index finds the open help requests without reading every report. */
#define YEARS_TABLE \
	"CREATE TABLE project_report_years (project_id {int} NOT NULL, year {int} NOT NULL, months {int} NOT NULL,\n" \
	"  total_fen {int} NOT NULL, m01 {int} NOT NULL, m02 {int} NOT NULL, m03 {int} NOT NULL, m04 {int} NOT NULL,\n" \
	"  m05 {int} NOT NULL, m06 {int} NOT NULL, m07 {int} NOT NULL, m08 {int} NOT NULL, m09 {int} NOT NULL,\n" \
	"  m10 {int} NOT NULL, m11 {int} NOT NULL, m12 {int} NOT NULL, PRIMARY KEY (project_id, year))"
#define YEARS_COLS "(project_id, year, months, total_fen, m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12)"
#define MONTH_SUM(mm) ", CAST(coalesce(sum(CASE WHEN substr(month, 6, 2) = '" mm "' THEN investment_fen END), 0) AS BIGINT)"
#define YEARS_OF_REPORTS \
	"SELECT project_id, CAST(substr(month, 1, 4) AS INTEGER), " \
	"CAST(sum(1 << (CAST(substr(month, 6, 2) AS INTEGER) - 1)) AS BIGINT), CAST(sum(investment_fen) AS BIGINT)" \
	MONTH_SUM("01") MONTH_SUM("02") MONTH_SUM("03") MONTH_SUM("04") MONTH_SUM("05") MONTH_SUM("06") \
	MONTH_SUM("07") MONTH_SUM("08") MONTH_SUM("09") MONTH_SUM("10") MONTH_SUM("11") MONTH_SUM("12") \
	" FROM project_reports"
/* Recomputes the year of row (NEW, OLD or a record r) from its project's reports of that year. */
#define REFRESH_YEAR(row) \
	"DELETE FROM project_report_years WHERE project_id = " row ".project_id " \
	"AND year = CAST(substr(" row ".month, 1, 4) AS INTEGER);\n" \
	"INSERT INTO project_report_years " YEARS_COLS " " YEARS_OF_REPORTS " WHERE project_id = " row ".project_id " \
	"AND month BETWEEN substr(" row ".month, 1, 4) || '-01' AND substr(" row ".month, 1, 4) || '-12' " \
	"GROUP BY project_id, substr(month, 1, 4);\n"

static const struct step migration_5[] = {
	{ "sqlite", YEARS_TABLE " WITHOUT ROWID;\n" },
	{ "postgres", YEARS_TABLE ";\n" },
	{ NULL,
	"INSERT INTO project_report_years " YEARS_COLS " " YEARS_OF_REPORTS " GROUP BY project_id, substr(month, 1, 4);\n"
	"CREATE INDEX project_reports_help_open ON project_reports(project_id, month, help_department) "
	"WHERE help_department IS NOT NULL AND help_resolved_at IS NULL;\n" },
	{ "sqlite",
	"CREATE TRIGGER project_report_years_ins AFTER INSERT ON project_reports BEGIN\n" REFRESH_YEAR("NEW") "END;\n"
	"CREATE TRIGGER project_report_years_upd AFTER UPDATE OF project_id, month, investment_fen ON project_reports BEGIN\n"
	REFRESH_YEAR("OLD") REFRESH_YEAR("NEW") "END;\n"
	"CREATE TRIGGER project_report_years_del AFTER DELETE ON project_reports BEGIN\n" REFRESH_YEAR("OLD") "END;\n" },
	{ "postgres",
	"CREATE OR REPLACE FUNCTION project_report_years_sync() RETURNS trigger LANGUAGE plpgsql AS $$\n"
	"DECLARE r record;\n"
	"BEGIN\n"
	"  FOR r IN SELECT * FROM (VALUES (OLD.project_id, OLD.month), (NEW.project_id, NEW.month)) AS v(project_id, month)\n"
	"      WHERE v.project_id IS NOT NULL LOOP\n"
	REFRESH_YEAR("r")
	"  END LOOP;\n"
	"  RETURN NULL;\n"
	"END $$;\n"
	"CREATE TRIGGER project_report_years_sync AFTER INSERT OR DELETE OR UPDATE OF project_id, month, investment_fen\n"
	"  ON project_reports FOR EACH ROW EXECUTE FUNCTION project_report_years_sync();\n" },
	{ NULL, NULL },
};

static const struct step migration_6[] = {
	/* Monthly industry statistics (运行监测): one row per enterprise and month, with the
	 * reporting calendar's day it was filed (for the late rule), and its revisions. */
	{ NULL,
	"CREATE TABLE statistics (\n"
	"  enterprise_id {int} NOT NULL REFERENCES enterprises(id),\n"
	"  month {text} NOT NULL,\n"
	"  output_fen {int} NOT NULL,\n"
	"  revenue_fen {int} NOT NULL,\n"
	"  profit_fen {int} NOT NULL,\n"
	"  export_fen {int} NOT NULL,\n"
	"  rd_fen {int} NOT NULL,\n"
	"  employees {int} NOT NULL,\n"
	"  submitted_at {ts} NOT NULL,\n"
	"  submitted_on {text} NOT NULL,\n"
	"  late {int} NOT NULL DEFAULT 0,\n"
	"  unlocked {int} NOT NULL DEFAULT 0,\n"
	"  PRIMARY KEY (enterprise_id, month));\n"
	"CREATE INDEX statistics_month ON statistics(month, enterprise_id);\n"
	"CREATE TABLE statistics_revisions (id {id}, enterprise_id {int} NOT NULL, month {text} NOT NULL,"
	"  at {ts} NOT NULL, username {text} NOT NULL, reason {text} NOT NULL, before_json {text} NOT NULL,"
	"  after_json {text} NOT NULL);\n"
	"CREATE INDEX statistics_revisions_row ON statistics_revisions(enterprise_id, month, id);\n" },
	{ NULL, NULL },
};

static const struct step migration_7[] = {
	/* The day on the reporting calendar each step of a project's life cycle was taken (the
	 * real time stays in `at`): what a scorecard "as of" a month counts, and the dates a
	 * demo's history shows. Existing steps take the day of their time. */
	{ NULL, "ALTER TABLE project_events ADD COLUMN on_day {text};\n" },
	{ "sqlite", "UPDATE project_events SET on_day = substr(at, 1, 10);\n" },
	{ "postgres", "UPDATE project_events SET on_day = to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD');\n" },
	{ NULL, NULL },
};

/* Indexes only, on tables of migrations 1 and 5 (no trigger; nothing to rebuild after `luoshi
 * copy`). The warnings' streamed queries read narrow covering indexes instead of whole tables:
 * the months each project reported (with total_fen for the counters' sums) rather than the year
 * rows with their twelve amounts; the amounts and plans of one year by (year, project_id) rather
 * than a scan of every year; the open milestones from a partial index. */
static const struct step migration_8[] = {
	{ NULL,
	"CREATE INDEX project_report_years_months ON project_report_years(project_id, year, months, total_fen);\n"
	"CREATE INDEX project_report_years_year ON project_report_years(year, project_id, months, m01, m02, m03, m04,"
	" m05, m06, m07, m08, m09, m10, m11, m12);\n"
	"CREATE INDEX project_plan_year ON project_plan(year, project_id, amount_fen);\n"
	"CREATE INDEX project_milestones_open ON project_milestones(project_id, seq, id, name, planned_date) "
	"WHERE actual_date IS NULL;\n" },
	{ NULL, NULL },
};

#define SUMS_TABLE \
	"CREATE TABLE statistics_sums (dim {text} NOT NULL, \"key\" {text} NOT NULL, division {text} NOT NULL," \
	"  month {text} NOT NULL, reporting {int} NOT NULL, output_fen {int} NOT NULL, revenue_fen {int} NOT NULL," \
	"  profit_fen {int} NOT NULL, export_fen {int} NOT NULL, rd_fen {int} NOT NULL, employees {int} NOT NULL," \
	"  mc_output_fen {int} NOT NULL, mc_revenue_fen {int} NOT NULL, mc_profit_fen {int} NOT NULL," \
	"  mc_export_fen {int} NOT NULL, mc_rd_fen {int} NOT NULL, mc_employees {int} NOT NULL," \
	"  mp_output_fen {int} NOT NULL, mp_revenue_fen {int} NOT NULL, mp_profit_fen {int} NOT NULL," \
	"  mp_export_fen {int} NOT NULL, mp_rd_fen {int} NOT NULL, mp_employees {int} NOT NULL," \
	"  PRIMARY KEY (dim, month, division, \"key\"))"
#define TARGET_SUMS_TABLE \
	"CREATE TABLE target_sums (target_id {int} NOT NULL, month {text} NOT NULL, known {text} NOT NULL," \
	"  prefecture {text} NOT NULL, reporting {int} NOT NULL, value {int} NOT NULL," \
	"  PRIMARY KEY (target_id, month, known, prefecture))"

/* The statistics summaries (db/summary_store.h): what the aggregate and the scorecard read
 * instead of the rows. Each revision keeps the calendar day it was made on and the change of
 * each figure, so the figures as they stood at the end of any month can be summed; existing
 * revisions take the day of their time and their change from the JSON they kept. */
static const struct step migration_9[] = {
	{ NULL,
	"ALTER TABLE statistics_revisions ADD COLUMN on_day {text} NOT NULL DEFAULT '';\n"
	"ALTER TABLE statistics_revisions ADD COLUMN d_output_fen {int} NOT NULL DEFAULT 0;\n"
	"ALTER TABLE statistics_revisions ADD COLUMN d_revenue_fen {int} NOT NULL DEFAULT 0;\n"
	"ALTER TABLE statistics_revisions ADD COLUMN d_profit_fen {int} NOT NULL DEFAULT 0;\n"
	"ALTER TABLE statistics_revisions ADD COLUMN d_export_fen {int} NOT NULL DEFAULT 0;\n"
	"ALTER TABLE statistics_revisions ADD COLUMN d_rd_fen {int} NOT NULL DEFAULT 0;\n"
	"ALTER TABLE statistics_revisions ADD COLUMN d_employees {int} NOT NULL DEFAULT 0;\n" },
	/* Read by ranges of their keys: on SQLite the rows are stored in key order (no rowid). */
	{ "sqlite", SUMS_TABLE " WITHOUT ROWID;\n" TARGET_SUMS_TABLE " WITHOUT ROWID;\n" },
	{ "postgres", SUMS_TABLE ";\n" TARGET_SUMS_TABLE ";\n" },
	{ "sqlite",
	"UPDATE statistics_revisions SET on_day = substr(at, 1, 10),"
	" d_output_fen = coalesce(json_extract(after_json, '$.output_fen') - json_extract(before_json, '$.output_fen'), 0),"
	" d_revenue_fen = coalesce(json_extract(after_json, '$.revenue_fen') - json_extract(before_json, '$.revenue_fen'), 0),"
	" d_profit_fen = coalesce(json_extract(after_json, '$.profit_fen') - json_extract(before_json, '$.profit_fen'), 0),"
	" d_export_fen = coalesce(json_extract(after_json, '$.export_fen') - json_extract(before_json, '$.export_fen'), 0),"
	" d_rd_fen = coalesce(json_extract(after_json, '$.rd_fen') - json_extract(before_json, '$.rd_fen'), 0),"
	" d_employees = coalesce(json_extract(after_json, '$.employees') - json_extract(before_json, '$.employees'), 0);\n" },
	{ "postgres",
	"UPDATE statistics_revisions SET on_day = to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD'),"
	" d_output_fen = coalesce((after_json::json->>'output_fen')::bigint - (before_json::json->>'output_fen')::bigint, 0),"
	" d_revenue_fen = coalesce((after_json::json->>'revenue_fen')::bigint - (before_json::json->>'revenue_fen')::bigint, 0),"
	" d_profit_fen = coalesce((after_json::json->>'profit_fen')::bigint - (before_json::json->>'profit_fen')::bigint, 0),"
	" d_export_fen = coalesce((after_json::json->>'export_fen')::bigint - (before_json::json->>'export_fen')::bigint, 0),"
	" d_rd_fen = coalesce((after_json::json->>'rd_fen')::bigint - (before_json::json->>'rd_fen')::bigint, 0),"
	" d_employees = coalesce((after_json::json->>'employees')::bigint - (before_json::json->>'employees')::bigint, 0);\n" },
	{ NULL, NULL },
};

/* What a migration does in C after its SQL: fill what its new tables summarise. */
static const struct {
	int version;
	int (*run)(struct db *db, struct err *e);
} migration_code[] = {
	{ 9, summary_store_rebuild },
};

static const struct step *const migrations[] = {
	migration_1,
	migration_2,
	migration_3,
	migration_4,
	migration_5,
	migration_6,
	migration_7,
	migration_8,
	migration_9,
};

const struct schema_table schema_tables[] = {
	{ "settings", "key" },
	{ "divisions", "parent IS NOT NULL, length(code), code" },
	{ "industries", "parent IS NOT NULL, length(code), code" },
	{ "fields", "code" },
	{ "bases", "code" },
	{ "departments", "code" },
	{ "enterprises", "id" },
	{ "enterprise_fields", "enterprise_id, field" },
	{ "users", "id" },
	{ "sessions", "token_hash" },
	{ "login_throttle", "key" },
	{ "project_categories", "code" },
	{ "policy_items", "code" },
	{ "projects", "id" },
	{ "project_funding", "project_id, source" },
	{ "project_plan", "project_id, year" },
	{ "project_milestones", "id" },
	{ "project_events", "id" },
	{ "project_reports", "project_id, month" },
	{ "project_report_revisions", "id" },
	{ "project_changes", "id" },
	{ "project_attachments", "id" },
	{ "policies", "id" },
	{ "policy_measures", "id" },
	{ "policy_targets", "id" },
	{ "policy_measure_targets", "measure_id, target_id" },
	{ "target_entries", "id" },
	{ "tasks", "id" },
	{ "task_updates", "id" },
	{ "statistics", "enterprise_id, month" },
	{ "statistics_revisions", "id" },
	{ "statistics_sums", "dim, month, division, \"key\"" },
	{ "target_sums", "target_id, month, known, prefecture" },
	{ "audit", "id" },
	{ NULL, NULL },
};

static const struct step wipe[] = {
	{ "sqlite",
	"DROP TRIGGER audit_no_delete;\n"
	"DELETE FROM project_attachments; DELETE FROM project_changes;\n"
	"DELETE FROM statistics_sums; DELETE FROM target_sums;\n"
	"DELETE FROM statistics_revisions; DELETE FROM statistics;\n"
	"DELETE FROM task_updates; DELETE FROM tasks; DELETE FROM target_entries;\n"
	"DELETE FROM policy_measure_targets; DELETE FROM policy_targets; DELETE FROM policy_measures;\n"
	"DELETE FROM policies;\n"
	"DELETE FROM project_report_revisions; DELETE FROM project_reports; DELETE FROM project_events;\n"
	"DELETE FROM project_report_years;\n"
	"DELETE FROM project_milestones; DELETE FROM project_plan; DELETE FROM project_funding;\n"
	"DELETE FROM projects; DELETE FROM policy_items; DELETE FROM project_categories;\n"
	"DELETE FROM audit; DELETE FROM login_throttle; DELETE FROM sessions; DELETE FROM users;\n"
	"DELETE FROM enterprise_fields; DELETE FROM enterprises; DELETE FROM departments;\n"
	"DELETE FROM bases; DELETE FROM fields; DELETE FROM industries; DELETE FROM divisions;\n"
	"DELETE FROM settings;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
	"BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;\n" },
	/* TRUNCATE fires no DELETE trigger: the audit guard stays as it is. */
	{ "postgres",
	"TRUNCATE statistics_sums, target_sums, statistics_revisions, statistics, task_updates, tasks, target_entries, policy_measure_targets, policy_targets, "
	"policy_measures, policies, project_attachments, project_changes, project_report_years, "
	"project_report_revisions, project_reports, project_events, project_milestones, "
	"project_plan, project_funding, projects, policy_items, project_categories, "
	"audit, login_throttle, sessions, users, enterprise_fields, enterprises, departments, "
	"bases, fields, industries, divisions, settings RESTART IDENTITY;\n" },
	{ NULL, NULL },
};

static const struct step after_copy[] = {
	/* The triggers filled project_report_years row by row during the copy (on PostgreSQL
	 * leaving ten dead versions of each row); written again in one statement it is compact. */
	{ "sqlite", "DELETE FROM project_report_years;\n" },
	{ "postgres", "TRUNCATE project_report_years;\n" },
	{ NULL, "INSERT INTO project_report_years " YEARS_COLS " " YEARS_OF_REPORTS " GROUP BY project_id, substr(month, 1, 4);\n" },
	{ "postgres",
	"SELECT setval(pg_get_serial_sequence('enterprises', 'id'), coalesce(max(id), 0) + 1, false) FROM enterprises;\n"
	"SELECT setval(pg_get_serial_sequence('users', 'id'), coalesce(max(id), 0) + 1, false) FROM users;\n"
	"SELECT setval(pg_get_serial_sequence('audit', 'id'), coalesce(max(id), 0) + 1, false) FROM audit;\n"
	"SELECT setval(pg_get_serial_sequence('projects', 'id'), coalesce(max(id), 0) + 1, false) FROM projects;\n"
	"SELECT setval(pg_get_serial_sequence('project_milestones', 'id'), coalesce(max(id), 0) + 1, false) FROM project_milestones;\n"
	"SELECT setval(pg_get_serial_sequence('project_events', 'id'), coalesce(max(id), 0) + 1, false) FROM project_events;\n"
	"SELECT setval(pg_get_serial_sequence('project_report_revisions', 'id'), coalesce(max(id), 0) + 1, false) FROM project_report_revisions;\n"
	"SELECT setval(pg_get_serial_sequence('project_changes', 'id'), coalesce(max(id), 0) + 1, false) FROM project_changes;\n"
	"SELECT setval(pg_get_serial_sequence('project_attachments', 'id'), coalesce(max(id), 0) + 1, false) FROM project_attachments;\n"
	"SELECT setval(pg_get_serial_sequence('policies', 'id'), coalesce(max(id), 0) + 1, false) FROM policies;\n"
	"SELECT setval(pg_get_serial_sequence('policy_measures', 'id'), coalesce(max(id), 0) + 1, false) FROM policy_measures;\n"
	"SELECT setval(pg_get_serial_sequence('policy_targets', 'id'), coalesce(max(id), 0) + 1, false) FROM policy_targets;\n"
	"SELECT setval(pg_get_serial_sequence('target_entries', 'id'), coalesce(max(id), 0) + 1, false) FROM target_entries;\n"
	"SELECT setval(pg_get_serial_sequence('tasks', 'id'), coalesce(max(id), 0) + 1, false) FROM tasks;\n"
	"SELECT setval(pg_get_serial_sequence('task_updates', 'id'), coalesce(max(id), 0) + 1, false) FROM task_updates;\n"
	"SELECT setval(pg_get_serial_sequence('statistics_revisions', 'id'), coalesce(max(id), 0) + 1, false) FROM statistics_revisions;\n" },
	{ NULL, NULL },
};

static const struct step optimize[] = {
	{ "sqlite", "PRAGMA optimize;" },
	{ "postgres", "VACUUM ANALYZE;" },
	{ NULL, NULL },
};

static int run_migration(struct db *db, const struct step *steps, struct err *e);

int schema_optimize(struct db *db, struct err *e)
{
	return run_migration(db, optimize, e);
}

int schema_wipe(struct db *db, struct err *e)
{
	return run_migration(db, wipe, e);
}

int schema_after_copy(struct db *db, struct err *e)
{
	return run_migration(db, after_copy, e);
}

int schema_latest(void)
{
	return (int)ARRAY_SIZE(migrations);
}

static const char sql_version[] = "SELECT coalesce(max(version), 0) FROM schema_version";
static const char sql_record[] = "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)";

int schema_current(struct db *db, struct err *e)
{
	int has = db_table_exists(db, "schema_version", e);
	if (has <= 0)
		return has;
	struct db_stmt *st = db_prepare(db, sql_version);
	if (db_step(st, e) != DB_ROW)
		return -1;
	int v = (int)db_col_int(st, 0);
	db_reset(st);
	return v;
}

static int run_migration(struct db *db, const struct step *steps, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	int rc = 0;
	for (; !rc && steps->sql; steps++) {
		if (steps->engine && strcmp(steps->engine, db_engine(db)))
			continue;
		db_translate_ddl(db, steps->sql, &sql);
		rc = db_exec_script(db, sql.buf, e);
	}
	strbuf_release(&sql);
	return rc;
}

int schema_migrate(struct db *db, int *applied, struct err *e)
{
	struct strbuf sql = STRBUF_INIT;
	*applied = 0;
	db_translate_ddl(db, "CREATE TABLE IF NOT EXISTS schema_version ("
	                     "version {int} PRIMARY KEY, applied_at {ts} NOT NULL)", &sql);
	int rc = db_exec_script(db, sql.buf, e);
	strbuf_release(&sql);
	if (rc)
		return -1;
	int cur = schema_current(db, e);
	if (cur < 0)
		return -1;
	if (cur > schema_latest())
		return err_setf(e, ERR_UNPROCESSABLE, "db",
		                "database schema %d is newer than this luoshi (%d)", cur, schema_latest());
	for (int v = cur + 1; v <= schema_latest(); v++) {
		char at[21];
		time_iso8601(now_seconds(), at);
		if (db_begin_write(db, e))
			return -1;
		if (run_migration(db, migrations[v - 1], e))
			goto fail;
		for (size_t i = 0; i < ARRAY_SIZE(migration_code); i++)
			if (migration_code[i].version == v && migration_code[i].run(db, e))
				goto fail;
		struct db_stmt *st = db_prepare(db, sql_record);
		db_bind_int(st, 1, v);
		db_bind_text(st, 2, at);
		if (db_exec_stmt(st, e) || db_commit(db, e))
			goto fail;
		(*applied)++;
	}
	return 0;
fail:
	db_rollback(db);
	return -1;
}
